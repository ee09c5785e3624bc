import Foundation
import GRDB
import Testing
import WiretraceDetection
import WiretraceIngest

@testable import WiretraceReports
@testable import WiretraceStore

#if canImport(Glibc)
import Glibc
#endif

/// The cases of issue 25: hostile and awkward input, each with what it used to do and what it must do.
/// Reproducers are copied to `Tests/Fixtures/hostile`.
@Suite("Hostile input: folders and files", .serialized)
struct HostileFolderTests {
    let directory = TemporaryDirectory()
    var reader: InputReader { InputReader() }

    func names(_ files: [InputFile]) -> [String] { files.map { ($0.path as NSString).lastPathComponent } }

    @Test("two links to the parent folder: the walk ends, reads every file once and says what it skipped")
    func symlinkCycle() throws {
        directory.write("in/good.jsonl", #"{"url":"https://x.example/1","text":"Plain words."}"#)
        directory.write("in/a/inner.txt", "Inner\n\nText.")
        try FileManager.default.createDirectory(atPath: directory.file("in/b"), withIntermediateDirectories: true)
        symlink("..", directory.file("in/a/up"))
        symlink("..", directory.file("in/b/up"))
        let plain = reader.expansion(of: [directory.file("in")])
        #expect(names(plain.files) == ["inner.txt", "good.jsonl"])
        #expect(plain.linksNotFollowed == 2)
        #expect(plain.problems.isEmpty)
        // Followed, the links lead back to folders already walked (known by device and inode).
        var following = reader
        following.followLinks = true
        let followed = following.expansion(of: [directory.file("in")])
        #expect(names(followed.files) == ["inner.txt", "good.jsonl"])
        #expect(followed.linksNotFollowed == 0)
    }

    @Test("a link to another folder is read only with --follow; links to files are read")
    func followLinks() throws {
        directory.write("elsewhere/far.txt", "Far\n\nText.")
        directory.write("elsewhere/target.txt", "Target\n\nText.")
        directory.write("in/near.txt", "Near\n\nText.")
        symlink(directory.file("elsewhere"), directory.file("in/linked"))
        symlink(directory.file("elsewhere/target.txt"), directory.file("in/file-link.txt"))
        #expect(names(reader.expansion(of: [directory.file("in")]).files) == ["file-link.txt", "near.txt"])
        var following = reader
        following.followLinks = true
        #expect(
            names(following.expansion(of: [directory.file("in")]).files)
                == ["file-link.txt", "far.txt", "target.txt", "near.txt"]
        )
        // A folder named on the command line is walked even when it is a link.
        #expect(names(reader.expansion(of: [directory.file("in/linked")]).files) == ["far.txt", "target.txt"])
    }

