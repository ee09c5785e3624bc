import CLibXML2
import WiretraceIngest

/// Everything extraction finds on a page.
public struct ExtractedArticle: Sendable, Equatable {
    public var title: String?
    public var byline: String?
    public var published: Timestamp?
    public var canonicalURL: String?
    public var siteName: String?
    public var dateline: String?
    /// Credit lines as printed (also present in `paragraphs`).
    public var creditLines: [String]
    /// Body paragraphs in order.
    public var paragraphs: [String]
    /// Charset the page was read in.
    public var charset: String
    /// The page holds more nodes than the extractor's ``ArticleExtractor/nodeLimit``: its parse was
    /// stopped and nothing was extracted.
    public var overNodeLimit = false

    public var body: String { paragraphs.joined(separator: "\n\n") }
}

/// HTML page → article: charset, libxml2 parsing, metadata, main content and credit lines.
///
/// Thread-safe; one instance serves any number of pages concurrently.
public struct ArticleExtractor: HTMLArticleDecoder {
    /// Nodes (elements, text runs, comments) a page may hold: the largest of the evaluation pages holds
    /// about 40,000. A page of millions of empty elements would otherwise cost libxml2 over 100 bytes of
    /// tree per input byte before extraction could look at it.
    public static let defaultNodeLimit = 200_000

    /// Most nodes parsed from one page; the parse stops beyond it and the page is refused.
    public let nodeLimit: Int

    /// The first extractor made in a process installs libxml2's allocator (a per-page arena, `xmlMemSetup`)
    /// for the whole process; memory libxml2 allocated before is still freed by `free`.
    /// - Parameter nodeLimit: most nodes parsed from one page (``defaultNodeLimit``).
    public init(nodeLimit: Int = ArticleExtractor.defaultNodeLimit) {
        LibxmlArena.installed
        self.nodeLimit = nodeLimit
    }

