import Foundation
import Testing
import WiretraceExtraction
import WiretraceIngest

/// Builds a page around body HTML with the usual chrome (navigation, cookie notice, most-read list,
/// newsletter, comments, footer).
func page(title: String = "Bridge vote delayed again", head: String = "", body: String) -> [UInt8] {
    Array(
        """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(title) | The Riverton Herald</title>
        <meta property="og:site_name" content="The Riverton Herald">\(head)</head><body>
        <header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
        <div class="cookie-banner"><p>We value your privacy. We and our partners use cookies and similar technologies to deliver personalised content and advertising, and to analyse our traffic.</p></div>
        <main>\(body)
        <aside class="most-read"><h2>Most Read</h2><ol><li><a href="/1">Council approves the new budget for the harbour district</a></li><li><a href="/2">Storm damage closes the coastal road for a week</a></li></ol></aside></main>
        <section class="newsletter"><p>Sign up for our free daily newsletter and get the biggest stories of the day delivered straight to your inbox every morning.</p></section>
        <footer><p>© 2025 The Riverton Herald. All rights reserved.</p></footer></body></html>
        """.utf8
    )
}

let prose = [
    "The council postponed its vote on the Harbour Street bridge for the third time on Monday, citing a new cost estimate that arrived hours before the meeting.",
    "Engineers now put the price of the replacement at 14 million pounds, nearly twice the figure presented in the spring, because of corrosion found in the piers.",
    "Residents who crowded into the chamber said the delay would keep the only crossing to the east bank closed to lorries for another winter.",
    "\u{201C}We have waited long enough,\u{201D} said Mara Lind, who runs a bakery beside the bridge. \u{201C}Every month costs us customers.\u{201D}",
]

@Suite("HTML extraction")
struct ExtractionTests {
    let extractor = ArticleExtractor()

