import Dispatch
import Foundation
import Testing

@testable import WiretraceExtraction

@Suite("libxml2's per-page arena")
struct LibxmlArenaTests {
    /// Fills `count` bytes at `pointer` with a pattern derived from `seed`.
    static func fill(_ pointer: UnsafeMutableRawPointer, _ count: Int, seed: Int) {
        for offset in 0..<count {
            pointer.storeBytes(of: UInt8(truncatingIfNeeded: seed &+ offset), toByteOffset: offset, as: UInt8.self)
        }
    }

    static func holds(_ pointer: UnsafeMutableRawPointer, _ count: Int, seed: Int) -> Bool {
        (0..<count).allSatisfy {
            pointer.load(fromByteOffset: $0, as: UInt8.self) == UInt8(truncatingIfNeeded: seed &+ $0)
        }
    }

    /// Bytes of blocks the calling thread keeps between pages.
    static var retainedBytes: Int {
        var total = 0
        var block = LibxmlArena.State.current.pointee.first
        while let current = block {
            total += current.load(fromByteOffset: 8, as: Int.self)
            block = current.load(as: UnsafeMutableRawPointer?.self)
        }
        return total
    }

    @Test("allocations of every size keep their bytes, grow in place or by copy, and the blocks kept stay bounded")
    func allocations() throws {
        LibxmlArena.installed
        try LibxmlArena.withArena {
            var live: [(pointer: UnsafeMutableRawPointer, size: Int, seed: Int)] = []
            var generator = SplitMix(seed: 5)
            // Small ones, one larger than a block, one far larger than the kept limit.
            var sizes = (0..<3_000).map { _ in Int.random(in: 0...300, using: &generator) }
            sizes += [LibxmlArena.blockSize + 1, 3 * LibxmlArena.retainedSize, 17]
            for (seed, size) in sizes.enumerated() {
                let pointer = try #require(LibxmlArena.allocate(size))
                #expect(Int(bitPattern: pointer) % 16 == 0)
                Self.fill(pointer, size, seed: seed)
                live.append((pointer, size, seed))
            }
            // The newest allocation grows in place; an older one moves and keeps its bytes.
            let newest = live.removeLast()
            let grown = try #require(LibxmlArena.reallocate(newest.pointer, 4_000))
            #expect(grown == newest.pointer)
            #expect(Self.holds(grown, newest.size, seed: newest.seed))
            let older = live.removeFirst()
            let moved = try #require(LibxmlArena.reallocate(older.pointer, older.size + 1_000))
            #expect(Self.holds(moved, older.size, seed: older.seed))
            for (pointer, size, seed) in live { #expect(Self.holds(pointer, size, seed: seed)) }
            let text = try #require(LibxmlArena.duplicate("Shelby County"))
            #expect(String(cString: text) == "Shelby County")
            LibxmlArena.free(text)  // nothing to do inside the arena
        }
        #expect(Self.retainedBytes <= LibxmlArena.retainedSize)
        #expect(LibxmlArena.active == nil)
    }

    @Test("outside an arena, and for memory made outside it, allocations are the heap's")
    func heap() throws {
        LibxmlArena.installed
        let outside = try #require(LibxmlArena.allocate(100))
        Self.fill(outside, 100, seed: 1)
        try LibxmlArena.withArena {
            // Reallocated inside, memory from the heap stays on the heap (and survives the arena).
            let moved = try #require(LibxmlArena.reallocate(outside, 5_000))
            #expect(Self.holds(moved, 100, seed: 1))
            LibxmlArena.withArena {
                // A nested arena is the outer one: its allocations live until the outer one ends.
                #expect(LibxmlArena.active != nil)
            }
            #expect(LibxmlArena.active != nil)
            LibxmlArena.free(moved)
        }
        let string = try #require(LibxmlArena.duplicate("after"))
        #expect(String(cString: string) == "after")
        LibxmlArena.free(string)
        LibxmlArena.free(nil)
        // Memory from `malloc` itself (what libxml2 allocated before the allocator was installed).
        let foreign = try #require(malloc(64))
        Self.fill(foreign, 64, seed: 9)
        let grown = try #require(LibxmlArena.reallocate(foreign, 100_000))
        #expect(Self.holds(grown, 64, seed: 9))
        LibxmlArena.free(grown)
        LibxmlArena.withArena { LibxmlArena.free(malloc(32)) }
        #if canImport(Glibc)
        // A block above glibc's largest mapping threshold (32 MiB) is mapped on its own: freeing it through
        // the arena's `free` unmaps it (or, if another test's thread mapped memory there since, what is
        // there is no longer this block). Only its first page is touched.
        let large = try #require(malloc(64 << 20))
        Self.fill(large, 4_000, seed: 3)
        let page = UnsafeMutableRawPointer(bitPattern: Int(bitPattern: large) & ~4095)!
        var resident: UInt8 = 0
        #expect(mincore(page, 4096, &resident) == 0)
        LibxmlArena.free(large)
        #expect(mincore(page, 4096, &resident) == -1 || !Self.holds(large, 4_000, seed: 3))
        #endif
    }

    @Test("pages extracted on many threads at once come out as they do one at a time")
    func threads() throws {
        let extractor = ArticleExtractor()
        let pages: [String] = (0..<12).map { index in
            let paragraphs = (0..<(5 + index)).map {
                "<p>Paragraph \($0) of page \(index), with words enough to keep.</p>"
            }
            return """
                <html><head><title>Page \(index) | The Herald</title></head><body><nav><a href="/">Home</a></nav>
                <article><h1>Page \(index)</h1>\(paragraphs.joined())</article><footer>© The Herald</footer></body></html>
                """
        }
        let expected = pages.map { extractor.extract(html: Array($0.utf8), url: "https://example.com/a").paragraphs }
        nonisolated(unsafe) let results = UnsafeMutableBufferPointer<[String]>.allocate(capacity: 8 * pages.count)
        results.initialize(repeating: [])
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for round in 0..<20 {
                for (index, page) in pages.enumerated() where (index + round) % 2 == 0 || round == 19 {
                    let paragraphs = extractor.extract(html: Array(page.utf8), url: "https://example.com/a").paragraphs
                    if round == 19 { results[thread * pages.count + index] = paragraphs }
                }
            }
        }
        for thread in 0..<8 {
            for index in pages.indices { #expect(results[thread * pages.count + index] == expected[index]) }
        }
        #expect(expected.allSatisfy { $0.count >= 5 })
    }
}
