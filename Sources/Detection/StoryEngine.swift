import Foundation
import WiretraceFingerprint
import WiretraceIngest
import WiretraceLineage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What adding one article did.
public enum AddOutcome: Sendable, Equatable {
    /// The URL was stored already with this content: nothing changed.
    case duplicate(DocumentID)
    /// The URL was stored with other content: a new revision was recorded.
    case revision(DocumentID, revision: Int)
    /// Same normalised text as a stored document.
    case exactCopy(DocumentID, story: StoryID?, newStory: Bool)
    /// A near or truncated copy of a stored document.
    case nearCopy(DocumentID, story: StoryID, newStory: Bool)
    /// A roundup quoting several stories; in no story.
    case compilation(DocumentID)
    /// No copy found: a document in no story (yet).
    case unique(DocumentID)
}

/// Counters of the structural changes made while adding documents.
public struct EngineEvents: Sendable, Equatable {
    public var storiesMerged = 0
    public var compilationsDetached = 0
    /// Stories whose members changed since lineage was last inferred (see ``StoryEngine/inferLineage(_:store:)``).
    public var storiesToInfer: Set<StoryID> = []

    public init() {}
}

/// The incremental detection loop: fingerprint lookups, verification, story assignment and lineage,
/// against any ``DocumentStore``.
public struct StoryEngine: Sendable {
    public let fingerprinter: Fingerprinter
    public let matcher: StoryMatcher

    public init(fingerprinter: Fingerprinter, policy: MatchPolicy) {
        self.fingerprinter = fingerprinter
        self.matcher = StoryMatcher(policy: policy)
    }

    public var policy: MatchPolicy { matcher.policy }

