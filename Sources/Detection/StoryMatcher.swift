/// Decides, from verified evidence alone, what a new document is: a member of a story, the first of
/// its kind, or a compilation (a roundup quoting the leads of several stories). Pure and deterministic.
///
/// The rules, in order:
/// 1. *Boilerplate*: paragraphs that both texts contain and that also appear in at least
///    ``MatchPolicy/boilerplateStories`` other clusters are set aside (press-release legal text,
///    agency copyright lines), so they cannot make unrelated documents look alike.
/// 2. *Late compilations*: a stored story member whose text is only partly explained by its story,
///    and whose unexplained part is the lead of the new document, is itself a roundup; it is taken
///    out of its story (the engine applies this and asks again). So is a stored document in no story
///    that, with the new document's lead, is found quoting the leads of two stories, which make up
///    most of it.
/// 3. *Compilations*: a new text that no single cluster explains, but that holds the leads of two or
///    more clusters in disjoint regions, joins nothing.
/// 4. *Join*: otherwise the cluster with the strongest copy evidence is joined. A second cluster with
///    copy evidence is merged only if its best match and the chosen cluster's best match are copies of
///    each other too, or its best match is a truncated copy of the new text that shares its lead with
///    the chosen cluster's best match — evidence, never single-link chaining through the new document.
public struct StoryMatcher: Sendable {
    public let policy: MatchPolicy

