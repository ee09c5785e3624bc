/// MinHash signatures by one-permutation hashing with optimal densification.
///
/// Why this scheme: classic MinHash needs *k* hash evaluations per shingle (128 × n), which dominates
/// fingerprinting time. One-permutation hashing (Li, Owen & Zhang 2012) hashes each shingle once: the
/// low 32 bits of the (already avalanched) shingle hash pick one of *k* bins, the high 32 bits are the
/// value, and each bin keeps its minimum — O(n + k) instead of O(n · k). Bins that receive no shingle
/// (short documents) are filled by *optimal densification* (Shrivastava 2017): an empty bin copies the
/// value of a bin chosen by a seeded hash of (bin, attempt), retried until a non-empty bin is found.
/// Two sets then agree in each bin with probability equal to their Jaccard similarity, so the
/// fraction of equal bins is an unbiased estimate with variance about J(1 − J)/k.
public enum MinHash {
    /// Value of a bin that no shingle reached and densification could not fill (an empty document).
    public static let emptyValue = UInt32.max

    /// Computes a `size`-value signature of the 64-bit shingle hashes in `hashes`.
    /// - Parameters:
    ///   - hashes: avalanched 64-bit shingle hashes (duplicates are harmless).
    ///   - size: number of values, *k*.
    ///   - seed: seed of the densification hash; fixed per database.
    /// - Complexity: O(*n* + *k*) expected.
    @inlinable
    public static func signature(of hashes: UnsafeBufferPointer<UInt64>, size: Int, seed: UInt64) -> [UInt32] {
        precondition(size > 0, "a MinHash signature needs at least one value")
        // Bins hold 64-bit values so that an empty bin (UInt64.max) differs from every 32-bit value.
        var bins = [UInt64](repeating: .max, count: size)
        let k = UInt64(size)
        bins.withUnsafeMutableBufferPointer { bins in
            for hash in hashes {
                let bin = Int(truncatingIfNeeded: ((hash & 0xFFFF_FFFF) &* k) >> 32)
                let value = hash >> 32
                if value < bins[bin] { bins[bin] = value }
            }
            densify(bins, seed: seed)
        }
        return bins.map { $0 == .max ? emptyValue : UInt32(truncatingIfNeeded: $0) }
    }

    /// Fills empty bins by optimal densification.
    @usableFromInline
    static func densify(_ bins: UnsafeMutableBufferPointer<UInt64>, seed: UInt64) {
        let size = bins.count
        var empty: [Int] = []
        for bin in 0..<size where bins[bin] == .max { empty.append(bin) }
        guard !empty.isEmpty, empty.count < size else { return }
        // Empty bins copy from bins that were filled originally, never from densified ones.
        var filled = [Bool](repeating: true, count: size)
        for bin in empty { filled[bin] = false }
        for bin in empty {
            var attempt: UInt64 = 0
            while true {
                let pick = Int(XXHash64.mix(UInt64(bin) << 32 | attempt, seed: seed) % UInt64(size))
                if filled[pick] {
                    bins[bin] = bins[pick]
                    break
                }
                attempt += 1
            }
        }
    }

    /// Estimates the Jaccard similarity of two sets from their signatures: the fraction of equal values.
    @inlinable
    public static func estimatedJaccard(_ a: [UInt32], _ b: [UInt32]) -> Double {
        precondition(a.count == b.count, "signatures of different sizes")
        guard !a.isEmpty else { return 0 }
        var equal = 0
        for index in a.indices where a[index] == b[index] && a[index] != emptyValue { equal += 1 }
        return Double(equal) / Double(a.count)
    }
}
