/// The band keys of the documents a writer stored last, in memory: with them the writer completes a
/// candidate search made on an older read snapshot without asking the database again.
///
/// Invariant: every document whose id is above ``coveredFrom`` is indexed. It holds because the
/// writer records each document it stores; when ids jump (another process stored documents in
/// between), everything older than the jump is forgotten. Only the last `capacity` documents are kept.
///
/// Storage is flat: one entry per (document, key) in one array, each linked to the previous entry of
/// its key, and one table from each key to its newest entry. Recording a document allocates nothing
/// per key (most keys are held by one document), and forgotten entries are dropped in bulk. Keys map to
/// their newest entry through an open-addressing table (``KeyPositionTable``).
public final class RecentPostings {
    @usableFromInline
    struct Entry {
        @usableFromInline var document: DocumentID
        /// Position of the key's previous entry (``RecentPostings/firstPosition`` based), or -1.
        @usableFromInline var previous: Int
    }

    /// The newest entry's position of each key.
    @usableFromInline var newest = KeyPositionTable(capacity: 1024)
    /// Entries in the order recorded; `entries[i]` is at position `firstPosition + i`.
    @usableFromInline var entries: [Entry] = []
    /// Position of `entries[0]`: positions stay valid when forgotten entries are dropped.
    @usableFromInline var firstPosition = 0
    /// Documents kept, oldest first (from `head`), with the position of their first entry.
    var order: [(document: DocumentID, position: Int)] = []
    var head = 0
    /// Every document with a larger id is indexed.
    public private(set) var coveredFrom: DocumentID
    let capacity: Int

    /// - Parameters:
    ///   - newestDocument: the newest document stored when the writer starts.
    ///   - capacity: how many of the latest documents to keep.
    public init(newestDocument: DocumentID, capacity: Int = 8192) {
        coveredFrom = newestDocument
        self.capacity = max(1, capacity)
    }

    /// Records a document the writer stored.
    /// - Complexity: O(keys), amortised.
    public func record(_ document: DocumentID, bandKeys: [Int64]) {
        let newestDocument = order.last?.document ?? coveredFrom
        if document != newestDocument + 1 {
            // Someone else stored documents in between: what is indexed no longer covers a range.
            newest.removeAll()
            entries.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            firstPosition = 0
            head = 0
            coveredFrom = document - 1
        }
        order.append((document, firstPosition + entries.count))
        for key in bandKeys {
            let position = firstPosition + entries.count
            let previous = newest.updateValue(position, forKey: key) ?? -1
            entries.append(Entry(document: document, previous: previous))
        }
        if order.count - head > capacity { forgetOldest() }
    }

    /// The documents above `after` holding `key`, in id order; nil when `after` is older than what is
    /// covered (search the database instead).
    /// - Complexity: O(documents returned).
    @inlinable
    public func documents(holding key: Int64, after: DocumentID) -> [DocumentID]? {
        documents(holding: key, after: after, newest: .max)
    }

    /// The newest `limit` documents above `after` holding `key`, in id order; nil when `after` is older
    /// than what is covered. A key every copy of a large story holds has a chain as long as the documents
    /// stored since the snapshot: a caller that needs only the newest few stops there.
    /// - Complexity: O(min(`limit`, documents above `after` holding `key`)).
    @inlinable
    public func documents(holding key: Int64, after: DocumentID, newest limit: Int) -> [DocumentID]? {
        guard after >= coveredFrom else { return nil }
        guard var position = newest[key] else { return [] }
        var found: [DocumentID] = []
        // Newest first along the key's chain; entries of forgotten documents are never reached, since
        // they are no newer than `coveredFrom`.
        while position >= firstPosition && found.count < limit {
            let entry = entries[position - firstPosition]
            if entry.document <= after { break }
            found.append(entry.document)
            position = entry.previous
        }
        found.reverse()
        return found
    }

    /// Whether a search made when `newestDocument` was the newest stored can be completed from memory.
    public func covers(after newestDocument: DocumentID) -> Bool { newestDocument >= coveredFrom }

    /// Forgets the oldest quarter of the documents kept; drops their entries once they are as many as
    /// the entries kept.
    private func forgetOldest() {
        let drop = min(max(1, capacity / 4), order.count - head)
        coveredFrom = order[head + drop - 1].document
        head += drop
        let live = head < order.count ? order[head].position : firstPosition + entries.count
        let dead = live - firstPosition
        guard dead > 0, dead >= entries.count - dead else { return }
        entries.removeFirst(dead)
        firstPosition = live
        newest.removeAll(below: live)
        order.removeFirst(head)
        head = 0
    }
}
