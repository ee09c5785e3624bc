/// A map from 64-bit keys to non-negative positions: open addressing with linear probing over one array
/// of (key, position) slots, so a lookup touches one cache line where a `Dictionary` touches three
/// (bitmap, keys, values) and hashes with SipHash. Band keys are hashes already; a multiplicative mix
/// spreads any that are not (small test keys).
///
/// Kept at most half full; grows by doubling. Entries are removed only in bulk (``removeAll(below:)``).
@usableFromInline
struct KeyPositionTable {
    @usableFromInline
    struct Slot: Sendable {
        @usableFromInline var key: Int64
        /// The key's position, or `-1` for a free slot.
        @usableFromInline var position: Int

        @inlinable
        init(key: Int64, position: Int) {
            self.key = key
            self.position = position
        }
    }

    @usableFromInline var slots: [Slot]
    @usableFromInline var shift: UInt64
    /// Occupied slots.
    @usableFromInline var count = 0

    @usableFromInline static let free = Slot(key: 0, position: -1)

    /// A table with room for `capacity` keys before it grows.
    @usableFromInline
    init(capacity: Int = 8) {
        var bits = 4
        while (1 << bits) < 2 * max(1, capacity) { bits += 1 }
        slots = [Slot](repeating: Self.free, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    @inlinable @inline(__always)
    func home(of key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The position stored for `key`.
    /// - Complexity: O(1) expected.
    @inlinable
    subscript(key: Int64) -> Int? {
        let mask = slots.count - 1
        var index = home(of: key)
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let slot = slots[index]
                if slot.position < 0 { return nil }
                if slot.key == key { return slot.position }
                index = (index &+ 1) & mask
            }
        }
    }

    /// Stores `position` (≥ 0) for `key` and returns the position it replaces, if any.
    /// - Complexity: O(1) amortised.
    @inlinable
    mutating func updateValue(_ position: Int, forKey key: Int64) -> Int? {
        assert(position >= 0)
        if 2 * (count + 1) > slots.count { grow() }
        let mask = slots.count - 1
        var index = home(of: key)
        return slots.withUnsafeMutableBufferPointer { slots in
            while true {
                let slot = slots[index]
                if slot.position < 0 {
                    slots[index] = Slot(key: key, position: position)
                    count += 1
                    return nil
                }
                if slot.key == key {
                    slots[index].position = position
                    return slot.position
                }
                index = (index &+ 1) & mask
            }
        }
    }

    /// Forgets every key, keeping the storage.
    @usableFromInline
    mutating func removeAll() {
        guard count > 0 else { return }
        for index in slots.indices { slots[index] = Self.free }
        count = 0
    }

    /// Forgets the keys whose position is below `position`.
    /// - Complexity: O(slots).
    @usableFromInline
    mutating func removeAll(below position: Int) {
        rebuild(slotCount: slots.count) { $0.position >= position }
    }

    @usableFromInline
    mutating func grow() {
        shift -= 1
        rebuild(slotCount: slots.count * 2) { _ in true }
    }

    /// Puts the occupied slots that `keep` accepts into `slotCount` fresh slots (`shift` already set).
    private mutating func rebuild(slotCount: Int, keeping keep: (Slot) -> Bool) {
        let old = slots
        slots = [Slot](repeating: Self.free, count: slotCount)
        count = 0
        for slot in old where slot.position >= 0 && keep(slot) { insertNew(slot) }
    }

    /// Puts a slot whose key the table lacks into the first free slot of its probe sequence.
    private mutating func insertNew(_ slot: Slot) {
        let mask = slots.count - 1
        var index = home(of: slot.key)
        while slots[index].position >= 0 { index = (index &+ 1) & mask }
        slots[index] = slot
        count += 1
    }
}
