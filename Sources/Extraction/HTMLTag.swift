/// The HTML elements extraction cares about, recognised from their (lower-case) names without
/// allocating strings.
enum HTMLTag: UInt8 {
    case other
    // Document structure
    case html, head, body, title, meta, link, base
    // Never content
    case script, style, noscript, template, svg, math, iframe, object, embed, canvas, video, audio, select, button
    case input, textarea, option, map, dialog
    // Sectioning and blocks
    case article, section, main, header, footer, nav, aside, div, p, blockquote, pre, address, figure, figcaption
    case form, fieldset, details, summary, center, dl, dt, dd, ul, ol, li, menu, hr
    case table, thead, tbody, tfoot, tr, td, th, caption
    case h1, h2, h3, h4, h5, h6
    // Inline
    case a, br, img, span, b, strong, i, em, font, time, small, sup, sub, u, q, cite, abbr, mark, code, label

    /// Packs up to 8 lower-case name bytes into an integer key.
    static func key(_ name: UnsafePointer<UInt8>) -> (UInt64, Int) {
        var key: UInt64 = 0
        var length = 0
        while name[length] != 0 {
            if length < 8 {
                key |=
                    UInt64(name[length] | (name[length] >= 0x41 && name[length] <= 0x5A ? 0x20 : 0))
                    << UInt64(8 * length)
            }
            length += 1
            if length > 12 { break }
        }
        return (key, length)
    }

    static let byKey: [UInt64: HTMLTag] = {
        let names: [(String, HTMLTag)] = [
            ("html", .html), ("head", .head), ("body", .body), ("title", .title), ("meta", .meta), ("link", .link),
            ("base", .base), ("script", .script), ("style", .style), ("noscript", .noscript), ("template", .template),
            ("svg", .svg), ("math", .math), ("iframe", .iframe), ("object", .object), ("embed", .embed),
            ("canvas", .canvas), ("video", .video), ("audio", .audio), ("select", .select), ("button", .button),
            ("input", .input), ("textarea", .textarea), ("option", .option), ("map", .map), ("dialog", .dialog),
            ("article", .article), ("section", .section), ("main", .main), ("header", .header), ("footer", .footer),
            ("nav", .nav), ("aside", .aside), ("div", .div), ("p", .p), ("blockquote", .blockquote), ("pre", .pre),
            ("address", .address), ("figure", .figure), ("figcaption", .figcaption), ("form", .form),
            ("fieldset", .fieldset), ("details", .details), ("summary", .summary), ("center", .center), ("dl", .dl),
            ("dt", .dt), ("dd", .dd), ("ul", .ul), ("ol", .ol), ("li", .li), ("menu", .menu), ("hr", .hr),
            ("table", .table), ("thead", .thead), ("tbody", .tbody), ("tfoot", .tfoot), ("tr", .tr), ("td", .td),
            ("th", .th), ("caption", .caption), ("h1", .h1), ("h2", .h2), ("h3", .h3), ("h4", .h4), ("h5", .h5),
            ("h6", .h6), ("a", .a), ("br", .br), ("img", .img), ("span", .span), ("b", .b), ("strong", .strong),
            ("i", .i), ("em", .em), ("font", .font), ("time", .time), ("small", .small), ("sup", .sup), ("sub", .sub),
            ("u", .u), ("q", .q), ("cite", .cite), ("abbr", .abbr), ("mark", .mark), ("code", .code),
            ("label", .label),
        ]
        var table: [UInt64: HTMLTag] = [:]
        for (name, tag) in names {
            var key: UInt64 = 0
            for (index, byte) in name.utf8.enumerated() where index < 8 { key |= UInt64(byte) << UInt64(8 * index) }
            table[key ^ UInt64(name.utf8.count) << 59] = tag
        }
        return table
    }()

    /// The tag of an element name (C string).
    static func of(_ name: UnsafePointer<UInt8>) -> HTMLTag {
        let (key, length) = key(name)
        return byKey[key ^ UInt64(length) << 59] ?? .other
    }

    /// Content never read as text.
    var isIgnored: Bool {
        switch self {
        case .script, .style, .noscript, .template, .svg, .math, .iframe, .object, .embed, .canvas, .video, .audio,
            .select, .button, .input, .textarea, .option, .map, .dialog, .title:
            return true
        default:
            return false
        }
    }

    /// Elements that start a new block of text.
    var isBlock: Bool {
        switch self {
        case .html, .body, .article, .section, .main, .header, .footer, .nav, .aside, .div, .p, .blockquote, .pre,
            .address, .figure, .figcaption, .form, .fieldset, .details, .summary, .center, .dl, .dt, .dd, .ul, .ol,
            .li, .menu, .hr, .table, .thead, .tbody, .tfoot, .tr, .td, .th, .caption, .h1, .h2, .h3, .h4, .h5, .h6:
            return true
        default:
            return false
        }
    }

    var isHeading: Bool {
        switch self {
        case .h1, .h2, .h3, .h4, .h5, .h6: return true
        default: return false
        }
    }
}
