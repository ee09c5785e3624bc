import CLibXML2
import WiretraceIngest

/// One element of a page, as extraction sees it: structure, class hints and the text blocks it holds.
struct PageElement {
    var tag: HTMLTag
    var parent: Int32
    var depth: Int16
    /// Weight of the class, id, itemprop and role names: positive for article-body names, negative for
    /// navigation, sharing, comments and the like.
    var hint: Int16
    /// The element is an explicit article body (`itemprop="articleBody"` or an unmistakable class name).
    var isArticleBody: Bool
    /// The element's names mark a section of other content: comments, related stories, a sidebar,
    /// navigation (``ClassHints/Hint/isPart``).
    var isNamedPart = false
    /// The element's only negative names are those of a piece of the article: a caption, a byline
    /// (``ClassHints/Hint/namesPiece``).
    var namesPiece = false
    /// The element starts its own block of text: a block-level element, or an inline one named for
    /// something else (a caption `<span>`), whose text must not run into the paragraph around it.
    var splitsText: Bool
    /// A `<font size=1>` (or smaller) element.
    var isSmallFont = false
    /// Blocks inside the element: `firstBlock..<endBlock`.
    var firstBlock: Int32
    var endBlock: Int32
}

/// A run of text between block boundaries: a paragraph, a heading, a list item, a table cell.
struct TextBlock {
    /// Innermost block-level element holding the text.
    var element: Int32
    var text: String
    /// Characters (Unicode scalars) of text.
    var characters: Int
    /// Characters inside links.
    var linkCharacters: Int
    /// Commas and sentence ends: a sign of prose.
    var punctuation: Int
    /// Words (space-separated runs).
    var words: Int
    /// Characters of scripts written without spaces, each worth a word or so (CJK ideographs, kana,
    /// Hangul: U+3000–U+DFFF).
    var wide: Int = 0
    /// Set apart as small print: after a horizontal rule, or in `<small>` or `<font size=1>` text.
    var isSmallPrint: Bool = false

    var linkDensity: Double { characters > 0 ? Double(linkCharacters) / Double(characters) : 0 }

    /// Characters with those of ``wide`` counted three times: the length of Latin text carrying as much.
    var length: Int { characters + 2 * wide }
}

/// Metadata seen while walking the page.
struct RawMetadata {
    var title: String?
    /// `<meta name|property|itemprop=… content=…>`, first value per lower-cased key.
    var meta: [String: String] = [:]
    var canonical: String?
    var jsonLD: [String] = []
    /// `datetime` attributes of `<time>` elements and of elements with `itemprop=datePublished`.
    var datetimes: [String] = []
    /// Text of `<time>` elements and of elements whose class names say "date" or "time".
    var visibleDates: [String] = []
    /// Text of elements whose class or itemprop names say "byline" or "author".
    var bylines: [String] = []
    /// Text of the first `<h1>` elements.
    var headings: [String] = []
}

/// The page walked once into arrays of elements and text blocks, plus raw metadata.
struct PageModel {
    var elements: [PageElement] = []
    var blocks: [TextBlock] = []
    var metadata = RawMetadata()

    /// Builds the model from a parsed libxml2 document.
    init(document: htmlDocPtr) {
        guard let root = xmlDocGetRootElement(document) else { return }
        var walker = Walker()
        walker.walk(root)
        elements = walker.elements
        blocks = walker.blocks
        metadata = walker.metadata
        mergeTableRows()
    }

    /// Data tables: the short cells of one row become one block ("1 Kyle Busch 5040 5 1"), as a reader
    /// sees the row; cells holding paragraphs (layout tables) stay blocks of their own.
    mutating func mergeTableRows() {
        guard let (merged, remap) = Self.mergingTableRows(blocks, elements: elements) else { return }
        for position in elements.indices {
            elements[position].firstBlock = remap[Int(elements[position].firstBlock)]
            let end = Int(elements[position].endBlock)
            elements[position].endBlock = end == 0 ? 0 : remap[end - 1] + 1
            if elements[position].endBlock < elements[position].firstBlock {
                elements[position].endBlock = elements[position].firstBlock
            }
        }
        blocks = merged
    }

