import WiretraceIngest

/// What lineage inference knows about one member of a story.
public struct LineageMember: Sendable {
    public var id: Int64
    public var url: String
    /// Normalised URL (``URLNormalizer/key(_:suffixes:)``), to compare with canonical links.
    public var urlKey: String
    public var host: String
    public var siteName: String?
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
    /// Hash of each compared paragraph, and its distinct shingles (sorted).
    public var paragraphHashes: [UInt64]
    public var paragraphShingles: [[UInt32]]
    /// Comparison keys, computed once: the headline's and site name's letters and digits, the host's,
    /// and those of the publication the page names as its source.
    let titleKey: String?
    let siteNameKey: String?
    let hostKey: String
    let viaKey: String?

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
        paragraphShingles: [[UInt32]]
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
        self.paragraphShingles = paragraphShingles
        self.titleKey = Self.key(title, droppingArticle: false)
        self.siteNameKey = Self.key(siteName, droppingArticle: true)
        self.hostKey = Self.key(host, droppingArticle: false) ?? ""
        self.viaKey = Self.key(claim.via, droppingArticle: true)
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

    /// Time used to order publications: the published time, else the estimate from the fetch time.
    public var effectiveTime: Timestamp? { published ?? estimatedPublished ?? fetched }

    /// The agency whose own site published this page, if any.
    public var ownAgency: Agency? {
        AgencyRegistry.agency(owningHost: host) ?? siteName.flatMap(AgencyRegistry.agency(named:))
    }
}