    /// Adds one article (already fingerprinted) inside the caller's write transaction.
    ///
    /// Lineage of the stories it changes is not inferred at once: they are noted in `events`, and the
    /// caller calls ``inferLineage(_:store:)`` before the transaction ends — once per story per batch,
    /// however many members the batch added to it. A scan's workers pass what they worked out already:
    /// the comparable `text`, the `evidence` measured on their snapshot and the `claim` of the article's
    /// credits (read from the article when nil).
    public func add(
        _ article: Article,
        fingerprint: DocumentFingerprint,
        text prepared: ComparableText? = nil,
        evidence precomputed: PrecomputedEvidence? = nil,
        claim precomputedClaim: CreditClaim? = nil,
        recent: RecentPostings? = nil,
        to store: any StoreWriting,
        events: inout EngineEvents
    ) throws -> AddOutcome {
        if let existing = try store.existingDocument(urlKey: article.urlKey) {
            if existing.contentHashes.contains(fingerprint.contentHash.hex) { return .duplicate(existing.id) }
            let revision = try store.insertRevision(
                of: existing.id,
                article: article,
                contentHash: fingerprint.contentHash
            )
            return .revision(existing.id, revision: revision)
        }
        let passages = passageHashes(of: fingerprint)
        let text = prepared ?? ComparableText(fingerprint)

        if let original = try store.firstDocument(withContentHash: fingerprint.contentHash),
            let stored = try store.candidateDocuments([original]).first
        {
            let id = try store.insertDocument(
                article,
                fingerprint: fingerprint,
                isCompilation: stored.isCompilation,
                claim: precomputedClaim ?? LineageMembers.claim(of: article),
                shingleSet: text.shingleSet,
                quotedDocuments: [],
                passageHashes: passages,
                passageDocumentCap: policy.passageDocumentCap
            )
            recent?.record(id, bandKeys: fingerprint.bandKeys)
            try store.recordMatches(
                id,
                [
                    StoredMatch(
                        matchedDocument: original,
                        jaccard: 1,
                        containment: 1,
                        sharedShingles: text.shingleSet.count,
                        relation: "exact"
                    )
                ]
            )
            if stored.isCompilation { return .exactCopy(id, story: nil, newStory: false) }
            var everything = PositionSet(capacity: text.length)
            for position in 0..<text.length { everything.insert(position) }
            let (story, isNew) = try join(
                id,
                explained: everything,
                target: stored.cluster,
                storedExplained: [original: stored.explained.union(everything)],
                store: store
            )
            events.storiesToInfer.insert(story)
            return .exactCopy(id, story: story, newStory: isNew)
        }

        var decision = try decide(
            text,
            fingerprint: fingerprint,
            passages: passages,
            precomputed: precomputed,
            recent: recent,
            store: store
        )
        var rounds = 0
        while !decision.detach.isEmpty && rounds < 4 {
            for document in decision.detach {
                EngineTrace.log("detach \(document) as a compilation, seen from \(article.url)")
                try detachCompilation(document, store: store, events: &events)
            }
            events.compilationsDetached += decision.detach.count
            decision = try decide(text, fingerprint: fingerprint, passages: passages, store: store)
            rounds += 1
        }
        var isCompilation = false
        if case .compilation = decision.outcome { isCompilation = true }
        let id = try store.insertDocument(
            article,
            fingerprint: fingerprint,
            isCompilation: isCompilation,
            claim: precomputedClaim ?? LineageMembers.claim(of: article),
            shingleSet: text.shingleSet,
            quotedDocuments: decision.quotedDocuments,
            passageHashes: passages,
            passageDocumentCap: policy.passageDocumentCap
        )
        recent?.record(id, bandKeys: fingerprint.bandKeys)
        for quoting in decision.quotedBy {
            EngineTrace.log("\(quoting) quotes the lead of new document \(id) \(article.url)")
            try store.addQuotedDocument(quoting, quoted: id)
        }
        if EngineTrace.enabled, let focus = EngineTrace.focus, focus == "*" || article.url.contains(focus) {
            EngineTrace.log(
                "\(id) \(article.url) length \(text.length) outcome \(decision.outcome): "
                    + decision.matches.map {
                        "\($0.candidate.id)/\($0.candidate.cluster) r\($0.evidence.newRegion.count) rel \($0.evidence.relation.map { "\($0)" } ?? "-")"
                            + " lead \($0.evidence.storedIsLead) quoted \($0.evidence.storedLeadQuoted) covered \($0.evidence.storedLeadCovered)"
                            + " \($0.evidence.verdict)/\($0.evidence.rule) \($0.evidence.alignment.map(Self.describe) ?? "")"
                    }.joined(separator: "; ")
            )
        }
        try store.recordMatches(
            id,
            decision.matches.prefix(16).map { match in
                StoredMatch(
                    matchedDocument: match.candidate.id,
                    jaccard: match.evidence.jaccard,
                    containment: match.evidence.containment,
                    sharedShingles: match.evidence.sharedShingles,
                    relation: match.evidence.verdict == .unrelated ? "partial" : match.evidence.verdict.rawValue,
                    rule: match.evidence.rule.isEmpty ? nil : match.evidence.rule,
                    passages: match.evidence.alignment?.inOrderPassages ?? []
                )
            }
        )
        try store.recordReuses(id, decision.reuseLinks(limit: policy.reuseLinkLimit, policy: policy))
        switch decision.outcome {
        case .compilation:
            EngineTrace.log(
                "compilation \(id) \(article.url): "
                    + decision.matches.prefix(6).map {
                        "\($0.candidate.id)/\($0.candidate.storyID.map(String.init) ?? "-") \($0.evidence.newRegion.count)"
                            + "\($0.evidence.storedLeadQuoted ? " lead" : "")"
                    }.joined(separator: ", ")
            )
            return .compilation(id)
        case .unique:
            return .unique(id)
        case .join(let target, let merges):
            var (story, isNew) = try join(
                id,
                explained: decision.newExplained,
                target: target,
                storedExplained: decision.storedExplained,
                store: store
            )
            for other in merges {
                switch other {
                case .story(let source):
                    try store.mergeStory(source, into: story)
                case .single(let document):
                    try store.addMember(
                        document,
                        to: story,
                        explained: decision.storedExplained[document] ?? PositionSet()
                    )
                }
                events.storiesMerged += 1
                isNew = false
            }
            events.storiesToInfer.insert(story)
            return .nearCopy(id, story: story, newStory: isNew && merges.isEmpty)
        }
    }

