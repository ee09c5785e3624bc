import WiretraceIngest

/// What the last full inference of a story knows that placing one more page in it needs: enough to
/// answer `check` for a story of thousands of copies without reading them all, and to give exactly the
/// edge that inferring the whole story again with the page added would give.
///
/// Kept for stories of ``minimumMembers`` members or more (smaller ones are inferred again, which is
/// cheap). It holds: the member count and a checksum of their ids (a state is used only while they are
/// the story's members); the crawl-delay quantiles undated members were placed with; the origin, the
/// agency and what decided them (the members tied for first publication, with the shingles only each of
/// them holds); the counts of the shingles near the common-text threshold; the headline counts near the
/// top; the credit and canonical keys that name other pages; and the parent candidates of a new page —
/// the source's own pages and, per headline other than the origin's, the first member of each distinct
/// text and the undated members, with their places in publication order.
///
/// A page the state cannot place exactly — one that names or is named by a member, an agency's own page,
/// a stronger credit, a page that would be first or tie for first, a rewrite of the story — is placed by
/// inferring the whole story (``LineageInference/place(_:in:texts:)`` returns nil).
public struct LineageState: Sendable, Equatable {
    /// Stories with fewer members keep no state.
    public static let minimumMembers = 64
    static let formatVersion: UInt64 = 1

    /// Members when the state was made, and the sum of their ids.
    public internal(set) var memberCount: Int
    public internal(set) var memberIDSum: Int64
    /// The crawl-delay quantiles undated members were placed with (``LineageMembers/estimatingTime``):
    /// set by whoever read the members; with other quantiles the state does not hold for undated members.
    public var typicalDelay: Int64?
    public var longDelay: Int64?
    /// Some member is undated (placed by the crawl delays).
    public internal(set) var hasUndated: Bool

    var origin: Member
    var originHost: String
    var originIsSource: Bool
    var hasOwnPages: Bool
    var method: String
    var agencyID: String?
    var strongest: CreditClaim.Strength
    /// The member whose credit decided the agency.
    var decider: OrderKey?
    var conflicting: [Int64]
    var unsourcedEmpty: Bool
    /// The first member of the list first publication is chosen from, and the members tied with it
    /// (itself included; none when it has no time).
    var leader: OrderKey
    var tied: [Tied]
    /// Every shingle some member holds, sorted (whether a page's shingle is found nowhere else).
    var vocabulary: [UInt32]
    /// Shingles held by at least the common-text threshold of a story one member larger, less one.
    var frequent: [UInt32]
    var frequentCounts: [Int32]
    /// Headlines printed by at least the most printed one's count, less one.
    var titles: [String]
    var titleCounts: [Int32]
    var viaKeys: [String]
    var canonicalKeys: [String]
    /// The source's own pages besides the origin, in publication order.
    var sourcePages: [Member]
    /// Per headline other than the origin's: parent candidates with it.
    var groups: [String: Group]

    /// A member as a parent candidate.
    struct Member: Sendable, Equatable {
        var id: Int64
        /// Place in publication order.
        var rank: Int32
        var key: OrderKey
        var earliestPlausible: Int64?
        var titleKey: String?
        var profile: Int32
    }

    struct Group: Sendable, Equatable {
        var heads: [Member]
        var undated: [Member]
    }

    struct Tied: Sendable, Equatable {
        var id: Int64
        var key: OrderKey
        var shingles: Int
        var unique: [UInt32]
        var held: Int
        var total: Int
    }
}

/// A stored member's text, as a placement reads it.
public struct MemberText: Sendable {
    public var shingles: [UInt32]
    public var paragraphHashes: [UInt64]
    public var textShingles: [UInt32]
    public var paragraphStarts: [UInt32]
    public var contentHash: String

    public init(
        shingles: [UInt32],
        paragraphHashes: [UInt64],
        textShingles: [UInt32],
        paragraphStarts: [UInt32],
        contentHash: String
    ) {
        self.shingles = shingles
        self.paragraphHashes = paragraphHashes
        self.textShingles = textShingles
        self.paragraphStarts = paragraphStarts
        self.contentHash = contentHash
    }
}

/// Where one more page stands in a story.
public struct LineagePlacement: Sendable {
    public var edge: LineageEdge
    public var origin: Int64
    public var originMethod: String
    public var agency: Agency?

