import WiretraceIngest

/// How a story member derives from its parent.
public enum DerivationKind: String, Sendable, Codable, CaseIterable {
    case origin, verbatim, truncated, edited, localized, version, mirror
}

/// One lineage edge: a member of a story, the document it was most likely copied from, and why.
public struct LineageEdge: Sendable, Equatable {
    public var document: Int64
    /// Nil for the story's origin.
    public var parent: Int64?
    public var kind: DerivationKind
    /// Jaccard similarity with the parent.
    public var jaccard: Double?
    /// Share of this document's text found in the parent …
    public var containment: Double?
    /// … and of the parent's text found in this document.
    public var reverseContainment: Double?
    /// Seconds between the parent's and this document's publication.
    public var delaySeconds: Int64?
    /// Text this document shares with the parent but not with the origin (edits it inherited).
    public var sharedEdits: Int
    /// Whether this document credits the story's agency (nil when it credits none).
    public var creditAgrees: Bool?
    /// Evidence that chose the parent: "canonical", "credit-via", "shared-edits", "same-cut", "text".
    public var evidence: [String]
    /// Paragraph alignment with the parent (``PassageAlignment``, compact form).
    public var alignment: String?
    /// How the story's origin was chosen ("agency-site", "earliest-published", "named-by-copy",
    /// "estimated-from-fetch", "estimated-from-url-date", "earliest-fetched").
    public var method: String

    public init(
        document: Int64,
        parent: Int64?,
        kind: DerivationKind,
        jaccard: Double? = nil,
        containment: Double? = nil,
        reverseContainment: Double? = nil,
        delaySeconds: Int64? = nil,
        sharedEdits: Int = 0,
        creditAgrees: Bool? = nil,
        evidence: [String] = [],
        alignment: String? = nil,
        method: String
    ) {
        self.document = document
        self.parent = parent
        self.kind = kind
        self.jaccard = jaccard
        self.containment = containment
        self.reverseContainment = reverseContainment
        self.delaySeconds = delaySeconds
        self.sharedEdits = sharedEdits
        self.creditAgrees = creditAgrees
        self.evidence = evidence
        self.alignment = alignment
        self.method = method
    }
}

/// The inferred history of one story.
public struct StoryLineage: Sendable, Equatable {
    public var origin: Int64
    public var originMethod: String
    /// The agency the story is credited to, by evidence.
    public var agency: Agency?
    /// Members that credit another agency than the story's (mislabelled credits).
    public var conflictingCredits: [Int64]
    /// One edge per member, in publication order.
    public var edges: [LineageEdge]
    /// What placing one more page in the story needs (kept for large stories on request:
    /// ``LineageInference/infer(_:aligning:keepingStateFrom:)``).
    public var state: LineageState? = nil
}

/// Origin, parents and derivation kinds of a story's members, from their texts, times and credits.
///
/// Deterministic: the result depends on the members only, never on the order they arrived in, so
/// re-running inference over a story gives the same lineage.
///
/// - Origin: the member published by the credited agency's own site; else the earliest publication
///   (published time, or fetch time when a page has none). The story's agency is the one claimed by
///   the strongest evidence — a dateline or copyright line the wire wrote outweighs a byline a site
///   typed — and, among equals, by the earliest member; never by a majority of credit lines.
/// - Parent: the earlier member that best explains the copy, including the edits it carries (text
///   the copy shares with it but not with the origin), a cut at the same place, a canonical link to it,
///   or a credit naming it ("originally published by …"). Without such evidence the origin (or the wire
///   update the copy matches) is the parent.
public enum LineageInference {
    /// - Parameters:
    ///   - members: the story's members, in any order.
    ///   - aligning: the documents whose edges get a passage alignment (nil: every member's).
    /// - Complexity: O(*T* + *m* log *m* + *m* · (*k* · *s* + *c*)) for *m* members of *s* shingles, *T*
    ///   shingles in all and a common text of *c*, where *k* is the number of parent candidates a copy
    ///   scores: the origin, the source's own pages, the pages it names, and of the pages with its headline
    ///   (if not the source's) one per distinct text, until one settles the choice (at most
    ///   ``StoryInference/plainCandidateLimit``); plus the alignments.
    public static func infer(_ members: [LineageMember], aligning: Set<Int64>? = nil) -> StoryLineage? {
        guard !members.isEmpty else { return nil }
        var inference = StoryInference(members)
        return inference.lineage(aligning: aligning)
    }

