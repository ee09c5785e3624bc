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
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: size) { bins in
            bins.initialize(repeating: .max)
            let k = UInt64(size)
            for hash in hashes { add(hash, to: bins.baseAddress!, size: k) }
            densify(bins, seed: seed)
            return values(of: UnsafeBufferPointer(bins))
        }
    }

    /// Lowers the bin of `hash` to its value (the high 32 bits) if that is smaller. Branch-free: whether
    /// a bin changes is unpredictable, and a mispredicted branch costs more than an unconditional store.
    @inlinable @inline(__always)
    static func add(_ hash: UInt64, to bins: UnsafeMutablePointer<UInt64>, size k: UInt64) {
        let bin = Int(truncatingIfNeeded: ((hash & 0xFFFF_FFFF) &* k) >> 32)
        bins[bin] = min(bins[bin], hash >> 32)
    }

    /// The signature of densified bins (an empty bin, UInt64.max, truncates to ``emptyValue``).
    @inlinable
    static func values(of bins: UnsafeBufferPointer<UInt64>) -> [UInt32] {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bins.count) { values in
            for index in 0..<bins.count {
                (values.baseAddress! + index).initialize(to: UInt32(truncatingIfNeeded: bins[index]))
            }
            // Appending to a reserved array is specialised; `init(unsafeUninitializedCapacity:)` is not.
            var signature: [UInt32] = []
            signature.reserveCapacity(bins.count)
            signature.append(contentsOf: UnsafeBufferPointer(values))
            return signature
        }
    }

    /// Fills empty bins by optimal densification.
    ///
    /// The originally empty bins are kept as a bit set, so the loop visits only them, and a candidate's
    /// test is one bit; for a power-of-two size the modulo is a mask.
    @usableFromInline
    static func densify(_ bins: UnsafeMutableBufferPointer<UInt64>, seed: UInt64) {
        let size = bins.count
        let words = (size + 63) / 64
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { empty in
            let empty = empty.baseAddress!
            var count = 0
            for word in 0..<words {
                let first = word &* 64
                var bits: UInt64 = 0
                for bin in first..<min(first &+ 64, size) {
                    // Only an empty bin (UInt64.max) has its top bit set.
                    bits |= (bins[bin] >> 63) &<< UInt64(bin &- first)
                }
                (empty + word).initialize(to: bits)
                count &+= bits.nonzeroBitCount
            }
            guard count > 0, count < size else { return }
            // Empty bins copy from bins that were filled originally, never from densified ones.
            let modulus = UInt64(size)
            let mask = size & (size - 1) == 0 ? modulus - 1 : 0  // 0: not a power of two (or size 1)
            for word in 0..<words {
                var bits = empty[word]
                while bits != 0 {
                    let bin = word &* 64 &+ bits.trailingZeroBitCount
                    bits &= bits &- 1
                    var attempt: UInt64 = 0
                    while true {
                        let hash = XXHash64.mix(UInt64(bin) << 32 | attempt, seed: seed)
                        let pick = Int(truncatingIfNeeded: mask != 0 ? hash & mask : hash % modulus)
                        if empty[pick &>> 6] &>> UInt64(pick & 63) & 1 == 0 {
                            bins[bin] = bins[pick]
                            break
                        }
                        attempt += 1
                    }
                }
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
