import WiretraceIngest

/// Finds the article body among a page's text blocks.
///
/// Two steps, in the spirit of Readability and jusText:
/// 1. *Container*: prose blocks (long, punctuated, few links) vote for the elements that hold them —
///    fully for their own and parent element, less for ancestors further up; text in sections named for
///    other content (comment threads, related stories, sidebars) votes little. Class hints scale an
///    element's votes. The best-scoring element — the lowest ancestor holding it and other pieces of
///    comparable weight when the story is cut into pieces, grown upwards while its ancestors gain score,
///    joined by sibling elements that score well too or by sibling explicit bodies — is the container.
/// 2. *Blocks*: inside the container, blocks are dropped when they are mostly links, sit inside an
///    element named for something else (share bars, related links, captions, ad slots), or are short
///    fragments ("Advertisement", "Read more") that neither end a sentence nor head a section.
struct ContentSelector {
    let page: PageModel
    private var score: [Double]
    private var characters: [Int]
    private var linkCharacters: [Int]
    /// Per element: it lies in a part of the page named for something other than the article (a comment
    /// thread, a "related" box, a sidebar) that is not a wrapper around most of the page's text.
    private var inNegativePart: [Bool]
    /// Per element: characters of its prose blocks outside comment threads and related boxes.
    private var proseCharacters: [Int]
    /// Characters of the page's prose blocks outside comment threads and related boxes.
    private let pageProseCharacters: Int
    /// The block that prints the page's own title (its headline), if one does.
    let headline: Int?
    /// The first prose block after the headline, outside comment threads and related boxes.
    let firstProseAfterHeadline: Int?
    /// Per element: prose blocks (``isProse(_:)``, few links) inside it, in the low 16 bits, and those of
    /// them 200 characters long or more, in the high bits.
    private var proseBlocks: [Int32]

    init(page: PageModel) {
        self.page = page
        let count = page.elements.count
        score = [Double](repeating: 0, count: count)
        var prefixCharacters = [Int](repeating: 0, count: page.blocks.count + 1)
        var prefixLinks = [Int](repeating: 0, count: page.blocks.count + 1)
        var prefixProse = [Int32](repeating: 0, count: page.blocks.count + 1)
        for index in page.blocks.indices {
            let block = page.blocks[index]
            prefixCharacters[index + 1] = prefixCharacters[index] + block.characters
            prefixLinks[index + 1] = prefixLinks[index] + block.linkCharacters
            // Prose blocks count 1, long ones (a paragraph, not a caption line) 1 << 16 besides.
            let prose = block.linkDensity < 0.5 && Self.isProse(block)
            prefixProse[index + 1] = prefixProse[index] + (prose ? (block.characters >= 200 ? 0x1_0001 : 1) : 0)
        }
        proseBlocks = page.elements.map { prefixProse[Int($0.endBlock)] - prefixProse[Int($0.firstBlock)] }
        characters = page.elements.map { prefixCharacters[Int($0.endBlock)] - prefixCharacters[Int($0.firstBlock)] }
        linkCharacters = page.elements.map { prefixLinks[Int($0.endBlock)] - prefixLinks[Int($0.firstBlock)] }
        inNegativePart = Self.negativeParts(page)
        var prefixProseCharacters = [Int](repeating: 0, count: page.blocks.count + 1)
        for (index, block) in page.blocks.enumerated() {
            let counts =
                block.element >= 0 && !inNegativePart[Int(block.element)] && block.linkDensity < 0.5
                && Self.isProse(block)
            prefixProseCharacters[index + 1] = prefixProseCharacters[index] + (counts ? block.characters : 0)
        }
        proseCharacters = page.elements.map {
            prefixProseCharacters[Int($0.endBlock)] - prefixProseCharacters[Int($0.firstBlock)]
        }
        pageProseCharacters = prefixProseCharacters[page.blocks.count]
        let parts = inNegativePart
        headline = Self.headlineBlock(page, inNegativePart: parts)
        firstProseAfterHeadline = headline.flatMap { start in
            page.blocks.indices.dropFirst(start + 1).first { index in
                let block = page.blocks[index]
                return block.element >= 0 && !parts[Int(block.element)] && block.linkDensity < 0.5
                    && Self.isProse(block)
            }
        }
    }