    /// One member's edge, once its parent is chosen.
    static func edge(
        member: LineageMember,
        parent: LineageMember,
        parentIsOrigin: Bool,
        isVersion: Bool,
        evidence bestEvidence: [String],
        parentIsSource: Bool,
        parentIsOwn: Bool,
        hasOwnPages: Bool,
        common: [UInt32],
        sourceTitle: String?,
        extras: [UInt32],
        delay: Int64?,
        agency: Agency?,
        method: String,
        alignment: String?
    ) -> LineageEdge {
        let shared = SortedShingles.intersectionCount(member.shingles, parent.shingles)
        let jaccard = Double(shared) / Double(max(1, member.shingles.count + parent.shingles.count - shared))
        let containment = Double(shared) / Double(max(1, member.shingles.count))
        let reverse = Double(shared) / Double(max(1, parent.shingles.count))
        var kind: DerivationKind
        if isVersion || Self.isRewrite(member, of: parent) {
            kind = .version
        } else if bestEvidence == ["previous-version"] {
            // A copy of the same rewrite as its parent: how it differs from that version.
            kind = textKind(member, parent: parent, containment: containment, reverse: reverse, jaccard: jaccard)
        } else if !parentIsOrigin ? !parentIsSource : !parentIsOwn && !bestEvidence.isEmpty {
            // Taken from another site's page (shown by shared edits, a credit naming it or a canonical
            // link), the origin's included.
            kind = .mirror
        } else if parentIsOrigin && member.contentHash != parent.contentHash && jaccard < 0.99 {
            // Measured against the story's common text, which stands for the source better than the
            // origin page alone when that page itself cut or edited it.
            let held = SortedShingles.intersectionCount(member.shingles, common)
            kind = textKind(
                copyCount: member.shingles.count,
                parentCount: common.count,
                shared: held,
                jaccard: Double(held) / Double(max(1, member.shingles.count + common.count - held))
            )
        } else {
            kind = textKind(member, parent: parent, containment: containment, reverse: reverse, jaccard: jaccard)
        }
        // The same text under another headline is an edit: against the parent's headline, or for a
        // copy of the source against the headline most members print (the origin may have changed it).
        if kind == .verbatim, let own = member.titleKey {
            let reference = parentIsOrigin && !hasOwnPages ? sourceTitle : parent.titleKey
            if let reference, reference != own { kind = .edited }
        }
        let sharedEdits = parentIsOrigin ? 0 : SortedShingles.intersectionCount(extras, parent.shingles)
        return LineageEdge(
            document: member.id,
            parent: parent.id,
            kind: kind,
            jaccard: jaccard,
            containment: containment,
            reverseContainment: reverse,
            delaySeconds: delay,
            sharedEdits: sharedEdits,
            creditAgrees: member.claim.agency.map { $0 == agency },
            evidence: bestEvidence.isEmpty ? ["text"] : bestEvidence,
            alignment: alignment,
            method: method
        )
    }

    /// A host name without a leading "www.", "m." or "amp.".
    static func bareHost(_ host: String) -> String {
        var host = host.lowercased()
        for prefix in ["www.", "m.", "amp."] where host.hasPrefix(prefix) {
            host.removeFirst(prefix.count)
            break
        }
        return host
    }

    /// True when an undated page could have been out by `time`: it was fetched by then, or its fetch
    /// came within a long crawl delay after it (`earliest`: the earliest time it plausibly came out,
    /// else its fetch time).
    static func plausiblyBefore(earliest: Timestamp?, _ time: Timestamp?) -> Bool {
        guard let time, let earliest else { return true }
        return earliest <= time
    }

    /// How well `parent` explains `copy`, and the evidence that says so.
    /// - Parameters:
    ///   - originTitle: the origin's headline key (a headline the origin carries is the source's).
    ///   - isOwn: the parent is one of the source's own pages.
    ///   - namedByCredit: the copy's credit names the parent's site ("originally published by …").
    ///   - canonical: the copy links to the parent as canonical.
    static func fit(
        copy: FitSide,
        parent: FitSide,
        originTitle: String?,
        isOwn: Bool,
        namedByCredit: Bool,
        canonical: Bool
    ) -> (Double, [String]) {
        var score = 0.0
        var evidence: [String] = []
        // The parent must hold the copy's text: all of what the copy took from the origin.
        // (Text the copy took from the common text is in the parent exactly when the parent took it too.)
        let fromOrigin = copy.derived
        let textFit = Double(fromOrigin.sharedCount(parent.derived)) / Double(max(1, fromOrigin.count))
        score += 2 * textFit
        // A page lacking text the copy took from the origin cannot be where the copy took it from.
        if textFit < 0.95 { score -= 5 }
        // Shared edits (text the origin lacks): the copy carries all of the parent's edits, or the parent
        // holds all of the copy's. Partial overlaps say nothing: two sites localising with one template
        // share most of their added words without copying each other.
        let extra = copy.extras
        let parentEdits = parent.extras
        var inherited = 0.0
        if !extra.isEmpty {
            let held = Double(SortedShingles.intersectionCount(extra, parent.shingles)) / Double(extra.count)
            if held >= 0.95 { inherited = held }
        }
        if !parentEdits.isEmpty {
            let carried =
                Double(SortedShingles.intersectionCount(parentEdits, copy.shingles)) / Double(parentEdits.count)
            if carried >= 0.95 { inherited = max(inherited, carried) }
        }
        // Between two sites' pages, shared edits count only when the headline is the same too: independent
        // copies often make the same common edit ("said" → "told reporters") but seldom pick one headline,
        // while a page copied from another site keeps its headline. A wire update needs no such proof.
        // And the headline must be the parent's own: one the origin also carries is the source's headline,
        // which every copy may keep.
        if inherited > 0 && !isOwn
            && (!sameTitle(copy.titleKey, parent.titleKey) || sameTitle(parent.titleKey, originTitle))
        {
            inherited = 0
        }
        if inherited > 0 {
            score += 2 * inherited
            evidence.append("shared-edits")
        }
        if namedByCredit {
            score += 3
            evidence.append("credit-via")
        }
        if canonical {
            score += 3
            evidence.append("canonical")
        }
        if isOwn { score += 0.05 }
        return (score, evidence)
    }

