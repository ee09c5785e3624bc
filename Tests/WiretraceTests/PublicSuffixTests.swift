import Foundation
import Testing
import WiretraceIngest

/// Whether the installed list (Debian's `publicsuffix`, or `$WIRETRACE_PSL`) could be read.
let publicSuffixListInstalled = !PublicSuffixList.shared.isFallback

/// Registrable domains by the official test cases (`test_psl.txt`), plus a few news sites.
/// All of them hold for the installed list, version 2023-02-09, and for later ones.
let registrableDomainCases: [(String, String?)] = [
    // Mixed case, leading dots.
    ("COM", nil), ("example.COM", "example.com"), ("WwW.example.COM", "example.com"),
    (".com", nil), (".example", nil), (".example.com", nil), (".example.example", nil),
    // Unlisted TLD: the implicit "*" rule.
    ("example", nil), ("example.example", "example.example"), ("b.example.example", "example.example"),
    ("a.b.example.example", "example.example"),
    // TLD with only one rule.
    ("biz", nil), ("domain.biz", "domain.biz"), ("b.domain.biz", "domain.biz"), ("a.b.domain.biz", "domain.biz"),
    // TLD with some two-level rules.
    ("com", nil), ("example.com", "example.com"), ("b.example.com", "example.com"),
    ("a.b.example.com", "example.com"), ("uk.com", nil), ("example.uk.com", "example.uk.com"),
    ("b.example.uk.com", "example.uk.com"), ("a.b.example.uk.com", "example.uk.com"), ("test.ac", "test.ac"),
    // TLD with only a wildcard rule.
    ("mm", nil), ("c.mm", nil), ("b.c.mm", "b.c.mm"), ("a.b.c.mm", "b.c.mm"),
    // More complex TLD.
    ("jp", nil), ("test.jp", "test.jp"), ("www.test.jp", "test.jp"), ("ac.jp", nil), ("test.ac.jp", "test.ac.jp"),
    ("www.test.ac.jp", "test.ac.jp"), ("kyoto.jp", nil), ("test.kyoto.jp", "test.kyoto.jp"), ("ide.kyoto.jp", nil),
    ("b.ide.kyoto.jp", "b.ide.kyoto.jp"), ("a.b.ide.kyoto.jp", "b.ide.kyoto.jp"), ("c.kobe.jp", nil),
    ("b.c.kobe.jp", "b.c.kobe.jp"), ("a.b.c.kobe.jp", "b.c.kobe.jp"), ("city.kobe.jp", "city.kobe.jp"),
    ("www.city.kobe.jp", "city.kobe.jp"),
    // TLD with a wildcard rule and exceptions.
    ("ck", nil), ("test.ck", nil), ("b.test.ck", "b.test.ck"), ("a.b.test.ck", "b.test.ck"), ("www.ck", "www.ck"),
    ("www.www.ck", "www.ck"),
    // US K12.
    ("us", nil), ("test.us", "test.us"), ("www.test.us", "test.us"), ("ak.us", nil), ("test.ak.us", "test.ak.us"),
    ("www.test.ak.us", "test.ak.us"), ("k12.ak.us", nil), ("test.k12.ak.us", "test.k12.ak.us"),
    ("www.test.k12.ak.us", "test.k12.ak.us"),
    // IDN labels.
    ("食狮.com.cn", "食狮.com.cn"), ("食狮.公司.cn", "食狮.公司.cn"), ("www.食狮.公司.cn", "食狮.公司.cn"),
    ("shishi.公司.cn", "shishi.公司.cn"), ("公司.cn", nil), ("食狮.中国", "食狮.中国"), ("www.食狮.中国", "食狮.中国"),
    ("shishi.中国", "shishi.中国"), ("中国", nil),
    // The same, in Punycode.
    ("xn--85x722f.com.cn", "xn--85x722f.com.cn"), ("xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn"),
    ("www.xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn"), ("shishi.xn--55qx5d.cn", "shishi.xn--55qx5d.cn"),
    ("xn--55qx5d.cn", nil), ("xn--85x722f.xn--fiqs8s", "xn--85x722f.xn--fiqs8s"),
    ("www.xn--85x722f.xn--fiqs8s", "xn--85x722f.xn--fiqs8s"), ("shishi.xn--fiqs8s", "shishi.xn--fiqs8s"),
    ("xn--fiqs8s", nil), ("XN--85X722F.com.cn", "xn--85x722f.com.cn"),
    // News sites, the PRIVATE section, host spellings that are not names.
    ("news.bbc.co.uk", "bbc.co.uk"), ("co.uk", nil), ("www.example.com.au", "example.com.au"),
    ("foo.blogspot.com", "foo.blogspot.com"), ("blogspot.com", nil), ("www.nytimes.com.", "nytimes.com"),
    ("", nil), (".", nil), ("a..example.com", nil), ("192.168.0.1", nil), ("10.1", nil), ("0x7f.1", nil),
    ("::1", nil), ("[2001:db8::1]", nil),
]