    /// The block printing the page's title (`og:title`, else `<title>`, whose site name may trail the
    /// headline): the first heading matching it, else the first short block matching it, outside
    /// comment threads and related boxes. Titles match when one holds the other and they differ by less
    /// than half the longer one's letters and digits.
    static func headlineBlock(_ page: PageModel, inNegativePart: [Bool]) -> Int? {
        let titles = [page.metadata.meta["og:title"], page.metadata.title].compactMap { $0 }.map {
            ArticleExtractor.comparable($0)
        }.filter { $0.count >= 12 }
        guard !titles.isEmpty else { return nil }
        func matches(_ block: TextBlock) -> Bool {
            guard block.characters >= 12, block.characters <= 300 else { return false }
            let key = ArticleExtractor.comparable(block.text)
            guard key.count >= 12 else { return false }
            return titles.contains { title in
                key == title || key.count * 2 > title.count && title.contains(key)
                    || title.count * 2 > key.count && key.contains(title)
            }
        }
        var fallback: Int?
        for (index, block) in page.blocks.enumerated() where block.element >= 0 {
            if inNegativePart[Int(block.element)] { continue }
            let isHeading = page.elements[Int(block.element)].tag.isHeading
            if !isHeading && (fallback != nil || block.linkDensity > 0.5) { continue }
            guard matches(block) else { continue }
            if isHeading { return index }
            fallback = index
        }
        return fallback
    }

    /// Marks the elements inside sections named for other content than the article (comments, related
    /// stories, sidebars, navigation). Elements come in document order, so a parent is marked before its
    /// children. A section holding an explicit article body, `<main>` or an `<article>` not itself named
    /// for other content is a layout wrapper, not such a section.
    static func negativeParts(_ page: PageModel) -> [Bool] {
        let elements = page.elements
        var holdsArticle = [Bool](repeating: false, count: elements.count)
        for index in elements.indices.reversed() {
            let element = elements[index]
            if element.isArticleBody || element.tag == .main
                || element.tag == .article && !element.isNamedPart && element.hint >= 0
            {
                holdsArticle[index] = true
            }
            if holdsArticle[index] && element.parent >= 0 { holdsArticle[Int(element.parent)] = true }
        }
        var marks = [Bool](repeating: false, count: elements.count)
        for index in elements.indices {
            let element = elements[index]
            if element.isArticleBody { continue }
            if element.parent >= 0 && marks[Int(element.parent)] || element.isNamedPart && !holdsArticle[index] {
                marks[index] = true
            }
        }
        return marks
    }

    func linkDensity(_ element: Int32) -> Double {
        let total = characters[Int(element)]
        return total > 0 ? Double(linkCharacters[Int(element)]) / Double(total) : 0
    }

    /// Indices of the blocks that make up the article body, in page order.
    mutating func bodyBlocks() -> [Int] {
        var reasons: [String]? = nil
        return selectBlocks(reasons: &reasons)
    }

