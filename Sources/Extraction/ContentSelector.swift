import WiretraceIngest

/// Finds the article body among a page's text blocks.
///
/// Two steps, in the spirit of Readability and jusText:
/// 1. *Container*: prose blocks (long, punctuated, few links) vote for the elements that hold them —
///    fully for their own and parent element, less for ancestors further up — and class hints add or
///    subtract. The best-scoring element, grown upwards while its ancestors gain score and joined by
///    sibling elements that score well too, is the article container.
/// 2. *Blocks*: inside the container, blocks are dropped when they are mostly links, sit inside an
///    element named for something else (share bars, related links, captions, ad slots), or are short
///    fragments ("Advertisement", "Read more") that neither end a sentence nor head a section.
struct ContentSelector {
    let page: PageModel
    private var score: [Double]
    private var characters: [Int]
    private var linkCharacters: [Int]

    init(page: PageModel) {
        self.page = page
        let count = page.elements.count
        score = [Double](repeating: 0, count: count)
        var prefixCharacters = [Int](repeating: 0, count: page.blocks.count + 1)
        var prefixLinks = [Int](repeating: 0, count: page.blocks.count + 1)
        for index in page.blocks.indices {
            prefixCharacters[index + 1] = prefixCharacters[index] + page.blocks[index].characters
            prefixLinks[index + 1] = prefixLinks[index] + page.blocks[index].linkCharacters
        }
        characters = page.elements.map { prefixCharacters[Int($0.endBlock)] - prefixCharacters[Int($0.firstBlock)] }
        linkCharacters = page.elements.map { prefixLinks[Int($0.endBlock)] - prefixLinks[Int($0.firstBlock)] }
    }

    func linkDensity(_ element: Int32) -> Double {
        let total = characters[Int(element)]
        return total > 0 ? Double(linkCharacters[Int(element)]) / Double(total) : 0
    }

    /// Indices of the blocks that make up the article body, in page order.
    mutating func bodyBlocks() -> [Int] {
        guard let container = chooseContainer() else { return fallbackBlocks() }
        var roots = siblings(of: container)
        if roots.isEmpty { roots = [container] }
        var selected: [Int] = []
        for root in roots {
            let element = page.elements[Int(root)]
            for index in Int(element.firstBlock)..<Int(element.endBlock) where keep(index, inside: root) {
                selected.append(index)
            }
        }
        selected = trimFragments(selected)
        if selected.reduce(0, { $0 + page.blocks[$1].characters }) < 80 {
            let fallback = fallbackBlocks()
            if fallback.reduce(0, { $0 + page.blocks[$1].characters }) > 400 { return fallback }
        }
        return selected
    }

    // MARK: Container

    /// The chosen container and its score, for explanations.
    mutating func explainContainer() -> String {
        guard let container = chooseContainer() else { return "none" }
        let element = page.elements[Int(container)]
        return "\(element.tag)#\(container) score \(Int(score[Int(container)])) siblings \(siblings(of: container))"
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
                let info = page.elements[index]
                score[index] = Self.baseScore(info.tag) + Double(info.hint)
            }
        }
        for block in page.blocks where block.element >= 0 {
            guard block.characters >= 25, block.linkDensity < 0.5 else { continue }
            let commas = Double(block.punctuation)
            let value = 1 + commas + min(Double(block.characters) / 100, 3)
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
            let final = score[index] * (1 - linkDensity(Int32(index)))
            score[index] = final
            if final > bestScore {
                bestScore = final
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
        return best.map { climb($0) }
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
        guard parent >= 0, !page.elements[Int(container)].isArticleBody else { return [container] }
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
            if score[index] >= threshold && linkDensity(sibling) < 0.3 && proseShare(sibling) >= 0.6 {
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

    /// Whether block `index`, inside the chosen `root`, belongs to the article.
    func keep(_ index: Int, inside root: Int32) -> Bool {
        let block = page.blocks[index]
        if block.linkDensity > 0.5 && block.characters < 400 { return false }
        if block.linkDensity > 0.3 && block.characters < 80 { return false }
        let rootCharacters = characters[Int(root)]
        var current = block.element
        while current >= 0 && current != root {
            let element = page.elements[Int(current)]
            // A negatively named element drops its text only when it is a part of the body (a share bar,
            // a related box), not a wrapper around most of it (page builders name wrappers "widget").
            if element.hint <= -25 && !element.isArticleBody && characters[Int(current)] * 2 < rootCharacters {
                return false
            }
            switch element.tag {
            case .nav, .aside, .footer, .figcaption, .figure, .form, .header, .menu, .caption:
                return false
            default:
                break
            }
            if element.tag == .li || element.tag == .ul || element.tag == .ol {
                // Link lists inside the body are related-story lists.
                if linkDensity(current) > 0.5 { return false }
            }
            current = element.parent
        }
        return !Boilerplate.isJunk(block.text)
    }

    /// Keeps everything between the first and the last prose block (subheadings, list items, table
    /// rows, short sentences); outside that span keeps only credit lines and sentences that follow the
    /// prose directly. Labels, bylines, "Share" and "Advertisement" fragments at either end go.
    func trimFragments(_ selected: [Int]) -> [Int] {
        func isProse(_ index: Int) -> Bool { Self.isProse(page.blocks[index]) }
        guard let first = selected.firstIndex(where: isProse), let last = selected.lastIndex(where: isProse) else {
            // No sentence anywhere (a fixture list, a photo page): the container's text is all there is.
            return selected
        }
        var result: [Int] = []
        for (position, index) in selected.enumerated() {
            let text = page.blocks[index].text
            if position >= first && position <= last {
                result.append(index)
            } else if position > last {
                // After the prose: credit lines, and short sentences directly continuing it.
                if CreditLines.isCredit(text) || (Boilerplate.endsSentence(text) && page.blocks[index].characters >= 25)
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
        if block.characters >= 200 { return true }
        let sentence = Boilerplate.endsSentence(block.text)
        return block.characters >= 25 && sentence || block.characters >= 80 && block.punctuation >= 2
    }

    /// Share of an element's text that is in prose blocks.
    func proseShare(_ element: Int32) -> Double {
        let info = page.elements[Int(element)]
        var prose = 0
        var total = 0
        for block in page.blocks[Int(info.firstBlock)..<Int(info.endBlock)] {
            total += block.characters
            if Self.isProse(block) { prose += block.characters }
        }
        return total > 0 ? Double(prose) / Double(total) : 0
    }

    /// Without a clear container: every prose block of the page.
    func fallbackBlocks() -> [Int] {
        page.blocks.indices.filter { index in
            let block = page.blocks[index]
            guard block.characters >= 70, block.linkDensity < 0.3 else { return false }
            var current = block.element
            while current >= 0 {
                let element = page.elements[Int(current)]
                if element.hint <= -25 && !element.isArticleBody { return false }
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
            if !"\"'”’)]»".unicodeScalars.contains(scalar) { break }
        }
        return ".!?…:;。！？".unicodeScalars.contains(last)
    }
}
