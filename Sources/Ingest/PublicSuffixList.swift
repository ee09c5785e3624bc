#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Public Suffix List (https://publicsuffix.org/list/): the names under which anyone can register
/// ("com", "co.uk", "blogspot.com"), and so the registrable domain of a host, which is its site.
///
/// Follows the list's formal algorithm: normal, wildcard ("*.ck") and exception ("!www.ck") rules, the
/// implicit "*" rule, and the rules of both the ICANN and the PRIVATE section, as browsers use them.
/// Rules are kept in ASCII (Punycode) form, so hosts match whether written in Unicode or Punycode; a lookup
/// is one hash lookup per label of the host. The list is a value and can be shared between threads.
public struct PublicSuffixList: Sendable {
    /// Where Debian's `publicsuffix` package installs the list.
    public static let defaultPath = "/usr/share/publicsuffix/public_suffix_list.dat"
    /// Environment variable naming another list file.
    public static let environmentVariable = "WIRETRACE_PSL"
    /// Largest list file read (the real one is about 250 KB).
    private static let maxFileBytes = 64 << 20

    /// The list at `configuredPath`, read once, on first use.
    public static let shared = PublicSuffixList(path: configuredPath)

    /// The file `shared` reads: `$WIRETRACE_PSL` when set and not empty, else `defaultPath`.
    public static var configuredPath: String {
        if let value = getenv(environmentVariable), value.pointee != 0 { return String(cString: value) }
        return defaultPath
    }

    /// File the rules were read from; nil for a list made from text.
    public let path: String?
    /// Why the list is not in use (file missing, unreadable or without rules); nil when it is.
    public let fallbackReason: String?
    /// Number of rules read.
    public let ruleCount: Int
    /// Rules by name in ASCII form, without "*." or "!".
    private let rules: [String: Rule]

    /// Whether the list could not be loaded. Lookups then fall back to the host without a leading "www."
    /// as registrable domain, and know no public suffix.
    public var isFallback: Bool { fallbackReason != nil }

    private struct Rule: OptionSet, Sendable {
        let rawValue: UInt8
        /// "name": the name itself is a public suffix.
        static let normal = Rule(rawValue: 1)
        /// "*.name": every child of the name is a public suffix.
        static let wildcard = Rule(rawValue: 2)
        /// "!name": the name is not a public suffix, although a wildcard covers it.
        static let exception = Rule(rawValue: 4)
    }

    /// Reads the list file at `path` (the `public_suffix_list.dat` format). A missing or unreadable file,
    /// or one without rules, gives a fallback list (`isFallback`), never an error.
    /// With `includePrivateDomains` false, rules of the PRIVATE section ("blogspot.com") are left out.
    public init(path: String, includePrivateDomains: Bool = true) {
        self.path = path
        switch Self.read(path) {
        case .success(let text):
            (rules, ruleCount) = Self.parse(text, includePrivateDomains: includePrivateDomains)
            fallbackReason = ruleCount == 0 ? "\(path): no public suffix rules in the file" : nil
        case .failure(let problem):
            (rules, ruleCount) = ([:], 0)
            fallbackReason = problem.description
        }
    }

    /// A list made of `text` in the `public_suffix_list.dat` format (never a fallback, even when empty).
    public init(text: String, includePrivateDomains: Bool = true) {
        path = nil
        fallbackReason = nil
        (rules, ruleCount) = Self.parse(text, includePrivateDomains: includePrivateDomains)
    }

    /// Public suffix of `host` ("news.bbc.co.uk" → "co.uk"; "a.example" → "example" by the implicit "*"
    /// rule), lower-cased and in the same form (Unicode or Punycode) as `host`. Nil for an empty host, an IP
    /// address, a host with an empty label (".com"), or when the list is not loaded.
    public func publicSuffix(ofHost host: String) -> String? {
        guard !isFallback, let name = Name(host) else { return nil }
        return name.lastLabels(suffixLabelCount(name))
    }

    /// Registrable domain (eTLD+1) of `host`: its public suffix and one more label ("news.bbc.co.uk" →
    /// "bbc.co.uk"), lower-cased and in the same form (Unicode or Punycode) as `host`. Nil for an empty host,
    /// an IP address, a host with an empty label, and a host that is itself a public suffix ("co.uk").
    /// Without the list (`isFallback`) it is the host without a leading "www.".
    public func registrableDomain(ofHost host: String) -> String? {
        guard let name = Name(host) else { return nil }
        if isFallback {
            return name.text.hasPrefix("www.") && name.labelCount > 1 ? String(name.text.dropFirst(4)) : name.text
        }
        let suffixCount = suffixLabelCount(name)
        return suffixCount < name.labelCount ? name.lastLabels(suffixCount + 1) : nil
    }