    /// ``bodyBlocks()``, and with `reasons` set, why each block of the page was kept or dropped.
    mutating func selectBlocks(reasons: inout [String]?) -> [Int] {
        if reasons != nil { reasons = [String](repeating: "outside the container", count: page.blocks.count) }
        guard let container = chooseContainer() else {
            let fallback = fallbackBlocks()
            for index in fallback { reasons?[index] = "kept (no container: prose of the page)" }
            return fallback
        }
        var roots = siblings(of: container)
        if roots.isEmpty { roots = [container] }
        var selected: [Int] = []
        var linked: [Int] = []
        for root in roots {
            let element = page.elements[Int(root)]
            for index in Int(element.firstBlock)..<Int(element.endBlock) {
                let verdict = verdict(index, inside: root)
                if verdict == .kept {
                    selected.append(index)
                } else if keep(index, inside: root, ignoringLinks: true) {
                    linked.append(index)
                }
                if reasons != nil { reasons?[index] = Self.describe(verdict) }
            }
        }
        // A line with a few links among lines of its own kind after the story's last paragraph (a
        // listing's "Tickets" links) is one of them: it does not cut the run that ends the story.
        let lastProse = selected.last(where: { Self.isProse(page.blocks[$0]) }) ?? Int.max
        let among = amongItsKind(linked.filter { $0 > lastProse }, selected: selected)
        if !among.isEmpty {
            selected = (selected + among).sorted()
            for index in among { reasons?[index] = "kept (a line with links among lines of its kind)" }
        }
        let kept = selected
        selected = trimFragments(selected)
        if reasons != nil {
            let trimmed = Set(kept).subtracting(selected)
            let firstKept = selected.first ?? Int.max
            for index in trimmed {
                reasons?[index] = index < firstKept ? "above the story's first prose" : "after a gap at the story's end"
            }
        }
        // Lists of links between the story's paragraphs (the papers an article names, a playlist) are
        // part of it.
        if !linked.isEmpty {
            let prose = selected.filter { Self.isProse(page.blocks[$0]) }
            if let first = prose.first, let last = prose.last {
                let inside = linked.filter {
                    $0 > first && $0 < last && page.blocks[$0].linkDensity <= 0.95
                        && !Self.isPromotedLink(page.blocks[$0]) && !followsRelatedLabel($0)
                }
                if !inside.isEmpty { selected = (selected + inside).sorted() }
                for index in inside { reasons?[index] = "kept (links between the story's paragraphs)" }
            }
        }
        // A post that is a list of links with a line or two about them (a roundup, a carnival): when
        // what the story keeps is short (under 1,000 characters) and its links hold more text, the links
        // are the post. (From 800 to 100,000 characters the limit made no difference on extraction-wceb;
        // a story with that much prose of its own is no list of links.)
        let keptCharacters = selected.reduce(0) { $0 + page.blocks[$1].characters }
        if keptCharacters < 1000 {
            let links = linked.filter { !Self.isPromotedLink(page.blocks[$0]) && !followsRelatedLabel($0) }
            if links.reduce(0, { $0 + page.blocks[$1].characters }) > keptCharacters {
                selected = Array(Set(selected + links)).sorted()
                for index in links { reasons?[index] = "kept (a post of links: the links are the story)" }
            }
        }
        // A second opinion: a selection holding under a quarter of the page's prose, when the prose of
        // the page outside named sections is three times as long, chose the wrong block (a page of
        // teasers where one list won); the page's prose is the better answer.
        let keptProse = selected.reduce(0) { $0 + (Self.isProse(page.blocks[$1]) ? page.blocks[$1].characters : 0) }
        if pageProseCharacters >= 1500 && keptProse * 4 < pageProseCharacters {
            let fallback = fallbackBlocks()
            if fallback.reduce(0, { $0 + page.blocks[$1].characters }) > 3 * keptProse {
                for index in fallback { reasons?[index] = "kept (second opinion: prose of the page)" }
                return fallback
            }
        }
        if selected.reduce(0, { $0 + page.blocks[$1].characters }) < 80 {
            let fallback = fallbackBlocks()
            var chosen: [Int]?
            if fallback.reduce(0, { $0 + page.blocks[$1].characters }) > 400 { chosen = fallback }
            // A page that is nothing but a comment thread or a list of excerpts: that is its text.
            if selected.isEmpty && fallback.isEmpty { chosen = fallbackBlocks(keepingNamedParts: true) }
            if let chosen {
                for index in chosen { reasons?[index] = "kept (container too short: prose of the page)" }
                return chosen
            }
        }
        return selected
    }

    /// The blocks of `linked` (dropped only for their links) with at most half their text linked whose
    /// neighbours on both sides are `selected` and share their tag and parent element.
    func amongItsKind(_ linked: [Int], selected: [Int]) -> [Int] {
        let kept = Set(selected)
        func sameKind(_ a: Int, _ b: Int) -> Bool {
            let first = page.blocks[a].element
            let second = page.blocks[b].element
            guard first >= 0 && second >= 0 else { return false }
            let x = page.elements[Int(first)]
            let y = page.elements[Int(second)]
            return x.tag == y.tag && x.parent == y.parent
        }
        return linked.filter { index in
            index > 0 && kept.contains(index - 1) && kept.contains(index + 1)
                && page.blocks[index].linkDensity <= 0.5 && !Self.isPromotedLink(page.blocks[index])
                && sameKind(index, index - 1) && sameKind(index, index + 1)
        }
    }

    static func describe(_ verdict: Verdict) -> String {
        switch verdict {
        case .kept: "kept"
        case .links: "mostly links"
        case .part: "in a comment thread or related box"
        case .named: "in an element named for something else"
        case .tag(let tag): "in <\(tag)>"
        case .chart: "a chart's labels"
        case .junk: "page furniture"
        }
    }

    // MARK: Container

