import WiretraceFingerprint
import WiretraceIngest
import WiretraceLineage

/// Lookups the matcher needs, inside one transaction.
///
/// This is the whole contract between the detection engine and storage: an embedded SQLite store
/// implements it today; a server database (PostgreSQL, for many scanning machines) can implement it
/// without touching the engine.
public protocol StoreReading {
    /// The document stored under this normalised address (``Article/urlKey``), with every content hash
    /// it has been seen with.
    func existingDocument(urlKey: String) throws -> ExistingDocument?
    /// Documents (current text or an earlier revision) whose normalised text hashes to `hash`.
    func documents(withContentHash hash: ContentHash) throws -> [DocumentID]
    /// How many documents ``documents(withContentHash:)`` holds, and the `oldest` first of them: a story's
    /// thousands of exact copies are counted, not read.
    func documents(withContentHash hash: ContentHash, oldest: Int) throws -> (count: Int, oldest: [DocumentID])
    /// The oldest of ``documents(withContentHash:)``, without reading the others (a story's exact copies
    /// share one hash).
    func firstDocument(withContentHash hash: ContentHash) throws -> DocumentID?
    /// For each band key, the documents holding it whose ids are above `after`, in id order; nil for a
    /// key more than `limit` such documents hold. Documents and their keys are never removed, so a
    /// search made on an older snapshot is completed by the documents added since.
    func bandBuckets(_ keys: [Int64], after: DocumentID, limit: Int) throws -> [[DocumentID]?]
    /// The `count` newest documents (largest ids) holding `key`, in id order.
    func newestDocuments(holding key: Int64, count: Int) throws -> [DocumentID]
    /// The largest document id stored (0 when there is none).
    func newestDocument() throws -> DocumentID
    /// Fingerprints and story standing of documents, in the order of `ids` (missing ids are left out).
    /// - Parameter knownTexts: fingerprints already read (a document's never changes), not read again.
    func candidateDocuments(
        _ ids: [DocumentID],
        knownTexts: [DocumentID: ComparableText]
    ) throws
        -> [CandidateDocument]
    /// The cluster of a stored document: its story, or the document itself when it is in none.
    func cluster(of document: DocumentID) throws -> Cluster
    /// Fingerprints alone of documents, in the order of `ids` (missing ids are left out).
    func candidateTexts(_ ids: [DocumentID]) throws -> [(DocumentID, ComparableText)]
    /// For each passage hash, the clusters (``Cluster/key``) of up to `limit` distinct clusters holding it.
    func passageClusters(_ hashes: [UInt64], limit: Int) throws -> [UInt64: Set<Int64>]
    /// Report facts of documents.
    func summaries(_ ids: [DocumentID]) throws -> [DocumentID: DocumentSummary]
    /// Members of a story.
    func storyMembers(_ story: StoryID) throws -> [DocumentSummary]
    /// Origin of a story.
    func storyOrigin(_ story: StoryID) throws -> DocumentID?
    /// What lineage reads about each member of a story, besides its text.
    func memberFacts(_ story: StoryID) throws -> [MemberFacts]
    /// The lineage state stored for a story (``WiretraceLineage/LineageState``, encoded) and its current
    /// members' count and id sum; nil when none is stored.
    func lineageState(_ story: StoryID) throws -> StoredLineageState?
    /// How long after publication stored pages that give both times were fetched: the archive's own
    /// statistics for estimating when an undated page was published.
    func crawlDelays() throws -> CrawlDelayHistogram
    /// Up to `limit` stories waiting for lineage inference, lowest id first.
    func pendingLineage(limit: Int) throws -> [StoryID]
}

