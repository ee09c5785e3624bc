import Foundation

extension StoryEngine {
    /// Reads the candidates `ids` (in order) on this thread and measures `text` against each one, boilerplate
    /// aside, on the other cores as soon as it is read; this thread joins the measuring once all are read.
    ///
    /// The store is only used on the calling thread. Evidence does not depend on which thread measured
    /// what, so the result is the same as reading everything and then measuring.
    /// - Complexity: on two cores, the time of reading the candidates or of half the measuring, whichever
    ///   is longer, plus the other half of the measuring left after the reading ends.
    static func loadAndMeasure(
        _ text: ComparableText,
        _ ids: [DocumentID],
        store: any StoreReading,
        policy: MatchPolicy
    ) throws -> ([CandidateDocument], PrecomputedEvidence) {
        let work = CandidateMeasurements(text: text, policy: policy, capacity: ids.count)
        // One measuring thread per other core, and at least a dozen candidates for each thread.
        let helpers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, ids.count / 12) - 1)
        let helper = DispatchGroup()
        for _ in 0..<helpers { DispatchQueue.global().async(group: helper) { work.measureUntilDone() } }
        var failure: (any Error)?
        do {
            // One at a time, so that measuring starts with the first candidate read.
            for id in ids {
                if let candidate = try store.candidateDocuments([id]).first { work.append(candidate) }
            }
        } catch {
            failure = error
        }
        work.finishReading()
        work.measureUntilDone()
        helper.wait()
        if let failure { throw failure }
        return work.results()
    }
}

/// Candidates handed from a reading thread to measuring threads, and what measuring them gave.
private final class CandidateMeasurements: @unchecked Sendable {
    private let text: ComparableText
    private let policy: MatchPolicy
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var candidates: [CandidateDocument] = []
    private var evidence: [PairEvidence?] = []
    private var nextToMeasure = 0
    private var reading = true

    init(text: ComparableText, policy: MatchPolicy, capacity: Int) {
        self.text = text
        self.policy = policy
        candidates.reserveCapacity(capacity)
        evidence.reserveCapacity(capacity)
    }

    func append(_ candidate: CandidateDocument) {
        condition.lock()
        candidates.append(candidate)
        evidence.append(nil)
        condition.signal()
        condition.unlock()
    }

    func finishReading() {
        condition.lock()
        reading = false
        condition.broadcast()
        condition.unlock()
    }

    /// Measures candidates not taken by another thread until all are read and taken.
    func measureUntilDone() {
        while true {
            condition.lock()
            while nextToMeasure == candidates.count && reading { condition.wait() }
            guard nextToMeasure < candidates.count else {
                condition.unlock()
                return
            }
            let index = nextToMeasure
            nextToMeasure += 1
            let stored = candidates[index].text
            condition.unlock()
            let measured = PairEvidence.measure(new: text, stored: stored, boilerplate: [], policy: policy)
            condition.lock()
            evidence[index] = measured
            condition.unlock()
        }
    }

    /// The candidates read, in order, and the evidence against each (call once every thread is done).
    func results() -> ([CandidateDocument], PrecomputedEvidence) {
        condition.lock()
        defer { condition.unlock() }
        var result = PrecomputedEvidence()
        for (index, candidate) in candidates.enumerated() { result.record(evidence[index], for: candidate.id) }
        return (candidates, result)
    }
}
