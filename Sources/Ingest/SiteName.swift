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

    /// Site of `url`: the registrable domain of its host under `suffixes` ("https://news.bbc.co.uk/x" →
    /// "bbc.co.uk"), with internationalised names in ASCII (Punycode) form. An IP address is its own site, and
    /// so is a host that is a public suffix itself; file URLs and URLs without a host are "local".
    public static func site(ofURL url: String, suffixes: PublicSuffixList = .shared) -> String {
        guard !isFileURL(url), let host = host(ofURL: url) else { return "local" }
        if HostName.isIPAddress(host) { return host }
        let name = HostName.ascii(HostName.normalized(host)) ?? host
        return suffixes.registrableDomain(ofHost: name) ?? name
    }

    private static func isFileURL(_ url: String) -> Bool {
        url.utf8.count >= 5 && url.utf8.prefix(5).map { $0 | 0x20 } == Array("file:".utf8)
    }
}
