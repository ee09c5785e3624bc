/// Decides, from verified evidence alone, what a new document is: a member of a story, the first of
/// its kind, or a compilation (a roundup quoting the leads of several stories). Pure and deterministic.
///
/// The rules, in order:
/// 1. *Boilerplate*: paragraphs that both texts contain and that also appear in at least
///    ``MatchPolicy/boilerplateStories`` other clusters are set aside (press-release legal text,
///    agency copyright lines), so they cannot make unrelated documents look alike.
/// 2. *Late compilations*: a stored story member whose text is only partly explained by its story,
///    and whose unexplained part is the lead of the new document, is itself a roundup; it is taken
///    out of its story (the engine applies this and asks again).
/// 3. *Compilations*: a new text that no single cluster explains, but that holds the leads of two or
///    more clusters in disjoint regions, joins nothing.
/// 4. *Join*: otherwise the cluster with the strongest copy evidence is joined. A second cluster with
///    copy evidence is merged only if its best match and the chosen cluster's best match are copies of
///    each other too — evidence, never single-link chaining through the new document.
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

        /// Matches that show a copy relation.
        public var copyMatches: [Match] { matches.filter { $0.evidence.relation != nil } }
    }

    /// Decides for `new` given its verified candidates and, for its paragraphs, the clusters holding them.
    public func decide(
        new: ComparableText,
        candidates: [CandidateDocument],
        passageClusters: [UInt64: Set<Int64>]
    ) -> Decision {
        var matches: [Match] = []
        for candidate in candidates.sorted(by: { $0.id < $1.id }) {
            let boilerplate = boilerplateParagraphs(new: new, stored: candidate, passageClusters: passageClusters)
            guard
                var evidence = PairEvidence.measure(
                    new: new,
                    stored: candidate.text,
                    boilerplate: boilerplate,
                    policy: policy
                )
            else { continue }
            if candidate.isCompilation { evidence.relation = nil }
            matches.append(Match(candidate: candidate, evidence: evidence))
        }

        let detach = lateCompilations(matches, newLength: new.length)
        if !detach.isEmpty {
            return Decision(
                matches: matches,
                detach: detach,
                outcome: .unique,
                newExplained: PositionSet(),
                storedExplained: [:]
            )
        }

        // Regions of the new text each cluster covers, and the part of them that quotes a cluster's lead.
        var regions: [Cluster: PositionSet] = [:]
        var leadRegions: [Cluster: PositionSet] = [:]
        for match in matches {
            let cluster = match.candidate.cluster
            regions[cluster, default: PositionSet()].formUnion(match.evidence.newRegion)
            if match.evidence.storedIsLead {
                leadRegions[cluster, default: PositionSet()].formUnion(match.evidence.newRegion)
            }
        }
        let coverNeeded = policy.explainedCoverage * Double(new.length)
        let explainedByOne = regions.values.contains { Double($0.count) >= coverNeeded }
        if !explainedByOne && quotesSeveralLeads(leadRegions) {
            matches.sort { $0.evidence.score > $1.evidence.score }
            return Decision(
                matches: matches,
                detach: [],
                outcome: .compilation,
                newExplained: PositionSet(),
                storedExplained: [:]
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
                matches: matches,
                detach: [],
                outcome: .unique,
                newExplained: PositionSet(),
                storedExplained: [:]
            )
        }
        var merges: [Cluster] = []
        let anchor = best[target]!.candidate
        for other in ranked.dropFirst() {
            let candidate = best[other]!.candidate
            let boilerplate = globalBoilerplate(passageClusters)
            if let bridge = PairEvidence.measure(
                new: candidate.text,
                stored: anchor.text,
                boilerplate: boilerplate,
                policy: policy
            ),
                bridge.relation != nil
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
        return Decision(
            matches: matches,
            detach: [],
            outcome: .join(target: target, merges: merges),
            newExplained: newExplained,
            storedExplained: storedExplained
        )
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
        let substantial = leadRegions.filter { $0.value.count >= policy.minSharedShingles }
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

    /// Stored story members that turn out to be compilations: the new document's lead fills a part of
    /// them that their own story does not explain.
    func lateCompilations(_ matches: [Match], newLength: Int) -> [DocumentID] {
        var found: [DocumentID] = []
        for match in matches {
            let candidate = match.candidate
            let evidence = match.evidence
            guard evidence.relation == nil, candidate.storyID != nil, !candidate.isCompilation, evidence.newIsLead
            else { continue }
            let explained = candidate.explained
            let explainedCount = explained.count
            guard explainedCount >= policy.minSharedShingles,
                Double(explainedCount) < policy.explainedCoverage * Double(candidate.text.length)
            else { continue }
            let region = evidence.storedRegion
            let outside = region.subtractingCount(explained)
            let inside = region.count - outside
            if outside >= policy.minSharedShingles && Double(inside) < policy.disjointOverlap * Double(region.count) {
                found.append(candidate.id)
            }
        }
        return found
    }
}
