import Foundation
import WiretraceIngest

/// What class, id, itemprop and role names say about an element's content.
///
/// Publishers name their markup after what it holds: `article-body`, `story__content`, `entry-content`
/// on one side; `share`, `related`, `newsletter`, `comments`, `sidebar` on the other. These names are
/// read as evidence, never as per-site rules.
enum ClassHints {
    /// Names that mark the article body itself.
    static let articleBody = [
        "articlebody", "article-body", "article_body", "article__body", "articletext", "article-text",
        "article_text", "article-content", "article_content", "article__content", "articlecontent", "story-body",
        "storybody", "story_body", "story-text", "storytext", "story__content", "story-content", "story__body",
        "entry-content", "entry_content", "entrycontent", "post-content", "post_content", "postcontent", "post-body",
        "postbody", "post__content", "content-body", "body-text", "bodytext", "body-copy", "richtextstorybody",
        "article-main", "field-name-body", "field--name-body", "main-content-body", "text-content", "news-text",
        "news-content", "newscontent", "news_content", "detail-content", "article-detail", "articledetail",
        "single-content", "blog-content", "td-post-content", "text-body", "articletextcontent",
    ]

    /// Words that suggest content (matched as whole name tokens).
    static let positiveTokens: Set<String> = [
        "article", "articles", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog", "story",
        "prose", "copy", "paragraph", "paragraphs",
    ]

    /// Words that mark anything but the article (matched as whole name tokens).
    static let negativeTokens: Set<String> = [
        "ad", "ads", "adv", "advert", "advertisement", "advertising", "banner", "breadcrumb", "breadcrumbs", "byline",
        "comment", "comments", "cookie", "cookies", "disqus", "footer", "footnote", "login", "masthead", "menu",
        "modal", "nav", "navbar", "navigation", "newsletter", "newsletters", "outbrain", "pagination", "pager",
        "popular", "popup", "promo", "promotion", "recommend", "recommended", "related", "reply", "rss", "share",
        "sharing", "shopping", "sidebar", "signup", "sponsor", "sponsored", "subscribe", "subscription",
        "taboola", "toolbar", "trending", "widget", "consent", "gdpr", "overlay", "paywall", "cta",
        "carousel", "mostread", "readmore", "sitemap", "caption", "captions", "credit", "credits",
    ]

    /// Words that suggest something other than body text, weakly (a "media" or "list" element can hold
    /// the article's own content).
    static let weakNegativeTokens: Set<String> = [
        "author", "bio", "community", "contact", "embed", "foot", "form", "gallery", "header", "hidden",
        "links", "list", "listing", "media", "meta", "more", "next", "player", "prev", "previous", "print", "rail",
        "read", "search", "skip", "tag", "tags", "teaser", "teasers", "thumbnail", "thumbnails", "tool", "tools",
        "topics", "utility", "video", "aside", "most", "social",
    ]

    /// Substrings that are negative wherever they appear (long enough not to occur by accident).
    static let negativeSubstrings = [
        "comment", "sidebar", "newsletter", "related", "advert", "sponsor", "breadcrumb", "disqus", "cookie",
        "subscribe", "recommend", "trending", "outbrain", "taboola", "share", "promo", "most-read",
        "mostread", "popular", "footer", "masthead", "signup", "sign-up", "paywall", "jp-relatedposts", "caption",
        "sharedaddy", "more-on", "moreon", "read-more", "readmore", "ad-slot", "adslot", "ad-container", "banner",
    ]

    /// Substrings of names of whole sections that hold other content than the article: comment threads,
    /// related and recommended stories, sidebars, footers, navigation. Text inside such a section counts
    /// little when the article container is chosen, however long it runs (a caption or a byline name says
    /// what a small element is, not where the article is not).
    static let partSubstrings = [
        "comment", "disqus", "related", "recommend", "sidebar", "footer", "popular", "trending", "outbrain",
        "taboola", "most-read", "mostread", "more-on", "moreon", "read-more", "readmore", "newsletter",
        "breadcrumb", "promo", "masthead",
    ]

    /// Whole-token names of such sections.
    static let partTokens: Set<String> = [
        "nav", "navbar", "navigation", "menu", "reply", "replies", "respond", "pagination", "pager", "carousel",
        "sitemap",
    ]

    /// What an element's names say.
    struct Hint: Sendable, Equatable {
        /// Positive for article-body names, negative for navigation, sharing, comments and the like.
        var weight: Int16
        /// The names mark the article body itself.
        var isBody: Bool
        /// A class name names a section of other content (``partSubstrings``, ``partTokens``) and no other
        /// class name of the element suggests content ("has-sidebar main-content" is a layout wrapper).
        var isPart: Bool
        /// The only negative names are those of a piece of the article (``pieceWords``: a caption, a byline).
        var namesPiece: Bool
    }

