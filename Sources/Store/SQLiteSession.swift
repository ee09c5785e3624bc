import Foundation
import GRDB
import WiretraceDetection
import WiretraceFingerprint
import WiretraceIngest
import WiretraceLineage

/// The store operations on one GRDB connection, inside the caller's transaction.
/// Every statement is prepared once per connection and takes bound parameters only.
struct SQLiteSession: StoreWriting, StoreQuerying {
    let db: Database
    let cache: TextCache
    /// The band keys of documents this (writing) session stored and has not inserted yet; nil inserts
    /// them as each document is stored.
    var pendingBandKeys: PendingBandKeys? = nil
    /// Which keys the main LSH index certainly lacks (searches skip them); merges add their keys.
    var bandKeyFilters: IndexKeyFilters? = nil
    /// Which passages the main passage index certainly lacks (lookups skip it for them).
    var passageFilters: IndexKeyFilters? = nil
    /// Which band keys the recent LSH table certainly lacks (searches skip it for them); the writer of a
    /// long job adds the keys of each document it stores.
    var recentBandKeys: RecentKeyFilter? = nil
    /// Band keys known to be too common for a whole search (``bandBuckets(_:after:limit:)`` from 0).
    var commonBandKeys: CommonBandKeys? = nil

    /// Inserts the band keys held back (``pendingBandKeys``): before the session reads band keys, merges
    /// them, or commits.
    func flushPendingBandKeys() throws {
        try pendingBandKeys?.flush(into: db)
    }

    // MARK: Reading

    func existingDocument(urlKey: String) throws -> ExistingDocument? {
        guard
            let row = try Row.fetchOne(
                try db.cachedStatement(sql: "SELECT id, content_hash FROM documents WHERE url_key = ?"),
                arguments: [urlKey]
            )
        else { return nil }
        let id: DocumentID = row["id"]
        var hashes: Set<String> = [row["content_hash"]]
        let revisions = try String.fetchAll(
            try db.cachedStatement(sql: "SELECT content_hash FROM revisions WHERE document_id = ?"),
            arguments: [id]
        )
        hashes.formUnion(revisions)
        return ExistingDocument(id: id, contentHashes: hashes, revisionCount: revisions.count)
    }

    /// Documents (and revisions) with this content hash. Documents are found by the index of the
    /// hash's first 16 hex digits (`+` keeps the planner on it); the whole hash is then compared.
    func documents(withContentHash hash: ContentHash) throws -> [DocumentID] {
        // Two point lookups rather than one UNION, which builds a temporary table on every call.
        let hex = hash.hex
        var ids: [DocumentID] = []
        try db.cachedStatement(
            sql: "SELECT id FROM documents WHERE substr(content_hash, 1, 16) = ? AND +content_hash = ? ORDER BY id"
        ).appendIntegers([String(hex.prefix(16)), hex], to: &ids)
        let documentCount = ids.count
        try db.cachedStatement(sql: "SELECT document_id FROM revisions WHERE content_hash = ?")
            .appendIntegers([hex], to: &ids)
        guard ids.count > documentCount else { return ids }
        return Set(ids).sorted()
    }

    func documents(withContentHash hash: ContentHash, oldest limit: Int) throws -> (count: Int, oldest: [DocumentID]) {
        let hex = hash.hex
        var ids: [DocumentID] = []
        try db.cachedStatement(
            sql: """
                SELECT id FROM documents WHERE substr(content_hash, 1, 16) = ? AND +content_hash = ?
                ORDER BY id LIMIT ?
                """
        ).appendIntegers([String(hex.prefix(16)), hex, limit], to: &ids)
        // Beyond the oldest, counted on the index alone: by the hash's first 64 bits (two texts whose
        // SHA-256 share them are not expected in any archive).
        let documents =
            ids.count < limit
            ? ids.count
            : try Int.fetchOne(
                try db.cachedStatement(sql: "SELECT COUNT(*) FROM documents WHERE substr(content_hash, 1, 16) = ?"),
                arguments: [String(hex.prefix(16))]
            ) ?? ids.count
        // A document's revisions never repeat its first text: the two lists do not overlap.
        var revised: [DocumentID] = []
        try db.cachedStatement(sql: "SELECT DISTINCT document_id FROM revisions WHERE content_hash = ?")
            .appendIntegers([hex], to: &revised)
        guard !revised.isEmpty else { return (documents, ids) }
        return (documents + revised.count, Array(Set(ids + revised).sorted().prefix(limit)))
    }

