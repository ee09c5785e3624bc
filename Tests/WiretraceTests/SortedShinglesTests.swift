import Testing
import WiretraceDetection
import WiretraceFingerprint
import WiretraceLineage

@Suite("Sorted shingle sets and candidate choice")
struct SortedShinglesTests {
    /// A sorted, duplicate-free random set of about `count` values below `range`.
    static func randomSet(_ count: Int, below range: UInt32, _ generator: inout SplitMix) -> [UInt32] {
        Array(Set((0..<count).map { _ in UInt32.random(in: 0..<range, using: &generator) })).sorted()
    }

    @Test("intersection count and values match Set arithmetic, merged or searched", arguments: [1, 8, 40, 400])
    func intersections(smallCount: Int) {
        var generator = SplitMix(seed: UInt64(smallCount))
        for _ in 0..<50 {
            let small = Self.randomSet(smallCount, below: 2_000, &generator)
            let large = Self.randomSet(1_000, below: 2_000, &generator)
            let expected = Set(small).intersection(large)
            #expect(SortedShingles.intersectionCount(small, large) == expected.count)
            #expect(SortedShingles.intersectionCount(large, small) == expected.count)
            #expect(SortedShingles.intersection(small, large) == expected.sorted())
            #expect(SortedShingles.intersection(large, small) == expected.sorted())
        }
        #expect(SortedShingles.intersectionCount([], [1, 2]) == 0)
        #expect(SortedShingles.intersection([3], []) == [])
        #expect(SortedShingles.intersectionCount([UInt32.max], [0, UInt32.max]) == 1)
    }

    @Test(
        "the four-at-a-time merges find what Set arithmetic finds, block edges and tails included",
        arguments: [0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 100, 1_000]
    )
    func blockMerge(size: Int) {
        var generator = SplitMix(seed: UInt64(size) + 101)
        // Sets of similar sizes (so the merge runs, not the binary search), dense and sparse overlaps,
        // and values at both ends of the range.
        for range: UInt32 in [UInt32(size) + 2, 2 * UInt32(size) + 8, 50 * UInt32(size) + 8, UInt32.max] {
            for _ in 0..<20 {
                let a = Self.randomSet(size, below: range, &generator)
                let b = Self.randomSet(size + Int.random(in: 0...5, using: &generator), below: range, &generator)
                let expected = Set(a).intersection(b).sorted()
                #expect(SortedShingles.intersectionCount(a, b) == expected.count)
                #expect(SortedShingles.intersectionCount(b, a) == expected.count)
                #expect(SortedShingles.intersectionCount(a, a) == a.count)
                #expect(SortedShingles.intersection(a, b) == expected)
                #expect(SortedShingles.intersection(b, a) == expected)
                let (values, ranks) = SortedShingles.intersectionWithRanks(a, b)
                #expect(values == expected)
                #expect(ranks.map { a[$0] } == expected)
            }
        }
        let evens = (0..<UInt32(size)).map { 2 * $0 }
        let odds = evens.map { $0 + 1 }
        #expect(SortedShingles.intersectionCount(evens, odds) == 0)
        #expect(SortedShingles.intersectionCount([0, 1, 2, UInt32.max], [1, 2, 3, UInt32.max]) == 3)
    }

    @Test(
        "sorted unique values match Set and sorted(), by radix or by comparison",
        arguments: [0, 1, 2, 63, 64, 65, 1_000, 20_000]
    )
    func sortedUniqueValues(count: Int) {
        var generator = SplitMix(seed: UInt64(count) + 11)
        // Full-range values, a narrow range (shared high bytes: skipped passes), many duplicates, extremes.
        let ranges: [ClosedRange<UInt32>] = [0...UInt32.max, 70_000...70_255, 0...9, (UInt32.max - 3)...UInt32.max]
        for range in ranges {
            let values = (0..<count).map { _ in UInt32.random(in: range, using: &generator) }
            #expect(SortedShingles.sortedUnique(values) == Array(Set(values)).sorted())
            #expect(SortedShingles.radixSorted(values) == values.sorted())
        }
        #expect(SortedShingles.radixSorted([UInt32.max, 0, 256, 1 << 24, 255]) == [0, 255, 256, 1 << 24, UInt32.max])
    }

    @Test("candidates: strong ones ranked by hit worth then id, medium ones on a budget, weak ones not")
    func candidateChoice() {
        var policy = MatchPolicy()
        policy.candidateLimit = 5
        policy.strongCandidateHits = 6
        policy.mediumCandidateHits = 4
        policy.mediumCandidateLimit = 2
        policy.weakCandidateHits = 2
        policy.weakCandidateLimit = 0
        let engine = StoryEngine(fingerprinter: Fingerprinter(), policy: policy)
        // Worth in points: a similarity key 2, an anchor 1; strong from 6, medium from 4.
        let hits: [Int64: Int] = [10: 6, 11: 14, 12: 6, 13: 4, 14: 5, 15: 4, 16: 3, 17: 18]
        #expect(engine.chooseCandidates(hits) == [17, 11, 10, 12, 13])
        policy.candidateLimit = 3
        #expect(StoryEngine(fingerprinter: Fingerprinter(), policy: policy).chooseCandidates(hits) == [17, 11, 10])
        policy.candidateLimit = 10
        policy.weakCandidateLimit = 1
        #expect(
            StoryEngine(fingerprinter: Fingerprinter(), policy: policy).chooseCandidates(hits) == [
                17, 11, 10, 12, 13, 14, 16,
            ]
        )
    }

    @Test("hit counts equal a dictionary count, with or without a minimum", arguments: [0, 3, 300, 5_000])
    func hitCounts(ids: Int) {
        var generator = SplitMix(seed: UInt64(ids) + 7)
        for _ in 0..<20 {
            // Buckets of sorted ids, some shared between keys, some keys skipped (nil); ids up to 2^62.
            let pool = (0..<max(1, ids / 4)).map { _ in Int64.random(in: 1..<(1 << 62), using: &generator) }
            let buckets: [[Int64]?] = (0..<50).map { key in
                key % 7 == 3
                    ? nil : Array(Set((0..<(ids / 50)).map { _ in pool.randomElement(using: &generator)! })).sorted()
            }
            var expected: [Int64: Int] = [:]
            // Keys alternate: even (similarity, worth 2) and odd (anchors, worth 1).
            let keys = buckets.indices.map { Int64($0) * 7 }
            for (index, bucket) in buckets.enumerated() {
                for id in bucket ?? [] { expected[id, default: 0] += keys[index] & 1 == 1 ? 1 : 2 }
            }
            #expect(StoryEngine.hits(buckets, keys: keys) == expected)
            #expect(StoryEngine.hits(buckets, keys: keys, minimum: 4) == expected.filter { $0.value >= 4 })
        }
        #expect(
            StoryEngine.hits([[1, 2], [2], nil, [2, Int64.max]], keys: [2, 3, 4, 5]) == [1: 2, 2: 4, Int64.max: 1]
        )
    }
}
