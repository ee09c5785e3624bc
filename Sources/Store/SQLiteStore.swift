import Foundation
import GRDB
import WiretraceDetection
import WiretraceFingerprint

/// The embedded default store: one SQLite file in WAL mode, through GRDB.
///
/// Readers (check, report, export) see consistent snapshots while a scan writes. Writes happen in
/// transactions: a batch of documents is committed together or not at all, so an interrupted scan
/// never leaves half a document behind.
public final class SQLiteStore: DocumentStore {
    /// How to open a database.
    public enum Mode: Sendable {
        /// Open for writing, creating the file when it does not exist.
        case readWrite
        /// Open an existing database for reading only.
        case readOnly
    }

    public let path: String
    public let parameters: FingerprintParameters
    public let policy: MatchPolicy
    let pool: DatabasePool
    let cache = TextCache(capacity: 10_000)
    let commonBandKeys = CommonBandKeys()
    /// Which band keys the main LSH index lacks, and which passages the main passage index lacks, for
    /// the lookups of long jobs (``IndexKeyFilters``).
    let bandKeyFilters = IndexKeyFilters.bandKeys()
    let passageFilters = IndexKeyFilters.passages()
    var keyFilters: [IndexKeyFilters] { [bandKeyFilters, passageFilters] }
    /// Documents stored between two merges of recent band keys into the main index (about 3 million
    /// keys, which the writer's page cache holds).
    public let bandKeyMergeInterval: Int
    /// Whether long jobs (``writeInTransactions(_:)``) insert band keys in key order at each commit
    /// (``PendingBandKeys``) rather than as each document is stored; the database is the same.
    public let holdsBackBandKeys: Bool
    /// The band keys of the recent LSH table, kept by a long job's writer for the searches made while
    /// it runs (``RecentKeyFilter``); nil when the store was opened without it.
    let recentBandKeys: RecentKeyFilter?
    /// The scan's claim on the database file, when the store was opened `exclusive`; released after the
    /// connections close (see ``ScanLock``).
    let scanLock: ScanLock?
    /// How the file was opened.
    public let access: Access

    /// How a database file is opened.
    public enum Access: Sendable, Equatable {
        /// As usual: readers and a writer share it through SQLite's locks and its `-shm` file.
        case shared
        /// Read-only and immutable (SQLite's `immutable=1`): for a file this user may read but not write,
        /// in a folder where SQLite cannot make its `-shm` file. Nothing is written, not even a lock, so a
        /// scan that writes the file at the same time is not seen (and may make a read fail).
        case immutable
    }