    public init(edge: LineageEdge, origin: Int64, originMethod: String, agency: Agency?) {
        self.edge = edge
        self.origin = origin
        self.originMethod = originMethod
        self.agency = agency
    }
}

extension StoryInference {
    /// The state a placement in this story needs (``LineageState``).
    func state() -> LineageState {
        let count = members.count
        let key = { (index: Int) in self.keys[index] }
        func stateMember(_ index: Int) -> LineageState.Member {
            LineageState.Member(
                id: members[index].id,
                rank: Int32(rank[index]),
                key: key(index),
                earliestPlausible: (members[index].earliestPlausible ?? members[index].fetched)?.secondsSinceEpoch,
                titleKey: members[index].titleKey,
                profile: profile[index]
            )
        }
        var counter = counts
        if counter == nil {
            var made = ShingleCounter(capacity: 4 * (members.map(\.shingles.count).max() ?? 0))
            for member in members { made.add(member.shingles) }
            counter = made
        }
        // Shingles that one more member can lift to the threshold of a story of `count + 1`.
        var frequent: [(shingle: UInt32, count: Int32)] = []
        if count + 1 >= 3 {
            frequent = counter!.entries(minimum: max(1, Self.commonThreshold(count + 1) - 1))
        }
        let top = titleCounts.values.max() ?? 0
        let titles = titleCounts.filter { $0.value >= top - 1 }.sorted { $0.key < $1.key }
        // The members tied for first publication, measured (a leader without a tie too: a page may tie it).
        var tieBreak = tie
        if tieBreak.tied.isEmpty && times[tie.leader] != nil {
            Self.measure(&tieBreak, tied: [tie.leader], members, namedSources: namedSources, counts: counter!)
        }
        var tied: [LineageState.Tied] = []
        for (position, index) in tieBreak.tied.enumerated() {
            tied.append(
                LineageState.Tied(
                    id: members[index].id,
                    key: key(index),
                    shingles: members[index].shingles.count,
                    unique: tieBreak.unique[position],
                    held: tieBreak.held[position],
                    total: tieBreak.total[position]
                )
            )
        }
        var groups: [String: LineageState.Group] = [:]
        for (title, group) in titleGroups {
            groups[title] = LineageState.Group(
                heads: group.heads.map(stateMember),
                undated: group.undated.map(stateMember)
            )
        }
        return LineageState(
            memberCount: count,
            memberIDSum: members.reduce(0) { $0 &+ $1.id },
            typicalDelay: nil,
            longDelay: nil,
            hasUndated: members.contains { $0.published == nil },
            origin: stateMember(originIndex),
            originHost: originHost,
            originIsSource: originIsSource,
            hasOwnPages: !ownPages.isEmpty,
            method: method,
            agencyID: agency?.id,
            strongest: strongest,
            decider: agencyDecider.map(key),
            conflicting: conflicting,
            unsourcedEmpty: unsourced.isEmpty,
            leader: key(tie.leader),
            tied: tied,
            vocabulary: counter!.entries(minimum: 1).map(\.shingle),
            frequent: frequent.map(\.shingle),
            frequentCounts: frequent.map(\.count),
            titles: titles.map(\.key),
            titleCounts: titles.map { Int32($0.value) },
            viaKeys: Array(Set(members.compactMap(\.viaKey))).sorted(),
            canonicalKeys: Array(
                Set(members.compactMap { member in member.canonicalKey.flatMap { $0 != member.urlKey ? $0 : nil } })
            ).sorted(),
            sourcePages: sourceList.filter { $0 != originIndex }.map(stateMember),
            groups: groups
        )
    }
}

extension LineageInference {
    /// Infers a story's lineage and, for a story of `minimumForState` members or more, the state that
    /// places one more page in it (``LineageState``, in ``StoryLineage/state``).
    public static func infer(
        _ members: [LineageMember],
        aligning: Set<Int64>? = nil,
        keepingStateFrom minimumForState: Int
    ) -> StoryLineage? {
        guard !members.isEmpty else { return nil }
        var inference = StoryInference(members)
        var lineage = inference.lineage(aligning: aligning)
        if members.count >= minimumForState { lineage.state = inference.state() }
        return lineage
    }

