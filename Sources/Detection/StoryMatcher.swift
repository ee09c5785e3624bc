/// Decides, from verified evidence alone, what a new document is: a member of a story, the first of
/// its kind, or a compilation (a roundup quoting the leads of several stories). Pure and deterministic.
///
/// It measures each candidate (``PairEvidence/measure(new:stored:boilerplate:policy:rules:)``: the pair
/// rule book, with boilerplate set aside by ``BoilerplateRule``), then applies the story rule book
/// (``StoryRuleBook``) in order: stock phrases, late compilations, compilations, the template veto, and
/// the join with its merge rules. docs/detection.md lists every rule.
public struct StoryMatcher: Sendable {
    public let policy: MatchPolicy
    public let rules: StoryRuleBook

    public init(policy: MatchPolicy = .standard, rules: StoryRuleBook = .standard) {
        self.policy = policy
        self.rules = rules
    }

    /// A verified comparison with one candidate.
    public struct Match: Sendable {
        public var candidate: CandidateDocument
        public var evidence: PairEvidence
    }

    /// The decision for one new document.
    public struct Decision: Sendable {
        public enum Outcome: Sendable {
            /// Join `target`, merging `merges` into it.
            case join(target: Cluster, merges: [Cluster])
            /// A roundup of several stories: it joins none.
            case compilation
            /// No copy evidence: the document starts a cluster of its own.
            case unique
        }

        /// Every candidate with a substantial overlap, strongest first.
        public var matches: [Match]
        /// Stored documents found to be compilations, to be taken out of their stories first.
        public var detach: [DocumentID]
        public var outcome: Outcome
        /// Positions of the new text explained by the cluster it joins.
        public var newExplained: PositionSet
        /// Grown explained regions of stored members of the joined clusters.
        public var storedExplained: [DocumentID: PositionSet]
        /// Stored documents (of other clusters than the joined one) whose leads the new text quotes.
        public var quotedDocuments: [DocumentID] = []
        /// Stored story members found quoting the new text's lead (not yet enough to call them roundups):
        /// the new document is recorded as one more source they quote.
        public var quotedBy: [DocumentID] = []
        /// The story rule that decided the outcome ("" when none did: a document of its own).
        public var rule = ""
        /// For each merged cluster (in the order of the outcome's `merges`), the merge rule that allowed it.
        public var mergeRules: [String] = []
        /// Clusters the document could not join, with the rule that excluded them.
        public var excluded: [Cluster: String] = [:]
        /// Positions of the new text that pages of several stories share as a stock phrase.
        public var stockPhrases = PositionSet()

        /// Matches that show a copy relation.
        public var copyMatches: [Match] { matches.filter { $0.evidence.relation != nil } }

        /// The clusters the document joins (none for a compilation or a document of its own).
        public var joinedClusters: Set<Cluster> {
            guard case .join(let target, let merges) = outcome else { return [] }
            return Set([target] + merges)
        }

        /// The reuse links of the decision, strongest first, at most `limit`: the matches a pair rule
        /// found to be partial reuse, and the copy relations with clusters the document does not join (a
        /// roundup's quoted leads, a merge the evidence did not allow).
        public func reuseLinks(limit: Int, policy: MatchPolicy) -> [ReuseLink] {
            let joined = joinedClusters
            var links: [ReuseLink] = []
            for match in matches where links.count < limit {
                let evidence = match.evidence
                guard evidence.verdict == .reuse || evidence.verdict.relation != nil,
                    !joined.contains(match.candidate.cluster)
                else { continue }
                // How common each passage is: its positions that pages of several stories share.
                let passages = (evidence.alignment?.inOrderPassages ?? []).map { passage -> AlignedPassage in
                    var passage = passage
                    passage.common = passage.new.reduce(0) { $0 + (stockPhrases.contains($1) ? 1 : 0) }
                    return passage
                }
                // A link resting on stock phrases alone is no reuse.
                if evidence.verdict == .reuse,
                    passages.reduce(0, { $0 + $1.matched - min($1.matched, $1.common) }) < policy.reuseMinimumNonQuoted
                {
                    continue
                }
                links.append(
                    ReuseLink(
                        reusedDocument: match.candidate.id,
                        sharedShingles: evidence.informativeShared,
                        passages: passages
                    )
                )
            }
            return links
        }
    }