    /// The most a candidate scores without a credit naming it, a canonical link to it or being one of the
    /// source's own pages: text fit and shared edits, 2 each.
    static let plainScoreBound = 4.0

    /// True when both headlines are known and the same.
    static func sameTitle(_ a: String?, _ b: String?) -> Bool {
        guard let a else { return false }
        return a == b
    }

    /// A headline's letters and digits, lower-cased; nil for none.
    static func titleKey(_ title: String?) -> String? {
        LineageMember.key(title, droppingArticle: false)
    }

    /// The headline most members print (the origin's among equals), from each headline's count.
    static func commonTitle(_ counts: [String: Int], originKey: String?) -> String? {
        counts.max { a, b in
            if a.value != b.value { return a.value < b.value }
            if (a.key == originKey) != (b.key == originKey) { return b.key == originKey }
            return a.key > b.key
        }?.key
    }

    /// True when a credit's publication name is `member`'s site ("The Riverton Herald", riverton-herald.com).
    static func names(_ name: String, _ member: LineageMember) -> Bool {
        guard let wanted = LineageMember.key(name, droppingArticle: true) else { return false }
        return names(key: wanted, siteName: member.siteNameKey, host: member.hostKey)
    }

    /// True when a publication key names a site: its site name's key, or a part of its host's.
    static func names(key wanted: String, siteName: String?, host: String) -> Bool {
        guard wanted.count >= 3 else { return false }
        if let siteName, siteName == wanted { return true }
        return ByteSearch.contains(host, substring: wanted)
    }

    static func textKind(
        _ member: LineageMember,
        parent: LineageMember,
        containment: Double,
        reverse: Double,
        jaccard: Double
    ) -> DerivationKind {
        if member.contentHash == parent.contentHash { return .verbatim }
        let shared = Int((containment * Double(member.shingles.count)).rounded())
        return textKind(
            copyCount: member.shingles.count,
            parentCount: parent.shingles.count,
            shared: shared,
            jaccard: jaccard
        )
    }

    /// Neither text holds more than this share of the other's shingles: one is a rewritten version of
    /// the story (a new lead, paragraphs added and dropped), not an edit of the other.
    static let versionContainment = 0.6

    /// True when `member` is a rewrite of `parent` (``versionContainment``).
    static func isRewrite(_ member: LineageMember, of parent: LineageMember) -> Bool {
        let shared = SortedShingles.intersectionCount(member.shingles, parent.shingles)
        return Double(shared) < versionContainment * Double(member.shingles.count)
            && Double(shared) < versionContainment * Double(parent.shingles.count)
    }

    /// The kind of a copy of `copyCount` shingles from a text of `parentCount`, `shared` of them in common.
    static func textKind(copyCount: Int, parentCount: Int, shared: Int, jaccard: Double) -> DerivationKind {
        if jaccard >= 0.99 { return .verbatim }
        let copyOnly = copyCount - shared
        let parentOnly = parentCount - shared
        let containment = Double(shared) / Double(max(1, copyCount))
        let reverse = Double(shared) / Double(max(1, parentCount))
        if containment >= 0.97 && parentOnly >= max(5, parentCount / 20) { return .truncated }
        if reverse >= 0.97 && copyOnly >= 5 { return .localized }
        return .edited
    }
}

/// Which shingles of a story's common text a member holds, one bit per shingle of the common text.
struct CommonTextBits {
    var words: [UInt64]
    /// Number of bits set: how many of the common shingles the member holds.
    var count: Int

    /// - Complexity: O(*n* + *m*) in the lengths of the sorted arrays.
    init(of shingles: [UInt32], in common: [UInt32]) {
        var words = [UInt64](repeating: 0, count: (common.count + 63) / 64)
        var count = 0
        var j = 0
        for (position, value) in common.enumerated() {
            while j < shingles.count && shingles[j] < value { j += 1 }
            if j < shingles.count && shingles[j] == value {
                words[position >> 6] |= 1 << UInt64(position & 63)
                count += 1
            }
        }
        self.words = words
        self.count = count
    }

    /// Number of common shingles both members hold.
    func sharedCount(_ other: CommonTextBits) -> Int {
        var shared = 0
        for index in 0..<min(words.count, other.words.count) {
            shared += (words[index] & other.words[index]).nonzeroBitCount
        }
        return shared
    }
}
