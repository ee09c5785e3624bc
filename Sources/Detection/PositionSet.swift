/// A set of shingle positions in one document, as a bitmap: which parts of a text a match covers.
public struct PositionSet: Sendable, Equatable {
    @usableFromInline internal var words: [UInt64]

    /// An empty set able to hold positions below `capacity` without growing.
    public init(capacity: Int = 0) {
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
    }

    /// A set read back from ``serialized``; nil when the bytes are not whole 64-bit words.
    public init?(serialized bytes: [UInt8]) {
        guard bytes.count % 8 == 0 else { return nil }
        words = stride(from: 0, to: bytes.count, by: 8).map { start in
            var value: UInt64 = 0
            for offset in 0..<8 { value |= UInt64(bytes[start + offset]) << (8 * UInt64(offset)) }
            return value
        }
        trim()
    }

    /// Little-endian bytes of the bitmap, without trailing zero words.
    public var serialized: [UInt8] {
        var copy = self
        copy.trim()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(copy.words.count * 8)
        for word in copy.words {
            for offset in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(offset)))) }
        }
        return bytes
    }

    @inlinable
    public mutating func insert(_ position: Int) {
        let word = position >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(position & 63)
    }

    @inlinable
    public func contains(_ position: Int) -> Bool {
        let word = position >> 6
        return word < words.count && words[word] & (1 << UInt64(position & 63)) != 0
    }

    /// Number of positions in the set.
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// Smallest position, or nil when empty.
    public var first: Int? {
        for (index, word) in words.enumerated() where word != 0 { return index * 64 + word.trailingZeroBitCount }
        return nil
    }

    /// Largest position, or nil when empty.
    public var last: Int? {
        for index in words.indices.reversed() where words[index] != 0 {
            return index * 64 + 63 - words[index].leadingZeroBitCount
        }
        return nil
    }

    /// Number of positions below `limit`.
    public func count(below limit: Int) -> Int {
        guard limit > 0 else { return 0 }
        let whole = Swift.min(limit >> 6, words.count)
        var total = 0
        for index in 0..<whole { total += words[index].nonzeroBitCount }
        if whole < words.count && limit & 63 != 0 {
            total += (words[whole] & ((1 << UInt64(limit & 63)) - 1)).nonzeroBitCount
        }
        return total
    }

    /// Number of positions in both sets.
    public func intersectionCount(_ other: PositionSet) -> Int {
        var total = 0
        for index in 0..<Swift.min(words.count, other.words.count) {
            total += (words[index] & other.words[index]).nonzeroBitCount
        }
        return total
    }

    /// Number of positions in this set but not in `other`.
    public func subtractingCount(_ other: PositionSet) -> Int {
        count - intersectionCount(other)
    }

    /// The positions in this set but not in `other`.
    public func subtracting(_ other: PositionSet) -> PositionSet {
        var copy = self
        for index in 0..<Swift.min(copy.words.count, other.words.count) { copy.words[index] &= ~other.words[index] }
        return copy
    }

    public mutating func formUnion(_ other: PositionSet) {
        if other.words.count > words.count {
            words.append(contentsOf: repeatElement(0, count: other.words.count - words.count))
        }
        for index in other.words.indices { words[index] |= other.words[index] }
    }

    public func union(_ other: PositionSet) -> PositionSet {
        var copy = self
        copy.formUnion(other)
        return copy
    }

    private mutating func trim() {
        while let last = words.last, last == 0 { words.removeLast() }
    }

    public static func == (lhs: PositionSet, rhs: PositionSet) -> Bool {
        var a = lhs
        var b = rhs
        a.trim()
        b.trim()
        return a.words == b.words
    }
}