/// Changes the engine makes, inside one transaction.
public protocol StoreWriting: StoreReading {
    /// Stores a new document with its fingerprint (and its distinct shingles, sorted) and index entries;
    /// returns its id.
    func insertDocument(
        _ article: Article,
        fingerprint: DocumentFingerprint,
        isCompilation: Bool,
        claim: CreditClaim,
        shingleSet: [UInt32],
        quotedDocuments: [DocumentID],
        passageHashes: [UInt64],
        passageDocumentCap: Int
    ) throws -> DocumentID
    /// Records a new revision (different content under a known URL); returns its revision number.
    func insertRevision(of document: DocumentID, article: Article, contentHash: ContentHash) throws -> Int
    /// Creates a story of `members` (document and explained positions); returns its id.
    func createStory(members: [(DocumentID, PositionSet)]) throws -> StoryID
    func addMember(_ document: DocumentID, to story: StoryID, explained: PositionSet) throws
    func updateExplained(_ document: DocumentID, _ explained: PositionSet) throws
    /// Moves every member of `source` into `target` and deletes `source`.
    func mergeStory(_ source: StoryID, into target: StoryID) throws
    /// Takes a document out of its story (the story itself is left as is).
    func removeMember(_ document: DocumentID) throws
    func deleteStory(_ story: StoryID) throws
    func setCompilation(_ document: DocumentID, _ isCompilation: Bool) throws
    /// Records that `document` quotes the lead of `quoted`.
    func addQuotedDocument(_ document: DocumentID, quoted: DocumentID) throws
    func recordMatches(_ document: DocumentID, _ matches: [StoredMatch]) throws
    /// Records the passages `document` shares with stored documents outside its story.
    func recordReuses(_ document: DocumentID, _ links: [ReuseLink]) throws
    /// Replaces the lineage of a story: its origin, agency and one edge per member.
    func replaceLineage(story: StoryID, lineage: StoryLineage) throws
    /// Notes stories whose lineage is to be inferred again later (by ``pendingLineage(limit:)``).
    func markLineagePending(_ stories: some Sequence<StoryID>) throws
    func clearPendingLineage(_ stories: [StoryID]) throws
    /// How far an input file was scanned, when it was scanned as it is now (same size and time).
    func scanProgress(of file: InputIdentity) throws -> ScanProgress?
    func recordScanProgress(_ progress: ScanProgress, of file: InputIdentity) throws
}

/// Whole-database queries for export, statistics and reports.
public protocol StoreQuerying {
    /// Stories whose lineage an interrupted scan left to infer.
    func pendingLineageCount() throws -> Int
    func statistics() throws -> StoreStatistics
    /// Calls `body` with every document's export record, ordered by URL.
    func forEachExportRecord(_ body: (ExportRecord) throws -> Void) throws
    /// A story's members with their credits and lineage, in publication order; nil for an unknown story.
    func storyDistribution(_ story: StoryID) throws -> StoryDistribution?
    /// The document stored under `url` (compared after URL normalisation) and its story.
    func documentAndStory(url: String) throws -> (document: DocumentID, story: StoryID?)?
    /// A site's pages and their place in stories; nil when no document of the site is stored.
    /// - Parameter site: a registrable domain (`bbc.co.uk`).
    func siteRecords(_ site: String) throws -> SiteRecords?
    /// Agency, size, sites and mislabelled credits of every story of two or more members.
    func agencyStoryRecords() throws -> [AgencyStoryRecord]
    /// The stories with most members, whose origin came out at or after `since`.
    func topStories(since: Timestamp?, limit: Int) throws -> [StoryHeadline]
    /// Reuse links of `documents` with documents outside their stories, in either direction, ordered
    /// by document and then by the other document's id.
    func reuseLinks(of documents: [DocumentID]) throws -> [ReuseRecord]
}

/// A database of documents, stories and lineage.
public protocol DocumentStore: AnyObject, Sendable {
    /// Fingerprint parameters the database was built with.
    var parameters: FingerprintParameters { get }
    /// Matching policy the database was built with.
    var policy: MatchPolicy { get }
    /// Runs `body` in a read transaction (a consistent snapshot).
    func read<T>(_ body: (any StoreReading & StoreQuerying) throws -> T) throws -> T
    /// Runs `body` in a write transaction; everything it wrote is committed together or not at all.
    func write<T>(_ body: (any StoreWriting) throws -> T) throws -> T
    /// Runs a long job on the writer: `body` writes through the session in a transaction, and each call
    /// of `commit` commits what it wrote so far and opens the next transaction. What `body` wrote after
    /// its last `commit` is committed when it returns and rolled back when it throws, so a failure loses
    /// at most the work since the last commit. `expectedDocuments` (nil: unknown) lets the store judge
    /// whether work that pays off over many documents is worth doing first.
    func writeInTransactions<T>(
        expectedDocuments: Int?,
        _ body: (any StoreWriting, _ commit: () throws -> Void) throws -> T
    ) throws -> T
    /// Copies committed changes from the store's log into its main file without waiting for readers, so
    /// that closing has little left to copy (nothing for stores without a log).
    func checkpoint() throws
}

extension DocumentStore {
    /// ``writeInTransactions(expectedDocuments:_:)`` for a job of unknown size.
    public func writeInTransactions<T>(
        _ body: (any StoreWriting, _ commit: () throws -> Void) throws -> T
    ) throws -> T {
        try writeInTransactions(expectedDocuments: nil, body)
    }
}

extension StoreReading {
    /// Fingerprints and story standing of documents, in the order of `ids` (missing ids are left out).
    public func candidateDocuments(_ ids: [DocumentID]) throws -> [CandidateDocument] {
        try candidateDocuments(ids, knownTexts: [:])
    }
}
