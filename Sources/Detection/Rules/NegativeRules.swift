/// Quotations only: what the two texts share (in order) is speech both quote — quotations in both and
/// fewer than ``MatchPolicy/minNonQuoted`` matched prose positions besides, or mostly such quotations
/// (at least ``MatchPolicy/quotedShare`` of the matched positions) with fewer than
/// ``MatchPolicy/quoteOnlyMaximumProse`` prose positions outside them. Independent articles quote the
/// same people; copies of a release made of quotations also share the prose around them.
public struct QuoteOnlyRule: PairRule {
    public let name = "quote-only"
    public let reads = "speech quoted in both texts in the shared passages"
    public let needsAlignment = true
    public init() {}

    public func decide(_ facts: PairFacts, policy: MatchPolicy) -> PairVerdict? {
        guard let a = facts.alignment else { return nil }
        return Self.isQuotations(a.inOrderQuotedInBoth, a, policy: policy) ? .quoteOnly : nil
    }

    /// True when `quoted` of the in-order chain's matched positions make what two texts share quotations
    /// (the test of ``QuoteOnlyRule``, for one way of counting quoted positions).
    static func isQuotations(_ quoted: Int, _ a: Alignment, policy: MatchPolicy) -> Bool {
        guard quoted > 0 else { return false }
        let prose = a.inOrderProseMatched - quoted
        if prose < policy.minNonQuoted { return true }
        return Double(quoted) >= policy.quotedShare * Double(a.inOrderMatched) && prose < policy.quoteOnlyMaximumProse
    }
}

/// Quoted text: what the two texts share is quotations by the marks of either text (the test of
/// ``QuoteOnlyRule`` counting a position quoted in one text as quoted), but one of them prints as its
/// own text what the other puts inside quotation marks — a blog or forum post quoting an article or a
/// column, an outlet quoting a statement another prints whole. No copy: partial reuse when at least
/// ``MatchPolicy/reuseMinimumNonQuoted`` matched positions are quoted in one text only, else a shared
/// quotation.
public struct QuotedTextRule: PairRule {
    public let name = "quoted-text"
    public let reads = "positions quoted in one text only in the shared passages"
    public let needsAlignment = true
    public init() {}

    public func decide(_ facts: PairFacts, policy: MatchPolicy) -> PairVerdict? {
        guard let a = facts.alignment, QuoteOnlyRule.isQuotations(a.inOrderQuoted, a, policy: policy) else {
            return nil
        }
        return a.inOrderQuoted - a.inOrderQuotedInBoth >= policy.reuseMinimumNonQuoted ? .reuse : .quoteOnly
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