    @Test("scan, check --each and extract end on a folder with a link loop; --follow is accepted")
    func symlinkCycleCommands() throws {
        directory.write("in/story.txt", "A title\n\n" + words(40, seed: "loop"))
        try FileManager.default.createDirectory(atPath: directory.file("in/a"), withIntermediateDirectories: true)
        symlink("..", directory.file("in/a/up"))
        let db = directory.file("loop.sqlite")
        let scan = try CLI.run(["scan", "--db", db, directory.file("in")])
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stderr.contains("1 link to directories not followed (use --follow"))
        #expect(try CLI.run(["scan", "--db", db, "--follow", directory.file("in")]).status == 0)
        #expect(try CLI.run(["check", "--db", db, "--each", "--follow", directory.file("in")]).status == 1)
        #expect(try CLI.run(["extract", "--follow", directory.file("in")]).status == 0)
    }

    @Test("sidecars are read with their page, never as inputs: HTML and text pages alike")
    func sidecars() throws {
        let page = directory.write(
            "pages/one.html",
            "<html><head><title>One</title></head><body><article><p>" + words(60, seed: "side")
                + ".</p></article></body></html>"
        )
        directory.write(
            "pages/one.html.json",
            #"{"url":"https://side.example/one","published":"2025-03-01T10:00:00Z","site":"side.example"}"#
        )
        directory.write("pages/two.txt", "Two\n\n" + words(60, seed: "txt"))
        directory.write(
            "pages/two.txt.json",
            #"{"url":"https://text.example/two","published":"2025-03-02T08:00:00Z","fetched":"2025-03-02T09:00:00Z"}"#
        )
        directory.write("pages/three.txt", "Three\n\n" + words(60, seed: "three"))
        directory.write("pages/three.txt.url", "https://text.example/three\n")
        directory.write("pages/dump.json", #"{"url":"https://dump.example/1","text":"A record."}"#)
        let expansion = reader.expansion(of: [directory.file("pages")])
        #expect(names(expansion.files) == ["dump.json", "one.html", "three.txt", "two.txt"])
        #expect(expansion.sidecars == 3)
        // Named one by one (as `scan pages/*` does), a sidecar is still no input.
        let globbed = reader.expansion(of: [page, page + ".json"])
        #expect(globbed.files.count == 1 && globbed.sidecars == 1 && globbed.problems.isEmpty)

        var articles: [Article] = []
        for file in expansion.files where file.format == .text {
            try reader.read(file) { if case .article(let article) = $0 { articles.append(article) } }
        }
        let two = try #require(articles.first { $0.title == "Two" })
        #expect(two.url == "https://text.example/two")
        #expect(two.site == "text.example")
        #expect(two.published?.iso8601 == "2025-03-02T08:00:00Z")
        #expect(two.fetched?.iso8601 == "2025-03-02T09:00:00Z")
        #expect(articles.first { $0.title == "Three" }?.url == "https://text.example/three")

        let db = directory.file("side.sqlite")
        let scan = try CLI.run(["scan", "--db", db, "--json", directory.file("pages")])
        #expect(scan.status == 0, "\(scan.stderr)")
        let export = try CLI.run(["export", "--db", db]).stdout
        #expect(export.contains("https://side.example/one") && export.contains("https://text.example/two"))
    }

    @Test("a byte-order mark before the first JSONL record is no content")
    func byteOrderMark() throws {
        let items = try read(Repository.fixtures + "/hostile/bom.jsonl")
        guard case .article(let article)? = items.first else {
            Issue.record("no article: \(items)")
            return
        }
        #expect(items.count == 1)
        #expect(article.url == "https://bom.example.com/a")
        // Only before the first record: elsewhere it is a malformed record, as any stray bytes are.
        let later = directory.write(
            "later.jsonl",
            "{\"url\":\"https://a.example/1\",\"text\":\"Words.\"}\n\u{FEFF}{}\n"
        )
        let laterItems = try read(later)
        #expect(laterItems.count == 2)
        if case .skipped(let problem) = laterItems[1] {
            #expect(problem.reason == "malformed-json")
        } else {
            Issue.record("the second record was read")
        }
    }

    func read(_ path: String, format: InputFormat? = nil) throws -> [IngestItem] {
        var items: [IngestItem] = []
        let file = InputFile(path: path, format: format ?? InputFormat.guess(fromPath: path)!)
        try reader.read(file) { items.append($0) }
        return items
    }

    @Test("empty inputs of every format are skipped as empty (exit code 65), WARC ones included")
    func emptyInputs() throws {
        let empty = try gzipped(Data())
        let files = [
            directory.write("e.jsonl", ""), directory.write("e.txt", "  \n"), directory.write("e.html", ""),
            directory.write("e.warc", ""), directory.write("e.warc.gz", empty), directory.write("e.jsonl.gz", empty),
        ]
        for file in files {
            let items = try read(file)
            #expect(items.count == 1, "\(file)")
            if case .skipped(let problem)? = items.first {
                #expect(problem.reason == "empty", "\(file)")
            } else {
                Issue.record("\(file): \(items)")
            }
            let scan = try CLI.run(["scan", "--db", directory.file("empty.sqlite"), file])
            #expect(scan.status == 65, "\(file): \(scan.stderr)")
            #expect(scan.stderr.contains("empty"), "\(file)")
        }
    }

    @Test("NUL in url, title or text becomes U+FFFD where it is read, and every value is stored whole")
    func nulCharacters() throws {
        let items = try read(Repository.fixtures + "/hostile/nul_truncation.jsonl")
        let articles = items.compactMap { if case .article(let a) = $0 { a } else { nil } }
        #expect(
            articles.map(\.url) == ["https://nul.example.com/a\u{FFFD}one", "https://nul.example.com/a\u{FFFD}two"]
        )
        #expect(articles.first?.title == "First\u{FFFD} title hidden part")
        #expect(!articles.contains { $0.text.utf8.contains(0) })

        let db = directory.file("nul.sqlite")
        let scan = try CLI.run(["scan", "--db", db, Repository.fixtures + "/hostile/nul_in_text.jsonl"])
        #expect(scan.status == 0, "\(scan.stderr)")
        let queue = try DatabaseQueue(path: db)
        let lengths = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT length(text), instr(text, char(65533)) > 0 FROM documents")
        }
        try queue.close()
        #expect(lengths.count == 2)
        #expect(lengths.allSatisfy { ($0[0] as Int) > 200 && ($0[1] as Bool) })
    }
}

