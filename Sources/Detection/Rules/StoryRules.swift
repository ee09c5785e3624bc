/// Boilerplate: paragraphs both texts hold that also recur in at least ``MatchPolicy/boilerplateStories``
/// other clusters (press-release legal text, agency copyright lines, a site's own background paragraph)
/// are set aside when a candidate is measured, like passim's maximum document frequency. Counts are per
/// story, not per document, so a widely copied story is never taken for boilerplate.
public enum BoilerplateRule {
    public static let name = "boilerplate"
    public static let reads = "clusters holding each paragraph of the pair"

    /// Paragraphs of `stored` held by enough clusters besides its own to be boilerplate.
    public static func paragraphs(
        stored: CandidateDocument,
        passageClusters: [UInt64: Set<Int64>],
        policy: MatchPolicy
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
    public static func global(_ passageClusters: [UInt64: Set<Int64>], policy: MatchPolicy) -> Set<UInt64> {
        Set(passageClusters.filter { $0.value.count > policy.boilerplateStories }.keys)
    }
}

/// Stock phrases: positions of the new text that members of at least ``MatchPolicy/boilerplateStories``
/// stories share with it without being copies of it — a localised page's standard sentence with its
/// town's name changed. Paragraph boilerplate misses such a phrase, since its paragraphs differ by a
/// word. They are no lead quotation, and no passage a reuse link rests on. Roundups, which quote, do
/// not count. Decides nothing.
public struct StockPhraseRule: StoryRule {
    public let name = "stock-phrase"
    public let reads = "positions the new text shares with pages of three or more stories"
    public init() {}

    public func apply(to state: inout StoryDecisionState, context: StoryRuleContext) {
        state.stockPhrases = Self.positions(state.matches, policy: context.policy)
    }

    static func positions(_ matches: [StoryMatcher.Match], policy: MatchPolicy) -> PositionSet {
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
}

/// Late compilations: a stored story member whose text its story explains only partly, and whose
/// unexplained part is the lead of the new document, is itself a roundup and is taken out of its story
/// (the engine does so and asks again); so is a stored document in no story that, with the new
/// document's lead, is found quoting the leads of two stories which make up most of it. Otherwise the
/// stored documents quoting the new lead remember it (``StoryDecisionState/quotedBy``). A lead that is
/// a stock phrase makes no one a roundup.
public struct LateCompilationRule: StoryRule {
    public let name = "late-compilation"
    public let reads = "stored documents quoting the new text's lead, their explained parts and quoted leads"
    public init() {}