    /// Opens (or creates) the database at `path`.
    /// - Parameters:
    ///   - requestedParameters: fingerprint parameters asked for on the command line; a new database
    ///     records them, an existing one must have been built with the same ones.
    ///   - requestedPolicy: the same for the matching policy.
    ///   - bandKeyMergeInterval: documents stored between merges of recent band keys into the main index.
    ///   - holdsBackBandKeys: whether long jobs insert band keys sorted at each commit.
    ///   - filtersRecentBandKeys: whether long jobs keep a filter of the recent band keys, so that searches
    ///     skip the recent table for keys it lacks (the results are the same).
    ///   - exclusive: take the scan's claim on the file (``ScanLock``) before anything else, and hold it
    ///     until the store is released; a second exclusive store on the same file, whatever path it
    ///     is reached by, fails with kind `busy`.
    ///
    /// Before anything is written, the file is checked: a SQLite database of another application is
    /// refused (kind `foreign`) and a damaged one (kind `corrupt`) — fully, with `PRAGMA quick_check`,
    /// when it is small enough for that to be cheap (``quickCheckLimit``, ``scanQuickCheckLimit``).
    /// A database that may be read but not written is opened ``Access/immutable`` for reading.
    public init(
        path: String,
        mode: Mode,
        requestedParameters: FingerprintParameters? = nil,
        requestedPolicy: MatchPolicy? = nil,
        bandKeyMergeInterval: Int = 65_536,
        holdsBackBandKeys: Bool = true,
        filtersRecentBandKeys: Bool = true,
        exclusive: Bool = false
    ) throws {
        _ = SQLiteLibrary.configured
        self.path = path
        self.bandKeyMergeInterval = max(1, bandKeyMergeInterval)
        self.holdsBackBandKeys = holdsBackBandKeys
        // About 40 band keys per document (most of them one document's alone): 2.6 MiB per generation at
        // the default interval, two generations at most.
        recentBandKeys =
            filtersRecentBandKeys ? RecentKeyFilter(capacity: min(self.bandKeyMergeInterval, 1 << 20) * 40) : nil
        let exists = FileManager.default.fileExists(atPath: path)
        if mode == .readOnly && !exists {
            throw StoreError(.notFound, path: path, "no database here (run 'wiretrace scan' first, or pass --db)")
        }
        let lock = exclusive && mode == .readWrite ? try ScanLock(database: path) : nil
        scanLock = lock
        do {
            access = try Self.inspect(
                path: path,
                mode: mode,
                quickCheckLimit: exclusive ? Self.scanQuickCheckLimit : Self.quickCheckLimit
            )
        } catch {
            // A file the claim created is no database yet: leave nothing behind.
            if let lock, lock.createdFile { unlink(path) }
            throw error
        }
        var configuration = Configuration()
        configuration.readonly = mode == .readOnly
        // A writer waits up to a minute for another one (a scan commits every few thousand documents).
        configuration.busyMode = .timeout(60)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // 16 KiB pages for new databases: fingerprints fit in one page, and index lookups read fewer.
            try db.execute(sql: "PRAGMA page_size = 16384")
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Checkpoint every 256 MiB of log (16,384 pages of 16 KiB) rather than every 16 MiB: pages
                // written again and again by a scan reach the database file once per checkpoint.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
                // Debian's SQLite zeroes deleted content by default, which writes every page the merges of
                // the recent tables free; FAST zeroes it only where that costs no extra I/O.
                try db.execute(sql: "PRAGMA secure_delete = FAST")
                try db.execute(sql: "PRAGMA temp_store = \(Self.writerTempStore)")
            }
            // 192 MiB of page cache for the writer (a scan's index pages), 32 MiB for each reader (scan
            // workers, check, reports): together well under the 1 GiB a scan may use.
            try db.execute(
                sql: db.configuration.readonly ? "PRAGMA cache_size = -32768" : "PRAGMA cache_size = -196608"
            )
        }
        do {
            pool = try DatabasePool(
                path: access == .immutable ? Self.immutableURI(path) : path,
                configuration: configuration
            )
            let migrator = Schema.migrator
            let state = try pool.read { db -> (superseded: Bool, complete: Bool) in
                (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
            }
            if state.superseded {
                throw StoreError(
                    .newerSchema,
                    path: path,
                    "the database was made by a newer wiretrace; upgrade wiretrace"
                )
            }
            if !state.complete {
                if mode == .readWrite {
                    // Migrations rewrite whole tables: their statement journals go to temporary files.
                    try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA temp_store = DEFAULT") }
                    try migrator.migrate(pool)
                    try pool.writeWithoutTransaction { db in
                        try db.execute(sql: "PRAGMA temp_store = \(Self.writerTempStore)")
                    }
                } else {
                    try Self.upgradeForReading(path: path, pool: pool, migrator: migrator)
                }
            }
            (parameters, policy) = try Self.settle(
                pool: pool,
                path: path,
                mode: mode,
                requestedParameters: requestedParameters,
                requestedPolicy: requestedPolicy
            )
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    deinit {
        if scanLock != nil { try? close() }
    }

    /// Closes the connections (the last one checkpoints the write-ahead log and removes it), then drops
    /// the scan's claim. The store is not used afterwards. A scan calls it when done rather than leaving
    /// it to the store's release, which the process's exit may come before.
    public func close() throws {
        guard !isClosed.value else { return }
        // The connections close before the claim is dropped: closing the claim's descriptor drops every
        // fcntl lock the process holds on the file, SQLite's included.
        // Readers first: the last connection to close checkpoints the log and removes it, which only the
        // writer may do (`DatabasePool.close()` closes the writer first).
        pool.releaseMemory()
        try pool.close()
        isClosed.value = true
        scanLock?.release()
    }

    /// Whether ``close()`` has run.
    private let isClosed = Flag()

    /// A Boolean held by reference, for a final class's `let` properties.
    private final class Flag: @unchecked Sendable {
        var value = false
    }

    /// Databases up to this size get a full `PRAGMA quick_check` when opened: about 1.6 ms per MiB with
    /// the file in the page cache (0.8 ms for the 1.1 MiB sample database, 93 ms for the 57 MiB one of
    /// the development corpus), so at most about 26 ms for `check`, `report` and the other short
    /// commands. Larger ones are checked as they are read, and any damage met is reported then
    /// (``StoreError/Kind/corrupt``).
    public static let quickCheckLimit: Int64 = 16 << 20
    /// The same for a scan (an `exclusive` store), a long job: at most about 1.7 s.
    public static let scanQuickCheckLimit: Int64 = 1 << 30

    /// `file:` URI of `path` opened read-only and immutable.
    static func immutableURI(_ path: String) -> String {
        var absolute = path
        if !path.hasPrefix("/") { absolute = FileManager.default.currentDirectoryPath + "/" + path }
        // Percent-encode what a URI path may not hold as is ("?" and "#" would end it).
        var encoded = ""
        for byte in absolute.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "/-._~".contains(c)) {
                encoded.append(c)
            } else {
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return "file:" + encoded + "?mode=ro&immutable=1"
    }

    /// Looks at an existing file before any connection that may write it is opened: a SQLite file of
    /// another application is refused, a damaged one too (checked whole when it is no larger than
    /// `quickCheckLimit`), and a file this user cannot open as SQLite readers usually do
    /// (a database readable but not writable, in a folder where its `-shm` file cannot be made) is read
    /// as immutable.
    static func inspect(path: String, mode: Mode, quickCheckLimit: Int64) throws -> Access {
        var info = stat()
        guard stat(path, &info) == 0, info.st_size > 0 else { return .shared }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(60)
        // Everything here reads through a read-only connection: a connection of a DatabasePool that may
        // write makes the write-ahead log at once, by writing to the database.
        let checksWhole = Int64(info.st_size) <= quickCheckLimit
        func tables(_ file: String) throws -> (tables: [String], migrations: [String], problems: [String]) {
            try DatabaseQueue(path: file, configuration: configuration).read { db in
                let tables = try String.fetchAll(
                    db,
                    sql:
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
                let migrations =
                    tables.contains("grdb_migrations")
                    ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
                let problems = checksWhole ? try String.fetchAll(db, sql: "PRAGMA quick_check(5)") : ["ok"]
                return (tables, migrations, problems == ["ok"] ? [] : problems)
            }
        }
        var access = Access.shared
        var found: (tables: [String], migrations: [String], problems: [String])
        do {
            found = try tables(path)
        } catch let error as DatabaseError where mode == .readOnly && Self.cannotShare(error) {
            // No `-wal` file with content: no scan is writing, and every page is in the file itself.
            var wal = stat()
            if stat(path + "-wal", &wal) == 0 && wal.st_size > 0 {
                throw StoreError(
                    .readOnly,
                    path: path,
                    "cannot be read: a scan is writing it (or did not end), and SQLite cannot make its "
                        + "shared-memory file here (\(error.message ?? "\(error.resultCode)")); "
                        + "read it when the scan is over, or as a user who may write its folder"
                )
            }
            access = .immutable
            do {
                found = try tables(immutableURI(path))
            } catch {
                throw translate(error, path: path)
            }
        } catch {
            throw translate(error, path: path)
        }
        if !found.problems.isEmpty {
            throw StoreError(
                .corrupt,
                path: path,
                "the database is damaged (\(found.problems.joined(separator: "; "))); nothing was changed. Restore "
                    + "it from a backup, or scan the inputs again into a new database"
            )
        }
        // The migrations table is GRDB's, which other applications use too: only wiretrace's first
        // migration says it is a wiretrace database.
        if !found.tables.isEmpty && !found.migrations.contains(Schema.firstMigration) {
            let shown = found.tables.prefix(5).joined(separator: ", ") + (found.tables.count > 5 ? ", …" : "")
            throw StoreError(
                .foreign,
                path: path,
                "is a SQLite database of another application (tables \(shown)), not a wiretrace database; "
                    + "nothing was changed. Give --db a new file"
            )
        }
        return access
    }

    /// Whether a read-only open failed because SQLite could not make or write its shared-memory file.
    static func cannotShare(_ error: DatabaseError) -> Bool {
        switch error.resultCode {
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_IOERR: true
        default: false
        }
    }

    /// Where the writer keeps temporary data. A statement that may fail half-way (a document row with its
    /// unique and foreign keys) first copies every existing page it changes to a statement journal, which
    /// SQLite moves to a temporary file once over 64 KiB: a system call per 16 KiB page, six pages per
    /// document stored. The writer's statements each change a few pages, so their journals stay in
    /// memory; migrations, which rewrite whole tables, and readers (an export sorts every document) keep
    /// temporary files on disk.
    static let writerTempStore = "MEMORY"

    /// Brings the schema of an older wiretrace's database up to date before it is read (the migrations
    /// keep every row, so older data reads the same). Once per database; migration
    /// `v9-compact-document-indexes` rebuilds `documents`, about two minutes at 10^6 documents.
    private static func upgradeForReading(path: String, pool: DatabasePool, migrator: DatabaseMigrator) throws {
        let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
        guard !applied.isEmpty else {
            throw StoreError(.corrupt, path: path, "not a wiretrace database (or an unfinished one)")
        }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(60)
            try migrator.migrate(try DatabaseQueue(path: path, configuration: configuration))
        } catch {
            throw StoreError(
                .readOnly,
                path: path,
                "the database was made by an older wiretrace and cannot be upgraded here; "
                    + "run 'wiretrace scan' on it with this version (as a user who may write it)"
            )
        }
    }

    /// Records parameters in a new database, or checks them against the recorded ones.
    private static func settle(
        pool: DatabasePool,
        path: String,
        mode: Mode,
        requestedParameters: FingerprintParameters?,
        requestedPolicy: MatchPolicy?
    ) throws -> (FingerprintParameters, MatchPolicy) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let stored = try pool.read { db in
            (
                try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'fingerprint'"),
                try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'policy'")
            )
        }
        guard let parametersJSON = stored.0, let policyJSON = stored.1 else {
            guard mode == .readWrite else {
                throw StoreError(.corrupt, path: path, "the database has no fingerprint settings")
            }
            let parameters = requestedParameters ?? .standard
            let policy = requestedPolicy ?? .standard
            let p = String(decoding: try encoder.encode(parameters), as: UTF8.self)
            let m = String(decoding: try encoder.encode(policy), as: UTF8.self)
            try pool.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO settings (key, value) VALUES ('fingerprint', ?), ('policy', ?)",
                    arguments: [p, m]
                )
            }
            return (parameters, policy)
        }
        let decoder = JSONDecoder()
        guard let parameters = try? decoder.decode(FingerprintParameters.self, from: Data(parametersJSON.utf8)),
            let policy = try? decoder.decode(MatchPolicy.self, from: Data(policyJSON.utf8))
        else {
            throw StoreError(.corrupt, path: path, "the database's settings cannot be read")
        }
        if parameters.version != FingerprintParameters.algorithmVersion {
            throw StoreError(
                .parameterMismatch,
                path: path,
                "fingerprints were made with algorithm version \(parameters.version), this wiretrace makes version "
                    + "\(FingerprintParameters.algorithmVersion); scan into a new database"
            )
        }
        if let requested = requestedParameters, requested != parameters {
            throw StoreError(
                .parameterMismatch,
                path: path,
                "the database was built with other fingerprint parameters (\(describe(parameters))); "
                    + "you asked for \(describe(requested)). Drop the options or use a new database"
            )
        }
        if let requested = requestedPolicy, requested != policy {
            throw StoreError(
                .parameterMismatch,
                path: path,
                "the database was built with another matching policy; drop the options or use a new database"
            )
        }
        return (parameters, policy)
    }

    static func describe(_ p: FingerprintParameters) -> String {
        "shingle size \(p.shingleSize), MinHash size \(p.signatureSize), LSH threshold \(p.lshThreshold), "
            + "window \(p.windowSize)×\(p.windowBins), anchor window \(p.anchorWindow), seed \(p.seed)"
    }

    /// Maps SQLite failures to errors a user can act on.
    static func translate(_ error: any Error, path: String) -> StoreError {
        guard let error = error as? DatabaseError else {
            return StoreError(.other, path: path, "\(error)")
        }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return StoreError(
                .corrupt,
                path: path,
                "the database is damaged or not a database (\(detail)); nothing was changed. Restore it from "
                    + "a backup, or scan the inputs again into a new database"
            )
        case .SQLITE_READONLY:
            return StoreError(.readOnly, path: path, "the database cannot be written (\(detail))")
        case .SQLITE_FULL:
            return StoreError(.full, path: path, "the disk is full; the last batch was rolled back")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return StoreError(.readOnly, path: path, "cannot open the database (\(detail))")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.busy, path: path, "another process is writing this database; try again when it is done")
        case .SQLITE_IOERR:
            if error.extendedResultCode == .SQLITE_IOERR_WRITE || error.extendedResultCode == .SQLITE_IOERR_FSYNC
                || error.extendedResultCode == .SQLITE_IOERR_TRUNCATE
            {
                return StoreError(
                    .full,
                    path: path,
                    "cannot write to the database file (disk full, a file-size limit, or a failing disk); "
                        + "the last batch was rolled back"
                )
            }
            return StoreError(.other, path: path, "I/O error (\(detail))")
        default:
            return StoreError(.other, path: path, detail)
        }
    }

    public func read<T>(_ body: (any StoreReading & StoreQuerying) throws -> T) throws -> T {
        do {
            return try pool.read { db in try body(session(db)) }
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }

    /// A passive checkpoint of the write-ahead log (readers keep reading; the writer waits for it).
    public func checkpoint() throws {
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }

    public func write<T>(_ body: (any StoreWriting) throws -> T) throws -> T {
        do {
            return try pool.write { db in
                let session = self.session(db)
                do {
                    let result = try body(session)
                    try session.mergeRecentKeys(every: bandKeyMergeInterval)
                    return result
                } catch {
                    forgetUncommitted()
                    throw error
                }
            }
        } catch let error as DatabaseError {
            forgetUncommitted()  // the commit itself may have failed
            throw Self.translate(error, path: path)
        }
    }

    public func writeInTransactions<T>(
        expectedDocuments: Int?,
        _ body: (any StoreWriting, _ commit: () throws -> Void) throws -> T
    ) throws -> T {
        do {
            // The filters of the main indexes' keys (band keys, passages) are built on a thread of their
            // own while the job starts; lookups skip through them once they are there. Building reads
            // every key of the indexes (about 11 s of one core for the band keys at 10^6 documents), so
            // it waits for jobs that add at least a twentieth as many documents as the indexes hold.
            let indexed = try pool.read { db in try SQLiteSession.mergedThrough(in: db) }
            let building = DispatchGroup()
            let keyFilters = self.keyFilters
            let buildFilters: @Sendable () -> Void = { [pool] in
                for filters in keyFilters { filters.build { body in try pool.read { db in try body(db) } } }
            }
            for filters in keyFilters { filters.allowBuilding() }
            if indexed == 0 {
                buildFilters()  // nothing to read: the (empty) filters are there before the first merge
            } else if expectedDocuments.map({ $0 * Self.filterBuildRatio >= indexed }) ?? true {
                DispatchQueue.global().async(group: building, execute: buildFilters)
            }
            defer {
                for filters in keyFilters { filters.cancel() }
                building.wait()
            }
            return try pool.writeWithoutTransaction { db in
                // No foreign-key checks in a long job: at 10^6 documents, checking that each match's
                // matched document exists read a random page of `documents`, about 6 % of a scan's time.
                // Documents are never deleted, and a story is deleted with its members and lineage
                // (`deleteStory`, `mergeStory`), so there is nothing for the checks to catch; tests and
                // `scripts/crash-test` run `PRAGMA foreign_key_check` after scans. (The pragma is a no-op
                // inside a transaction, hence here.)
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                try db.beginTransaction(.immediate)
                do {
                    // A long job stores many documents per transaction: their band keys go in sorted at
                    // each commit (``PendingBandKeys``).
                    let session = self.session(db, pendingBandKeys: holdsBackBandKeys ? PendingBandKeys() : nil)
                    recentBandKeys?.beginJob()
                    defer { recentBandKeys?.endJob() }
                    try session.startRecentKeyFilter()
                    let result = try body(session) {
                        try session.flushPendingBandKeys()
                        try session.mergeRecentKeys(every: bandKeyMergeInterval)
                        try db.commit()
                        try db.beginTransaction(.immediate)
                        // Another process may have stored documents between the two transactions.
                        recentBandKeys?.verify(newestDocument: try session.newestDocument())
                    }
                    try session.flushPendingBandKeys()
                    try session.mergeRecentKeys(every: bandKeyMergeInterval)
                    try db.commit()
                    return result
                } catch {
                    if db.isInsideTransaction { try? db.rollback() }
                    forgetUncommitted()
                    throw error
                }
            }
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }

    /// A session on `db` with the store's caches and filters.
    private func session(_ db: Database, pendingBandKeys: PendingBandKeys? = nil) -> SQLiteSession {
        SQLiteSession(
            db: db,
            cache: cache,
            pendingBandKeys: pendingBandKeys,
            bandKeyFilters: bandKeyFilters,
            passageFilters: passageFilters,
            recentBandKeys: recentBandKeys,
            commonBandKeys: commonBandKeys
        )
    }

    /// Forgets what a rolled-back transaction left in memory: cached texts of documents whose ids will be
    /// given again, and filters that may hold the keys of a merge the database does not have.
    private func forgetUncommitted() {
        cache.removeAll()
        commonBandKeys.removeAll()
        for filters in keyFilters { filters.invalidate() }
        recentBandKeys?.invalidate()
    }

    /// A long job builds the filters of the main indexes' keys (``IndexKeyFilters``) when it expects
    /// to store at least the indexed documents divided by this. Measured at 977,063 documents: the
    /// build took about 11 s, and the filters saved about 0.35 ms of CPU per page scanned, so they pay
    /// for themselves after about a thirtieth of the indexed documents.
    static let filterBuildRatio = 20

    /// How many documents have their band keys in the main LSH index, and how many in the recent one
    /// (not merged yet).
    public func bandKeyDocuments() throws -> (merged: Int, recent: Int) {
        try pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT document_id) FROM lsh_bands") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT document_id) FROM lsh_bands_recent") ?? 0
            )
        }
    }

    /// Runs `PRAGMA integrity_check` and `PRAGMA foreign_key_check`; returns the problems found (empty
    /// when the file is sound and every reference points at a stored row).
    /// - Complexity: reads the whole database.
    public func integrityProblems() throws -> [String] {
        try pool.read { db in
            let rows = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            var problems = rows == ["ok"] ? [] : rows
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0]
                let rowID: Int64? = row[1]
                let parent: String = row[2]
                problems.append("\(table) row \(rowID.map(String.init) ?? "?") refers to a missing \(parent) row")
            }
            return problems
        }
    }

    /// Whether the writer connection checks foreign keys (it does but during long jobs,
    /// ``writeInTransactions(expectedDocuments:_:)``).
    func writerChecksForeignKeys() throws -> Bool {
        try pool.writeWithoutTransaction { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false }
    }
}
