import WiretraceIngest

/// One run of lineage inference over a story's members: the rules of ``LineageInference``, with the
/// indexes that keep a story of thousands of copies from costing members squared.
///
/// What each step reads, and the index that finds it:
/// - naming relations ("originally published by X", canonical links): ``NamingIndex``;
/// - the story's common text and the tie between first publications: shingle counts
///   (``ShingleCounter``), once for the story instead of once per pair;
/// - a copy's parent: the candidates that can win it. A page of another site needs evidence — shared
///   edits (which need the copy's headline, other than the source's), a credit naming it or a canonical
///   link — so the candidates are the origin, the source's own pages, the pages the copy names and the
///   pages with its headline; of those, one per distinct text (later ones score the same and cannot
///   replace it), until one scores what no page without a credit or a link can beat.
struct StoryInference {
    let members: [LineageMember]
    var naming: NamingIndex
    /// Members each member names as its source, in index order.
    let namedSources: [[Int]]
    let times: [Timestamp?]
    let boundedByCopy: Set<Int>
    let keys: [OrderKey]
    /// Member indices in publication order, and each member's place in it.
    let order: [Int]
    let rank: [Int]
    let agency: Agency?
    /// The member whose credit decided the agency (nil when an agency's own page or nothing did).
    let agencyDecider: Int?
    let strongest: CreditClaim.Strength
    let conflicting: [Int64]
    let ownPages: [Int]
    let unsourced: [Int]
    let originIndex: Int
    let tie: TieBreak
    let method: String
    let originHost: String
    let originIsSource: Bool
    let isSource: [Bool]
    /// The source's own pages in publication order.
    let sourceList: [Int]
    let counts: ShingleCounter?
    let common: [UInt32]
    let sourceTitle: String?
    let titleCounts: [String: Int]
    let extras: [[UInt32]]
    let derived: [CommonTextBits]
    let profile: [Int32]
    /// Members sharing a headline other than the origin's: the only pages of other sites whose shared
    /// edits count as evidence for a copy with that headline.
    let titleGroups: [String: TitleGroup]
    /// The first member of each profile, in publication order, and by profile.
    let profileHeads: [Int]
    let headOfProfile: [Int]

    /// The members of one headline, as parent candidates.
    struct TitleGroup {
        /// The first member of each profile, in publication order.
        var heads: [Int] = []
        /// Undated members, in publication order (a later one may still be a candidate).
        var undated: [Int] = []
    }

    /// The members tied for first publication and the measures that broke the tie.
    struct TieBreak {
        /// The first member of the list first publication was chosen from.
        var leader: Int
        /// Members tied with the leader (empty when the leader had no tie to break).
        var tied: [Int] = []
        /// For each tied member: its shingles found in no other member (pages naming it aside), how many
        /// shingles the other tied members share with it, and how many they hold.
        var unique: [[UInt32]] = []
        var held: [Int] = []
        var total: [Int] = []
    }

    /// Parent candidates each copy scores at most, besides the origin, the source's pages and the pages it
    /// names: a bound for pathological stories (thousands of pages with one headline and no copy that
    /// settles the choice); a story of fewer members never reaches it.
    static let plainCandidateLimit = 2000

