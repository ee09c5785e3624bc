import WiretraceIngest

/// What lineage inference knows about one member of a story.
public struct LineageMember: Sendable {
    public var id: Int64
    public var url: String
    /// Normalised URL (``URLNormalizer/key(_:suffixes:)``), to compare with canonical links.
    public var urlKey: String
    public var host: String {
        didSet {
            hostKey = Self.key(host, droppingArticle: false) ?? ""
            ownAgency = Self.ownAgency(host: host, siteName: siteName)
        }
    }
    public var siteName: String? {
        didSet {
            siteNameKey = Self.key(siteName, droppingArticle: true)
            ownAgency = Self.ownAgency(host: host, siteName: siteName)
        }
    }
    public var title: String?
    public var byline: String?
    public var published: Timestamp?
    public var fetched: Timestamp?
    /// For a page without a publication time: its fetch time less the archive's lower-quartile crawl
    /// delay, kept within the day its address names (``URLDate``) when it names one.
    public var estimatedPublished: Timestamp?
    /// True when the day in the page's address, not its fetch time, decided `estimatedPublished`.
    public var estimatedFromURLDate = false
    /// For a page without a publication time: the earliest time it plausibly came out (its fetch time
    /// less a long crawl delay). Nil when unknown: then any time is possible.
    public var earliestPlausible: Timestamp?
    /// Normalised key of the page's canonical URL, when it names one.
    public var canonicalKey: String?
    public var claim: CreditClaim
    public var contentHash: String
    /// Distinct shingles of the compared text, sorted.
    public var shingles: [UInt32]
    /// Hash of each compared paragraph.
    public var paragraphHashes: [UInt64]
    /// The compared text's shingles in text order, and where each paragraph starts in them: the
    /// paragraphs' shingle sets are made from them only for the members whose passages are aligned.
    public var textShingles: [UInt32]
    public var paragraphStarts: [UInt32]
    /// Comparison keys, computed once: the headline's and site name's letters and digits, the host's,
    /// and those of the publication the page names as its source.
    let titleKey: String?
    private(set) var siteNameKey: String?
    private(set) var hostKey: String
    let viaKey: String?
    /// The agency whose own site published this page, if any (from the host, else the site name).
    public private(set) var ownAgency: Agency?

    public init(
        id: Int64,
        url: String,
        urlKey: String,
        host: String,
        siteName: String?,
        title: String?,
        byline: String?,
        published: Timestamp?,
        fetched: Timestamp?,
        canonicalKey: String?,
        claim: CreditClaim,
        contentHash: String,
        shingles: [UInt32],
        paragraphHashes: [UInt64],
        textShingles: [UInt32],
        paragraphStarts: [UInt32]
    ) {
        self.init(
            id: id,
            url: url,
            urlKey: urlKey,
            host: host,
            siteName: siteName,
            title: title,
            byline: byline,
            published: published,
            fetched: fetched,
            canonicalKey: canonicalKey,
            claim: claim,
            contentHash: contentHash,
            shingles: shingles,
            paragraphHashes: paragraphHashes,
            textShingles: textShingles,
            paragraphStarts: paragraphStarts,
            titleKey: Self.key(title, droppingArticle: false)
        )
    }

    /// - Parameter titleKey: the headline's key (``titleKey``), given when only the key is known.
    init(
        id: Int64,
        url: String,
        urlKey: String,
        host: String,
        siteName: String?,
        title: String?,
        byline: String?,
        published: Timestamp?,
        fetched: Timestamp?,
        canonicalKey: String?,
        claim: CreditClaim,
        contentHash: String,
        shingles: [UInt32],
        paragraphHashes: [UInt64],
        textShingles: [UInt32],
        paragraphStarts: [UInt32],
        titleKey: String?
    ) {
        self.id = id
        self.url = url
        self.urlKey = urlKey
        self.host = host
        self.siteName = siteName
        self.title = title
        self.byline = byline
        self.published = published
        self.fetched = fetched
        self.canonicalKey = canonicalKey
        self.claim = claim
        self.contentHash = contentHash
        self.shingles = shingles
        self.paragraphHashes = paragraphHashes
        self.textShingles = textShingles
        self.paragraphStarts = paragraphStarts
        self.titleKey = titleKey
        self.siteNameKey = Self.key(siteName, droppingArticle: true)
        self.hostKey = Self.key(host, droppingArticle: false) ?? ""
        self.viaKey = Self.key(claim.via, droppingArticle: true)
        self.ownAgency = Self.ownAgency(host: host, siteName: siteName)
    }

    /// The distinct shingles of each compared paragraph, sorted.
    /// - Complexity: O(*n* log *n*) in the text's shingles.
    public func paragraphShingleSets() -> [[UInt32]] {
        var sets: [[UInt32]] = []
        sets.reserveCapacity(paragraphStarts.count)
        let length = textShingles.count
        for (index, start) in paragraphStarts.enumerated() {
            let end = index + 1 < paragraphStarts.count ? Int(paragraphStarts[index + 1]) : length
            let lower = min(Int(start), length)
            let upper = max(lower, min(end, length))
            sets.append(SortedShingles.sortedUnique(Array(textShingles[lower..<upper])))
        }
        return sets
    }

    static func ownAgency(host: String, siteName: String?) -> Agency? {
        AgencyRegistry.agency(owningHost: host) ?? siteName.flatMap(AgencyRegistry.agency(named:))
    }

    /// Lower-cased letters and digits of `text` (without a leading "the "), nil when none.
    static func key(_ text: String?, droppingArticle: Bool) -> String? {
        guard let text else { return nil }
        var scalars = String.UnicodeScalarView()
        var lowered = text.lowercased()
        if droppingArticle && lowered.hasPrefix("the ") { lowered.removeFirst(4) }
        for scalar in lowered.unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value
                if (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39) { scalars.append(scalar) }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                scalars.append(scalar)
            }
        }
        return scalars.isEmpty ? nil : String(scalars)
    }

    /// Time used to order publications: the published time, else the estimate (from the fetch time or the
    /// day in the address), else the fetch time.
    public var effectiveTime: Timestamp? { published ?? estimatedPublished ?? fetched }

}
