import WiretraceDetection
import WiretraceFingerprint
import WiretraceIngest

/// One stored document that matches a checked article.
public struct CheckMatch: Sendable {
    public var document: DocumentSummary
    public var jaccard: Double
    public var containment: Double
    /// "exact", "near" or "contained".
    public var relation: String
}

/// The answer of `check`: is this article a syndicated copy, and of what?
public struct CheckReport: Sendable {
    public enum Verdict: String, Sendable {
        /// Copies of the article are stored.
        case copy
        /// The article quotes the leads of several stored stories: a roundup, not a copy.
        case compilation
        /// Nothing stored matches.
        case noMatch = "no-match"
    }

    public var url: String
    public var title: String?
    public var published: Timestamp?
    public var verdict: Verdict
    /// Story the matches belong to (nil when they are documents in no story yet).
    public var story: StoryID?
    /// The story's earliest publication (or the earliest matching document).
    public var firstPublished: DocumentSummary?
    /// Copy matches, strongest first.
    public var matches: [CheckMatch]
    /// Stored documents that share some text without being copies.
    public var partialOverlaps: Int
    /// The document already stored under this URL, if any.
    public var storedAs: DocumentSummary?
    /// What `--add` did.
    public var added: AddOutcome?

    /// True when the checked page is earlier than every stored copy: it may be the origin.
    public var predatesStoredCopies: Bool {
        guard let mine = published, let first = firstPublished?.effectiveTime else { return false }
        return mine < first
    }
}

/// Answers `check` for one article against a store, optionally adding it.
public struct Checker {
    public let store: any DocumentStore
    public let engine: StoryEngine

    public init(store: any DocumentStore) {
        self.store = store
        self.engine = StoryEngine(fingerprinter: Fingerprinter(parameters: store.parameters), policy: store.policy)
    }

    public func check(_ article: Article, add: Bool) throws -> CheckReport {
        let fingerprint = engine.fingerprinter.fingerprint(paragraphs: article.matchingParagraphs)
        guard !fingerprint.isEmpty else {
            throw IngestProblem("no-words", "the text has no words", at: article.location)
        }
        var report = try store.read { session in
            try evaluate(article, fingerprint: fingerprint, session: session)
        }
        if add {
            var events = EngineEvents()
            report.added = try store.write { session in
                try engine.add(article, fingerprint: fingerprint, to: session, events: &events)
            }
        }
        return report
    }

    func evaluate(
        _ article: Article,
        fingerprint: DocumentFingerprint,
        session: any StoreReading
    ) throws -> CheckReport {
        let existing = try session.existingDocument(url: article.url)
        let text = ComparableText(fingerprint)
        var copies: [(DocumentID, Double, Double, String)] = []
        for id in try session.documents(withContentHash: fingerprint.contentHash) where id != existing?.id {
            copies.append((id, 1, 1, "exact"))
        }
        let decision = try engine.decide(
            text,
            fingerprint: fingerprint,
            passages: engine.passageHashes(of: fingerprint),
            store: session
        )
        var partial = 0
        for match in decision.matches where match.candidate.id != existing?.id {
            if copies.contains(where: { $0.0 == match.candidate.id }) { continue }
            if let relation = match.evidence.relation {
                copies.append(
                    (match.candidate.id, match.evidence.jaccard, match.evidence.containment, relation.rawValue)
                )
            } else {
                partial += 1
            }
        }
        let summaries = try session.summaries(copies.map(\.0) + (existing.map { [$0.id] } ?? []))
        let matches = copies.compactMap { id, jaccard, containment, relation in
            summaries[id].map {
                CheckMatch(document: $0, jaccard: jaccard, containment: containment, relation: relation)
            }
        }
        var verdict: CheckReport.Verdict = matches.isEmpty ? .noMatch : .copy
        if case .compilation = decision.outcome, matches.allSatisfy({ $0.relation != "exact" }) {
            verdict = .compilation
        }
        // The story most matches belong to, and its earliest publication.
        var story: StoryID?
        var counts: [StoryID: Int] = [:]
        for match in matches { if let s = match.document.storyID { counts[s, default: 0] += 1 } }
        story = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
        var first: DocumentSummary?
        if let story, verdict == .copy {
            if let origin = try session.storyOrigin(story) {
                first = try session.summaries([origin])[origin]
            } else {
                first = DocumentSummary.earliest(try session.storyMembers(story))
            }
        } else if verdict == .copy {
            first = DocumentSummary.earliest(matches.map(\.document))
        }
        return CheckReport(
            url: article.url,
            title: article.title,
            published: article.published ?? article.fetched,
            verdict: verdict,
            story: verdict == .copy ? story : nil,
            firstPublished: first,
            matches: matches,
            partialOverlaps: partial,
            storedAs: existing.flatMap { summaries[$0.id] },
            added: nil
        )
    }
}