    /// What an element's class, id, itemprop and role names say.
    static func hint(of attributes: Attributes) -> Hint {
        var weight = 0
        var isBody = false
        var isPart = false
        if let itemprop = attributes.itemprop?.lowercased() {
            if ByteSearch.contains(itemprop, "articlebody") { isBody = true }
            if itemprop == "articlebody" { weight += 50 }
            if itemprop == "comment" || itemprop == "author" || itemprop == "publisher" { weight -= 25 }
        }
        if let role = attributes.role?.lowercased() {
            switch role {
            case "main", "article": weight += 15
            case "navigation", "banner", "contentinfo", "complementary", "dialog", "alert", "menu", "menubar",
                "search", "toolbar":
                weight -= 30
                if role == "navigation" || role == "contentinfo" || role == "complementary" { isPart = true }
            default: break
            }
        }
        guard let names = attributes.classAndID, !names.isEmpty else {
            return Hint(weight: Int16(weight), isBody: isBody, isPart: isPart && !isBody, namesPiece: false)
        }
        let named = cache.hint(of: names)
        return Hint(
            weight: Int16(max(-100, min(100, weight + Int(named.weight)))),
            isBody: isBody || named.isBody,
            isPart: (isPart || named.isPart) && !isBody && !named.isBody,
            namesPiece: named.namesPiece && weight >= 0
        )
    }

    /// Class and id names repeat on every page of a site, so their weights are remembered.
    static let cache = HintCache()

    /// What lower-cased class and id names say.
    static func hint(ofNames given: String) -> Hint {
        // A name that says what the element lacks ("no_caption", "no-comments", "without-sidebar") says
        // nothing about what it is.
        let names = given.split(separator: " ").filter { !isNegated($0) }.joined(separator: " ")
        let (weight, isBody) = weight(ofNames: names)
        guard !isBody else { return Hint(weight: weight, isBody: true, isPart: false, namesPiece: false) }
        var part = false
        var content = false
        for name in names.split(separator: " ") {
            let tokens = name.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            if partSubstrings.contains(where: { name.contains($0) })
                || tokens.contains(where: { partTokens.contains(String($0)) })
            {
                part = true
            } else if tokens.contains(where: { positiveTokens.contains(String($0)) }) {
                content = true
            }
        }
        // Names of a caption or byline and nothing else negative: a template's name for a piece of the
        // article, which a slideshow or a broken page may fill with its paragraphs.
        var piece = false
        if weight < 0 {
            var rest = names
            for word in pieceWords where rest.contains(word) {
                piece = true
                rest = rest.replacingOccurrences(of: word, with: "")
            }
            piece = piece && Self.weight(ofNames: rest).0 > -25
        }
        return Hint(weight: weight, isBody: false, isPart: part && !content, namesPiece: piece)
    }

    /// A class name stating an absence: "no-" or "without-" (or with "_") and a word.
    static func isNegated(_ name: Substring) -> Bool {
        for prefix in ["no-", "no_", "without-", "without_"] where name.hasPrefix(prefix) && name.count > prefix.count {
            return true
        }
        return false
    }

    /// Names of small pieces of an article itself.
    static let pieceWords = ["caption", "byline", "credit"]

    /// The weight of lower-cased class and id names.
    static func weight(ofNames names: String) -> (Int16, Bool) {
        var weight = 0
        var isBody = false
        for marker in articleBody where names.range(of: marker) != nil {
            isBody = true
            weight += 40
            break
        }
        var positive = false
        var negative = false
        var weak = false
        for token in names.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
            if positiveTokens.contains(String(token)) { positive = true }
            if negativeTokens.contains(String(token)) { negative = true }
            if weakNegativeTokens.contains(String(token)) { weak = true }
        }
        if !negative {
            for marker in negativeSubstrings where names.range(of: marker) != nil {
                negative = true
                break
            }
        }
        if negative && !isBody {
            weight -= 25  // "caption-text", "share-content": the negative word says what it is
        } else {
            if positive { weight += 25 }
            if weak && !isBody { weight -= 10 }
        }
        return (Int16(max(-100, min(100, weight))), isBody)
    }
}

/// A bounded, thread-safe memo of class-name weights.
final class HintCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: ClassHints.Hint] = [:]

    func hint(of names: String) -> ClassHints.Hint {
        lock.lock()
        if let known = entries[names] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let computed = ClassHints.hint(ofNames: names)
        lock.lock()
        if entries.count >= 100_000 { entries.removeAll(keepingCapacity: true) }
        entries[names] = computed
        lock.unlock()
        return computed
    }
}