    /// The blocks with each data-table row's short cells merged, and the new index of every old block
    /// (`remap[blocks.count]` is the new count); nil when no row is merged. Static, on the arrays: a row
    /// test that read `self` inside the mutating caller copied the whole model for every block.
    static func mergingTableRows(
        _ blocks: [TextBlock],
        elements: [PageElement]
    ) -> (blocks: [TextBlock], remap: [Int32])? {
        func cellRow(_ block: TextBlock) -> Int32 { Self.cellRow(of: block, in: elements) }
        // Most pages have no table cells: nothing to copy.
        guard blocks.contains(where: { cellRow($0) >= 0 }) else { return nil }
        var merged: [TextBlock] = []
        merged.reserveCapacity(blocks.count)
        var index = 0
        var remap = [Int32](repeating: 0, count: blocks.count + 1)
        while index < blocks.count {
            let block = blocks[index]
            let row = cellRow(block)
            guard row >= 0, block.characters <= 150 else {
                remap[index] = Int32(merged.count)
                merged.append(block)
                index += 1
                continue
            }
            var end = index + 1
            while end < blocks.count, cellRow(blocks[end]) == row, blocks[end].characters <= 150 { end += 1 }
            // Only rows whose cells hold one short block each: several blocks in a cell mean layout.
            var cells = Set<Int32>()
            let oneBlockPerCell = blocks[index..<end].allSatisfy { cells.insert($0.element).inserted }
            if end - index < 2 || !oneBlockPerCell {
                remap[index] = Int32(merged.count)
                merged.append(block)
                index += 1
                continue
            }
            var combined = blocks[index]
            combined.element = row
            for next in blocks[(index + 1)..<end] {
                combined.text += " " + next.text
                combined.characters += next.characters + 1
                combined.linkCharacters += next.linkCharacters
                combined.punctuation += next.punctuation
                combined.wide += next.wide
                combined.words += next.words
            }
            for position in index..<end { remap[position] = Int32(merged.count) }
            merged.append(combined)
            index = end
        }
        guard merged.count != blocks.count else { return nil }
        remap[blocks.count] = Int32(merged.count)
        return (merged, remap)
    }

    /// The table row a block is a cell of (the cell's parent `tr`), or -1.
    static func cellRow(of block: TextBlock, in elements: [PageElement]) -> Int32 {
        guard block.element >= 0 else { return -1 }
        let cell = elements[Int(block.element)]
        guard cell.tag == .td || cell.tag == .th, cell.parent >= 0, elements[Int(cell.parent)].tag == .tr else {
            return -1
        }
        return cell.parent
    }

    /// Ancestors of `element`, nearest first, up to `limit`.
    func ancestors(of element: Int32, limit: Int = .max) -> [Int32] {
        var out: [Int32] = []
        var current = elements[Int(element)].parent
        while current >= 0 && out.count < limit {
            out.append(current)
            current = elements[Int(current)].parent
        }
        return out
    }

    /// True when `element` is `ancestor` or lies inside it.
    func isInside(_ element: Int32, _ ancestor: Int32) -> Bool {
        var current = element
        while current >= 0 {
            if current == ancestor { return true }
            current = elements[Int(current)].parent
        }
        return false
    }
}

/// The single pass over the libxml2 tree.
private struct Walker {
    var elements: [PageElement] = []
    var blocks: [TextBlock] = []
    var metadata = RawMetadata()

    /// Innermost open block-level element.
    var containers: [Int32] = []
    /// Text gathered since the last block boundary.
    var inline: [UInt8] = []
    var inlineLinkCharacters = 0
    var linkDepth = 0
    /// For each open <a>, whether it counts as a link (an in-page anchor, "#section-2", does not).
    var openAnchors: [Bool] = []
    var smallDepth = 0
    var smallPrint = false
    var afterRule = false
    var lastWasBreak = false
    /// Elements whose text is being captured for metadata, with what to do with it.
    var captures: [(element: Int32, kind: CaptureKind, start: Int)] = []
    var captureText: [UInt8] = []

