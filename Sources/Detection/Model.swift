import Foundation
import WiretraceFingerprint
import WiretraceIngest
import WiretraceLineage

/// Row id of a stored document.
public typealias DocumentID = Int64
/// Row id of a story.
public typealias StoryID = Int64

/// A stored document as a candidate for matching: its text fingerprint and where it stands.
public struct CandidateDocument: Sendable {
    public var id: DocumentID
    /// Story the document belongs to; nil for a document in no story.
    public var storyID: StoryID?
    /// The document is a compilation (a roundup of several stories): nothing joins a story through it.
    public var isCompilation: Bool
    /// Positions of its text that other members of its story are known to share.
    public var explained: PositionSet
    public var text: ComparableText
    /// Stored documents whose leads this document was found to quote (of other stories than its own):
    /// a member quoting several stories' leads is a roundup. Their clusters are looked up only when a
    /// decision needs them (``StoreReading/cluster(of:)``).
    public var quotedDocuments: [DocumentID]

    public init(
        id: DocumentID,
        storyID: StoryID?,
        isCompilation: Bool,
        explained: PositionSet,
        text: ComparableText,
        quotedDocuments: [DocumentID] = []
    ) {
        self.id = id
        self.storyID = storyID
        self.isCompilation = isCompilation
        self.explained = explained
        self.text = text
        self.quotedDocuments = quotedDocuments
    }

    /// Cluster the document belongs to: its story, or itself.
    public var cluster: Cluster { storyID.map(Cluster.story) ?? .single(id) }
}

/// A story, or a document that is in no story yet: the unit documents join.
public enum Cluster: Hashable, Sendable {
    case story(StoryID)
    case single(DocumentID)

    /// One integer per cluster: story ids as they are, single documents negated.
    public var key: Int64 {
        switch self {
        case .story(let id): id
        case .single(let id): -id
        }
    }
}

/// A stored document as reports show it.
public struct DocumentSummary: Sendable, Equatable {
    public var id: DocumentID
    public var url: String
    public var site: String
    public var title: String?
    public var published: Timestamp?
    public var fetched: Timestamp?
    public var storyID: StoryID?
    public var contentHash: String

    public init(
        id: DocumentID,
        url: String,
        site: String,
        title: String?,
        published: Timestamp?,
        fetched: Timestamp?,
        storyID: StoryID?,
        contentHash: String
    ) {
        self.id = id
        self.url = url
        self.site = site
        self.title = title
        self.published = published
        self.fetched = fetched
        self.storyID = storyID
        self.contentHash = contentHash
    }

    /// Time used to order publications: the published time, else the fetch time.
    public var effectiveTime: Timestamp? { published ?? fetched }

    /// The earliest of `documents` by published (else fetch) time; ties go to the first stored.
    public static func earliest(_ documents: [DocumentSummary]) -> DocumentSummary? {
        documents.min { a, b in
            switch (a.effectiveTime, b.effectiveTime) {
            case (let x?, let y?): return x != y ? x < y : a.id < b.id
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.id < b.id
            }
        }
    }
}

/// A stored URL and the content hashes it has been seen with.
public struct ExistingDocument: Sendable {
    public var id: DocumentID
    public var contentHashes: Set<String>
    public var revisionCount: Int

    public init(id: DocumentID, contentHashes: Set<String>, revisionCount: Int) {
        self.id = id
        self.contentHashes = contentHashes
        self.revisionCount = revisionCount
    }
}

/// A verified match kept as evidence for a document.
public struct StoredMatch: Sendable, Equatable {
    public var matchedDocument: DocumentID
    public var jaccard: Double
    public var containment: Double
    public var sharedShingles: Int
    /// "exact", or the ``PairVerdict`` (`near`, `contained`, `aligned`, `version`, `reuse`, `quoteOnly`,
    /// `template`), or "partial" for an overlap that no rule decided.
    public var relation: String
    /// The pair rule that decided (nil for an exact copy or an overlap no rule decided).
    public var rule: String?
    /// The shared passages, when the rule read them.
    public var passages: [AlignedPassage]