    /// Places one more page in a story from the story's ``LineageState``: its edge (with its passage
    /// alignment), exactly as inferring the story again with the page added would give it; nil when the
    /// page may change what the state settled (see ``LineageState``), and the story must be inferred whole.
    ///
    /// The state must hold for the story's current members (count and id checksum) and, when some member
    /// is undated, for the archive's current crawl delays; the page's own address must not be a member's.
    /// - Parameter texts: reads a member's text (the origin's and the candidates' only).
    /// - Complexity: the candidates read: the origin, the source's own pages, and of the members with the
    ///   page's headline (when not the origin's) one per distinct text until one settles the choice.
    public static func place(
        _ page: LineageMember,
        in state: LineageState,
        texts readText: (Int64) throws -> MemberText?
    ) throws -> LineagePlacement? {
        // Each member's text is read once.
        var read: [Int64: MemberText] = [:]
        func texts(_ id: Int64) throws -> MemberText? {
            if let known = read[id] { return known }
            let text = try readText(id)
            read[id] = text
            return text
        }
        // Naming changes times and who can be first: left to a whole inference.
        if page.viaKey != nil { return nil }
        if let canonical = page.canonicalKey, canonical != page.urlKey { return nil }
        if state.viaKeys.contains(where: { names(key: $0, siteName: page.siteNameKey, host: page.hostKey) }) {
            return nil
        }
        if state.canonicalKeys.contains(page.urlKey) { return nil }
        if page.ownAgency != nil { return nil }
        let key = OrderKey(
            time: page.effectiveTime?.secondsSinceEpoch,
            dated: page.published != nil,
            fetched: page.fetched?.secondsSinceEpoch,
            urlKey: page.urlKey,
            id: page.id
        )
        let storySize = state.memberCount + 1
        if !state.hasOwnPages {
            // The agency: a stronger credit, or an equal one published earlier, would decide it.
            if page.claim.strength > state.strongest { return nil }
            if page.claim.strength == state.strongest, state.strongest > .none, let decider = state.decider,
                OrderKey.precedes(key, decider)
            {
                return nil
            }
            // The origin: the page may be first, or tie for first.
            if state.unsourcedEmpty { return nil }
            let leader = state.leader
            var firstIsPage = false
            if leader.time != nil && key.time == leader.time && key.dated == leader.dated {
                guard let first = try firstOfTie(page, key: key, in: state, texts: texts) else { return nil }
                firstIsPage = first == page.id
                if !firstIsPage && first != state.origin.id { return nil }
            } else if OrderKey.precedes(key, leader) {
                firstIsPage = true
            } else if state.tied.count > 1 {
                // The page holds some of the tied members' own shingles: it may change which is first.
                let measured = state.tied.lazy.map { tied in
                    let unique = tied.unique.count - SortedShingles.intersectionCount(tied.unique, page.shingles)
                    return (
                        id: tied.id,
                        uniqueShare: Double(unique) / Double(max(1, tied.shingles)),
                        coverage: tied.total > 0 ? Double(tied.held) / Double(tied.total) : 0
                    )
                }
                if StoryInference.likeliestSource(measured, storySize: storySize) != state.origin.id { return nil }
            }
            if firstIsPage {
                // The page is the origin (nothing names it, so no copy bounds its time).
                let agency = state.agencyID.flatMap(AgencyRegistry.agency(id:))
                let method =
                    page.published != nil
                    ? "earliest-published"
                    : page.estimatedFromURLDate
                        ? "estimated-from-url-date"
                        : page.estimatedPublished != nil ? "estimated-from-fetch" : "earliest-fetched"
                return LineagePlacement(
                    edge: LineageEdge(
                        document: page.id,
                        parent: nil,
                        kind: .origin,
                        creditAgrees: page.claim.agency.map { $0 == agency },
                        method: method
                    ),
                    origin: page.id,
                    originMethod: method,
                    agency: agency
                )
            }
        }
        let agency = state.agencyID.flatMap(AgencyRegistry.agency(id:))
        guard let originText = try texts(state.origin.id) else { return nil }
        let origin = LineageMember(state.origin, text: originText)
        // The common text of the story with the page: the origin's, and the shingles then held by the
        // threshold of members (none below it in the state can reach it with one more member).
        var common = origin.shingles
        if storySize >= 3 {
            let threshold = StoryInference.commonThreshold(storySize)
            var lifted: [UInt32] = []
            var j = 0
            for (position, shingle) in state.frequent.enumerated() {
                while j < page.shingles.count && page.shingles[j] < shingle { j += 1 }
                let held = j < page.shingles.count && page.shingles[j] == shingle ? 1 : 0
                if Int(state.frequentCounts[position]) + held >= threshold { lifted.append(shingle) }
            }
            common = SortedShingles.union(origin.shingles, lifted)
        }
        var titleCounts = Dictionary(uniqueKeysWithValues: zip(state.titles, state.titleCounts.map(Int.init)))
        if let title = page.titleKey { titleCounts[title, default: 0] += 1 }
        let sourceTitle = commonTitle(titleCounts, originKey: origin.titleKey)
        let extras = SortedShingles.subtracting(page.shingles, common)
        let derived = CommonTextBits(of: page.shingles, in: common)
        let isVersion = state.originIsSource && bareHost(page.host) == state.originHost

        // Candidates: 0 is the origin; the others are read as they come.
        var candidates: [LineageMember] = [origin]
        var sides: [FitSide] = [
            FitSide(
                origin,
                derived: CommonTextBits(of: origin.shingles, in: common),
                extras: SortedShingles.subtracting(origin.shingles, common)
            )
        ]
        var stateMembers: [LineageState.Member] = [state.origin]
        var isSourceCandidate: [Bool] = [true]
        var choice = ParentChoice(origin: 0)
        if !isVersion {
            let specials = ([state.origin] + state.sourcePages).sorted { $0.rank < $1.rank }
            var heads: [LineageState.Member] = []
            var undated: [LineageState.Member] = []
            if let title = page.titleKey, title != origin.titleKey, let group = state.groups[title] {
                heads = Array(group.heads.prefix { OrderKey.precedes($0.key, key) })
                undated = group.undated.filter { !OrderKey.precedes($0.key, key) }
            }
            let plain = heads + undated
            let specialIDs = Set(specials.map(\.id))
            var seenProfiles = Set<Int32>()
            var plainScored = 0
            var nextSpecial = 0
            var nextPlain = 0
            var plainDone = plain.isEmpty
            while nextSpecial < specials.count || !plainDone {
                let takeSpecial =
                    plainDone || nextSpecial < specials.count && specials[nextSpecial].rank < plain[nextPlain].rank
                let candidate: LineageState.Member
                if takeSpecial {
                    candidate = specials[nextSpecial]
                    nextSpecial += 1
                } else {
                    candidate = plain[nextPlain]
                    nextPlain += 1
                    if nextPlain == plain.count { plainDone = true }
                }
                let eligible =
                    OrderKey.precedes(candidate.key, key) || candidate.id == state.origin.id
                    || !candidate.key.dated
                        && plausiblyBefore(
                            earliest: candidate.earliestPlausible.map(Timestamp.init(secondsSinceEpoch:)),
                            page.effectiveTime
                        )
                guard eligible else { continue }
                if !takeSpecial {
                    if specialIDs.contains(candidate.id) || seenProfiles.contains(candidate.profile) { continue }
                    if choice.plainCannotWin || plainScored >= StoryInference.plainCandidateLimit {
                        plainDone = true
                        continue
                    }
                    plainScored += 1
                }
                let sameTitle =
                    page.titleKey != nil && page.titleKey != origin.titleKey
                    && candidate.titleKey == page.titleKey
                if sameTitle { seenProfiles.insert(candidate.profile) }
                let handle: Int
                if candidate.id == state.origin.id {
                    handle = 0
                } else {
                    guard let text = try texts(candidate.id) else { return nil }
                    let member = LineageMember(candidate, text: text)
                    handle = candidates.count
                    candidates.append(member)
                    sides.append(
                        FitSide(
                            member,
                            derived: CommonTextBits(of: member.shingles, in: common),
                            extras: SortedShingles.subtracting(member.shingles, common)
                        )
                    )
                    stateMembers.append(candidate)
                    isSourceCandidate.append(takeSpecial)
                }
                let (score, evidence) = fit(
                    copy: FitSide(page, derived: derived, extras: extras),
                    parent: sides[handle],
                    originTitle: origin.titleKey,
                    isOwn: takeSpecial,
                    namedByCredit: false,
                    canonical: false
                )
                choice.offer(handle, score: score, evidence: evidence, needsEvidence: !takeSpecial)
            }
            // A rewrite of the story is compared with every earlier member: left to a whole inference.
            if choice.best == 0 && choice.bestEvidence.isEmpty && isRewrite(page, of: origin) { return nil }
        }
        let best = choice.best
        let parent = candidates[best]
        let delay: Int64? = {
            guard let a = page.effectiveTime, let b = stateMembers[best].key.time else { return nil }
            return a.secondsSinceEpoch - b
        }()
        let edge = Self.edge(
            member: page,
            parent: parent,
            parentIsOrigin: best == 0,
            isVersion: isVersion,
            evidence: choice.bestEvidence,
            parentIsSource: isSourceCandidate[best],
            parentIsOwn: best == 0 && state.hasOwnPages,
            hasOwnPages: state.hasOwnPages,
            common: common,
            sourceTitle: sourceTitle,
            extras: extras,
            delay: delay,
            agency: agency,
            method: state.method,
            alignment: PassageAlignment.align(
                copy: page.paragraphHashes,
                page.paragraphShingleSets(),
                parent: parent.paragraphHashes,
                parent.paragraphShingleSets()
            ).description
        )
        return LineagePlacement(edge: edge, origin: state.origin.id, originMethod: state.method, agency: agency)
    }
}

