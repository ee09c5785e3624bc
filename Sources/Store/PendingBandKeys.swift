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

    var isEmpty: Bool { rows.isEmpty }

    /// Holds back the band keys of `document`.
    func append(_ keys: [Int64], of document: Int64) {
        for key in keys { rows.append(Row(key: key, document: document)) }
    }

    /// Inserts the held-back keys into `lsh_bands_recent` in key order, in statements of up to
    /// ``SQLiteSession/bandKeyRowsPerStatement`` rows, and forgets them.
    /// - Complexity: O(*n*) for *n* keys held back.
    func flush(into db: Database) throws {
        guard !rows.isEmpty else { return }
        sortByKey()
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
    }

    /// Sorts the rows by key with a stable radix sort (``RadixSort``): rows of one key keep the order of
    /// their documents, ascending as the writer stores them (the order only makes the inserts
    /// sequential; the rows are the same in any order). Signed keys order as unsigned ones once their
    /// sign bit is flipped.
    func sortByKey() {
        RadixSort.sort(&rows, keyBytes: 8) { UInt64(bitPattern: $0.key) ^ (1 << 63) }
    }
}
