import Testing
import WiretraceIngest

/// Keys that do not depend on the Public Suffix List (the host keeps all its labels or loses "www.").
let urlKeyCases: [(String, String)] = [
    // Scheme and host case, http = https, trailing dots, user info.
    ("HTTP://WWW.Example.COM/News/A", "example.com/News/A"),
    ("https://example.com/a", "example.com/a"),
    ("http://example.com/a", "example.com/a"),
    ("https://example.com./a", "example.com/a"),
    ("https://user:secret@example.com/a", "example.com/a"),
    // Ports.
    ("http://example.com:80/a", "example.com/a"),
    ("https://example.com:443/a", "example.com/a"),
    ("https://example.com:0443/a", "example.com/a"),
    ("http://example.com:443/a", "example.com:443/a"),
    ("https://example.com:80/a", "example.com:80/a"),
    ("https://example.com:8080/a", "example.com:8080/a"),
    ("https://example.com:/a", "example.com/a"),
    // Other subdomains are other hosts.
    ("https://news.example.com/a", "news.example.com/a"),
    ("https://www2.example.com/a", "www2.example.com/a"),
    // Fragment, root, trailing slashes, dot segments.
    ("https://example.com/a#comments", "example.com/a"),
    ("https://example.com/a?id=1#top", "example.com/a?id=1"),
    ("https://example.com", "example.com/"),
    ("https://example.com/", "example.com/"),
    ("https://example.com#x", "example.com/"),
    ("https://example.com/a/", "example.com/a"),
    ("https://example.com/a//", "example.com/a"),
    ("https://example.com//", "example.com/"),
    ("https://example.com/a/b/", "example.com/a/b"),
    ("https://example.com/a/./b/../c/", "example.com/a/c"),
    ("https://example.com/../a", "example.com/a"),
    ("https://example.com/a/%2E%2E/b", "example.com/b"),
    // Percent-encoding.
    ("https://example.com/%7Euser/%41%62%2d%5f", "example.com/~user/Ab-_"),
    ("https://example.com/a%2fb%3a", "example.com/a%2Fb%3A"),
    ("https://example.com/caf%c3%a9", "example.com/caf%C3%A9"),
    ("https://example.com/café", "example.com/caf%C3%A9"),
    ("https://example.com/a b/\"q\"", "example.com/a%20b/%22q%22"),
    ("https://example.com/100%", "example.com/100%"),
    ("https://example.com/a?q=%7e%2f&r=x+y", "example.com/a?q=~%2F&r=x+y"),
    ("https://example.com/a?tag[]=1", "example.com/a?tag%5B%5D=1"),
    // Query: tracking parameters out, the rest in order, empty query out.
    ("https://example.com/a?utm_source=x&id=3&utm_medium=y&p=2", "example.com/a?id=3&p=2"),
    ("https://example.com/a?p=2&id=3", "example.com/a?p=2&id=3"),
    ("https://example.com/a?UTM_Campaign=x&b=2&a=1&utm_=z", "example.com/a?b=2&a=1"),
    (
        "https://example.com/a?fbclid=1&gclid=2&dclid=3&msclkid=4&mc_cid=5&mc_eid=6&igshid=7&_ga=8&yclid=9&ref_src=10",
        "example.com/a"
    ),
    ("https://example.com/a?utm_source", "example.com/a"),
    ("https://example.com/a?utm%5Fsource=x&id=1", "example.com/a?id=1"),
    ("https://example.com/a?ref=home&source=rss&page=2", "example.com/a?ref=home&source=rss&page=2"),
    ("https://example.com/a?", "example.com/a"),
    ("https://example.com/a?&&id=1&", "example.com/a?id=1"),
    ("https://example.com?id=1", "example.com/?id=1"),
    ("https://example.com/a/?id=1", "example.com/a?id=1"),
    // IP addresses, IDN, white space.
    ("http://192.168.0.1:80/a/", "192.168.0.1/a"),
    ("http://[2001:DB8::1]:8080/", "[2001:db8::1]:8080/"),
    ("https://食狮.com.cn/a", "xn--85x722f.com.cn/a"),
    ("https://XN--85X722F.com.cn/a", "xn--85x722f.com.cn/a"),
    ("  https://example.com/a \n", "example.com/a"),
    // Not an http(s) URL: trimmed and otherwise unchanged.
    ("", ""), ("   ", ""), ("not a url", "not a url"), (" /relative/path ", "/relative/path"),
    ("//example.com/a", "//example.com/a"), ("example.com/a", "example.com/a"),
    ("mailto:a@example.com", "mailto:a@example.com"), ("ftp://example.com/a/", "ftp://example.com/a/"),
    ("file:///tmp/a.txt", "file:///tmp/a.txt"), ("http:example.com", "http:example.com"), ("http://", "http://"),
    ("https:///a", "https:///a"), ("https://exa mple.com/", "https://exa mple.com/"),
    ("https://example.com:99999/", "https://example.com:99999/"),
    ("https://example.com:8o/", "https://example.com:8o/"), ("https://a..b/", "https://a..b/"),
    ("https://.example.com/", "https://.example.com/"), ("http://[::1/", "http://[::1/"),
    ("https://[]/", "https://[]/"), ("https://@/", "https://@/"), ("%%%", "%%%"), ("://", "://"),
]

