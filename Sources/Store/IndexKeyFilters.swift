import Foundation
import GRDB
import GRDBSQLite
import WiretraceDetection

/// A blocked Bloom filter of 64-bit keys: says for sure that a key is absent, or that it may be present.
/// Each key sets `hashesPerKey` bits inside one 512-bit block (a cache line), so a query costs one
/// cache miss. Band keys and passage hashes are hashes already; they are mixed again so that any bits
/// of them will do.
///
/// At 8 bits per key and 6 bits set per key, about 2.5 % of absent keys are reported as present.
struct KeyBloomFilter: Sendable {
    static let bitsPerKey = 8
    static let hashesPerKey = 6
    static let wordsPerBlock = 8  // 512 bits

    private var words: [UInt64]
    private let blockCount: UInt64
    /// Keys inserted (counting repeats).
    private(set) var count = 0
    /// Keys it holds at about the designed false-positive rate.
    let capacity: Int

    /// An empty filter for about `capacity` keys.
    /// - Complexity: O(`capacity`) memory: one byte per key.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
        let blocks = max(1, (self.capacity * Self.bitsPerKey + 511) / 512)
        blockCount = UInt64(blocks)
        words = [UInt64](repeating: 0, count: blocks * Self.wordsPerBlock)
    }

    /// Whether the filter holds more keys than it was made for.
    var isFull: Bool { count >= capacity }

    /// Adds `key`.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func insert(_ key: Int64) {
        let (base, bits) = Self.locate(key, blockCount: blockCount)
        words.withUnsafeMutableBufferPointer { words in
            var bits = bits
            for _ in 0..<Self.hashesPerKey {
                let bit = Int(bits & 511)
                words[base + bit >> 6] |= 1 << UInt64(bit & 63)
                bits >>= 9
            }
        }
        count += 1
    }

    /// False when `key` was never inserted; true when it was, or (rarely) by chance.
    /// - Complexity: O(1).
    @inline(__always)
    func mayContain(_ key: Int64) -> Bool {
        let (base, bits) = Self.locate(key, blockCount: blockCount)
        return words.withUnsafeBufferPointer { words in
            var bits = bits
            for _ in 0..<Self.hashesPerKey {
                let bit = Int(bits & 511)
                if words[base + bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
                bits >>= 9
            }
            return true
        }
    }

    /// The first word of the key's block and 54 bits choosing its bits in the block (9 bits each).
    @inline(__always)
    private static func locate(_ key: Int64, blockCount: UInt64) -> (base: Int, bits: UInt64) {
        // SplitMix64's finaliser: every output bit depends on every input bit.
        var mixed = UInt64(bitPattern: key) &+ 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        // The block from the high half (multiply-shift range reduction), the bits from the rest.
        let block = ((mixed >> 32) &* blockCount) >> 32
        let bits = mixed &* 0xD6E8_FEB8_6659_FD93
        return (Int(block) * wordsPerBlock, bits >> 10)
    }
}

/// Every key of one of the main indexes that merges fill (the band keys of `lsh_bands`, the passage
/// hashes of `passages`) as of one merge, in Bloom filters shared by a long job's connections: a
/// lookup skips the keys they say are absent. Most of a new page's band keys and passages are in no
/// other document, and each lookup of one reads a leaf page of a large index (at 10^6 documents, a
/// page copied from the OS cache per key).
///
/// The filters are never wrong about a key they say is absent, because they are used only for
/// snapshots whose index they hold all of: they are built from a snapshot (or start empty with an empty
/// index), and the writer adds the keys of each merge it makes. A merge they did not see (another
/// process's) or a rolled-back transaction makes them unusable until built again.
final class IndexKeyFilters: @unchecked Sendable {
    private let lock = NSLock()
    /// Filters in the order made; a full one is followed by one twice its size.
    private var filters: [KeyBloomFilter] = []
    /// The `band_keys_merged_through` setting of the index the filters hold (band keys and passages are
    /// merged together); nil when they hold none.
    private var coveredThrough: DocumentID?
    /// The last merge this process's writer made, while the filters were being built or after.
    private var lastMerge: DocumentID?
    private var cancelled = true

    /// Smallest filter made, in keys.
    static let minimumCapacity = 1 << 20
    /// Most keys all filters together are made for (by default 2^28, 256 MiB at one byte per key, about
    /// 6 million documents' keys): beyond, the filters are dropped and searches look every key up, so
    /// that memory stays bounded whatever the size of the index.
    let maximumCapacity: Int

    /// The keys of the main index in key order (read to build the filters).
    let keysQuery: String
    /// The distinct keys of the recent table that a merge moves into the main index.
    let recentKeysQuery: String

    /// About how many distinct keys the index holds per document (sizes a build's first filter).
    let keysPerDocument: Int

    init(keysQuery: String, recentKeysQuery: String, keysPerDocument: Int, maximumCapacity: Int = 1 << 28) {
        self.keysQuery = keysQuery
        self.recentKeysQuery = recentKeysQuery
        self.keysPerDocument = keysPerDocument
        self.maximumCapacity = maximumCapacity
    }

    /// Filters of the band keys in `lsh_bands`.
    static func bandKeys(maximumCapacity: Int = 1 << 28) -> IndexKeyFilters {
        IndexKeyFilters(
            keysQuery: "SELECT band_key FROM lsh_bands",
            recentKeysQuery: "SELECT DISTINCT band_key FROM lsh_bands_recent",
            keysPerDocument: 40,  // most band keys are one document's alone
            maximumCapacity: maximumCapacity
        )
    }

