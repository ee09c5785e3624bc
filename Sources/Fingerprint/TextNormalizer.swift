import Foundation

/// Canonical form of article text, so that one story typed with smart or straight quotes,
/// em dashes or double hyphens, non-breaking or ordinary spaces fingerprints identically.
///
/// The rules, applied in this order:
/// 1. Unicode NFKC, then case folding (full folding: "Straße" → "strasse"), then NFKC again;
/// 2. curly quotes, primes and guillemets become `'` or `"`; every dash and minus sign becomes `-`,
///    and a run of dashes becomes one `-`;
/// 3. soft hyphens and zero-width characters are dropped; every run of white space becomes one space;
///    leading and trailing space is removed.
///
/// Pure ASCII words take a byte-level fast path; a word holding any other character goes through
/// Foundation's normalisation, so the cost of full Unicode handling is paid only where it is needed.
public enum TextNormalizer {
    /// Returns the normalised form of `text`.
    public static func normalize(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the normalised UTF-8 form of `text` to `output`.
    ///
    /// Output already in `output` is left alone; the appended part has no leading or trailing space.
    /// - Complexity: O(*n*) in the UTF-8 length of `text`.
    public static func append(_ text: String, to output: inout [UInt8]) {
        var copy = text
        copy.withUTF8 { append(utf8: $0, to: &output) }
    }

    /// Appends the normalised form of the UTF-8 bytes `input` (invalid sequences become U+FFFD).
    public static func append(utf8 input: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var writer = Writer(output: output, start: output.count)
        output = []
        var index = 0
        var wordStart = 0  // input offset where the current word began
        var wordOutputStart = writer.output.count
        var inWord = false
        let count = input.count
        while index < count {
            let byte = input[index]
            if byte < 0x80 {
                if isASCIISpace(byte) {
                    inWord = false
                    writer.space()
                } else {
                    if !inWord {
                        inWord = true
                        writer.flushSpace()
                        wordStart = index
                        wordOutputStart = writer.output.count
                    }
                    writer.ascii(byte)
                }
                index += 1
                continue
            }
            // A non-ASCII byte: normalise the whole word it belongs to through the slow path, so that
            // combining marks compose with the letters before them.
            if !inWord {
                writer.flushSpace()
                wordStart = index
                wordOutputStart = writer.output.count
            }
            writer.truncate(to: wordOutputStart)
            var end = index
            while end < count, !(input[end] < 0x80 && isASCIISpace(input[end])) { end += 1 }
            writer.unicodeWord(UnsafeBufferPointer(rebasing: input[wordStart..<end]))
            inWord = false
            index = end
        }
        output = writer.finish()
    }

    @inlinable @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Accumulates normalised output with the white-space and dash rules.
    struct Writer {
        var output: [UInt8]
        let start: Int
        var pendingSpace = false

        init(output: [UInt8], start: Int) {
            self.output = output
            self.start = start
        }

        mutating func space() {
            if output.count > start { pendingSpace = true }
        }

        mutating func flushSpace() {
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
        }

        mutating func truncate(to length: Int) {
            if output.count > length { output.removeSubrange(length...) }
        }

        mutating func ascii(_ byte: UInt8) {
            flushSpace()
            if byte >= 0x41 && byte <= 0x5A {
                output.append(byte | 0x20)
            } else if byte == 0x2D {
                if output.last != 0x2D { output.append(byte) }
            } else {
                output.append(byte)
            }
        }

        mutating func unicodeWord(_ bytes: UnsafeBufferPointer<UInt8>) {
            let word = String(decoding: bytes, as: UTF8.self)
            let folded = word.precomposedStringWithCompatibilityMapping
                .folding(options: [.caseInsensitive], locale: nil)
                .precomposedStringWithCompatibilityMapping
            for scalar in folded.unicodeScalars {
                let value = scalar.value
                if value < 0x80 {
                    let byte = UInt8(value)
                    if isASCIISpace(byte) { space() } else { ascii(byte) }
                    continue
                }
                switch TextNormalizer.mapping(of: value) {
                case .drop:
                    continue
                case .space:
                    space()
                case .ascii(let byte):
                    ascii(byte)
                case .keep:
                    flushSpace()
                    UTF8.encode(scalar) { output.append($0) }
                }
            }
        }

        mutating func finish() -> [UInt8] {
            output
        }
    }

    enum Mapping {
        case keep, drop, space
        case ascii(UInt8)
    }

    /// How a non-ASCII scalar (after NFKC and case folding) is written.
    static func mapping(of value: UInt32) -> Mapping {
        switch value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x2035, 0x02BC, 0x02B9, 0x00B4, 0x0060:
            return .ascii(0x27)
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x2036, 0x00AB, 0x00BB, 0x02BA:
            return .ascii(0x22)
        case 0x2010...0x2015, 0x2212, 0x2E3A, 0x2E3B, 0xFE58, 0xFE63, 0xFF0D:
            return .ascii(0x2D)
        case 0x00A0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0x0085:
            return .space
        case 0x00AD, 0x200B...0x200D, 0x2060, 0xFEFF:
            return .drop
        default:
            return .keep
        }
    }
}