    /// The chosen container and its score, for explanations.
    mutating func explainContainer() -> String {
        guard let container = chooseContainer() else { return "none" }
        let element = page.elements[Int(container)]
        let ranked = page.elements.indices.filter { score[$0] != 0 }.sorted { score[$0] > score[$1] }.prefix(8)
        let candidates = ranked.map { "\(page.elements[$0].tag)#\($0) \(Int(score[$0]))" }.joined(separator: ", ")
        return
            "\(element.tag)#\(container) score \(Int(score[Int(container)])) siblings \(siblings(of: container)); headline \(headline.map { "[\($0)]" } ?? "none"); candidates \(candidates)"
    }

    static func baseScore(_ tag: HTMLTag) -> Double {
        switch tag {
        case .div, .article, .main, .section: 5
        case .pre, .td, .blockquote: 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: -5
        default: 0
        }
    }

    mutating func chooseContainer() -> Int32? {
        var touched = [Bool](repeating: false, count: page.elements.count)
        func touch(_ element: Int32) {
            let index = Int(element)
            if !touched[index] {
                touched[index] = true
                score[index] = Self.baseScore(page.elements[index].tag)
            }
        }
        for block in page.blocks where block.element >= 0 {
            guard block.length >= 25, block.linkDensity < 0.5 else { continue }
            let commas = Double(block.punctuation)
            // Text in a comment thread or a related box counts for little, however long it runs.
            let weight = inNegativePart[Int(block.element)] ? 0.15 : 1
            let value = weight * (1 + commas + min(Double(block.length) / 100, 3))
            var level = 0
            // A paragraph votes for its container; text standing directly in a container (a <td> or <div>
            // of an old page) votes for that container itself.
            var current = block.element
            if Self.isParagraphLike(page.elements[Int(current)].tag) {
                current = page.elements[Int(current)].parent
            }
            while current >= 0 && level < 5 {
                touch(current)
                let divider: Double = level == 0 ? 1 : (level == 1 ? 2 : Double(level) * 3)
                score[Int(current)] += value / divider
                current = page.elements[Int(current)].parent
                level += 1
            }
        }
        var best: Int32?
        var bestScore = 0.0
        for index in page.elements.indices where touched[index] {
            let tag = page.elements[index].tag
            if tag == .p || tag.isHeading || tag == .li || tag == .html { continue }
            // Names scale the text's votes rather than add to them: a class name alone does not make a
            // one-paragraph teaser outweigh a whole article.
            let hint = max(0, 1 + Double(page.elements[index].hint) / 100)
            // A comment inside a thread, however long, is chosen only when nothing outside scores.
            let part = inNegativePart[index] ? 0.1 : 1
            let final = score[index] * hint * part * (1 - linkDensity(Int32(index)))
            score[index] = final
            // Where the candidate stands against the headline picks the best; pieces, climbing and
            // siblings compare the text's own scores.
            let placed = final * headlineFactor(Int32(index))
            if placed > bestScore {
                bestScore = placed
                best = Int32(index)
            }
        }
        // Prefer an explicit article body holding most of the prose.
        if let best, !page.elements[Int(best)].isArticleBody {
            for (index, element) in page.elements.enumerated() where element.isArticleBody && touched[index] {
                if page.isInside(best, Int32(index)) || score[index] >= 0.5 * bestScore {
                    if characters[index] >= characters[Int(best)] / 2 { return climb(Int32(index)) }
                }
            }
        }
        return best.map { climb(holderOfPieces(around: $0, touched: touched)) }
    }

