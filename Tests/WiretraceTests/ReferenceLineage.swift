@testable import WiretraceIngest
@testable import WiretraceLineage

/// Lineage inference as it was before the indexed search (commit 4c24940): every earlier member scored
/// as every copy's parent candidate, shingle sets united per tied candidate. The property tests check
/// that ``LineageInference/infer(_:aligning:)`` gives exactly its results.
enum ReferenceLineage {
    static func infer(_ members: [LineageMember], aligning: Set<Int64>? = nil) -> StoryLineage? {
        guard !members.isEmpty else { return nil }
        // A page that names another member as its source ("originally published by The Riverton Herald",
        // a cross-domain canonical link) copied it: it is not the origin, and the source it names was
        // out before it, whatever an estimate from the source's fetch time says.
        let namedSources = members.indices.map { index in sources(named: members[index], in: members, self: index) }
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
        let order = members.indices.sorted { a, b in
            switch (times[a], times[b]) {
            case (let s?, let t?) where s != t: return s < t
            case (.some, nil): return true
            case (nil, .some): return false
            default: break
            }
            // At the same time, a stated publication time goes before an estimate.
            let (aDated, bDated) = (members[a].published != nil, members[b].published != nil)
            if aDated != bDated { return aDated }
            switch (members[a].fetched, members[b].fetched) {
            case (let s?, let t?) where s != t: return s < t
            case (.some, nil): return true
            case (nil, .some): return false
            default:
                return members[a].urlKey != members[b].urlKey
                    ? members[a].urlKey < members[b].urlKey : members[a].id < members[b].id
            }
        }
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })

        // The story's agency, by the strongest claim (earliest among equals), or by the agency's own site.
        let ownAgency = members.map(\.ownAgency)
        var agency: Agency?
        if let firstOwn = order.first(where: { ownAgency[$0] != nil }) {
            agency = ownAgency[firstOwn]
        } else {
            let strongest = members.map(\.claim.strength).max() ?? .none
            if strongest > .none, let first = order.first(where: { members[$0].claim.strength == strongest }) {
                agency = members[first].claim.agency
            }
        }
        let conflicting = order.filter { index in
            guard let claimed = members[index].claim.agency, let agency else { return false }
            return claimed != agency
        }.map { members[$0].id }

        // Origin: the agency's own page, else the earliest publication.
        let ownPages = order.filter { ownAgency[$0] != nil && (agency == nil || ownAgency[$0] == agency) }
        let unsourced = order.filter { namedSources[$0].isEmpty }
        let originIndex =
            ownPages.first
            ?? firstPublication(
                unsourced.isEmpty ? order : unsourced,
                members,
                times,
                namedSources: namedSources
            )
        let origin = members[originIndex]
        // The source's own pages: the agency's site, and later pages on the origin's own site (an update
        // republished at a new address). They are versions of the story, not copies.
        // Only a site that is itself the source counts: one whose origin page credits no other agency.
        let originHost = LineageInference.bareHost(origin.host)
        let originIsSource = ownPages.first != nil || origin.claim.agency == nil
        let sourcePages = Set(
            ownPages
                + order.filter {
                    $0 == originIndex || originIsSource && LineageInference.bareHost(members[$0].host) == originHost
                }
        )
        let method =
            ownPages.first != nil
            ? "agency-site"
            : origin.published != nil
                ? "earliest-published"
                : boundedByCopy.contains(originIndex)
                    ? "named-by-copy"
                    : origin.estimatedFromURLDate
                        ? "estimated-from-url-date"
                        : origin.estimatedPublished != nil ? "estimated-from-fetch" : "earliest-fetched"

        var edges: [LineageEdge] = []
        edges.reserveCapacity(members.count)
        var parents: [Int: Int] = [:]
        // The story's common text: the origin's, and what many members share (the wire's own words,
        // where the origin edited or cut them). A member's extras are what it has beyond it: its edits.
        let common = commonText(members, origin: originIndex)
        let sourceTitle = commonTitle(members, origin: originIndex)
        let extras = members.map { SortedShingles.subtracting($0.shingles, common) }
        let derived = members.map { CommonTextBits(of: $0.shingles, in: common) }
        // Paragraph shingle sets, made once for each member whose passages are aligned.
        var paragraphSetCache: [Int: [[UInt32]]] = [:]
        func paragraphSets(_ index: Int) -> [[UInt32]] {
            if let known = paragraphSetCache[index] { return known }
            let sets = members[index].paragraphShingleSets()
            paragraphSetCache[index] = sets
            return sets
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
            let isVersion = sourcePages.contains(index)
            var best = originIndex
            var bestScore = -Double.infinity
            var bestEvidence: [String] = []
            if !isVersion {
                for candidate in order where candidate != index {
                    // Earlier members, the origin, and undated members (their time is unknown) that are not
                    // this member's own descendants.
                    let earlier = rank[candidate]! < rank[index]!
                    // Undated members could be earlier when their fetch allows it, or when this page names
                    // them as its source.
                    let undated =
                        members[candidate].published == nil
                        && (LineageInference.plausiblyBefore(
                            earliest: members[candidate].earliestPlausible ?? members[candidate].fetched,
                            times[index]
                        )
                            || namedSources[index].contains(candidate))
                    guard earlier || candidate == originIndex || undated && !descends(candidate, from: index, parents)
                    else { continue }
                    let (score, evidence) = fit(
                        members,
                        index: index,
                        parentIndex: candidate,
                        originIndex: originIndex,
                        isOwn: sourcePages.contains(candidate),
                        extras: extras,
                        derived: derived
                    )
                    // Another site's page is a parent only on evidence that the copy took it from there
                    // (shared edits, a credit, a canonical link); on text alone the copy came from the
                    // story's source, which the origin (or the wire update it matches) stands for.
                    if candidate != originIndex && !sourcePages.contains(candidate) && evidence.isEmpty { continue }
                    if score > bestScore + 1e-9 {
                        bestScore = score
                        best = candidate
                        bestEvidence = evidence
                    }
                }
            }
            // A rewritten version of the story (it holds under ``versionContainment`` of the story's text,
            // and the text under that of it) came from the version before it: the earlier member it shares
            // most with, on text alone.
            if !isVersion && best == originIndex && bestEvidence.isEmpty
                && LineageInference.isRewrite(member, of: members[originIndex])
            {
                var bestJaccard = -1.0
                for candidate in order where candidate != index && rank[candidate]! < rank[index]! {
                    let shared = SortedShingles.intersectionCount(member.shingles, members[candidate].shingles)
                    let union = member.shingles.count + members[candidate].shingles.count - shared
                    let jaccard = Double(shared) / Double(max(1, union))
                    if jaccard > bestJaccard + 1e-9 {
                        bestJaccard = jaccard
                        best = candidate
                    }
                }
                if best != originIndex { bestEvidence = ["previous-version"] }
            }
            parents[index] = best
            let parent = members[best]
            let shared = SortedShingles.intersectionCount(member.shingles, parent.shingles)
            let jaccard = Double(shared) / Double(max(1, member.shingles.count + parent.shingles.count - shared))
            let containment = Double(shared) / Double(max(1, member.shingles.count))
            let reverse = Double(shared) / Double(max(1, parent.shingles.count))
            var kind: DerivationKind
            if isVersion || LineageInference.isRewrite(member, of: parent) {
                kind = .version
            } else if bestEvidence == ["previous-version"] {
                // A copy of the same rewrite as its parent: how it differs from that version.
                kind = LineageInference.textKind(
                    member,
                    parent: parent,
                    containment: containment,
                    reverse: reverse,
                    jaccard: jaccard
                )
            } else if best != originIndex
                ? !sourcePages.contains(best) : !ownPages.contains(best) && !bestEvidence.isEmpty
            {
                // Taken from another site's page (shown by shared edits, a credit naming it or a canonical
                // link), the origin's included.
                kind = .mirror
            } else if best == originIndex && member.contentHash != parent.contentHash && jaccard < 0.99 {
                // Measured against the story's common text, which stands for the source better than the
                // origin page alone when that page itself cut or edited it.
                let held = SortedShingles.intersectionCount(member.shingles, common)
                kind = LineageInference.textKind(
                    copyCount: member.shingles.count,
                    parentCount: common.count,
                    shared: held,
                    jaccard: Double(held) / Double(max(1, member.shingles.count + common.count - held))
                )
            } else {
                kind = LineageInference.textKind(
                    member,
                    parent: parent,
                    containment: containment,
                    reverse: reverse,
                    jaccard: jaccard
                )
            }
            // The same text under another headline is an edit: against the parent's headline, or for a
            // copy of the source against the headline most members print (the origin may have changed it).
            if kind == .verbatim, let own = member.titleKey {
                let reference = best == originIndex && ownPages.first == nil ? sourceTitle : parent.titleKey
                if let reference, reference != own { kind = .edited }
            }
            let delay: Int64? = {
                guard let a = times[index], let b = times[best] else { return nil }
                return a.secondsSinceEpoch - b.secondsSinceEpoch
            }()
            let sharedEdits = best == originIndex ? 0 : SortedShingles.intersectionCount(extras[index], parent.shingles)
            edges.append(
                LineageEdge(
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
                    alignment: aligning.map { $0.contains(member.id) } ?? true
                        ? PassageAlignment.align(
                            copy: member.paragraphHashes,
                            paragraphSets(index),
                            parent: parent.paragraphHashes,
                            paragraphSets(best)
                        ).description : nil,
                    method: method
                )
            )
        }
        return StoryLineage(
            origin: origin.id,
            originMethod: method,
            agency: agency,
            conflictingCredits: conflicting,
            edges: edges
        )
    }

    /// The member that published first. Among members stamped with the same earliest time, evidence
    /// decides: the text fewest of whose words are found nowhere else in the story (a local paragraph or
    /// a rewrite marks a copy that was edited), then the text that holds most of the others' (a copy
    /// cut in the same minute is not where the text began), then the one fetched first (`order` already
    /// sorts by fetch time among equals). A page that names a candidate as its source copied it, so it
    /// cannot vouch for that candidate's text.
    static func firstPublication(
        _ order: [Int],
        _ members: [LineageMember],
        _ times: [Timestamp?],
        namedSources: [[Int]]
    ) -> Int {
        let first = order[0]
        guard let time = times[first] else { return first }
        let dated = members[first].published != nil
        let tied = Array(order.prefix { times[$0] == time && (members[$0].published != nil) == dated })
        guard tied.count > 1 else { return first }
        var best = first
        var bestUnique = Double.infinity
        var bestCoverage = -1.0
        for candidate in tied {
            var seenElsewhere = Set<UInt32>()
            for other in members.indices where other != candidate && !namedSources[other].contains(candidate) {
                seenElsewhere.formUnion(members[other].shingles)
            }
            let own = members[candidate].shingles
            let unique = Double(own.lazy.filter { !seenElsewhere.contains($0) }.count) / Double(max(1, own.count))
            var held = 0
            var total = 0
            for other in tied where other != candidate {
                held += SortedShingles.intersectionCount(members[other].shingles, members[candidate].shingles)
                total += members[other].shingles.count
            }
            let coverage = total > 0 ? Double(held) / Double(total) : 0
            // Uniqueness says something only when other members can vouch for the shared text: with two
            // pages, the text one lacks may be a cut as well as an addition.
            let better =
                members.count >= 3
                ? unique < bestUnique - 0.02 || abs(unique - bestUnique) <= 0.02 && coverage > bestCoverage + 0.02
                : coverage > bestCoverage + 0.02
            if better {
                best = candidate
                bestUnique = unique
                bestCoverage = coverage
            }
        }
        return best
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

    /// The origin's shingles together with those a quarter of the members (three at least) hold, sorted:
    /// text that many pages carry is the source's, not one site's edit.
    static func commonText(_ members: [LineageMember], origin: Int) -> [UInt32] {
        guard members.count >= 3 else { return members[origin].shingles }
        var counts: [UInt32: Int32] = [:]
        counts.reserveCapacity(members[origin].shingles.count * 2)
        for member in members {
            for shingle in member.shingles { counts[shingle, default: 0] += 1 }
        }
        var common = members[origin].shingles
        let originSet = Set(common)
        let threshold = max(3, (members.count + 3) / 4)
        for (shingle, count) in counts where Int(count) >= threshold && !originSet.contains(shingle) {
            common.append(shingle)
        }
        common.sort()
        return common
    }

    /// Members that `member` names as its source: by a credit ("originally published by X", "first
    /// appeared on X") naming their site, or by a canonical link to their address on another site.
    static func sources(named member: LineageMember, in members: [LineageMember], self index: Int) -> [Int] {
        let canonical = member.canonicalKey.flatMap { $0 != member.urlKey ? $0 : nil }
        guard member.viaKey != nil || canonical != nil else { return [] }
        return members.indices.filter { other in
            guard other != index, members[other].host != member.host else { return false }
            if let canonical, members[other].urlKey == canonical { return true }
            if let via = member.viaKey,
                LineageInference.names(key: via, siteName: members[other].siteNameKey, host: members[other].hostKey)
            {
                return true
            }
            return false
        }
    }

    /// True when an undated page could have been out by `time`: it was fetched by then, or its fetch
    /// came within a long crawl delay after it (`earliest`: the earliest time it plausibly came out,
    /// else its fetch time).
    static func plausiblyBefore(earliest: Timestamp?, _ time: Timestamp?) -> Bool {
        guard let time, let earliest else { return true }
        return earliest <= time
    }

    /// True when `candidate` has `ancestor` among its parents (already chosen ones).
    static func descends(_ candidate: Int, from ancestor: Int, _ parents: [Int: Int]) -> Bool {
        var current = candidate
        var steps = 0
        while let parent = parents[current], steps < 10_000 {
            if parent == ancestor { return true }
            current = parent
            steps += 1
        }
        return false
    }

    /// How well `parent` explains `member`, and the evidence that says so.
    /// - Parameters: members by index (passed whole, so that the quadratic search for parents reads their
    ///   fields in place instead of copying members).
    static func fit(
        _ members: [LineageMember],
        index: Int,
        parentIndex: Int,
        originIndex: Int,
        isOwn: Bool,
        extras: [[UInt32]],
        derived: [CommonTextBits]
    ) -> (Double, [String]) {
        var score = 0.0
        var evidence: [String] = []
        // The parent must hold the copy's text: all of what the copy took from the origin.
        // (Text the copy took from the common text is in the parent exactly when the parent took it too.)
        let fromOrigin = derived[index]
        let textFit = Double(fromOrigin.sharedCount(derived[parentIndex])) / Double(max(1, fromOrigin.count))
        score += 2 * textFit
        // A page lacking text the copy took from the origin cannot be where the copy took it from.
        if textFit < 0.95 { score -= 5 }
        // Shared edits (text the origin lacks): the copy carries all of the parent's edits, or the parent
        // holds all of the copy's. Partial overlaps say nothing: two sites localising with one template
        // share most of their added words without copying each other.
        let extra = extras[index]
        let parentEdits = extras[parentIndex]
        var inherited = 0.0
        if !extra.isEmpty {
            let held =
                Double(SortedShingles.intersectionCount(extra, members[parentIndex].shingles)) / Double(extra.count)
            if held >= 0.95 { inherited = held }
        }
        if !parentEdits.isEmpty {
            let carried =
                Double(SortedShingles.intersectionCount(parentEdits, members[index].shingles))
                / Double(parentEdits.count)
            if carried >= 0.95 { inherited = max(inherited, carried) }
        }
        // Between two sites' pages, shared edits count only when the headline is the same too: independent
        // copies often make the same common edit ("said" → "told reporters") but seldom pick one headline,
        // while a page copied from another site keeps its headline. A wire update needs no such proof.
        // And the headline must be the parent's own: one the origin also carries is the source's headline,
        // which every copy may keep.
        let title = members[index].titleKey
        let parentTitle = members[parentIndex].titleKey
        if inherited > 0 && !isOwn
            && (!LineageInference.sameTitle(title, parentTitle)
                || LineageInference.sameTitle(parentTitle, members[originIndex].titleKey))
        {
            inherited = 0
        }
        if inherited > 0 {
            score += 2 * inherited
            evidence.append("shared-edits")
        }
        if let via = members[index].viaKey,
            LineageInference.names(
                key: via,
                siteName: members[parentIndex].siteNameKey,
                host: members[parentIndex].hostKey
            )
        {
            score += 3
            evidence.append("credit-via")
        }
        if let canonical = members[index].canonicalKey, canonical == members[parentIndex].urlKey,
            canonical != members[index].urlKey
        {
            score += 3
            evidence.append("canonical")
        }
        if isOwn { score += 0.05 }
        return (score, evidence)
    }

    /// The headline most members print (the origin's among equals).
    static func commonTitle(_ members: [LineageMember], origin: Int) -> String? {
        var counts: [String: Int] = [:]
        for member in members { if let key = member.titleKey { counts[key, default: 0] += 1 } }
        let originKey = members[origin].titleKey
        return counts.max { a, b in
            if a.value != b.value { return a.value < b.value }
            if (a.key == originKey) != (b.key == originKey) { return b.key == originKey }
            return a.key > b.key
        }?.key
    }
}
