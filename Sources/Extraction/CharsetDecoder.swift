#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the bytes of a web page into UTF-8, whatever they were written in.
///
/// The charset is taken, in order of authority, from a byte-order mark, the transport (an HTTP
/// `Content-Type` header, or the knowledge that the page is already decoded text), and the page's own
/// `<meta charset>` or `<meta http-equiv="Content-Type">`; without any, UTF-8 when the bytes are valid
/// UTF-8, else windows-1252. Two lies are common and corrected: a page declared in any legacy charset
/// (Latin-1, windows-1252, gb2312 …) whose bytes are valid multi-byte UTF-8 is read as UTF-8, and a page
/// declared UTF-8 by the transport whose bytes are not UTF-8 follows its `<meta>` declaration. Invalid
/// bytes become U+FFFD.
public enum CharsetDecoder {
    /// The decoded page and the charset used.
    public struct Decoded: Sendable {
        public var utf8: [UInt8]
        public var charset: String
    }

    /// Decodes `bytes`; `transport` is the charset named outside the page, if any.
    public static func decode(_ bytes: [UInt8], transport: String? = nil) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return Decoded(utf8: utf8Repaired(bytes.dropFirst(3)), charset: "utf-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return Decoded(utf8: utf16(bytes.dropFirst(2), bigEndian: false), charset: "utf-16le")
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return Decoded(utf8: utf16(bytes.dropFirst(2), bigEndian: true), charset: "utf-16be")
        }
        let declared = transport.flatMap(canonicalLabel) ?? sniffMeta(bytes).flatMap(canonicalLabel)
        let validUTF8 = String(validating: bytes, as: UTF8.self) != nil
        switch declared {
        case "utf-8":
            if !validUTF8, transport != nil, let meta = sniffMeta(bytes).flatMap(canonicalLabel), meta != "utf-8" {
                return decode(bytes, as: meta)
            }
            return Decoded(utf8: validUTF8 ? bytes : utf8Repaired(bytes[...]), charset: "utf-8")
        case "utf-16le", "utf-16be":
            return decode(bytes, as: declared!)
        case let label?:
            // Text in a legacy charset is valid UTF-8 only by accident, and never over more than a few
            // bytes; pages re-encoded to UTF-8 often keep their old declaration (Latin-1, gb2312 …).
            if validUTF8 && bytes.contains(where: { $0 >= 0x80 }) { return Decoded(utf8: bytes, charset: "utf-8") }
            return decode(bytes, as: label)
        case nil:
            if validUTF8 { return Decoded(utf8: bytes, charset: "utf-8") }
            return Decoded(utf8: windows1252(bytes), charset: "windows-1252")
        }
    }

    static func decode(_ bytes: [UInt8], as label: String) -> Decoded {
        switch label {
        case "utf-8": return Decoded(utf8: utf8Repaired(bytes[...]), charset: label)
        case "windows-1252": return Decoded(utf8: windows1252(bytes), charset: label)
        case "utf-16le": return Decoded(utf8: utf16(bytes[...], bigEndian: false), charset: label)
        case "utf-16be": return Decoded(utf8: utf16(bytes[...], bigEndian: true), charset: label)
        default:
            if let converted = iconvToUTF8(bytes, from: label) { return Decoded(utf8: converted, charset: label) }
            let validUTF8 = String(validating: bytes, as: UTF8.self) != nil
            return validUTF8
                ? Decoded(utf8: bytes, charset: "utf-8") : Decoded(utf8: windows1252(bytes), charset: "windows-1252")
        }
    }

    /// The WHATWG name for common labels: Latin-1 and ASCII are read as windows-1252, as browsers do.
    static func canonicalLabel(_ raw: String) -> String? {
        let label = raw.trimmingQuotesAndSpace().lowercased()
        switch label {
        case "": return nil
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "utf-8"
        case "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii",
            "us-ascii", "iso_8859-1", "iso-ir-100", "cp819", "ibm819", "iso88591":
            return "windows-1252"
        case "utf-16", "utf-16le", "unicode": return "utf-16le"
        case "utf-16be": return "utf-16be"
        default: return label
        }
    }

    /// The charset a page declares in a `<meta>` element within its first 4 KiB.
    public static func sniffMeta(_ bytes: [UInt8]) -> String? {
        let window = Array(bytes.prefix(4096)).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let needle = Array("charset".utf8)
        var index = 0
        while let found = firstIndex(of: needle, in: window, from: index) {
            index = found + needle.count
            // Only inside a <meta ...> tag.
            guard let open = window[..<found].lastIndex(of: UInt8(ascii: "<")),
                window[open...].starts(with: Array("<meta".utf8)),
                !window[open..<found].contains(UInt8(ascii: ">"))
            else { continue }
            var cursor = index
            while cursor < window.count, window[cursor] == 0x20 { cursor += 1 }
            guard cursor < window.count, window[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < window.count, window[cursor] == 0x20 || window[cursor] == 0x22 || window[cursor] == 0x27 {
                cursor += 1
            }
            let start = cursor
            while cursor < window.count,
                !(window[cursor] == 0x20 || window[cursor] == 0x22 || window[cursor] == 0x27 || window[cursor] == 0x3B
                    || window[cursor] == 0x3E || window[cursor] == 0x2F && cursor > start + 40)
            {
                cursor += 1
            }
            if cursor > start { return String(decoding: window[start..<cursor], as: UTF8.self) }
        }
        return nil
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    static func utf8Repaired(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        if let valid = String(validating: bytes, as: UTF8.self) { return Array(valid.utf8) }
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    /// Windows-1252 code points of bytes 0x80–0x9F (0 where the byte is undefined: it becomes U+FFFD).
    static let high1252: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    static func windows1252(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
                continue
            }
            var value = UInt32(byte)
            if byte < 0xA0 {
                let mapped = high1252[Int(byte - 0x80)]
                value = mapped == 0 ? 0xFFFD : UInt32(mapped)
            }
            UTF8.encode(Unicode.Scalar(value)!) { out.append($0) }
        }
        return out
    }

    static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let a = UInt16(bytes[index])
            let b = UInt16(bytes[index + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// Converts through the C library's iconv; invalid input bytes become U+FFFD. Nil when iconv does
    /// not know the charset.
    static func iconvToUTF8(_ bytes: [UInt8], from label: String) -> [UInt8]? {
        let converter = iconv_open("UTF-8", label)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        var chunk = [CChar](repeating: 0, count: 16384)
        var input = bytes.map { CChar(bitPattern: $0) }
        input.withUnsafeMutableBufferPointer { inputBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = inputBuffer.baseAddress
            var inLeft = inputBuffer.count
            while inLeft > 0 {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                    var outLeft = outBuffer.count
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    let count = outBuffer.count - outLeft
                    if result == -1 && (errno == EILSEQ || errno == EINVAL) {
                        // Skip one bad byte and write U+FFFD.
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                        return -(count + 1)
                    }
                    return count
                }
                let count = produced < 0 ? -produced - 1 : produced
                output.append(contentsOf: chunk[0..<count].map { UInt8(bitPattern: $0) })
                if produced < 0 { output.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
                if produced == 0 && inLeft > 0 && produced >= 0 {
                    // No progress without an error: give up on the rest rather than loop.
                    break
                }
            }
        }
        return output
    }
}

extension String {
    func trimmingQuotesAndSpace() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\"" || first == "'" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\"" || last == "'" || last == ";" {
            slice = slice.dropLast()
        }
        return String(slice)
    }
}
