import Foundation
import WiretraceDetection

/// Recently used document texts, ready for comparison (decoded and with their shingle sets sorted).
///
/// A document's fingerprint never changes once stored, so entries never go stale; the cache only
/// saves decoding and sorting when the same story members are compared again and again.
final class TextCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Int64: ComparableText] = [:]
    private var order: [Int64] = []
    private var head = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        entries.reserveCapacity(capacity)
    }

    func text(_ id: Int64) -> ComparableText? {
        lock.lock()
        defer { lock.unlock() }
        return entries[id]
    }

    /// Forgets every entry: after a rolled-back transaction, whose documents' ids SQLite gives again.
    func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        entries.removeAll(keepingCapacity: true)
        order.removeAll(keepingCapacity: true)
        head = 0
    }

    /// Stores `text`, evicting the oldest entry when full (first in, first out: cheap and good enough).
    func store(_ id: Int64, _ text: ComparableText) {
        lock.lock()
        defer { lock.unlock() }
        guard capacity > 0, entries[id] == nil else { return }
        if order.count < capacity {
            order.append(id)
        } else {
            entries[order[head]] = nil
            order[head] = id
            head = (head + 1) % capacity
        }
        entries[id] = text
    }
}
