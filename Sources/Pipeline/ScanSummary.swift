import WiretraceDetection
import WiretraceIngest

/// What a scan did, for the summary line and for scripts.
public struct ScanSummary: Sendable {
    /// Records read from the inputs, good or bad.
    public var pagesRead = 0
    /// Bytes of article text fingerprinted.
    public var textBytes = 0
    public var newDocuments = 0
    public var exactCopies = 0
    public var nearCopies = 0
    public var newStories = 0
    public var compilations = 0
    public var revisions = 0
    /// Records whose URL was stored already with the same content.
    public var alreadyStored = 0
    public var storiesMerged = 0
    public var compilationsDetached = 0
    /// Files in directories skipped because of their type.
    public var ignoredFiles = 0
    /// Archive records that are no articles (WARC requests, metadata, images, redirects), by reason.
    public var ignoredRecords: [String: Int] = [:]
    /// Skipped records by reason.
    public var skipped: [String: Int] = [:]
    /// The first problems met, for the report (all are counted in `skipped`).
    public var problems: [IngestProblem] = []
    /// Whether any input could not be read at all.
    public var hadInputError = false
    /// Files an earlier scan had read completely (unchanged since), and records it had stored from
    /// the files it was reading when it stopped: both are not read again.
    public var resumedFiles = 0
    public var resumedRecords = 0
    /// Of `resumedRecords`, those of the unchanged files read completely before (`resumedFiles`).
    public var unchangedRecords = 0
    /// Stories whose lineage was inferred at the end of the scan.
    public var lineageInferred = 0
    /// Wall time, in seconds.
    public var seconds: Double = 0

    public init() {}

    /// Number of records skipped for any reason.
    public var skippedCount: Int { skipped.values.reduce(0, +) }

    /// Most problems kept for the report.
    public static let problemsKept = 50

    mutating func record(_ problem: IngestProblem) {
        skipped[problem.reason, default: 0] += 1
        if problem.category == .io { hadInputError = true }
        if problems.count < Self.problemsKept { problems.append(problem) }
    }

    mutating func record(_ outcome: AddOutcome) {
        switch outcome {
        case .duplicate: alreadyStored += 1
        case .revision: revisions += 1
        case .exactCopy(_, _, let newStory):
            newDocuments += 1
            exactCopies += 1
            if newStory { newStories += 1 }
        case .nearCopy(_, _, let newStory):
            newDocuments += 1
            nearCopies += 1
            if newStory { newStories += 1 }
        case .compilation:
            newDocuments += 1
            compilations += 1
        case .unique:
            newDocuments += 1
        }
    }
}
