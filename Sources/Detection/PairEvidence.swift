import WiretraceLineage

/// How one text relates to another, measured on exact shingle sets.
public enum CopyRelation: String, Sendable, Codable {
    /// Most of both texts is shared: a verbatim, edited, localised or updated copy.
    case near
    /// The smaller text is the opening of the larger one: a truncated copy (or its original).
    case contained
    /// The aligned article regions are one text, with chrome around them or cut elsewhere.
    case aligned
    /// Another version of the same wire story.
    case version
}

/// The evidence that a new text and a stored one share a story.
public struct PairEvidence: Sendable {
    /// Jaccard similarity of the full shingle sets.
    public var jaccard: Double
    /// Share of the smaller full shingle set found in the larger.
    public var containment: Double
    /// Share of the new text's shingles found in the stored text.
    public var newContained: Double
    /// Share of the stored text's shingles found in the new text.
    public var storedContained: Double
    /// Shingles shared (full sets).
    public var sharedShingles: Int
    /// Distinct shingles of the new and of the stored text.
    public var newShingleCount: Int
    public var storedShingleCount: Int
    /// Jaccard and containment after boilerplate passages are set aside: what the decision uses.
    public var informativeJaccard: Double
    public var informativeContainment: Double
    public var informativeShared: Int
    /// Share of the larger text's opening (as long as the smaller text) that is shared.
    public var leadCoverage: Double
    /// Positions of the new text covered by the match.
    public var newRegion: PositionSet
    /// Positions of the stored text covered by the match.
    public var storedRegion: PositionSet
    /// The shared block starts at the new text's start.
    public var newIsLead: Bool
    /// The shared block starts at the stored text's start.
    public var storedIsLead: Bool
    /// The stored text's whole first paragraph is in the new text (a roundup quoting its lead).
    public var storedLeadQuoted: Bool = false
    /// The new text's whole first paragraph is in the stored text.
    public var newLeadQuoted: Bool = false
    /// The shared block holds (nearly) all of the stored text's first paragraph, wherever it stands in
    /// the new text: what a roundup quoting that lead shares, unlike a page whose opening sentence is
    /// all it shares.
    public var storedLeadCovered: Bool = false
    /// Which kind of copy the evidence shows, or nil when it shows none.
    public var relation: CopyRelation?
    /// What the pair rules concluded, and the rule that did (empty when none applied).
    public var verdict: PairVerdict = .unrelated
    public var rule: String = ""
    /// The shared passages, when a rule needed them.
    public var alignment: Alignment?

    /// Evidence too small for anything but a reuse link: fewer than ``MatchPolicy/minSharedShingles``
    /// informative shingles, and no quoted lead. Story decisions leave it aside.
    public func isLinkOnly(_ policy: MatchPolicy) -> Bool {
        informativeShared < policy.minSharedShingles && !storedLeadQuoted && !newLeadQuoted
    }

    /// Ranking of matches: containment plus Jaccard, and a bonus for showing a copy.
    public var score: Double { informativeContainment + informativeJaccard + (relation == nil ? 0 : 1) }