    /// Finds and verifies the candidates of `text` and decides, without writing anything.
    /// - Parameter findingStoredRoundups: whether to examine stored documents in no story as roundups
    ///   (reading the texts they quote); a check, which stores nothing, leaves them as they are.
    public func decide(
        _ text: ComparableText,
        fingerprint: DocumentFingerprint,
        passages: [UInt64],
        precomputed: PrecomputedEvidence? = nil,
        recent: RecentPostings? = nil,
        store: any StoreReading,
        findingStoredRoundups: Bool = true
    ) throws -> StoryMatcher.Decision {
        let hits =
            try precomputed?.search.flatMap {
                try completeSearch($0, bandKeys: fingerprint.bandKeys, recent: recent, store: store)
            }
            ?? search(fingerprint.bandKeys, store: store).hits
        let chosen = chooseCandidates(hits)
        let candidates: [CandidateDocument]
        let evidence: PrecomputedEvidence?
        var text = text
        if precomputed == nil && chosen.count >= Self.parallelMeasureThreshold {
            // Without evidence measured ahead (a check, not a scan), many candidates are measured on
            // the other cores while they are still being read: each pair is independent, and the
            // longest checks are those with most candidates.
            text = text.indexed()
            (candidates, evidence) = try Self.loadAndMeasure(text, chosen, store: store, policy: policy)
        } else {
            candidates = try store.candidateDocuments(chosen, knownTexts: precomputed?.texts ?? [:])
            evidence = precomputed
            // Indexed only when enough candidates are left to measure here (in a scan, the workers
            // measured most of them ahead).
            let unmeasured =
                precomputed.map { known in candidates.lazy.filter { known.evidence(for: $0.id) == nil }.count }
                ?? candidates.count
            if unmeasured >= Self.indexingThreshold { text = text.indexed() }
        }
        let clusters = try store.passageClusters(passages, limit: policy.boilerplateStories + 2)
        // Each quoted document's cluster and text are read once per decision, however often the matcher
        // asks (it looks for late roundups twice: before deciding, and for the quoting documents after).
        var knownClusters: [DocumentID: Cluster] = [:]
        var knownTexts: [DocumentID: ComparableText?] = [:]
        return try matcher.decide(
            new: text,
            candidates: candidates,
            passageClusters: clusters,
            precomputed: evidence,
            clusterOf: { document in
                if let known = knownClusters[document] { return known }
                let cluster = try store.cluster(of: document)
                knownClusters[document] = cluster
                return cluster
            },
            textOf: { document in
                guard findingStoredRoundups else { return nil }
                if let known = knownTexts[document] { return known }
                let text = try store.candidateTexts([document]).first?.1
                knownTexts[document] = .some(text)
                return text
            }
        )
    }

    /// Fewest candidates worth indexing the new text's positions for (``ComparableText/indexed()``).
    static let indexingThreshold = 4

    /// Fewest candidates worth spreading over several threads.
    static let parallelMeasureThreshold = 24

    /// The candidates to verify, from what the band keys each shares with the new text are worth
    /// (``BandKey/weight(_:)``: a similarity key 2, an anchor 1).
    ///
    /// Candidates that share one or two similarity keys, or a few anchors, mostly share a sentence or a
    /// stock phrase; copies share many (a copied passage keeps every key of its windows and an anchor
    /// every dozen shingles or so). Candidates worth ``MatchPolicy/strongCandidateHits`` or more are all
    /// verified (up to the limit), those worth less only up to small budgets, so that an archive full of
    /// texts built from common sentences does not hand each document thousands.
    public func chooseCandidates(_ hits: [DocumentID: Int]) -> [DocumentID] {
        // Ranked by shared keys (most first), then by id. Only the strong candidates are ranked in
        // full; of the others only the few a budget admits are picked.
        func ranked(_ a: (key: DocumentID, value: Int), _ b: (key: DocumentID, value: Int)) -> Bool {
            a.value != b.value ? a.value > b.value : a.key < b.key
        }
        var strong: [(key: DocumentID, value: Int)] = []
        var medium: [(key: DocumentID, value: Int)] = []
        var weak: [(key: DocumentID, value: Int)] = []
        for entry in hits {
            if entry.value >= policy.strongCandidateHits {
                strong.append(entry)
            } else if entry.value >= policy.mediumCandidateHits {
                medium.append(entry)
            } else if policy.weakCandidateLimit > 0 && entry.value >= policy.weakCandidateHits {
                weak.append(entry)
            }
        }
        strong.sort(by: ranked)
        var chosen = strong.prefix(policy.candidateLimit).map(\.key)
        chosen.reserveCapacity(min(hits.count, policy.candidateLimit))
        // Medium candidates by id (oldest first): the first version of a story is the one to find.
        medium.sort { $0.key < $1.key }
        chosen.append(
            contentsOf: medium.prefix(min(policy.mediumCandidateLimit, policy.candidateLimit - chosen.count)).map(\.key)
        )
        weak.sort(by: ranked)
        chosen.append(
            contentsOf: weak.prefix(min(policy.weakCandidateLimit, policy.candidateLimit - chosen.count)).map(\.key)
        )
        return chosen
    }