/// Keys whose host loses a first "www", "m", "mobile" or "amp" label only when the registrable domain stays.
let variantHostCases: [(String, String)] = [
    ("https://www.example.com/a", "example.com/a"),
    ("https://m.example.co.uk/a", "example.co.uk/a"),
    ("https://mobile.example.com/a", "example.com/a"),
    ("https://amp.example.com/a", "example.com/a"),
    ("https://AMP.News.Example.com/a", "news.example.com/a"),
    ("https://www.m.example.com/a", "m.example.com/a"),
    ("https://m.co.uk/a", "m.co.uk/a"),
    ("https://www.co.uk/", "www.co.uk/"),
    ("https://www.ck/", "www.ck/"),
    ("https://amp.blogspot.com/", "amp.blogspot.com/"),
    ("https://m.foo.blogspot.com/", "foo.blogspot.com/"),
    ("https://m.example/a", "m.example/a"),
    ("https://www.example.com.au/", "example.com.au/"),
    ("https://www.食狮.公司.cn/", "xn--85x722f.xn--55qx5d.cn/"),
    ("https://wwww.example.com/", "wwww.example.com/"),
    ("https://www.192.168.0.1/", "www.192.168.0.1/"),
]

let resolveBase = "https://news.example.com/world/2025/story.html?x=1#top"

/// References resolved against `resolveBase`.
let resolveCases: [(String, String?)] = [
    ("/a/b", "https://news.example.com/a/b"),
    ("a/b", "https://news.example.com/world/2025/a/b"),
    ("../c", "https://news.example.com/world/c"),
    ("../../../../c", "https://news.example.com/c"),
    ("./", "https://news.example.com/world/2025/"),
    ("//cdn.example.net/p?q", "https://cdn.example.net/p?q"),
    ("?q=2", "https://news.example.com/world/2025/story.html?q=2"),
    ("#f", "https://news.example.com/world/2025/story.html?x=1#f"),
    ("", "https://news.example.com/world/2025/story.html?x=1"),
    ("HTTP://Other.example.org/x", "http://Other.example.org/x"),
    ("https://other.example.org/a/../b", "https://other.example.org/b"),
    ("  /a/b\n", "https://news.example.com/a/b"),
    ("/a\n\t/b", "https://news.example.com/a/b"),
    ("javascript:void(0)", nil),
    ("mailto:desk@example.com", nil),
    ("data:text/html,hi", nil),
    ("ftp://example.com/a", nil),
    ("https:a", nil),
    ("https:///a", nil),
]

