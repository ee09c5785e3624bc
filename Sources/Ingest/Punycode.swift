/// Punycode (RFC 3492): the ASCII encoding of the Unicode labels of internationalised domain names.
///
/// Works on single labels, without the "xn--" prefix; `HostName` applies it to whole host names.
public enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 128
    private static let limit = Int(Int32.max)

    /// Punycode of `label` ("bücher" → "bcher-kva"); nil when the label is too long to encode.
    /// Basic (ASCII) code points are copied as they are, so callers lower-case first.
    public static func encode(_ label: String) -> String? {
        let input = label.unicodeScalars.map { Int($0.value) }
        var output: [UInt8] = input.lazy.filter { $0 < 0x80 }.map { UInt8($0) }
        let basicCount = output.count
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }
        var handled = basicCount
        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < input.count {
            guard let m = input.lazy.filter({ $0 >= n }).min() else { return nil }
            guard m - n <= (limit - delta) / (handled + 1) else { return nil }
            delta += (m - n) * (handled + 1)
            n = m
            for c in input {
                if c < n {
                    delta += 1
                    guard delta <= limit else { return nil }
                } else if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, count: handled + 1, first: handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The Unicode label of a Punycode string ("bcher-kva" → "bücher"); nil when it is not valid Punycode.
    public static func decode(_ encoded: String) -> String? {
        let input = Array(encoded.utf8)
        var output: [Int] = []
        var position = 0
        if let delimiter = input.lastIndex(of: UInt8(ascii: "-")) {
            for byte in input[..<delimiter] {
                guard byte < 0x80 else { return nil }
                output.append(Int(byte))
            }
            position = delimiter + 1
        }
        var n = initialN
        var i = 0
        var bias = initialBias
        while position < input.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard position < input.count, let d = digitValue(input[position]) else { return nil }
                position += 1
                guard d <= (limit - i) / w else { return nil }
                i += d * w
                let t = threshold(k, bias)
                if d < t { break }
                guard w <= limit / (base - t) else { return nil }
                w *= base - t
                k += base
            }
            let count = output.count + 1
            bias = adapt(i - oldI, count: count, first: oldI == 0)
            guard i / count <= limit - n else { return nil }
            n += i / count
            i %= count
            guard n <= 0x10FFFF, !(0xD800...0xDFFF).contains(n) else { return nil }
            output.insert(n, at: i)
            i += 1
        }
        var scalars = String.UnicodeScalarView()
        for value in output {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { return nil }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
    }

    private static func adapt(_ delta: Int, count: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digit(_ value: Int) -> UInt8 {
        value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0")) + 26
        default: nil
        }
    }
}

/// Host names: normalised spelling, ASCII (Punycode) and Unicode forms of internationalised names,
/// IP address literals.
public enum HostName {
    /// `host` lower-cased, with the ideographic full stops IDNA treats as dots ("。", "．", "｡") turned into
    /// dots and trailing dots removed. Full UTS #46 mapping (NFKC and the like) is not applied.
    public static func normalized(_ host: some StringProtocol) -> String {
        var result: String
        if host.utf8.allSatisfy({ $0 < 0x80 }) {
            result = host.lowercased()
        } else {
            var scalars = String.UnicodeScalarView()
            for scalar in host.lowercased().unicodeScalars {
                switch scalar {
                case "\u{3002}", "\u{FF0E}", "\u{FF61}": scalars.append(".")
                default: scalars.append(scalar)
                }
            }
            result = String(scalars)
        }
        while result.hasSuffix(".") { result.removeLast() }
        return result
    }

    /// ASCII form of a normalised host: each label with non-ASCII characters becomes "xn--" and its
    /// Punycode ("食狮.com.cn" → "xn--85x722f.com.cn"); nil when a label cannot be encoded.
    public static func ascii(_ host: String) -> String? {
        if host.utf8.allSatisfy({ $0 < 0x80 }) { return host }
        var labels: [String] = []
        for label in host.split(separator: ".", omittingEmptySubsequences: false) {
            if label.utf8.allSatisfy({ $0 < 0x80 }) {
                labels.append(String(label))
            } else {
                guard let encoded = Punycode.encode(String(label)) else { return nil }
                labels.append("xn--" + encoded)
            }
        }
        return labels.joined(separator: ".")
    }

    /// Unicode form of a host: "xn--" labels decoded where they are valid Punycode, others kept.
    public static func unicode(_ host: String) -> String {
        guard ByteSearch.contains(host.lowercased(), "xn--") else { return host }
        return host.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            guard label.count > 4, label.lowercased().hasPrefix("xn--") else { return String(label) }
            return Punycode.decode(String(label.dropFirst(4))) ?? String(label)
        }.joined(separator: ".")
    }

    /// Whether `host` is an IP address literal: IPv6 (it has a colon, with or without brackets) or IPv4
    /// (its last label is a number, as URL parsers decide: "10.0.0.1", "0x7f.1").
    public static func isIPAddress(_ host: String) -> Bool {
        let bytes = host.utf8
        if bytes.contains(UInt8(ascii: ":")) { return true }
        var end = bytes.endIndex
        while end > bytes.startIndex && bytes[bytes.index(before: end)] == UInt8(ascii: ".") {
            end = bytes.index(before: end)
        }
        let start = bytes[..<end].lastIndex(of: UInt8(ascii: ".")).map { bytes.index(after: $0) } ?? bytes.startIndex
        let last = bytes[start..<end]
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard let first = last.first else { return false }
        if last.allSatisfy(isDigit) { return true }
        let rest = last.dropFirst()
        guard first == UInt8(ascii: "0"), let x = rest.first, x | 0x20 == UInt8(ascii: "x") else { return false }
        return rest.dropFirst().allSatisfy {
            isDigit($0) || (($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "f"))
        }
    }
}