    /// Measures `text` against the candidates a read snapshot of the store gives it, as
    /// ``decide(_:fingerprint:passages:precomputed:store:)`` will (boilerplate aside): the costly part of
    /// adding a document, done on any thread ahead of the writer.
    public func precomputeEvidence(
        _ text: ComparableText,
        fingerprint: DocumentFingerprint,
        urlKey: String,
        store: any StoreReading
    ) throws -> PrecomputedEvidence {
        let newest = try store.newestDocument()
        var result = PrecomputedEvidence()
        // A page the snapshot holds under its address, and an exact copy of a document it holds, are
        // stored as such without searching or measuring anything (documents are never removed, so the
        // writer finds them too). Syndicated copies are mostly exact, and a story's copies are each
        // other's candidates: every band key of a story of thousands is too common, and costs a sample.
        if newest > 0,
            try store.existingDocument(urlKey: urlKey) != nil
                || store.firstDocument(withContentHash: fingerprint.contentHash) != nil
        {
            return result
        }
        // A snapshot without documents (the first batch of a new database) has no band keys to look up.
        let found =
            newest == 0
            ? (buckets: [[DocumentID]?](repeating: [], count: fingerprint.bandKeys.count), hits: [:], samples: [:])
            : try search(fingerprint.bandKeys, store: store)
        let search = SnapshotSearch(
            newestDocument: newest,
            buckets: found.buckets,
            hits: found.hits,
            samples: found.samples
        )
        result.search = search
        let candidates = try store.candidateTexts(chooseCandidates(search.hits))
        let text = candidates.count >= Self.indexingThreshold ? text.indexed() : text
        result.texts.reserveCapacity(candidates.count)
        for (id, stored) in candidates {
            result.record(PairEvidence.measure(new: text, stored: stored, boilerplate: [], policy: policy), for: id)
            result.texts[id] = stored
        }
        return result
    }

    /// Searches the LSH index for documents sharing band keys with a new text: each key's documents,
    /// or for a similarity key held by more than ``MatchPolicy/bucketLimit`` documents (nil in `buckets`)
    /// its ``MatchPolicy/commonKeySample`` newest ones (`samples`, by key index; an anchor that common
    /// counts for none, ``BandKey``); and the documents sharing
    /// enough keys to become candidates, with the number of keys each shares.
    func search(
        _ bandKeys: [Int64],
        store: any StoreReading
    ) throws -> (
        buckets: [[DocumentID]?], hits: [DocumentID: Int], samples: [Int: [DocumentID]]
    ) {
        let buckets = try bandBuckets(bandKeys, store: store)
        var counted = buckets
        var samples: [Int: [DocumentID]] = [:]
        if policy.commonKeySample > 0 {
            for index in buckets.indices where buckets[index] == nil && !BandKey.isAnchor(bandKeys[index]) {
                let sample = try store.newestDocuments(holding: bandKeys[index], count: policy.commonKeySample)
                counted[index] = sample
                samples[index] = sample
            }
        }
        return (buckets, Self.hits(counted, keys: bandKeys, minimum: candidateMinimumHits), samples)
    }

    /// Most documents a key may be held by and still count for them: ``MatchPolicy/bucketLimit``, for
    /// an anchor ``MatchPolicy/anchorBucketLimit``.
    func bucketLimit(of key: Int64) -> Int {
        BandKey.isAnchor(key) ? min(policy.anchorBucketLimit, policy.bucketLimit) : policy.bucketLimit
    }

    /// Each key's documents, nil for a key held by more than ``bucketLimit(of:)``.
    func bandBuckets(_ keys: [Int64], store: any StoreReading) throws -> [[DocumentID]?] {
        let anchorLimit = min(policy.anchorBucketLimit, policy.bucketLimit)
        guard anchorLimit < policy.bucketLimit else { return try store.bandBuckets(keys, after: 0, limit: anchorLimit) }
        let anchors = keys.indices.filter { BandKey.isAnchor(keys[$0]) }
        let others = keys.indices.filter { !BandKey.isAnchor(keys[$0]) }
        var buckets = [[DocumentID]?](repeating: nil, count: keys.count)
        for (indices, limit) in [(others, policy.bucketLimit), (anchors, anchorLimit)] where !indices.isEmpty {
            let found = try store.bandBuckets(indices.map { keys[$0] }, after: 0, limit: limit)
            for (index, bucket) in zip(indices, found) { buckets[index] = bucket }
        }
        return buckets
    }

