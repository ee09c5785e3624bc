import GRDB
import WiretraceDetection
import WiretraceIngest

extension SQLiteSession {
    func storyDistribution(_ story: StoryID) throws -> StoryDistribution? {
        guard
            let header = try Row.fetchOne(
                db,
                sql: "SELECT origin_document_id, agency, origin_method, conflicting_credits FROM stories WHERE id = ?",
                arguments: [story]
            )
        else { return nil }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT d.id, d.url, d.site, d.site_name, d.title, d.byline, d.published, d.fetched,
                       d.claimed_agency, d.dateline, d.credit_lines, d.canonical_url, d.word_count,
                       l.parent_document_id, l.kind, l.jaccard, l.containment, l.reverse_containment,
                       l.shared_edits, l.credit_agrees, l.evidence, l.alignment
                FROM story_members m
                JOIN documents d ON d.id = m.document_id
                LEFT JOIN lineage l ON l.document_id = d.id
                WHERE m.story_id = ?
                """,
            arguments: [story]
        )
        let origin: DocumentID? = header[0]
        var entries = rows.map { row -> DistributionEntry in
            let published: String? = row[6]
            let fetched: String? = row[7]
            let credits: String? = row[10]
            let evidence: String? = row[20]
            let id: DocumentID = row[0]
            return DistributionEntry(
                document: id,
                url: row[1],
                site: row[2],
                siteName: row[3],
                title: row[4],
                byline: row[5],
                published: published.flatMap { Timestamp(iso8601: $0) },
                fetched: fetched.flatMap { Timestamp(iso8601: $0) },
                claimedAgency: row[8],
                dateline: row[9],
                creditLines: credits.map { $0.split(separator: "\n").map(String.init) } ?? [],
                canonicalURL: row[11],
                parent: row[13],
                kind: row[14] ?? (id == origin ? "origin" : "unknown"),
                jaccard: row[15],
                containment: row[16],
                reverseContainment: row[17],
                sharedEdits: row[18] ?? 0,
                creditAgrees: row[19],
                evidence: evidence.map { $0.split(separator: ",").map(String.init) } ?? [],
                alignment: row[21],
                wordCount: row[12]
            )
        }
        entries.sort { a, b in
            if a.document == origin || b.document == origin { return a.document == origin && b.document != origin }
            switch (a.published ?? a.fetched, b.published ?? b.fetched) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.url < b.url
            }
        }
        return StoryDistribution(
            story: story,
            origin: origin,
            agency: header[1],
            originMethod: header[2],
            conflictingCredits: header[3] ?? 0,
            entries: entries
        )
    }

    func documentAndStory(url: String) throws -> (document: DocumentID, story: StoryID?)? {
        let row =
            try Row.fetchOne(
                db,
                sql: """
                    SELECT d.id, m.story_id FROM documents d LEFT JOIN story_members m ON m.document_id = d.id
                    WHERE d.url_key = ?
                    """,
                arguments: [URLNormalizer.key(url)]
            )
            ?? Row.fetchOne(
                db,
                sql: """
                    SELECT d.id, m.story_id FROM documents d LEFT JOIN story_members m ON m.document_id = d.id
                    WHERE d.url_key = ?
                    """,
                arguments: [url]
            )
        guard let row else { return nil }
        return (row[0], row[1])
    }

    func siteRecords(_ site: String) throws -> SiteRecords? {
        guard
            let counts = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*), SUM(m.story_id IS NULL AND NOT d.is_compilation), SUM(d.is_compilation),
                           MAX(d.site_name)
                    FROM documents d LEFT JOIN story_members m ON m.document_id = d.id
                    WHERE d.site = ?
                    """,
                arguments: [site]
            ), (counts[0] as Int) > 0
        else { return nil }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT d.id, m.story_id, s.origin_document_id = d.id, COALESCE(l.kind, 'unknown'), s.agency,
                       d.claimed_agency, d.url, d.published, d.fetched, o.url, o.published, o.fetched,
                       (SELECT COUNT(*) FROM story_members x WHERE x.story_id = m.story_id),
                       (SELECT COUNT(*) FROM lineage c WHERE c.parent_document_id = d.id),
                       o.title
                FROM documents d
                JOIN story_members m ON m.document_id = d.id
                JOIN stories s ON s.id = m.story_id
                LEFT JOIN lineage l ON l.document_id = d.id
                LEFT JOIN documents o ON o.id = s.origin_document_id
                WHERE d.site = ?
                ORDER BY m.story_id, d.id
                """,
            arguments: [site]
        )
        let pages = rows.map { row -> SitePage in
            // Times as the story report places them: published, else the address's day for a page
            // fetched after it could have ended (or never), else the fetch.
            func time(_ first: Int) -> Timestamp? {
                let url: String? = row[first]
                let published: String? = row[first + 1]
                let fetched: String? = row[first + 2]
                return URLDate.timelineTime(
                    url: url ?? "",
                    published: published.flatMap { Timestamp(iso8601: $0) },
                    fetched: fetched.flatMap { Timestamp(iso8601: $0) }
                ).time
            }
            var delay: Int64?
            if let own = time(6), let origin = time(9) {
                delay = own.secondsSinceEpoch - origin.secondsSinceEpoch
            }
            return SitePage(
                document: row[0],
                story: row[1],
                isOrigin: row[2] ?? false,
                kind: row[3],
                storyAgency: row[4],
                claimedAgency: row[5],
                delayAfterOrigin: delay,
                storyMembers: row[12],
                children: row[13],
                storyTitle: row[14]
            )
        }
        return SiteRecords(
            site: site,
            siteName: counts[3],
            documents: counts[0],
            unmatched: counts[1] ?? 0,
            compilations: counts[2] ?? 0,
            storyPages: pages
        )
    }

    func agencyStoryRecords() throws -> [AgencyStoryRecord] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT s.id, s.agency, d.site,
                       (d.claimed_agency IS NOT NULL AND s.agency IS NOT NULL AND d.claimed_agency <> s.agency)
                FROM stories s
                JOIN story_members m ON m.story_id = s.id
                JOIN documents d ON d.id = m.document_id
                ORDER BY s.id
                """
        )
        var records: [AgencyStoryRecord] = []
        var sites = Set<String>()
        for row in rows {
            let story: StoryID = row[0]
            if records.last?.story != story {
                if !records.isEmpty { records[records.count - 1].sites = sites.sorted() }
                sites = []
                records.append(AgencyStoryRecord(story: story, agency: row[1], members: 0, sites: [], mislabelled: 0))
            }
            records[records.count - 1].members += 1
            sites.insert(row[2])
            if row[3] as Bool { records[records.count - 1].mislabelled += 1 }
        }
        if !records.isEmpty { records[records.count - 1].sites = sites.sorted() }
        return records.filter { $0.members >= 2 }
    }

    func topStories(since: Timestamp?, limit: Int) throws -> [StoryHeadline] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT s.id, o.title, s.agency, COUNT(*) AS members, COUNT(DISTINCT d.site) AS sites, o.url, o.site,
                       COALESCE(o.published, o.fetched) AS first_seen
                FROM stories s
                JOIN story_members m ON m.story_id = s.id
                JOIN documents d ON d.id = m.document_id
                LEFT JOIN documents o ON o.id = s.origin_document_id
                WHERE ? IS NULL OR COALESCE(o.published, o.fetched) >= ?
                GROUP BY s.id
                ORDER BY members DESC, sites DESC, first_seen, s.id
                LIMIT ?
                """,
            arguments: [since?.iso8601, since?.iso8601, limit]
        )
        return rows.map { row in
            let first: String? = row[7]
            return StoryHeadline(
                story: row[0],
                title: row[1],
                agency: row[2],
                members: row[3],
                sites: row[4],
                originURL: row[5],
                originSite: row[6],
                firstSeen: first.flatMap { Timestamp(iso8601: $0) }
            )
        }
    }
}
