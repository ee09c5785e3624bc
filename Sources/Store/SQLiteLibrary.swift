import CSQLite

/// Settings of the SQLite library itself, for the whole process: made once, before the first
/// connection opens (after that SQLite ignores them).
enum SQLiteLibrary {
    /// Memory statistics off. With them on, every allocation and free SQLite makes takes one
    /// process-wide mutex: a scan's workers and writer, which all read and write through SQLite all
    /// the time, spent much of their waiting on it. wiretrace reads no SQLite memory statistics and
    /// sets no SQLite heap limit (the page caches are bounded per connection).
    ///
    /// URI file names on, for databases opened read-only and immutable (``SQLiteStore/Access``).
    static let configured: Bool = {
        let memoryStatisticsOff = wiretrace_sqlite3_disable_memory_statistics() == 0
        let urisOn = wiretrace_sqlite3_enable_uri() == 0
        return memoryStatisticsOff && urisOn
    }()
}
