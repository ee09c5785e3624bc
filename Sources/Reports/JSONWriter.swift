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

    /// A JSON string literal.
    public static func quoted(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A JSON array of already rendered values.
    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}

/// CSV fields (RFC 4180): quoted when they hold a comma, quote or line break.
public enum CSV {
    public static func field(_ value: String?) -> String {
        guard let value else { return "" }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingAll("\"", with: "\"\"") + "\""
        }
        return value
    }

    public static func row(_ fields: [String?]) -> String { fields.map(field).joined(separator: ",") }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