    /// Number of labels of the public suffix of `name` under the prevailing rule: an exception rule when one
    /// matches, else the matching rule with the most labels, else the implicit "*" (one label).
    private func suffixLabelCount(_ name: Name) -> Int {
        let host = name.ascii
        var best = 1
        var labelIndex = 0
        var start = host.startIndex
        while true {
            if let rule = rules[String(host[start...])] {
                let length = name.labelCount - labelIndex
                if rule.contains(.exception) { return max(length - 1, 1) }
                if rule.contains(.normal) { best = max(best, length) }
                if rule.contains(.wildcard) && labelIndex > 0 { best = max(best, length + 1) }
            }
            guard let dot = host.utf8[start...].firstIndex(of: UInt8(ascii: ".")) else { break }
            start = host.utf8.index(after: dot)
            labelIndex += 1
        }
        return best
    }

    /// A host prepared for lookups: normalised, in ASCII form, with its label count.
    private struct Name {
        let text: String
        let ascii: String
        let labelCount: Int

        init?(_ host: String) {
            text = HostName.normalized(host)
            guard !text.isEmpty, !HostName.isIPAddress(text) else { return nil }
            var count = 1
            var previous = UInt8(ascii: ".")
            for byte in text.utf8 {
                if byte == UInt8(ascii: ".") {
                    if previous == UInt8(ascii: ".") { return nil }
                    count += 1
                }
                previous = byte
            }
            guard let ascii = HostName.ascii(text) else { return nil }
            self.ascii = ascii
            labelCount = count
        }

        /// The last `count` labels of the host, as written.
        func lastLabels(_ count: Int) -> String {
            guard count < labelCount else { return text }
            var seen = 0
            var index = text.utf8.endIndex
            while index > text.utf8.startIndex {
                let before = text.utf8.index(before: index)
                if text.utf8[before] == UInt8(ascii: ".") {
                    seen += 1
                    if seen == count { return String(text[index...]) }
                }
                index = before
            }
            return text
        }
    }

    /// Rules of a list text. Each line is read up to its first white space; "//" starts a comment.
    /// Wildcards other than a leading "*." (none are in the list) are skipped.
    private static func parse(_ text: String, includePrivateDomains: Bool) -> ([String: Rule], Int) {
        var rules: [String: Rule] = [:]
        rules.reserveCapacity(16_384)
        var count = 0
        var inPrivateSection = false
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            let token = line.prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }
            guard let first = token.first else { continue }
            if token.starts(with: "//".utf8) {
                let comment = line.dropFirst(2).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                if comment.starts(with: "===BEGIN PRIVATE DOMAINS===".utf8) {
                    inPrivateSection = true
                } else if comment.starts(with: "===END PRIVATE DOMAINS===".utf8) {
                    inPrivateSection = false
                }
                continue
            }
            if inPrivateSection && !includePrivateDomains { continue }
            var body = Substring(token)
            let kind: Rule
            if first == UInt8(ascii: "!") {
                kind = .exception
                body = body.dropFirst()
            } else if body.hasPrefix("*.") {
                kind = .wildcard
                body = body.dropFirst(2)
            } else {
                kind = .normal
            }
            guard !body.isEmpty, !body.utf8.contains(UInt8(ascii: "*")) else { continue }
            let isPlain = body.utf8.allSatisfy {
                ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "-")
                    || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                    || $0 == UInt8(ascii: ".")
            }
            guard let name = isPlain && body.last != "." ? String(body) : HostName.ascii(HostName.normalized(body))
            else { continue }
            rules[name, default: []].insert(kind)
            count += 1
        }
        return (rules, count)
    }

    /// Text of the file at `path`, or the problem that kept it from being read.
    private static func read(_ path: String) -> Result<String, IngestProblem> {
        guard path != "-" else {
            return .failure(
                IngestProblem("unreadable", "not a list file", category: .io, at: SourceLocation(path: path))
            )
        }
        do {
            let source = try FileByteSource(path: path)
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if count == 0 { break }
                bytes.append(contentsOf: chunk[..<count])
                if bytes.count > maxFileBytes {
                    return .failure(
                        IngestProblem("too-large", "over \(maxFileBytes) bytes", at: SourceLocation(path: path))
                    )
                }
            }
            return .success(String(decoding: bytes, as: UTF8.self))
        } catch {
            return .failure(IngestProblem.wrapping(error, at: SourceLocation(path: path)))
        }
    }
}