    enum CaptureKind { case title, visibleDate, byline, heading, jsonLD }

    /// Depth-first walk without recursion (pages can nest thousands of levels deep). Each entered
    /// element's index is kept in libxml2's `_private` field, which exists for this use.
    mutating func walk(_ root: xmlNodePtr) {
        var node = root
        var depth = 0
        walking: while true {
            var descend = false
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                if depth < 512, let index = enter(node, depth: depth) {
                    node.pointee._private = UnsafeMutableRawPointer(bitPattern: Int(index) + 1)
                    descend = true
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { text(content) }
            default:
                break
            }
            if descend, let child = node.pointee.children {
                node = child
                depth += 1
                continue
            }
            var current = node
            while true {
                if let marker = current.pointee._private {
                    exit(Int32(Int(bitPattern: marker) - 1))
                    current.pointee._private = nil
                }
                if current == root { break walking }
                if let next = current.pointee.next {
                    node = next
                    continue walking
                }
                guard let parent = current.pointee.parent else { break walking }
                current = parent
                depth -= 1
            }
        }
        flush()
    }

    /// Enters an element; returns its index when its content should be walked.
    mutating func enter(_ node: xmlNodePtr, depth: Int) -> Int32? {
        guard let name = node.pointee.name else { return nil }
        let tag = HTMLTag.of(name)
        let attributes = Attributes(node)
        if attributes.isHidden || attributes.isPopup { return nil }

        switch tag {
        case .meta:
            if let content = attributes.content {
                for key in [attributes.property, attributes.name, attributes.itemprop].compactMap({ $0 }) {
                    let lowered = key.lowercased()
                    if metadata.meta[lowered] == nil { metadata.meta[lowered] = content }
                }
            }
            return nil
        case .link:
            if let rel = attributes.rel?.lowercased(), rel.split(separator: " ").contains("canonical"),
                let href = attributes.href, metadata.canonical == nil
            {
                metadata.canonical = href
            }
            return nil
        case .title:
            if metadata.title == nil, let text = textContent(node) { metadata.title = text }
            return nil
        case .script:
            if let type = attributes.type?.lowercased(), ByteSearch.contains(type, "ld+json"),
                let text = rawTextContent(node)
            {
                metadata.jsonLD.append(text)
            }
            return nil
        default:
            break
        }
        if tag.isIgnored { return nil }

        if tag == .time || attributes.itemprop?.lowercased() == "datepublished" {
            if let value = attributes.datetime ?? (tag != .time ? attributes.content : nil) {
                metadata.datetimes.append(value)
            }
        }

        let index = Int32(elements.count)
        let named = ClassHints.hint(of: attributes)
        let (hint, isArticleBody) = (named.weight, named.isBody)
        // A link named for something else (a "popup" note) stays in its sentence; a caption <span> does not.
        let splitsText = tag.isBlock || hint <= -25 && tag != .a
        if splitsText { flush() }
        if tag == .br {
            // A line break ends a block: paragraphs of old pages are separated by <br><br>, and their
            // title, byline and date lines by single <br>s.
            flush()
            lastWasBreak = true
            return nil
        }
        if tag == .hr || tag == .img {
            if tag == .hr {
                flush()
                afterRule = true
            }
            return nil
        }
        elements.append(
            PageElement(
                tag: tag,
                parent: containersParent(node),
                depth: Int16(min(depth, Int(Int16.max))),
                hint: hint,
                isArticleBody: isArticleBody,
                isNamedPart: named.isPart,
                namesPiece: named.namesPiece,
                splitsText: splitsText,
                isSmallFont: attributes.isSmallFont,
                firstBlock: Int32(blocks.count),
                endBlock: Int32(blocks.count)
            )
        )
        if splitsText { containers.append(index) }
        if tag == .a {
            // A table of contents and footnote marks point within the page: they are the article's own.
            let inPage = attributes.href.map { $0.count > 1 && $0.hasPrefix("#") } ?? false
            openAnchors.append(!inPage)
            if !inPage { linkDepth += 1 }
        }
        if tag == .small || tag == .font && attributes.isSmallFont { smallDepth += 1 }
        if tag != .br && tag != .a && tag != .b && tag != .i && tag != .span && tag != .em && tag != .strong {
            lastWasBreak = false
        }

        // Texts kept for metadata.
        var capture: CaptureKind?
        if tag == .h1 && metadata.headings.count < 3 { capture = .heading }
        if tag == .time { capture = .visibleDate }
        if capture == nil, let names = attributes.classAndID {
            if ByteSearch.contains(names, "byline") || ByteSearch.contains(names, "author") {
                capture = .byline
            } else if ByteSearch.contains(names, "date") || ByteSearch.contains(names, "posted")
                || ByteSearch.contains(names, "publish")
                || ByteSearch.contains(names, "timestamp")
            {
                capture = .visibleDate
            }
        }
        if capture == nil, let itemprop = attributes.itemprop?.lowercased(), itemprop == "author" { capture = .byline }
        if let capture { captures.append((index, capture, captureText.count)) }
        return index
    }

