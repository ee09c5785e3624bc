import GRDB
import WiretraceDetection

/// Reuse links as `export` lists them. A document in no story that shares passages with a member of a
/// story reuses the story: every member is listed, and it is listed for every member (a page that
/// lifted a wire story's paragraphs took them from the story, whichever copy it read). Between two
/// stories — two periods of one template, a story and a roundup's other story — only the documents
/// the passages were found in are linked. Links inside one story are no reuse.
struct ReuseUnits {
    /// Linked units: a story by its id, a document in no story by its id negated (``Cluster/key``);
    /// for a story, only the documents in no story (story-to-story links are kept per document).
    private var linked: [Int64: Set<Int64>] = [:]
    /// Links between documents of two different stories, both ways.
    private var documentLinks: [DocumentID: Set<DocumentID>] = [:]
    /// Addresses of a unit's documents, read once.
    private var addresses: [Int64: [String]] = [:]

    /// Most addresses listed per document: a page reusing a story copied a thousand times lists the
    /// first of them (by address).
    static let limit = 200

    init(_ db: Database) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT r.document_id, r.reused_document_id, a.story_id AS a_story, b.story_id AS b_story
                FROM reuses r
                LEFT JOIN story_members a ON a.document_id = r.document_id
                LEFT JOIN story_members b ON b.document_id = r.reused_document_id
                """
        )
        while let row = try rows.next() {
            let a = Self.unit(document: row[0], story: row[2])
            let b = Self.unit(document: row[1], story: row[3])
            guard a != b else { continue }
            if a > 0 && b > 0 {
                documentLinks[row[0], default: []].insert(row[1])
                documentLinks[row[1], default: []].insert(row[0])
            } else {
                linked[a, default: []].insert(b)
                linked[b, default: []].insert(a)
            }
        }
    }

    static func unit(document: DocumentID, story: StoryID?) -> Int64 { story ?? -document }

    /// The addresses linked to `document` (in `story`), sorted, at most ``limit``.
    mutating func addresses(document: DocumentID, story: StoryID?, in db: Database) throws -> [String] {
        let units = linked[Self.unit(document: document, story: story)] ?? []
        let documents = documentLinks[document] ?? []
        guard !units.isEmpty || !documents.isEmpty else { return [] }
        var result = Set<String>()
        for unit in units { result.formUnion(try addresses(of: unit, in: db)) }
        for other in documents { result.formUnion(try addresses(of: -other, in: db)) }
        return Array(result.sorted().prefix(Self.limit))
    }

    private mutating func addresses(of unit: Int64, in db: Database) throws -> [String] {
        if let known = addresses[unit] { return known }
        let found =
            unit > 0
            ? try String.fetchAll(
                db,
                sql: """
                    SELECT d.url FROM story_members m JOIN documents d ON d.id = m.document_id
                    WHERE m.story_id = ? ORDER BY d.url LIMIT ?
                    """,
                arguments: [unit, Self.limit]
            )
            : try String.fetchAll(db, sql: "SELECT url FROM documents WHERE id = ?", arguments: [-unit])
        addresses[unit] = found
        return found
    }
}
