/// Counts how often each document id occurs in a page's LSH buckets: an open-addressing table of
/// 64-bit ids with linear probing, sized once for the ids to come (a page's buckets hold thousands of
/// ids at 10^6 documents, most of them once; a `Dictionary` hashes each with SipHash).
struct HitCounter {
    /// Ids by slot; `empty` marks a free slot (document ids are positive row ids).
    private var keys: [Int64]
    private var counts: [Int32]
    private let shift: UInt64
    private static let empty = Int64.min

    /// A table for up to `expected` distinct ids (kept at most half full).
    init(expected: Int) {
        var bits = 4
        while (1 << bits) < 2 * max(1, expected) { bits += 1 }
        keys = [Int64](repeating: Self.empty, count: 1 << bits)
        counts = [Int32](repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// Counts one occurrence of `id`, worth `weight`.
    /// - Complexity: O(1) expected.
    mutating func add(_ id: Int64, weight: Int32 = 1) {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let key = keys[slot]
            if key == id {
                counts[slot] += weight
                return
            }
            if key == Self.empty {
                keys[slot] = id
                counts[slot] = weight
                return
            }
            slot = (slot + 1) & mask
        }
    }

    /// The ids counted at least `minimum` times, with their counts.
    func counts(minimum: Int) -> [Int64: Int] {
        var result: [Int64: Int] = [:]
        for slot in keys.indices where keys[slot] != Self.empty && Int(counts[slot]) >= minimum {
            result[keys[slot]] = Int(counts[slot])
        }
        return result
    }
}