let publicSuffixCases: [(String, String?)] = [
    ("news.bbc.co.uk", "co.uk"), ("co.uk", "co.uk"), ("com", "com"), ("a.b.example", "example"),
    ("a.b.c.mm", "c.mm"), ("www.ck", "ck"), ("b.test.ck", "test.ck"), ("www.city.kobe.jp", "kobe.jp"),
    ("b.c.kobe.jp", "c.kobe.jp"), ("foo.blogspot.com", "blogspot.com"), ("食狮.公司.cn", "公司.cn"),
    ("xn--85x722f.xn--55qx5d.cn", "xn--55qx5d.cn"), ("x.K12.AK.US", "k12.ak.us"), ("192.168.0.1", nil), ("", nil),
    (".com", nil),
]

@Suite("Public Suffix List: the installed list", .enabled(if: publicSuffixListInstalled, "list not installed"))
struct InstalledPublicSuffixListTests {
    @Test("registrable domains", arguments: registrableDomainCases)
    func registrableDomain(host: String, expected: String?) {
        #expect(PublicSuffixList.shared.registrableDomain(ofHost: host) == expected)
    }

    @Test("public suffixes", arguments: publicSuffixCases)
    func publicSuffix(host: String, expected: String?) {
        #expect(PublicSuffixList.shared.publicSuffix(ofHost: host) == expected)
    }

    @Test("both sections are read, with thousands of rules")
    func loaded() {
        let list = PublicSuffixList.shared
        #expect(list.ruleCount > 5_000)
        #expect(list.path == PublicSuffixList.configuredPath)
        let icannOnly = PublicSuffixList(path: PublicSuffixList.configuredPath, includePrivateDomains: false)
        #expect(icannOnly.ruleCount < list.ruleCount)
        #expect(icannOnly.registrableDomain(ofHost: "foo.blogspot.com") == "blogspot.com")
        #expect(icannOnly.registrableDomain(ofHost: "news.bbc.co.uk") == "bbc.co.uk")
    }