/// RFC 3986 section 5.4: the normal and abnormal examples, against "http://a/b/c/d;p?q".
let rfc3986Cases: [(String, String?)] = [
    ("g:h", nil), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"), ("/g", "http://a/g"),
    ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q#s"),
    ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"), (";x", "http://a/b/c/;x"),
    ("g;x", "http://a/b/c/g;x"), ("g;x?y#s", "http://a/b/c/g;x?y#s"), ("", "http://a/b/c/d;p?q"),
    (".", "http://a/b/c/"), ("./", "http://a/b/c/"), ("..", "http://a/b/"), ("../", "http://a/b/"),
    ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../", "http://a/"), ("../../g", "http://a/g"),
    ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"), ("/./g", "http://a/g"), ("/../g", "http://a/g"),
    ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."), ("..g", "http://a/b/c/..g"),
    ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"),
    ("g/../h", "http://a/b/c/h"), ("g;x=1/./y", "http://a/b/c/g;x=1/y"), ("g;x=1/../y", "http://a/b/c/y"),
    ("g?y/./x", "http://a/b/c/g?y/./x"), ("g?y/../x", "http://a/b/c/g?y/../x"), ("g#s/./x", "http://a/b/c/g#s/./x"),
    ("g#s/../x", "http://a/b/c/g#s/../x"), ("http:g", nil),
]

@Suite("URL keys and references")
struct URLNormalizerTests {
    /// A list that knows only what the key cases need, so they do not depend on the installed list.
    static let suffixes = PublicSuffixList(
        text: """
            com
            uk
            co.uk
            *.ck
            !www.ck
            au
            com.au
            cn
            公司.cn
            blogspot.com
            """
    )

    @Test("keys", arguments: urlKeyCases)
    func key(url: String, expected: String) {
        #expect(URLNormalizer.key(url, suffixes: Self.suffixes) == expected)
    }

    @Test("site variant labels are dropped while the registrable domain stays", arguments: variantHostCases)
    func variantHosts(url: String, expected: String) {
        #expect(URLNormalizer.key(url, suffixes: Self.suffixes) == expected)
    }

    @Test("variant labels with the installed list", .enabled(if: publicSuffixListInstalled, "list not installed"))
    func variantHostsInstalled() {
        #expect(URLNormalizer.key("https://m.example.co.uk/a") == "example.co.uk/a")
        #expect(URLNormalizer.key("https://m.co.uk/a") == "m.co.uk/a")
        #expect(URLNormalizer.key("https://www.ck/a") == "www.ck/a")
        #expect(URLNormalizer.key("https://amp.blogspot.com/a") == "amp.blogspot.com/a")
        #expect(URLNormalizer.key("https://www.bbc.co.uk/news/1/?utm_source=x") == "bbc.co.uk/news/1")
    }

    @Test("without the list only www. is dropped")
    func variantHostsFallback() {
        let fallback = PublicSuffixList(path: "/nonexistent/public_suffix_list.dat")
        #expect(fallback.isFallback)
        #expect(URLNormalizer.key("https://www.example.co.uk/a", suffixes: fallback) == "example.co.uk/a")
        #expect(URLNormalizer.key("https://m.example.co.uk/a", suffixes: fallback) == "m.example.co.uk/a")
    }

    @Test("the variants of one page share a key, other pages do not")
    func variantsOfOnePage() {
        let variants = [
            "https://www.example.com/news/story-1",
            "http://example.com/news/story-1/",
            "HTTPS://EXAMPLE.COM:443/news/story-1?utm_source=twitter&utm_medium=social",
            "http://m.example.com/news/./story-1#comments",
            "https://amp.example.com/news/%73tory-1?fbclid=abc",
            "  https://www.example.com/news/story-1?  ",
        ]
        let keys = Set(variants.map { URLNormalizer.key($0, suffixes: Self.suffixes) })
        #expect(keys == ["example.com/news/story-1"])
        let others = [
            "https://example.com/news/story-2", "https://example.com/news/story-1?id=2",
            "https://example.com/News/story-1", "https://example.com:8080/news/story-1",
            "https://other.example.com/news/story-1", "https://example.org/news/story-1",
        ]
        for other in others {
            #expect(URLNormalizer.key(other, suffixes: Self.suffixes) != "example.com/news/story-1", "\(other)")
        }
    }

    @Test("keys of keys and of garbage are stable")
    func stable() {
        for (url, _) in urlKeyCases + variantHostCases {
            let key = URLNormalizer.key(url, suffixes: Self.suffixes)
            #expect(URLNormalizer.key(key, suffixes: Self.suffixes) == key, "\(url)")
        }
        let bytes: [UInt8] = Array("https://\u{0}\u{7F}%/?#[]@:\u{FFFD}".utf8)
        for count in 0...bytes.count {
            _ = URLNormalizer.key(String(decoding: bytes.prefix(count), as: UTF8.self), suffixes: Self.suffixes)
            _ = URLNormalizer.resolve(String(decoding: bytes.prefix(count), as: UTF8.self), against: resolveBase)
        }
    }

