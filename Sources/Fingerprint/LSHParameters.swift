/// Banding of MinHash signatures for locality-sensitive hashing.
///
/// Two documents become candidates when all `rows` values of at least one of `bands` bands agree. For
/// Jaccard similarity *s* that happens with probability 1 − (1 − sʳ)ᵇ, an S-curve whose steep part sits
/// near the threshold.
public struct LSHParameters: Sendable, Hashable, Codable {
    /// Number of bands, *b*.
    public var bands: Int
    /// Values per band, *r*.
    public var rows: Int

    public init(bands: Int, rows: Int) {
        precondition(bands > 0 && rows > 0, "bands and rows must be positive")
        self.bands = bands
        self.rows = rows
    }

    /// Probability that two documents of Jaccard similarity `similarity` share at least one band.
    public func candidateProbability(_ similarity: Double) -> Double {
        1 - integerPower(1 - integerPower(similarity, rows), bands)
    }

    /// Chooses *b* and *r* with *b*·*r* ≤ `signatureSize` minimising the weighted areas of false
    /// positives (∫₀ᵗ P(s) ds) and false negatives (∫ₜ¹ 1 − P(s) ds) under the S-curve, as datasketch does.
    /// - Complexity: O(k log k) parameter pairs, each integrated numerically.
    public static func optimal(
        threshold: Double,
        signatureSize: Int,
        falsePositiveWeight: Double = 0.5,
        falseNegativeWeight: Double = 0.5
    ) -> LSHParameters {
        precondition(threshold > 0 && threshold < 1, "the LSH threshold must lie strictly between 0 and 1")
        precondition(signatureSize > 0, "the signature needs at least one value")
        var best = LSHParameters(bands: 1, rows: 1)
        var bestError = Double.infinity
        for bands in 1...signatureSize {
            for rows in 1...(signatureSize / bands) {
                let candidate = LSHParameters(bands: bands, rows: rows)
                let falsePositive = integrate(from: 0, to: threshold) { candidate.candidateProbability($0) }
                let falseNegative = integrate(from: threshold, to: 1) { 1 - candidate.candidateProbability($0) }
                let error = falsePositive * falsePositiveWeight + falseNegative * falseNegativeWeight
                if error < bestError {
                    bestError = error
                    best = candidate
                }
            }
        }
        return best
    }

    /// Composite Simpson integration with a fixed, even number of intervals.
    static func integrate(from lower: Double, to upper: Double, _ f: (Double) -> Double) -> Double {
        let intervals = 128
        let step = (upper - lower) / Double(intervals)
        var sum = f(lower) + f(upper)
        for index in 1..<intervals {
            sum += f(lower + Double(index) * step) * (index % 2 == 1 ? 4 : 2)
        }
        return sum * step / 3
    }
}

@usableFromInline
func integerPower(_ base: Double, _ exponent: Int) -> Double {
    // Exact and fast for the small integer exponents of band sizes.
    if base <= 0 { return exponent == 0 ? 1 : 0 }
    var result = 1.0
    var factor = base
    var power = exponent
    while power > 0 {
        if power & 1 == 1 { result *= factor }
        factor *= factor
        power >>= 1
    }
    return result
}
