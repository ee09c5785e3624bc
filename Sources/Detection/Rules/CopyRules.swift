/// A near copy: containment of the smaller text in the larger at least
/// ``MatchPolicy/nearContainment`` and Jaccard at least ``MatchPolicy/nearJaccard``, on the texts'
/// informative shingles (boilerplate aside). Verbatim, edited, localised and updated copies.
public struct NearCopyRule: PairRule {
    public let name = "near-copy"
    public let reads = "containment and Jaccard of the whole texts"
    public let needsAlignment = false
    public init() {}

    public func decide(_ facts: PairFacts, policy: MatchPolicy) -> PairVerdict? {
        let e = facts.evidence
        guard e.informativeShared >= policy.minSharedShingles else { return nil }
        return e.informativeContainment >= policy.nearContainment && e.informativeJaccard >= policy.nearJaccard
            ? .near : nil
    }
}

/// A truncated copy: containment of the smaller text at least ``MatchPolicy/truncatedContainment``
/// and at least ``MatchPolicy/leadCoverage`` of the larger text's opening shared — sites cut stories
/// at the end, not at the start.
public struct TruncatedCopyRule: PairRule {
    public let name = "truncated-copy"
    public let reads = "containment of the smaller text and the share of the larger one's opening"
    public let needsAlignment = false
    public init() {}

    public func decide(_ facts: PairFacts, policy: MatchPolicy) -> PairVerdict? {
        let e = facts.evidence
        guard e.informativeShared >= policy.minSharedShingles else { return nil }
        return e.informativeContainment >= policy.truncatedContainment && e.leadCoverage >= policy.leadCoverage
            ? .contained : nil
    }
}

/// A copy found through aligned passages: the aligned region holds at least
/// ``MatchPolicy/alignedMinimumProse`` matched prose positions (not quoted speech, at least
/// ``MatchPolicy/minNonQuoted``), at least ``MatchPolicy/alignedRegionContainment`` of each text's
/// prose inside the region is matched, no figure differs inside it, and the two texts are windows of
/// one text: neither has more than ``MatchPolicy/alignedEdgeSlack`` prose positions of its own on a
/// side where the other has them too.
///
/// Chrome around an article (navigation, captions, "related" lists) is not prose or lies outside the
/// region, so it does not dilute the measure. Two captures of one page that start or end at
/// different paragraphs each have text of their own on one side only — the side where the other
/// stops. A page that lifted a passage has text of its own on both sides of it.
///
/// A text that lies wholly inside the region, past the other's opening (the other's own prose
/// before it), is one of its passages — a paragraph a wire update appended, a lead a roundup quoted —
/// unless it makes up at least ``MatchPolicy/alignedInteriorShare`` of the other's prose. And where
/// each text has prose of its own (one before the region, the other after it), the region must span
/// two paragraphs of one of them: one whole paragraph at the end of one text and the start of the
/// other is a lead a page appended ("related" stories, a wire update's extra paragraph), not two
/// captures of one page.
/// A story's opening quoted: the only passage two texts share is one text's opening paragraphs, whole
/// (``Alignment/quotesOpening``), standing after prose of the other's own — a roundup quoting a lead, a
/// wire update that appended another story's first paragraph. It is reuse of that story, not a copy;
/// a capture of the same page cut at another place stops inside a paragraph instead.
public struct QuotedOpeningRule: PairRule {
    public let name = "quoted-opening"
    public let reads = "one passage: a text's opening paragraphs, whole, after the other's own prose"
    public let needsAlignment = true
    public init() {}

    public func decide(_ facts: PairFacts, policy: MatchPolicy) -> PairVerdict? {
        guard let a = facts.alignment, a.quotesOpening else { return nil }
        return a.inOrderProseMatched - a.inOrderQuoted >= policy.reuseMinimumNonQuoted ? .reuse : .unrelated
    }
}

public struct AlignedCopyRule: PairRule {
    public let name = "aligned-copy"
    public let reads = "aligned region: matched prose, containment, own prose around it, figures"
    public let needsAlignment = true
    public init() {}

