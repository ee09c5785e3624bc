import Foundation

/// Canonical form of article text, so that one story typed with smart or straight quotes,
/// em dashes or double hyphens, non-breaking or ordinary spaces fingerprints identically.
///
/// The rules, applied in this order:
/// 1. Unicode NFKC, then case folding (full folding: "Straße" → "strasse"), then NFKC again;
/// 2. curly quotes, primes and guillemets become `'` or `"`; every dash and minus sign becomes `-`,
///    and a run of dashes becomes one `-`; an ellipsis becomes `...`;
/// 3. soft hyphens and zero-width characters are dropped; every run of white space becomes one space;
///    leading and trailing space is removed.
///
/// Fast paths keep this cheap: ASCII is lower-cased byte by byte, and a non-ASCII character that the
/// mapping table covers or that NFKC case folding leaves alone is handled in place. Only a word
/// holding some other character (an upper-case accented letter, a combining mark, a ligature) goes
/// through Foundation's normalisation.
public enum TextNormalizer {
    /// Returns the normalised form of `text`.
    public static func normalize(_ text: String) -> String {
        var buffer = ByteBuffer(capacity: text.utf8.count + 16)
        append(text, to: &buffer)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    /// Appends the normalised UTF-8 form of `text` to `output`.
    ///
    /// Output already in `output` is left alone; the appended part has no leading or trailing space.
    /// - Complexity: O(*n*) in the UTF-8 length of `text`.
    public static func append(_ text: String, to output: inout [UInt8]) {
        var buffer = ByteBuffer(capacity: text.utf8.count + 16)
        append(text, to: &buffer)
        output.append(contentsOf: buffer.bytes)
    }

    @usableFromInline @inline(__always)
    static func append(_ text: String, to output: inout ByteBuffer) {
        // Native strings lend their UTF-8 directly, without the copy (and retain) of `withUTF8`.
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { append(utf8: $0, to: &output) }
        if done == nil {
            var copy = text
            copy.withUTF8 { append(utf8: $0, to: &output) }
        }
    }

    /// The pass over UTF-8 input (invalid sequences become U+FFFD).
    ///
    /// The ASCII loop writes through a raw pointer into capacity reserved up front: the fast paths never
    /// make text longer, so only the slow path (Foundation) can need more room, and it grows the buffer.
    @usableFromInline
    static func append(utf8 input: UnsafeBufferPointer<UInt8>, to output: inout ByteBuffer, vectorized: Bool = true) {
        guard let source = input.baseAddress else { return }
        let count = input.count
        output.reserve(output.count + count + 1)
        let start = output.count
        var out = output.storage
        var n = start
        var index = skipSpace(input, from: 0)
        var wordStart = index  // input offset where the current white-space-delimited word began
        var wordOutputStart = n
        var resume = 0  // no eight-byte steps before here: a byte ahead needs the byte-by-byte rules
        while index < count {
            if vectorized && index >= resume && index &+ 8 <= count {
                // Eight plain ASCII bytes at a time: no control characters, no dashes, no double spaces.
                // (Other control characters would pass unchanged, but are left to the byte-by-byte rules,
                // which write them unchanged too.) Output and input advance together here, so only the
                // input side of the word start is tracked, and few values stay live in the loop.
                let shift = n &- index
                var previous: UInt64 = n == start || out[n &- 1] == 0x20 ? 0x80 : 0  // space just written
                var word = wordStart
                while index &+ 8 <= count {
                    let chunk = SWAR.load(source + index)
                    let spaces = SWAR.asciiEqual(chunk, 0x20)
                    let doubled = spaces & (spaces << 8 | previous)
                    let nonASCII = SWAR.nonASCII(chunk)
                    let awkward =
                        nonASCII != 0
                        ? nonASCII : SWAR.asciiAtMost(chunk, 0x1F) | SWAR.asciiEqual(chunk, 0x2D) | doubled
                    if awkward != 0 {
                        // Up to the first awkward byte, the byte-by-byte rules take over.
                        resume = index &+ (awkward.trailingZeroBitCount >> 3) &+ 1
                        break
                    }
                    SWAR.store(chunk | (SWAR.asciiInRange(chunk, 0x41, 0x5A) >> 2), out + (index &+ shift))
                    let afterSpace = index &+ ((63 &- spaces.leadingZeroBitCount) >> 3) &+ 1
                    word = spaces != 0 ? afterSpace : word
                    previous = spaces >> 56
                    index &+= 8
                }
                n = index &+ shift
                if word != wordStart {
                    wordStart = word
                    wordOutputStart = word &+ shift
                }
                if index == count { break }
            }
            let byte = source[index]
            if byte < 0x80 {
                if byte == 0x20 || (byte &- 0x09) < 5 {
                    // Usually one space before an ASCII character; runs and exotic spaces take the long way.
                    let next = index &+ 1
                    if next < count, source[next] < 0x80, !isASCIISpace(source[next]) {
                        index = next
                    } else {
                        index = skipSpace(input, from: index)
                    }
                    if index < count && n > start && out[n &- 1] != 0x20 {
                        out[n] = 0x20
                        n &+= 1
                    }
                    wordStart = index
                    wordOutputStart = n
                    continue
                }
                let lower = (byte &- 0x41) < 26 ? byte | 0x20 : byte
                if lower != 0x2D || n == start || out[n &- 1] != 0x2D {
                    out[n] = lower
                    n &+= 1
                }
                index &+= 1
                continue
            }
            let (scalar, length) = Tokenizer.decodeScalar(input, at: index)
            switch mapping(of: scalar.value) {
            case .space:
                index = skipSpace(input, from: index)
                if index < count && n > start && out[n &- 1] != 0x20 {
                    out[n] = 0x20
                    n &+= 1
                }
                wordStart = index
                wordOutputStart = n
                continue
            case .drop:
                break
            case .ascii(let replacement):
                if replacement != 0x2D || n == start || out[n &- 1] != 0x2D {
                    out[n] = replacement
                    n &+= 1
                }
            case .repeated(let replacement, let times):
                for _ in 0..<times {
                    out[n] = replacement
                    n &+= 1
                }
            case .keep where isStable(scalar):
                (out + n).update(from: source + index, count: length)
                n &+= length
            case .keep:
                // Renormalise the whole word, so that marks compose with the letters before them.
                var end = index
                while end < count, !(source[end] < 0x80 && isASCIISpace(source[end])) { end &+= 1 }
                output.count = wordOutputStart
                slowWord(UnsafeBufferPointer(rebasing: input[wordStart..<end]), to: &output, start: start)
                output.reserve(output.count + (count - end) + 1)
                out = output.storage
                n = output.count
                index = end
                continue
            }
            index &+= length
        }
        while n > start && out[n &- 1] == 0x20 { n &-= 1 }  // a slow-path word may end in space
        output.count = n
    }

    /// Index of the first byte at or after `index` that is neither white space nor an invisible
    /// character.
    @usableFromInline
    static func skipSpace(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < input.count {
            let byte = input[index]
            if byte < 0x80 {
                if isASCIISpace(byte) {
                    index &+= 1
                    continue
                }
                return index
            }
            let (scalar, length) = Tokenizer.decodeScalar(input, at: index)
            switch mapping(of: scalar.value) {
            case .space, .drop: index &+= length
            default: return index
            }
        }
        return index
    }

    /// True when NFKC case folding leaves `scalar` alone and it cannot compose with its neighbours.
    @usableFromInline @inline(__always)
    static func isStable(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < ScalarTable.limit { return ScalarTable.entries[Int(value)] & ScalarTable.stable != 0 }
        return computeIsStable(scalar)
    }

    /// ``isStable(_:)`` from the Unicode properties.
    @usableFromInline
    static func computeIsStable(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value == 0xFFFD { return true }
        if (0x1100...0x11FF).contains(value) || (0x3130...0x318F).contains(value) { return false }  // jamo
        let properties = scalar.properties
        return !properties.changesWhenNFKCCaseFolded && properties.canonicalCombiningClass.rawValue == 0
    }

    /// The slow path: Foundation NFKC, case folding, NFKC, then the mapping table.
    @usableFromInline
    static func slowWord(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout ByteBuffer, start: Int) {
        let word = String(decoding: bytes, as: UTF8.self)
        let folded = word.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCompatibilityMapping
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            let value = scalar.value
            let mapping: Mapping =
                value < 0x80 ? (isASCIISpace(UInt8(value)) ? .space : .ascii(UInt8(value))) : Self.mapping(of: value)
            if case .space = mapping {
                if output.count > start { pendingSpace = true }
                continue
            }
            if case .drop = mapping { continue }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            switch mapping {
            case .drop, .space: continue
            case .ascii(let byte): writeASCII(byte, to: &output, start: start)
            case .repeated(let byte, let times): for _ in 0..<times { writeASCII(byte, to: &output, start: start) }
            case .keep: UTF8.encode(scalar) { output.append($0) }
            }
        }
    }

