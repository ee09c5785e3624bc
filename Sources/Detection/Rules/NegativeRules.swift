/// Quotations only: what the two texts share (in order) is mostly quoted speech — at least
/// ``MatchPolicy/quotedShare`` of the matched positions — or quotations and fewer than
/// ``MatchPolicy/minNonQuoted`` matched prose positions besides. Independent articles quote the same
/// people.
public struct QuoteOnlyRule: PairRule {
    public let name = "quote-only"
    public let reads = "quoted speech in the shared passages"
    public let needsAlignment = true
    public init() {}

    public func decide(_ facts: PairFacts, policy: MatchPolicy) -> PairVerdict? {
        guard let a = facts.alignment else { return nil }
        let quoted = a.inOrderQuoted
        guard quoted > 0 else { return nil }
        return Double(quoted) >= policy.quotedShare * Double(a.inOrderMatched)
            || a.inOrderProseMatched - quoted < policy.minNonQuoted ? .quoteOnly : nil
    }
}

/// A template filled with other figures: the same sentences around other numbers and dates — a
/// company's results of another quarter, a weekly reserves story. Two copies of one story share its
/// figures. Either sign is enough:
/// - in both texts the prose they do not share — at least ``MatchPolicy/templateUnmatchedProse``
///   positions — is mostly figures (at least ``MatchPolicy/templateUnmatchedFigures`` of it), and
///   clearly more so than the words they share (by ``MatchPolicy/templateFigureGap``);
/// - at least ``MatchPolicy/templateFigureEdits`` of the small edits between shared runs change a
///   figure, they are at least half of those edits, and there is one for every
///   ``MatchPolicy/templateFigureEditSpan`` shared shingles (a wire update that changed one figure in a
///   long shared passage is a version).
public struct FigureTemplateRule: PairRule {
    public let name = "figure-template"
    public let reads = "figures in the shared and in the unshared prose of each text"
    public let needsAlignment = true
    public init() {}

    public func decide(_ facts: PairFacts, policy: MatchPolicy) -> PairVerdict? {
        guard let a = facts.alignment else { return nil }
        let conflicts = a.inOrderFigureConflicts
        if conflicts >= policy.templateFigureEdits && 2 * conflicts >= a.inOrderEditGaps
            && conflicts * policy.templateFigureEditSpan >= a.inOrderMatched
        {
            return .template
        }
        for split in [a.newFigures, a.storedFigures] {
            guard split.unmatchedProse >= policy.templateUnmatchedProse,
                split.unmatchedShare >= policy.templateUnmatchedFigures,
                split.unmatchedShare - split.matchedShare >= policy.templateFigureGap
            else { return nil }
        }
        return .template
    }
}

/// Partial reuse: a page lifted passages — at least ``MatchPolicy/reuseMinimumNonQuoted`` matched
/// prose positions outside quotations — and is otherwise its own. The two are linked, not one story.
public struct PartialReuseRule: PairRule {
    public let name = "partial-reuse"
    public let reads = "matched prose outside quotations"
    public let needsAlignment = true
    public init() {}

    public func decide(_ facts: PairFacts, policy: MatchPolicy) -> PairVerdict? {
        guard let a = facts.alignment else { return nil }
        return a.inOrderProseMatched - a.inOrderQuoted >= policy.reuseMinimumNonQuoted ? .reuse : nil
    }
}