    public init(
        matchedDocument: DocumentID,
        jaccard: Double,
        containment: Double,
        sharedShingles: Int,
        relation: String,
        rule: String? = nil,
        passages: [AlignedPassage] = []
    ) {
        self.matchedDocument = matchedDocument
        self.jaccard = jaccard
        self.containment = containment
        self.sharedShingles = sharedShingles
        self.relation = relation
        self.rule = rule
        self.passages = passages
    }

    /// The passages in their compact form (``AlignedPassage/compact``), comma-separated; nil for none.
    public var compactPassages: String? {
        passages.isEmpty ? nil : passages.map(\.compact).joined(separator: ",")
    }

    /// Passages read back from ``compactPassages``.
    public static func passages(compact: String?) -> [AlignedPassage] {
        guard let compact else { return [] }
        return compact.split(separator: ",").compactMap { AlignedPassage(compact: $0) }
    }
}

/// Passages a new document shares with a stored one without the two being one story: partial reuse
/// (a page that lifted paragraphs and is otherwise its own), a roundup quoting a lead, or a copy
/// relation between stories that the evidence did not let merge.
public struct ReuseLink: Sendable, Equatable {
    /// The stored document whose passages the new one shares.
    public var reusedDocument: DocumentID
    /// Shared shingles (informative: boilerplate aside).
    public var sharedShingles: Int
    /// The shared passages, in the new document's order.
    public var passages: [AlignedPassage]

    public init(reusedDocument: DocumentID, sharedShingles: Int, passages: [AlignedPassage]) {
        self.reusedDocument = reusedDocument
        self.sharedShingles = sharedShingles
        self.passages = passages
    }
}

/// A reuse link as reports show it, seen from one document (``StoreQuerying/reuseLinks(of:)``).
public struct ReuseRecord: Sendable, Equatable {
    /// The document the link was asked about …
    public var document: DocumentID
    /// … and the other document, its address and story.
    public var other: DocumentSummary
    /// True when `document` is the one that arrived later and reuses `other`'s passages; false when
    /// `other` arrived later and reuses `document`'s.
    public var reuses: Bool
    public var sharedShingles: Int
    /// Passages as stored, positions of the later document first.
    public var passages: [AlignedPassage]

    public init(
        document: DocumentID,
        other: DocumentSummary,
        reuses: Bool,
        sharedShingles: Int,
        passages: [AlignedPassage]
    ) {
        self.document = document
        self.other = other
        self.reuses = reuses
        self.sharedShingles = sharedShingles
        self.passages = passages
    }
}

/// The facts of a story member that lineage reads, besides its text.
public struct MemberFacts: Sendable {
    public var summary: DocumentSummary
    public var byline: String?
    public var siteName: String?
    public var canonicalURL: String?
    public var dateline: String?
    public var creditLines: [String]
    /// The claim read from the credits when the page was stored (nil: read them again).
    public var claim: CreditClaim?
    /// The normalised URL stored with the page (nil: normalise the URL again).
    public var urlKey: String?

    public init(
        summary: DocumentSummary,
        byline: String?,
        siteName: String?,
        canonicalURL: String?,
        dateline: String?,
        creditLines: [String]
    ) {
        self.summary = summary
        self.byline = byline
        self.siteName = siteName
        self.canonicalURL = canonicalURL
        self.dateline = dateline
        self.creditLines = creditLines
    }
}

/// One line of `export`.
public struct ExportRecord: Sendable, Equatable {
    public var url: String
    public var site: String
    public var story: StoryID?
    public var isOrigin: Bool
    public var parentURL: String?
    public var kind: String?
    public var published: Timestamp?
    public var fetched: Timestamp?
    public var title: String?
    public var isCompilation: Bool
    /// Addresses of the documents this one shares passages with, by reuse links, outside its story.
    public var reuses: [String]

