import Testing

@testable import WiretraceStore

@Suite("Index key filters")
struct IndexKeyFilterTests {
    /// Deterministic pseudo-random keys (SplitMix64).
    func keys(_ count: Int, seed: UInt64) -> [Int64] {
        var state = seed
        return (0..<count).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int64(bitPattern: z ^ (z >> 31))
        }
    }

    @Test("a filter holds every key inserted and few others, whatever bits the keys vary in")
    func falsePositives() {
        for (inserted, others) in [
            (keys(100_000, seed: 1), keys(100_000, seed: 2)),
            // Small consecutive numbers and multiples of a power of two: only a few low or high bits vary.
            ((0..<100_000).map { Int64($0) }, (100_000..<200_000).map { Int64($0) }),
            ((0..<100_000).map { Int64($0) << 40 }, (100_000..<200_000).map { Int64($0) << 40 }),
        ] {
            var filter = KeyBloomFilter(capacity: inserted.count)
            for key in inserted { filter.insert(key) }
            #expect(inserted.allSatisfy { filter.mayContain($0) })
            let falsePositives = others.filter { filter.mayContain($0) }.count
            #expect(falsePositives < others.count / 20, "\(falsePositives) of \(others.count)")
            #expect(filter.isFull)
        }
    }

    @Test("filters answer only for snapshots whose index they hold, and grow as merges add keys")
    func coverage() {
        let filters = IndexKeyFilters.bandKeys()
        let first = keys(10, seed: 3)
        #expect(filters.absent(first, mergedThrough: 0) == nil)  // not built
        filters.allowBuilding()
        filters.build { _ in }  // an empty database: nothing read, the empty index is held
        #expect(filters.absent(first, mergedThrough: 0) == Array(repeating: true, count: 10))
        filters.merged(first, from: 0, to: 100)
        #expect(filters.absent(first, mergedThrough: 100) == Array(repeating: false, count: 10))
        #expect(filters.absent(first, mergedThrough: 50) != nil)  // an older snapshot holds less
        #expect(filters.absent(first, mergedThrough: 101) == nil)  // a merge they did not see
        // More keys than the first filter holds: a second, larger one.
        let many = keys(IndexKeyFilters.minimumCapacity + 10, seed: 4)
        filters.merged(many, from: 100, to: 200)
        let answer = filters.absent(many + first, mergedThrough: 200)
        #expect(answer?.allSatisfy { !$0 } == true)
        // A merge whose keys were not read drops them.
        #expect(filters.hold(mergedThrough: 200))
        filters.merged(nil, from: 200, to: 210)
        #expect(filters.absent(first, mergedThrough: 200) == nil)
        #expect(!filters.hold(mergedThrough: 210))
        // Another process's merge (from a point they do not hold) makes them unusable.
        filters.merged(keys(5, seed: 5), from: 250, to: 300)
        #expect(filters.absent(first, mergedThrough: 300) == nil)
        #expect(filters.absent(first, mergedThrough: 200) == nil)
    }

    @Test("filters that would outgrow their memory bound are dropped")
    func bounded() {
        let minimum = IndexKeyFilters.minimumCapacity
        let filters = IndexKeyFilters.bandKeys(maximumCapacity: 3 * minimum)
        filters.allowBuilding()
        filters.build { _ in }
        // A first filter, then one twice its size: three times the minimum, within the bound.
        filters.merged(keys(minimum + 10, seed: 8), from: 0, to: 10)
        #expect(filters.absent([1], mergedThrough: 10) != nil)
        // A third would pass it: no filters, every key looked up.
        filters.merged(keys(2 * minimum, seed: 9), from: 10, to: 20)
        #expect(filters.absent([1], mergedThrough: 20) == nil)
        #expect(filters.absent([1], mergedThrough: 10) == nil)
    }

    @Test("a rolled-back transaction or a merge during the build leaves no filters to use")
    func invalidation() {
        let filters = IndexKeyFilters.bandKeys()
        filters.allowBuilding()
        filters.build { _ in }
        filters.merged(keys(10, seed: 6), from: 0, to: 10)
        filters.invalidate()
        #expect(filters.absent(keys(3, seed: 7), mergedThrough: 10) == nil)
        // A build that read a snapshot older than a merge this process made is not installed.
        filters.build { _ in }
        #expect(filters.absent(keys(3, seed: 7), mergedThrough: 0) == nil)
        // Once cancelled, builds do not start.
        filters.cancel()
        let idle = IndexKeyFilters.bandKeys()
        idle.build { _ in }
        #expect(idle.absent([1], mergedThrough: 0) == nil)
    }
}

