/// Band keys found held by more documents than a search's bucket limit: a story of thousands of copies
/// shares every key of its text, and each search would read a full bucket of ids again to learn that the
/// key is too common. Documents are never removed, so a key once too common stays so; what a rolled-back
/// transaction taught is forgotten (``removeAll()``). At most ``capacity`` keys are kept, for one limit.
final class CommonBandKeys: @unchecked Sendable {
    static let capacity = 1 << 18

    private let lock = ReadWriteLock()
    private var keys = Set<Int64>()
    private var limit: Int?

    /// True when `key` is known to be held by more than `limit` documents.
    func contains(_ key: Int64, over limit: Int) -> Bool {
        lock.reading { self.limit == limit && keys.contains(key) }
    }

    /// Notes that more than `limit` documents hold `key`.
    func insert(_ key: Int64, over limit: Int) {
        lock.writing {
            if self.limit == nil { self.limit = limit }
            guard self.limit == limit, keys.count < Self.capacity else { return }
            keys.insert(key)
        }
    }

    func removeAll() {
        lock.writing { keys.removeAll() }
    }
}
