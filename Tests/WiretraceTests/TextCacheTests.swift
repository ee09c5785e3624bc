import Foundation
import Testing
import WiretraceDetection

@testable import WiretraceStore

@Suite("Text cache")
struct TextCacheTests {
    func text(_ seed: UInt32) -> ComparableText {
        ComparableText(
            shingles: (0..<20).map { seed &* 31 &+ $0 },
            paragraphStarts: [0],
            paragraphHashes: [UInt64(seed)]
        )
    }

    @Test("holds about its capacity, spread over stripes, first in first out within each")
    func capacity() {
        let cache = TextCache(capacity: 40, stripes: 4)
        for id in 0..<100 { cache.store(Int64(id), text(UInt32(id))) }
        #expect(cache.count == 40)
        #expect(cache.text(99)?.shingles == text(99).shingles)
        #expect(cache.text(0) == nil)  // among the oldest of its stripe
        cache.store(99, text(7))  // an id already held keeps its text
        #expect(cache.text(99)?.shingles == text(99).shingles)
        cache.removeAll()
        #expect(cache.count == 0 && cache.text(99) == nil)
        #expect(TextCache(capacity: 0).text(1) == nil)
    }

    @Test("a text evicted by another thread is freed by the thread that decoded it, when it next uses the cache")
    func evictedTextsGoBackToTheirMaker() {
        let cache = TextCache(capacity: 1, stripes: 1)
        let stored = DispatchSemaphore(value: 0)
        let evicted = DispatchSemaphore(value: 0)
        let drained = DispatchSemaphore(value: 0)
        let maker = Thread {
            cache.store(1, text(1))
            stored.signal()
            evicted.wait()
            _ = cache.text(42)  // any use of the cache frees what waits for this thread
            drained.signal()
        }
        maker.start()
        stored.wait()
        cache.store(2, text(2))  // evicts the maker's text: it waits for the maker
        #expect(cache.textsWaitingForMakers == 1)
        #expect(cache.text(1) == nil && cache.text(2) != nil)
        evicted.signal()
        drained.wait()
        #expect(cache.textsWaitingForMakers == 0)
        cache.store(3, text(3))  // evicts this thread's own text: freed at once
        #expect(cache.textsWaitingForMakers == 0)
        #expect(cache.count == 1)
    }
}
