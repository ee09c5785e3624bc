/// Writes JSON objects with keys in the order given: stable, diff-friendly output.
public struct JSONObjectWriter {
    private var text = "{"
    private var first = true

    public init() {}

    private mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        text += JSONObjectWriter.quoted(name) + ":"
    }

    public mutating func add(_ name: String, _ value: String?) {
        key(name)
        text += value.map(JSONObjectWriter.quoted) ?? "null"
    }

    public mutating func add(_ name: String, _ value: Int?) {
        key(name)
        text += value.map { String($0) } ?? "null"
    }

    public mutating func add(_ name: String, _ value: Int64?) {
        key(name)
        text += value.map { String($0) } ?? "null"
    }

    public mutating func add(_ name: String, _ value: Double?, digits: Int = 4) {
        key(name)
        text += value.map { JSONObjectWriter.number($0, digits: digits) } ?? "null"
    }

    public mutating func add(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
    }

    /// Adds pre-rendered JSON (an array or object).
    public mutating func addRaw(_ name: String, _ json: String) {
        key(name)
        text += json
    }

    public var result: String { text + "}" }

    /// A decimal with at most `digits` fraction digits, without trailing zeros.
    public static func number(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "null" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(rounded)
        if text.contains("e") { return text }
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// A JSON string literal: `"`, `\\`, control characters and the line and paragraph separators
    /// (U+2028, U+2029, which JavaScript does not allow in string literals) escaped.
    /// - Complexity: O(*n*) in the UTF-8 length, two passes over the bytes and no per-character work
    ///   on the result.
    public static func quoted(_ value: String) -> String {
        var value = value
        return value.withUTF8 { bytes in
            // First the length, then the bytes: escapes are rare, so most runs are copied whole.
            var length = bytes.count + 2
            for index in bytes.indices {
                let byte = bytes[index]
                if byte < 0x20 {
                    length += Self.shortEscape(byte) == nil ? 5 : 1
                } else if byte == 0x22 || byte == 0x5C {
                    length += 1
                } else if Self.isSeparator(bytes, at: index) {
                    length += 3  // three bytes become six
                }
            }
            return String(unsafeUninitializedCapacity: length) { out in
                var written = 0
                @inline(__always) func put(_ byte: UInt8) {
                    out[written] = byte
                    written += 1
                }
                put(0x22)
                var runStart = 0
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    let separator = byte == 0xE2 && Self.isSeparator(bytes, at: index)
                    guard byte < 0x20 || byte == 0x22 || byte == 0x5C || separator else {
                        index += 1
                        continue
                    }
                    let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                    _ = UnsafeMutableBufferPointer(rebasing: out[written..<written + run.count]).initialize(from: run)
                    written += run.count
                    put(0x5C)
                    if separator {
                        for digit in "u202".utf8 { put(digit) }
                        put(bytes[index + 2] == 0xA8 ? 0x38 : 0x39)
                        index += 3
                    } else if let short = Self.shortEscape(byte) {
                        put(short)
                        index += 1
                    } else {
                        for digit in "u00".utf8 { put(digit) }
                        put(Self.hexDigits[Int(byte >> 4)])
                        put(Self.hexDigits[Int(byte & 0xF)])
                        index += 1
                    }
                    runStart = index
                }
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])
                _ = UnsafeMutableBufferPointer(rebasing: out[written..<written + run.count]).initialize(from: run)
                written += run.count
                put(0x22)
                return written
            }
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The letter of a two-character escape (`\"`, `\\`, `\n`, `\r`, `\t`), nil for the others.
    @inline(__always)
    static func shortEscape(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x22: return 0x22
        case 0x5C: return 0x5C
        case 0x0A: return 0x6E
        case 0x0D: return 0x72
        case 0x09: return 0x74
        default: return nil
        }
    }

    /// Whether U+2028 or U+2029 (E2 80 A8, E2 80 A9) starts at `index`.
    @inline(__always)
    static func isSeparator(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index] == 0xE2 && bytes[index + 1] == 0x80
            && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
    }

    /// A JSON array of already rendered values.
    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}

/// CSV fields (RFC 4180), safe to open in a spreadsheet.
///
/// A field is quoted when it holds a comma, a quote, a line feed or a carriage return — judged by bytes,
/// since "\r\n" is one Swift `Character` and equals neither. A field a spreadsheet would run as a
/// formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return; OWASP's "CSV injection")
/// gets a leading `'`, which spreadsheets show as text and do not run; numbers such as `-3600` are left
/// as they are, since they cannot be formulas. Programs that read the CSV see that `'`: JSON output keeps
/// every value as stored.
public enum CSV {
    public static func field(_ value: String?) -> String {
        guard var value else { return "" }
        if startsFormula(value) { value = "'" + value }
        var needsQuotes = false
        for byte in value.utf8 where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else { return value }
        var quoted: [UInt8] = [0x22]
        quoted.reserveCapacity(value.utf8.count + 8)
        for byte in value.utf8 {
            quoted.append(byte)
            if byte == 0x22 { quoted.append(0x22) }
        }
        quoted.append(0x22)
        return String(decoding: quoted, as: UTF8.self)
    }

    public static func row(_ fields: [String?]) -> String { fields.map(field).joined(separator: ",") }

    /// Whether a spreadsheet would read `value` as a formula: it starts with `=`, `+`, `-`, `@`, a tab or
    /// a carriage return, and is not a plain number.
    static func startsFormula(_ value: String) -> Bool {
        guard let first = value.utf8.first,
            first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D
        else { return false }
        return !isPlainNumber(value)
    }

    /// `-12`, `+3.5`, `-0.25`: an optional sign, digits, and at most one decimal point between digits.
    static func isPlainNumber(_ value: String) -> Bool {
        var bytes = value.utf8[...]
        if let first = bytes.first, first == 0x2B || first == 0x2D { bytes = bytes.dropFirst() }
        var digits = 0
        var point = false
        var digitsAfterPoint = 0
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                if point { digitsAfterPoint += 1 }
            } else if byte == 0x2E && !point && digits > 0 {
                point = true
            } else {
                return false
            }
        }
        return digits > 0 && (!point || digitsAfterPoint > 0)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