    /// Band-key hits of a search made on a snapshot, completed with the documents stored since: the
    /// same hits a search now would give (for every document sharing enough keys to become a
    /// candidate), at the cost of reading only the newer documents. They come from `recent` when it
    /// covers them, else from the store. Nil when the snapshot's search does not fit the keys.
    func completeSearch(
        _ search: SnapshotSearch,
        bandKeys: [Int64],
        recent: RecentPostings?,
        store: any StoreReading
    ) throws -> [DocumentID: Int]? {
        guard search.buckets.count == bandKeys.count else { return nil }
        let inMemory = recent.map { $0.covers(after: search.newestDocument) } ?? false
        var hits = search.hits
        for index in bandKeys.indices {
            let key = bandKeys[index]
            let weight = BandKey.weight(key)
            // Too-common anchors count for no document (``BandKey``).
            let sampleSize = BandKey.isAnchor(key) ? 0 : policy.commonKeySample
            // What the snapshot counted for the key: its whole bucket, or a too-common key's newest documents.
            let counted: [DocumentID]
            let whole: Bool
            if let bucket = search.buckets[index] {
                (counted, whole) = (bucket, true)
            } else if sampleSize == 0 {
                continue  // too common and not sampled: it counts for no document, then as now
            } else if let sample = search.samples[index] {
                (counted, whole) = (sample, false)
            } else {
                return nil  // a snapshot that did not keep what it counted: search again
            }
            // Only the newest of the documents stored since are needed: up to one over the room left in a
            // bucket (to see that it overflows), or a sample's worth.
            let room = bucketLimit(of: key) - counted.count
            let newer =
                inMemory
                ? recent?.documents(
                    holding: key,
                    after: search.newestDocument,
                    newest: whole ? max(room + 1, sampleSize) : sampleSize
                ) : nil
            if whole {
                let added =
                    try newer ?? store.bandBuckets([key], after: search.newestDocument, limit: room).first ?? nil
                if let added, added.count <= room {
                    for id in added { hits[id, default: 0] += weight }
                    continue
                }
            }
            // The key is too common now: a search now counts its newest documents only. Those stored since
            // the snapshot follow the ones it counted (ids only grow).
            let now: [DocumentID]
            if sampleSize == 0 {
                now = []
            } else if let newer {
                now = Array((counted + newer).suffix(sampleSize))
            } else {
                now = try store.newestDocuments(holding: key, count: sampleSize)
            }
            let kept = Set(now)
            for id in counted where !kept.contains(id) {
                let count = hits[id, default: 0] - weight
                hits[id] = count > 0 ? count : nil
            }
            let before = Set(counted)
            for id in now where !before.contains(id) { hits[id, default: 0] += weight }
        }
        return hits
    }

    /// Documents and what the band keys they share are worth (``BandKey/weight(_:)`` of each key of
    /// `keys`, the keys whose buckets these are; keys skipped as too common count none); only documents
    /// worth `minimum` or more.
    /// - Complexity: O(ids in the buckets).
    public static func hits(_ buckets: [[DocumentID]?], keys: [Int64], minimum: Int = 1) -> [DocumentID: Int] {
        precondition(buckets.count == keys.count, "one bucket per key")
        var counter = HitCounter(expected: buckets.reduce(0) { $0 + ($1?.count ?? 0) })
        for (index, bucket) in buckets.enumerated() {
            let weight = Int32(BandKey.weight(keys[index]))
            for id in bucket ?? [] { counter.add(id, weight: weight) }
        }
        return counter.counts(minimum: minimum)
    }

    /// Fewest hit points that can make a document a candidate (``chooseCandidates(_:)`` takes documents
    /// below ``MatchPolicy/mediumCandidateHits`` only when the policy admits weak candidates). A search
    /// left incomplete on a snapshot can only lose keys (``completeSearch(_:bandKeys:recent:store:)``), so
    /// documents below it can be left out of the snapshot's hits.
    var candidateMinimumHits: Int {
        policy.weakCandidateLimit > 0 ? policy.weakCandidateHits : policy.mediumCandidateHits
    }

    /// Paragraph hashes of paragraphs long enough to track as passages.
    public func passageHashes(of fingerprint: DocumentFingerprint) -> [UInt64] {
        var hashes: [UInt64] = []
        let starts = fingerprint.paragraphStarts
        for index in starts.indices {
            let end = index + 1 < starts.count ? Int(starts[index + 1]) : fingerprint.wordCount
            let words = end - Int(starts[index])
            let hash = fingerprint.paragraphHashes[index]
            if words >= policy.minPassageWords && hash != 0 && !hashes.contains(hash) { hashes.append(hash) }
        }
        return hashes
    }

