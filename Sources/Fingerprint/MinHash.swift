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
        var bins = [UInt32](repeating: emptyValue, count: size)
        var filled = [Bool](repeating: false, count: size)
        let k = UInt64(size)
        bins.withUnsafeMutableBufferPointer { bins in
            filled.withUnsafeMutableBufferPointer { filled in
                for hash in hashes {
                    let bin = Int(((hash & 0xFFFF_FFFF) &* k) >> 32)
                    let value = UInt32(truncatingIfNeeded: hash >> 32)
                    if value < bins[bin] || !filled[bin] {
                        bins[bin] = value
                        filled[bin] = true
                    }
                }
            }
        }
        densify(&bins, filled: filled, seed: seed)
        return bins
    }

    /// Fills empty bins by optimal densification.
    @usableFromInline
    static func densify(_ bins: inout [UInt32], filled: [Bool], seed: UInt64) {
        let size = bins.count
        var filledCount = 0
        for isFilled in filled where isFilled { filledCount += 1 }
        guard filledCount > 0, filledCount < size else { return }
        let original = bins
        for bin in 0..<size where !filled[bin] {
            var attempt: UInt64 = 0
            while true {
                let pick = Int(XXHash64.mix(UInt64(bin) << 32 | attempt, seed: seed) % UInt64(size))
                if filled[pick] {
                    bins[bin] = original[pick]
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
