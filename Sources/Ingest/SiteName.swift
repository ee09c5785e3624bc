/// Host and site names of article URLs.
public enum SiteName {
    /// Lower-cased host of `url` without user info, port or a trailing dot; nil when there is none.
    public static func host(ofURL url: String) -> String? {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { return nil }
        var rest = url[url.index(colon, offsetBy: 3)...]
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("[") {
            if let close = rest.firstIndex(of: "]") { rest = rest[...close] }
        } else if let colon = rest.lastIndex(of: ":") {
            rest = rest[..<colon]
        }
        while rest.hasSuffix(".") { rest = rest.dropLast() }
        let host = rest.lowercased()
        return host.isEmpty ? nil : host
    }

    /// Site of `url`: its host without a leading "www.", or "local" for file URLs and paths.
    public static func site(ofURL url: String) -> String {
        guard let host = host(ofURL: url) else { return "local" }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }
}