    /// Parses a page of UTF-8 bytes within ``nodeLimit``; `overLimit` is set when the page holds more.
    func parse(_ buffer: UnsafeBufferPointer<UInt8>, url: String, overLimit: inout Bool) -> htmlDocPtr? {
        var exceeded: Int32 = 0
        let document = wiretrace_htmlReadMemoryLimited(
            UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self),
            Int32(buffer.count),
            url,
            "UTF-8",
            wiretrace_htmlOptions(),
            nodeLimit,
            &exceeded
        )
        overLimit = exceeded != 0
        return document
    }

    /// Extracts the article from raw page bytes.
    /// - Parameters:
    ///   - html: the page as fetched.
    ///   - url: its address (for resolving relative canonical links).
    ///   - charset: the charset the transport named, if any.
    public func extract(html: [UInt8], url: String, charset: String? = nil) -> ExtractedArticle {
        let decoded = CharsetDecoder.decode(html, transport: charset)
        var overLimit = false
        let model: PageModel? = decoded.utf8.withUnsafeBufferPointer { buffer in
            guard buffer.count > 0, buffer.count < Int(Int32.max) else { return nil }
            return LibxmlArena.withArena {
                guard let document = parse(buffer, url: url, overLimit: &overLimit) else { return nil }
                defer { xmlFreeDoc(document) }
                return PageModel(document: document)
            }
        }
        guard let model else {
            return ExtractedArticle(
                title: nil,
                byline: nil,
                published: nil,
                canonicalURL: nil,
                siteName: nil,
                dateline: nil,
                creditLines: [],
                paragraphs: [],
                charset: decoded.charset,
                overNodeLimit: overLimit
            )
        }
        let metadata = MetadataReader(raw: model.metadata, pageURL: url)
        var selector = ContentSelector(page: model)
        var blocks = selector.bodyBlocks()
        // The site's own copyright notice, set apart as small print at the end, is page furniture; an
        // agency's copyright line in the flow of the text is a credit and stays.
        while let last = blocks.last, blocks.count > 1, model.blocks[last].isSmallPrint,
            Self.isOwnCopyright(model.blocks[last].text, siteName: metadata.siteName, url: url)
        {
            blocks.removeLast()
        }
        var paragraphs = blocks.map { model.blocks[$0].text }
        let selected = paragraphs
        paragraphs = Self.dropLeadingFurniture(paragraphs, title: metadata.title, byline: metadata.byline)
        // Pages without date or author markup print them as lines above the body ("Posted: March 9,
        // 2025 at 4:19 pm", "By Nora Reyes, Reuters"); the selection may have taken them in as its head.
        var header = HeaderLines.preceding(blocks.first, in: model)
        header += selected.prefix(selected.count - paragraphs.count)
        let credits = paragraphs.filter(CreditLines.isCredit)
        return ExtractedArticle(
            title: metadata.title,
            byline: metadata.byline ?? HeaderLines.byline(in: header),
            published: metadata.published ?? HeaderLines.published(in: header),
            canonicalURL: metadata.canonicalURL,
            siteName: metadata.siteName,
            dateline: paragraphs.first.flatMap(CreditLines.dateline),
            creditLines: credits,
            paragraphs: paragraphs,
            charset: decoded.charset
        )
    }

    /// The title, byline or a bare date repeated at the top of the body.
    static func dropLeadingFurniture(_ paragraphs: [String], title: String?, byline: String?) -> [String] {
        var result = paragraphs
        let normalizedTitle = title.map(Self.comparable)
        let normalizedByline = byline.map(Self.comparable)
        while let first = result.first, result.count > 1 {
            let key = comparable(first)
            let isTitle =
                normalizedTitle.map { !key.isEmpty && ($0 == key || $0.hasPrefix(key) && key.count > 20) } ?? false
            let characters = first.count
            let isByline =
                normalizedByline.map { !key.isEmpty && ($0 == key || key.hasPrefix($0) && characters < 120) } ?? false
            let looksLikeByline =
                characters < 80 && (first.hasPrefix("By ") || first.hasPrefix("BY "))
                && !Boilerplate.endsSentence(first)
            let isDate = characters < 60 && DateText.parse(first) != nil && first.split(separator: " ").count <= 10
            if isTitle || isByline || looksLikeByline || isDate {
                result.removeFirst()
            } else {
                break
            }
        }
        return result
    }

    /// True for a copyright notice naming the page's own site ("Copyright 2025 The Riverton Herald.").
    static func isOwnCopyright(_ text: String, siteName: String?, url: String) -> Bool {
        let lower = text.lowercased()
        guard text.count < 200,
            lower.hasPrefix("©") || lower.hasPrefix("copyright") || lower.hasPrefix("(c)")
                || ByteSearch.contains(lower, "all rights reserved")
                || ByteSearch.contains(lower, "reproduction prohibited")
        else { return false }
        var names: [String] = []
        if let siteName {
            names.append(comparable(siteName.hasPrefix("The ") ? String(siteName.dropFirst(4)) : siteName))
        }
        if let host = SiteName.host(ofURL: url) {
            let labels = host.split(separator: ".")
            if let main = labels.dropLast().last(where: { $0.count > 3 && $0 != "www" && $0 != "news" }) {
                names.append(comparable(String(main)))
            }
        }
        let key = comparable(text)
        return names.contains { $0.count >= 4 && key.contains($0) }
    }

    static func comparable(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            let bytes = text.utf8.compactMap { byte -> UInt8? in
                if byte >= 0x41 && byte <= 0x5A { return byte | 0x20 }
                return (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) ? byte : nil
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return comparableUnicode(text)
    }

    /// ``comparable(_:)`` of text that is not all ASCII: lowercased scalar by scalar (as `lowercased()`
    /// does), letters and digits kept. ASCII scalars, most of any text, skip the Unicode tables.
    static func comparableUnicode(_ text: String) -> String {
        var kept: [UInt8] = []
        kept.reserveCapacity(text.utf8.count)
        func keepIfLetterOrDigit(_ scalar: Unicode.Scalar) {
            if scalar.isASCII {
                let value = scalar.value
                if (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39) { kept.append(UInt8(value)) }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                UTF8.encode(scalar) { kept.append($0) }
            }
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let value = UInt8(scalar.value)
                keepIfLetterOrDigit(Unicode.Scalar(value >= 0x41 && value <= 0x5A ? value | 0x20 : value))
            } else {
                for lowered in scalar.properties.lowercaseMapping.unicodeScalars { keepIfLetterOrDigit(lowered) }
            }
        }
        return String(decoding: kept, as: UTF8.self)
    }

    /// `HTMLArticleDecoder`: extraction for input readers.
    public func article(fromHTML html: [UInt8], page: PageInfo) throws -> Article {
        let extracted = extract(html: html, url: page.url, charset: page.charset)
        if extracted.overNodeLimit {
            throw IngestProblem(
                "too-many-nodes",
                "the HTML page holds over \(nodeLimit) elements and text runs (the node limit)",
                at: page.location
            )
        }
        guard !extracted.paragraphs.isEmpty else {
            throw IngestProblem("no-text", "no article text found in the HTML page", at: page.location)
        }
        var article = Article(
            url: page.url,
            site: page.site,
            title: page.title ?? extracted.title,
            byline: page.byline ?? extracted.byline,
            paragraphs: extracted.paragraphs,
            published: page.published ?? extracted.published,
            fetched: page.fetched,
            location: page.location
        )
        article.canonicalURL = extracted.canonicalURL
        article.setDetectedCreditLines(extracted.creditLines)
        article.dateline = extracted.dateline
        article.siteName = extracted.siteName
        return article
    }
}

extension ArticleExtractor {
    /// A description of how extraction saw the page: every text block with its element path, link
    /// density and whether it was kept (for `wiretrace extract --explain`).
    public func explain(html: [UInt8], url: String, charset: String? = nil) -> String {
        let decoded = CharsetDecoder.decode(html, transport: charset)
        return decoded.utf8.withUnsafeBufferPointer { buffer -> String in
            var overLimit = false
            guard buffer.count > 0, let document = parse(buffer, url: url, overLimit: &overLimit) else {
                return overLimit ? "page over the node limit of \(nodeLimit)\n" : "unparsable page\n"
            }
            defer { xmlFreeDoc(document) }
            let model = PageModel(document: document)
            var selector = ContentSelector(page: model)
            var reasons: [String]? = []
            let kept = Set(selector.selectBlocks(reasons: &reasons))
            let container = selector.explainContainer()
            var lines = [
                "charset \(decoded.charset); \(model.elements.count) elements, \(model.blocks.count) blocks; container \(container)"
            ]
            for (index, block) in model.blocks.enumerated() {
                var path: [String] = []
                var current = block.element
                while current >= 0 && path.count < 6 {
                    let element = model.elements[Int(current)]
                    path.append(
                        "\(element.tag)#\(current)\(element.hint != 0 ? "(\(element.hint))" : "")\(element.isArticleBody ? "*" : "")"
                    )
                    current = element.parent
                }
                let mark = kept.contains(index) ? "+" : "-"
                let density = Int(block.linkDensity * 100)
                let reason = kept.contains(index) ? "" : " (\(reasons?[index] ?? ""))"
                lines.append(
                    "\(mark) [\(index)] \(block.characters)c \(density)%L \(path.joined(separator: "<"))\(reason)  \(block.text.prefix(90))"
                )
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