    /// Puts `document` into `target` (creating a story when the target is a single document) and records
    /// the grown explained regions of the stored members it matched.
    private func join(
        _ document: DocumentID,
        explained: PositionSet,
        target: Cluster,
        storedExplained: [DocumentID: PositionSet],
        store: any StoreWriting
    ) throws -> (StoryID, Bool) {
        switch target {
        case .story(let story):
            try store.addMember(document, to: story, explained: explained)
            for (member, region) in storedExplained.sorted(by: { $0.key < $1.key }) {
                try store.updateExplained(member, region)
            }
            return (story, false)
        case .single(let other):
            let story = try store.createStory(members: [
                (other, storedExplained[other] ?? PositionSet()), (document, explained),
            ])
            return (story, true)
        }
    }

    /// Takes a stored document out of its story as a compilation; a story left with one member ends.
    private func detachCompilation(
        _ document: DocumentID,
        store: any StoreWriting,
        events: inout EngineEvents
    ) throws {
        guard let stored = try store.candidateDocuments([document]).first else { return }
        guard let story = stored.storyID else {
            try store.setCompilation(document, true)
            return
        }
        try store.removeMember(document)
        try store.setCompilation(document, true)
        let remaining = try store.storyMembers(story)
        if remaining.count <= 1 {
            try store.deleteStory(story)
            events.storiesToInfer.remove(story)
        } else {
            events.storiesToInfer.insert(story)
        }
    }

    /// Infers the lineage of every story noted in `events` since the last call, and stores it.
    ///
    /// Inference depends on a story's members only, so inferring once per batch gives the same result
    /// as after every document, and re-running it changes nothing.
    public func inferLineage(_ events: inout EngineEvents, store: any StoreWriting) throws {
        for story in events.storiesToInfer.sorted() {
            try updateLineage(story: story, store: store)
        }
        events.storiesToInfer.removeAll()
    }

    /// Leaves the stories noted in `events` for later inference (``storePendingLineage(_:lineages:store:)``),
    /// recorded in the store: a long scan infers each story's lineage once, at its end.
    public func deferLineage(_ events: inout EngineEvents, store: any StoreWriting) throws {
        try store.markLineagePending(events.storiesToInfer.sorted())
        events.storiesToInfer.removeAll()
    }

    /// Infers the whole lineage of a story (origin, agency, parents, kinds, alignments) from its stored
    /// members; nil for a story that no longer has members. Reads only, so stories can be inferred side
    /// by side on read snapshots.
    /// - Parameter delays: the archive's crawl delays (``StoreReading/crawlDelays()``) when the caller
    ///   has read them for many stories; else read here.
    /// A story of ``WiretraceLineage/LineageState/minimumMembers`` members or more keeps the state that
    /// places one more page in it (``placement(of:fingerprint:in:store:)``).
    public func lineage(
        of story: StoryID,
        store: any StoreReading,
        delays: CrawlDelayHistogram? = nil
    ) throws -> StoryLineage? {
        let delays = try delays ?? store.crawlDelays()
        var lineage = LineageInference.infer(
            try lineageMembers(story: story, store: store, delays: delays),
            keepingStateFrom: LineageState.minimumMembers
        )
        lineage?.state?.typicalDelay = delays.quantile(LineageMembers.typicalDelayQuantile)
        lineage?.state?.longDelay = delays.quantile(LineageMembers.longDelayQuantile)
        return lineage
    }

    /// Stores the lineages inferred for pending stories (``StoreReading/pendingLineage(limit:)``) and
    /// takes the stories off the pending list; a story without a lineage keeps the one it had.
    public func storePendingLineage(
        _ stories: [StoryID],
        lineages: [StoryLineage?],
        store: any StoreWriting
    ) throws {
        precondition(stories.count == lineages.count, "one lineage (or nil) per story")
        for (story, lineage) in zip(stories, lineages) {
            if let lineage { try store.replaceLineage(story: story, lineage: lineage) }
        }
        try store.clearPendingLineage(stories)
    }

    /// Infers the whole lineage of a story again and stores it; nothing for a story that no longer has
    /// members.
    func updateLineage(story: StoryID, store: any StoreWriting) throws {
        guard let lineage = try self.lineage(of: story, store: store) else { return }
        try store.replaceLineage(story: story, lineage: lineage)
    }