    /// Decides for `new` given its verified candidates and, for its paragraphs, the clusters holding them.
    /// - Parameter precomputed: evidence measured beforehand (on another thread) against some of the
    ///   candidates without setting boilerplate aside; it is used where no boilerplate applies, which
    ///   gives exactly what measuring now would.
    /// - Parameter clusterOf: the cluster of a stored document (``StoreReading/cluster(of:)``), asked
    ///   only for the documents quoted by a candidate that may turn out to be a roundup.
    /// - Parameter textOf: the text of a stored document, asked only for the documents that a candidate
    ///   in no story was found quoting before (``LateCompilationRule``).
    public func decide(
        new: ComparableText,
        candidates: [CandidateDocument],
        passageClusters: [UInt64: Set<Int64>],
        precomputed: PrecomputedEvidence? = nil,
        clusterOf: (DocumentID) throws -> Cluster,
        textOf: (DocumentID) throws -> ComparableText?
    ) throws -> Decision {
        var state = StoryDecisionState(new: new)
        // A story's exact copies are all candidates of its next copy: their text is measured once.
        var measuredTexts = MeasuredTexts()
        for candidate in candidates.sorted(by: { $0.id < $1.id }) {
            let boilerplate = BoilerplateRule.paragraphs(
                stored: candidate,
                passageClusters: passageClusters,
                policy: policy
            )
            let noBoilerplate =
                boilerplate.isEmpty
                || !(new.hasParagraph(in: boilerplate) || candidate.text.hasParagraph(in: boilerplate))
            let measured: PairEvidence?
            if noBoilerplate, let known = precomputed?.evidence(for: candidate.id) {
                measured = known
            } else if let known = measuredTexts.evidence(against: candidate.text, boilerplate: boilerplate) {
                measured = known
            } else {
                measured = PairEvidence.measure(
                    new: new,
                    stored: candidate.text,
                    boilerplate: boilerplate,
                    policy: policy
                )
                measuredTexts.record(measured, against: candidate.text, boilerplate: boilerplate)
            }
            guard var evidence = measured else { continue }
            // Nothing joins a story through a compilation.
            if candidate.isCompilation { evidence.relation = nil }
            if evidence.isLinkOnly(policy) {
                state.linkOnly.append(Match(candidate: candidate, evidence: evidence))
            } else {
                state.matches.append(Match(candidate: candidate, evidence: evidence))
            }
        }
        return try withoutActuallyEscaping(clusterOf) { clusterOf in
            try withoutActuallyEscaping(textOf) { textOf in
                let context = StoryRuleContext(
                    policy: policy,
                    passageClusters: passageClusters,
                    clusterOf: clusterOf,
                    textOf: textOf
                )
                for rule in rules.rules {
                    try rule.apply(to: &state, context: context)
                    if state.outcome != nil {
                        state.decidedBy = rule.name
                        break
                    }
                }
                return state.decision
            }
        }
    }
}

/// Evidence measured against candidates ahead of the decision, on worker threads: for each candidate
/// measured, the evidence without boilerplate set aside, or none when the texts show none.
public struct PrecomputedEvidence: Sendable {
    var values: [DocumentID: PairEvidence?] = [:]
    /// The candidate search made on the snapshot, which the writer completes with the documents added
    /// since instead of searching again.
    var search: SnapshotSearch?
    /// Fingerprints of the candidates measured, as read on the worker's snapshot (a stored document's
    /// fingerprint never changes): the writer does not read them again.
    var texts: [DocumentID: ComparableText] = [:]

    public init() {}

    /// Records what measuring `candidate` without boilerplate gave.
    public mutating func record(_ evidence: PairEvidence?, for candidate: DocumentID) {
        values[candidate] = .some(evidence)
    }

    /// `.some(evidence)` when `candidate` was measured (evidence may be nil), nil when it was not.
    public func evidence(for candidate: DocumentID) -> PairEvidence?? {
        values[candidate]
    }

    public var count: Int { values.count }
}

/// A band-key search made on a read snapshot: the newest document the snapshot held, and for each band
/// key (in the fingerprint's order) the documents holding it, or nil when the key was already too common.
struct SnapshotSearch: Sendable {
    var newestDocument: DocumentID
    var buckets: [[DocumentID]?]
    /// The documents of `buckets` (and the newest documents of its too-common keys) and the number of
    /// keys each shares (``StoryEngine/hits(_:minimum:)``), less those sharing too few to become
    /// candidates: completing the search only ever takes keys away from the snapshot's documents.
    var hits: [DocumentID: Int]
    /// The newest documents counted for each too-common key (nil in `buckets`), by key index.
    var samples: [Int: [DocumentID]] = [:]
}
