/// Set operations on sorted, duplicate-free shingle arrays (the form stored texts keep them in).
///
/// The merges step through both arrays with computed increments instead of branches: which array
/// advances is random, and a mispredicted branch per step costs more than the comparison.
public enum SortedShingles {
    /// The distinct values of `values`, sorted: the form the other operations take.
    /// - Complexity: O(*n*) (a radix sort) from ``radixSortMinimum`` values on, O(*n* log *n*) below.
    @inlinable
    public static func sortedUnique(_ values: [UInt32]) -> [UInt32] {
        var sorted = values.count >= radixSortMinimum ? radixSorted(values) : values.sorted()
        guard sorted.count > 1 else { return sorted }
        var write = 1
        for read in 1..<sorted.count where sorted[read] != sorted[write - 1] {
            sorted[write] = sorted[read]
            write += 1
        }
        sorted.removeSubrange(write...)
        return sorted
    }

    /// Fewest values ``sortedUnique(_:)`` sorts by radix: below it, the four 256-entry histograms cost
    /// more than comparing.
    public static let radixSortMinimum = 64

    /// `values` in ascending order, by a radix sort on their bytes (``RadixSort``): shingle hashes are
    /// random, so a comparison sort mispredicts about every other branch.
    /// - Complexity: O(*n*), with at most four scatter passes and *n* values of extra memory.
    @inlinable
    public static func radixSorted(_ values: [UInt32]) -> [UInt32] {
        var sorted = values
        RadixSort.sort(&sorted, keyBytes: 4) { UInt64($0) }
        return sorted
    }

    /// Number of values both arrays hold.
    /// - Complexity: O(*n* + *m*); O(*n* log *m*) when one array is much shorter than the other.
    @inlinable
    public static func intersectionCount(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.count > b.count { return intersectionCount(b, a) }
        guard !a.isEmpty else { return 0 }
        return a.withUnsafeBufferPointer { small in
            b.withUnsafeBufferPointer { large in
                small.count * 16 < large.count ? searchCount(small, in: large) : mergeCount(small, large)
            }
        }
    }