    public func decide(_ facts: PairFacts, policy: MatchPolicy) -> PairVerdict? {
        guard let a = facts.alignment else { return nil }
        let slack = policy.alignedEdgeSlack
        guard a.regionProseMatched >= policy.alignedMinimumProse,
            a.regionProseMatched - a.regionQuoted >= policy.minNonQuoted,
            a.newRegionContainment >= policy.alignedRegionContainment,
            a.storedRegionContainment >= policy.alignedRegionContainment,
            a.figureConflicts == 0,
            min(a.newProse.before, a.storedProse.before) <= slack,
            min(a.newProse.after, a.storedProse.after) <= slack
        else { return nil }
        let newInside = a.newProse.before <= slack && a.newProse.after <= slack
        let storedInside = a.storedProse.before <= slack && a.storedProse.after <= slack
        // A text wholly inside the region, past the other's opening: one of the other's passages unless
        // it is most of it.
        for (inside, outer) in [(newInside, a.storedProse), (storedInside, a.newProse)]
        where inside && outer.before > slack {
            guard Double(a.regionProseMatched) >= policy.alignedInteriorShare * Double(outer.total) else { return nil }
        }
        if !newInside && !storedInside && a.regionParagraphs < 2 { return nil }
        return .aligned
    }
}

/// Another version of the same wire story: the in-order chain of shared blocks holds at least
/// ``MatchPolicy/versionMinimumNonQuoted`` matched prose positions outside quotations, at least
/// ``MatchPolicy/versionCoverage`` of the smaller text's prose, spreads over at least
/// ``MatchPolicy/versionParagraphs`` paragraphs of one of the texts, ``MatchPolicy/versionWholeParagraphs``
/// of them at least half matched or the aligned region holding ``MatchPolicy/versionLargerCoverage`` of
/// the larger text's prose (blocks kept together, not a sentence here and there nor two runs far apart), and is not only the two texts' common ending
/// after news of their own (``sharesTrailerOnly(_:policy:)``) nor one verbatim passage amid prose of
/// each text's own (``sharesLiftedPassage(_:policy:)``). Updates rewrite the lead, add and drop paragraphs
/// and change figures, but keep big blocks of the story in order; a page that took one paragraph
/// shares one, and a company's releases share only their closing paragraphs (about the company,
/// forward-looking statements), after each release's own news.
public struct WireVersionRule: PairRule {
    public let name = "wire-version"
    public let reads = "in-order blocks: matched prose outside quotations, share of the smaller text"
    public let needsAlignment = true
    public init() {}

    public func decide(_ facts: PairFacts, policy: MatchPolicy) -> PairVerdict? {
        guard let a = facts.alignment else { return nil }
        let matched = a.inOrderProseMatched
        let smaller = max(1, min(a.newProse.total, a.storedProse.total))
        guard matched - a.inOrderQuoted >= policy.versionMinimumNonQuoted,
            Double(matched) >= policy.versionCoverage * Double(smaller),
            a.inOrderParagraphs >= policy.versionParagraphs,
            a.inOrderWholeParagraphs >= policy.versionWholeParagraphs
                || Double(a.regionMatched) >= policy.versionLargerCoverage
                    * Double(max(a.newProse.total, a.storedProse.total)),
            !Self.sharesTrailerOnly(a, policy: policy),
            !Self.sharesLiftedPassage(a, policy: policy)
        else { return nil }
        return .version
    }

    /// True when the texts share one verbatim passage and each has prose of its own on both sides of it
    /// (more than ``MatchPolicy/alignedEdgeSlack`` positions): a paragraph both took — a lead a roundup
    /// quotes and a localised copy prints after its own introduction — not a story rewritten.
    static func sharesLiftedPassage(_ a: Alignment, policy: MatchPolicy) -> Bool {
        guard a.inOrder.count == 1 else { return false }
        let passage = a.passages[a.inOrder[0]]
        guard passage.matched == passage.new.count && passage.matched == passage.stored.count else { return false }
        return [a.newInOrderProse, a.storedInOrderProse].allSatisfy {
            $0.before > policy.alignedEdgeSlack && $0.after > policy.alignedEdgeSlack
        }
    }

    /// True when the blocks both texts share are their common ending — they run to the end of both,
    /// within ``MatchPolicy/alignedEdgeSlack`` prose positions — and each text has news of its own before
    /// them, more than ``MatchPolicy/versionOpening`` of its prose: a company's releases end with the same
    /// paragraphs about the company and the same forward-looking statements.
    static func sharesTrailerOnly(_ a: Alignment, policy: MatchPolicy) -> Bool {
        [a.newInOrderProse, a.storedInOrderProse].allSatisfy {
            $0.after <= policy.alignedEdgeSlack
                && $0.before > max(policy.alignedEdgeSlack, Int(policy.versionOpening * Double($0.total)))
        }
    }
}
