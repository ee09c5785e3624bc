import Testing
import WiretraceExtraction

/// Ten paragraphs of one invented story, long enough to read as prose.
let story = (1...10).map {
    "Paragraph \($0) of the harbour story: the council met again on Monday, engineers presented new figures, and residents said the delay would cost them another winter of detours."
}

/// Comments of readers: many, long, punctuated — more text than the story itself.
let comments = (1...40).map {
    "Reader comment \($0): I have lived by the harbour for years, and honestly, the council has been promising this bridge since before my children were born. Build it, or admit you never will."
}

func paragraphs(_ texts: some Sequence<String>) -> String { texts.map { "<p>\($0)</p>" }.joined(separator: "\n") }

@Suite("Content selection")
struct ContentSelectionTests {
    let extractor = ArticleExtractor()

    func body(_ html: String, url: String = "https://riverton.example.com/s") -> [String] {
        extractor.extract(html: Array(html.utf8), url: url).paragraphs
    }

    // MARK: Sections named for other content

    @Test("a comment thread longer than the article is not chosen, and does not ride along inside it")
    func commentThread() {
        let outside = """
            <html><body><div class="post"><h1>Harbour bridge</h1>\(paragraphs(story.prefix(4)))</div>
            <div id="comments"><h3>40 comments</h3><dl>\(comments.map { "<dt>Reader</dt><dd><p>\($0)</p></dd>" }.joined())</dl></div>
            </body></html>
            """
        #expect(body(outside) == Array(story.prefix(4)))
        // The same thread inside the article's own container, holding most of its text.
        let inside = """
            <html><body><div class="entry">\(paragraphs(story.prefix(4)))
            <div class="comment-list">\(paragraphs(comments))</div></div></body></html>
            """
        #expect(body(inside) == Array(story.prefix(4)))
    }

    @Test("a layout wrapper named after its sidebar (\"has-sidebar main-content\") is no comment section")
    func layoutWrapper() {
        let html = """
            <html><body><nav>\((1...60).map { "<a href=\"/\($0)\">Section number \($0)</a>" }.joined(separator: " "))</nav>
            <div class="site has-sidebar" id="main-content"><div>\(paragraphs(story.prefix(5)))</div>
            <div class="widget"><p>Short note from the editors about the newsletter.</p></div></div>
            <div class="sidebar"><p>\(comments[0])</p></div></body></html>
            """
        #expect(body(html) == Array(story.prefix(5)))
    }

    @Test("a short article beats a long comment thread outside it; a comment is chosen only when nothing else is")
    func shortArticleLongThread() {
        let html = """
            <html><body><div class="post"><p>\(story[0])</p></div>
            <ol class="commentlist">\(comments.map { "<li class=\"comment\"><div class=\"comment-author\">Reader</div><p>\($0)</p></li>" }.joined())</ol>
            </body></html>
            """
        #expect(body(html) == [story[0]])
        // Edge: a page that is nothing but a thread still yields its text.
        let threadOnly = """
            <html><body><div id="comments">\(paragraphs(comments.prefix(3)))</div></body></html>
            """
        #expect(body(threadOnly) == Array(comments.prefix(3)))
    }

    @Test("a caption or byline name on an element holding paragraphs of prose, or one long one, does not drop them")
    func misnamedPieces() {
        let slideshow = """
            <html><body><div class="article-body"><h3>Slide 1</h3><div class="caption" id="slide-content">
            <p>\(story[0]) \(story[1])</p><p>\(story[2])</p></div><p>\(story[3])</p></div></body></html>
            """
        #expect(body(slideshow) == ["\(story[0]) \(story[1])", story[2], story[3]])
        // Edge: a block of short caption lines is still a caption.
        let captions = """
            <html><body><div class="article-body">\(paragraphs(story.prefix(3)))
            <div class="wp-caption"><p>1938 – Photo number 39749. Photographer: The Province.</p>
            <p>1937 – Photo number 7997. Photographer: Leonard Frank.</p></div></div></body></html>
            """
        #expect(body(captions) == Array(story.prefix(3)))
        // A single paragraph of 400 characters or more is no caption, whatever its class says.
        let intro = """
            <html><body><div class="article-body"><p class="caption">\(story[0]) \(story[1]) \(story[2])</p>
            \(paragraphs(story[3..<6]))<p class="caption">The bridge at dawn, seen from the old pier.</p></div></body></html>
            """
        #expect(body(intro) == ["\(story[0]) \(story[1]) \(story[2])"] + story[3..<6])
    }