    public init(
        url: String,
        site: String,
        story: StoryID?,
        isOrigin: Bool,
        parentURL: String?,
        kind: String?,
        published: Timestamp?,
        fetched: Timestamp?,
        title: String?,
        isCompilation: Bool,
        reuses: [String] = []
    ) {
        self.url = url
        self.site = site
        self.story = story
        self.isOrigin = isOrigin
        self.parentURL = parentURL
        self.kind = kind
        self.published = published
        self.fetched = fetched
        self.title = title
        self.isCompilation = isCompilation
        self.reuses = reuses
    }
}

/// Counts over the whole database.
public struct StoreStatistics: Sendable, Equatable {
    public var documents: Int
    public var revisions: Int
    public var stories: Int
    public var storyMembers: Int
    public var sites: Int
    public var compilations: Int
    public var largestStory: Int

    public init(
        documents: Int,
        revisions: Int,
        stories: Int,
        storyMembers: Int,
        sites: Int,
        compilations: Int,
        largestStory: Int
    ) {
        self.documents = documents
        self.revisions = revisions
        self.stories = stories
        self.storyMembers = storyMembers
        self.sites = sites
        self.compilations = compilations
        self.largestStory = largestStory
    }

    /// Members of stories that are not the story's origin: the copies.
    public var copies: Int { storyMembers - stories }
}

/// Crawl delays (fetch time minus publication time) in logarithmic buckets, eight per doubling.
public enum CrawlDelay {
    public static func bucket(seconds: Int64) -> Int {
        let minutes = Double(max(0, seconds)) / 60
        return min(255, Int((log2(minutes + 1) * 8).rounded(.down)))
    }

    /// The middle of a bucket, in seconds.
    public static func seconds(ofBucket bucket: Int) -> Int64 {
        seconds(at: Double(bucket) + 0.5)
    }

    /// The delay at a fractional bucket position (`bucket` + share of the way through it), in seconds.
    static func seconds(at position: Double) -> Int64 {
        Int64((pow(2, position / 8) - 1) * 60)
    }
}

/// Counts of stored pages per crawl-delay bucket (``CrawlDelay``): how long after publication an
/// archive fetched its pages.
public struct CrawlDelayHistogram: Sendable {
    public var counts: [(bucket: Int, documents: Int)]
    public var total: Int

    public init(counts: [(bucket: Int, documents: Int)]) {
        self.counts = counts.sorted { $0.bucket < $1.bucket }
        self.total = counts.reduce(0) { $0 + $1.documents }
    }

    /// Below this many dated pages the statistics say too little to estimate anything.
    public static let minimumPages = 20

    /// The delay (seconds) below which a fraction `q` of pages were fetched, interpolated within its
    /// bucket (pages spread evenly through it); nil when too few pages give both times.
    public func quantile(_ q: Double) -> Int64? {
        guard total >= Self.minimumPages else { return nil }
        let wanted = max(1, Int((Double(total) * q).rounded(.up)))
        var seen = 0
        for entry in counts {
            if seen + entry.documents >= wanted {
                let share = (Double(wanted - seen) - 0.5) / Double(entry.documents)
                return CrawlDelay.seconds(at: Double(entry.bucket) + share)
            }
            seen += entry.documents
        }
        return counts.last.map { CrawlDelay.seconds(ofBucket: $0.bucket) }
    }
}

/// An input file as it is on disk: progress recorded for it applies only while it is unchanged.
public struct InputIdentity: Sendable, Hashable {
    /// Absolute path.
    public var path: String
    public var size: Int64
    /// Modification time, nanoseconds since 1970.
    public var modified: Int64

    public init(path: String, size: Int64, modified: Int64) {
        self.path = path
        self.size = size
        self.modified = modified
    }
}

/// How far a scan got through one input file: its first `records` records are stored.
public struct ScanProgress: Sendable, Equatable {
    public var records: Int
    /// Every record of the file is stored.
    public var complete: Bool

    public init(records: Int, complete: Bool) {
        self.records = records
        self.complete = complete
    }
}