@Suite("Hostile input: the database file", .serialized)
struct HostileDatabaseTests {
    let directory = TemporaryDirectory()

    @Test("text is bound by its length: a NUL inside a value is stored, not the end of it")
    func bindsByLength() throws {
        let queue = try DatabaseQueue()
        let stored = try queue.write { db -> [Int] in
            try db.execute(sql: "CREATE TABLE t (value TEXT)")
            try storeForTesting(db, values: ["a\u{0}b", "", "plain", "é\u{0}"])
            return try Int.fetchAll(db, sql: "SELECT length(CAST(value AS BLOB)) FROM t ORDER BY rowid")
        }
        #expect(stored == [3, 0, 5, 3])
    }

    @Test("the scan lock is on the file: a second scan through a symbolic or a hard link is refused (75)")
    func lockOnTheFile() throws {
        let db = directory.file("real.sqlite")
        let symbolic = directory.file("symbolic.sqlite")
        let hard = directory.file("hard.sqlite")
        let input = directory.write("one.txt", "Title\n\n" + words(40, seed: "lock"))
        #expect(try CLI.run(["scan", "--db", db, input]).status == 0)
        symlink(db, symbolic)
        link(db, hard)
        let store = try SQLiteStore(path: db, mode: .readWrite, exclusive: true)
        for path in [db, symbolic, hard] {
            #expect(throws: StoreError.self) { _ = try SQLiteStore(path: path, mode: .readWrite, exclusive: true) }
            let second = try CLI.run(["scan", "--db", path, input])
            #expect(second.status == 75, "\(path): \(second.stderr)")
            #expect(second.stderr.contains("another scan is writing to this database (pid \(getpid()))"))
        }
        // Readers are not blocked, and the claim ends with the store.
        #expect(try CLI.run(["stats", "--db", symbolic]).status == 0)
        try store.close()
        #expect(try CLI.run(["scan", "--db", hard, input]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: db + ".scan-lock"))
    }