    /// Filters of the passage hashes in `passages`.
    static func passages(maximumCapacity: Int = 1 << 28) -> IndexKeyFilters {
        IndexKeyFilters(
            keysQuery: "SELECT passage_hash FROM passages",
            recentKeysQuery: "SELECT DISTINCT passage_hash FROM passages_recent",
            keysPerDocument: 12,  // paragraphs of eight words or more
            maximumCapacity: maximumCapacity
        )
    }

    /// Adds `key` to the newest of `filters`, first starting one twice as large as the last (the first of
    /// `firstCapacity`) when it is full; false when that one would pass ``maximumCapacity``.
    private func insert(_ key: Int64, into filters: inout [KeyBloomFilter], firstCapacity: Int) -> Bool {
        if filters.last?.isFull ?? true {
            let capacity = filters.last.map { 2 * $0.capacity } ?? firstCapacity
            guard filters.reduce(capacity, { $0 + $1.capacity }) <= maximumCapacity else { return false }
            filters.append(KeyBloomFilter(capacity: capacity))
        }
        filters[filters.count - 1].insert(key)
        return true
    }

    /// For each of `keys`, whether the main index of a snapshot merged through `mergedThrough` certainly
    /// lacks it; nil when the filters cannot tell (not built, or not for this snapshot).
    func absent(_ keys: [Int64], mergedThrough: DocumentID) -> [Bool]? {
        lock.lock()
        defer { lock.unlock() }
        guard let coveredThrough, mergedThrough <= coveredThrough else { return nil }
        let absent = keys.map { key in !filters.contains { $0.mayContain(key) } }
        lookupsSkipped += absent.lazy.filter { $0 }.count
        return absent
    }

    /// Keys said to be absent so far (lookups saved).
    private(set) var lookupsSkipped = 0

    /// Whether the filters hold the index merged through `previous`: a merge from it should pass its keys
    /// to ``merged(_:from:to:)``, which otherwise drops the filters anyway.
    func hold(mergedThrough previous: DocumentID) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return coveredThrough == previous
    }

    /// Records a merge by this process's writer of the index merged through `previous` up to `newest`,
    /// which added `keys` (nil: not read, the filters are dropped). Call it in the merge's transaction;
    /// if that rolls back, call ``invalidate()``.
    /// - Complexity: O(`keys`), outside the lock: searches go on meanwhile with the filters as they were
    ///   (the merge is not committed yet, so no snapshot holds it).
    func merged(_ keys: [Int64]?, from previous: DocumentID, to newest: DocumentID) {
        lock.lock()
        lastMerge = newest
        guard let keys, coveredThrough == previous else {
            coveredThrough = nil
            filters = []
            lock.unlock()
            return
        }
        var updated = filters  // the filter added to is copied once (copy on write)
        lock.unlock()
        // A key already in an older filter goes in again: checking every filter first would cost a
        // cache miss per filter per key.
        var fitting = true
        for key in keys where !insert(key, into: &updated, firstCapacity: Self.minimumCapacity) {
            fitting = false
            break
        }
        lock.lock()
        defer { lock.unlock() }
        guard coveredThrough == previous else { return }  // invalidated meanwhile
        filters = fitting ? updated : []
        coveredThrough = fitting ? newest : nil
    }

    /// Forgets the filters (a transaction that may have merged rolled back).
    func invalidate() {
        lock.lock()
        defer { lock.unlock() }
        coveredThrough = nil
        filters = []
    }

    /// Builds the filters from a snapshot of the index, unless they hold one already; returns at once
    /// when the index is empty, else reads every key (on the caller's thread: call it on one of its
    /// own). Gives up when ``cancel()`` is called.
    /// - Parameter read: runs its body in a read transaction of the store.
    func build(_ read: ((Database) throws -> Void) throws -> Void) {
        lock.lock()
        let needed = coveredThrough == nil && !cancelled
        lock.unlock()
        guard needed else { return }
        var built: [KeyBloomFilter] = []
        var snapshot: DocumentID = 0
        do {
            try read { db in
                snapshot = try SQLiteSession.mergedThrough(in: db)
                guard try Row.fetchOne(db.makeStatement(sql: keysQuery + " LIMIT 1")) != nil else { return }
                let estimate = max(Self.minimumCapacity, Int(min(snapshot, 1 << 32)) * keysPerDocument)
                var previous: Int64?
                var rows = 0
                try db.makeStatement(sql: keysQuery).forEachRow([]) { row in
                    let key = sqlite3_column_int64(row, 0)
                    rows += 1
                    if rows & 0xFFFF == 0, isCancelled { throw CancellationError() }
                    guard key != previous else { return }  // keys come in order
                    previous = key
                    guard insert(key, into: &built, firstCapacity: estimate) else { throw CancellationError() }
                }
            }
        } catch {
            return  // cancelled, too large, or the read failed: searches go on without filters
        }
        lock.lock()
        defer { lock.unlock() }
        // A merge made while the snapshot was read added keys the filters lack.
        guard coveredThrough == nil, !cancelled, (lastMerge ?? 0) <= snapshot else { return }
        filters = built
        coveredThrough = snapshot
    }

    /// Lets builds run (a long job starts).
    func allowBuilding() {
        lock.lock()
        cancelled = false
        lock.unlock()
    }

    /// Makes a build in progress give up, and later ones not start (a long job ends).
    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    private var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}
