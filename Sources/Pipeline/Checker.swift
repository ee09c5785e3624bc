import WiretraceDetection
import WiretraceFingerprint
import WiretraceIngest
import WiretraceLineage

/// One stored document that matches a checked article.
public struct CheckMatch: Sendable {
    public var document: DocumentSummary
    public var jaccard: Double
    public var containment: Double
    /// "exact", or the pair verdict (``PairVerdict``): "near", "contained", "aligned", "version" for
    /// copies; "reuse", "quoteOnly", "template", "unrelated" for the other overlaps `--explain` lists.
    public var relation: String
    /// The pair rule that decided ("" for an exact copy).
    public var rule: String = ""
    /// The passages the article shares with the document (positions in the article, then in it).
    public var passages: [AlignedPassage] = []
}

/// Why `check` decided as it did (`--explain`): every stored document measured, with the pair rule that
/// decided it and the shared passages, and the story rules that placed the article.
public struct CheckExplanation: Sendable {
    /// Every measured candidate with an overlap worth keeping, strongest first.
    public var matches: [CheckMatch]
    /// The story rule that decided the outcome ("" when none did).
    public var storyRule: String
    /// The merge rules behind the stories merged, in order.
    public var mergeRules: [String]
    /// Stories the article could not join, with the rule that excluded each.
    public var excluded: [(cluster: Cluster, rule: String)]
    /// The article's words as compared (normalised), to quote the start of each passage.
    public var words: [String]

    /// The first `count` words of the article at a shingle position (a shingle starts at its word).
    public func words(at position: Int, count: Int = 8) -> String {
        guard position < words.count else { return "" }
        return words[position..<min(words.count, position + count)].joined(separator: " ")
    }
}

/// The answer of `check`: is this article a syndicated copy, and of what?
public struct CheckReport: Sendable {
    public enum Verdict: String, Sendable {
        /// Copies of the article are stored.
        case copy
        /// Copies of the article are stored, and it is the earliest known copy of their story: the
        /// story's origin (the agency's own page, or the page that predates every stored copy).
        case original
        /// The article quotes the leads of several stored stories: a roundup, not a copy.
        case compilation
        /// Nothing stored matches, but the page's credit line says it is syndicated ("(AP) —",
        /// "Distributed by Tribune Content Agency", "originally published by …").
        case credited
        /// Nothing stored matches.
        case noMatch = "no-match"

        /// True for the verdicts that mean "this is a syndicated copy" (exit code 0).
        public var isSyndicated: Bool { self == .copy || self == .credited }
    }

    /// Where the article would stand in the story: the stored page it was most likely copied from.
    public struct Placement: Sendable {
        public var parent: DocumentSummary?
        public var kind: DerivationKind
        /// Why that parent ("shared-edits", "credit-via", "canonical", "text").
        public var evidence: [String]
        /// Agency the story is credited to, by evidence.
        public var storyAgency: Agency?
        /// The article would be the story's origin (it predates every stored copy).
        public var wouldBeOrigin: Bool
    }

    /// Stored copies of the article: ``matches`` lists them all but for exact copies beyond
    /// ``Checker/exactCopiesListed`` (the oldest are listed).
    public var copies: Int
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
    /// Stored documents whose passages the article reuses (or that reuse its passages) without the two
    /// being one story: partial reuse, a roundup's quoted lead, strongest first.
    public var reuses: [CheckMatch] = []
    /// With `--explain`: why.
    public var explanation: CheckExplanation?
    /// The document already stored under this URL, if any.
    public var storedAs: DocumentSummary?
    /// What `--add` did.
    public var added: AddOutcome?
    /// What the article's byline, dateline and credit lines claim about its source.
    public var claim: CreditClaim = .none
    /// The agency whose own site published the article, if any.
    public var ownAgency: Agency?
    /// For a copy in a story: its likely parent and derivation kind.
    public var placement: Placement?

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
    /// Exact copies listed in a report, at most (the oldest stored); the others are counted.
    public static let exactCopiesListed = 100

    public init(store: any DocumentStore) {
        self.store = store
        self.engine = StoryEngine(fingerprinter: Fingerprinter(parameters: store.parameters), policy: store.policy)
    }

    /// - Parameter explain: also work out why (``CheckReport/explanation``).
    public func check(_ article: Article, add: Bool, explain: Bool = false) throws -> CheckReport {
        let fingerprint = engine.fingerprinter.fingerprint(paragraphs: article.matchingParagraphs)
        guard !fingerprint.isEmpty else {
            throw IngestProblem("no-words", "the text has no words", at: article.location)
        }
        var report = try store.read { session in
            try evaluate(article, fingerprint: fingerprint, session: session, explain: explain)
        }
        if add {
            var events = EngineEvents()
            report.added = try store.write { session in
                let outcome = try engine.add(article, fingerprint: fingerprint, to: session, events: &events)
                try engine.inferLineage(&events, store: session)
                return outcome
            }
        }
        return report
    }