    public init(policy: MatchPolicy = .standard) {
        self.policy = policy
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
        public func reuseLinks(limit: Int) -> [ReuseLink] {
            let joined = joinedClusters
            var links: [ReuseLink] = []
            for match in matches where links.count < limit {
                let evidence = match.evidence
                guard evidence.verdict == .reuse || evidence.verdict.relation != nil,
                    !joined.contains(match.candidate.cluster)
                else { continue }
                links.append(
                    ReuseLink(
                        reusedDocument: match.candidate.id,
                        sharedShingles: evidence.informativeShared,
                        passages: evidence.alignment?.inOrderPassages ?? []
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
    ///   in no story was found quoting before
    ///   (``quotesLeadsOnly(_:newRegion:quotedClusters:newSource:clusterOf:textOf:)``).
    public func decide(
        new: ComparableText,
        candidates: [CandidateDocument],
        passageClusters: [UInt64: Set<Int64>],
        precomputed: PrecomputedEvidence? = nil,
        clusterOf: (DocumentID) throws -> Cluster,
        textOf: (DocumentID) throws -> ComparableText?
    ) rethrows -> Decision {
        try decideOutcome(
            new: new,
            candidates: candidates,
            passageClusters: passageClusters,
            precomputed: precomputed,
            clusterOf: clusterOf,
            textOf: textOf
        )
    }

    func decideOutcome(
        new: ComparableText,
        candidates: [CandidateDocument],
        passageClusters: [UInt64: Set<Int64>],
        precomputed: PrecomputedEvidence? = nil,
        clusterOf: (DocumentID) throws -> Cluster,
        textOf: (DocumentID) throws -> ComparableText?
    ) rethrows -> Decision {
        var matches: [Match] = []
        // Matches that can only be reuse links: the story rules leave them aside.
        var linkOnly: [Match] = []
        // A story's exact copies are all candidates of its next copy: their text is measured once.
        var measuredTexts = MeasuredTexts()
        for candidate in candidates.sorted(by: { $0.id < $1.id }) {
            let boilerplate = boilerplateParagraphs(new: new, stored: candidate, passageClusters: passageClusters)
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
            if candidate.isCompilation { evidence.relation = nil }
            if evidence.isLinkOnly(policy) {
                linkOnly.append(Match(candidate: candidate, evidence: evidence))
            } else {
                matches.append(Match(candidate: candidate, evidence: evidence))
            }
        }

        let common = stockPhrases(matches)
        let late = try lateCompilations(matches, stockPhrases: common, clusterOf: clusterOf, textOf: textOf)
        let detach = late.detach
        if !detach.isEmpty {
            return Decision(
                matches: matches + linkOnly,
                detach: detach,
                outcome: .unique,
                newExplained: PositionSet(),
                storedExplained: [:]
            )
        }

        // Regions of the new text each cluster covers, and the part of them that quotes a cluster's lead
        // (stock phrases set aside).
        var regions: [Cluster: PositionSet] = [:]
        var leadRegions: [Cluster: PositionSet] = [:]
        for match in matches {
            let cluster = match.candidate.cluster
            regions[cluster, default: PositionSet()].formUnion(match.evidence.newRegion)
            let substantial = match.evidence.informativeShared >= policy.minSharedShingles
            if substantial && match.evidence.storedIsLead || match.evidence.storedLeadQuoted {
                leadRegions[cluster, default: PositionSet()].formUnion(match.evidence.newRegion.subtracting(common))
            }
        }
        // A compilation is mostly quotations of several stories' leads. A text one story explains to
        // 75 % belongs to it; between 60 and 75 % it does only unless it quotes two more stories as well.
        let dominant = regions.values.map(\.count).max() ?? 0
        let share = Double(dominant) / Double(max(1, new.length))
        let quoted = leadRegions.values.reduce(PositionSet()) { $0.union($1) }.count
        let mostlyQuotes = Double(quoted) >= policy.compilationCoverage * Double(new.length)
        let sources = leadRegions.values.filter {
            $0.count >= min(policy.minSharedShingles, policy.minLeadQuoteShingles)
        }.count
        // A near copy of a stored document that covers at least half of the new text, and quotes at most
        // one other story, is that story's copy with paragraphs of its own, not a roundup.
        let dominantIsNearCopy = matches.contains {
            $0.evidence.relation == .near && regions[$0.candidate.cluster]?.count == dominant
        }
        let dominance = dominantIsNearCopy ? policy.compilationCoverage : policy.compilationDominance
        let explained = share >= policy.explainedCoverage || share >= dominance && sources < 3
        if !explained && mostlyQuotes && quotesSeveralLeads(leadRegions) {
            matches.sort { $0.evidence.score > $1.evidence.score }
            return Decision(
                matches: matches + linkOnly,
                detach: [],
                outcome: .compilation,
                newExplained: PositionSet(),
                storedExplained: [:],
                quotedBy: late.quotedBy
            )
        }

        // Strongest copy evidence per cluster.
        var best: [Cluster: Match] = [:]
        for match in matches where match.evidence.relation != nil {
            let cluster = match.candidate.cluster
            if let current = best[cluster], current.evidence.score >= match.evidence.score { continue }
            best[cluster] = match
        }
        matches.sort { $0.evidence.score > $1.evidence.score }
        let ranked = best.keys.sorted {
            let a = best[$0]!.evidence.score
            let b = best[$1]!.evidence.score
            return a != b ? a > b : $0.key < $1.key
        }
        guard let target = ranked.first else {
            return Decision(
                matches: matches + linkOnly,
                detach: [],
                outcome: .unique,
                newExplained: PositionSet(),
                storedExplained: [:],
                quotedBy: late.quotedBy
            )
        }
        var merges: [Cluster] = []
        let anchorMatch = best[target]!
        for other in ranked.dropFirst() {
            let otherMatch = best[other]!
            let boilerplate = globalBoilerplate(passageClusters)
            if let bridge = PairEvidence.measure(
                new: otherMatch.candidate.text,
                stored: anchorMatch.candidate.text,
                boilerplate: boilerplate,
                policy: policy
            ),
                bridge.relation != nil || bridgesThroughLead(bridge, other: otherMatch, anchor: anchorMatch)
                    || holdsWhole(bridge, other: otherMatch, anchor: anchorMatch)
                    || editsOfNewText(bridge, other: otherMatch, anchor: anchorMatch)
            {
                merges.append(other)
            }
        }
        let joined = Set([target] + merges)
        var newExplained = PositionSet(capacity: new.length)
        var storedExplained: [DocumentID: PositionSet] = [:]
        for match in matches where joined.contains(match.candidate.cluster) {
            newExplained.formUnion(match.evidence.newRegion)
            storedExplained[match.candidate.id] = match.candidate.explained.union(match.evidence.storedRegion)
        }
        let quotedDocuments = matches.filter {
            $0.evidence.storedLeadQuoted && !joined.contains($0.candidate.cluster)
        }.map(\.candidate.id).sorted()
        return Decision(
            matches: matches + linkOnly,
            detach: [],
            outcome: .join(target: target, merges: merges),
            newExplained: newExplained,
            storedExplained: storedExplained,
            quotedDocuments: quotedDocuments,
            quotedBy: late.quotedBy
        )
    }

    /// True when a truncated copy in another cluster belongs with the anchor although the two are not
    /// copies of each other: the new text is a near copy of the anchor and holds all of the other
    /// document as its opening (a truncated copy of it, or one long enough to count as a near copy),
    /// and the other document's lead is in the anchor too (at least ``MatchPolicy/bridgeLeadContainment``
    /// of it). The anchor dropped or changed part of what the truncated copy kept; a roundup or a text
    /// sharing a quotation shows none of these three.
    func bridgesThroughLead(_ bridge: PairEvidence, other: Match, anchor: Match) -> Bool {
        guard anchor.evidence.relation == .near, other.evidence.relation != nil,
            other.evidence.storedContained >= policy.truncatedContainment, other.evidence.newIsLead,
            bridge.informativeShared >= policy.minSharedShingles, bridge.newIsLead, bridge.storedIsLead
        else { return false }
        return bridge.newContained >= policy.bridgeLeadContainment
    }

    /// True when two documents the new text is a near copy of are one story although neither is a copy
    /// of the other: one holds the other almost whole (``MatchPolicy/nearContainment``) from the lead of
    /// both, and only its own additions (a wire update's new paragraphs, or a paragraph the other one
    /// dropped) keep their Jaccard below the near-copy bar. A page whose body another story appended is
    /// held whole too, but not from its lead.
    func holdsWhole(_ bridge: PairEvidence, other: Match, anchor: Match) -> Bool {
        anchor.evidence.relation == .near && other.evidence.relation == .near
            && bridge.informativeShared >= policy.minSharedShingles
            && bridge.informativeContainment >= policy.nearContainment
            && bridge.newIsLead && bridge.storedIsLead
    }

    /// True when two documents the new text is a near copy of are two edits of it: the new text holds
    /// each almost whole (``MatchPolicy/nearContainment`` of its shingles), and the two share at least
    /// the near-copy Jaccard of their union, from the lead of both. Each cut or changed a different
    /// part, so neither is a copy of the other; the new text, which arrived after them, is what both
    /// were made from. Two stories that a roundup puts side by side share no such part.
    func editsOfNewText(_ bridge: PairEvidence, other: Match, anchor: Match) -> Bool {
        anchor.evidence.relation == .near && other.evidence.relation == .near
            && anchor.evidence.storedContained >= policy.nearContainment
            && other.evidence.storedContained >= policy.nearContainment
            && bridge.informativeShared >= policy.minSharedShingles
            && bridge.informativeJaccard >= policy.nearJaccard
            && bridge.newIsLead && bridge.storedIsLead
    }

    /// Positions of the new text that members of at least ``MatchPolicy/boilerplateStories`` stories
    /// share with it without being copies of it: a stock phrase, such as a localized page's standard
    /// sentence with its town's name changed. Paragraph boilerplate
    /// (``boilerplateParagraphs(new:stored:passageClusters:)``) misses such a phrase, since its
    /// paragraphs differ by a word. Roundups, which quote, do not count.
    func stockPhrases(_ matches: [Match]) -> PositionSet {
        var sharedBy: [Cluster: PositionSet] = [:]
        for match in matches where match.evidence.relation == nil {
            guard case .story = match.candidate.cluster, !match.candidate.isCompilation else { continue }
            sharedBy[match.candidate.cluster, default: PositionSet()].formUnion(match.evidence.newRegion)
        }
        var common = PositionSet()
        guard sharedBy.count >= policy.boilerplateStories else { return common }
        var stories: [Int: Int] = [:]
        for region in sharedBy.values {
            for position in region {
                stories[position, default: 0] += 1
                if stories[position] == policy.boilerplateStories { common.insert(position) }
            }
        }
        return common
    }

    /// Paragraphs both texts hold that also recur in enough other clusters to count as boilerplate.
    func boilerplateParagraphs(
        new: ComparableText,
        stored: CandidateDocument,
        passageClusters: [UInt64: Set<Int64>]
    ) -> Set<UInt64> {
        guard !passageClusters.isEmpty else { return [] }
        let own = stored.cluster.key
        var result = Set<UInt64>()
        for hash in stored.text.paragraphHashes where hash != 0 {
            guard let clusters = passageClusters[hash] else { continue }
            let others = clusters.contains(own) ? clusters.count - 1 : clusters.count
            if others >= policy.boilerplateStories { result.insert(hash) }
        }
        return result
    }

    /// Paragraphs of the new text held by enough clusters to be boilerplate whatever they are compared with.
    func globalBoilerplate(_ passageClusters: [UInt64: Set<Int64>]) -> Set<UInt64> {
        Set(passageClusters.filter { $0.value.count > policy.boilerplateStories }.keys)
    }

    /// True when two clusters' lead quotations cover substantial, disjoint parts of the new text.
    func quotesSeveralLeads(_ leadRegions: [Cluster: PositionSet]) -> Bool {
        let floor = min(policy.minSharedShingles, policy.minLeadQuoteShingles)
        let substantial = leadRegions.filter { $0.value.count >= floor }
            .sorted { $0.key.key < $1.key.key }.map(\.value)
        guard substantial.count >= 2 else { return false }
        for i in 0..<substantial.count {
            for j in (i + 1)..<substantial.count {
                let overlap = substantial[i].intersectionCount(substantial[j])
                if Double(overlap) < policy.disjointOverlap * Double(min(substantial[i].count, substantial[j].count)) {
                    return true
                }
            }
        }
        return false
    }

    /// Stored documents that turn out to be compilations: the new document's lead fills a part of a
    /// story member that its own story does not explain, or is the second story whose lead a document
    /// in no story quotes (``quotesLeadsOnly(_:newRegion:quotedClusters:newSource:clusterOf:textOf:)``).
    /// A lead that is a stock phrase (`common`, from ``stockPhrases(_:)``) makes no one a roundup.
    func lateCompilations(
        _ matches: [Match],
        stockPhrases common: PositionSet,
        clusterOf: (DocumentID) throws -> Cluster,
        textOf: (DocumentID) throws -> ComparableText?
    ) rethrows -> (detach: [DocumentID], quotedBy: [DocumentID]) {
        // The story the new document is a copy of (if any): quoting it again adds no source.
        let ownCluster = matches.filter { $0.evidence.relation != nil }
            .max { $0.evidence.score < $1.evidence.score }?.candidate.cluster
        var found: [DocumentID] = []
        var quotedBy: [DocumentID] = []
        for match in matches {
            let candidate = match.candidate
            let evidence = match.evidence
            guard !candidate.isCompilation else { continue }
            let quotesNewLead =
                evidence.newLeadQuoted
                || evidence.newIsLead && evidence.informativeShared >= policy.minSharedShingles
                    && candidate.text.paragraphStarts.contains {
                        abs(Int($0) - (evidence.storedRegion.first ?? -9)) <= 1
                    }
            guard evidence.relation == nil, quotesNewLead else { continue }
            let needed = evidence.newLeadQuoted ? policy.minLeadQuoteShingles : policy.minSharedShingles
            // A stock phrase the new text shares with several stories is no lead they quote.
            guard evidence.newRegion.subtractingCount(common) >= needed else { continue }
            let explained = candidate.explained
            let region = evidence.storedRegion
            let outside = region.subtractingCount(explained)
            let inside = region.count - outside
            guard outside >= needed, Double(inside) < policy.disjointOverlap * Double(region.count) else { continue }
            let quotedClusters = Set(try candidate.quotedDocuments.map(clusterOf))
            let isNewSource = ownCluster.map { $0 != candidate.cluster && !quotedClusters.contains($0) } ?? true
            guard candidate.storyID != nil else {
                guard isNewSource else { continue }
                if try quotesLeadsOnly(
                    candidate,
                    newRegion: region,
                    quotedClusters: quotedClusters,
                    newSource: ownCluster,
                    clusterOf: clusterOf,
                    textOf: textOf
                ) {
                    found.append(candidate.id)
                } else {
                    quotedBy.append(candidate.id)
                }
                continue
            }
            let share = Double(explained.count) / Double(max(1, candidate.text.length))
            let quotes = explained.union(region).count
            let mostlyQuotes = Double(quotes) >= policy.compilationCoverage * Double(candidate.text.length)
            guard explained.count >= policy.minSharedShingles, share < policy.explainedCoverage, mostlyQuotes else {
                if isNewSource { quotedBy.append(candidate.id) }
                continue
            }
            let sources = 1 + quotedClusters.count + (isNewSource ? 1 : 0)
            if share < policy.compilationDominance || sources >= 3 {
                found.append(candidate.id)
            } else if isNewSource {
                quotedBy.append(candidate.id)
            }
        }
        return (found, quotedBy)
    }
}

extension StoryMatcher {
    /// True when a document in no story is a roundup now that it is found quoting one more story's lead
    /// (`newRegion`, of the new document's cluster, or of the new document itself when that is
    /// `nil`): with the leads it was found quoting before, it quotes two or more stories in disjoint
    /// regions, and those quotations make up most of it — what rule 3 asks of a new text, which no
    /// story explains either.
    /// A document found quoting more than ``MatchPolicy/roundupQuoteLimit`` documents is left as it is:
    /// it is made of passages that many pages share, and comparing it again with all of them each time
    /// would make a scan quadratic.
    /// - Complexity: one comparison per document it was found quoting, at most
    ///   ``MatchPolicy/roundupQuoteLimit``.
    func quotesLeadsOnly(
        _ candidate: CandidateDocument,
        newRegion: PositionSet,
        quotedClusters: Set<Cluster>,
        newSource: Cluster?,
        clusterOf: (DocumentID) throws -> Cluster,
        textOf: (DocumentID) throws -> ComparableText?
    ) rethrows -> Bool {
        guard !quotedClusters.isEmpty, candidate.quotedDocuments.count <= policy.roundupQuoteLimit else { return false }
        var leadRegions: [Cluster: PositionSet] = [:]
        for quoted in candidate.quotedDocuments.sorted() {
            guard let text = try textOf(quoted),
                let evidence = PairEvidence.measure(new: text, stored: candidate.text, boilerplate: [], policy: policy),
                evidence.newLeadQuoted
            else { continue }
            leadRegions[try clusterOf(quoted), default: PositionSet()].formUnion(evidence.storedRegion)
        }
        guard !leadRegions.isEmpty else { return false }
        // The new document, not stored yet, stands for its own cluster (no stored document has id 0).
        leadRegions[newSource ?? .single(0), default: PositionSet()].formUnion(newRegion)
        let quoted = leadRegions.values.reduce(PositionSet()) { $0.union($1) }.count
        guard Double(quoted) >= policy.compilationCoverage * Double(candidate.text.length) else { return false }
        return quotesSeveralLeads(leadRegions)
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