    /// Where an article not stored yet would stand in a story: its parent, kind and the story's agency,
    /// inferred as if it were a member. Nothing is written.
    ///
    /// From the story's stored ``WiretraceLineage/LineageState`` when it holds (the story's members and,
    /// for undated members, the crawl delays are those it was made with) and can place the article
    /// exactly: then only the origin and the article's parent candidates are read. Otherwise the whole
    /// story is inferred with the article added.
    public func placement(
        of article: Article,
        fingerprint: DocumentFingerprint,
        in story: StoryID,
        store: any StoreReading
    ) throws -> LineagePlacement? {
        let summary = DocumentSummary(
            id: -1,
            url: article.url,
            site: article.site,
            title: article.title,
            published: article.published,
            fetched: article.fetched,
            storyID: story,
            contentHash: fingerprint.contentHash.hex
        )
        let fact = MemberFacts(
            summary: summary,
            byline: article.byline,
            siteName: article.siteName,
            canonicalURL: article.canonicalURL,
            dateline: article.dateline,
            creditLines: article.creditLines
        )
        let delays = try store.crawlDelays()
        let page = LineageMembers.estimatingTime(
            LineageMembers.member(fact, text: ComparableText(fingerprint)),
            delays: delays
        )
        if let placed = try placementFromState(page, urlKey: article.urlKey, in: story, delays: delays, store: store) {
            return placed
        }
        var members = try lineageMembers(story: story, store: store, delays: delays)
        members.removeAll { $0.urlKey == article.urlKey }
        members.append(page)
        guard let lineage = LineageInference.infer(members, aligning: [-1]),
            let edge = lineage.edges.first(where: { $0.document == -1 })
        else { return nil }
        return LineagePlacement(
            edge: edge,
            origin: lineage.origin,
            originMethod: lineage.originMethod,
            agency: lineage.agency
        )
    }

    /// ``placement(of:fingerprint:in:store:)`` from the story's stored lineage state; nil when there is
    /// none, it no longer holds, or the page needs the whole story inferred.
    func placementFromState(
        _ page: LineageMember,
        urlKey: String,
        in story: StoryID,
        delays: CrawlDelayHistogram,
        store: any StoreReading
    ) throws -> LineagePlacement? {
        guard let stored = try store.lineageState(story), let state = LineageState(encoded: stored.state),
            state.memberCount == stored.memberCount, state.memberIDSum == stored.memberIDSum
        else { return nil }
        if state.hasUndated
            && (state.typicalDelay != delays.quantile(LineageMembers.typicalDelayQuantile)
                || state.longDelay != delays.quantile(LineageMembers.longDelayQuantile))
        {
            return nil
        }
        // A page stored under the same address would be replaced by this one.
        if let existing = try store.existingDocument(urlKey: urlKey),
            try store.cluster(of: existing.id) == .story(story)
        {
            return nil
        }
        return try LineageInference.place(page, in: state) { id in
            guard let text = try store.candidateTexts([id]).first?.1, let summary = try store.summaries([id])[id] else {
                return nil
            }
            return MemberText(
                shingles: text.shingleSet,
                paragraphHashes: text.paragraphHashes,
                textShingles: text.shingles,
                paragraphStarts: text.paragraphStarts,
                contentHash: summary.contentHash
            )
        }
    }

    /// The members of a story as lineage inference reads them.
    func lineageMembers(
        story: StoryID,
        store: any StoreReading,
        delays known: CrawlDelayHistogram? = nil
    ) throws -> [LineageMember] {
        let facts = try store.memberFacts(story)
        // Texts alone: lineage needs no member's standing (story, explained region, quotations).
        let texts = Dictionary(uniqueKeysWithValues: try store.candidateTexts(facts.map(\.summary.id)))
        let delays = try known ?? store.crawlDelays()
        let members = facts.compactMap { fact -> LineageMember? in
            guard let text = texts[fact.summary.id] else { return nil }
            return LineageMembers.estimatingTime(LineageMembers.member(fact, text: text), delays: delays)
        }
        return members
    }
}

extension StoryEngine {
    /// One line of an alignment's measures, for the trace.
    static func describe(_ a: Alignment) -> String {
        "passages \(a.passages.map(\.compact).joined(separator: ",")) region \(a.region) prose \(a.regionProseMatched)"
            + " contain \(String(format: "%.2f/%.2f", a.newRegionContainment, a.storedRegionContainment))"
            + " edges \(a.newProse.before)/\(a.storedProse.before) \(a.newProse.after)/\(a.storedProse.after)"
            + " conflicts \(a.figureConflicts) inorder \(a.inOrderProseMatched) q\(a.inOrderQuoted)"
            + " totals \(a.newProse.total)/\(a.storedProse.total) paragraphs \(a.inOrderParagraphs) whole \(a.inOrderWholeParagraphs)"
            + " figures \(a.newFigures.matchedFigures)/\(a.newFigures.matched)|\(a.newFigures.unmatchedProseFigures)/\(a.newFigures.unmatchedProse)"
            + " \(a.storedFigures.matchedFigures)/\(a.storedFigures.matched)|\(a.storedFigures.unmatchedProseFigures)/\(a.storedFigures.unmatchedProse)"
    }
}