    @Test("another application's SQLite file is refused (74) and left exactly as it was")
    func foreignDatabase() throws {
        let input = directory.write("one.txt", "Title\n\n" + words(40, seed: "foreign"))
        for (name, sql) in [
            ("app.sqlite", "CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('alice')"),
            ("clash.sqlite", "CREATE TABLE settings (k, v)"),
            ("grdb.sqlite", "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); CREATE TABLE x (y)"),
        ] {
            let path = directory.file(name)
            let queue = try DatabaseQueue(path: path)
            try queue.write { try $0.execute(sql: sql) }
            try queue.close()
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let scan = try CLI.run(["scan", "--db", path, input])
            #expect(scan.status == 74, "\(name)")
            #expect(scan.stderr.contains("another application"), "\(name): \(scan.stderr)")
            #expect(try CLI.run(["stats", "--db", path]).status == 74)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "\(name) was changed")
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        }
        // An empty file, or a SQLite file with no tables yet, becomes a wiretrace database.
        let blank = directory.write("blank.sqlite", Data())
        #expect(try CLI.run(["scan", "--db", blank, input]).status == 0)
    }

    @Test("a database this user may read but not write: read-only commands work, scan is refused (74)")
    func readableNotWritable() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            // Without root the test cannot make a file another user's.
            return
        }
        let folder = directory.file("shared")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let db = folder + "/db.sqlite"
        #expect(try CLI.run(["scan", "--db", db, Repository.sampleArchive]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: db + "-wal"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
        func asNobody(_ arguments: [String]) throws -> CLI.Result {
            try CLI.run(
                ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.executable] + arguments,
                executable: "/usr/bin/setpriv"
            )
        }
        for command in [["stats"], ["export"], ["report", "top"], ["report", "story", "1"]] {
            let run = try asNobody(command + ["--db", db])
            #expect(run.status == 0, "\(command): \(run.stderr)")
        }
        let check = try asNobody(["check", "--db", db, "--each", Repository.sampleArchive])
        #expect(check.status == 0, "\(check.stderr)")
        let scan = try asNobody(["scan", "--db", db, Repository.sampleArchive])
        #expect(scan.status == 74)
        #expect(scan.stderr.contains("cannot be written"))
    }

    @Test("bytes flipped inside a database: every command says it is damaged (74; check 2), nothing changes")
    func corruption() throws {
        let db = directory.file("damaged.sqlite")
        #expect(try CLI.run(["scan", "--db", db, Repository.sampleArchive]).status == 0)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: db))
        for index in (bytes.count / 2)..<(bytes.count / 2 + 4096) { bytes[index] ^= 0x5A }
        try bytes.write(to: URL(fileURLWithPath: db))
        let input = directory.write("one.txt", "Title\n\n" + words(40, seed: "damage"))
        for (arguments, status) in [
            (["stats"], 74), (["export"], 74), (["report", "story", "1"], 74), (["report", "top"], 74),
            (["scan", input], 74), (["check", input], 2),
        ] {
            let run = try CLI.run(arguments + ["--db", db])
            #expect(run.status == Int32(status), "\(arguments)")
            #expect(run.stderr.contains("the database is damaged"), "\(arguments): \(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes)
    }

    @Test("scan of nothing readable: the error on standard error, no database and no lock file left")
    func nothingRead() throws {
        let db = directory.file("never.sqlite")
        let run = try CLI.run(["scan", "--db", db, directory.file("nosuchfile.jsonl")])
        #expect(run.status == 74)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("nosuchfile.jsonl: cannot read"))
        let other = directory.write("notes.pdf", "%PDF")
        let unsupported = try CLI.run(["scan", "--db", db, other])
        #expect(unsupported.status == 65)
        #expect(unsupported.stderr.contains(".warc (WARC)"))
        let contents = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!contents.contains { $0.hasPrefix("never.sqlite") }, "\(contents)")
    }
}

@Suite("Hostile input: what people and spreadsheets read", .serialized)
struct HostileOutputTests {
    let directory = TemporaryDirectory()

    /// Scans the hostile report fixtures into a fresh database.
    func hostileDatabase() throws -> String {
        let db = directory.file("hostile.sqlite")
        let scan = try CLI.run([
            "scan", "--db", db, Repository.fixtures + "/hostile/hostile_report.jsonl",
            Repository.fixtures + "/hostile/csv_crlf_row_injection.jsonl",
            Repository.fixtures + "/hostile/ansi_title_origin.jsonl",
        ])
        #expect(scan.status == 0, "\(scan.stderr)")
        return db
    }