    @Test("an ArcaMax-style republication: 25 paragraphs, byline and credit in their fields, no chrome")
    func arcamaxGolden() throws {
        let paragraphs = (1...25).map {
            "Paragraph \($0) of the Bloomberg story says something substantial about markets, prices and the economy, with enough words to read as prose."
        }
        let credit = "©2025 Bloomberg L.P. Visit bloomberg.com. Distributed by Tribune Content Agency, LLC."
        let html = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Copper prices jump as supply tightens | ArcaMax</title>
            <meta property="og:site_name" content="ArcaMax"></head><body>
            <div id="top"><div class="crumbs"><a href="/currentnews">Current News</a> / <a href="/">ArcaMax</a></div></div>
            <div id="content"><h1>Copper prices jump as supply tightens</h1>
            <div class="byline">Greg Sullivan, Bloomberg News on</div>
            <div class="published">Published March 17, 2025 at 3:04 pm in News &amp; Features</div>
            <div class="story">
            \(paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n"))
            <p>\(credit)</p>
            </div>
            <div class="links"><b>Read More</b><ul><li><a href="/a">Another story entirely about something else</a></li></ul></div>
            <h3>Comments</h3><div id="disqus_thread"></div><p>blog comments powered by Disqus</p></div>
            </body></html>
            """
        let article = extractor.extract(html: Array(html.utf8), url: "https://www.arcamax.example.com/currentnews/s-1")
        #expect(article.title == "Copper prices jump as supply tightens")
        #expect(article.byline == "Greg Sullivan, Bloomberg News")
        #expect(article.published?.iso8601 == "2025-03-17T15:04:00Z")
        #expect(article.creditLines == [credit])
        #expect(article.paragraphs == paragraphs + [credit])
        let body = article.body
        for chrome in ["Current News", "Comments", "Disqus", "Read More", "Published"] {
            #expect(!body.contains(chrome), "\(chrome)")
        }
        var asArticle = try extractor.article(
            fromHTML: Array(html.utf8),
            page: PageInfo(url: "https://www.arcamax.example.com/x", location: .unknown)
        )
        asArticle.detectCredits()
        #expect(asArticle.matchingParagraphs == paragraphs)
    }

    @Test("page chrome goes; the article stays")
    func chrome() {
        let html = page(
            body:
                "<article><h1>Bridge vote delayed again</h1><div class=\"article-body\">\(prose.map { "<p>\($0)</p>" }.joined())</div></article>"
        )
        let article = extractor.extract(html: html, url: "https://riverton.example.com/a")
        #expect(article.paragraphs == prose)
        #expect(article.siteName == "The Riverton Herald")
        #expect(article.title == "Bridge vote delayed again")
    }

    @Test("old pages: a table layout with <br><br> paragraphs, a link column and small print")
    func legacyTable() {
        let html = """
            <html><head><title>Bridge vote delayed again</title><meta property="og:site_name" content="The Riverton Herald"></head>
            <body><table><tr><td class="leftnav"><a href="/">Home</a><br><a href="/news">News</a><br><a href="/sport">Sport</a></td>
            <td><font size="5"><b>Bridge vote delayed again</b></font><br><i>By Tom Walsh</i><br>Posted: March 5, 2025 at 9:30 am<br><br>
            \(prose.joined(separator: "<br><br>\n"))
            <br><br><hr><font size="1">Copyright 2025 The Riverton Herald. Reproduction prohibited.</font></td>
            <td><b>Top Stories</b><br>Council approves the budget<br>Storm closes the coast road<br><br><b>Advertisement</b></td></tr></table></body></html>
            """
        let article = extractor.extract(html: Array(html.utf8), url: "https://riverton.example.com/old")
        #expect(article.paragraphs == prose)
    }

    @Test("inline ads, read-more links, related boxes, share bars and captions inside the body are removed")
    func inlineFurniture() {
        let body = """
            <div class="story__content">
            <p class="story__text">\(prose[0])</p>
            <div class="ad-slot"><span>ADVERTISEMENT</span></div>
            <p class="story__text">\(prose[1])</p>
            <figure><img src="x.jpg"><figcaption>The Harbour Street bridge in 2019. Photo: Riverton Herald</figcaption></figure>
            <p class="read-more"><strong>Read more:</strong> <a href="/x">Council approves the new budget for the harbour district</a></p>
            <p class="story__text">\(prose[2])</p>
            <div class="related"><h4>Related</h4><ul><li><a href="/r">Storm damage closes the coastal road for a week</a></li></ul></div>
            <div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
            <p class="story__text">\(prose[3])<span class="caption">(Image: GETTY)</span></p>
            </div>
            """
        let article = extractor.extract(html: page(body: body), url: "https://riverton.example.com/b")
        #expect(article.paragraphs == prose)
    }

    @Test("a data table's rows are read as lines")
    func dataTable() {
        let body = """
            <div class="article-body"><p>\(prose[0])</p>
            <table><tr><th>Pos</th><th>Driver</th><th>Points</th></tr><tr><td>1</td><td>Ana Ruiz</td><td>250</td></tr>
            <tr><td>2</td><td>Lee Park</td><td>241</td></tr></table><p>\(prose[1])</p></div>
            """
        let article = extractor.extract(html: page(body: body), url: "https://riverton.example.com/t")
        #expect(article.paragraphs == [prose[0], "Pos Driver Points", "1 Ana Ruiz 250", "2 Lee Park 241", prose[1]])
    }

    @Test("metadata: title without the site name, dates from meta, JSON-LD, <time> and visible text, canonical")
    func metadata() {
        let cases: [(String, String, String?)] = [
            (
                "<meta property=\"article:published_time\" content=\"2025-03-17T15:04:05+01:00\">", "",
                "2025-03-17T14:04:05Z"
            ),
            (
                "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2025-03-17T09:00:00Z\",\"author\":{\"@type\":\"Person\",\"name\":\"Jane Doe\"}}</script>",
                "", "2025-03-17T09:00:00Z"
            ),
            ("", "<time datetime=\"2025-03-16T08:00:00Z\">Sunday</time>", "2025-03-16T08:00:00Z"),
            ("", "<span class=\"story__date\">March 17, 2025 at 3:04 pm</span>", "2025-03-17T15:04:00Z"),
            ("", "", nil),
        ]
        for (head, top, expected) in cases {
            let html = page(
                head: head + "<link rel=\"canonical\" href=\"/news/bridge-vote\">",
                body:
                    "<article>\(top)<div class=\"article-body\">\(prose.map { "<p>\($0)</p>" }.joined())</div></article>"
            )
            let article = extractor.extract(html: html, url: "https://www.riverton.example.com/amp/bridge")
            #expect(article.published?.iso8601 == expected, "\(head)\(top)")
            #expect(article.title == "Bridge vote delayed again")
            #expect(article.canonicalURL == "https://www.riverton.example.com/news/bridge-vote")
        }
        let crossDomain = page(
            head: "<link rel=\"canonical\" href=\"https://wire.example.org/story/1\">",
            body: "<div class=\"article-body\">\(prose.map { "<p>\($0)</p>" }.joined())</div>"
        )
        #expect(
            extractor.extract(html: crossDomain, url: "https://mirror.example.net/x").canonicalURL
                == "https://wire.example.org/story/1"
        )
    }

    @Test("charsets: windows-1252 by <meta>, the transport's charset, BOMs, and invalid bytes")
    func charsets() {
        let text =
            "Caf\u{E9} owners say \u{201C}it\u{2019}s over\u{201D} \u{2013} again, after the council vote on the harbour bridge was delayed."
        func cp1252(_ string: String) -> [UInt8] {
            string.unicodeScalars.map { scalar -> UInt8 in
                switch scalar.value {
                case 0x201C: 0x93
                case 0x201D: 0x94
                case 0x2019: 0x92
                case 0x2013: 0x96
                default: UInt8(scalar.value)
                }
            }
        }
        let head = Array(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><div class=\"article-body\"><p>"
                .utf8
        )
        let tail = Array("</p></div></body></html>".utf8)
        let page1252 = head + cp1252(text) + tail
        #expect(extractor.extract(html: page1252, url: "https://a.example/1").paragraphs == [text])
        // The transport names the charset; the page says nothing.
        let bare = Array("<html><body><div class=\"article-body\"><p>".utf8) + cp1252(text) + tail
        #expect(extractor.extract(html: bare, url: "https://a.example/2", charset: "ISO-8859-1").paragraphs == [text])
        // No declaration, not UTF-8: read as windows-1252.
        #expect(extractor.extract(html: bare, url: "https://a.example/3").paragraphs == [text])
        // Declared windows-1252 but actually UTF-8 (a common lie).
        let lying = head + Array(text.utf8) + tail
        #expect(extractor.extract(html: lying, url: "https://a.example/4").paragraphs == [text])
        // UTF-16 with a byte-order mark.
        let utf16 =
            [UInt8]([0xFF, 0xFE])
            + String(decoding: bare.prefix(bare.count - tail.count), as: UTF8.self).utf16.flatMap {
                [UInt8($0 & 0xFF), UInt8($0 >> 8)]
            }
        #expect(
            !extractor.extract(html: utf16 + tail.flatMap { [$0, 0] }, url: "https://a.example/5").paragraphs.isEmpty
        )
        // Invalid UTF-8 bytes become U+FFFD, never a crash.
        let broken =
            Array("<html><head><meta charset=\"utf-8\"></head><body><div class=\"article-body\"><p>".utf8)
            + Array(prose[0].utf8) + [0xC3, 0x28, 0xFF] + Array(" and more words after the broken bytes.".utf8) + tail
        let repaired = extractor.extract(html: broken, url: "https://a.example/6", charset: "utf-8")
        #expect(repaired.paragraphs.first?.contains("\u{FFFD}") == true)
    }

    @Test(
        "garbage in, no crash",
        arguments: [
            "", "<", "<<<>>>", "<html><body>", String(repeating: "<div>", count: 20_000), "\u{0}\u{1}\u{2}binary",
            "<p>" + String(repeating: "x", count: 100_000),
        ]
    )
    func garbage(_ html: String) {
        _ = extractor.extract(html: Array(html.utf8), url: "https://a.example/g")
    }
}

@Suite("Credit lines and dates")
struct CreditLineTests {
    @Test(
        "credit lines",
        arguments: [
            "©2025 Bloomberg L.P. Visit bloomberg.com. Distributed by Tribune Content Agency, LLC.",
            "Copyright 2025 The Associated Press. All rights reserved.",
            "(Reporting by Greg Novak; Editing by Peter Moreno)", "[Source: Reuters]",
            "This story first appeared on Associated Press and is republished here with permission.",
            "The post Bridge vote delayed appeared first on The Riverton Herald.",
            "This article was originally published by The Riverton Herald.", "SOURCE Acme Dynamics",
            "Press Association 2025. All rights reserved.",
        ]
    )
    func credits(_ line: String) {
        #expect(CreditLines.isCredit(line))
    }

    @Test(
        "prose is no credit line",
        arguments: [prose[0], prose[3], "Source of the river is in the hills, locals said."]
    )
    func notCredits(_ line: String) {
        #expect(!CreditLines.isCredit(line))
    }

    @Test(
        "datelines",
        arguments: [
            ("LONDON (Reuters) - Shares rose.", "LONDON (Reuters) -"),
            ("WASHINGTON (AP) \u{2014} The Senate voted.", "WASHINGTON (AP) \u{2014}"),
            ("March 17 (UPI) -- A storm hit.", "March 17 (UPI) --"),
            ("The mayor (a former judge) - said no.", nil), ("No dateline here.", nil),
        ]
    )
    func datelines(_ paragraph: String, _ expected: String?) {
        #expect(CreditLines.dateline(of: paragraph) == expected)
    }

    @Test(
        "visible and machine dates",
        arguments: [
            ("Published March 17, 2025 at 3:04 pm", "2025-03-17T15:04:00Z"),
            ("17 March 2025 15:04 GMT", "2025-03-17T15:04:00Z"),
            ("Mar. 17, 2025, 3:04 p.m. ET", "2025-03-17T20:04:00Z"),
            ("Mon, 17 Mar 2025 15:04:05 GMT", "2025-03-17T15:04:05Z"),
            ("2025-03-17T15:04:05.000+0000", "2025-03-17T15:04:05Z"),
            ("Posted: March 5, 2025 at 9:30 am", "2025-03-05T09:30:00Z"),
        ]
    )
    func dates(_ text: String, _ expected: String) {
        #expect(DateText.parse(text)?.iso8601 == expected)
    }

    @Test("the matching text leaves credit lines and the dateline out")
    func matchingText() {
        var article = Article(
            url: "https://a.example/x",
            paragraphs: ["LONDON (Reuters) - " + prose[0], prose[1], "(Reporting by A; Editing by B)"]
        )
        article.detectCredits()
        #expect(article.dateline == "LONDON (Reuters) -")
        #expect(article.creditLines == ["(Reporting by A; Editing by B)"])
        #expect(article.matchingParagraphs == [prose[0], prose[1]])
    }

    @Test("detected credit lines stand for the test of every paragraph until the text changes")
    func detectedCreditsFollowEdits() {
        let credit = "(Reporting by A; Editing by B)"
        var article = Article(url: "https://a.example/x", paragraphs: [prose[0], credit, prose[1]])
        article.detectCredits()
        #expect(article.matchingParagraphs == [prose[0], prose[1]])
        // New paragraphs: the credit lines found before say nothing about them.
        article.paragraphs.append("©2025 Bloomberg L.P. Distributed by Tribune Content Agency, LLC.")
        #expect(article.matchingParagraphs == [prose[0], prose[1]])
        // Credit lines named by the input: every paragraph is still tested.
        var named = Article(url: "https://a.example/y", paragraphs: [prose[0], credit, prose[1]])
        named.creditLines = ["Source: Example Wire"]
        #expect(named.matchingParagraphs == [prose[0], prose[1]])
        named.setDetectedCreditLines([credit])
        #expect(named.creditLines == [credit] && named.matchingParagraphs == [prose[0], prose[1]])
    }
}

@Suite("HTML files")
struct HTMLFileTests {
    /// Every article an input reader with the HTML extractor reads from the directory's files.
    func extractedArticles(in directory: TemporaryDirectory) throws -> [Article] {
        let reader = InputReader(htmlDecoder: ArticleExtractor())
        let (files, problems, _) = reader.expand([directory.path])
        #expect(problems.isEmpty)
        var articles: [Article] = []
        for file in files {
            try reader.read(file) { if case .article(let a) = $0 { articles.append(a) } }
        }
        return articles
    }

    @Test("a folder of pages: URLs from .url and .json sidecars, else the file path")
    func folder() throws {
        let directory = TemporaryDirectory()
        let body = "<div class=\"article-body\">\(prose.map { "<p>\($0)</p>" }.joined())</div>"
        directory.write("a/one.html", String(decoding: page(body: body), as: UTF8.self))
        directory.write("a/one.html.url", "https://www.riverton.example.com/news/one\n")
        directory.write("b/two.htm", String(decoding: page(body: body), as: UTF8.self))
        directory.write(
            "b/two.htm.json",
            #"{"url": "https://wire.example.org/two", "fetched": "2025-03-05T10:00:00Z"}"#
        )
        directory.write("c/three.html", String(decoding: page(body: body), as: UTF8.self))
        let articles = try extractedArticles(in: directory)
        #expect(articles.map(\.url).count == 3)
        #expect(articles[0].url == "https://www.riverton.example.com/news/one")
        #expect(articles[0].site == "riverton.example.com" || articles[0].site == "example.com")
        #expect(articles[1].url == "https://wire.example.org/two")
        #expect(articles[1].fetched?.iso8601 == "2025-03-05T10:00:00Z")
        #expect(articles[2].url.hasPrefix("file:///"))
        #expect(articles.allSatisfy { $0.paragraphs == prose })
    }

    @Test("HTML in a JSON string is Unicode already: a <meta charset> left in it does not decode it again")
    func jsonHTMLIgnoresMetaCharset() throws {
        let prose = [
            "Правительство объявило в понедельник о новом плане строительства жилья в северных районах.",
            "Министр сказал журналистам, что первые дома будут готовы к весне следующего года.",
        ]
        let html =
            "<html><head><meta charset=\"koi8-r\"><title>План</title></head><body><article>"
            + prose.map { "<p>\($0)</p>" }.joined() + "</article></body></html>"
        let record = try JSONSerialization.data(withJSONObject: ["url": "https://ru.example/plan", "html": html])
        let directory = TemporaryDirectory()
        directory.write("pages.jsonl", String(decoding: record, as: UTF8.self) + "\n")
        let articles = try extractedArticles(in: directory)
        #expect(articles.map(\.paragraphs) == [prose])
    }
}

/// Issue 25, item 3: a page of millions of empty elements must not cost over 100 times its size; the
/// node limit is enforced while libxml2 parses (peak memory is measured with `/usr/bin/time -v`, see the
/// commit message, not here).
@Suite("HTML node limit")
struct NodeLimitTests {
    static let story = (0..<12).map { "<p>Paragraph \($0) of the council's harbour budget story, in full words.</p>" }

    static func page(_ body: String) -> [UInt8] {
        Array("<html><head><title>Harbour budget</title></head><body><article>\(body)</article></body></html>".utf8)
    }

    @Test("a page within the limit extracts exactly as without one; one node over it is refused")
    func limit() throws {
        let html = Self.page(Self.story.joined())
        let unlimited = ArticleExtractor(nodeLimit: .max).extract(html: html, url: "https://x.example/a")
        #expect(unlimited.paragraphs.count == 12)
        #expect(!unlimited.overNodeLimit)
        // The page's nodes: html, head, title and its text, body, article, 12 paragraphs and their text.
        let nodes = 6 + 2 * Self.story.count
        let within = ArticleExtractor(nodeLimit: nodes).extract(html: html, url: "https://x.example/a")
        #expect(within == unlimited)
        let over = ArticleExtractor(nodeLimit: nodes - 1).extract(html: html, url: "https://x.example/a")
        #expect(over.overNodeLimit)
        #expect(over.paragraphs.isEmpty)
        let page = PageInfo(url: "https://x.example/a", location: .unknown)
        #expect(throws: IngestProblem.self) {
            try ArticleExtractor(nodeLimit: nodes - 1).article(fromHTML: html, page: page)
        }
        do {
            _ = try ArticleExtractor(nodeLimit: nodes - 1).article(fromHTML: html, page: page)
        } catch let problem as IngestProblem {
            #expect(problem.reason == "too-many-nodes")
            #expect(problem.category == .data)
        }
        // Comments count too: an HTML comment is a node libxml2 keeps.
        let commented = Self.page(Self.story.joined() + String(repeating: "<!-- x -->", count: 3))
        #expect(
            ArticleExtractor(nodeLimit: nodes + 2).extract(html: commented, url: "https://x.example/a").overNodeLimit
        )
        #expect(
            !ArticleExtractor(nodeLimit: nodes + 3).extract(html: commented, url: "https://x.example/a").overNodeLimit
        )
    }

    @Test("a 16 MiB page of empty paragraphs (the hostile fixture's) is refused as too-many-nodes by the reader")
    func emptyParagraphs() throws {
        let size = 16 * 1024 * 1024 - 300
        let html = Self.page(String(repeating: "<p>", count: size / 3))
        let reader = InputReader(htmlDecoder: ArticleExtractor())
        let item = reader.decode(.htmlFile(html, PageInfo(url: "https://p16.example.com/0", location: .unknown)))
        guard case .skipped(let problem) = item else {
            Issue.record("expected the page to be skipped, got \(item)")
            return
        }
        #expect(problem.reason == "too-many-nodes")
        // The same page with a story before the empty paragraphs is refused too: the limit is on the page.
        let mixed = Self.page(Self.story.joined() + String(repeating: "<p>", count: 300_000))
        #expect(ArticleExtractor().extract(html: mixed, url: "https://x.example/b").overNodeLimit)
    }
}