    func firstDocument(withContentHash hash: ContentHash) throws -> DocumentID? {
        let hex = hash.hex
        // Index entries with equal keys are in id order, so the first row that passes is the oldest.
        let document =
            try db.cachedStatement(
                sql:
                    "SELECT id FROM documents WHERE substr(content_hash, 1, 16) = ? AND +content_hash = ? ORDER BY id LIMIT 1"
            ).withFirstRow([String(hex.prefix(16)), hex]) { RawColumn.integer($0, 0) } ?? nil
        let revised =
            try db.cachedStatement(sql: "SELECT MIN(document_id) FROM revisions WHERE content_hash = ?")
            .withFirstRow([hex]) { RawColumn.integer($0, 0) } ?? nil
        switch (document, revised) {
        case (let document?, let revised?): return min(document, revised)
        default: return document ?? revised
        }
    }

    func bandBuckets(_ keys: [Int64], after: DocumentID, limit: Int) throws -> [[DocumentID]?] {
        try flushPendingBandKeys()
        let merged = try db.cachedStatement(
            sql: "SELECT document_id FROM lsh_bands WHERE band_key = ? AND document_id > ? ORDER BY document_id LIMIT ?"
        )
        let recent = try db.cachedStatement(
            sql: """
                SELECT document_id FROM lsh_bands_recent WHERE band_key = ? AND document_id > ?
                ORDER BY document_id LIMIT ?
                """
        )
        // An empty table (the main one before the first merge, the recent one right after a merge) is
        // not asked about each key.
        let hasMerged =
            try Bool.fetchOne(try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM lsh_bands)")) ?? true
        let hasRecent = try holdsRecentBandKeys()
        // Keys the main index or the recent table certainly lacks (most of a new page's) are not looked
        // up there.
        let filtersRecent = hasRecent && recentBandKeys?.isLive == true
        let indexedThrough = hasMerged || filtersRecent ? try mergedThrough() : 0
        let absent = hasMerged ? bandKeyFilters?.absent(keys, mergedThrough: indexedThrough) : nil
        var recentAbsent: [Bool]?
        if filtersRecent, let recentBandKeys {
            recentAbsent = recentBandKeys.absent(
                keys,
                mergedThrough: indexedThrough,
                newestDocument: try newestDocument()
            )
        }
        return try keys.indices.map { index in
            let key = keys[index]
            if after == 0, commonBandKeys?.contains(key, over: limit) == true { return nil }
            var ids: [DocumentID] = []
            if hasMerged && absent?[index] != true {
                try merged.appendIntegers([key, after, max(0, limit) + 1], to: &ids)
            }
            guard ids.count <= limit else {
                if after == 0 { commonBandKeys?.insert(key, over: limit) }
                return nil
            }
            guard hasRecent && recentAbsent?[index] != true else { return ids }
            let mergedCount = ids.count
            try recent.appendIntegers([key, after, max(0, limit) + 1 - mergedCount], to: &ids)
            if ids.count > mergedCount && mergedCount > 0 && ids[mergedCount - 1] > ids[mergedCount] {
                // Recent keys are those of documents stored since the last merge, so they follow; a merge
                // interrupted by another process's writes is the exception the sort covers.
                ids.sort()
            }
            guard ids.count <= limit else {
                if after == 0 { commonBandKeys?.insert(key, over: limit) }
                return nil
            }
            return ids
        }
    }

    func newestDocuments(holding key: Int64, count: Int) throws -> [DocumentID] {
        guard count > 0 else { return [] }
        try flushPendingBandKeys()
        var ids: [DocumentID] = []
        try db.cachedStatement(
            sql: "SELECT document_id FROM lsh_bands_recent WHERE band_key = ? ORDER BY document_id DESC LIMIT ?"
        ).appendIntegers([key, count], to: &ids)
        try db.cachedStatement(
            sql: "SELECT document_id FROM lsh_bands WHERE band_key = ? ORDER BY document_id DESC LIMIT ?"
        ).appendIntegers([key, count], to: &ids)
        // Recent keys are the newest but for a merge interrupted by another process's writes: sort both.
        ids.sort(by: >)
        return Array(ids.prefix(count).reversed())
    }