    init(_ members: [LineageMember]) {
        precondition(!members.isEmpty, "a story has members")
        self.members = members
        var naming = NamingIndex(members)
        // A page that names another member as its source ("originally published by The Riverton Herald",
        // a cross-domain canonical link) copied it: it is not the origin, and the source it names was
        // out before it, whatever an estimate from the source's fetch time says.
        var namedSources: [[Int]] = []
        namedSources.reserveCapacity(members.count)
        for (index, member) in members.enumerated() {
            let canonical = member.canonicalKey.flatMap { $0 != member.urlKey ? $0 : nil }
            guard member.viaKey != nil || canonical != nil else {
                namedSources.append([])
                continue
            }
            var found = canonical.map { naming.members(atURLKey: $0) } ?? []
            if let via = member.viaKey { found += naming.members(namedBy: via) }
            found = found.filter { $0 != index && members[$0].host != member.host }
            namedSources.append(Array(Set(found)).sorted())
        }
        self.namedSources = namedSources
        var times = members.map(\.effectiveTime)
        var boundedByCopy = Set<Int>()
        for (copy, named) in namedSources.enumerated() {
            guard let copyTime = members[copy].published ?? members[copy].effectiveTime else { continue }
            for source in named where members[source].published == nil {
                if let time = times[source], time <= copyTime { continue }
                times[source] = copyTime
                boundedByCopy.insert(source)
            }
        }
        self.times = times
        self.boundedByCopy = boundedByCopy
        let keys = members.indices.map { index in
            OrderKey(
                time: times[index]?.secondsSinceEpoch,
                dated: members[index].published != nil,
                fetched: members[index].fetched?.secondsSinceEpoch,
                urlKey: members[index].urlKey,
                id: members[index].id
            )
        }
        self.keys = keys
        let order = members.indices.sorted { OrderKey.precedes(keys[$0], keys[$1]) }
        var rank = [Int](repeating: 0, count: members.count)
        for (position, index) in order.enumerated() { rank[index] = position }
        self.order = order
        self.rank = rank

        // The story's agency, by the strongest claim (earliest among equals), or by the agency's own site.
        let ownAgency = members.map(\.ownAgency)
        var agency: Agency?
        var decider: Int?
        let strongest = members.map(\.claim.strength).max() ?? .none
        if let firstOwn = order.first(where: { ownAgency[$0] != nil }) {
            agency = ownAgency[firstOwn]
        } else if strongest > .none, let first = order.first(where: { members[$0].claim.strength == strongest }) {
            agency = members[first].claim.agency
            decider = first
        }
        self.agency = agency
        self.agencyDecider = decider
        self.strongest = strongest
        conflicting = order.filter { index in
            guard let claimed = members[index].claim.agency, let agency else { return false }
            return claimed != agency
        }.map { members[$0].id }

        // Origin: the agency's own page, else the earliest publication.
        let ownPages = order.filter { ownAgency[$0] != nil && (agency == nil || ownAgency[$0] == agency) }
        let unsourced = order.filter { namedSources[$0].isEmpty }
        self.ownPages = ownPages
        self.unsourced = unsourced
        // Shingle counts: for the common text (three members or more) and for breaking a tie.
        let candidates = unsourced.isEmpty ? order : unsourced
        let needsCounts = members.count >= 3 || candidates.count > 1
        var counts: ShingleCounter?
        if needsCounts {
            var counter = ShingleCounter(capacity: 4 * (members.map(\.shingles.count).max() ?? 0))
            for member in members { counter.add(member.shingles) }
            counts = counter
        }
        self.counts = counts
        var tie = TieBreak(leader: candidates[0])
        let originIndex =
            ownPages.first
            ?? Self.firstPublication(candidates, members, times, namedSources: namedSources, counts: counts, tie: &tie)
        self.originIndex = originIndex
        self.tie = tie
        let origin = members[originIndex]
        // The source's own pages: the agency's site, and later pages on the origin's own site (an update
        // republished at a new address). They are versions of the story, not copies.
        // Only a site that is itself the source counts: one whose origin page credits no other agency.
        let originHost = LineageInference.bareHost(origin.host)
        let originIsSource = ownPages.first != nil || origin.claim.agency == nil
        var isSource = [Bool](repeating: false, count: members.count)
        for index in ownPages { isSource[index] = true }
        isSource[originIndex] = true
        if originIsSource {
            for index in members.indices where LineageInference.bareHost(members[index].host) == originHost {
                isSource[index] = true
            }
        }
        self.originHost = originHost
        self.originIsSource = originIsSource
        self.isSource = isSource
        sourceList = order.filter { isSource[$0] }
        method =
            ownPages.first != nil
            ? "agency-site"
            : origin.published != nil
                ? "earliest-published"
                : boundedByCopy.contains(originIndex)
                    ? "named-by-copy"
                    : origin.estimatedFromURLDate
                        ? "estimated-from-url-date"
                        : origin.estimatedPublished != nil ? "estimated-from-fetch" : "earliest-fetched"

        // The story's common text: the origin's, and what many members share (the wire's own words,
        // where the origin edited or cut them). A member's extras are what it has beyond it: its edits.
        let common = Self.commonText(members, origin: originIndex, counts: counts)
        self.common = common
        var titleCounts: [String: Int] = [:]
        for member in members { if let key = member.titleKey { titleCounts[key, default: 0] += 1 } }
        self.titleCounts = titleCounts
        sourceTitle = LineageInference.commonTitle(titleCounts, originKey: origin.titleKey)
        extras = members.map { SortedShingles.subtracting($0.shingles, common) }
        derived = members.map { CommonTextBits(of: $0.shingles, in: common) }
        let profile = ShingleProfiles.assign(members)
        self.profile = profile
        var groups: [String: TitleGroup] = [:]
        var seen: [String: Set<Int32>] = [:]
        var headsSeen = Set<Int32>()
        var profileHeads: [Int] = []
        for index in order {
            if headsSeen.insert(profile[index]).inserted { profileHeads.append(index) }
            guard let title = members[index].titleKey, title != origin.titleKey else { continue }
            if seen[title, default: []].insert(profile[index]).inserted {
                groups[title, default: .init()].heads.append(index)
            }
            if members[index].published == nil { groups[title, default: .init()].undated.append(index) }
        }
        titleGroups = groups
        self.profileHeads = profileHeads
        var headOfProfile = [Int](repeating: 0, count: profileHeads.count)
        for head in profileHeads { headOfProfile[Int(profile[head])] = head }
        self.headOfProfile = headOfProfile
        self.naming = naming
    }