    func evaluate(
        _ article: Article,
        fingerprint: DocumentFingerprint,
        session: any StoreReading,
        explain: Bool = false
    ) throws -> CheckReport {
        let existing = try session.existingDocument(urlKey: article.urlKey)
        let text = ComparableText(fingerprint)
        var copies: [(DocumentID, Double, Double, String)] = []
        // Exact copies: the oldest few listed, all counted (a wire story has thousands).
        let exact = try session.documents(withContentHash: fingerprint.contentHash, oldest: Self.exactCopiesListed + 1)
        for id in exact.oldest.lazy.filter({ $0 != existing?.id }).prefix(Self.exactCopiesListed) {
            copies.append((id, 1, 1, "exact"))
        }
        let storedAsExact = existing?.contentHashes.contains(fingerprint.contentHash.hex) ?? false
        let unlistedExact = exact.count - (storedAsExact ? 1 : 0) - copies.count
        let decision = try engine.decide(
            text,
            fingerprint: fingerprint,
            passages: engine.passageHashes(of: fingerprint),
            store: session,
            findingStoredRoundups: false
        )
        var partial = 0
        var evidenceOf: [DocumentID: PairEvidence] = [:]
        let summaries = try session.summaries(
            decision.matches.map(\.candidate.id).filter { $0 != existing?.id } + copies.map(\.0)
                + (existing.map { [$0.id] } ?? [])
        )
        let hash = fingerprint.contentHash.hex
        for match in decision.matches where match.candidate.id != existing?.id {
            evidenceOf[match.candidate.id] = match.evidence
            if copies.contains(where: { $0.0 == match.candidate.id }) { continue }
            // An exact copy beyond those listed is counted already.
            if summaries[match.candidate.id]?.contentHash == hash { continue }
            if let relation = match.evidence.relation {
                copies.append(
                    (match.candidate.id, match.evidence.jaccard, match.evidence.containment, relation.rawValue)
                )
            } else {
                partial += 1
            }
        }
        let links = decision.reuseLinks(limit: engine.policy.reuseLinkLimit, policy: engine.policy)
            .filter { $0.reusedDocument != existing?.id }
        func checkMatch(_ id: DocumentID, _ evidence: PairEvidence) -> CheckMatch? {
            summaries[id].map {
                CheckMatch(
                    document: $0,
                    jaccard: evidence.jaccard,
                    containment: evidence.containment,
                    relation: evidence.verdict == .unrelated ? "partial" : evidence.verdict.rawValue,
                    rule: evidence.rule,
                    passages: evidence.alignment?.inOrderPassages ?? []
                )
            }
        }
        let matches = copies.compactMap { id, jaccard, containment, relation -> CheckMatch? in
            guard let evidence = evidenceOf[id] else {
                return summaries[id].map {
                    CheckMatch(document: $0, jaccard: jaccard, containment: containment, relation: relation)
                }
            }
            return checkMatch(id, evidence)
        }
        let claim = LineageMembers.claim(of: article)
        let host = SiteName.host(ofURL: article.url) ?? ""
        let ownAgency =
            AgencyRegistry.agency(owningHost: host) ?? article.siteName.flatMap(AgencyRegistry.agency(named:))
        var verdict: CheckReport.Verdict = matches.isEmpty ? .noMatch : .copy
        if case .compilation = decision.outcome, matches.allSatisfy({ $0.relation != "exact" }) {
            verdict = .compilation
        }
        if verdict == .noMatch, ownAgency == nil, claim.agency != nil || claim.via != nil || claim.distributor != nil {
            verdict = .credited
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
        var placement: CheckReport.Placement?
        if verdict == .copy, let story,
            let placed = try engine.placement(of: article, fingerprint: fingerprint, in: story, store: session)
        {
            let parent = try placed.edge.parent.flatMap { try session.summaries([$0])[$0] }
            placement = CheckReport.Placement(
                parent: parent,
                kind: placed.edge.kind,
                evidence: placed.edge.evidence,
                storyAgency: placed.agency,
                wouldBeOrigin: placed.edge.parent == nil
            )
            // The story's first page is no copy of the others: they copied it.
            if placed.edge.parent == nil { verdict = .original }
        }
        var report = CheckReport(
            copies: matches.count + unlistedExact,
            url: article.url,
            title: article.title,
            published: article.published ?? article.fetched,
            verdict: verdict,
            story: verdict == .copy || verdict == .original ? story : nil,
            firstPublished: first,
            matches: matches,
            partialOverlaps: partial,
            storedAs: existing.flatMap { summaries[$0.id] },
            added: nil
        )
        report.claim = claim
        report.ownAgency = ownAgency
        report.placement = placement
        report.reuses = links.compactMap { link in
            evidenceOf[link.reusedDocument].flatMap { evidence in
                checkMatch(link.reusedDocument, evidence).map {
                    var match = $0
                    match.passages = link.passages
                    return match
                }
            }
        }
        if explain {
            report.explanation = CheckExplanation(
                matches: decision.matches.filter { $0.candidate.id != existing?.id }.compactMap {
                    checkMatch($0.candidate.id, $0.evidence)
                },
                storyRule: decision.rule,
                mergeRules: decision.mergeRules,
                excluded: decision.excluded.map { ($0.key, $0.value) }.sorted { $0.0.key < $1.0.key },
                words: Self.words(of: article.matchingParagraphs)
            )
        }
        return report
    }

    /// The words of paragraphs as fingerprints count them (normalised): word *i* starts shingle *i*.
    static func words(of paragraphs: [String]) -> [String] {
        var words: [String] = []
        for paragraph in paragraphs {
            let bytes = Array(TextNormalizer.normalize(paragraph).utf8)
            bytes.withUnsafeBufferPointer { buffer in
                Tokenizer.forEachWord(in: buffer) { range in words.append(String(decoding: bytes[range], as: UTF8.self))
                }
            }
        }
        return words
    }
}