    @Test("a name stating what an element lacks (\"no_caption\") says nothing about it; \"caption\" still does")
    func negatedNames() {
        let html = """
            <html><body><div class="entry">\(paragraphs(story.prefix(3)))
            <div class="list_item no_caption"><h2>The harbour master on the bridge plan</h2><p>\(story[3])</p></div>
            <div class="list_item caption"><p>\(story[4])</p></div>\(paragraphs(story[5..<7]))</div></body></html>
            """
        #expect(
            body(html) == Array(story.prefix(3)) + ["The harbour master on the bridge plan", story[3]] + story[5..<7]
        )
    }

    @Test("an id made from a heading's words names nothing; a real name still counts")
    func slugIDs() {
        let html = """
            <html><body><div class="document">
            <div class="section" id="sharing-with-a-single-developer"><h2>Sharing with a single developer</h2>\(paragraphs(story.prefix(3)))</div>
            <div class="section" id="example-1-amend-a-shared-changeset"><h2>Example</h2>\(paragraphs(story[3..<6]))</div>
            <div id="share-bar"><p>Share this page with your friends and colleagues, it only takes a moment of your time.</p></div>
            </div></body></html>
            """
        // (The first heading stands above the first paragraph, where only credit lines and datelines stay.)
        #expect(body(html) == story.prefix(3) + ["Example"] + story[3..<6])
    }

    // MARK: Names weigh the text, they do not replace it

    @Test("a one-paragraph teaser named article-body does not outweigh a whole unnamed article")
    func namesScaleVotes() {
        let html = """
            <html><body><div class="promo-box"><div class="article-body"><p>\(comments[1])</p></div></div>
            <div>\(paragraphs(story.prefix(6)))</div></body></html>
            """
        #expect(body(html) == Array(story.prefix(6)))
        // Edge: against text of the same weight, the name decides.
        let even = """
            <html><body><div><p>\(comments[1])</p><p>\(comments[2])</p></div>
            <div class="article-body"><p>\(story[0])</p><p>\(story[1])</p></div></body></html>
            """
        #expect(body(even) == Array(story.prefix(2)))
    }

    // MARK: The page's own headline

    @Test("text above the page's headline is not the story printed under it")
    func aboveTheHeadline() {
        let tagline = (1...5).map {
            "\"Quote \($0) about this blog: a much-needed voice, always up to date, and never, ever boring to read.\" - A reader"
        }
        let html = """
            <html><head><title>Harbour bridge delayed again | Riverton Notes</title></head><body>
            <div class="site-description">\(tagline.joined(separator: "<br>"))</div>
            <div class="post-wrap"><div><h2>Harbour bridge delayed again</h2>\(paragraphs(story.prefix(4)))</div></div>
            </body></html>
            """
        #expect(body(html) == Array(story.prefix(4)))
        // Edge: a standfirst right under the headline does not take the place of the story below it.
        let standfirst = """
            <html><head><title>Harbour bridge delayed again | The Riverton Herald</title></head><body><article>
            <header><h1>Harbour bridge delayed again</h1><div><h2>The council postponed its vote for the third time, citing a new estimate of the cost of the works.</h2></div>
            <div class="share"><a href="/f">Facebook</a> <a href="/t">Twitter</a></div><div>By Tom Walsh</div></header>
            <div><div><div class="text">\(paragraphs(story.prefix(4)))</div></div></div></article></body></html>
            """
        #expect(body(standfirst) == Array(story.prefix(4)))
    }

    // MARK: Articles in pieces

    @Test("a story cut into sections by pictures is read whole, without the captions")
    func pieces() {
        let sections = stride(from: 0, to: 9, by: 3).map { start in
            """
            <span><div><div class="step"><p>\(story[start])</p><p>\(story[start + 1])</p><p>\(story[start + 2])</p></div></div></span>
            <figure><img src="x.jpg"><figcaption>Picture \(start): the harbour at dawn, seen from the old pier.</figcaption></figure>
            """
        }
        let html =
            "<html><body><header><a href=\"/\">Home</a></header><article>\(sections.joined())</article></body></html>"
        #expect(body(html) == Array(story.prefix(9)))
    }

    @Test("teaser lists after the story are not pieces of it; a section of numbered paragraphs is")
    func teaserListsAreNotPieces() {
        let teasers = (1...3).map { list in
            "<h4>More stories</h4><ul>"
                + (1...5).map {
                    "<li><a href=\"/\(list)/\($0)\">Headline \($0)</a> The council said on Monday that teaser \($0) of list \(list) is a summary of another article entirely.</li>"
                }.joined() + "</ul>"
        }
        let html = """
            <html><body><div><div class="text">\(paragraphs(story.prefix(5)))</div>
            \(teasers.map { "<div>\($0)</div>" }.joined())</div></body></html>
            """
        #expect(body(html) == Array(story.prefix(5)))
        // Edge: a section beside the story's that numbers paragraphs of argument is one of its sections.
        let points = story[5..<8].map { "\($0) \($0)" }
        let numbered = """
            <html><body><article><section><div>\(paragraphs(story.prefix(5)))</div></section>
            <section><div><p>\(story[8])</p><ol>\(points.map { "<li>\($0)</li>" }.joined())</ol></div></section>
            </article></body></html>
            """
        #expect(body(numbered) == Array(story.prefix(5)) + [story[8]] + points)
    }

    @Test("a story cut by ad slots into several marked bodies keeps every part")
    func markedBodies() {
        let html = """
            <html><body><article><h1>Harbour bridge</h1>
            <div itemprop="articleBody">\(paragraphs(story.prefix(3)))</div>
            <div class="ad-slot"><p>Advertisement</p></div>
            <div itemprop="articleBody">\(paragraphs(story[3..<6]))</div></article></body></html>
            """
        #expect(body(html) == Array(story.prefix(6)))
        // Edge: one marked body inside a marked wrapper that also holds the page's links: no climbing.
        let nested = """
            <html><body><div class="article-body"><div><a href="https://riverton.example.com/s">https://riverton.example.com/s</a></div>
            <div class="article-body">\(paragraphs(story.prefix(3)))</div></div></body></html>
            """
        #expect(body(nested) == Array(story.prefix(3)))
    }

    @Test("marked sections of one story are joined; marked excerpts of other stories are not")
    func markedSections() {
        func section(_ range: Range<Int>) -> String {
            "<section><div><div itemprop=\"articleBody\">\(paragraphs(story[range]))</div></div></section>"
        }
        let aside = "<aside class=\"share-tools\"><a href=\"/s\">Share this article</a></aside>"
        let html = """
            <html><head><title>Harbour bridge delayed again | The Riverton Herald</title></head><body>
            <div><h1>Harbour bridge delayed again</h1>\(section(0..<2))\(aside)<figure><img src="a.jpg"></figure>\(section(2..<5))\(aside)\(section(5..<10))</div>
            </body></html>
            """
        #expect(body(html) == story)
        // Edge: excerpts of other stories marked like the story's body, before and after it.
        let excerpts = (0..<3).map {
            "<div class=\"teaser\"><div class=\"entry-content\"><p>\(comments[$0])</p></div></div>"
        }.joined()
        let teasers = """
            <html><head><title>Harbour bridge delayed again | The Riverton Herald</title></head><body><div>
            <div class="promoted">\(excerpts)</div><h1>Harbour bridge delayed again</h1>
            <div class="entry-content">\(paragraphs(story.prefix(6)))</div><div class="more">\(excerpts)</div></div></body></html>
            """
        #expect(body(teasers) == Array(story.prefix(6)))
    }

    @Test("short sections of the same kind beside the story's main section are its sections")
    func sameKindSections() {
        let html = """
            <html><body><article><div>
            <section><div><div>\(paragraphs(story.prefix(2)))</div></div></section>
            <section><div><div>\(paragraphs(story[2..<10]))</div></div></section>
            <section><ul>\((1...6).map { "<li><a href=\"/\($0)\">Another story about the harbour, number \($0)</a></li>" }.joined())</ul></section>
            </div></article></body></html>
            """
        #expect(body(html) == story)
    }

    // MARK: Links inside the story

    @Test("link-heavy items of a list that is mostly text, and sentences with links, stay")
    func linkedItems() {
        let notes = [
            "Here is <a href=\"/1\">our year in review</a>!",
            "We landed a change that prevents starting an update while another instance is running.",
            "Thanks to a contributor, users can now <a href=\"/2\">import logins from another manager</a>.",
            "Printing non-contiguous page ranges is now supported, after years of requests from users.",
        ]
        let sentence =
            "More instructions <a href=\"/i\">can be found on our help pages</a>. You can also download the file <a href=\"/d\">from the archive page</a>."
        let html = """
            <html><body><div class="post">\(paragraphs(story.prefix(2)))<ul>\(notes.map { "<li>\($0)</li>" }.joined())</ul>
            <p>\(sentence)</p>\(paragraphs(story[2..<4]))<p><strong>Read more:</strong> <a href="/x">Council approves the new budget for the harbour district</a></p>
            \(paragraphs(story[4..<6]))<ul>\((1...4).map { "<li><a href=\"/r\($0)\">Related story number \($0) about the council</a></li>" }.joined())</ul></div></body></html>
            """
        let expected =
            story.prefix(2) + [
                "Here is our year in review!",
                "We landed a change that prevents starting an update while another instance is running.",
                "Thanks to a contributor, users can now import logins from another manager.",
                "Printing non-contiguous page ranges is now supported, after years of requests from users.",
                "More instructions can be found on our help pages. You can also download the file from the archive page.",
            ] + story[2..<6]
        #expect(body(html) == Array(expected))
    }

    @Test("rows of a table that is mostly text stay though nearly half of their words are linked")
    func linkedTableRows() {
        let rows = (1...4).map {
            "<tr><td>\($0).</td><td><a href=\"/p\($0)\">Player \($0)</a></td><td>(R) LF</td></tr>"
        }
        let html = """
            <html><body><div class="entry">\(paragraphs(story.prefix(4)))<table>\(rows.joined())</table>
            <div class="tags"><a href="/a">Archive</a> <a href="/b">Contact us</a></div></div></body></html>
            """
        #expect(body(html) == Array(story.prefix(4) + (1...4).map { "\($0). Player \($0) (R) LF" }))
    }

    @Test("a line with a few links among lines of its kind after the story does not cut them off")
    func linkedLineInTail() {
        let lines = [
            "Upcoming screenings:", "Austin, TX – Alamo South Lamar (<a href=\"/t1\">Tickets</a>)",
            "Dallas, TX – Inwood (<a href=\"/t2\">Friday Tickets</a>, <a href=\"/t3\">Saturday</a>)",
            "Denver, CO – Landmark Esquire (<a href=\"/t4\">Tickets</a>)",
            "Tulsa, OK – Circle Cinemas (<a href=\"/t5\">Tickets</a>)",
        ]
        let html = """
            <html><body><div class="entry">\(paragraphs(story.prefix(4)))\(paragraphs(lines))
            <div class="share"><a href="/s">Share</a> <a href="/t">Tweet</a></div></div></body></html>
            """
        let text = lines.map { $0.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression) }
        #expect(body(html) == Array(story.prefix(4)) + text)
    }

    @Test("a web address printed in full is text of the story; a link named in words after it is not")
    func printedAddresses() {
        let html = """
            <html><body><div class="entry">\(paragraphs(story.prefix(4)))
            <p><a href="http://news.example.org/2012/08/harbour-bridge-vote">http://news.example.org/2012/08/harbour-bridge-vote</a></p>
            <p><a href="/next">Next story</a></p></div></body></html>
            """
        #expect(body(html) == Array(story.prefix(4)) + ["http://news.example.org/2012/08/harbour-bridge-vote"])
    }

    @Test("a post that is a list of links with a line about them keeps its links; a story keeps its own text")
    func roundupPost() {
        let picks = [
            "Sandy forces a hospital evacuation", "Skepticism about pay for performance, continued",
            "Technology and healthcare spending", "The dual causes of increased debt after an adverse health event",
        ]
        let intro = "This week's carnival gathers the best posts on health economics."
        let html = """
            <html><body><div class="entry"><p>\(intro)</p><ul>\(picks.map { "<li><a href=\"/x\">\($0)</a></li>" }.joined())</ul>
            </div></body></html>
            """
        #expect(body(html) == [intro] + picks)
        // Edge: after a story of its own, a list of links is a related list.
        let long = """
            <html><body><div class="entry">\(paragraphs(story.prefix(4)))<ul>\(picks.map { "<li><a href=\"/x\">\($0)</a></li>" }.joined())</ul>
            </div></body></html>
            """
        #expect(body(long) == Array(story.prefix(4)))
    }

    @Test("links within the page (a table of contents, notes) are the article's text; links away are not")
    func inPageAnchors() {
        let notes = ["The council's figures for 2011", "The engineers' report on the piers", "Residents' survey"]
        let html = """
            <html><body><div class="entry">\(paragraphs(story.prefix(4)))
            <ol>\(notes.enumerated().map { "<li><a href=\"#note-\($0.offset)\">\($0.element)</a></li>" }.joined())</ol>
            <ul>\(notes.map { "<li><a href=\"/elsewhere\">\($0)</a></li>" }.joined())</ul></div></body></html>
            """
        #expect(body(html) == Array(story.prefix(4)) + notes)
    }

    @Test("a sentence followed by a non-breaking space still ends with its stop")
    func trailingSpace() {
        let opening = "The council met again on Monday and said the bridge would open next spring."
        let html = """
            <html><body><div class="entry"><p>\(opening)&nbsp;</p>\(paragraphs(story.prefix(3)))</div></body></html>
            """
        #expect(body(html).first?.hasPrefix(opening) == true)
        #expect(body(html).count == 4)
    }

    @Test("a second opinion: a selection holding a small share of the page's prose gives way to the page's prose")
    func secondOpinion() {
        // A front page of 70 teasers, each deep in its own boxes: no box holds more than one summary.
        let teasers = (0..<70).map { index in
            "<div><div><div><div><div><div><h2><a href=\"/s\(index)\">Story \(index)</a></h2><p>\(story[index % 10])</p></div></div></div></div></div></div>"
        }
        let html = "<html><body><main>\(teasers.joined(separator: "\n"))</main></body></html>"
        #expect(body(html).count == 70)
    }

    @Test("a list of links between the story's paragraphs is part of it; promoted links are not")
    func linkListsInside() {
        let papers = [
            "“Socially Mediated Publicness: An Introduction” by Nancy Baym and Dana Boyd",
            "“Knock, Knock. Who’s There? The Imagined Audience” by Eden Litt",
            "“Facework on Facebook” by Sun Sun Lim and Shobha Vadrevu",
        ]
        let html = """
            <html><body><div class="entry">\(paragraphs(story.prefix(2)))
            \(papers.map { "<p><a href=\"/p\">\($0)</a></p>" }.joined())
            <p><strong>READ MORE:</strong> <a href="/m">Council approves the new budget for the harbour district</a></p>
            <p><a href="/c">COUNCIL APPROVES THE NEW BUDGET FOR THE HARBOUR DISTRICT</a></p>
            \(paragraphs(story[2..<4]))</div></body></html>
            """
        #expect(body(html) == story.prefix(2) + papers + story[2..<4])
        // Edge: the same links introduced by a furniture label are a related list.
        let related = """
            <html><body><div class="entry">\(paragraphs(story.prefix(2)))<p>Related posts:</p>
            \(papers.map { "<p><a href=\"/p\">\($0)</a></p>" }.joined())\(paragraphs(story[2..<4]))</div></body></html>
            """
        #expect(body(related) == Array(story.prefix(2) + story[2..<4]))
        // Edge: one linked line after an advertisement slot is the story's own (a picture's credit).
        let credit = """
            <html><body><div class="entry">\(paragraphs(story.prefix(2)))<div class="ad">Advertisement</div>
            <p><a href="/a">Jane Harbour</a> for the Courier</p>\(paragraphs(story[2..<4]))</div></body></html>
            """
        #expect(body(credit) == Array(story.prefix(2) + ["Jane Harbour for the Courier"] + story[2..<4]))
    }

    @Test("extract --explain says why each block was dropped")
    func explainReasons() {
        let html = """
            <html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><div class="entry">\(paragraphs(story.prefix(2)))
            <figure><figcaption>The bridge at dawn, seen from the old pier.</figcaption></figure>\(paragraphs(story[2..<4]))
            <p><a href="/x">Council approves the new budget for the harbour district</a></p></div></body></html>
            """
        let explanation = extractor.explain(html: Array(html.utf8), url: "https://riverton.example.com/e")
        let lines = explanation.split(separator: "\n")
        #expect(
            lines.contains { $0.hasPrefix("- ") && $0.contains("(outside the container)") && $0.hasSuffix("Home News") }
        )
        #expect(lines.contains { $0.contains("(mostly links)") && $0.contains("Council approves") })
        #expect(lines.contains { $0.contains("(in <figcaption>)") && $0.contains("The bridge at dawn") })
        #expect(lines.filter { $0.hasPrefix("+ ") }.count == 4)
    }

    @Test("the labels of a chart drawn in HTML are not text; a list of short items is")
    func chartLabels() {
        let labels = ["Interest payments", "$915", "billion", "600", "300", "$263", "0", "’17", "’18", "’19", "’20"]
        let html = """
            <html><body><div class="story-body">\(paragraphs(story.prefix(2)))
            <div class="graphic"><div>\(labels.map { "<div><p>\($0)</p></div>" }.joined())</div></div>
            \(paragraphs(story[2..<4]))</div></body></html>
            """
        #expect(body(html) == Array(story.prefix(4)))
        // Edge: the items of a list are kept, however short.
        let items = ["Cloche", "Ruler", "Spoon", "Moss", "Tweezers", "Floral foam", "Small plants", "Wire pins"]
        let list = """
            <html><body><div class="story-body">\(paragraphs(story.prefix(2)))<ul>\(items.map { "<li>\($0)</li>" }.joined())</ul>
            \(paragraphs(story[2..<4]))</div></body></html>
            """
        #expect(body(list) == story.prefix(2) + items + story[2..<4])
    }

    @Test("a link named for something else stays in its sentence")
    func namedLinks() {
        let html = """
            <html><body><div class="text"><p>The lawyer said that <a class="popup" href="#">the easiest way of life is the best</a>, and went on with his work.</p>
            \(paragraphs(story.prefix(3)))</div></body></html>
            """
        #expect(
            body(html) == ["The lawyer said that the easiest way of life is the best, and went on with his work."]
                + story.prefix(3)
        )
        // Edge: a caption <span> inside a paragraph is still set apart and dropped.
        let caption = """
            <html><body><div class="text"><p>\(story[0])<span class="caption">(Image: GETTY)</span></p>\(paragraphs(story[1..<3]))</div></body></html>
            """
        #expect(body(caption) == Array(story.prefix(3)))
    }

    // MARK: The end of the story

    @Test("a list that directly follows the last paragraph is part of the story; what follows a tag list is not")
    func tailRun() {
        let ingredients = ["2 tsp vegetable oil", "1 large onion", "4 cloves garlic", "salt and pepper to taste"]
        let html = """
            <html><body><div class="post">\(paragraphs(story.prefix(3)))
            <div>Ingredients for 4 portions:</div>\(ingredients.map { "<div>\($0)</div>" }.joined())
            </div></body></html>
            """
        #expect(body(html) == story.prefix(3) + ["Ingredients for 4 portions:"] + ingredients)
        // Edge: after a dropped block (a tag list of links), labels and bylines stay out.
        let tagged = """
            <html><body><div class="post">\(paragraphs(story.prefix(3)))
            <p>Tags: <a href="/t/1">harbour</a>, <a href="/t/2">council</a>, <a href="/t/3">bridge</a></p>
            <h3>TRACKBACKS</h3><div>Posted by Jackie Huba</div><h3>SHARE YOUR THOUGHTS</h3></div></body></html>
            """
        #expect(body(tagged) == Array(story.prefix(3)))
    }

    // MARK: Scripts without spaces

    @Test("lines of Chinese weigh as much as the Latin text they hold, with their own commas")
    func wideScripts() {
        let lines = [
            "玉峰道路一路上雲氣山嵐滯留山頭，順路下切蜿蜒道路後不久，即抵達來到玉峰國小",
            "美樹美如其名偌大楓香樹早已呈現金黃，泛紅色彩也是愛攝人仕，所喜愛造訪之地",
            "第二次造訪美樹發現到營區變了，印象中以前生冷招牌，換成了原木招牌可謂匠心獨運",
        ]
        let html = """
            <html><body><ul class="menu">\((1...8).map { "<li><a href=\"/\($0)\">旅遊美食</a></li>" }.joined())</ul>
            <div class="entry">\(paragraphs(lines + [story[0]]))</div></body></html>
            """
        // (Lines above the first prose of a story are dropped: these are prose.)
        #expect(body(html) == lines + [story[0]])
        // Edge: short lines of Chinese outside the prose run stay out, as short Latin lines do.
        let tail = """
            <html><body><div class="entry">\(paragraphs(story.prefix(2)))<p><a href="/t">標籤</a> <a href="/u">旅遊</a></p><p>分享</p></div></body></html>
            """
        #expect(body(tail) == Array(story.prefix(2)))
    }

    // MARK: Lines broken by <br>

    @Test("the lines of one <br>-broken paragraph go with its prose line")
    func brokenLines() {
        let lines = ["+ Added granite blocks", "+ Added slime blocks", "+ Added the ocean monument"]
        let html = """
            <html><body><div class="post"><h3>Update 1.8</h3><p>\(lines.joined(separator: "<br>"))<br>\(story[0])<br>+ Added banners<br>+ Added armor stands</p></div></body></html>
            """
        #expect(body(html) == lines + [story[0], "+ Added banners", "+ Added armor stands"])
        // Edge: a line with links before the prose (a date, author and tag line) stays out.
        let tagged = """
            <html><body><div class="post">05/10/2018 - Posted by <a href="/a">Clara</a> - Tags: <a href="/t">harbour</a><br>\(story[0])</div></body></html>
            """
        #expect(body(tagged) == [story[0]])
    }
}