    /// Compares `new` with `stored`, ignoring the shingles of `boilerplate` paragraphs for the decision.
    /// Returns nil when fewer than `policy.minSharedShingles` informative shingles are shared, unless the
    /// overlap is one text's whole first paragraph (at least `policy.minLeadQuoteShingles`): evidence of
    /// quoting, never of copying; or at least `policy.reuseMinimumNonQuoted`, enough for the rules to find
    /// a passage lifted (``isLinkOnly``).
    /// - Complexity: O((*n* + *m*) log(*n* + *m*)).
    public static func measure(
        new: ComparableText,
        stored: ComparableText,
        boilerplate: Set<UInt64>,
        policy: MatchPolicy,
        rules: PairRuleBook = .standard
    ) -> PairEvidence? {
        let shared = SortedShingles.intersectionCount(new.shingleSet, stored.shingleSet)
        let floor = min(policy.minSharedShingles, policy.minLeadQuoteShingles)
        guard shared >= floor else { return nil }
        // Below the copy floor only a quoted first paragraph counts; most such pairs merely share a
        // sentence, and are turned away here before positions and regions are worked out.
        let linkFloor = min(policy.minSharedShingles, policy.reuseMinimumNonQuoted)
        if shared < linkFloor
            && !leadCouldBeQuoted(stored, in: new.shingleSet, policy: policy)
            && !leadCouldBeQuoted(new, in: stored.shingleSet, policy: policy)
        {
            return nil
        }
        let newSize = new.shingleSet.count
        let storedSize = stored.shingleSet.count
        let union = newSize + storedSize - shared
        let jaccard = union > 0 ? Double(shared) / Double(union) : 0
        let containment = Double(shared) / Double(max(1, min(newSize, storedSize)))

        let excluded =
            boilerplate.isEmpty || !(new.hasParagraph(in: boilerplate) || stored.hasParagraph(in: boilerplate))
            ? Set<UInt64>() : boilerplate
        let newPositions = new.informativePositions(excluding: excluded)
        let storedPositions = stored.informativePositions(excluding: excluded)
        // (With nothing excluded, these are simply all positions.)
        let newSet =
            excluded.isEmpty ? new.shingleSet : SortedShingles.sortedUnique(newPositions.map { new.shingles[$0] })
        let storedSet =
            excluded.isEmpty
            ? stored.shingleSet : SortedShingles.sortedUnique(storedPositions.map { stored.shingles[$0] })
        // With nothing excluded and the new text indexed, its shared positions come from the shared
        // shingles' places in its set.
        let index = excluded.isEmpty ? new.positionIndex : nil
        var commonRanks: [Int] = []
        let common: [UInt32]
        if index != nil {
            (common, commonRanks) = SortedShingles.intersectionWithRanks(newSet, storedSet)
        } else {
            common = SortedShingles.intersection(newSet, storedSet)
        }
        guard common.count >= floor else { return nil }
        let informativeUnion = newSet.count + storedSet.count - common.count
        let informativeJaccard = Double(common.count) / Double(max(1, informativeUnion))
        let informativeContainment = Double(common.count) / Double(max(1, min(newSet.count, storedSet.count)))

        let commonSet = ShingleLookup(common)
        var newRegion = PositionSet(capacity: new.length)
        if let index {
            for rank in commonRanks {
                for position in index.positions(ofShingleAt: rank) { newRegion.insert(Int(position)) }
            }
        } else {
            for position in newPositions where commonSet.contains(new.shingles[position]) {
                newRegion.insert(position)
            }
        }
        var storedRegion = PositionSet(capacity: stored.length)
        for position in storedPositions where commonSet.contains(stored.shingles[position]) {
            storedRegion.insert(position)
        }

        // Opening of the larger text, as long as the smaller text: how much of it is shared?
        let newIsSmaller = newSet.count <= storedSet.count
        let largerPositions = newIsSmaller ? storedPositions : newPositions
        let larger = newIsSmaller ? stored : new
        let openingLength = min(largerPositions.count, newIsSmaller ? newSet.count : storedSet.count)
        var openingShared = 0
        if excluded.isEmpty {
            // Positions are all positions: the shared ones in the opening are the region's below its end.
            openingShared = (newIsSmaller ? storedRegion : newRegion).count(below: openingLength)
        } else {
            for position in largerPositions.prefix(openingLength) where commonSet.contains(larger.shingles[position]) {
                openingShared += 1
            }
        }
        let leadCoverage = Double(openingShared) / Double(max(1, openingLength))

        // A shared block is a text's lead when it starts near the text's start and inside its first
        // paragraph: what comes before it can be a dateline or a prefixed headline, not a whole short
        // paragraph of its own (then the block is the text's body, as when a page appends another
        // page's second paragraph).
        func isLead(_ region: PositionSet, of text: ComparableText) -> Bool {
            guard let first = region.first else { return false }
            let firstParagraphEnd = text.paragraphStarts.count > 1 ? Int(text.paragraphStarts[1]) : text.length
            return first <= max(policy.leadOffset, Int(policy.leadFraction * Double(text.length)))
                && first < firstParagraphEnd
        }

        let storedLeadQuoted =
            leadParagraphQuoted(stored, region: storedRegion, policy: policy)
            && quoteStartsParagraph(quoted: stored, in: new)
        let newLeadQuoted =
            leadParagraphQuoted(new, region: newRegion, policy: policy)
            && quoteStartsParagraph(quoted: new, in: stored)
        let substantial = common.count >= policy.minSharedShingles
        let linkable = common.count >= linkFloor
        guard substantial || linkable || storedLeadQuoted || newLeadQuoted else { return nil }

        var evidence = PairEvidence(
            jaccard: jaccard,
            containment: containment,
            newContained: Double(shared) / Double(max(1, newSize)),
            storedContained: Double(shared) / Double(max(1, storedSize)),
            sharedShingles: shared,
            newShingleCount: newSize,
            storedShingleCount: storedSize,
            informativeJaccard: informativeJaccard,
            informativeContainment: informativeContainment,
            informativeShared: common.count,
            leadCoverage: leadCoverage,
            newRegion: newRegion,
            storedRegion: storedRegion,
            newIsLead: isLead(newRegion, of: new),
            storedIsLead: isLead(storedRegion, of: stored),
            storedLeadQuoted: storedLeadQuoted,
            newLeadQuoted: newLeadQuoted,
            relation: nil
        )
        evidence.storedLeadCovered = leadParagraphQuoted(stored, region: storedRegion, policy: policy)
        if substantial || linkable {
            var facts = PairFacts(evidence: evidence)
            let (verdict, rule) = rules.decide(&facts, policy: policy) {
                PassageAligner().align(
                    new: new,
                    stored: stored,
                    shared: commonSet,
                    excluded: excluded.isEmpty ? nil : (newPositions, storedPositions)
                )
            }
            evidence.verdict = verdict
            evidence.rule = rule
            evidence.relation = verdict.relation
            evidence.alignment = facts.alignment
        }
        return evidence
    }