    /// Index of the nearest walked ancestor element (its `_private` marker).
    func containersParent(_ node: xmlNodePtr) -> Int32 {
        var current = node.pointee.parent
        while let parent = current {
            if let marker = parent.pointee._private { return Int32(Int(bitPattern: marker) - 1) }
            current = parent.pointee.parent
        }
        return -1
    }

    mutating func exit(_ index: Int32) {
        let tag = elements[Int(index)].tag
        if elements[Int(index)].splitsText {
            flush()
            if containers.last == index { containers.removeLast() }
        }
        if tag == .a, let counted = openAnchors.popLast(), counted { linkDepth -= 1 }
        if tag == .small || tag == .font && elements[Int(index)].isSmallFont { smallDepth -= 1 }
        elements[Int(index)].endBlock = Int32(blocks.count)
        if let last = captures.last, last.element == index {
            captures.removeLast()
            let text = String(decoding: captureText[last.start...], as: UTF8.self).collapsingWhitespace()
            if captures.isEmpty { captureText.removeAll(keepingCapacity: true) }
            if !text.isEmpty {
                switch last.kind {
                case .heading: metadata.headings.append(text)
                case .visibleDate: if text.count < 120 { metadata.visibleDates.append(text) }
                case .byline: if text.count < 200 { metadata.bylines.append(text) }
                case .title, .jsonLD: break
                }
            }
        }
    }

