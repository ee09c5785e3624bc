/// Splits normalised text into words: maximal runs of letters, digits and combining marks.
///
/// Punctuation and white space separate words ("party's" → "party", "s"). Han ideographs and kana
/// have no spaces between words, so each of them is a word of its own, as most search engines do.
public enum Tokenizer {
    /// Calls `body` with the byte range of every word in `bytes` (normalised UTF-8), in order.
    /// - Complexity: O(*n*) in the number of bytes.
    @inlinable
    public static func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        let count = bytes.count
        var index = 0
        var wordStart = -1
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if isASCIIWordByte(byte) {
                    if wordStart < 0 { wordStart = index }
                } else if wordStart >= 0 {
                    body(wordStart..<index)
                    wordStart = -1
                }
                index += 1
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
            index += length
        }
        if wordStart >= 0 { body(wordStart..<count) }
    }

    @inlinable @inline(__always)
    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
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
    @usableFromInline
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
        guard let scalar = Unicode.Scalar(value) else { return ("\u{FFFD}", 1) }
        return (scalar, length)
    }
}