    /// Moves the band keys and passages of recently stored documents into `lsh_bands` and `passages`,
    /// in key order, once documents stored since the last merge number `documents` or more. Runs inside
    /// the caller's transaction.
    ///
    /// Inserting each batch's keys (random numbers) straight into the large indexes would dirty most of
    /// their pages at every commit; merged in key order, each page is written once per merge.
    /// - Returns: true when it merged.
    @discardableResult
    func mergeRecentKeys(every documents: Int) throws -> Bool {
        try flushPendingBandKeys()
        let newest = try newestDocument()
        let mergedThrough = try mergedThrough()
        guard newest - mergedThrough >= Int64(documents) else { return false }
        for filters in [bandKeyFilters, passageFilters].compactMap({ $0 }) {
            // The keys are read only for filters that hold the index (else the merge drops them).
            var keys: [Int64]?
            if filters.hold(mergedThrough: mergedThrough) {
                var read: [Int64] = []
                try db.cachedStatement(sql: filters.recentKeysQuery).appendIntegers([], to: &read)
                keys = read
            }
            filters.merged(keys, from: mergedThrough, to: newest)
        }
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO lsh_bands (band_key, document_id)
                SELECT band_key, document_id FROM lsh_bands_recent ORDER BY band_key, document_id;
                DELETE FROM lsh_bands_recent;
                INSERT OR IGNORE INTO passages (passage_hash, document_id)
                SELECT passage_hash, document_id FROM passages_recent ORDER BY passage_hash, document_id;
                DELETE FROM passages_recent;
                """
        )
        recentBandKeys?.start(mergedThrough: newest, newestDocument: newest)
        try db.execute(
            sql: "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            arguments: [Self.mergedThroughSetting, String(newest)]
        )
        return true
    }

    static let mergedThroughSetting = "band_keys_merged_through"

    /// Whether `lsh_bands_recent` holds any row (band keys stored since the last merge).
    func holdsRecentBandKeys() throws -> Bool {
        try Bool.fetchOne(try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM lsh_bands_recent)")) ?? true
    }

    /// Starts the filter of recent band keys (``recentBandKeys``) when the recent table is empty, as a
    /// long job's writer begins: it holds every key the table has then. Else it stays unused until the
    /// writer's first merge empties the table.
    func startRecentKeyFilter() throws {
        guard let recentBandKeys else { return }
        try flushPendingBandKeys()
        if try !holdsRecentBandKeys() {
            recentBandKeys.start(mergedThrough: try mergedThrough(), newestDocument: try newestDocument())
        } else {
            recentBandKeys.invalidate()
        }
    }

    /// The newest document whose band keys are in the main LSH index (`lsh_bands`) rather than the recent one.
    func mergedThrough() throws -> DocumentID { try Self.mergedThrough(in: db) }

    /// ``mergedThrough()`` on any connection.
    static func mergedThrough(in db: Database) throws -> DocumentID {
        try DocumentID.fetchOne(
            try db.cachedStatement(sql: "SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?"),
            arguments: [mergedThroughSetting]
        ) ?? 0
    }

    func newestDocument() throws -> DocumentID {
        try DocumentID.fetchOne(try db.cachedStatement(sql: "SELECT COALESCE(MAX(id), 0) FROM documents")) ?? 0
    }

    func candidateTexts(_ ids: [DocumentID]) throws -> [(DocumentID, ComparableText)] {
        var result: [(DocumentID, ComparableText)] = []
        result.reserveCapacity(ids.count)
        for id in ids {
            if let text = try comparableText(id) { result.append((id, text)) }
        }
        return result
    }

    /// A document's fingerprint as comparisons need it, from the cache or the database.
    func comparableText(_ id: DocumentID) throws -> ComparableText? {
        if let text = cache.text(id) { return text }
        let statement = try db.cachedStatement(
            sql: """
                SELECT shingles, paragraph_starts, paragraph_hashes, shingle_set, shingle_flags FROM fingerprints
                WHERE document_id = ?
                """
        )
        // Blobs are read in place from SQLite's row (many candidates per page: no GRDB row objects).
        let found = try statement.withFirstRow([id]) { row -> ComparableText in
            let shingles = BlobCoding.uint32s(RawColumn.bytes(row, 0))
            let starts = BlobCoding.uint32s(RawColumn.bytes(row, 1))
            let hashes = BlobCoding.uint64s(RawColumn.bytes(row, 2))
            let flags = BlobCoding.runLengthDecoded(RawColumn.bytes(row, 4), limit: shingles.count)
            guard let set = RawColumn.bytes(row, 3) else {
                return ComparableText(
                    shingles: shingles,
                    paragraphStarts: starts,
                    paragraphHashes: hashes,
                    flags: flags
                )
            }
            return ComparableText(
                shingles: shingles,
                shingleSet: BlobCoding.uint32s(set),
                paragraphStarts: starts,
                paragraphHashes: hashes,
                flags: flags
            )
        }
        guard let decoded = found else { return nil }
        cache.store(id, decoded)
        return decoded
    }

    func candidateDocuments(
        _ ids: [DocumentID],
        knownTexts: [DocumentID: ComparableText]
    ) throws
        -> [CandidateDocument]
    {
        guard !ids.isEmpty else { return [] }
        let standing = try db.cachedStatement(
            sql: """
                SELECT d.is_compilation, m.story_id, m.explained, d.quoted_documents
                FROM documents d INDEXED BY documents_standing LEFT JOIN story_members m ON m.document_id = d.id
                WHERE d.id = ?
                """
        )
        var result: [CandidateDocument] = []
        result.reserveCapacity(ids.count)
        for id in ids {
            // Read in place from SQLite's row, before the next statement runs.
            let found = try standing.withFirstRow([id]) { row in
                (
                    isCompilation: (RawColumn.integer(row, 0) ?? 0) != 0,
                    storyID: RawColumn.integer(row, 1),
                    explained: RawColumn.bytes(row, 2).flatMap { PositionSet(serialized: [UInt8]($0)) },
                    quoted: BlobCoding.decimalList(RawColumn.bytes(row, 3))
                )
            }
            guard let found, let text = try knownTexts[id] ?? comparableText(id) else { continue }
            result.append(
                CandidateDocument(
                    id: id,
                    storyID: found.storyID,
                    isCompilation: found.isCompilation,
                    explained: found.explained ?? PositionSet(),
                    text: text,
                    quotedDocuments: found.quoted
                )
            )
        }
        return result
    }

    func cluster(of document: DocumentID) throws -> Cluster {
        let storyOf = try db.cachedStatement(sql: "SELECT story_id FROM story_members WHERE document_id = ?")
        return try StoryID.fetchOne(storyOf, arguments: [document]).map(Cluster.story) ?? .single(document)
    }

    func passageClusters(_ hashes: [UInt64], limit: Int) throws -> [UInt64: Set<Int64>] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT DISTINCT COALESCE(m.story_id, -p.document_id)
                FROM (
                    SELECT document_id FROM passages WHERE passage_hash = ?1
                    UNION ALL SELECT document_id FROM passages_recent WHERE passage_hash = ?1
                ) p LEFT JOIN story_members m ON m.document_id = p.document_id
                LIMIT ?2
                """
        )
        // For passages the main index certainly lacks, the recent table alone.
        let recentOnly = try db.cachedStatement(
            sql: """
                SELECT DISTINCT COALESCE(m.story_id, -p.document_id)
                FROM passages_recent p LEFT JOIN story_members m ON m.document_id = p.document_id
                WHERE p.passage_hash = ?1
                LIMIT ?2
                """
        )
        let absent = try passagesAbsentFromMainIndex(hashes)
        var result: [UInt64: Set<Int64>] = [:]
        var keys: [Int64] = []
        for (index, hash) in hashes.enumerated() {
            keys.removeAll(keepingCapacity: true)
            try (absent?[index] == true ? recentOnly : statement)
                .appendIntegers([Int64(bitPattern: hash), limit], to: &keys)
            if !keys.isEmpty { result[hash] = Set(keys) }
        }
        return result
    }

    /// For each passage hash, whether the main passage index certainly lacks it (``passageFilters``);
    /// nil when the filters cannot tell.
    func passagesAbsentFromMainIndex(_ hashes: [UInt64]) throws -> [Bool]? {
        guard let passageFilters, !hashes.isEmpty else { return nil }
        return passageFilters.absent(hashes.map { Int64(bitPattern: $0) }, mergedThrough: try mergedThrough())
    }

    func summaries(_ ids: [DocumentID]) throws -> [DocumentID: DocumentSummary] {
        let statement = try db.cachedStatement(sql: Self.summarySelect + " WHERE d.id = ?")
        var result: [DocumentID: DocumentSummary] = [:]
        for id in ids {
            if let summary = try statement.withFirstRow([id], Self.summary) { result[id] = summary }
        }
        return result
    }

    func storyMembers(_ story: StoryID) throws -> [DocumentSummary] {
        var members: [DocumentSummary] = []
        try db.cachedStatement(sql: Self.summarySelect + " WHERE m.story_id = ? ORDER BY d.id")
            .forEachRow([story]) { members.append(Self.summary($0)) }
        return members
    }

    func memberFacts(_ story: StoryID) throws -> [MemberFacts] {
        // Read in place, column by column: GRDB's rows (looked up by column name) cost more than the query.
        var members: [MemberFacts] = []
        try db.cachedStatement(
            sql: """
                SELECT d.id, d.url, d.site, d.title, d.published, d.fetched, d.content_hash, m.story_id,
                       d.byline, d.site_name, d.canonical_url, d.dateline, d.credit_lines,
                       d.claimed_agency, d.claim_strength, d.claim_distributor, d.claim_via, d.claim_evidence,
                       d.url_key
                FROM documents d JOIN story_members m ON m.document_id = d.id
                WHERE m.story_id = ? ORDER BY d.id
                """
        ).forEachRow([story]) { row in
            var facts = MemberFacts(
                summary: Self.summary(row),
                byline: RawColumn.text(row, 8),
                siteName: RawColumn.text(row, 9),
                canonicalURL: RawColumn.text(row, 10),
                dateline: RawColumn.text(row, 11),
                creditLines: RawColumn.text(row, 12).map { $0.split(separator: "\n").map(String.init) } ?? []
            )
            facts.urlKey = RawColumn.text(row, 18)
            // Rows stored before v5 have no claim columns: lineage reads their credits again.
            if let strength = RawColumn.integer(row, 14), let level = CreditClaim.Strength(rawValue: Int(strength)) {
                facts.claim = CreditClaim(
                    agency: RawColumn.text(row, 13).flatMap(AgencyRegistry.agency(id:)),
                    strength: level,
                    distributor: RawColumn.text(row, 15).flatMap(AgencyRegistry.agency(id:)),
                    via: RawColumn.text(row, 16),
                    evidence: RawColumn.text(row, 17)
                )
            }
            members.append(facts)
        }
        return members
    }

    func crawlDelays() throws -> CrawlDelayHistogram {
        let rows = try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT bucket, documents FROM crawl_delays ORDER BY bucket")
        )
        return CrawlDelayHistogram(counts: rows.map { (bucket: $0[0] as Int, documents: $0[1] as Int) })
    }

    func storyOrigin(_ story: StoryID) throws -> DocumentID? {
        try DocumentID.fetchOne(
            try db.cachedStatement(sql: "SELECT origin_document_id FROM stories WHERE id = ?"),
            arguments: [story]
        )
    }

    func lineageState(_ story: StoryID) throws -> StoredLineageState? {
        guard
            let state = try Data.fetchOne(
                try db.cachedStatement(sql: "SELECT lineage_state FROM stories WHERE id = ?"),
                arguments: [story]
            )
        else { return nil }
        let members = try Row.fetchOne(
            try db.cachedStatement(
                sql: "SELECT COUNT(*), COALESCE(SUM(document_id), 0) FROM story_members WHERE story_id = ?"
            ),
            arguments: [story]
        )
        return StoredLineageState(
            state: [UInt8](state),
            memberCount: members?[0] ?? 0,
            memberIDSum: members?[1] ?? 0
        )
    }

    /// The columns ``summary(_:)`` reads, first in every query it reads.
    static let summarySelect = """
        SELECT d.id, d.url, d.site, d.title, d.published, d.fetched, d.content_hash, m.story_id
        FROM documents d LEFT JOIN story_members m ON m.document_id = d.id
        """

    /// A document summary from the first eight columns of a row positioned in place, in the order of
    /// ``summarySelect``.
    static func summary(_ row: OpaquePointer) -> DocumentSummary {
        DocumentSummary(
            id: RawColumn.integer(row, 0) ?? 0,
            url: RawColumn.text(row, 1) ?? "",
            site: RawColumn.text(row, 2) ?? "",
            title: RawColumn.text(row, 3),
            published: RawColumn.text(row, 4).flatMap { Timestamp(iso8601: $0) },
            fetched: RawColumn.text(row, 5).flatMap { Timestamp(iso8601: $0) },
            storyID: RawColumn.integer(row, 7),
            contentHash: RawColumn.text(row, 6) ?? ""
        )
    }

    // MARK: Writing

    /// Rows of band keys inserted by one statement.
    static let bandKeyRowsPerStatement = 64

    /// The statement inserting *n* band-key rows, for *n* up to ``bandKeyRowsPerStatement`` (built once:
    /// the text is the key of the statement cache).
    static let bandKeyInsertSQL: [String] = (0...bandKeyRowsPerStatement).map { rows in
        "INSERT OR IGNORE INTO lsh_bands_recent (band_key, document_id) VALUES "
            + repeatElement("(?, ?)", count: rows).joined(separator: ", ")
    }

    func insertDocument(
        _ article: Article,
        fingerprint: DocumentFingerprint,
        isCompilation: Bool,
        claim: CreditClaim,
        shingleSet: [UInt32],
        quotedDocuments: [DocumentID],
        passageHashes: [UInt64],
        passageDocumentCap: Int
    ) throws -> DocumentID {
        try db.cachedStatement(
            sql: """
                INSERT INTO documents (url, url_key, site, title, byline, published, fetched, content_hash, text,
                                       word_count, is_compilation, source, canonical_url, site_name, dateline,
                                       credit_lines, quoted_documents, claimed_agency, claim_strength,
                                       claim_distributor, claim_via, claim_evidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute { values in
            // Bound in place: this runs once per document, on the one writer.
            values.bind(article.url)
            values.bind(article.urlKey)
            values.bind(article.site)
            values.bind(article.title)
            values.bind(article.byline)
            values.bind(article.published?.iso8601)
            values.bind(article.fetched?.iso8601)
            values.bind(fingerprint.contentHash.hex)
            values.bind(article.text)
            values.bind(fingerprint.wordCount)
            values.bind(isCompilation)
            values.bind(article.location.description)
            values.bind(article.canonicalURL)
            values.bind(article.siteName)
            values.bind(article.dateline)
            values.bind(article.creditLines.isEmpty ? nil : article.creditLines.joined(separator: "\n"))
            values.bind(quotedDocuments.isEmpty ? nil : quotedDocuments.map(String.init).joined(separator: ","))
            values.bind(claim.agency?.id)
            values.bind(claim.strength.rawValue)
            values.bind(claim.distributor?.id)
            values.bind(claim.via)
            values.bind(claim.evidence)
        }
        let id = db.lastInsertedRowID
        if let published = article.published, let fetched = article.fetched,
            fetched.secondsSinceEpoch >= published.secondsSinceEpoch
        {
            try db.cachedStatement(
                sql: """
                    INSERT INTO crawl_delays (bucket, documents) VALUES (?, 1)
                    ON CONFLICT(bucket) DO UPDATE SET documents = documents + 1
                    """
            ).execute(arguments: [CrawlDelay.bucket(seconds: fetched.secondsSinceEpoch - published.secondsSinceEpoch)])
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO fingerprints (document_id, shingles, paragraph_starts, paragraph_hashes, signature,
                                          shingle_set, shingle_flags)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute { values in
            values.bind(id)
            values.bindBlob(fingerprint.shingles)
            values.bindBlob(fingerprint.paragraphStarts)
            values.bindBlob(fingerprint.paragraphHashes)
            values.bindBlob(fingerprint.signature)
            values.bindBlob(shingleSet)
            values.bindBlob(BlobCoding.runLengthEncoded(fingerprint.shingleFlags))
        }
        // Band keys wait for the next flush when the session holds them back, else go in at once; the
        // filter of recent keys has them first (before any snapshot can).
        recentBandKeys?.add(fingerprint.bandKeys, of: id)
        if let pendingBandKeys {
            pendingBandKeys.append(fingerprint.bandKeys, of: id)
        } else {
            let keys = PendingBandKeys()
            keys.append(fingerprint.bandKeys, of: id)
            try keys.flush(into: db)
        }
        // Passages, like band keys, go to the recent table (merged with them); a passage's documents
        // are those of both tables.
        let count = try db.cachedStatement(
            sql: """
                SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM passages WHERE passage_hash = ?1 LIMIT ?2))
                     + (SELECT COUNT(*) FROM (SELECT 1 FROM passages_recent WHERE passage_hash = ?1 LIMIT ?2))
                """
        )
        let recentCount = try db.cachedStatement(
            sql: "SELECT COUNT(*) FROM (SELECT 1 FROM passages_recent WHERE passage_hash = ?1 LIMIT ?2)"
        )
        let passage = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO passages_recent (passage_hash, document_id) VALUES (?, ?)"
        )
        let absent = try passagesAbsentFromMainIndex(passageHashes)
        for (index, hash) in passageHashes.enumerated() {
            let key = Int64(bitPattern: hash)
            let held =
                try (absent?[index] == true ? recentCount : count)
                .firstInteger(integers: [key, Int64(passageDocumentCap)]) ?? 0
            if held < passageDocumentCap { try passage.execute(integers: [key, id]) }
        }
        return id
    }

    func insertRevision(of document: DocumentID, article: Article, contentHash: ContentHash) throws -> Int {
        let previous =
            try Int.fetchOne(
                try db.cachedStatement(sql: "SELECT COALESCE(MAX(revision), 1) FROM revisions WHERE document_id = ?"),
                arguments: [document]
            ) ?? 1
        let revision = previous + 1
        try db.cachedStatement(
            sql: """
                INSERT INTO revisions (document_id, revision, content_hash, title, byline, published, fetched, text)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute { values in
            // Text bound by length, as the document row's (``ParameterBinder``): a NUL is kept.
            values.bind(document)
            values.bind(revision)
            values.bind(contentHash.hex)
            values.bind(article.title)
            values.bind(article.byline)
            values.bind(article.published?.iso8601)
            values.bind(article.fetched?.iso8601)
            values.bind(article.text)
        }
        return revision
    }

    func createStory(members: [(DocumentID, PositionSet)]) throws -> StoryID {
        try db.cachedStatement(sql: "INSERT INTO stories (origin_document_id) VALUES (NULL)").execute()
        let story = db.lastInsertedRowID
        for (document, explained) in members { try addMember(document, to: story, explained: explained) }
        return story
    }

    func addMember(_ document: DocumentID, to story: StoryID, explained: PositionSet) throws {
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO story_members (document_id, story_id, explained) VALUES (?, ?, ?)"
        ).execute(arguments: [document, story, Data(explained.serialized)])
    }

    func updateExplained(_ document: DocumentID, _ explained: PositionSet) throws {
        try db.cachedStatement(sql: "UPDATE story_members SET explained = ? WHERE document_id = ?")
            .execute(arguments: [Data(explained.serialized), document])
    }

    func mergeStory(_ source: StoryID, into target: StoryID) throws {
        guard source != target else { return }
        try db.cachedStatement(sql: "UPDATE story_members SET story_id = ? WHERE story_id = ?")
            .execute(arguments: [target, source])
        try db.cachedStatement(sql: "DELETE FROM lineage WHERE story_id = ?").execute(arguments: [source])
        try db.cachedStatement(sql: "DELETE FROM stories WHERE id = ?").execute(arguments: [source])
    }

    func removeMember(_ document: DocumentID) throws {
        try db.cachedStatement(sql: "DELETE FROM lineage WHERE document_id = ?").execute(arguments: [document])
        try db.cachedStatement(sql: "DELETE FROM story_members WHERE document_id = ?").execute(arguments: [document])
    }

    func deleteStory(_ story: StoryID) throws {
        try db.cachedStatement(sql: "DELETE FROM lineage WHERE story_id = ?").execute(arguments: [story])
        try db.cachedStatement(sql: "DELETE FROM story_members WHERE story_id = ?").execute(arguments: [story])
        try db.cachedStatement(sql: "DELETE FROM stories WHERE id = ?").execute(arguments: [story])
    }

    func setCompilation(_ document: DocumentID, _ isCompilation: Bool) throws {
        try db.cachedStatement(sql: "UPDATE documents SET is_compilation = ? WHERE id = ?")
            .execute(arguments: [isCompilation, document])
    }

    func addQuotedDocument(_ document: DocumentID, quoted: DocumentID) throws {
        try db.cachedStatement(
            sql: """
                UPDATE documents
                SET quoted_documents = COALESCE(quoted_documents || ',', '') || ?
                WHERE id = ?
                """
        ).execute(arguments: [String(quoted), document])
    }

    func recordMatches(_ document: DocumentID, _ matches: [StoredMatch]) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO matches (document_id, matched_document_id, jaccard, containment,
                                                shared_shingles, relation, rule, passages)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        for match in matches {
            try statement.execute(arguments: [
                document, match.matchedDocument, match.jaccard, match.containment, match.sharedShingles, match.relation,
                match.rule, match.compactPassages,
            ])
        }
    }

    func recordReuses(_ document: DocumentID, _ links: [ReuseLink]) throws {
        guard !links.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO reuses (document_id, reused_document_id, shared_shingles, passages)
                VALUES (?, ?, ?, ?)
                """
        )
        for link in links {
            try statement.execute(arguments: [
                document, link.reusedDocument, link.sharedShingles,
                link.passages.map(\.compact).joined(separator: ","),
            ])
        }
    }

    func reuseLinks(of documents: [DocumentID]) throws -> [ReuseRecord] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT r.reused_document_id AS other, 1 AS reuses, r.shared_shingles, r.passages
                FROM reuses r WHERE r.document_id = ?1
                UNION ALL
                SELECT r.document_id, 0, r.shared_shingles, r.passages FROM reuses r WHERE r.reused_document_id = ?1
                ORDER BY other
                """
        )
        var found: [(DocumentID, DocumentID, Bool, Int, String)] = []
        for document in documents {
            for row in try Row.fetchAll(statement, arguments: [document]) {
                found.append((document, row["other"], row["reuses"], row["shared_shingles"], row["passages"]))
            }
        }
        let summaries = try self.summaries(Array(Set(found.map(\.1) + documents)))
        return found.compactMap { document, other, reuses, shared, passages in
            guard let summary = summaries[other] else { return nil }
            // Documents that are one story by now need no link.
            if let story = summary.storyID, story == summaries[document]?.storyID { return nil }
            return ReuseRecord(
                document: document,
                other: summary,
                reuses: reuses,
                sharedShingles: shared,
                passages: StoredMatch.passages(compact: passages)
            )
        }
    }

    func markLineagePending(_ stories: some Sequence<StoryID>) throws {
        let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO lineage_pending (story_id) VALUES (?)")
        for story in stories { try statement.execute(arguments: [story]) }
    }

    func pendingLineage(limit: Int) throws -> [StoryID] {
        try StoryID.fetchAll(
            try db.cachedStatement(sql: "SELECT story_id FROM lineage_pending ORDER BY story_id LIMIT ?"),
            arguments: [limit]
        )
    }

    func clearPendingLineage(_ stories: [StoryID]) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM lineage_pending WHERE story_id = ?")
        for story in stories { try statement.execute(arguments: [story]) }
    }

    func pendingLineageCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lineage_pending") ?? 0
    }

    func scanProgress(of file: InputIdentity) throws -> ScanProgress? {
        guard
            let row = try Row.fetchOne(
                try db.cachedStatement(
                    sql: "SELECT records, complete FROM scan_progress WHERE path = ? AND size = ? AND modified = ?"
                ),
                arguments: [file.path, file.size, file.modified]
            )
        else { return nil }
        return ScanProgress(records: row[0], complete: row[1])
    }

    func recordScanProgress(_ progress: ScanProgress, of file: InputIdentity) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO scan_progress (path, size, modified, records, complete, updated)
                VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                ON CONFLICT(path) DO UPDATE SET size = excluded.size, modified = excluded.modified,
                    records = excluded.records, complete = excluded.complete, updated = excluded.updated
                """
        ).execute(arguments: [file.path, file.size, file.modified, progress.records, progress.complete])
    }

    func replaceLineage(story: StoryID, lineage: StoryLineage) throws {
        try db.cachedStatement(sql: "DELETE FROM lineage WHERE story_id = ?").execute(arguments: [story])
        try db.cachedStatement(
            sql: """
                UPDATE stories SET origin_document_id = ?, agency = ?, origin_method = ?, conflicting_credits = ?,
                                   lineage_state = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            lineage.origin, lineage.agency?.id, lineage.originMethod, lineage.conflictingCredits.count,
            lineage.state.map { Data($0.encoded()) }, story,
        ])
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO lineage (document_id, story_id, parent_document_id, kind, jaccard, containment,
                                                reverse_containment, delay_seconds, shared_edits, credit_agrees,
                                                evidence, alignment, method)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        for edge in lineage.edges {
            try statement.execute(arguments: [
                edge.document, story, edge.parent, edge.kind.rawValue, edge.jaccard, edge.containment,
                edge.reverseContainment, edge.delaySeconds, edge.sharedEdits, edge.creditAgrees,
                edge.evidence.isEmpty ? nil : edge.evidence.joined(separator: ","), edge.alignment, edge.method,
            ])
        }
    }

    // MARK: Querying

    func statistics() throws -> StoreStatistics {
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
        return StoreStatistics(
            documents: try count("SELECT COUNT(*) FROM documents"),
            revisions: try count("SELECT COUNT(*) FROM revisions"),
            stories: try count("SELECT COUNT(*) FROM stories"),
            storyMembers: try count("SELECT COUNT(*) FROM story_members"),
            sites: try count("SELECT COUNT(DISTINCT site) FROM documents"),
            compilations: try count("SELECT COUNT(*) FROM documents WHERE is_compilation"),
            largestStory: try count(
                "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM story_members GROUP BY story_id)"
            )
        )
    }

    func forEachExportRecord(_ body: (ExportRecord) throws -> Void) throws {
        var reuses = try ReuseUnits(db)
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT d.id, d.url, d.site, m.story_id, s.origin_document_id = d.id AS is_origin, p.url AS parent_url,
                       l.kind, d.published, d.fetched, d.title, d.is_compilation
                FROM documents d
                LEFT JOIN story_members m ON m.document_id = d.id
                LEFT JOIN stories s ON s.id = m.story_id
                LEFT JOIN lineage l ON l.document_id = d.id
                LEFT JOIN documents p ON p.id = l.parent_document_id
                ORDER BY d.url
                """
        )
        while let row = try cursor.next() {
            let published: String? = row["published"]
            let fetched: String? = row["fetched"]
            let story: StoryID? = row["story_id"]
            try body(
                ExportRecord(
                    url: row["url"],
                    site: row["site"],
                    story: story,
                    isOrigin: row["is_origin"] ?? false,
                    parentURL: row["parent_url"],
                    kind: row["kind"],
                    published: published.flatMap { Timestamp(iso8601: $0) },
                    fetched: fetched.flatMap { Timestamp(iso8601: $0) },
                    title: row["title"],
                    isCompilation: row["is_compilation"],
                    reuses: try reuses.addresses(document: row["id"], story: story, in: db)
                )
            )
        }
    }
}
