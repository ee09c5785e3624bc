import WiretraceFingerprint
import WiretraceLineage

/// A document's fingerprint in the form comparisons need: shingles by position, their sorted set,
/// and the paragraph structure used to ignore boilerplate passages.
public struct ComparableText: Sendable {
    /// Shingle hashes in text order.
    public let shingles: [UInt32]
    /// First shingle position of each paragraph.
    public let paragraphStarts: [UInt32]
    /// Hash of each paragraph's words.
    public let paragraphHashes: [UInt64]
    /// Distinct shingles, sorted.
    public let shingleSet: [UInt32]
    /// ``ShingleFlags`` of each position (raw values); empty when unknown (all clear).
    public let flags: [UInt8]
    /// Where each distinct shingle occurs, for a text compared with many others (``indexed()``).
    public private(set) var positionIndex: ShinglePositions?

    public init(shingles: [UInt32], paragraphStarts: [UInt32], paragraphHashes: [UInt64], flags: [UInt8] = []) {
        self.shingles = shingles
        self.paragraphStarts = paragraphStarts
        self.paragraphHashes = paragraphHashes
        self.shingleSet = SortedShingles.sortedUnique(shingles)
        self.flags = flags.count == shingles.count ? flags : []
    }

    /// A text whose sorted distinct shingles are known already (as stored).
    public init(
        shingles: [UInt32],
        shingleSet: [UInt32],
        paragraphStarts: [UInt32],
        paragraphHashes: [UInt64],
        flags: [UInt8] = []
    ) {
        self.shingles = shingles
        self.paragraphStarts = paragraphStarts
        self.paragraphHashes = paragraphHashes
        self.shingleSet = shingleSet
        self.flags = flags.count == shingles.count ? flags : []
    }

    public init(_ fingerprint: DocumentFingerprint) {
        self.init(
            shingles: fingerprint.shingles,
            paragraphStarts: fingerprint.paragraphStarts,
            paragraphHashes: fingerprint.paragraphHashes,
            flags: fingerprint.shingleFlags
        )
    }

    /// The flags of a position.
    func flag(at position: Int) -> ShingleFlags {
        position < flags.count ? ShingleFlags(rawValue: flags[position]) : []
    }

    /// Number of shingle positions.
    public var length: Int { shingles.count }

    /// Fewest shingle positions a paragraph holds to count as prose (sentences, not a menu item, a
    /// button label or a one-line caption credit).
    public static let proseParagraphPositions = 15

    /// For each position, whether its paragraph is prose (``proseParagraphPositions``): chrome lines a
    /// page keeps around its article (navigation, "Advertisement", a date line) are short.
    /// - Complexity: O(*n*).
    public func proseMask() -> [Bool] {
        var mask = [Bool](repeating: true, count: length)
        for index in paragraphStarts.indices {
            let start = min(Int(paragraphStarts[index]), length)
            let end = index + 1 < paragraphStarts.count ? min(Int(paragraphStarts[index + 1]), length) : length
            if end - start < Self.proseParagraphPositions {
                for position in start..<end { mask[position] = false }
            }
        }
        return mask
    }

    /// The text with its ``positionIndex`` built: comparisons of it with many others then find its
    /// shared positions from the shared shingles, without looking up each of its positions.
    /// - Complexity: O(*n* log *n*) once.
    public func indexed() -> ComparableText {
        guard positionIndex == nil else { return self }
        var copy = self
        copy.positionIndex = ShinglePositions(self)
        return copy
    }

    /// Positions whose paragraph is not in `excluded`, in order; all positions when `excluded` is empty.
    func informativePositions(excluding excluded: Set<UInt64>) -> [Int] {
        guard !excluded.isEmpty else { return Array(0..<shingles.count) }
        var positions: [Int] = []
        positions.reserveCapacity(shingles.count)
        var paragraph = 0
        for position in 0..<shingles.count {
            while paragraph + 1 < paragraphStarts.count, Int(paragraphStarts[paragraph + 1]) <= position {
                paragraph += 1
            }
            let hash = paragraph < paragraphHashes.count ? paragraphHashes[paragraph] : 0
            if !excluded.contains(hash) { positions.append(position) }
        }
        return positions
    }

    /// True when both texts have the same shingles and paragraphs (exact copies).
    func hasSameContent(as other: ComparableText) -> Bool {
        shingles == other.shingles && paragraphStarts == other.paragraphStarts
            && paragraphHashes == other.paragraphHashes && flags == other.flags
    }

    /// True when any paragraph hash is in `hashes`.
    func hasParagraph(in hashes: Set<UInt64>) -> Bool {
        paragraphHashes.contains { hashes.contains($0) }
    }
}

/// True when the sorted array `values` holds `value`.
@inlinable
func sortedContains(_ values: [UInt32], _ value: UInt32) -> Bool {
    var low = 0
    var high = values.count
    while low < high {
        let mid = (low + high) >> 1
        if values[mid] < value { low = mid + 1 } else { high = mid }
    }
    return low < values.count && values[low] == value
}

/// A set of shingle hashes for fast membership tests: open addressing on the (already random) values.
@usableFromInline
struct ShingleLookup {
    @usableFromInline var slots: [UInt32]
    @usableFromInline let mask: Int
    @usableFromInline var hasZero = false

    /// Builds the set of `values` (sorted or not).
    @inlinable
    init(_ values: [UInt32]) {
        var size = 16
        while size < values.count * 2 { size <<= 1 }
        mask = size - 1
        slots = [UInt32](repeating: 0, count: size)
        for value in values {
            if value == 0 {
                hasZero = true
                continue
            }
            var index = Int(truncatingIfNeeded: value) & mask
            while slots[index] != 0 && slots[index] != value { index = (index + 1) & mask }
            slots[index] = value
        }
    }

    @inlinable @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        if value == 0 { return hasZero }
        var index = Int(truncatingIfNeeded: value) & mask
        while true {
            let slot = slots[index]
            if slot == value { return true }
            if slot == 0 { return false }
            index = (index + 1) & mask
        }
    }
}

/// The positions of each distinct shingle of a text, grouped in the order of its sorted shingle set.
public struct ShinglePositions: Sendable {
    /// Where the positions of the *k*-th distinct shingle start in `positions`; one more entry ends
    /// the last group.
    @usableFromInline let offsets: [Int32]
    /// Positions, by shingle and then in text order.
    @usableFromInline let positions: [Int32]

    init(_ text: ComparableText) {
        // Shingle and position in one sortable number.
        var pairs = [UInt64](unsafeUninitializedCapacity: text.length) { out, initialized in
            for (position, shingle) in text.shingles.enumerated() {
                out[position] = UInt64(shingle) << 32 | UInt64(position)
            }
            initialized = text.length
        }
        pairs.sort()
        var offsets: [Int32] = []
        offsets.reserveCapacity(text.shingleSet.count + 1)
        var previous: UInt64?
        for (index, pair) in pairs.enumerated() where pair >> 32 != previous {
            offsets.append(Int32(index))
            previous = pair >> 32
        }
        offsets.append(Int32(pairs.count))
        assert(offsets.count == text.shingleSet.count + 1, "the shingle set is not the text's distinct shingles")
        self.offsets = offsets
        self.positions = pairs.map { Int32(truncatingIfNeeded: $0) }
    }

    /// Positions of the `k`-th distinct shingle.
    @inlinable
    func positions(ofShingleAt k: Int) -> ArraySlice<Int32> {
        positions[Int(offsets[k])..<Int(offsets[k + 1])]
    }
}
