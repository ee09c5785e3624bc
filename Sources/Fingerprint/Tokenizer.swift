/// Splits normalised text into words: maximal runs of letters, digits and combining marks.
///
/// Punctuation and white space separate words ("party's" → "party", "s"). Han ideographs and kana
/// have no spaces between words, so each of them is a word of its own, as most search engines do.
public enum Tokenizer {
    /// Calls `body` with the byte range of every word in `bytes` (normalised UTF-8), in order.
    /// - Complexity: O(*n*) in the number of bytes.
    @inlinable
    public static func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        var wordStart = -1
        while index < count {
            let byte = base[index]
            if byte < 0x80 {
                if isASCIIWordByte(byte) {
                    if wordStart < 0 { wordStart = index }
                } else if wordStart >= 0 {
                    body(wordStart..<index)
                    wordStart = -1
                }
                index &+= 1
                continue
            }
            let (scalar, length) = decodeScalar(bytes, at: index)
            switch wordClass(of: scalar) {
            case .word:
                if wordStart < 0 { wordStart = index }
            case .standalone:
                if wordStart >= 0 { body(wordStart..<index) }
                body(index..<(index + length))
                wordStart = -1
            case .separator:
                if wordStart >= 0 {
                    body(wordStart..<index)
                    wordStart = -1
                }
            }
            index &+= length
        }
        if wordStart >= 0 { body(wordStart..<count) }
    }

    /// Appends the hash of every word in `bytes` (normalised UTF-8) to `hashes`, in order: the words
    /// ``forEachWord(in:_:)`` finds, hashed by ``WordHash``.
    /// - Parameter overread: the memory after `bytes` is readable for 8 more bytes (lets the hash load
    ///   whole 64-bit words); the result is the same either way.
    /// - Complexity: O(*n*) in the number of bytes.
    public static func appendWordHashes(
        in bytes: UnsafeBufferPointer<UInt8>,
        seed: UInt64,
        to hashes: inout [UInt64],
        overread: Bool = false
    ) {
        var buffer = HashBuffer(capacity: bytes.count / 2 + 1)
        appendWordHashes(in: bytes, seed: seed, to: &buffer, overread: overread)
        hashes.append(contentsOf: buffer.values)
    }

    /// Appends the hash of every word in `bytes` to `hashes`: ASCII runs 64 bytes at a time (with
    /// `overread`), everything else by the general rules.
    @inlinable
    static func appendWordHashes(
        in bytes: UnsafeBufferPointer<UInt8>,
        seed: UInt64,
        to hashes: inout HashBuffer,
        overread: Bool
    ) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        while index < count {
            if overread {
                index = appendASCIIWordHashes(base: base, from: index, count: count, seed: seed, to: &hashes)
                if index >= count { return }
            }
            // Back to the fast path after one stretch: it always ends at a word boundary.
            index = appendWordHashes(in: bytes, from: index, seed: seed, to: &hashes, overread: overread)
        }
    }

    /// Hashes the words of one stretch of `bytes` starting at `start`, outside any word: separators,
    /// then an ASCII word or a run of words by the general rules up to the next separator. Returns
    /// where the stretch ends (outside any word).
    @inlinable
    static func appendWordHashes(
        in bytes: UnsafeBufferPointer<UInt8>,
        from start: Int,
        seed: UInt64,
        to hashes: inout HashBuffer,
        overread: Bool
    ) -> Int {
        let base = bytes.baseAddress!
        let count = bytes.count
        var index = start
        // Separators: ASCII punctuation and spaces.
        var byte = base[index]
        while byte < 0x80 && !isASCIIWordByte(byte) {
            index &+= 1
            if index == count { return count }
            byte = base[index]
        }
        let wordBegin = index
        if byte < 0x80 {
            // The common case: an ASCII word.
            repeat { index &+= 1 } while index < count && isASCIIWordByte(base[index])
            if index == count || base[index] < 0x80 {
                hashes.append(
                    WordHash.hash(base + wordBegin, count: index &- wordBegin, seed: seed, overread: overread)
                )
                return index
            }
        }
        // A word with other characters, or a standalone ideograph: the general rules.
        index = wordBegin
        var wordStart = -1
        while index < count {
            let byte = base[index]
            if byte < 0x80 {
                if isASCIIWordByte(byte) {
                    if wordStart < 0 { wordStart = index }
                    index &+= 1
                    continue
                }
                break
            }
            let (scalar, length) = decodeScalar(bytes, at: index)
            let kind = wordClass(of: scalar)
            if kind == .word {
                if wordStart < 0 { wordStart = index }
                index &+= length
                continue
            }
            if wordStart >= 0 {
                hashes.append(
                    WordHash.hash(base + wordStart, count: index &- wordStart, seed: seed, overread: overread)
                )
                wordStart = -1
            }
            if kind == .standalone {
                hashes.append(WordHash.hash(base + index, count: length, seed: seed, overread: overread))
            }
            index &+= length
            if kind == .separator { break }
        }
        if wordStart >= 0 {
            hashes.append(WordHash.hash(base + wordStart, count: index &- wordStart, seed: seed, overread: overread))
        }
        return index
    }

    /// Word hashes of ASCII text from `start` (outside any word), 64 bytes at a time; returns where it
    /// stopped: `count`, or the start of the first word holding other characters (or the first such
    /// character when it stands outside a word). Reads up to 8 bytes past `count`.
    ///
    /// Each block of 64 bytes becomes a bit mask of its word bytes; a word starts at a 1 after a 0 and
    /// ends at a 0 after a 1, so the words are found with a few bit operations per word, without a
    /// branch per byte.
    @inlinable
    static func appendASCIIWordHashes(
        base: UnsafePointer<UInt8>,
        from start: Int,
        count: Int,
        seed: UInt64,
        to hashes: inout HashBuffer
    ) -> Int {
        // Words here are separated by at least one byte: room for all of them up front.
        hashes.reserve(hashes.count &+ (count &- start) / 2 &+ 1)
        let out = hashes.storage
        var written = hashes.count
        defer { hashes.count = written }
        var block = start
        var wordStart = -1  // a word running on from the previous block
        while block < count {
            var words: UInt64 = 0
            var bytes: UInt64 = 0
            if block &+ 64 <= count {
                for lane in 0..<8 {
                    let chunk = SWAR.load(base + (block &+ lane &* 8))
                    words |= SWAR.bitmask(wordBytes(chunk)) &<< (lane &* 8)
                    bytes |= chunk
                }
            } else {
                var offset = 0
                while block &+ offset < count {
                    let chunk = SWAR.load(base + (block &+ offset)) & SWAR.firstBytes(count &- block &- offset)
                    words |= SWAR.bitmask(wordBytes(chunk)) &<< offset
                    bytes |= chunk
                    offset &+= 8
                }
            }
            var stop = 64  // bytes from here on are left for the general rules
            if SWAR.nonASCII(bytes) != 0 {
                stop = 0
                while base[block &+ stop] < 0x80 { stop &+= 1 }
                words &= (1 &<< UInt64(stop)) &- 1
            }
            let before = words &<< 1 | (wordStart >= 0 ? 1 : 0)
            var starts = words & ~before
            var ends = ~words & before
            if stop < 64 { ends &= (1 &<< UInt64(stop)) &- 1 }  // a word running into other characters waits
            if wordStart >= 0 && ends != 0 {
                let end = block &+ ends.trailingZeroBitCount
                ends &= ends &- 1
                out[written] = WordHash.hash(base + wordStart, count: end &- wordStart, seed: seed, overread: true)
                written &+= 1
                wordStart = -1
            }
            while ends != 0 {
                let begin = block &+ starts.trailingZeroBitCount
                let end = block &+ ends.trailingZeroBitCount
                starts &= starts &- 1
                ends &= ends &- 1
                out[written] = WordHash.hash(base + begin, count: end &- begin, seed: seed, overread: true)
                written &+= 1
            }
            if starts != 0 { wordStart = block &+ starts.trailingZeroBitCount }
            if stop < 64 { return wordStart >= 0 ? wordStart : block &+ stop }
            block &+= 64
        }
        if wordStart >= 0 {
            out[written] = WordHash.hash(base + wordStart, count: count &- wordStart, seed: seed, overread: true)
            written &+= 1
        }
        return count
    }

    /// Word bytes (ASCII lower-case letters and digits) of eight bytes, as a ``SWAR`` mask; exact up to the
    /// first non-ASCII byte, which is all the caller uses.
    @inlinable @inline(__always)
    static func wordBytes(_ chunk: UInt64) -> UInt64 {
        SWAR.asciiInRange(chunk, 0x61, 0x7A) | SWAR.asciiInRange(chunk, 0x30, 0x39)
    }

    @inlinable @inline(__always)
    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte &- 0x61) < 26 || (byte &- 0x30) < 10
    }

    @usableFromInline
    enum WordClass { case word, standalone, separator }

    @usableFromInline
    static func wordClass(of scalar: Unicode.Scalar) -> WordClass {
        let value = scalar.value
        if value < ScalarTable.limit {
            let entry = ScalarTable.entries[Int(value)]
            return entry & ScalarTable.word != 0
                ? .word : entry & ScalarTable.standalone != 0 ? .standalone : .separator
        }
        return computeWordClass(of: scalar)
    }

    /// ``wordClass(of:)`` from the Unicode properties.
    @usableFromInline
    static func computeWordClass(of scalar: Unicode.Scalar) -> WordClass {
        let value = scalar.value
        if (0x3040...0x30FF).contains(value) || (0x31F0...0x31FF).contains(value) {
            return .standalone  // kana
        }
        let properties = scalar.properties
        if properties.isIdeographic { return .standalone }
        if properties.isAlphabetic || properties.numericType != nil { return .word }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return .word
        default:
            return .separator
        }
    }

    /// Decodes the scalar starting at `index`; a malformed sequence yields U+FFFD and length 1.
    @inlinable
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF:
            length = 2
            value = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            value = UInt32(lead & 0x0F)
        case 0xF0...0xF4:
            length = 4
            value = UInt32(lead & 0x07)
        default:
            return ("\u{FFFD}", 1)
        }
        guard index + length <= bytes.count else { return ("\u{FFFD}", 1) }
        for offset in 1..<length {
            let next = bytes[index + offset]
            guard next & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = (value << 6) | UInt32(next & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return ("\u{FFFD}", 1) }
        return (scalar, length)
    }
}

