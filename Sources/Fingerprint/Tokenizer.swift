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
    @inlinable
    public static func appendWordHashes(
        in bytes: UnsafeBufferPointer<UInt8>,
        seed: UInt64,
        to hashes: inout [UInt64],
        overread: Bool = false
    ) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        if overread {
            index = appendASCIIWordHashes(base: base, count: count, seed: seed, to: &hashes)
            if index >= count { return }
        }
        while index < count {
            // Separators: ASCII punctuation and spaces.
            var byte = base[index]
            while byte < 0x80 && !isASCIIWordByte(byte) {
                index &+= 1
                if index == count { return }
                byte = base[index]
            }
            let start = index
            if byte < 0x80 {
                // The common case: an ASCII word.
                repeat { index &+= 1 } while index < count && isASCIIWordByte(base[index])
                if index == count || base[index] < 0x80 {
                    hashes.append(WordHash.hash(base + start, count: index &- start, seed: seed, overread: overread))
                    continue
                }
            }
            // A word with other characters, or a standalone ideograph: the general rules.
            index = start
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
                hashes.append(
                    WordHash.hash(base + wordStart, count: index &- wordStart, seed: seed, overread: overread)
                )
            }
        }
    }

    /// Word hashes eight bytes at a time while the text is ASCII; returns where it stopped (the start of
    /// a word holding other characters, or `count`). Reads up to 8 bytes past `count`.
    @inlinable
    static func appendASCIIWordHashes(
        base: UnsafePointer<UInt8>,
        count: Int,
        seed: UInt64,
        to hashes: inout [UInt64]
    ) -> Int {
        @inline(__always) func wordBytes(_ chunk: UInt64) -> UInt64 {
            (SWAR.inRange(chunk, 0x61, 0x7A) | SWAR.inRange(chunk, 0x30, 0x39)) & ~SWAR.nonASCII(chunk)
        }
        var index = 0
        while index < count {
            // Find the next word byte (or non-ASCII byte).
            var chunk = SWAR.load(base + index) & SWAR.firstBytes(count &- index)
            var interesting = wordBytes(chunk) | SWAR.nonASCII(chunk)
            while interesting == 0 {
                index &+= 8
                if index >= count { return count }
                chunk = SWAR.load(base + index) & SWAR.firstBytes(count &- index)
                interesting = wordBytes(chunk) | SWAR.nonASCII(chunk)
            }
            index &+= interesting.trailingZeroBitCount >> 3
            if index >= count { return count }
            if base[index] >= 0x80 { return index }
            // Find the end of the word.
            let start = index
            while true {
                chunk = SWAR.load(base + index)
                let valid = SWAR.firstBytes(count &- index)
                let others = ~wordBytes(chunk) & SWAR.highs & valid | ~valid & SWAR.highs
                if others != 0 {
                    index &+= others.trailingZeroBitCount >> 3
                    break
                }
                index &+= 8
            }
            if index > count { index = count }
            if index < count && base[index] >= 0x80 { return start }  // the word goes on in other script
            hashes.append(WordHash.hash(base + start, count: index &- start, seed: seed, overread: true))
        }
        return count
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
            tail = chunk & (UInt64.max >> UInt64(64 &- 8 &* rest))
        } else {
            for index in 0..<rest { tail |= UInt64(bytes[offset &+ index]) << UInt64(8 &* index) }
        }
        h = (h ^ tail) &* XXHash64.prime1
        return h ^ (h >> 29)
    }
}
