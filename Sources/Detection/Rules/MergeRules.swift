/// One rule that lets two clusters the new document has copy evidence with become one story: it reads
/// the evidence between their best-matching members (`bridge`, the other cluster's member measured
/// against the joined cluster's), and how the new document matched each. The first rule of the book
/// that holds merges them; none holding keeps them apart, however much the new document shares with
/// both.
public protocol MergeRule: Sendable {
    var name: String { get }
    var reads: String { get }
    /// True when the two clusters are one story.
    /// - Parameters:
    ///   - bridge: the other member (as `new`) measured against the anchor member (as `stored`).
    ///   - other: how the new document matched the other member; `anchor`, the joined cluster's member.
    func merges(bridge: PairEvidence, other: PairEvidence, anchor: PairEvidence, policy: MatchPolicy) -> Bool
}

/// The merge rules wiretrace applies, in order.
public enum MergeRuleBook {
    public static let standard: [any MergeRule] = [
        MembersAreCopiesRule(),
        TruncatedBridgeRule(),
        HoldsWholeRule(),
        EditsOfNewTextRule(),
    ]
}

/// The two members are copies of each other: any pair rule that shows a copy relation between them
/// (near, truncated, aligned, wire version).
public struct MembersAreCopiesRule: MergeRule {
    public let name = "members-are-copies"
    public let reads = "the pair verdict between the two members"
    public init() {}

    public func merges(bridge: PairEvidence, other: PairEvidence, anchor: PairEvidence, policy: MatchPolicy) -> Bool {
        bridge.relation != nil
    }
}

/// A truncated copy in another cluster belongs with the anchor although the two are not copies of each
/// other: the new text is a near copy of the anchor and holds all of the other member as its opening (a
/// truncated copy of it, or one long enough to count as a near copy), and the other member's lead is in
/// the anchor too (at least ``MatchPolicy/bridgeLeadContainment`` of it). The anchor dropped or changed
/// part of what the truncated copy kept; a roundup or a text sharing a quotation shows none of these.
public struct TruncatedBridgeRule: MergeRule {
    public let name = "truncated-bridge"
    public let reads = "the new text near the anchor and holding the other as its opening; their shared lead"
    public init() {}

    public func merges(bridge: PairEvidence, other: PairEvidence, anchor: PairEvidence, policy: MatchPolicy) -> Bool {
        guard anchor.relation == .near, other.relation != nil,
            other.storedContained >= policy.truncatedContainment, other.newIsLead,
            bridge.informativeShared >= policy.minSharedShingles, bridge.newIsLead, bridge.storedIsLead
        else { return false }
        return bridge.newContained >= policy.bridgeLeadContainment
    }
}

/// Two members the new text is a near copy of are one story although neither is a copy of the other:
/// one holds the other almost whole (``MatchPolicy/nearContainment``) from the lead of both, and only
/// its own additions (a wire update's new paragraphs, or a paragraph the other one dropped) keep their
/// Jaccard below the near-copy bar. A page whose body another story appended is held whole too, but
/// not from its lead.
public struct HoldsWholeRule: MergeRule {
    public let name = "holds-whole"
    public let reads = "the new text near both; one member holding the other from the lead of both"
    public init() {}

    public func merges(bridge: PairEvidence, other: PairEvidence, anchor: PairEvidence, policy: MatchPolicy) -> Bool {
        anchor.relation == .near && other.relation == .near
            && bridge.informativeShared >= policy.minSharedShingles
            && bridge.informativeContainment >= policy.nearContainment
            && bridge.newIsLead && bridge.storedIsLead
    }
}

/// Two members the new text is a near copy of are two edits of it: the new text holds each almost whole
/// (``MatchPolicy/nearContainment`` of its shingles), and the two share at least the near-copy Jaccard
/// of their union, from the lead of both. Each cut or changed a different part, so neither is a copy of
/// the other; the new text, which arrived after them, is what both were made from. Two stories that a
/// roundup puts side by side share no such part.
public struct EditsOfNewTextRule: MergeRule {
    public let name = "edits-of-new-text"
    public let reads = "the new text holding both members almost whole; the members' shared lead"
    public init() {}

    public func merges(bridge: PairEvidence, other: PairEvidence, anchor: PairEvidence, policy: MatchPolicy) -> Bool {
        anchor.relation == .near && other.relation == .near
            && anchor.storedContained >= policy.nearContainment
            && other.storedContained >= policy.nearContainment
            && bridge.informativeShared >= policy.minSharedShingles
            && bridge.informativeJaccard >= policy.nearJaccard
            && bridge.newIsLead && bridge.storedIsLead
    }
}
