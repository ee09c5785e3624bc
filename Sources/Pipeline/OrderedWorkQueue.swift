import Foundation

/// A bounded, ordered work queue: one producer submits inputs, worker threads transform them in any
/// order and on any thread, and one consumer takes the outputs back **in submission order**.
///
/// At most `capacity` inputs are submitted but not yet consumed: a producer faster than the workers
/// or the consumer waits, so memory stays bounded whatever the input size. The consumer's view is
/// exactly that of a sequential loop, which keeps results independent of thread timing.
///
/// The consumer can hand outputs it is done with back (``retire(_:)``): the worker that made one
/// releases it, so that its memory goes back to that thread's malloc arena from that thread. Freed by
/// the consumer, every block would take the producing arena's lock, which its worker is allocating
/// from at the same time; the consumer (a scan's writer, the serial part) then waited on it.
final class OrderedWorkQueue<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    // All state below is guarded by `condition`.
    private var pending: [(Int, Input)] = []
    private var pendingHead = 0
    private var results: [Int: (output: Output, worker: Int)] = [:]
    /// Outputs retired by the consumer, by the worker that made them, for that worker to release.
    private var retired: [Int: [Output]] = [:]
    /// The worker that made the output the consumer took last.
    private var lastWorker = 0
    private var submitted = 0
    private var delivered = 0
    private var finished = false
    private var cancelled = false

    /// - Parameter capacity: most inputs submitted and not yet consumed (at least 1).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Submits an input; waits while the queue is full. Returns false when the queue was cancelled.
    func submit(_ input: Input) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while submitted - delivered >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        pending.append((submitted, input))
        submitted += 1
        condition.broadcast()
        return true
    }

    /// No more inputs will be submitted.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Stops everything: producers' submits fail, workers stop, the consumer gets nil.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// A worker's loop: transforms inputs until the queue is finished and drained, or cancelled.
    /// - Parameter worker: this worker's number, distinct among the queue's workers.
    func work(worker: Int, _ transform: (Input) -> Output) {
        while true {
            condition.lock()
            while (pendingHead == pending.count && !finished && !cancelled) || retired[worker] != nil {
                if var done = retired.removeValue(forKey: worker) {
                    // Outputs of this worker the consumer is done with, released outside the lock.
                    condition.unlock()
                    done.removeAll()
                    condition.lock()
                } else {
                    condition.wait()
                }
            }
            if cancelled || pendingHead == pending.count {
                condition.unlock()
                return
            }
            let (index, input) = pending[pendingHead]
            pendingHead += 1
            if pendingHead > 1024 && pendingHead * 2 > pending.count {
                pending.removeFirst(pendingHead)
                pendingHead = 0
            }
            condition.unlock()
            let output = transform(input)
            condition.lock()
            results[index] = (output, worker)
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The next output in submission order, waiting for it; nil when all are consumed or on cancel.
    func next() -> Output? {
        condition.lock()
        defer { condition.unlock() }
        while results[delivered] == nil && !cancelled && !(finished && delivered == submitted) { condition.wait() }
        guard !cancelled, let result = results.removeValue(forKey: delivered) else { return nil }
        delivered += 1
        lastWorker = result.worker
        condition.broadcast()
        return result.output
    }

    /// Hands back the output ``next()`` returned last, once the consumer is done with it, for the worker
    /// that made it to release. The consumer should keep no other reference to it.
    func retire(_ output: consuming Output) {
        condition.lock()
        retired[lastWorker, default: []].append(output)
        condition.unlock()
    }
}
