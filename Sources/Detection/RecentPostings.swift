/// The band keys of the documents a writer stored last, in memory: with them the writer completes a
/// candidate search made on an older read snapshot without asking the database again.
///
/// Invariant: every document whose id is above ``coveredFrom`` is indexed. It holds because the
/// writer records each document it stores; when ids jump (another process stored documents in
/// between), everything older than the jump is forgotten. Only the last `capacity` documents are kept.
public final class RecentPostings {
    @usableFromInline var postings: [Int64: [DocumentID]] = [:]
    @usableFromInline var order: [(DocumentID, [Int64])] = []
    @usableFromInline var head = 0
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
    public func record(_ document: DocumentID, bandKeys: [Int64]) {
        let newest = order.last?.0 ?? coveredFrom
        if document != newest + 1 {
            // Someone else stored documents in between: what is indexed no longer covers a range.
            postings.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            head = 0
            coveredFrom = document - 1
        }
        order.append((document, bandKeys))
        for key in bandKeys { postings[key, default: []].append(document) }
        if order.count - head > capacity { forgetOldest() }
    }

    /// The documents above `after` holding `key`, in id order; nil when `after` is older than what is
    /// covered (search the database instead).
    @inlinable
    public func documents(holding key: Int64, after: DocumentID) -> [DocumentID]? {
        guard after >= coveredFrom else { return nil }
        guard let documents = postings[key] else { return [] }
        guard let first = documents.firstIndex(where: { $0 > after }) else { return [] }
        return first == 0 ? documents : Array(documents[first...])
    }

    /// Whether a search made when `newestDocument` was the newest stored can be completed from memory.
    public func covers(after newestDocument: DocumentID) -> Bool { newestDocument >= coveredFrom }

    private func forgetOldest() {
        let drop = max(1, capacity / 4)
        for index in head..<(head + drop) {
            let (document, keys) = order[index]
            for key in keys {
                guard var documents = postings[key] else { continue }
                if documents.first == document { documents.removeFirst() }
                if documents.isEmpty { postings[key] = nil } else { postings[key] = documents }
            }
            coveredFrom = document
        }
        head += drop
        if head > capacity {
            order.removeFirst(head)
            head = 0
        }
    }
}
