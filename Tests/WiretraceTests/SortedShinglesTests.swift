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

    @Test("candidates: strong ones ranked by shared keys then id, two-key ones on a budget, one-key ones not")
    func candidateChoice() {
        var policy = MatchPolicy()
        policy.candidateLimit = 5
        policy.mediumCandidateLimit = 2
        let engine = StoryEngine(fingerprinter: Fingerprinter(), policy: policy)
        let hits: [Int64: Int] = [10: 3, 11: 7, 12: 3, 13: 2, 14: 2, 15: 2, 16: 1, 17: 9]
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
}
