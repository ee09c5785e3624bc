/// A JSON value of one JSONL record. Nested arrays and objects are validated but not kept: article
/// records are flat, and a field that holds a structure is reported as such.
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array
    case object

    /// Name of the JSON type, for messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// A strict, allocation-light parser for one JSON object per line (RFC 8259, UTF-8 only).
///
/// Errors carry the byte offset in the line, so a message can point at the problem.
public struct JSONRecordParser {
    /// What is wrong with a line, and where.
    public struct Failure: Error, Sendable, Equatable {
        public var offset: Int
        public var message: String
    }

    /// Maximum nesting of arrays and objects inside a record.
    public static let maxDepth = 64

    /// Parses `bytes` as a JSON object and returns its top-level members (a repeated key keeps the last).
    public static func parseObject(_ bytes: [UInt8]) throws(Failure) -> [String: JSONValue] {
        try bytes.withUnsafeBufferPointer { buffer throws(Failure) in
            var parser = Cursor(bytes: buffer)
            parser.skipSpace()
            guard parser.peek() == UInt8(ascii: "{") else {
                if parser.index >= buffer.count { throw Failure(offset: 0, message: "empty line") }
                throw Failure(offset: parser.index, message: "a record must be a JSON object")
            }
            let members = try parser.parseTopObject()
            parser.skipSpace()
            guard parser.index == buffer.count else {
                throw Failure(offset: parser.index, message: "unexpected text after the object")
            }
            return members
        }
    }

    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
            skipSpace()
            guard peek() == byte else { throw fail("expected \(what)") }
            index += 1
        }

        func fail(_ message: String) -> Failure {
            Failure(offset: index, message: index >= bytes.count ? "\(message) (the line ends early)" : message)
        }

        mutating func parseTopObject() throws(Failure) -> [String: JSONValue] {
            index += 1
            var members: [String: JSONValue] = [:]
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                index += 1
                return members
            }
            while true {
                skipSpace()
                guard peek() == UInt8(ascii: "\"") else { throw fail("expected a quoted member name") }
                let key = try parseString()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                skipSpace()
                members[key] = try parseValue(depth: 1)
                skipSpace()
                guard let next = peek() else { throw fail("expected ',' or '}'") }
                index += 1
                if next == UInt8(ascii: "}") { return members }
                guard next == UInt8(ascii: ",") else {
                    index -= 1
                    throw fail("expected ',' or '}'")
                }
            }
        }

        mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
            guard depth <= JSONRecordParser.maxDepth else { throw fail("nested more than \(maxDepth) levels") }
            guard let byte = peek() else { throw fail("expected a value") }
            switch byte {
            case UInt8(ascii: "\""):
                return .string(try parseString())
            case UInt8(ascii: "{"):
                try skipComposite(close: UInt8(ascii: "}"), depth: depth, keyed: true)
                return .object
            case UInt8(ascii: "["):
                try skipComposite(close: UInt8(ascii: "]"), depth: depth, keyed: false)
                return .array
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .number(try parseNumber())
            default:
                throw fail("unexpected character '\(Character(Unicode.Scalar(byte)))'")
            }
        }

        mutating func skipComposite(close: UInt8, depth: Int, keyed: Bool) throws(Failure) {
            index += 1
            skipSpace()
            if peek() == close {
                index += 1
                return
            }
            while true {
                skipSpace()
                if keyed {
                    guard peek() == UInt8(ascii: "\"") else { throw fail("expected a quoted member name") }
                    _ = try parseString()
                    try expect(UInt8(ascii: ":"), "':' after a member name")
                    skipSpace()
                }
                _ = try parseValue(depth: depth + 1)
                skipSpace()
                guard let next = peek() else { throw fail("unterminated \(keyed ? "object" : "array")") }
                index += 1
                if next == close { return }
                guard next == UInt8(ascii: ",") else {
                    index -= 1
                    throw fail("expected ',' or '\(Character(Unicode.Scalar(close)))'")
                }
            }
        }

        mutating func literal(_ word: StaticString) throws(Failure) {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw fail("invalid literal") }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
                throw fail("invalid literal")
            }
            index += count
        }

        mutating func parseNumber() throws(Failure) -> Double {
            let start = index
            if peek() == UInt8(ascii: "-") { index += 1 }
            guard let first = peek(), first >= 0x30, first <= 0x39 else { throw fail("invalid number") }
            if first == 0x30 {
                index += 1
            } else {
                while let b = peek(), b >= 0x30, b <= 0x39 { index += 1 }
            }
            if peek() == UInt8(ascii: ".") {
                index += 1
                guard let b = peek(), b >= 0x30, b <= 0x39 else { throw fail("invalid number") }
                while let b = peek(), b >= 0x30, b <= 0x39 { index += 1 }
            }
            if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                index += 1
                if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { index += 1 }
                guard let b = peek(), b >= 0x30, b <= 0x39 else { throw fail("invalid number") }
                while let b = peek(), b >= 0x30, b <= 0x39 { index += 1 }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard let value = Double(text) else { throw Failure(offset: start, message: "invalid number") }
            return value
        }

        /// The index of the first quote, backslash or control character in `bytes` from `start` on, or
        /// `bytes.count`: eight bytes at a time (most of a record is the text inside its strings).
        /// - Complexity: O(*n*) for *n* bytes skipped.
        static func firstSpecialByte(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
            var index = start
            if let base = bytes.baseAddress {
                let ones: UInt64 = 0x0101_0101_0101_0101
                while index + 8 <= bytes.count {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                    // A byte's high bit is set where it is zero after the XOR (a quote or backslash) or below
                    // 0x20; borrows can set bits above the first such byte, never below it.
                    let quote = word ^ (0x22 &* ones)
                    let backslash = word ^ (0x5C &* ones)
                    let found =
                        ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- 0x20 &* ones) & ~word)
                        & (0x80 &* ones)
                    if found != 0 { return index + found.trailingZeroBitCount / 8 }
                    index += 8
                }
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return index }
                index += 1
            }
            return index
        }

        /// Parses a string starting at the opening quote; validates UTF-8 and escapes.
        mutating func parseString() throws(Failure) -> String {
            index += 1
            let start = index
            // Fast path: no escapes.
            index = Self.firstSpecialByte(in: bytes, from: index)
            if index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    guard let text = String(validating: slice, as: UTF8.self) else {
                        throw Failure(offset: start + invalidUTF8Offset(slice), message: "invalid UTF-8 in a string")
                    }
                    index += 1
                    return text
                }
                if byte < 0x20 { throw fail("control character in a string (escape it)") }
            }
            // Escapes only shorten text: the bytes up to the closing quote bound the string, so it is
            // allocated once.
            var closing = index
            while closing < bytes.count {
                closing = Self.firstSpecialByte(in: bytes, from: closing)
                guard closing < bytes.count, bytes[closing] != UInt8(ascii: "\"") else { break }
                closing += bytes[closing] == UInt8(ascii: "\\") ? 2 : 1
            }
            var out: [UInt8] = []
            out.reserveCapacity(min(closing, bytes.count) - start)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while index < bytes.count {
                // Plain bytes up to the next quote, escape or control character go in as one run.
                let run = index
                index = Self.firstSpecialByte(in: bytes, from: index)
                if index > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index])) }
                guard index < bytes.count else { break }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    guard let text = String(validating: out, as: UTF8.self) else {
                        throw Failure(offset: start, message: "invalid UTF-8 in a string")
                    }
                    return text
                }
                if byte < 0x20 { throw fail("control character in a string (escape it)") }
                index += 1
                guard let escape = peek() else { throw fail("unterminated escape") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        {
                            index += 2
                            let low = try hex4()
                            if (0xDC00...0xDFFF).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                scalar = 0xFFFD
                            }
                        } else {
                            scalar = 0xFFFD
                        }
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        scalar = 0xFFFD
                    }
                    UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { out.append($0) }
                default:
                    index -= 1
                    throw fail("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
                }
            }
            throw fail("unterminated string")
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("invalid \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[index]
                let digit: UInt32
                switch c {
                case 0x30...0x39: digit = UInt32(c - 0x30)
                case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
                case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
                default: throw fail("invalid \\u escape")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        func invalidUTF8Offset(_ slice: UnsafeBufferPointer<UInt8>) -> Int {
            var index = 0
            while index < slice.count {
                let (scalar, length) = decodeUTF8Scalar(slice, index)
                if scalar == nil { return index }
                index += length
            }
            return 0
        }
    }
}

/// Strict UTF-8 decoding of one scalar; nil for a malformed or overlong sequence.
func decodeUTF8Scalar(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (Unicode.Scalar?, Int) {
    let lead = bytes[index]
    if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
    let length: Int
    var value: UInt32
    switch lead {
    case 0xC2...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
    case 0xE0...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
    case 0xF0...0xF4: (length, value) = (4, UInt32(lead & 0x07))
    default: return (nil, 1)
    }
    guard index + length <= bytes.count else { return (nil, 1) }
    for offset in 1..<length {
        let next = bytes[index + offset]
        guard next & 0xC0 == 0x80 else { return (nil, 1) }
        value = value << 6 | UInt32(next & 0x3F)
    }
    let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
    guard value >= minimum, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
    return (scalar, length)
}
