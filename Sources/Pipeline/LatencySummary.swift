/// Percentiles of a set of measured durations, for `check --each --timings` and the benchmark scripts.
public struct LatencySummary: Sendable, Equatable {
    /// Number of measurements.
    public var count: Int
    /// Nearest-rank percentiles and extremes, in milliseconds.
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var max: Double
    public var mean: Double

    /// Summarises `milliseconds`; nil when there is nothing to summarise.
    /// - Complexity: O(*n* log *n*).
    public init?(milliseconds: [Double]) {
        guard !milliseconds.isEmpty else { return nil }
        let sorted = milliseconds.sorted()
        func rank(_ percentile: Double) -> Double {
            // Nearest rank: the smallest value with at least `percentile` % of the values at or below it.
            let index = Int((percentile / 100 * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.min(Swift.max(index, 0), sorted.count - 1)]
        }
        count = sorted.count
        p50 = rank(50)
        p90 = rank(90)
        p99 = rank(99)
        max = sorted[sorted.count - 1]
        mean = sorted.reduce(0, +) / Double(sorted.count)
    }
}