    /// A necessary condition of ``leadParagraphQuoted(_:region:policy:)``, on whole shingle sets: enough
    /// of the text's first paragraph is in `other` (sorted) at all.
    static func leadCouldBeQuoted(_ text: ComparableText, in other: [UInt32], policy: MatchPolicy) -> Bool {
        let end = text.paragraphStarts.count > 1 ? Int(text.paragraphStarts[1]) : text.length
        let length = min(end, text.length)
        guard length >= policy.minLeadQuoteShingles else { return false }
        // Covered positions needed (the test below); once the misses leave fewer positions than that,
        // the answer is no: most pairs asked share a sentence elsewhere and miss from the first shingle.
        let needed = max(policy.minLeadQuoteShingles, (length * 2 + 2) / 3)
        let allowedMisses = length - needed
        var covered = 0
        var misses = 0
        return text.shingles.withUnsafeBufferPointer { shingles in
            for position in 0..<length {
                if sortedContains(other, shingles[position]) {
                    covered += 1
                } else {
                    misses += 1
                    if misses > allowedMisses { return false }
                }
            }
            return covered >= policy.minLeadQuoteShingles && covered * 3 >= length * 2
        }
    }

    /// True when the first paragraph of `quoted` starts a paragraph of `quoting`: a quotation, not a
    /// sentence that two articles on one topic happen to share.
    static func quoteStartsParagraph(quoted: ComparableText, in quoting: ComparableText) -> Bool {
        let end = quoted.paragraphStarts.count > 1 ? Int(quoted.paragraphStarts[1]) : quoted.length
        let lead = ShingleLookup(Array(quoted.shingles[0..<min(end, quoted.length)]))
        guard let first = quoting.shingles.firstIndex(where: lead.contains) else { return false }
        return quoting.paragraphStarts.contains { abs(Int($0) - first) <= 1 }
    }

    /// True when the text's first paragraph is (nearly) all inside `region`: at least
    /// `policy.minLeadQuoteShingles` of its positions and two thirds of them (the last few shingles of a
    /// paragraph run into the next one, which a quotation does not repeat).
    static func leadParagraphQuoted(_ text: ComparableText, region: PositionSet, policy: MatchPolicy) -> Bool {
        let end = text.paragraphStarts.count > 1 ? Int(text.paragraphStarts[1]) : text.length
        let length = min(end, text.length)
        guard length >= policy.minLeadQuoteShingles else { return false }
        var covered = 0
        for position in 0..<length where region.contains(position) { covered += 1 }
        return covered >= policy.minLeadQuoteShingles && covered * 3 >= length * 2
    }
}

/// Evidence already measured for one new text against stored texts, found again for a stored text
/// identical to one measured (a story's exact copies): ``PairEvidence/measure(new:stored:boilerplate:policy:)``
/// depends on the two texts and the boilerplate alone.
struct MeasuredTexts {
    private struct Key: Hashable {
        var paragraphHashes: [UInt64]
        var length: Int
        var boilerplate: Set<UInt64>
    }
    private var measured: [Key: [(text: ComparableText, evidence: PairEvidence?)]] = [:]

    /// The evidence measured against a text identical to `stored` with the same boilerplate, if any.
    /// `.some(nil)` means it was measured and is no evidence.
    func evidence(against stored: ComparableText, boilerplate: Set<UInt64>) -> PairEvidence?? {
        let key = Key(paragraphHashes: stored.paragraphHashes, length: stored.length, boilerplate: boilerplate)
        guard let entries = measured[key] else { return nil }
        for entry in entries where entry.text.hasSameContent(as: stored) { return .some(entry.evidence) }
        return nil
    }

    mutating func record(_ evidence: PairEvidence?, against stored: ComparableText, boilerplate: Set<UInt64>) {
        let key = Key(paragraphHashes: stored.paragraphHashes, length: stored.length, boilerplate: boilerplate)
        measured[key, default: []].append((stored, evidence))
    }
}