    /// An article cut into pieces of comparable weight (sections between pictures, the steps of a how-to,
    /// the parts of a story around ad slots): the lowest ancestor of `best` that also holds at least two
    /// other candidates scoring at least 0.4 of it — or one scoring 0.15 of it and holding a quarter of
    /// its prose when both are explicit article bodies — when that ancestor is not mostly links. Otherwise
    /// `best`. Candidates in comment threads and related boxes, and lists, do not count, nor candidates
    /// before the headline when `best` follows it.
    /// - Complexity: O(k · d) for k candidates above the bar and a tree of depth d.
    func holderOfPieces(around best: Int32, touched: [Bool]) -> Int32 {
        let bestScore = score[Int(best)]
        let marked = page.elements[Int(best)].isArticleBody
        var pieces: [(element: Int32, weight: Int)] = []
        for index in page.elements.indices where touched[index] && index != Int(best) {
            let candidate = Int32(index)
            let weight: Int
            if score[index] >= 0.4 * bestScore {
                weight = marked && page.elements[index].isArticleBody ? 2 : 1
            } else if marked && page.elements[index].isArticleBody && score[index] >= 0.15 * bestScore
                && proseCharacters[index] * 4 >= proseCharacters[Int(best)]
            {
                // A marked section of the same story, not a marked excerpt of another one.
                weight = 2
            } else {
                continue
            }
            // Lists and tables of teasers are not pieces of the story.
            switch page.elements[index].tag {
            case .ul, .ol, .li, .dl, .dd, .dt, .table, .tbody, .tr, .td: continue
            default: break
            }
            if inNegativePart[index] || page.isInside(candidate, best) || page.isInside(best, candidate) { continue }
            // Pieces of a story follow its headline; teasers of other stories often come before it.
            if let headline, Int(page.elements[Int(best)].firstBlock) > headline,
                Int(page.elements[index].firstBlock) <= headline
            {
                continue
            }
            // One piece per subtree: the outermost candidate of it (elements come in document order).
            if let last = pieces.last, page.isInside(candidate, last.element) {
                pieces[pieces.count - 1].weight = max(last.weight, weight)
                continue
            }
            pieces.append((candidate, weight))
            if pieces.count > 64 { return best }  // a page of many equal teasers, not one article
        }
        guard pieces.reduce(0, { $0 + $1.weight }) >= 2 else { return best }
        var ancestor = page.elements[Int(best)].parent
        while ancestor >= 0 {
            let tag = page.elements[Int(ancestor)].tag
            if tag == .body || tag == .html { break }
            if pieces.reduce(0, { $0 + (page.isInside($1.element, ancestor) ? $1.weight : 0) }) >= 2 {
                return linkDensity(ancestor) < 0.35 ? ancestor : best
            }
            ancestor = page.elements[Int(ancestor)].parent
        }
        return best
    }

    /// Where a candidate stands against the page's headline: wholly above it (a blog's self-description,
    /// teasers), it is not the story printed under the title, and its score is halved; holding the first
    /// prose after it, it counts a fifth more.
    func headlineFactor(_ element: Int32) -> Double {
        guard let headline else { return 1 }
        let info = page.elements[Int(element)]
        if Int(info.endBlock) <= headline { return 0.5 }
        if let lead = firstProseAfterHeadline, Int(info.firstBlock) <= lead, Int(info.endBlock) > lead { return 1.2 }
        return 1
    }

    static func isParagraphLike(_ tag: HTMLTag) -> Bool {
        switch tag {
        case .p, .li, .h1, .h2, .h3, .h4, .h5, .h6, .pre, .blockquote, .dd, .dt, .address, .figcaption, .caption, .th:
            return true
        default:
            return false
        }
    }

    /// Moves from a candidate up to its parent while the parent is the better container: it scores
    /// higher, or holds little beyond the candidate.
    func climb(_ candidate: Int32) -> Int32 {
        var current = candidate
        var steps = 0
        while steps < 4 {
            let parent = page.elements[Int(current)].parent
            guard parent >= 0 else { break }
            let tag = page.elements[Int(parent)].tag
            if tag == .body || tag == .html { break }
            let parentScore = score[Int(parent)]
            let ownScore = score[Int(current)]
            let onlyChild = characters[Int(parent)] - characters[Int(current)] < 25
            if parentScore > ownScore * 1.05 && linkDensity(parent) < 0.25
                || onlyChild && page.elements[Int(parent)].hint >= 0
            {
                current = parent
                steps += 1
            } else {
                break
            }
        }
        return current
    }