/// Builds lineage inputs from stored documents.
public enum LineageMembers {
    /// The crawl-delay quantiles that place an undated page: its likely and its earliest plausible time.
    public static let typicalDelayQuantile = 0.25
    public static let longDelayQuantile = 0.9

    /// Gives an undated page its estimated publication time: its fetch time less the archive's
    /// lower-quartile crawl delay (as early as the fetch plausibly allows); and the earliest time it
    /// plausibly came out: its fetch time less the 90th-percentile delay. When its address names a day
    /// (``URLDate``), both stay within that day's window (any time zone): a page fetched weeks after
    /// it came out (or never) is placed at the end of its day's window, not at its fetch. An address day
    /// after the fetch is ignored.
    public static func estimatingTime(_ member: LineageMember, delays: CrawlDelayHistogram) -> LineageMember {
        guard member.published == nil else { return member }
        var member = member
        member.estimatedPublished = nil
        member.earliestPlausible = nil
        member.estimatedFromURLDate = false
        if let fetched = member.fetched, let typical = delays.quantile(typicalDelayQuantile),
            let long = delays.quantile(longDelayQuantile)
        {
            member.estimatedPublished = Timestamp(secondsSinceEpoch: fetched.secondsSinceEpoch - typical)
            member.earliestPlausible = Timestamp(secondsSinceEpoch: fetched.secondsSinceEpoch - long)
        }
        guard let day = URLDate.day(in: member.url) else { return member }
        let window = URLDate.window(ofDay: day)
        if let fetched = member.fetched, fetched < window.lowerBound { return member }
        // Kept within the window: a page fetched long after the day it names, or never, is placed at the
        // window's end, its latest plausible time, so that it never claims to be first on the day's word
        // alone (an earlier day still puts it before pages dated later).
        let estimate = member.estimatedPublished ?? member.fetched
        let placed = min(max(estimate ?? window.upperBound, window.lowerBound), window.upperBound)
        member.estimatedFromURLDate = placed != estimate
        member.estimatedPublished = placed
        // The fetch's long-delay bound holds only inside the window; outside it the day says more.
        if let earliest = member.earliestPlausible, window.contains(earliest) {
            member.earliestPlausible = min(earliest, placed)
        } else {
            member.earliestPlausible = window.lowerBound
        }
        return member
    }

    public static func member(_ fact: MemberFacts, text: ComparableText) -> LineageMember {
        let summary = fact.summary
        let claim =
            fact.claim
            ?? CreditClaim.read(
                byline: fact.byline,
                dateline: fact.dateline,
                creditLines: fact.creditLines,
                ownSiteName: fact.siteName
            )
        let urlKey = fact.urlKey ?? URLNormalizer.key(summary.url)
        return LineageMember(
            id: summary.id,
            url: summary.url,
            urlKey: urlKey,
            host: SiteName.host(ofURL: summary.url) ?? summary.site,
            siteName: fact.siteName,
            title: summary.title,
            byline: fact.byline,
            published: summary.published,
            fetched: summary.fetched,
            canonicalKey: fact.canonicalURL.map { $0 == summary.url ? urlKey : URLNormalizer.key($0) },
            claim: claim,
            contentHash: summary.contentHash,
            shingles: text.shingleSet,
            paragraphHashes: text.paragraphHashes,
            textShingles: text.shingles,
            paragraphStarts: text.paragraphStarts
        )
    }

    /// The claim of an article about to be stored (the agency it credits).
    public static func claim(of article: Article) -> CreditClaim {
        CreditClaim.read(
            byline: article.byline,
            dateline: article.dateline,
            creditLines: article.creditLines,
            ownSiteName: article.siteName
        )
    }
}

/// Decisions written to standard error when `WIRETRACE_TRACE` is set (for developing the rules).
enum EngineTrace {
    static let enabled: Bool = getenv("WIRETRACE_TRACE") != nil
    /// Show every match of documents whose URL contains this text.
    static let focus: String? = getenv("WIRETRACE_TRACE").map { String(cString: $0) }.flatMap { $0 == "1" ? nil : $0 }

    static func log(_ message: @autoclosure () -> String) {
        guard enabled else { return }
        var line = "trace: " + message() + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
