import Foundation
import GRDB
import Testing
import WiretracePipeline

/// Runs the built `wiretrace` executable (it sits next to the test bundle).
enum CLI {
    static let executable: String = {
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: me).deletingLastPathComponent()
        // On some platforms the test binary sits inside a bundle directory.
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: folder.appendingPathComponent("wiretrace").path) {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("wiretrace").path
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    static func run(
        _ arguments: [String],
        stdin: String? = nil,
        environment: [String: String] = [:],
        executable: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? Self.executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["WIRETRACE_DB"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }
}

@Suite("Command line", .serialized)
struct CommandLineTests {
    let directory = TemporaryDirectory()
    var db: String { directory.file("cli.sqlite") }

    func jsonLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test("the sample archive: scan, scan again (idempotent), export, stats")
    func sampleArchive() throws {
        let first = try CLI.run(["scan", "--db", db, Repository.sampleArchive])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("new documents 78"))
        // Scanning the same unchanged file again does not even read it.
        let again = try CLI.run(["scan", "--db", db, Repository.sampleArchive, "--json"])
        #expect(again.status == 0)
        let summary = try #require(jsonLines(again.stdout).first)
        #expect(summary["new_documents"] as? Int == 0)
        #expect(summary["resumed_files"] as? Int == 1)
        #expect(summary["resumed_records"] as? Int == 79)
        // A copy of it (another file) is read, and adds nothing.
        let copy = directory.write("copy.jsonl", try String(contentsOfFile: Repository.sampleArchive, encoding: .utf8))
        let third = try CLI.run(["scan", "--db", db, copy, "--json"])
        let thirdSummary = try #require(jsonLines(third.stdout).first)
        #expect(thirdSummary["new_documents"] as? Int == 0)
        #expect(thirdSummary["already_stored"] as? Int == 79)

        let export = try CLI.run(["export", "--db", db])
        #expect(export.status == 0)
        let records = jsonLines(export.stdout)
        #expect(records.count == 78)
        // The predicted stories are exactly the expected ones.
        let expected = jsonLines(try String(contentsOfFile: Repository.sampleTruth, encoding: .utf8))
        func partition(_ rows: [[String: Any]]) -> Set<Set<String>> {
            var groups: [String: Set<String>] = [:]
            for row in rows {
                guard let url = row["url"] as? String else { continue }
                let key = (row["story"].flatMap { $0 is NSNull ? nil : "\($0)" }) ?? "single:\(url)"
                groups[key, default: []].insert(url)
            }
            return Set(groups.values)
        }
        #expect(partition(records) == partition(expected))
        #expect(records.filter { $0["origin"] as? Bool == true }.count == 13)

        let csv = try CLI.run(["export", "--db", db, "--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").count == 79)
        #expect(csv.stdout.hasPrefix("url,site,story,origin,parent"))

        let stats = try CLI.run(["stats", "--db", db, "--json"])
        let counts = try #require(jsonLines(stats.stdout).first)
        #expect(counts["documents"] as? Int == 78)
        #expect(counts["stories"] as? Int == 13)
    }

    @Test("check: 0 for a copy, 1 for no match, 2 for an error; nothing is added without --add")
    func check() throws {
        try CLI.run(["scan", "--db", db, Repository.sampleArchive])
        let sample = try String(contentsOfFile: Repository.sampleArchive, encoding: .utf8)
        let firstLine = String(sample.split(separator: "\n")[0])
        var record = try #require(try JSONSerialization.jsonObject(with: Data(firstLine.utf8)) as? [String: Any])
        record["url"] = "https://www.elsewhere.example.com/republished"
        let copy = directory.write(
            "copy.jsonl",
            String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
        )
        let found = try CLI.run(["check", "--db", db, copy, "--json"])
        #expect(found.status == 0, "\(found.stderr)")
        let verdict = try #require(jsonLines(found.stdout).first)
        #expect(verdict["verdict"] as? String == "copy")
        #expect((verdict["matches"] as? [Any])?.isEmpty == false)
        #expect(verdict["first_published"] is [String: Any])

        let text = directory.write("fresh.txt", "A fresh story\n\n" + words(80, seed: "fresh"))
        let none = try CLI.run(["check", "--db", db, text])
        #expect(none.status == 1)
        #expect(none.stdout.contains("NO MATCH"))

        let viaStdin = try CLI.run(
            ["check", "--db", db, "-"],
            stdin: String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
        )
        #expect(viaStdin.status == 0)

        let broken = directory.write("broken.jsonl", "{not json")
        let error = try CLI.run(["check", "--db", db, broken])
        #expect(error.status == 2)
        #expect(error.stderr.contains("broken.jsonl:1"))
        #expect(try CLI.run(["check", "--db", directory.file("missing.sqlite"), copy]).status == 2)

        let before = try CLI.run(["stats", "--db", db, "--json"]).stdout
        #expect(before.contains("\"documents\":78"))
        let added = try CLI.run(["check", "--db", db, copy, "--add"])
        #expect(added.status == 0)
        #expect(try CLI.run(["stats", "--db", db, "--json"]).stdout.contains("\"documents\":79"))
    }

    @Test("check --each: one verdict line per article, latency percentiles, nothing added")
    func checkEach() throws {
        try CLI.run(["scan", "--db", db, Repository.sampleArchive])
        let sample = try String(contentsOfFile: Repository.sampleArchive, encoding: .utf8)
        var lines = sample.split(separator: "\n").prefix(3).map(String.init)
        lines.append(#"{"url":"https://fresh.example.org/a","text":"A fresh story\n\n\#(words(80, seed: "each"))"}"#)
        let batch = directory.write("batch.jsonl", lines.joined(separator: "\n"))
        let run = try CLI.run(["check", "--db", db, "--each", "--timings", "--warmup", "1", batch])
        #expect(run.status == 0, "\(run.stderr)")
        let verdicts = run.stdout.split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false)
        }
        #expect(verdicts.count == 4)
        #expect(verdicts.allSatisfy { $0.count == 5 })
        // The first line is the story's first page (ORIGINAL); the next two copy it.
        #expect(verdicts.prefix(3).map { String($0[0]) } == ["original", "copy", "copy"])
        #expect(verdicts.prefix(3).allSatisfy { $0[1].hasPrefix("story ") })
        #expect(verdicts.last?[0] == "no-match")
        #expect(verdicts.last?[3] == "https://fresh.example.org/a")
        #expect(run.stderr.contains("checked 3 articles in p50 "))

        let json = try CLI.run(["check", "--db", db, "--each", "--json", batch])
        #expect(jsonLines(json.stdout).map { $0["verdict"] as? String } == ["original", "copy", "copy", "no-match"])
        #expect(try CLI.run(["stats", "--db", db, "--json"]).stdout.contains("\"documents\":78"))

        let none = directory.write("none.jsonl", lines[3])
        #expect(try CLI.run(["check", "--db", db, "--each", none]).status == 1)
        #expect(try CLI.run(["check", "--db", db, "--each", "--add", batch]).status == 64)
        #expect(try CLI.run(["check", "--db", db, "--timings", batch]).status == 64)
    }

    @Test("latency percentiles use the nearest rank")
    func latencySummary() throws {
        let summary = try #require(LatencySummary(milliseconds: (1...100).map(Double.init).reversed()))
        #expect(summary.count == 100)
        #expect(summary.p50 == 50)
        #expect(summary.p90 == 90)
        #expect(summary.p99 == 99)
        #expect(summary.max == 100)
        #expect(summary.mean == 50.5)
        #expect(LatencySummary(milliseconds: []) == nil)
        #expect(LatencySummary(milliseconds: [7])?.p99 == 7)
    }

    @Test("bad records are skipped and reported; good ones are stored; exit code 65")
    func badRecords() throws {
        let input = directory.write(
            "mixed.jsonl",
            """
            {"url": "https://a.example/1", "text": "\(words(40, seed: "good"))"}
            {"url": "https://a.example/2", "text":
            {"text": "no url"}
            {"url": "https://a.example/3", "text": "\(words(40, seed: "alsogood"))"}
            """
        )
        let result = try CLI.run(["scan", "--db", db, input])
        #expect(result.status == 65)
        // Each skipped record is an error on standard error; the summary counts them by reason.
        #expect(result.stderr.contains("mixed.jsonl:2"))
        #expect(result.stderr.contains("mixed.jsonl:3"))
        #expect(result.stdout.contains("missing-url 1"))
        #expect(try CLI.run(["stats", "--db", db, "--json"]).stdout.contains("\"documents\":2"))
    }

    @Test("an unreadable input is an I/O error (74); the other inputs are still stored")
    func unreadable() throws {
        let good = directory.write("good.txt", "Title\n\n" + words(40, seed: "ok"))
        let result = try CLI.run(["scan", "--db", db, directory.file("does-not-exist.jsonl"), good])
        #expect(result.status == 74)
        #expect(result.stderr.contains("does-not-exist.jsonl"))
        #expect(try CLI.run(["stats", "--db", db, "--json"]).stdout.contains("\"documents\":1"))
    }

    @Test("a corrupt database is refused (74) and left untouched")
    func corruptDatabase() throws {
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let path = directory.write("corrupt.sqlite", garbage)
        let input = directory.write("one.txt", "Title\n\n" + words(40, seed: "c"))
        let result = try CLI.run(["scan", "--db", path, input])
        #expect(result.status == 74)
        #expect(result.stderr.contains("corrupt.sqlite"))
        #expect(FileManager.default.contents(atPath: path) == garbage)
        #expect(try CLI.run(["export", "--db", path]).status == 74)
    }

    @Test("a read-only database is refused with exit code 74 and keeps its contents")
    func readOnlyDatabase() throws {
        let input = directory.write("one.txt", "Title\n\n" + words(40, seed: "ro"))
        #expect(try CLI.run(["scan", "--db", db, input]).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db) }
        let other = directory.write("two.txt", "Other\n\n" + words(40, seed: "ro2"))
        var arguments = ["scan", "--db", db, other]
        if getuid() == 0 {
            // Root may write any file; run as an unprivileged user so that permissions apply.
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.executable] + arguments
        }
        let result = try CLI.run(arguments, executable: getuid() == 0 ? "/usr/bin/setpriv" : nil)
        #expect(result.status == 74)
        #expect(try CLI.run(["stats", "--db", db, "--json"]).stdout.contains("\"documents\":1"))
    }

    @Test("a database made by an older wiretrace is upgraded when read, and reads the same")
    func olderSchema() throws {
        #expect(try CLI.run(["scan", "--db", db, Repository.sampleArchive]).status == 0)
        let before = try CLI.run(["export", "--db", db]).stdout
        let checkedBefore = try CLI.run(["check", "--db", db, "--each", Repository.sampleArchive]).stdout
        // What wiretrace wrote before migration v8: every band key in lsh_bands and every passage in
        // passages, no recent tables; documents with a unique address and a full content-hash index.
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: db, configuration: configuration)
        try queue.write { database in
            let columns = try database.columns(in: "documents").map(\.name).joined(separator: ", ")
            let table = try #require(
                try String.fetchOne(database, sql: "SELECT sql FROM sqlite_schema WHERE name = 'documents'")
            )
            try database.execute(
                sql: """
                    INSERT INTO lsh_bands SELECT band_key, document_id FROM lsh_bands_recent;
                    DROP TABLE lsh_bands_recent;
                    INSERT INTO passages SELECT passage_hash, document_id FROM passages_recent;
                    DROP TABLE passages_recent;
                    \(table.replacingOccurrences(of: "\"documents\"", with: "old_documents")
                        .replacingOccurrences(of: "url TEXT NOT NULL,", with: "url TEXT NOT NULL UNIQUE,"));
                    INSERT INTO old_documents SELECT \(columns) FROM documents;
                    DROP TABLE documents;
                    ALTER TABLE old_documents RENAME TO documents;
                    CREATE UNIQUE INDEX documents_url_key ON documents(url_key);
                    CREATE INDEX documents_content_hash ON documents(content_hash);
                    CREATE INDEX documents_site ON documents(site);
                    CREATE INDEX documents_claimed_agency ON documents(claimed_agency);
                    DELETE FROM grdb_migrations WHERE identifier IN
                        ('v8-recent-band-keys', 'v9-compact-document-indexes', 'v10-recent-passages');
                    """
            )
            #expect(try database.indexes(on: "documents").contains { $0.isUnique && $0.columns == ["url"] })
        }
        try queue.close()
        let export = try CLI.run(["export", "--db", db])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout == before)
        // Lookups find the same candidates in the main index as before in the recent one.
        let check = try CLI.run(["check", "--db", db, "--each", Repository.sampleArchive])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == checkedBefore)
        // Upgraded: the address is indexed once, by its key; scanning again finds every page stored.
        let upgraded = try DatabaseQueue(path: db)
        let indexes = try upgraded.read { database in
            try String.fetchAll(
                database,
                sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'documents' ORDER BY name"
            )
        }
        try upgraded.close()
        #expect(
            indexes == [
                "documents_claimed_agency", "documents_content_prefix", "documents_site", "documents_standing",
                "documents_url_key",
            ]
        )
        let again = try CLI.run(["scan", "--db", db, "--json", Repository.sampleArchive])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try CLI.run(["export", "--db", db]).stdout == before)
    }

    @Test("variants of one address in one scan are one document: the second text is a revision")
    func addressVariants() throws {
        let body = words(40, seed: "variants")
        let input = directory.write(
            "variants.jsonl",
            [
                #"{"url":"https://www.example.com/a/story?utm_source=x","title":"T","text":"\#(body)"}"#,
                #"{"url":"http://example.com/a/story/","title":"T","text":"\#(body) More words here."}"#,
                #"{"url":"https://example.com/a/story#top","title":"T","text":"\#(body)"}"#,
            ].joined(separator: "\n")
        )
        let result = try CLI.run(["scan", "--db", db, "--json", input])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(jsonLines(result.stdout).first)
        #expect(summary["new_documents"] as? Int == 1)
        #expect(summary["revisions"] as? Int == 1)
        #expect(summary["already_stored"] as? Int == 1)
        let export = jsonLines(try CLI.run(["export", "--db", db]).stdout)
        #expect(export.map { $0["url"] as? String } == ["https://www.example.com/a/story?utm_source=x"])
    }

    @Test("a database built with other fingerprint parameters is refused (78)")
    func parameterMismatch() throws {
        let input = directory.write("one.txt", "Title\n\n" + words(40, seed: "p"))
        #expect(try CLI.run(["scan", "--db", db, "--shingle-size", "4", input]).status == 0)
        let again = try CLI.run(["scan", "--db", db, "--shingle-size", "5", input])
        #expect(again.status == 78)
        #expect(again.stderr.contains("shingle size 4"))
        #expect(try CLI.run(["scan", "--db", db, input]).status == 0)  // no options: the stored ones apply
    }

    @Test("WARC archives: HTML responses become documents, other records are counted as ignored")
    func warc() throws {
        let fixtures = Repository.fixtures + "/warc"
        let result = try CLI.run(["scan", "--db", db, "--json", fixtures + "/resiliparse-warcfile.warc.gz"])
        // One response is a job board's index page with no article (its longest text a footer row of
        // links): it is skipped for "no-text", the one problem of the scan (status 65).
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("warcfile.warc.gz@110823: no article text found"))
        let summary = try #require(jsonLines(result.stdout).first)
        #expect(summary["pages_read"] as? Int == 16)
        #expect(summary["skipped_by_reason"] as? [String: Int] == ["no-text": 1])
        let ignored = try #require(summary["ignored_records"] as? [String: Int])
        #expect(ignored["warc-request"] == 17 && ignored["warc-metadata"] == 16 && ignored["warc-warcinfo"] == 1)
        let export = jsonLines(try CLI.run(["export", "--db", db]).stdout)
        #expect(export.count == (summary["new_documents"] as? Int))
        #expect(export.contains { $0["url"] as? String == "http://01spb.ru/company/" })

        // A damaged archive: the broken record is reported with its offset, the others are stored.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/resiliparse-clueweb-quirk.warc.gz"))
        bytes.replaceSubrange(60_000..<60_400, with: Data(repeating: 0x41, count: 400))
        let damaged = directory.write("damaged.warc.gz", bytes)
        let second = try CLI.run(["scan", "--db", directory.file("damaged.sqlite"), damaged])
        #expect(second.status == 65)
        #expect(second.stderr.contains("damaged.warc.gz@"))
        let stored = jsonLines(try CLI.run(["stats", "--db", directory.file("damaged.sqlite"), "--json"]).stdout)
        #expect((stored.first?["documents"] as? Int ?? 0) >= 20)
    }

    @Test("usage errors exit with 64; WIRETRACE_DB chooses the database")
    func usage() throws {
        #expect(try CLI.run(["scan", "--db", db]).status == 64)
        #expect(try CLI.run(["scan", "--db", db, "--shingle-size", "0", "x"]).status == 64)
        #expect(try CLI.run(["scan", "--db", db, "--worker-nice", "20", "x"]).status == 64)
        #expect(try CLI.run(["export", "--format", "xml", "--db", db]).status == 64)
        let input = directory.write("env.txt", "Title\n\n" + words(40, seed: "env"))
        #expect(try CLI.run(["scan", input], environment: ["WIRETRACE_DB": db]).status == 0)
        #expect(try CLI.run(["stats", "--json"], environment: ["WIRETRACE_DB": db]).stdout.contains("\"documents\":1"))
    }
}