    @usableFromInline @inline(__always)
    static func writeASCII(_ byte: UInt8, to output: inout ByteBuffer, start: Int) {
        if byte >= 0x41 && byte <= 0x5A {
            output.append(byte | 0x20)
        } else if byte == 0x2D {
            if output.count == start || output.last != 0x2D { output.append(byte) }
        } else {
            output.append(byte)
        }
    }

    @inlinable @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte &- 0x09) < 5
    }

    @usableFromInline
    enum Mapping {
        case keep, drop, space
        case ascii(UInt8)
        case repeated(UInt8, Int)
    }

    /// How a non-ASCII scalar is written.
    @usableFromInline @inline(__always)
    static func mapping(of value: UInt32) -> Mapping {
        switch value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x2035, 0x02BC, 0x02B9, 0x00B4, 0xFF07:
            return .ascii(0x27)
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x2036, 0x00AB, 0x00BB, 0x02BA, 0xFF02:
            return .ascii(0x22)
        case 0x2010...0x2015, 0x2212, 0x2E3A, 0x2E3B, 0xFE58, 0xFE63, 0xFF0D:
            return .ascii(0x2D)
        case 0x2026:
            return .repeated(0x2E, 3)
        case 0x00A0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0x0085:
            return .space
        case 0x00AD, 0x200B...0x200D, 0x2060, 0xFEFF:
            return .drop
        default:
            return .keep
        }
    }
}