    /// Rows of a CSV text, parsed by RFC 4180 (quoted fields, doubled quotes, line breaks inside quotes).
    func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        scalars = scalars.dropFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    @Test("CSV: formulas neutralised with a leading quote; numbers kept; line breaks quoted by bytes")
    func csvFields() {
        #expect(CSV.field("=5") == "'=5")
        #expect(CSV.field("+SUM(A1)") == "'+SUM(A1)")
        #expect(CSV.field("-x") == "'-x")
        #expect(CSV.field("@cmd") == "'@cmd")
        #expect(CSV.field("\tx") == "'\tx")
        #expect(CSV.field("\r=1") == "\"'\r=1\"")
        #expect(CSV.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSV.field("-3600") == "-3600")
        #expect(CSV.field("+2.5") == "+2.5")
        #expect(CSV.field("-") == "'-")
        #expect(CSV.field("a\r\nb") == "\"a\r\nb\"")
        #expect(CSV.field("\"\u{301}") == "\"\"\"\u{301}\"")
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field(nil) == "")
    }

    @Test("CSV of export and every report: each row has its columns, no cell starts a formula")
    func csvOutputs() throws {
        let db = try hostileDatabase()
        var outputs = [try CLI.run(["export", "--db", db, "--format", "csv"]).stdout]
        for command in [["story", "1"], ["site", "example.org"], ["agencies"], ["top"]] {
            let run = try CLI.run(["report"] + command + ["--db", db, "--format", "csv"])
            #expect(run.status == 0, "\(command): \(run.stderr)")
            outputs.append(run.stdout)
        }
        for output in outputs {
            let rows = csvRows(output)
            #expect(rows.count > 1)
            #expect(rows.allSatisfy { $0.count == rows[0].count }, "\(rows.map(\.count))")
            for cell in rows.joined() {
                guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else {
                    continue
                }
                #expect(!CSV.startsFormula(cell), "formula cell \(cell)")
            }
        }
        let export = csvRows(outputs[0])
        #expect(export.contains { $0[1] == "evil\r\nsite" })
        #expect(export.contains { $0[0] == "'@SUM(1+1)" })
    }

    @Test("terminal output shows control characters, never sends them")
    func terminalEscapes() throws {
        #expect(TerminalText.safe("a\u{1B}[2Jb\u{7}") == "a\\x1b[2Jb\\x07")
        #expect(TerminalText.safe("tab\tand\nline") == "tab\tand\nline")
        #expect(TerminalText.cell("tab\tand\nline\r") == "tab\\tand\\nline\\r")
        #expect(TerminalText.safe("c1 \u{9B}31m and \u{85}") == "c1 \\x9b31m and \\x85")
        #expect(TerminalText.safe("right \u{202E}txt.exe") == "right \\u{202e}txt.exe")
        #expect(TerminalText.safe("Zürich — 東京 😀") == "Zürich — 東京 😀")

        let db = try hostileDatabase()
        let origin = Repository.fixtures + "/hostile/ansi_title_origin.jsonl"
        var runs = [
            try CLI.run(["report", "top", "--db", db]), try CLI.run(["report", "story", "1", "--db", db]),
            try CLI.run(["report", "site", "example.org", "--db", db]),
            try CLI.run(["report", "agencies", "--db", db]),
            try CLI.run(["check", "--db", db, origin]), try CLI.run(["check", "--db", db, "--each", origin]),
            try CLI.run(["check", "--db", db, "--explain", origin]), try CLI.run(["extract", origin]),
            try CLI.run(["stats", "--db", db]),
        ]
        runs.append(
            try CLI.run(["scan", "--db", directory.file("x.sqlite"), origin, directory.file("\u{1B}[31m.jsonl")])
        )
        for run in runs {
            for text in [run.stdout, run.stderr] {
                let bad = text.unicodeScalars.filter {
                    $0.value < 0x20 && $0 != "\n" && $0 != "\t" || (0x7F...0x9F).contains($0.value)
                        || (0x202A...0x202E).contains($0.value)
                }
                #expect(bad.isEmpty, "\(text.prefix(300))")
            }
        }
        #expect(runs[0].stdout.contains("\\x1b]0;pwned"))
    }

    @Test("HTML reports stay well-formed with characters XML forbids (U+FFFE, U+FFFF, C1)")
    func xmlForbidden() throws {
        let db = directory.file("xml.sqlite")
        let scan = try CLI.run(["scan", "--db", db, Repository.fixtures + "/hostile/xml_invalid_chars.jsonl"])
        #expect(scan.status == 0, "\(scan.stderr)")
        for command in [["story", "1"], ["top"], ["agencies"], ["site", "b.example.org"]] {
            let run = try CLI.run(["report"] + command + ["--db", db, "--format", "html"])
            #expect(run.status == 0, "\(command): \(run.stderr)")
            #expect(XMLCounter.parse(run.stdout) != nil, "\(command) is not well-formed")
            #expect(!run.stdout.unicodeScalars.contains { $0.value == 0xFFFE || $0.value == 0xFFFF })
        }
    }

    @Test("write errors: export and reports to a full disk exit 74 with a message; -o replaces files whole")
    func writeErrors() throws {
        let db = directory.file("sample.sqlite")
        #expect(try CLI.run(["scan", "--db", db, Repository.sampleArchive]).status == 0)
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        for arguments in [
            ["export", "--db", db], ["export", "--db", db, "--format", "csv"],
            ["report", "top", "--db", db, "--format", "html"], ["stats", "--db", db],
            ["report", "story", "1", "--db", db],
        ] {
            let run = try runToDevFull(arguments)
            #expect(run.status == 74, "\(arguments)")
            #expect(run.stderr.contains("cannot write standard output: No space left on device"), "\(arguments)")
        }
        #expect(try runToDevFull(["check", "--db", db, Repository.sampleArchive, "--each"]).status == 2)

        let output = directory.write("old.jsonl", "old contents\n")
        #expect(try CLI.run(["export", "--db", db, "-o", output]).status == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").count == 78)
        let missing = try CLI.run(["export", "--db", db, "-o", directory.file("no/such/folder/x.jsonl")])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("cannot write"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.contains(".tmp-")
        }
        #expect(leftovers.isEmpty)
    }

    /// Runs the command with its standard output on /dev/full.
    func runToDevFull(_ arguments: [String]) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.executable)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        process.standardError = err
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(
            status: process.terminationStatus,
            stdout: "",
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    @Test("tables: long host names and wide characters keep every column in line")
    func tableAlignment() {
        var table = TextTable([("site", 12), ("published", 20), ("title", 100)])
        table.add(["short.example", "2025-01-01", "a"])
        table.add(["a-very-long-host-name-indeed.example.co.uk", "2025-01-02", "b"])
        table.add(["東京.example", "2025-01-03", "c"])
        let lines = table.lines()
        let column = lines.dropFirst().map { line -> Int in
            let prefix = line[..<line.range(of: "20")!.lowerBound]
            return TerminalText.width(String(prefix))
        }
        #expect(Set(column).count == 1, "\(lines)")
        #expect(lines[2].contains("…"))
    }
}

/// Inserts `values` into table `t` through ``ParameterBinder``, as documents are stored.
func storeForTesting(_ db: Database, values: [String]) throws {
    let statement = try db.makeStatement(sql: "INSERT INTO t (value) VALUES (?)")
    for value in values { try statement.execute(binding: { $0.bind(value) }) }
}
