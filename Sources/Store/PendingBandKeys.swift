import GRDB
import WiretraceLineage

/// Band keys of the documents a writer stored in its open transaction, held back and inserted into
/// `lsh_bands_recent` in key order: sorted rows go into the B-tree one after another, where each
/// document's keys (random numbers) would land at random places one at a time.
///
/// The writer's session flushes them before it reads band keys itself and before every commit, so
/// what the database holds at a commit, and what any read sees, is the same as with immediate inserts.
final class PendingBandKeys {
    /// One band key of one document.
    struct Row: Comparable {
        var key: Int64
        var document: Int64

        static func < (lhs: Row, rhs: Row) -> Bool {
            lhs.key != rhs.key ? lhs.key < rhs.key : lhs.document < rhs.document
        }
    }

    private(set) var rows: [Row] = []
    /// Whether documents were appended in ascending order (the writer's new documents always are).
    private var documentsAscending = true

    var isEmpty: Bool { rows.isEmpty }

    /// Holds back the band keys of `document`.
    func append(_ keys: [Int64], of document: Int64) {
        if let last = rows.last, last.document > document { documentsAscending = false }
        for key in keys { rows.append(Row(key: key, document: document)) }
    }

    /// Inserts the held-back keys into `lsh_bands_recent` in key order, in statements of up to
    /// ``SQLiteSession/bandKeyRowsPerStatement`` rows, and forgets them.
    /// - Complexity: O(*n*) for *n* keys held back (O(*n* log *n*) if documents came out of order).
    func flush(into db: Database) throws {
        guard !rows.isEmpty else { return }
        if documentsAscending { sortByKey() } else { rows.sort() }
        var values: [Int64] = []
        values.reserveCapacity(2 * SQLiteSession.bandKeyRowsPerStatement)
        var start = 0
        while start < rows.count {
            let end = min(start + SQLiteSession.bandKeyRowsPerStatement, rows.count)
            values.removeAll(keepingCapacity: true)
            for row in rows[start..<end] {
                values.append(row.key)
                values.append(row.document)
            }
            try db.cachedStatement(sql: SQLiteSession.bandKeyInsertSQL[end - start]).execute(integers: values)
            start = end
        }
        rows.removeAll(keepingCapacity: true)
        documentsAscending = true
    }

    /// Sorts the rows by key with a stable radix sort (``RadixSort``), so rows of one key keep their
    /// (ascending) document order. Signed keys order as unsigned ones once their sign bit is flipped.
    func sortByKey() {
        RadixSort.sort(&rows, keyBytes: 8) { UInt64(bitPattern: $0.key) ^ (1 << 63) }
    }
}