    /// Infers every member's edge.
    /// - Parameter aligning: the documents whose edges get a passage alignment (nil: every member's).
    mutating func lineage(aligning: Set<Int64>?) -> StoryLineage {
        var edges: [LineageEdge] = []
        edges.reserveCapacity(members.count)
        // Paragraph shingle sets, made once for each text whose passages are aligned, and each alignment
        // made once per pair of texts: a story's thousands of exact copies align alike with one parent.
        let texts = TextIdentities.assign(members)
        var paragraphSetCache: [Int32: [[UInt32]]] = [:]
        func paragraphSets(_ index: Int) -> [[UInt32]] {
            if let known = paragraphSetCache[texts[index]] { return known }
            let sets = members[index].paragraphShingleSets()
            paragraphSetCache[texts[index]] = sets
            return sets
        }
        var alignmentCache: [TextPair: String] = [:]
        func alignment(_ index: Int, parent: Int) -> String {
            let pair = TextPair(copy: texts[index], parent: texts[parent])
            if let known = alignmentCache[pair] { return known }
            let made = PassageAlignment.align(
                copy: members[index].paragraphHashes,
                paragraphSets(index),
                parent: members[parent].paragraphHashes,
                paragraphSets(parent)
            ).description
            alignmentCache[pair] = made
            return made
        }
        for index in order {
            let member = members[index]
            if index == originIndex {
                edges.append(
                    LineageEdge(
                        document: member.id,
                        parent: nil,
                        kind: .origin,
                        creditAgrees: member.claim.agency.map { $0 == agency },
                        method: method
                    )
                )
                continue
            }
            let isVersion = isSource[index]
            var choice = ParentChoice(origin: originIndex)
            if !isVersion { scanParents(of: index, into: &choice) }
            var best = choice.best
            var bestEvidence = choice.bestEvidence
            // A rewritten version of the story (it holds under ``LineageInference/versionContainment`` of the
            // story's text, and the text under that of it) came from the version before it: the earlier
            // member it shares most with, on text alone.
            if !isVersion && best == originIndex && bestEvidence.isEmpty
                && LineageInference.isRewrite(member, of: members[originIndex])
            {
                best = previousVersion(of: index)
                if best != originIndex { bestEvidence = ["previous-version"] }
            }
            let parent = members[best]
            let delay: Int64? = {
                guard let a = times[index], let b = times[best] else { return nil }
                return a.secondsSinceEpoch - b.secondsSinceEpoch
            }()
            let align = aligning.map { $0.contains(member.id) } ?? true
            edges.append(
                LineageInference.edge(
                    member: member,
                    parent: parent,
                    parentIsOrigin: best == originIndex,
                    isVersion: isVersion,
                    evidence: bestEvidence,
                    parentIsSource: isSource[best],
                    parentIsOwn: ownPages.contains(best),
                    hasOwnPages: !ownPages.isEmpty,
                    common: common,
                    sourceTitle: sourceTitle,
                    extras: extras[index],
                    delay: delay,
                    agency: agency,
                    method: method,
                    alignment: align ? alignment(index, parent: best) : nil
                )
            )
        }
        return StoryLineage(
            origin: members[originIndex].id,
            originMethod: method,
            agency: agency,
            conflictingCredits: conflicting,
            edges: edges
        )
    }

