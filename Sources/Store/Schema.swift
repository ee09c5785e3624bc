import GRDB
import WiretraceIngest

/// The database schema, as named forward-only migrations. Never edit a registered migration: add a
/// new one. docs/schema.md describes every table for people querying with sqlite3.
enum Schema {
    /// The first migration: a database whose GRDB migrations table lacks it is another application's.
    static let firstMigration = "v1-core"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(firstMigration) { db in
            try db.execute(
                sql: """
                    CREATE TABLE settings (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    );
                    CREATE TABLE documents (
                        id INTEGER PRIMARY KEY,
                        url TEXT NOT NULL UNIQUE,
                        site TEXT NOT NULL,
                        title TEXT,
                        byline TEXT,
                        published TEXT,
                        fetched TEXT,
                        content_hash TEXT NOT NULL,
                        text TEXT NOT NULL,
                        word_count INTEGER NOT NULL,
                        is_compilation INTEGER NOT NULL DEFAULT 0,
                        source TEXT
                    );
                    CREATE INDEX documents_content_hash ON documents(content_hash);
                    CREATE INDEX documents_site ON documents(site);
                    CREATE TABLE revisions (
                        id INTEGER PRIMARY KEY,
                        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                        revision INTEGER NOT NULL,
                        content_hash TEXT NOT NULL,
                        title TEXT,
                        byline TEXT,
                        published TEXT,
                        fetched TEXT,
                        text TEXT NOT NULL,
                        UNIQUE (document_id, revision)
                    );
                    CREATE INDEX revisions_content_hash ON revisions(content_hash);
                    CREATE TABLE fingerprints (
                        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
                        shingles BLOB NOT NULL,
                        paragraph_starts BLOB NOT NULL,
                        paragraph_hashes BLOB NOT NULL,
                        signature BLOB NOT NULL
                    );
                    CREATE TABLE lsh_bands (
                        band_key INTEGER NOT NULL,
                        document_id INTEGER NOT NULL,
                        PRIMARY KEY (band_key, document_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE passages (
                        passage_hash INTEGER NOT NULL,
                        document_id INTEGER NOT NULL,
                        PRIMARY KEY (passage_hash, document_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE stories (
                        id INTEGER PRIMARY KEY,
                        origin_document_id INTEGER REFERENCES documents(id)
                    );
                    CREATE TABLE story_members (
                        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
                        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                        explained BLOB
                    );
                    CREATE INDEX story_members_story ON story_members(story_id);
                    CREATE TABLE matches (
                        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                        matched_document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                        jaccard REAL NOT NULL,
                        containment REAL NOT NULL,
                        shared_shingles INTEGER NOT NULL,
                        relation TEXT NOT NULL,
                        PRIMARY KEY (document_id, matched_document_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE lineage (
                        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
                        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                        parent_document_id INTEGER REFERENCES documents(id),
                        kind TEXT NOT NULL,
                        jaccard REAL,
                        containment REAL,
                        delay_seconds INTEGER,
                        method TEXT NOT NULL
                    );
                    CREATE INDEX lineage_story ON lineage(story_id);
                    """
            )
        }
        migrator.registerMigration("v2-url-keys-and-page-facts") { db in
            // Variants of one address (scheme, www./m./amp. hosts, tracking parameters, fragments,
            // trailing slashes) are one document: documents are found by a normalised key.
            try db.execute(
                sql: """
                    ALTER TABLE documents ADD COLUMN url_key TEXT;
                    ALTER TABLE documents ADD COLUMN canonical_url TEXT;
                    ALTER TABLE documents ADD COLUMN site_name TEXT;
                    ALTER TABLE documents ADD COLUMN dateline TEXT;
                    ALTER TABLE documents ADD COLUMN credit_lines TEXT;
                    """
            )
            var seen = Set<String>()
            let rows = try Row.fetchAll(db, sql: "SELECT id, url FROM documents ORDER BY id")
            let update = try db.makeStatement(sql: "UPDATE documents SET url_key = ? WHERE id = ?")
            for row in rows {
                let url: String = row[1]
                var key = URLNormalizer.key(url)
                if !seen.insert(key).inserted { key = url }  // two stored variants of one page stay two
                seen.insert(key)
                try update.execute(arguments: [key, row[0] as Int64])
            }
            try db.execute(sql: "CREATE UNIQUE INDEX documents_url_key ON documents(url_key)")
        }
        migrator.registerMigration("v3-quoted-leads") { db in
            // Documents whose leads a document quotes: a story member quoting several other stories is a
            // roundup, found out when the later stories arrive.
            try db.execute(sql: "ALTER TABLE documents ADD COLUMN quoted_documents TEXT")
        }
        migrator.registerMigration("v4-lineage-evidence") { db in
            try db.execute(
                sql: """
                    ALTER TABLE documents ADD COLUMN claimed_agency TEXT;
                    ALTER TABLE stories ADD COLUMN agency TEXT;
                    ALTER TABLE stories ADD COLUMN origin_method TEXT;
                    ALTER TABLE stories ADD COLUMN conflicting_credits INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE lineage ADD COLUMN reverse_containment REAL;
                    ALTER TABLE lineage ADD COLUMN shared_edits INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE lineage ADD COLUMN credit_agrees INTEGER;
                    ALTER TABLE lineage ADD COLUMN evidence TEXT;
                    ALTER TABLE lineage ADD COLUMN alignment TEXT;
                    CREATE INDEX lineage_parent ON lineage(parent_document_id);
                    CREATE INDEX documents_claimed_agency ON documents(claimed_agency);
                    CREATE TABLE crawl_delays (
                        bucket INTEGER PRIMARY KEY,
                        documents INTEGER NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v5-credit-claims") { db in
            // The whole credit claim of each page, read once when it is stored, so that lineage inference
            // (which runs over every member of a story) never parses credits again.
            try db.execute(
                sql: """
                    ALTER TABLE documents ADD COLUMN claim_strength INTEGER;
                    ALTER TABLE documents ADD COLUMN claim_distributor TEXT;
                    ALTER TABLE documents ADD COLUMN claim_via TEXT;
                    ALTER TABLE documents ADD COLUMN claim_evidence TEXT;
                    """
            )
        }
        migrator.registerMigration("v6-scan-progress") { db in
            // Stories whose lineage a scan still has to infer (it does so once per story, at the end;
            // an interrupted scan leaves them here for the next one), and how far each input file has
            // been scanned, committed with the documents it produced, so an interrupted scan resumes.
            try db.execute(
                sql: """
                    CREATE TABLE lineage_pending (
                        story_id INTEGER PRIMARY KEY
                    );
                    CREATE TABLE scan_progress (
                        path TEXT PRIMARY KEY,
                        size INTEGER NOT NULL,
                        modified INTEGER NOT NULL,
                        records INTEGER NOT NULL,
                        complete INTEGER NOT NULL DEFAULT 0,
                        updated TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v7-shingle-sets") { db in
            // Each document's distinct shingles, sorted, as comparisons need them: stored once, so that
            // candidates are not sorted again every time they are compared.
            try db.execute(sql: "ALTER TABLE fingerprints ADD COLUMN shingle_set BLOB")
        }
        migrator.registerMigration("v8-recent-band-keys") { db in
            // New documents' band keys go to a small table first, merged into lsh_bands in key order every
            // so many documents: inserting random keys into the large index dirtied most of its pages at
            // every commit (``SQLiteSession/mergeRecentKeys(every:)``).
            try db.execute(
                sql: """
                    CREATE TABLE lsh_bands_recent (
                        band_key INTEGER NOT NULL,
                        document_id INTEGER NOT NULL,
                        PRIMARY KEY (band_key, document_id)
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v9-compact-document-indexes") { db in
            // Every index of `documents` gains a random key per new page, so each committed batch dirtied
            // most of their pages. The address was indexed twice (`url UNIQUE` and `url_key`): now only
            // by its normalised key, which is what lookups use. The content hash is indexed by its first
            // 16 hex digits (64 bits), a third of the size. The table is rebuilt to drop the constraint.
            // A covering index of what a candidate's standing needs (`documents_standing`, appended in id
            // order) spares reading the whole row, text and all, of each of a page's many candidates.
            try db.execute(
                sql: """
                    CREATE TABLE documents_rebuilt (
                        id INTEGER PRIMARY KEY,
                        url TEXT NOT NULL,
                        site TEXT NOT NULL,
                        title TEXT,
                        byline TEXT,
                        published TEXT,
                        fetched TEXT,
                        content_hash TEXT NOT NULL,
                        text TEXT NOT NULL,
                        word_count INTEGER NOT NULL,
                        is_compilation INTEGER NOT NULL DEFAULT 0,
                        source TEXT,
                        url_key TEXT,
                        canonical_url TEXT,
                        site_name TEXT,
                        dateline TEXT,
                        credit_lines TEXT,
                        quoted_documents TEXT,
                        claimed_agency TEXT,
                        claim_strength INTEGER,
                        claim_distributor TEXT,
                        claim_via TEXT,
                        claim_evidence TEXT
                    );
                    INSERT INTO documents_rebuilt
                        SELECT id, url, site, title, byline, published, fetched, content_hash, text, word_count,
                               is_compilation, source, url_key, canonical_url, site_name, dateline, credit_lines,
                               quoted_documents, claimed_agency, claim_strength, claim_distributor, claim_via,
                               claim_evidence
                        FROM documents ORDER BY id;
                    DROP TABLE documents;
                    ALTER TABLE documents_rebuilt RENAME TO documents;
                    CREATE UNIQUE INDEX documents_url_key ON documents(url_key);
                    CREATE INDEX documents_content_prefix ON documents(substr(content_hash, 1, 16));
                    CREATE INDEX documents_site ON documents(site);
                    CREATE INDEX documents_claimed_agency ON documents(claimed_agency);
                    CREATE INDEX documents_standing ON documents(id, is_compilation, quoted_documents);
                    """
            )
        }
        migrator.registerMigration("v10-recent-passages") { db in
            // New documents' passages go to a small table first and are merged into `passages` in key
            // order with the recent band keys, for the same reason (``SQLiteSession/mergeRecentKeys(every:)``).
            try db.execute(
                sql: """
                    CREATE TABLE passages_recent (
                        passage_hash INTEGER NOT NULL,
                        document_id INTEGER NOT NULL,
                        PRIMARY KEY (passage_hash, document_id)
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v11-passage-evidence") { db in
            // Shingle flags (quoted speech, figures) for aligned passages; the rule that decided each
            // match and its passages; partial reuse links between documents of different stories.
            try db.execute(
                sql: """
                    ALTER TABLE fingerprints ADD COLUMN shingle_flags BLOB;
                    ALTER TABLE matches ADD COLUMN rule TEXT;
                    ALTER TABLE matches ADD COLUMN passages TEXT;
                    CREATE TABLE reuses (
                        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                        reused_document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                        shared_shingles INTEGER NOT NULL,
                        passages TEXT NOT NULL,
                        PRIMARY KEY (document_id, reused_document_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX reuses_reused ON reuses(reused_document_id);
                    """
            )
        }
        migrator.registerMigration("v12-lineage-state") { db in
            // What placing one more page in a large story needs (LineageState), so that `check` does not
            // read every member of a story of thousands of copies.
            try db.execute(sql: "ALTER TABLE stories ADD COLUMN lineage_state BLOB")
        }
        return migrator
    }
}
