import Testing
import WiretraceFingerprint

@Suite("MinHash and LSH")
struct MinHashTests {
    /// Two sets of `size` hashed elements sharing `shared` of them: Jaccard = shared / (2·size − shared).
    func pair(size: Int, shared: Int, trial: UInt64) -> ([UInt64], [UInt64]) {
        let seed = 0x5EED &+ trial
        let a = (0..<size).map { XXHash64.mix(UInt64($0), seed: seed) }
        let b = (0..<size).map { XXHash64.mix(UInt64($0 < shared ? $0 : $0 + 1_000_000), seed: seed) }
        return (a, b)
    }

    @Test(
        "the estimator is unbiased and its error is about sqrt(J(1-J)/k)",
        arguments: [(500, 100), (500, 333), (500, 450), (40, 20), (12, 8)]
    )
    func unbiased(size: Int, shared: Int) {
        let k = 128
        let truth = Double(shared) / Double(2 * size - shared)
        let trials = 300
        var sum = 0.0
        var squares = 0.0
        for trial in 0..<trials {
            let (a, b) = pair(size: size, shared: shared, trial: UInt64(trial))
            let sa = a.withUnsafeBufferPointer { MinHash.signature(of: $0, size: k, seed: 99) }
            let sb = b.withUnsafeBufferPointer { MinHash.signature(of: $0, size: k, seed: 99) }
            let estimate = MinHash.estimatedJaccard(sa, sb)
            sum += estimate
            squares += (estimate - truth) * (estimate - truth)
        }
        let mean = sum / Double(trials)
        let rmse = (squares / Double(trials)).squareRoot()
        let expected = (truth * (1 - truth) / Double(k)).squareRoot()
        // Bias: the mean of 300 estimates lies within 4 standard errors of the truth.
        #expect(abs(mean - truth) < 4 * expected / Double(trials).squareRoot() + 0.002)
        // Error: within 1/sqrt(k) and close to the binomial expectation.
        #expect(rmse < 1 / Double(k).squareRoot())
        #expect(rmse < expected * 1.25 + 0.01)
    }

    @Test("identical sets agree everywhere; disjoint ones almost nowhere")
    func extremes() {
        let (a, _) = pair(size: 300, shared: 300, trial: 1)
        let (_, c) = pair(size: 300, shared: 0, trial: 1)
        let sa = a.withUnsafeBufferPointer { MinHash.signature(of: $0, size: 64, seed: 1) }
        let sc = c.withUnsafeBufferPointer { MinHash.signature(of: $0, size: 64, seed: 1) }
        #expect(MinHash.estimatedJaccard(sa, sa) == 1)
        #expect(MinHash.estimatedJaccard(sa, sc) < 0.05)
        let empty = [UInt64]().withUnsafeBufferPointer { MinHash.signature(of: $0, size: 16, seed: 1) }
        #expect(empty.allSatisfy { $0 == MinHash.emptyValue })
    }

    @Test(
        "bands and rows minimise the weighted error areas, as datasketch chooses them",
        arguments: [(0.3, 37, 3), (0.5, 25, 5), (0.8, 9, 13), (0.9, 5, 25)]
    )
    func optimalBanding(threshold: Double, bands: Int, rows: Int) {
        let parameters = LSHParameters.optimal(threshold: threshold, signatureSize: 128)
        #expect(parameters == LSHParameters(bands: bands, rows: rows))
        #expect(parameters.candidateProbability(threshold + 0.2) > 0.8)
        #expect(parameters.candidateProbability(max(0, threshold - 0.25)) < 0.3)
    }
}