    /// Scores the parent candidates of member `index`, in publication order, into `choice`.
    ///
    /// Candidates: earlier members, the origin, and undated members that could be earlier (fetched within
    /// a long crawl delay, or named by this page). Another site's page needs evidence (``ParentChoice``),
    /// so only the origin, the source's pages, the pages this one names (credit, canonical link) and the
    /// pages with its headline are scored; of the last, one per profile, and none once a candidate scores
    /// what they cannot beat.
    mutating func scanParents(of index: Int, into choice: inout ParentChoice) {
        let member = members[index]
        var specials = sourceList
        if let via = member.viaKey { specials += naming.members(namedBy: via) }
        if let canonical = member.canonicalKey, canonical != member.urlKey {
            specials += naming.members(atURLKey: canonical)
        }
        if specials.count > sourceList.count { specials = Array(Set(specials)) }
        specials = specials.filter { $0 != index }.sorted { rank[$0] < rank[$1] }
        let isSpecial = Set(specials)
        var group: TitleGroup?
        if let title = member.titleKey, title != members[originIndex].titleKey { group = titleGroups[title] }
        let own = rank[index]
        // Plain candidates in publication order: the group's heads before this member, then its undated
        // members after it (both lists are in publication order).
        let heads = group?.heads ?? []
        let undated = group?.undated ?? []
        let headEnd = Self.firstPosition(in: heads, rank: rank) { $0 >= own }
        let undatedStart = Self.firstPosition(in: undated, rank: rank) { $0 > own }
        let plainCount = headEnd + undated.count - undatedStart
        func plain(_ position: Int) -> Int {
            position < headEnd ? heads[position] : undated[undatedStart + position - headEnd]
        }
        var seenProfiles = Set<Int32>()
        var plainScored = 0
        var plainDone = plainCount == 0
        var nextSpecial = 0
        var nextPlain = 0
        while nextSpecial < specials.count || !plainDone {
            let takeSpecial =
                plainDone || nextSpecial < specials.count && rank[specials[nextSpecial]] < rank[plain(nextPlain)]
            let candidate: Int
            if takeSpecial {
                candidate = specials[nextSpecial]
                nextSpecial += 1
            } else {
                candidate = plain(nextPlain)
                nextPlain += 1
                if nextPlain == plainCount { plainDone = true }
            }
            guard isEligible(candidate, for: index) else { continue }
            let sameTitle = group != nil && members[candidate].titleKey == member.titleKey
            if !takeSpecial {
                if isSpecial.contains(candidate) || seenProfiles.contains(profile[candidate]) { continue }
                if choice.plainCannotWin || plainScored >= Self.plainCandidateLimit {
                    plainDone = true
                    continue
                }
                plainScored += 1
            }
            if sameTitle { seenProfiles.insert(profile[candidate]) }
            let (score, evidence) = LineageInference.fit(
                copy: FitSide(member, derived: derived[index], extras: extras[index]),
                parent: FitSide(members[candidate], derived: derived[candidate], extras: extras[candidate]),
                originTitle: members[originIndex].titleKey,
                isOwn: isSource[candidate],
                namedByCredit: member.viaKey.map {
                    LineageInference.names(
                        key: $0,
                        siteName: members[candidate].siteNameKey,
                        host: members[candidate].hostKey
                    )
                } ?? false,
                canonical: member.canonicalKey.map {
                    $0 == members[candidate].urlKey && $0 != member.urlKey
                } ?? false
            )
            choice.offer(candidate, score: score, evidence: evidence, needsEvidence: !isSource[candidate])
        }
    }