    public func apply(to state: inout StoryDecisionState, context: StoryRuleContext) throws {
        let policy = context.policy
        let common = state.stockPhrases
        let matches = state.matches
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
            let quotedClusters = Set(try candidate.quotedDocuments.map(context.clusterOf))
            let isNewSource = ownCluster.map { $0 != candidate.cluster && !quotedClusters.contains($0) } ?? true
            guard candidate.storyID != nil else {
                guard isNewSource else { continue }
                if try Self.quotesLeadsOnly(
                    candidate,
                    newRegion: region,
                    quotedClusters: quotedClusters,
                    newSource: ownCluster,
                    context: context
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
        if found.isEmpty {
            state.quotedBy = quotedBy
        } else {
            state.detach = found
            state.outcome = .unique
        }
    }

    /// True when a document in no story is a roundup now that it is found quoting one more story's lead
    /// (`newRegion`, of the new document's cluster, or of the new document itself when that is
    /// `nil`): with the leads it was found quoting before, it quotes two or more stories in disjoint
    /// regions, and those quotations make up most of it — what ``CompilationRule`` asks of a new text,
    /// which no story explains either. A document found quoting more than
    /// ``MatchPolicy/roundupQuoteLimit`` documents is left as it is: it is made of passages that many
    /// pages share, and comparing it again with all of them each time would make a scan quadratic.
    /// - Complexity: one comparison per document it was found quoting, at most
    ///   ``MatchPolicy/roundupQuoteLimit``.
    static func quotesLeadsOnly(
        _ candidate: CandidateDocument,
        newRegion: PositionSet,
        quotedClusters: Set<Cluster>,
        newSource: Cluster?,
        context: StoryRuleContext
    ) throws -> Bool {
        let policy = context.policy
        guard !quotedClusters.isEmpty, candidate.quotedDocuments.count <= policy.roundupQuoteLimit else { return false }
        var leadRegions: [Cluster: PositionSet] = [:]
        for quoted in candidate.quotedDocuments.sorted() {
            guard let text = try context.textOf(quoted),
                let evidence = PairEvidence.measure(new: text, stored: candidate.text, boilerplate: [], policy: policy),
                evidence.newLeadQuoted
            else { continue }
            leadRegions[try context.clusterOf(quoted), default: PositionSet()].formUnion(evidence.storedRegion)
        }
        guard !leadRegions.isEmpty else { return false }
        // The new document, not stored yet, stands for its own cluster (no stored document has id 0).
        leadRegions[newSource ?? .single(0), default: PositionSet()].formUnion(newRegion)
        let quoted = leadRegions.values.reduce(PositionSet()) { $0.union($1) }.count
        guard Double(quoted) >= policy.compilationCoverage * Double(candidate.text.length) else { return false }
        return CompilationRule.quotesSeveralLeads(leadRegions, policy: policy)
    }
}

/// Compilations: a new text made mostly (``MatchPolicy/compilationCoverage``) of the leads of two or
/// more clusters, in disjoint regions, is a roundup: it joins nothing, and nothing joins a story through
/// it — unless one cluster explains ``MatchPolicy/explainedCoverage`` of it, or
/// ``MatchPolicy/compilationDominance`` when it quotes fewer than three stories in all, or
/// ``MatchPolicy/compilationCoverage`` when that cluster's member is a near copy of it (a wire text whose
/// stored edit dropped a long paragraph, with one line of another story appended). A shared block quotes
/// a text's lead when it starts near the text's start, inside its first paragraph, and holds (nearly)
/// all of that paragraph — a page whose opening sentence another text repeats has its lead quoted by
/// no one; stock phrases are no quotation.
public struct CompilationRule: StoryRule {
    public let name = "compilation"
    public let reads = "regions of the new text each cluster covers, and the leads it quotes"
    public init() {}

    public func apply(to state: inout StoryDecisionState, context: StoryRuleContext) {
        let policy = context.policy
        let new = state.new
        var regions: [Cluster: PositionSet] = [:]
        var leadRegions: [Cluster: PositionSet] = [:]
        for match in state.matches {
            let cluster = match.candidate.cluster
            regions[cluster, default: PositionSet()].formUnion(match.evidence.newRegion)
            let substantial = match.evidence.informativeShared >= policy.minSharedShingles
            // Another text of the same template (another quarter's release) shares its opening
            // formula, not a quotation of its lead.
            guard match.evidence.verdict != .template else { continue }
            let quotesLead = substantial && match.evidence.storedIsLead && match.evidence.storedLeadCovered
            if quotesLead || match.evidence.storedLeadQuoted {
                leadRegions[cluster, default: PositionSet()].formUnion(
                    match.evidence.newRegion.subtracting(state.stockPhrases)
                )
            }
        }
        let dominant = regions.values.map(\.count).max() ?? 0
        let share = Double(dominant) / Double(max(1, new.length))
        let quoted = leadRegions.values.reduce(PositionSet()) { $0.union($1) }.count
        let mostlyQuotes = Double(quoted) >= policy.compilationCoverage * Double(new.length)
        let sources = leadRegions.values.filter {
            $0.count >= min(policy.minSharedShingles, policy.minLeadQuoteShingles)
        }.count
        let dominantIsNearCopy = state.matches.contains {
            $0.evidence.relation == .near && regions[$0.candidate.cluster]?.count == dominant
        }
        let dominance = dominantIsNearCopy ? policy.compilationCoverage : policy.compilationDominance
        let explained = share >= policy.explainedCoverage || share >= dominance && sources < 3
        guard !explained && mostlyQuotes && Self.quotesSeveralLeads(leadRegions, policy: policy) else { return }
        state.matches.sort { $0.evidence.score > $1.evidence.score }
        state.outcome = .compilation
    }

    /// True when two clusters' lead quotations cover substantial, disjoint parts of a text.
    static func quotesSeveralLeads(_ leadRegions: [Cluster: PositionSet], policy: MatchPolicy) -> Bool {
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
}

/// Template veto: a new text that the pair rules found to be the same template as a member of a
/// cluster, filled with other figures (``FigureTemplateRule``), does not join that cluster through
/// another member: a release of another quarter is not the story, whatever else it shares with it.
public struct TemplateVetoRule: StoryRule {
    public let name = "template-veto"
    public let reads = "pair verdicts of template against members of each cluster"
    public init() {}

    public func apply(to state: inout StoryDecisionState, context: StoryRuleContext) {
        for match in state.matches + state.linkOnly where match.evidence.verdict == .template {
            state.excluded[match.candidate.cluster] = name
        }
    }
}

/// Join: the cluster with the strongest copy evidence (containment plus Jaccard, and a bonus for a
/// copy relation) is joined, unless excluded. Each further cluster with copy evidence is merged into it
/// only when a merge rule (``MergeRule``) finds evidence between the two clusters' best-matching
/// members — never single-link chaining through the new document. Without copy evidence the new
/// document is a story of its own (in no story).
public struct JoinRule: StoryRule {
    public let name = "join"
    public let reads = "the strongest copy evidence per cluster; merge rules between clusters"
    public var merges: [any MergeRule]

    public init(merges: [any MergeRule] = MergeRuleBook.standard) {
        self.merges = merges
    }

    public func apply(to state: inout StoryDecisionState, context: StoryRuleContext) {
        let policy = context.policy
        var best: [Cluster: StoryMatcher.Match] = [:]
        for match in state.matches where match.evidence.relation != nil {
            let cluster = match.candidate.cluster
            guard state.excluded[cluster] == nil else { continue }
            if let current = best[cluster], current.evidence.score >= match.evidence.score { continue }
            best[cluster] = match
        }
        state.matches.sort { $0.evidence.score > $1.evidence.score }
        let ranked = best.keys.sorted {
            let a = best[$0]!.evidence.score
            let b = best[$1]!.evidence.score
            return a != b ? a > b : $0.key < $1.key
        }
        guard let target = ranked.first else {
            state.outcome = .unique
            return
        }
        let anchor = best[target]!
        for other in ranked.dropFirst() {
            let otherMatch = best[other]!
            let boilerplate = BoilerplateRule.global(context.passageClusters, policy: policy)
            guard
                let bridge = PairEvidence.measure(
                    new: otherMatch.candidate.text,
                    stored: anchor.candidate.text,
                    boilerplate: boilerplate,
                    policy: policy
                ),
                let rule = merges.first(where: {
                    $0.merges(bridge: bridge, other: otherMatch.evidence, anchor: anchor.evidence, policy: policy)
                })
            else { continue }
            state.merges.append((other, rule.name))
        }
        let joined = Set([target] + state.merges.map(\.cluster))
        var newExplained = PositionSet(capacity: state.new.length)
        var storedExplained: [DocumentID: PositionSet] = [:]
        for match in state.matches where joined.contains(match.candidate.cluster) {
            newExplained.formUnion(match.evidence.newRegion)
            storedExplained[match.candidate.id] = match.candidate.explained.union(match.evidence.storedRegion)
        }
        state.newExplained = newExplained
        state.storedExplained = storedExplained
        state.quotedDocuments = state.matches.filter {
            $0.evidence.storedLeadQuoted && !joined.contains($0.candidate.cluster)
        }.map(\.candidate.id).sorted()
        state.outcome = .join(target: target, merges: state.merges.map(\.cluster))
    }
}
