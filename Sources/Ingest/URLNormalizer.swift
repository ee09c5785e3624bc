/// Canonical keys of page URLs, so that the variants of one page ("http://www.example.com/a/?utm_source=x",
/// "https://example.com/a#top") count as one document, and resolution of relative references.
public enum URLNormalizer {
    /// Query parameters that only track visitors and are dropped from keys (names compared ignoring case),
    /// besides every name starting with `trackingParameterPrefix`.
    public static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_ga", "yclid", "ref_src",
    ]
    /// Prefix of the Urchin (Google Analytics) campaign parameters: "utm_source", "utm_medium" and so on.
    public static let trackingParameterPrefix = "utm_"
    /// First host labels naming a variant of a site (desktop, mobile, AMP) rather than another site.
    public static let variantHostLabels = ["www", "m", "mobile", "amp"]

    /// Canonical key of an absolute http or https URL: `host[:port]path[?query]`, with no scheme, so the
    /// http and https forms of a page share a key ("HTTP://WWW.Example.com:80/a/?utm_source=x&id=3#top" →
    /// "example.com/a?id=3"). The key is made by:
    /// - lower-casing the host, writing internationalised names in Punycode, dropping trailing dots, user
    ///   info and default ports (80 for http, 443 for https);
    /// - removing a first label "www", "m", "mobile" or "amp" when the rest of the host has the same
    ///   registrable domain under `suffixes` ("m.example.co.uk" → "example.co.uk", but "m.co.uk" stays);
    /// - decoding percent-escapes of unreserved characters ("%7E" → "~"), upper-casing the hex digits of
    ///   other escapes, and percent-encoding characters not allowed in URLs (spaces, non-ASCII as UTF-8);
    /// - resolving "." and ".." path segments, making an empty path "/" and removing trailing slashes from
    ///   any other path;
    /// - dropping the fragment, tracking query parameters and empty ones, keeping the rest in their order,
    ///   and dropping an empty query.
    ///
    /// Anything else (a relative or invalid URL, another scheme) is its own key, trimmed of white space.
    public static func key(_ url: String, suffixes: PublicSuffixList = .shared) -> String {
        let text = url[...].trimmingWhitespace()
        let reference = URIReference(text)
        guard let scheme = reference.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let authority = reference.authority, var host = Authority(authority, scheme: scheme)
        else { return String(text) }
        if !host.isIPAddress {
            for label in variantHostLabels where host.name.hasPrefix(label + ".") {
                let rest = String(host.name.dropFirst(label.count + 1))
                if let domain = suffixes.registrableDomain(ofHost: rest),
                    domain == suffixes.registrableDomain(ofHost: host.name)
                {
                    host.name = rest
                }
                break
            }
        }
        var path = removeDotSegments(normalizePercentEncoding(reference.path))
        while path.utf8.count > 1 && path.hasSuffix("/") { path.removeLast() }
        if path.isEmpty { path = "/" }
        var key = host.name
        if let port = host.port { key += ":" + port }
        key += path
        if let query = reference.query {
            let kept = query.split(separator: "&").lazy.map { normalizePercentEncoding($0) }.filter {
                !isTrackingParameter($0)
            }
            if !kept.isEmpty { key += "?" + kept.joined(separator: "&") }
        }
        return key
    }

    /// Absolute URL of `reference` (an `href` such as "/a/b", "../c", "//host/p", "?q" or "#f") relative to
    /// the page at `base`, by RFC 3986 section 5.2 (strict form); nil unless the result is an http or https
    /// URL with a host (so "javascript:", "mailto:" and "data:" references give nil). Tabs and line breaks
    /// are removed from both and white space around them is trimmed, as browsers do; the scheme is
    /// lower-cased, the rest is kept as written.
    public static func resolve(_ reference: String, against base: String) -> String? {
        let referenceText = cleaned(reference)
        let baseText = cleaned(base)
        let r = URIReference(referenceText[...])
        var target: URIReference
        if r.scheme != nil {
            target = r
            target.path = removeDotSegments(r.path)
        } else {
            let b = URIReference(baseText[...])
            guard b.scheme != nil else { return nil }
            target = URIReference(scheme: b.scheme, fragment: r.fragment)
            if r.authority != nil {
                target.authority = r.authority
                target.path = removeDotSegments(r.path)
                target.query = r.query
            } else {
                target.authority = b.authority
                if r.path.isEmpty {
                    target.path = b.path
                    target.query = r.query ?? b.query
                } else {
                    if r.path.hasPrefix("/") {
                        target.path = removeDotSegments(r.path)
                    } else {
                        target.path = removeDotSegments(merge(base: b, path: r.path))
                    }
                    target.query = r.query
                }
            }
        }
        guard let scheme = target.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let authority = target.authority, Authority(authority, scheme: scheme) != nil
        else { return nil }
        target.scheme = scheme
        return target.text
    }

    // MARK: - Parts

    /// Whether a normalised query parameter is a tracking one, by its name (the text before "=").
    static func isTrackingParameter(_ parameter: String) -> Bool {
        let name = (parameter.firstIndex(of: "=").map { parameter[..<$0] } ?? parameter[...]).lowercased()
        return name.hasPrefix(trackingParameterPrefix) || trackingParameters.contains(name)
    }

    /// `part` with escapes of unreserved characters decoded, the hex digits of other escapes upper-cased,
    /// and bytes that may not stand unescaped in a path or query percent-encoded. A "%" without two hex
    /// digits after it is left as it is.
    static func normalizePercentEncoding(_ part: some StringProtocol) -> String {
        let bytes = Array(part.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
                let low = hexValue(bytes[index + 2])
            {
                let value = high << 4 | low
                if isUnreserved(value) {
                    output.append(value)
                } else {
                    output.append(contentsOf: [UInt8(ascii: "%"), hexDigit(high), hexDigit(low)])
                }
                index += 3
                continue
            }
            if byte == UInt8(ascii: "%") || isAllowed(byte) {
                output.append(byte)
            } else {
                output.append(contentsOf: [UInt8(ascii: "%"), hexDigit(byte >> 4), hexDigit(byte & 15)])
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `path` without "." and ".." segments (RFC 3986 section 5.2.4).
    static func removeDotSegments(_ path: String) -> String {
        guard path.hasPrefix(".") || ByteSearch.contains(path, "/.") else { return path }
        let slash = UInt8(ascii: "/")
        var input = Array(path.utf8)[...]
        var output: [UInt8] = []
        func removeLastSegment() {
            if let last = output.lastIndex(of: slash) {
                output.removeSubrange(last...)
            } else {
                output.removeAll()
            }
        }
        while !input.isEmpty {
            if input.starts(with: "../".utf8) {
                input = input.dropFirst(3)
            } else if input.starts(with: "./".utf8) {
                input = input.dropFirst(2)
            } else if input.starts(with: "/./".utf8) {
                input = input.dropFirst(2)
            } else if input.elementsEqual("/.".utf8) {
                input = [slash][...]
            } else if input.starts(with: "/../".utf8) {
                input = input.dropFirst(3)
                removeLastSegment()
            } else if input.elementsEqual("/..".utf8) {
                input = [slash][...]
                removeLastSegment()
            } else if input.elementsEqual(".".utf8) || input.elementsEqual("..".utf8) {
                input = []
            } else {
                var end = input.startIndex
                if input[end] == slash { end += 1 }
                while end < input.endIndex && input[end] != slash { end += 1 }
                output.append(contentsOf: input[..<end])
                input = input[end...]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The base path up to its last "/", followed by `path` (RFC 3986 section 5.2.3).
    private static func merge(base: URIReference, path: String) -> String {
        if base.authority != nil && base.path.isEmpty { return "/" + path }
        guard let slash = base.path.lastIndex(of: "/") else { return path }
        return base.path[...slash] + path
    }

    /// `text` without tabs and line breaks, trimmed of white space.
    private static func cleaned(_ text: String) -> String {
        var result = String(text[...].trimmingWhitespace())
        if result.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            result.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        }
        return result
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// Whether `byte` may stand unescaped in a path or query: unreserved, sub-delims, ":", "@", "/", "?".
    private static func isAllowed(_ byte: UInt8) -> Bool {
        if isUnreserved(byte) { return true }
        return switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "/"), UInt8(ascii: "?"):
            true
        default: false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}

/// The host and port of an http(s) URL's authority, normalised for keys; nil when the authority is not a
/// valid one (empty host, bad characters, empty labels, a port that is not a number up to 65535).
private struct Authority {
    /// Lower-cased host in ASCII form, or a bracketed IPv6 literal.
    var name: String
    /// Port unless it is the scheme's default.
    var port: String?
    var isIPAddress: Bool

    init?(_ authority: String, scheme: String) {
        var rest = authority[...]
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        var portText: Substring = ""
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            let literal = rest[...close]
            let inside = literal.utf8.dropFirst().dropLast()
            guard !inside.isEmpty,
                inside.allSatisfy({ $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") || Self.isHostByte($0) })
            else { return nil }
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
            name = literal.lowercased()
            isIPAddress = true
        } else {
            if let colon = rest.lastIndex(of: ":") {
                portText = rest[rest.index(after: colon)...]
                rest = rest[..<colon]
            }
            guard rest.utf8.allSatisfy({ $0 >= 0x80 || $0 == UInt8(ascii: ".") || Self.isHostByte($0) }) else {
                return nil
            }
            let normalized = HostName.normalized(rest)
            guard !normalized.isEmpty, !normalized.hasPrefix("."), !ByteSearch.contains(normalized, ".."),
                let ascii = HostName.ascii(normalized)
            else { return nil }
            name = ascii
            isIPAddress = HostName.isIPAddress(ascii)
        }
        if portText.isEmpty {
            port = nil
        } else {
            guard portText.utf8.count <= 5, portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let number = Int(portText), number <= 65_535
            else { return nil }
            let isDefault = (scheme == "http" && number == 80) || (scheme == "https" && number == 443)
            port = isDefault ? nil : String(number)
        }
    }

    /// Letters, digits, "-" and "_" (found in real host names although DNS host names exclude it).
    private static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}

/// The five components of a URI reference (RFC 3986 section 3, split as in appendix B, with the scheme
/// checked for its syntax).
struct URIReference {
    var scheme: String?
    var authority: String?
    var path: String = ""
    var query: String?
    var fragment: String?

    init(scheme: String?, fragment: String?) {
        self.scheme = scheme
        self.fragment = fragment
    }

    init(_ text: Substring) {
        var rest = text
        if let end = rest.utf8.firstIndex(where: {
            $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#")
        }),
            rest.utf8[end] == UInt8(ascii: ":"), Self.isScheme(rest[..<end])
        {
            scheme = String(rest[..<end])
            rest = rest[rest.utf8.index(after: end)...]
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.utf8.firstIndex {
                $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#")
            }
            authority = String(rest[..<(end ?? rest.endIndex)])
            rest = rest[(end ?? rest.endIndex)...]
        }
        if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = String(rest[rest.utf8.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            query = String(rest[rest.utf8.index(after: question)...])
            rest = rest[..<question]
        }
        path = String(rest)
    }

    /// The reference written out again (RFC 3986 section 5.3).
    var text: String {
        var result = ""
        if let scheme { result += scheme + ":" }
        if let authority { result += "//" + authority }
        result += path
        if let query { result += "?" + query }
        if let fragment { result += "#" + fragment }
        return result
    }

    /// ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z")
        else { return false }
        return text.utf8.allSatisfy {
            (($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z"))
                || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
    }
}