    /// The first position in `members` (in publication order) whose rank satisfies `isAtOrAfter`, by
    /// binary search (`members.count` when none does).
    static func firstPosition(in members: [Int], rank: [Int], where isAtOrAfter: (Int) -> Bool) -> Int {
        var (low, high) = (0, members.count)
        while low < high {
            let middle = (low + high) / 2
            if isAtOrAfter(rank[members[middle]]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Whether `candidate` may be `index`'s parent: an earlier member, the origin, or an undated member that
    /// could be earlier (its fetch allows it, or `index` names it as its source).
    func isEligible(_ candidate: Int, for index: Int) -> Bool {
        if rank[candidate] < rank[index] || candidate == originIndex { return true }
        // (An undated member later in the order is never among this member's descendants: those are
        // chosen in publication order, so none is chosen yet.)
        return members[candidate].published == nil
            && (LineageInference.plausiblyBefore(
                earliest: members[candidate].earliestPlausible ?? members[candidate].fetched,
                times[index]
            ) || namedSources[index].contains(candidate))
    }

    /// For a rewritten version: the earlier member whose text it shares most with (Jaccard; the first in
    /// publication order among equals), the origin when none is earlier.
    func previousVersion(of index: Int) -> Int {
        let member = members[index]
        let own = rank[index]
        // An earlier member with the very same text is the answer: nothing scores above it.
        let head = headOfProfile[Int(profile[index])]
        if head != index && rank[head] < own { return head }
        var best = originIndex
        var bestJaccard = -1.0
        var scored = 0
        for candidate in profileHeads {
            guard rank[candidate] < own else { break }
            let other = members[candidate].shingles.count
            let bound = Double(min(other, member.shingles.count)) / Double(max(1, max(other, member.shingles.count)))
            guard bound > bestJaccard + 1e-9 else { continue }
            if scored >= Self.plainCandidateLimit { break }
            scored += 1
            let shared = SortedShingles.intersectionCount(member.shingles, members[candidate].shingles)
            let union = member.shingles.count + other - shared
            let jaccard = Double(shared) / Double(max(1, union))
            if jaccard > bestJaccard + 1e-9 {
                bestJaccard = jaccard
                best = candidate
            }
        }
        return best
    }

    /// The member that published first among `order` (the unsourced members, else all, in publication
    /// order). Among members stamped with the same earliest time, evidence decides: the text fewest of whose
    /// words are found nowhere else in the story (a local paragraph or a rewrite marks a copy that was
    /// edited), then the text that holds most of the others' (a copy cut in the same minute is not where
    /// the text began), then the one fetched first (`order` already sorts by fetch time among equals). A
    /// page that names a candidate as its source copied it, so it cannot vouch for that candidate's text.
    /// - Complexity: O(*t* · *s*) for *t* tied members of *s* shingles, plus the pages naming them.
    static func firstPublication(
        _ order: [Int],
        _ members: [LineageMember],
        _ times: [Timestamp?],
        namedSources: [[Int]],
        counts: ShingleCounter?,
        tie: inout TieBreak
    ) -> Int {
        let first = order[0]
        guard let time = times[first] else { return first }
        let dated = members[first].published != nil
        let tied = Array(order.prefix { times[$0] == time && (members[$0].published != nil) == dated })
        guard tied.count > 1, let counts else { return first }
        measure(&tie, tied: tied, members, namedSources: namedSources, counts: counts)
        let measured = tied.enumerated().map { [tie] position, candidate in
            let total = tie.total[position]
            return (
                id: candidate,
                uniqueShare: Double(tie.unique[position].count) / Double(max(1, members[candidate].shingles.count)),
                coverage: total > 0 ? Double(tie.held[position]) / Double(total) : 0
            )
        }
        return likeliestSource(measured, storySize: members.count) ?? first
    }

    /// Of members tied for first publication, in the order given, the one whose text shows it to be the
    /// source (``better(unique:coverage:than:_:storySize:)``); the first when none is better, nil when
    /// there are none. `uniqueShare` is the share of a member's shingles that only it holds, `coverage`
    /// the share of the other tied members' shingles it holds.
    static func likeliestSource<ID>(
        _ tied: some Sequence<(id: ID, uniqueShare: Double, coverage: Double)>,
        storySize: Int
    ) -> ID? {
        var best: ID?
        var bestUnique = Double.infinity
        var bestCoverage = -1.0
        for candidate in tied
        where best == nil
            || better(
                unique: candidate.uniqueShare,
                coverage: candidate.coverage,
                than: bestUnique,
                bestCoverage,
                storySize: storySize
            )
        {
            best = candidate.id
            bestUnique = candidate.uniqueShare
            bestCoverage = candidate.coverage
        }
        return best
    }

    /// Records in `tie` the members tied for first publication and, for each, its own shingles (those
    /// every member holding them is the member itself or a page naming it: `counts` counts the holders),
    /// how many shingles the other tied members share with it, and how many they hold.
    static func measure(
        _ tie: inout TieBreak,
        tied: [Int],
        _ members: [LineageMember],
        namedSources: [[Int]],
        counts: ShingleCounter
    ) {
        // Pages naming each tied member, and how many tied members hold each shingle.
        let tiedSet = Set(tied)
        var namers: [Int: [Int]] = [:]
        for (copy, named) in namedSources.enumerated() {
            for source in named where tiedSet.contains(source) { namers[source, default: []].append(copy) }
        }
        var tiedCounts = ShingleCounter(capacity: 4 * (tied.map { members[$0].shingles.count }.max() ?? 0))
        var tiedTotal = 0
        for member in tied {
            tiedCounts.add(members[member].shingles)
            tiedTotal += members[member].shingles.count
        }
        tie.tied = tied
        tie.unique = []
        tie.held = []
        tie.total = []
        for candidate in tied {
            let own = members[candidate].shingles
            var namedHolding = [Int32](repeating: 0, count: own.count)
            for namer in namers[candidate] ?? [] {
                SortedShingles.forEachCommonPosition(own, members[namer].shingles) { namedHolding[$0] += 1 }
            }
            var unique: [UInt32] = []
            var held = 0
            for (position, shingle) in own.enumerated() {
                if counts.count(shingle) - 1 - Int(namedHolding[position]) == 0 { unique.append(shingle) }
                held += tiedCounts.count(shingle) - 1
            }
            tie.unique.append(unique)
            tie.held.append(held)
            tie.total.append(tiedTotal - own.count)
        }
    }

    /// Whether a tied candidate beats the best so far. Uniqueness says something only when other members
    /// can vouch for the shared text: with two pages, the text one lacks may be a cut as well as an addition.
    static func better(
        unique: Double,
        coverage: Double,
        than bestUnique: Double,
        _ bestCoverage: Double,
        storySize: Int
    ) -> Bool {
        storySize >= 3
            ? unique < bestUnique - 0.02 || abs(unique - bestUnique) <= 0.02 && coverage > bestCoverage + 0.02
            : coverage > bestCoverage + 0.02
    }

    /// The origin's shingles together with those a quarter of the members (three at least) hold, sorted:
    /// text that many pages carry is the source's, not one site's edit.
    static func commonText(_ members: [LineageMember], origin: Int, counts: ShingleCounter?) -> [UInt32] {
        guard members.count >= 3, let counts else { return members[origin].shingles }
        let frequent = counts.entries(minimum: commonThreshold(members.count)).map(\.shingle)
        return SortedShingles.union(members[origin].shingles, frequent)
    }

    /// Members that must hold a shingle for it to be the source's: a quarter of them, three at least.
    static func commonThreshold(_ members: Int) -> Int { max(3, (members + 3) / 4) }
}

/// The inputs of ``LineageInference/fit(copy:parent:originTitle:isOwn:namedByCredit:canonical:)`` for one
/// side of a pair.
struct FitSide {
    var derived: CommonTextBits
    var extras: [UInt32]
    var shingles: [UInt32]
    var titleKey: String?

    init(_ member: LineageMember, derived: CommonTextBits, extras: [UInt32]) {
        self.derived = derived
        self.extras = extras
        self.shingles = member.shingles
        self.titleKey = member.titleKey
    }

    init(derived: CommonTextBits, extras: [UInt32], shingles: [UInt32], titleKey: String?) {
        self.derived = derived
        self.extras = extras
        self.shingles = shingles
        self.titleKey = titleKey
    }
}

/// The parent chosen so far while candidates are scored in publication order: a candidate replaces the
/// best when it scores more than 1e-9 above it, so the first of equals keeps it.
struct ParentChoice {
    var best: Int
    var bestScore = -Double.infinity
    var bestEvidence: [String] = []

    init(origin: Int) { best = origin }

    /// Scores one candidate. Another site's page (`needsEvidence`) counts only with evidence that the copy
    /// was taken from it (shared edits, a credit, a canonical link); on text alone the copy came from the
    /// story's source, which the origin (or the wire update it matches) stands for.
    mutating func offer(_ candidate: Int, score: Double, evidence: [String], needsEvidence: Bool) {
        if needsEvidence && evidence.isEmpty { return }
        if score > bestScore + 1e-9 {
            bestScore = score
            best = candidate
            bestEvidence = evidence
        }
    }

    /// True when no candidate without a credit, a canonical link or the source's own site can replace the
    /// best: such a candidate scores at most ``LineageInference/plainScoreBound``.
    var plainCannotWin: Bool { !(LineageInference.plainScoreBound > bestScore + 1e-9) }
}
