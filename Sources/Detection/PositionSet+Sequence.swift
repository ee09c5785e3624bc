extension PositionSet: Sequence {
    /// The positions of a set in ascending order, a set bit at a time.
    public struct Iterator: IteratorProtocol {
        @usableFromInline internal let words: [UInt64]
        @usableFromInline internal var index = 0
        @usableFromInline internal var bits: UInt64

        @inlinable
        init(words: [UInt64]) {
            self.words = words
            bits = words.first ?? 0
        }

        @inlinable
        public mutating func next() -> Int? {
            while bits == 0 {
                index += 1
                guard index < words.count else { return nil }
                bits = words[index]
            }
            let position = index * 64 + bits.trailingZeroBitCount
            bits &= bits - 1
            return position
        }
    }

    @inlinable
    public func makeIterator() -> Iterator { Iterator(words: words) }
}