@Suite("Recent key filter")
struct RecentKeyFilterTests {
    let keys = IndexKeyFilterTests().keys

    @Test("answers only for snapshots of its generations that hold no document it did not see")
    func generations() {
        let filter = RecentKeyFilter(capacity: 1_000)
        let first = keys(40, 11)
        let second = keys(40, 12)
        #expect(filter.absent(first, mergedThrough: 0, newestDocument: 0) == nil)  // not started
        filter.start(mergedThrough: 0, newestDocument: 0)
        #expect(!filter.isLive)  // only a long job's writer starts it
        filter.beginJob()
        filter.start(mergedThrough: 0, newestDocument: 0)
        #expect(filter.isLive)
        #expect(filter.absent(first, mergedThrough: 0, newestDocument: 0) == Array(repeating: true, count: 40))
        filter.add(first, of: 1)
        filter.add([], of: 2)  // a document without band keys is covered too
        #expect(filter.absent(first, mergedThrough: 0, newestDocument: 2) == Array(repeating: false, count: 40))
        // A snapshot holding a document the writer did not store, or merged where it did not merge.
        #expect(filter.absent(first, mergedThrough: 0, newestDocument: 3) == nil)
        #expect(filter.absent(first, mergedThrough: 1, newestDocument: 2) == nil)

        // The writer merges through document 2: snapshots taken before the merge use the old generation.
        filter.start(mergedThrough: 2, newestDocument: 2)
        filter.add(second, of: 3)
        #expect(filter.absent(first, mergedThrough: 0, newestDocument: 2) == Array(repeating: false, count: 40))
        let afterMerge = filter.absent(first + second, mergedThrough: 2, newestDocument: 3)
        #expect(afterMerge?.suffix(40).allSatisfy { !$0 } == true)
        #expect((afterMerge?.prefix(40).filter { $0 }.count ?? 0) >= 35)  // few false positives
        #expect(filter.lookupsSkipped >= 75)
        // Two merges on, the first generation is gone.
        filter.start(mergedThrough: 3, newestDocument: 3)
        #expect(filter.absent(first, mergedThrough: 0, newestDocument: 2) == nil)
        #expect(filter.absent(second, mergedThrough: 2, newestDocument: 3) != nil)
    }

    @Test("another process's document or a rollback leaves it unused until the writer's next merge")
    func invalidation() {
        let filter = RecentKeyFilter(capacity: 1_000)
        filter.beginJob()
        filter.start(mergedThrough: 5, newestDocument: 7)
        filter.add(keys(40, 13), of: 8)
        filter.verify(newestDocument: 8)  // the writer's own documents
        #expect(filter.absent([1], mergedThrough: 5, newestDocument: 8) != nil)
        filter.verify(newestDocument: 9)  // stored by someone else between two transactions
        #expect(!filter.isLive)
        #expect(filter.absent([1], mergedThrough: 5, newestDocument: 8) == nil)
        filter.add(keys(40, 14), of: 10)  // ignored while unused
        #expect(filter.absent([1], mergedThrough: 5, newestDocument: 8) == nil)
        filter.start(mergedThrough: 10, newestDocument: 10)
        #expect(filter.absent([1], mergedThrough: 10, newestDocument: 10) == [true])
        filter.invalidate()
        #expect(filter.absent([1], mergedThrough: 10, newestDocument: 10) == nil)
        // Once the job ends, merges made by other writes do not start it.
        filter.start(mergedThrough: 11, newestDocument: 11)
        #expect(filter.isLive)
        filter.endJob()
        filter.start(mergedThrough: 12, newestDocument: 12)
        #expect(!filter.isLive)
    }
}