    /// The container and its siblings that look like more of the same article.
    func siblings(of container: Int32) -> [Int32] {
        let parent = page.elements[Int(container)].parent
        guard parent >= 0 else { return [container] }
        if page.elements[Int(container)].isArticleBody {
            // A story cut by ad slots into several marked bodies: all of them, at the level of the marked
            // element (the container or a marked ancestor) that has marked siblings.
            var level = container
            while true {
                let levelParent = page.elements[Int(level)].parent
                guard levelParent >= 0 else { break }
                let marked = page.elements.indices.filter {
                    $0 == Int(level) || page.elements[$0].parent == levelParent && page.elements[$0].isArticleBody
                }
                if marked.count > 1 { return marked.map { Int32($0) } }
                guard page.elements[Int(levelParent)].isArticleBody else { break }
                level = levelParent
            }
            return [container]
        }
        let topScore = score[Int(container)]
        let threshold = max(10, topScore * 0.2)
        var result: [Int32] = []
        for index in page.elements.indices where page.elements[index].parent == parent {
            let sibling = Int32(index)
            if sibling == container {
                result.append(sibling)
                continue
            }
            let element = page.elements[index]
            if element.hint < 0 { continue }
            // Text above the headline does not join the story printed under it.
            if let headline, Int(element.endBlock) <= headline,
                Int(page.elements[Int(container)].endBlock) > headline
            {
                continue
            }
            if score[index] >= threshold && linkDensity(sibling) < 0.3 && proseShare(sibling) >= 0.6 {
                result.append(sibling)
            } else if element.tag == page.elements[Int(container)].tag && element.tag != .p
                && proseCharacters[index] >= 200 && linkDensity(sibling) < 0.2 && proseShare(sibling) >= 0.7
            {
                // A section of the same kind, all prose: the story's next section, however short.
                result.append(sibling)
            } else if element.tag == .p {
                let density = linkDensity(sibling)
                let length = characters[index]
                if length > 80 && density < 0.25 {
                    result.append(sibling)
                } else if length > 0 && length <= 80 && density == 0,
                    let last = page.blocks[Int(element.firstBlock)..<Int(element.endBlock)].last?.text.last,
                    last == "." || last == "!" || last == "?"
                {
                    result.append(sibling)
                }
            }
        }
        return result
    }

    // MARK: Blocks

    /// Why a block inside the chosen container stays or goes (for `extract --explain`).
    enum Verdict: Equatable {
        case kept
        /// Mostly links (a "Read more" line, a related list).
        case links
        /// Inside a comment thread or related box.
        case part
        /// Inside an element named for something else (a share bar, a caption).
        case named
        /// Inside an element whose tag says it is not text of the story (figure, aside, nav ...).
        case tag(HTMLTag)
        /// A chart's labels.
        case chart
        /// Page furniture by its words ("Advertisement", "Share").
        case junk
    }

    /// Whether block `index`, inside the chosen `root`, belongs to the article.
    func keep(_ index: Int, inside root: Int32, ignoringLinks: Bool = false) -> Bool {
        verdict(index, inside: root, ignoringLinks: ignoringLinks) == .kept
    }

    /// Whether block `index`, inside the chosen `root`, belongs to the article, and if not, why.
    func verdict(_ index: Int, inside root: Int32, ignoringLinks: Bool = false) -> Verdict {
        let block = page.blocks[index]
        if !ignoringLinks,
            block.linkDensity > 0.5 && block.characters < 400 || block.linkDensity > 0.3 && block.characters < 80
        {
            // An item of a list that is mostly text (release notes, a list of sources with a line each)
            // is read with its list, a web address printed in full is the text of a cited source; a link
            // on its own is a "Read more" line.
            let sentence =
                block.linkDensity <= 0.7 && block.characters >= 100 && Boilerplate.endsSentence(block.text)
            guard
                sentence || Self.isPrintedAddress(block.text)
                    || block.linkDensity <= 0.9
                        && enclosingList(of: block.element, inside: root).map({
                            linkDensity($0) <= 0.5
                        }) == true
            else { return .links }
        }
        let rootCharacters = characters[Int(root)]
        // A comment thread or a related box inside the container, however much text it holds.
        if block.element >= 0 && inNegativePart[Int(block.element)] && !inNegativePart[Int(root)] { return .part }
        var current = block.element
        while current >= 0 && current != root {
            let element = page.elements[Int(current)]
            // A negatively named element drops its text only when it is a part of the body (a share bar,
            // a related box), not a wrapper around most of it (page builders name wrappers "widget"). A
            // name for something small (a caption, a byline) on an element holding paragraphs of prose
            // is a slideshow's or a broken template's, not what the element holds.
            if element.hint <= -25 && !element.isArticleBody && characters[Int(current)] * 2 < rootCharacters
                && (!element.namesPiece || proseBlocks[Int(current)] & 0xFFFF < 2
                    || proseBlocks[Int(current)] >> 16 == 0)
                && !(element.namesPiece && holdsLongProse(current))
            {
                return .named
            }
            switch element.tag {
            case .nav, .aside, .footer, .figcaption, .figure, .form, .header, .menu, .caption:
                return .tag(element.tag)
            case .div, .section, .span, .other:
                // The labels of a chart drawn in HTML: many tiny blocks and no sentence.
                let count = Int(element.endBlock - element.firstBlock)
                if count >= 8 && proseBlocks[Int(current)] == 0 && characters[Int(current)] < 8 * count {
                    return .chart
                }
            default:
                break
            }
            if !ignoringLinks && (element.tag == .ul || element.tag == .ol) {
                // Link lists inside the body are related-story lists.
                if linkDensity(current) > 0.5 { return .links }
            }
            current = element.parent
        }
        return Boilerplate.isJunk(block.text) ? .junk : .kept
    }