    @Test("lookups from many tasks at once agree")
    func concurrentLookups() async {
        let hosts = registrableDomainCases.map(\.0)
        let expected = hosts.map { PublicSuffixList.shared.registrableDomain(ofHost: $0) }
        let results = await withTaskGroup(of: [String?].self) { group in
            for _ in 0..<8 {
                group.addTask { hosts.map { PublicSuffixList.shared.registrableDomain(ofHost: $0) } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test("sites of URLs are registrable domains")
    func sites() {
        #expect(SiteName.site(ofURL: "https://news.bbc.co.uk/x") == "bbc.co.uk")
        #expect(SiteName.site(ofURL: "https://www.example.com.au/") == "example.com.au")
        #expect(SiteName.site(ofURL: "https://foo.blogspot.com") == "foo.blogspot.com")
        #expect(SiteName.site(ofURL: "https://WWW.Herald.example.com:8080/a?b#c") == "example.com")
        #expect(SiteName.site(ofURL: "https://user@news.example.org/") == "example.org")
        #expect(SiteName.site(ofURL: "https://a.example/w") == "a.example")
        #expect(SiteName.site(ofURL: "https://co.uk/") == "co.uk")
        #expect(SiteName.site(ofURL: "http://localhost:8000/") == "localhost")
        #expect(SiteName.site(ofURL: "https://www.食狮.公司.cn/") == "xn--85x722f.xn--55qx5d.cn")
        #expect(SiteName.site(ofURL: "https://www.xn--85x722f.xn--55qx5d.cn/") == "xn--85x722f.xn--55qx5d.cn")
        #expect(Article(url: "https://news.bbc.co.uk/1", paragraphs: ["x"]).site == "bbc.co.uk")
        #expect(Article(url: "https://news.bbc.co.uk/1", site: "BBC", paragraphs: ["x"]).site == "BBC")
    }
}

@Suite("Public Suffix List")
struct PublicSuffixListTests {
    static let sample = """
        // A cut-down list in the official format.
        // ===BEGIN ICANN DOMAINS===
        com
        uk
        co.uk
        ck
        *.ck
        !www.ck
        jp
        *.kobe.jp
        !city.kobe.jp
        cn
        com.cn
        公司.cn
        uk.com\tthe rest of the line is ignored
        a.*.bad
        // ===END ICANN DOMAINS===
        // ===BEGIN PRIVATE DOMAINS===
        blogspot.com\r
        *.compute.example.net
        // ===END PRIVATE DOMAINS===
        """

    #if os(Linux)
    @Test("Debian's publicsuffix package is installed (apt-get install publicsuffix)")
    func installed() {
        #expect(
            publicSuffixListInstalled,
            "\(PublicSuffixList.shared.fallbackReason ?? "")"
        )
    }
    #endif

    @Test("rules of a list text: normal, wildcard, exception, Unicode, both sections")
    func rules() {
        let list = PublicSuffixList(text: Self.sample)
        #expect(!list.isFallback)
        #expect(list.path == nil)
        #expect(list.ruleCount == 15)
        let cases: [(String, String?)] = [
            ("news.example.co.uk", "example.co.uk"), ("co.uk", nil), ("uk", nil), ("x.uk.com", "x.uk.com"),
            ("ck", nil), ("test.ck", nil), ("a.b.test.ck", "b.test.ck"), ("www.ck", "www.ck"),
            ("www.www.ck", "www.ck"), ("c.kobe.jp", nil), ("a.b.c.kobe.jp", "b.c.kobe.jp"),
            ("www.city.kobe.jp", "city.kobe.jp"), ("shop.xn--55qx5d.cn", "shop.xn--55qx5d.cn"),
            ("a.shop.公司.cn", "shop.公司.cn"), ("foo.blogspot.com", "foo.blogspot.com"),
            ("a.b.compute.example.net", "a.b.compute.example.net"), ("b.compute.example.net", nil),
            ("compute.example.net", "example.net"), ("x.a.y.bad", "y.bad"), ("unlisted", nil),
            ("a.unlisted", "a.unlisted"),
        ]
        for (host, expected) in cases {
            #expect(list.registrableDomain(ofHost: host) == expected, "\(host)")
        }
        #expect(list.publicSuffix(ofHost: "x.b.compute.example.net") == "b.compute.example.net")
        #expect(list.publicSuffix(ofHost: "unlisted") == "unlisted")

        let icann = PublicSuffixList(text: Self.sample, includePrivateDomains: false)
        #expect(icann.ruleCount == 13)
        #expect(icann.registrableDomain(ofHost: "foo.blogspot.com") == "blogspot.com")
        #expect(icann.registrableDomain(ofHost: "b.compute.example.net") == "example.net")
    }

    @Test("a list file is read, a missing one gives an observable fallback")
    func files() {
        let directory = TemporaryDirectory()
        let file = directory.write("list.dat", Self.sample)
        let list = PublicSuffixList(path: file)
        #expect(!list.isFallback && list.fallbackReason == nil)
        #expect(list.path == file)
        #expect(list.ruleCount == 15)
        #expect(list.registrableDomain(ofHost: "news.example.co.uk") == "example.co.uk")

        for missing in [directory.file("nope.dat"), directory.write("empty.dat", "// nothing\n"), directory.path] {
            let fallback = PublicSuffixList(path: missing)
            #expect(fallback.isFallback, "\(missing)")
            #expect(fallback.fallbackReason?.contains(missing) == true)
            #expect(fallback.ruleCount == 0)
            #expect(fallback.registrableDomain(ofHost: "www.news.example.co.uk") == "news.example.co.uk")
            #expect(fallback.registrableDomain(ofHost: "WWW.Example.com.") == "example.com")
            #expect(fallback.registrableDomain(ofHost: "192.168.0.1") == nil)
            #expect(fallback.registrableDomain(ofHost: "") == nil)
            #expect(fallback.publicSuffix(ofHost: "example.com") == nil)
            #expect(
                SiteName.site(ofURL: "https://www.news.example.co.uk/a", suffixes: fallback) == "news.example.co.uk"
            )
        }
    }

    @Test("sites of URLs without a name: IP addresses, file URLs, no host")
    func sitesWithoutNames() {
        let list = PublicSuffixList(text: Self.sample)
        #expect(SiteName.site(ofURL: "http://192.168.1.20:8080/a", suffixes: list) == "192.168.1.20")
        #expect(SiteName.site(ofURL: "http://[2001:DB8::1]/a", suffixes: list) == "[2001:db8::1]")
        #expect(SiteName.site(ofURL: "file:///tmp/a.txt", suffixes: list) == "local")
        #expect(SiteName.site(ofURL: "FILE://localhost/tmp/a.txt", suffixes: list) == "local")
        #expect(SiteName.site(ofURL: "https:///a", suffixes: list) == "local")
        #expect(SiteName.site(ofURL: "not a url", suffixes: list) == "local")
        #expect(SiteName.site(ofURL: "https://www.news.example.co.uk/a", suffixes: list) == "example.co.uk")
        #expect(SiteName.host(ofURL: "https://user@WWW.Example.com.:8080/a") == "www.example.com")
    }

    @Test("WIRETRACE_PSL names the list the command line tool uses")
    func environmentOverride() throws {
        let directory = TemporaryDirectory()
        let list = directory.write("list.dat", "co.test\n")
        let record = try JSONSerialization.data(withJSONObject: [
            "url": "https://www.news.example.co.test/a", "text": words(80, seed: "psl"),
        ])
        let input = directory.write("in.jsonl", record)
        for (path, site) in [(list, "example.co.test"), (directory.file("missing.dat"), "news.example.co.test")] {
            let db = directory.file(UUID().uuidString + ".sqlite")
            let scan = try CLI.run(["scan", "--db", db, input], environment: ["WIRETRACE_PSL": path])
            #expect(scan.status == 0, "\(scan.stderr)")
            let export = try CLI.run(["export", "--db", db])
            #expect(export.stdout.contains("\"site\":\"\(site)\""), "\(export.stdout)")
        }
    }
}

@Suite("Punycode")
struct PunycodeTests {
    /// RFC 3492 section 7.1 samples and the labels of the PSL test cases.
    static let samples: [(String, String)] = [
        ("bücher", "bcher-kva"), ("münchen", "mnchen-3ya"), ("食狮", "85x722f"), ("公司", "55qx5d"), ("中国", "fiqs8s"),
        ("ü", "tda"), ("😀", "e28h"), ("abc", "abc-"),
        (
            "\u{644}\u{64A}\u{647}\u{645}\u{627}\u{628}\u{62A}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}"
                + "\u{64A}\u{61F}", "egbpdaj6bu4bxfgehfvwxn"
        ),
        ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"), ("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),
        ("安室奈美恵-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"), ("-> $1.00 <-", "-> $1.00 <--"),
    ]

    @Test("encoding and decoding round trip", arguments: samples)
    func roundTrip(unicode: String, encoded: String) {
        #expect(Punycode.encode(unicode) == encoded)
        #expect(Punycode.decode(encoded) == unicode)
    }

    @Test("invalid Punycode does not decode")
    func invalid() {
        #expect(Punycode.decode("bcher-kv") == nil)
        #expect(Punycode.decode("ü-abc") == nil)
        #expect(Punycode.decode("a!b") == nil)
        #expect(Punycode.decode("99999999999") == nil)
        #expect(Punycode.decode("") == "")
    }

    @Test("host names in ASCII and Unicode form")
    func hostNames() {
        #expect(HostName.normalized("WWW.Example.COM..") == "www.example.com")
        #expect(HostName.normalized("食狮。公司．CN") == "食狮.公司.cn")
        #expect(HostName.ascii("www.食狮.公司.cn") == "www.xn--85x722f.xn--55qx5d.cn")
        #expect(HostName.ascii("example.com") == "example.com")
        #expect(HostName.unicode("www.xn--85x722f.xn--55qx5d.cn") == "www.食狮.公司.cn")
        #expect(HostName.unicode("xn--bad!.com") == "xn--bad!.com")
        #expect(HostName.isIPAddress("10.0.0.1"))
        #expect(HostName.isIPAddress("[::1]"))
        #expect(HostName.isIPAddress("0x7f.1"))
        #expect(!HostName.isIPAddress("example.com"))
        #expect(!HostName.isIPAddress("1.example"))
    }
}