    /// Values both arrays hold, sorted.
    /// - Complexity: O(*n* + *m*).
    @inlinable
    public static func intersection(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        let capacity = min(a.count, b.count)
        guard capacity > 0 else { return [] }
        return [UInt32](unsafeUninitializedCapacity: capacity) { out, initialized in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    var k = 0
                    var (i, j) = blockMerge(a, b) { _, x, equal in
                        guard any(equal) else { return }
                        for lane in 0..<4 where equal[lane] {
                            out[k] = x[lane]
                            k &+= 1
                        }
                    }
                    while i < a.count && j < b.count {
                        let x = a[i]
                        let y = b[j]
                        // Written every step, kept only when the values match.
                        out[k] = x
                        k &+= x == y ? 1 : 0
                        i &+= x <= y ? 1 : 0
                        j &+= y <= x ? 1 : 0
                    }
                    initialized = k
                }
            }
        }
    }

    /// Values both arrays hold, sorted, and the index of each in `a`.
    /// - Complexity: O(*n* + *m*).
    public static func intersectionWithRanks(_ a: [UInt32], _ b: [UInt32]) -> (values: [UInt32], ranks: [Int]) {
        var values: [UInt32] = []
        var ranks: [Int] = []
        values.reserveCapacity(min(a.count, b.count))
        ranks.reserveCapacity(min(a.count, b.count))
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var (i, j) = blockMerge(a, b) { start, x, equal in
                    guard any(equal) else { return }
                    for lane in 0..<4 where equal[lane] {
                        values.append(x[lane])
                        ranks.append(start &+ lane)
                    }
                }
                while i < a.count && j < b.count {
                    let x = a[i]
                    let y = b[j]
                    if x == y {
                        values.append(x)
                        ranks.append(i)
                    }
                    i &+= x <= y ? 1 : 0
                    j &+= y <= x ? 1 : 0
                }
            }
        }
        return (values, ranks)
    }

    /// Values of `a` that `b` lacks, sorted.
    /// - Complexity: O(*n* + *m*).
    public static func subtracting(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        var j = 0
        for value in a {
            while j < b.count && b[j] < value { j += 1 }
            if j >= b.count || b[j] != value { out.append(value) }
        }
        return out
    }

    /// Values either array holds, sorted.
    /// - Complexity: O(*n* + *m*).
    public static func union(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(a.count + b.count)
        var (i, j) = (0, 0)
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                out.append(a[i])
                i += 1
            } else if b[j] < a[i] {
                out.append(b[j])
                j += 1
            } else {
                out.append(a[i])
                i += 1
                j += 1
            }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    /// Calls `body` with the position in `a` of every value `b` holds too, in ascending order.
    /// - Complexity: O(*n* + *m*).
    static func forEachCommonPosition(_ a: [UInt32], _ b: [UInt32], _ body: (Int) -> Void) {
        var j = 0
        for (position, value) in a.enumerated() {
            while j < b.count && b[j] < value { j += 1 }
            if j == b.count { return }
            if b[j] == value { body(position) }
        }
    }

    /// Jaccard similarity of the two sets (1 for two empty sets).
    public static func jaccard(_ a: [UInt32], _ b: [UInt32]) -> Double {
        let shared = intersectionCount(a, b)
        let union = a.count + b.count - shared
        return union > 0 ? Double(shared) / Double(union) : 1
    }

    /// Merges four values of each array per step, calling `body(i, x, equal)` after each step with the
    /// index and values of `a`'s block and which of them the block of `b` holds. Each block of `a` is
    /// compared with the current block of `b` in all four rotations (every pair once), and the block
    /// with the smaller last value moves on (both when equal): every value of one array meets the block
    /// of the other that could hold it, so each shared value is reported exactly once, in ascending
    /// order. Returns where a one-at-a-time merge of the last few values starts.
    @inlinable @inline(__always)
    static func blockMerge(
        _ a: UnsafeBufferPointer<UInt32>,
        _ b: UnsafeBufferPointer<UInt32>,
        _ body: (Int, SIMD4<UInt32>, SIMDMask<SIMD4<Int32>>) -> Void
    ) -> (Int, Int) {
        guard a.count >= 4 && b.count >= 4 else { return (0, 0) }
        var i = 0
        var j = 0
        let aEnd = a.count &- 3
        let bEnd = b.count &- 3
        let aBase = UnsafeRawPointer(a.baseAddress!)
        let bBase = UnsafeRawPointer(b.baseAddress!)
        while i < aEnd && j < bEnd {
            let x = aBase.loadUnaligned(fromByteOffset: i &* 4, as: SIMD4<UInt32>.self)
            let y = bBase.loadUnaligned(fromByteOffset: j &* 4, as: SIMD4<UInt32>.self)
            let y1 = SIMD4(y[1], y[2], y[3], y[0])
            let y2 = SIMD4(y[2], y[3], y[0], y[1])
            let y3 = SIMD4(y[3], y[0], y[1], y[2])
            body(i, x, (x .== y) .| (x .== y1) .| (x .== y2) .| (x .== y3))
            let xLast = x[3]
            let yLast = y[3]
            i &+= xLast <= yLast ? 4 : 0
            j &+= yLast <= xLast ? 4 : 0
        }
        return (i, j)
    }

    @inlinable
    static func mergeCount(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Int {
        var matches = SIMD4<Int32>()
        // A true lane is all ones: -1 as an Int32.
        var (i, j) = blockMerge(a, b) { _, _, equal in matches &-= unsafeBitCast(equal, to: SIMD4<Int32>.self) }
        var count = Int(matches.wrappedSum())
        while i < a.count && j < b.count {
            let x = a[i]
            let y = b[j]
            count &+= x == y ? 1 : 0
            i &+= x <= y ? 1 : 0
            j &+= y <= x ? 1 : 0
        }
        return count
    }

    /// Binary search of each of `a`'s values in what is left of `b`.
    @inlinable
    static func searchCount(_ a: UnsafeBufferPointer<UInt32>, in b: UnsafeBufferPointer<UInt32>) -> Int {
        var low = 0
        var count = 0
        for value in a {
            var high = b.count
            while low < high {
                let middle = (low &+ high) >> 1
                if b[middle] < value { low = middle &+ 1 } else { high = middle }
            }
            if low == b.count { break }
            if b[low] == value {
                count &+= 1
                low &+= 1
            }
        }
        return count
    }
}