@Suite("Charset lies")
struct CharsetLieTests {
    let extractor = ArticleExtractor()

    @Test("a page re-encoded to UTF-8 that still declares gb2312 is read as UTF-8")
    func utf8DeclaredLegacy() {
        let text = "DeepMind的新电脑已经可以利用记忆自学，人工智能迈上新台阶。研究人员表示，这一成果意义重大。"
        let html = Array(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><div class=\"article-body\"><p>\(text)</p></div></body></html>"
                .utf8
        )
        let article = extractor.extract(html: html, url: "https://news.example.cn/a")
        #expect(article.paragraphs == [text])
        #expect(article.charset == "utf-8")
        // Edge: the same text really in GB2312 (not valid UTF-8) is converted from the declared charset.
        let gb2312: [UInt8] = [
            0x44, 0x65, 0x65, 0x70, 0x4D, 0x69, 0x6E, 0x64, 0xB5, 0xC4, 0xD0, 0xC2, 0xB5, 0xE7, 0xC4, 0xD4,
            0xD2, 0xD1, 0xBE, 0xAD, 0xBF, 0xC9, 0xD2, 0xD4, 0xC0, 0xFB, 0xD3, 0xC3, 0xBC, 0xC7, 0xD2, 0xE4,
            0xD7, 0xD4, 0xD1, 0xA7, 0xA3, 0xAC, 0xC8, 0xCB, 0xB9, 0xA4, 0xD6, 0xC7, 0xC4, 0xDC, 0xC2, 0xF5,
            0xC9, 0xCF, 0xD0, 0xC2, 0xCC, 0xA8, 0xBD, 0xD7, 0xA1, 0xA3, 0xD1, 0xD0, 0xBE, 0xBF, 0xC8, 0xCB,
            0xD4, 0xB1, 0xB1, 0xED, 0xCA, 0xBE, 0xA3, 0xAC, 0xD5, 0xE2, 0xD2, 0xBB, 0xB3, 0xC9, 0xB9, 0xFB,
            0xD2, 0xE2, 0xD2, 0xE5, 0xD6, 0xD8, 0xB4, 0xF3, 0xA1, 0xA3,
        ]
        let legacy =
            Array("<html><head><meta charset=\"gb2312\"></head><body><div class=\"article-body\"><p>".utf8) + gb2312
            + Array("</p></div></body></html>".utf8)
        let decoded = extractor.extract(html: legacy, url: "https://news.example.cn/b")
        #expect(decoded.charset == "gb2312")
        #expect(decoded.paragraphs == [text])
    }
}