    @Test("tracking parameters are few and named")
    func trackingParameters() {
        #expect(URLNormalizer.trackingParameters.count == 10)
        #expect(!URLNormalizer.trackingParameters.contains("id"))
        #expect(!URLNormalizer.trackingParameters.contains("p"))
        #expect(URLNormalizer.trackingParameterPrefix == "utm_")
    }

    @Test("references resolved against a page", arguments: resolveCases)
    func resolve(reference: String, expected: String?) {
        #expect(URLNormalizer.resolve(reference, against: resolveBase) == expected)
    }

    @Test("RFC 3986 reference resolution examples", arguments: rfc3986Cases)
    func resolveRFC3986(reference: String, expected: String?) {
        #expect(URLNormalizer.resolve(reference, against: "http://a/b/c/d;p?q") == expected)
    }

    @Test("bases that are not absolute URLs resolve nothing")
    func badBases() {
        #expect(URLNormalizer.resolve("/a", against: "not a url") == nil)
        #expect(URLNormalizer.resolve("/a", against: "") == nil)
        #expect(URLNormalizer.resolve("/a", against: "mailto:x@example.com") == nil)
        #expect(URLNormalizer.resolve("https://example.com/a", against: "") == "https://example.com/a")
        #expect(URLNormalizer.resolve("a", against: "https://example.com") == "https://example.com/a")
        #expect(URLNormalizer.resolve("b", against: "https://example.com/a/") == "https://example.com/a/b")
    }
}

@Suite("Dates in addresses")
struct URLDateTests {
    static let cases: [(String, String?)] = [
        ("https://example.com/2025/03/14/bridge-closed/", "2025-03-14"),
        ("https://example.com/news/2025/3/4/bridge", "2025-03-04"),
        ("https://example.com/2025/03/14", "2025-03-14"),
        ("https://example.com/world/2025-03-14/bridge", "2025-03-14"),
        ("https://example.com/20250314-bridge-closed", "2025-03-14"),
        ("https://example.com/news/20250314/bridge", "2025-03-14"),
        ("https://example.com/2024_02_29_bridge", "2024-02-29"),
        // Not dates: article numbers, impossible days, a month alone, the query, the host.
        ("https://example.com/news/bridge-closed-45709", nil),
        ("https://example.com/article.php?id=20250314&cat=news", nil),
        ("https://example.com/story/202503141", nil),
        ("https://example.com/2025/02/30/bridge", nil),
        ("https://example.com/2023_02_29_bridge", nil),
        ("https://example.com/2025/03/bridge", nil),
        ("https://example.com/2025/03/14-bridge", nil),
        ("https://2025.example.com/03/14/x", nil),
        ("https://example.com/1899/03/14/x", nil),
        ("https://example.com/#/2025/03/14/x", nil),
        ("not a url", nil),
    ]

    @Test("the day an address names", arguments: cases)
    func day(_ url: String, _ expected: String?) {
        #expect(URLDate.day(in: url).map { String($0.iso8601.prefix(10)) } == expected)
    }

    @Test("any text is read without a crash, and a day found is a real one in the accepted years")
    func arbitraryText() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["/", "2025", "03", "14", "-", "_", "://", "?", "#", "0", "9", "20250314", "1", "99999", "é", "x"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            if let day = URLDate.day(in: text) {
                #expect(day.secondsSinceEpoch % 86_400 == 0)
                #expect(URLDate.years.contains(Int(day.iso8601.prefix(4))!))
            }
        }
    }

    @Test("the window of a day spans every time zone")
    func window() throws {
        let day = try #require(URLDate.day(in: "https://example.com/2025/03/14/x"))
        let window = URLDate.window(ofDay: day)
        #expect(window.lowerBound == Timestamp(iso8601: "2025-03-13T10:00:00Z"))
        #expect(window.upperBound == Timestamp(iso8601: "2025-03-15T12:00:00Z"))
    }
}