    /// True when `element` holds a prose block of 400 characters or more: a paragraph that long is no
    /// caption or byline, whatever the element is named.
    func holdsLongProse(_ element: Int32) -> Bool {
        let info = page.elements[Int(element)]
        return page.blocks[Int(info.firstBlock)..<Int(info.endBlock)].contains {
            $0.length >= 400 && Self.isProse($0)
        }
    }

    /// True when the run of link blocks holding `index` is a list (two links or more) introduced by a
    /// label of page furniture ("Related posts:", "You may also like"). A single linked line after an
    /// "Advertisement" slot is the story's own (a picture's credit).
    func followsRelatedLabel(_ index: Int) -> Bool {
        func isLink(_ index: Int) -> Bool { page.blocks[index].linkDensity > 0.5 }
        var start = index
        while start > 0 && isLink(start - 1) { start -= 1 }
        var end = index + 1
        while end < page.blocks.count && isLink(end) { end += 1 }
        return start > 0 && end - start >= 2 && Boilerplate.isJunk(page.blocks[start - 1].text)
    }

    /// A line that is a web address printed in full ("http://example.com/2012/08/story"): the source a
    /// story cites, which readers see as text.
    static func isPrintedAddress(_ text: String) -> Bool {
        (text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("www."))
            && !text.contains(" ")
    }

    /// A link set in the story to promote another one: a headline in capitals ("SEAN SPICER ELIMINATED
    /// FROM ..."), or a label of up to three words and a colon, not itself linked, before it ("READ MORE:
    /// ...", "See also: ...").
    static func isPromotedLink(_ block: TextBlock) -> Bool {
        let text = block.text
        var upper = 0
        var lower = 0
        for scalar in text.unicodeScalars {
            if scalar.properties.isUppercase {
                upper += 1
            } else if scalar.properties.isLowercase {
                lower += 1
            }
        }
        if upper >= 12 && lower * 5 < upper { return true }
        guard let colon = text.prefix(30).firstIndex(of: ":") else { return false }
        let label = text[..<colon]
        return !label.isEmpty && label.split(separator: " ").count <= 3 && !label.contains(where: \.isNumber)
            && block.characters - block.linkCharacters >= label.count
    }

    /// The nearest `<ul>`, `<ol>` or `<table>` holding `element`, below `root`.
    func enclosingList(of element: Int32, inside root: Int32) -> Int32? {
        var current = element
        while current >= 0 && current != root {
            let tag = page.elements[Int(current)].tag
            if tag == .ul || tag == .ol || tag == .table { return current }
            current = page.elements[Int(current)].parent
        }
        return nil
    }

    /// Keeps everything between the first and the last prose block (subheadings, list items, table
    /// rows, short sentences) and the blocks that follow the last one without a gap; before the first
    /// one only credit lines and datelines, and after a gap only credit lines and sentences. Labels,
    /// bylines and "Share" fragments at the head, and whatever follows a dropped tag list or share bar,
    /// go.
    func trimFragments(_ selected: [Int]) -> [Int] {
        func isProse(_ index: Int) -> Bool { Self.isProse(page.blocks[index]) }
        guard var first = selected.firstIndex(where: isProse), var last = selected.lastIndex(where: isProse) else {
            // No sentence anywhere (a fixture list, a photo page): the container's text is all there is.
            return selected
        }
        // Lines of one paragraph broken by <br> (a changelog, a poem, an address) go with its prose lines;
        // before the first prose, where a date and byline line often stands, only lines without links.
        func sameParagraph(_ a: Int, _ b: Int) -> Bool {
            selected[b] - selected[a] == 1 && page.blocks[selected[a]].element == page.blocks[selected[b]].element
        }
        while first > 0 && sameParagraph(first - 1, first) && page.blocks[selected[first - 1]].linkCharacters == 0 {
            first -= 1
        }
        while last + 1 < selected.count && sameParagraph(last, last + 1) { last += 1 }
        var result: [Int] = []
        var tailOpen = true
        for (position, index) in selected.enumerated() {
            let text = page.blocks[index].text
            if position >= first && position <= last {
                result.append(index)
            } else if position > last {
                // After the prose: the run of blocks that follows it without a gap (a list, an address, a
                // signature); after a dropped block (a tag list, a share bar), credit lines and sentences.
                if index != selected[position - 1] + 1 { tailOpen = false }
                if tailOpen || CreditLines.isCredit(text)
                    || Boilerplate.endsSentence(text) && page.blocks[index].characters >= 25
                {
                    result.append(index)
                }
            } else if CreditLines.isCredit(text) || CreditLines.dateline(of: text) != nil {
                result.append(index)
            }
        }
        return result
    }

