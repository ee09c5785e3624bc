import GRDB
import GRDBSQLite

extension Statement {
    /// Runs the statement with `arguments` and appends the first column of each row, as a 64-bit
    /// integer, to `values`, stepping SQLite directly.
    ///
    /// For queries that return thousands of ids (LSH buckets): GRDB's row cursors cost several times
    /// SQLite's own work per row there. The statement is reset afterwards.
    /// - Complexity: O(rows).
    func appendIntegers(_ arguments: StatementArguments, to values: inout [Int64]) throws {
        try forEachRow(arguments) { values.append(sqlite3_column_int64($0, 0)) }
    }

    /// Runs the statement with `arguments` and calls `body` with SQLite's statement handle positioned on
    /// each row in turn (columns are read with ``RawColumn``, in place). The statement is reset afterwards.
    /// - Complexity: O(rows).
    func forEachRow(_ arguments: StatementArguments, _ body: (OpaquePointer) throws -> Void) throws {
        setUncheckedArguments(arguments)
        let handle = sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_ROW {
                try body(handle)
            } else if code == SQLITE_DONE {
                return
            } else {
                throw stepFailure(code)
            }
        }
    }

    /// The error for a step that gave `code` (neither a row nor done), with SQLite's message.
    func stepFailure(_ code: Int32) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))),
            sql: sql
        )
    }

    /// Runs the statement with `arguments` and calls `body` with SQLite's statement handle positioned on
    /// the first row (columns are read with `sqlite3_column_*`, in place); nil when there is no row.
    /// For lookups made hundreds of times per page, where GRDB's row cursors cost more than the lookup.
    func withFirstRow<T>(_ arguments: StatementArguments, _ body: (OpaquePointer) throws -> T) throws -> T? {
        setUncheckedArguments(arguments)
        let handle = sqliteStatement
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return try body(handle) }
        if code == SQLITE_DONE { return nil }
        throw stepFailure(code)
    }
}

extension Statement {
    /// Runs a statement that returns no rows with 64-bit integer `values` bound to its parameters in
    /// order (GRDB's argument arrays box every value). The statement is reset afterwards.
    /// - Precondition: `values.count` is the statement's parameter count.
    func execute(integers values: some Collection<Int64>) throws {
        _ = try firstInteger(integers: values)
    }

    /// Runs the statement with 64-bit integer `values` bound to its parameters in order and returns the
    /// first column of its first row as an integer (nil without a row, or for NULL). The statement is
    /// reset afterwards.
    /// - Precondition: `values.count` is the statement's parameter count.
    func firstInteger(integers values: some Collection<Int64>) throws -> Int64? {
        let handle = sqliteStatement
        precondition(values.count == Int(sqlite3_bind_parameter_count(handle)), "one value per parameter")
        defer { sqlite3_reset(handle) }
        for (index, value) in zip(Int32(1)..., values) { sqlite3_bind_int64(handle, index, value) }
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return RawColumn.integer(handle, 0) }
        if code == SQLITE_DONE { return nil }
        throw stepFailure(code)
    }
}

/// Column readers for a statement handle positioned on a row (``Statement/withFirstRow(_:_:)``).
enum RawColumn {
    /// The column's bytes in place (valid until the statement moves); nil for NULL.
    static func bytes(_ handle: OpaquePointer, _ index: Int32) -> UnsafeRawBufferPointer? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
        // The blob pointer first, then its size (SQLite's documented order).
        let pointer = sqlite3_column_blob(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        guard let pointer, count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: count)
    }

    /// The column as text (its UTF-8 bytes copied into a string); nil for NULL.
    static func text(_ handle: OpaquePointer, _ index: Int32) -> String? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
        // The text pointer first, then its size (SQLite's documented order).
        guard let pointer = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column as an integer; nil for NULL.
    static func integer(_ handle: OpaquePointer, _ index: Int32) -> Int64? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
    }
}