    mutating func text(_ content: UnsafePointer<UInt8>) {
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
        }
        var index = 0
        var added = 0
        // Runs of non-space bytes are appended whole.
        while content[index] != 0 {
            if isSpace(content[index]) {
                appendSpace()
                index += 1
                continue
            }
            let start = index
            while content[index] != 0 && !isSpace(content[index]) {
                if content[index] & 0xC0 != 0x80 { added += 1 }
                index += 1
            }
            let run = UnsafeBufferPointer(start: content + start, count: index - start)
            inline.append(contentsOf: run)
            if !captures.isEmpty { captureText.append(contentsOf: run) }
            if smallDepth > 0 { smallPrint = true }
            lastWasBreak = false
        }
        if linkDepth > 0 { inlineLinkCharacters += added }
    }

    mutating func appendSpace() {
        if let last = inline.last, last != 0x20 { inline.append(0x20) }
        if !captures.isEmpty, let last = captureText.last, last != 0x20 { captureText.append(0x20) }
    }

    /// Ends the current block of inline text.
    mutating func flush() {
        lastWasBreak = false
        defer {
            inline.removeAll(keepingCapacity: true)
            inlineLinkCharacters = 0
            smallPrint = false
        }
        var start = 0
        var end = inline.count
        while start < end && inline[start] == 0x20 { start += 1 }
        while end > start && inline[end - 1] == 0x20 { end -= 1 }
        guard end > start else { return }
        // Counted over the bytes in place (a slice's iterator compares indices through a generic witness).
        let (text, hasWord, characters, punctuation, words, wide) = inline.withUnsafeBufferPointer { all in
            let bytes = UnsafeBufferPointer(rebasing: all[start..<end])
            // Zero-width spaces and lone symbols are not text (an ASCII letter or digit settles it at once).
            var hasASCIIWord = false
            var isASCII = true
            for byte in bytes {
                if byte >= 0x80 {
                    isASCII = false
                } else if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x30 && byte <= 0x39 {
                    hasASCIIWord = true
                    break
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let hasWord =
                hasASCIIWord
                || !isASCII
                    && text.unicodeScalars.contains(where: {
                        $0.properties.isAlphabetic || $0.properties.numericType != nil
                    })
            var characters = 0
            var punctuation = 0
            var words = 1
            var wide = 0
            if hasWord {
                var high: UInt8 = 0
                for byte in bytes {
                    high |= byte
                    if byte & 0xC0 != 0x80 { characters += 1 }
                    if byte == 0x2C || byte == 0x2E || byte == 0x3F || byte == 0x21 || byte == 0x3B { punctuation += 1 }
                    if byte == 0x20 { words += 1 }
                }
                if high >= 0x80 { (wide, punctuation) = Self.countWide(bytes, punctuation: punctuation) }
            }
            return (text, hasWord, characters, punctuation, words, wide)
        }
        guard hasWord else { return }
        blocks.append(
            TextBlock(
                element: containers.last ?? -1,
                text: text,
                characters: characters,
                linkCharacters: min(inlineLinkCharacters, characters),
                punctuation: punctuation,
                words: words,
                wide: wide,
                isSmallPrint: smallPrint || afterRule
            )
        )
        afterRule = false
    }

    /// Wide characters (lead bytes 0xE3–0xED: U+3000–U+DFFF) of UTF-8 text, and `punctuation` plus its
    /// ideographic commas and full stops (、。，！？；).
    static func countWide(_ bytes: UnsafeBufferPointer<UInt8>, punctuation: Int) -> (wide: Int, punctuation: Int) {
        var wide = 0
        var punctuation = punctuation
        var index = 0
        while index + 2 < bytes.count {
            let lead = bytes[index]
            guard lead >= 0xE0 && lead < 0xF0 else {
                index += 1
                continue
            }
            let second = bytes[index + 1]
            let third = bytes[index + 2]
            if lead >= 0xE3 && lead <= 0xED { wide += 1 }
            if lead == 0xE3 && second == 0x80 && (third == 0x81 || third == 0x82)
                || lead == 0xEF && second == 0xBC && (third == 0x8C || third == 0x81 || third == 0x9F || third == 0x9B)
            {
                punctuation += 1
            }
            index += 3
        }
        return (wide, punctuation)
    }

    /// Text of a node's subtree, white space collapsed (for `<title>`).
    func textContent(_ node: xmlNodePtr) -> String? {
        guard let raw = rawTextContent(node) else { return nil }
        let text = raw.collapsingWhitespace()
        return text.isEmpty ? nil : text
    }

    func rawTextContent(_ node: xmlNodePtr) -> String? {
        guard let content = xmlNodeGetContent(node) else { return nil }
        defer { wiretrace_xmlFree(content) }
        return String(cString: content)
    }
}

/// The attributes extraction reads, found in one pass over an element's attribute list.
struct Attributes {
    var classAndID: String?
    var itemprop: String?
    var role: String?
    var content: String?
    var name: String?
    var property: String?
    var rel: String?
    var href: String?
    var type: String?
    var datetime: String?
    var size: String?
    var isHidden = false

    /// `size="1"` or a negative relative size.
    var isSmallFont: Bool { size.map { $0 == "1" || $0.hasPrefix("-") } ?? false }
    /// Text shown only on hover or to screen readers (name cards, tooltips, "opens in a new window").
    var isPopup: Bool {
        guard let names = classAndID else { return false }
        return Self.popupMarkers.contains { ByteSearch.contains(names, $0) }
    }

    /// Class and id name parts of elements shown only on hover or to screen readers.
    static let popupMarkers: [StaticString] = [
        "tooltip", "hovercard", "popover", "rollover", "sr-only", "screen-reader", "visually-hidden",
        "visuallyhidden", "screenreader",
    ]

    init(_ node: xmlNodePtr) {
        var attribute = node.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let name = current.pointee.name else { continue }
            // Values are copied only for the attributes read.
            var value: String? { Self.value(current) }
            switch (name[0] | 0x20, HTMLTag.key(name).1) {
            case (UInt8(ascii: "c"), 5) where Self.equals(name, "class"),
                (UInt8(ascii: "i"), 2) where Self.equals(name, "id"):
                // An id made from a heading's words ("sharing-with-a-single-developer") names nothing.
                if let value, !value.isEmpty, name[0] | 0x20 == UInt8(ascii: "c") || !Self.isSlug(value) {
                    classAndID = classAndID.map { $0 + " " + value.lowercased() } ?? value.lowercased()
                }
            case (UInt8(ascii: "i"), 8) where Self.equals(name, "itemprop"): itemprop = value
            case (UInt8(ascii: "r"), 4) where Self.equals(name, "role"): role = value
            case (UInt8(ascii: "c"), 7) where Self.equals(name, "content"): content = value
            case (UInt8(ascii: "n"), 4) where Self.equals(name, "name"): self.name = value
            case (UInt8(ascii: "p"), 8) where Self.equals(name, "property"): property = value
            case (UInt8(ascii: "r"), 3) where Self.equals(name, "rel"): rel = value
            case (UInt8(ascii: "h"), 4) where Self.equals(name, "href"): href = value
            case (UInt8(ascii: "t"), 4) where Self.equals(name, "type"): type = value
            case (UInt8(ascii: "d"), 8) where Self.equals(name, "datetime"): datetime = value
            case (UInt8(ascii: "h"), 6) where Self.equals(name, "hidden"): isHidden = true
            case (UInt8(ascii: "s"), 4) where Self.equals(name, "size"): size = value
            case (UInt8(ascii: "a"), 11) where Self.equals(name, "aria-hidden"):
                if value?.lowercased() == "true" { isHidden = true }
            case (UInt8(ascii: "s"), 5) where Self.equals(name, "style"):
                if let style = value?.lowercased().filter({ $0 != " " }),
                    ByteSearch.contains(style, "display:none") || ByteSearch.contains(style, "visibility:hidden")
                {
                    isHidden = true
                }
            default:
                break
            }
        }
    }

    /// Function words: a name holding one is text turned into an id, not a name.
    static let slugWords: Set<Substring> = ["a", "an", "the", "of", "to", "in", "on", "with", "and", "for", "is"]

    /// True for an id of four words or more with a function word among them (an anchor made from a
    /// heading).
    static func isSlug(_ id: String) -> Bool {
        let words = id.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
        return words.count >= 4 && words.contains(where: { slugWords.contains($0) })
    }

    static func equals(_ name: UnsafePointer<UInt8>, _ expected: StaticString) -> Bool {
        let count = expected.utf8CodeUnitCount
        let bytes = expected.utf8Start
        for index in 0..<count where (name[index] | 0x20) != bytes[index] && name[index] != bytes[index] {
            return false
        }
        return name[count] == 0
    }

    static func value(_ attribute: xmlAttrPtr) -> String? {
        guard let child = attribute.pointee.children, let content = child.pointee.content else { return nil }
        if child.pointee.next == nil { return String(cString: content) }
        guard let full = xmlNodeListGetString(attribute.pointee.doc, child, 1) else { return nil }
        defer { wiretrace_xmlFree(full) }
        return String(cString: full)
    }
}

extension String {
    /// The string with every run of white space (ASCII or no-break space) made one space, trimmed.
    func collapsingWhitespace() -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var pendingSpace = false
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            var isSpace = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
            var pending: UInt8?
            if byte == 0xC2 {
                if let next = iterator.next() {
                    if next == 0xA0 { isSpace = true } else { pending = next }
                }
            }
            if isSpace {
                if !bytes.isEmpty { pendingSpace = true }
                continue
            }
            if pendingSpace {
                bytes.append(0x20)
                pendingSpace = false
            }
            bytes.append(byte)
            if let pending { bytes.append(pending) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