    /// A block that reads as prose: a sentence, or long text with sentence punctuation (headlines of
    /// teaser lists are long but unpunctuated).
    static func isProse(_ block: TextBlock) -> Bool {
        let length = block.length
        if length >= 200 { return true }
        let sentence = Boilerplate.endsSentence(block.text)
        return length >= 25 && sentence || length >= 80 && block.punctuation >= 2
    }

    /// Share of an element's text that is in prose blocks.
    /// Sentences in list items do not count: a list of headlines with their summaries is a teaser list.
    /// Items of a paragraph's length (200 characters or more) do: a numbered argument is the story's.
    func proseShare(_ element: Int32) -> Double {
        let info = page.elements[Int(element)]
        var prose = 0
        var total = 0
        for block in page.blocks[Int(info.firstBlock)..<Int(info.endBlock)] {
            total += block.characters
            if Self.isProse(block)
                && (block.length >= 200 || !(block.element >= 0 && page.elements[Int(block.element)].tag == .li))
            {
                prose += block.characters
            }
        }
        return total > 0 ? Double(prose) / Double(total) : 0
    }

    /// Without a clear container: every prose block of the page, outside negatively named elements unless
    /// `keepingNamedParts`.
    func fallbackBlocks(keepingNamedParts: Bool = false) -> [Int] {
        page.blocks.indices.filter { index in
            let block = page.blocks[index]
            guard block.characters >= 70, block.linkDensity < 0.3 else { return false }
            var current = block.element
            while current >= 0 {
                let element = page.elements[Int(current)]
                if element.hint <= -25 && !element.isArticleBody && !keepingNamedParts { return false }
                if element.tag == .nav || element.tag == .footer || element.tag == .aside { return false }
                current = element.parent
            }
            return !Boilerplate.isJunk(block.text)
        }
    }
}

/// Recognisers for text that is page furniture wherever it appears.
enum Boilerplate {
    static let junkPhrases: Set<String> = [
        "advertisement", "advertisements", "advert", "adverts", "ad", "sponsored", "sponsored content", "share",
        "share this",
        "share this:", "share this article", "share on facebook", "share on twitter", "tweet", "email", "print",
        "comments", "comment", "related", "related:", "related articles", "related stories", "read more",
        "read more:", "see also", "more", "continue reading", "click here", "subscribe", "sign up", "log in",
        "login", "skip to content", "skip to main content", "menu", "search", "close", "loading...", "loading",
        "back to top", "top", "next", "previous", "most read", "most popular", "trending", "recommended",
        "you may also like", "you might also like", "more on this story", "follow us", "whatsapp", "facebook",
        "twitter", "linkedin", "pinterest", "reddit", "copy link", "copied", "listen", "listen to this article",
        "related posts", "related content", "related links", "more stories", "don't miss", "also read",
        "read also", "recommended for you", "more from", "popular posts", "recent posts",
    ]

    /// True for blocks that are nothing but page furniture.
    static func isJunk(_ text: String) -> Bool {
        guard text.dropFirst(40).isEmpty else { return false }  // at most 40 characters, not counting them all
        let lowered = text.lowercased().trimmingCharacters(in: " \u{A0}|•·»›→-–—:")
        return junkPhrases.contains(lowered) || lowered.isEmpty
    }

    static func endsSentence(_ text: String) -> Bool {
        guard var last = text.unicodeScalars.last else { return false }
        var scalars = text.unicodeScalars.reversed().makeIterator()
        while let scalar = scalars.next() {
            last = scalar
            // Closing quotes and brackets, and spaces left after the stop (a trailing &nbsp;), are passed.
            if !"\"'”’)]»".unicodeScalars.contains(scalar) && !scalar.properties.isWhitespace { break }
        }
        return ".!?…:;。！？".unicodeScalars.contains(last)
    }
}