extension LineageInference {
    /// Tied members a page tying for first publication is measured against, at most (each is read).
    static let tieReadLimit = 2000

    /// The first publication when `page` ties with the state's first members (same time, both stated or
    /// both estimated): the tie broken as ``StoryInference/firstPublication`` breaks it, with the page
    /// among the tied members. Nil when the tie is too large to read or a text cannot be read.
    static func firstOfTie(
        _ page: LineageMember,
        key: OrderKey,
        in state: LineageState,
        texts: (Int64) throws -> MemberText?
    ) throws -> Int64? {
        guard !state.tied.isEmpty, state.tied.count <= tieReadLimit else { return nil }
        // The page's own shingles: those no member holds (no member names it).
        var unique = 0
        var j = 0
        for shingle in page.shingles {
            while j < state.vocabulary.count && state.vocabulary[j] < shingle { j += 1 }
            if j == state.vocabulary.count || state.vocabulary[j] != shingle { unique += 1 }
        }
        struct Entry {
            var id: Int64
            var key: OrderKey
            var unique: Int
            var shingles: Int
            var held: Int
            var total: Int
        }
        var entries: [Entry] = []
        var pageHeld = 0
        var pageTotal = 0
        for tied in state.tied {
            guard let text = try texts(tied.id) else { return nil }
            let shared = SortedShingles.intersectionCount(text.shingles, page.shingles)
            pageHeld += shared
            pageTotal += text.shingles.count
            entries.append(
                Entry(
                    id: tied.id,
                    key: tied.key,
                    unique: tied.unique.count - SortedShingles.intersectionCount(tied.unique, page.shingles),
                    shingles: tied.shingles,
                    held: tied.held + shared,
                    total: tied.total + page.shingles.count
                )
            )
        }
        let at = entries.firstIndex { OrderKey.precedes(key, $0.key) } ?? entries.count
        entries.insert(
            Entry(
                id: page.id,
                key: key,
                unique: unique,
                shingles: page.shingles.count,
                held: pageHeld,
                total: pageTotal
            ),
            at: at
        )
        let measured = entries.lazy.map { entry in
            (
                id: entry.id,
                uniqueShare: Double(entry.unique) / Double(max(1, entry.shingles)),
                coverage: entry.total > 0 ? Double(entry.held) / Double(entry.total) : 0
            )
        }
        return StoryInference.likeliestSource(measured, storySize: state.memberCount + 1) ?? entries[0].id
    }
}

extension LineageMember {
    /// A stored member as a placement compares it: its text, id, address key and headline key.
    init(_ member: LineageState.Member, text: MemberText) {
        self.init(
            id: member.id,
            url: "",
            urlKey: member.key.urlKey,
            host: "",
            siteName: nil,
            title: nil,
            byline: nil,
            published: nil,
            fetched: nil,
            canonicalKey: nil,
            claim: .none,
            contentHash: text.contentHash,
            shingles: text.shingles,
            paragraphHashes: text.paragraphHashes,
            textShingles: text.textShingles,
            paragraphStarts: text.paragraphStarts,
            titleKey: member.titleKey
        )
    }
}