/// The hash of one word: its bytes taken 8 at a time (zero-padded), each chunk folded in by a
/// multiplication and an xor-shift. For words of up to 8 bytes — most words — this is a bijection of
/// the bytes, so two different short words never share a hash; shingle hashing mixes further.
public enum WordHash {
    /// Hashes `count` bytes at `bytes`. With `overread`, 8 bytes past the end must be readable.
    @inlinable @inline(__always)
    public static func hash(_ bytes: UnsafePointer<UInt8>, count: Int, seed: UInt64, overread: Bool) -> UInt64 {
        var h = seed ^ (UInt64(truncatingIfNeeded: count) &* XXHash64.prime2)
        var offset = 0
        while offset &+ 8 < count {
            h =
                (h ^ UInt64(littleEndian: UnsafeRawPointer(bytes + offset).loadUnaligned(as: UInt64.self)))
                &* XXHash64.prime1
            h ^= h >> 29
            offset &+= 8
        }
        let rest = count &- offset
        var tail: UInt64 = 0
        if overread {
            let chunk = UInt64(littleEndian: UnsafeRawPointer(bytes + offset).loadUnaligned(as: UInt64.self))
            tail = rest == 0 ? 0 : chunk & (UInt64.max &>> (64 &- 8 &* rest))
        } else {
            for index in 0..<rest { tail |= UInt64(bytes[offset &+ index]) << UInt64(8 &* index) }
        }
        h = (h ^ tail) &* XXHash64.prime1
        return h ^ (h >> 29)
    }
}
