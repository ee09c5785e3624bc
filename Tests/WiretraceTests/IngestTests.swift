import Foundation
import Testing
import WiretraceIngest

@Suite("JSON records")
struct JSONRecordTests {
    func parse(_ text: String) throws -> [String: JSONValue] {
        try JSONRecordParser.parseObject(Array(text.utf8))
    }

    @Test("flat objects, escapes, surrogate pairs, nested values")
    func valid() throws {
        let object = try parse(
            #"{"url":"https://a.example/x","n":-1.5e2,"ok":true,"none":null,"t":"a\"b\\c\n\u00e9\ud83d\ude00","nest":{"a":[1,{"b":2}]}}"#
        )
        #expect(object["url"] == .string("https://a.example/x"))
        #expect(object["n"] == .number(-150))
        #expect(object["ok"] == .bool(true))
        #expect(object["none"] == .null)
        #expect(object["t"] == .string("a\"b\\c\né😀"))
        #expect(object["nest"] == .object)
    }

    @Test(
        "malformed lines are rejected with an offset",
        arguments: [
            #"{"url": "x""#, #"["not", "an object"]"#, #"{"url": 'x'}"#, #"{"a": 1,}"#, #"{"a": tru}"#,
            #"{"a": "\q"}"#, #"{"a": 01}"#, #"{"a": 1} trailing"#, "", #"{"a": "line"# + "\n" + #"break"}"#,
        ]
    )
    func malformed(_ text: String) {
        #expect(throws: JSONRecordParser.Failure.self) { try parse(text) }
    }

    @Test("invalid UTF-8 inside a string is reported as such")
    func invalidUTF8() {
        var bytes = Array(#"{"text": "caf"#.utf8)
        bytes += [0xE9]
        bytes += Array(#""}"#.utf8)
        do {
            _ = try JSONRecordParser.parseObject(bytes)
            Issue.record("expected a failure")
        } catch {
            #expect(error.message.contains("UTF-8"))
            #expect(error.offset == 13)
        }
    }

    @Test("strings of every length and mix read as Foundation reads them; a raw control character fails where it is")
    func stringsAgainstFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            "a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1F}", "é", "—", "😀", "<p class=x>", "\u{7F}",
        ]
        for length in 0..<80 {
            let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let line = try JSONSerialization.data(withJSONObject: ["t": text])
            #expect(try JSONRecordParser.parseObject(Array(line))["t"] == .string(text))
        }
        // A control character left unescaped, after plain text of every length (and after an escape).
        for prefix in 0..<40 {
            for escaped in [false, true] {
                let head = #"{"t": ""# + (escaped ? #"\n"# : "") + String(repeating: "x", count: prefix)
                var bytes = Array(head.utf8)
                bytes.append(0x01)
                bytes += Array(#"tail"}"#.utf8)
                do {
                    _ = try JSONRecordParser.parseObject(bytes)
                    Issue.record("expected a failure")
                } catch {
                    #expect(error.offset == head.utf8.count && error.message.contains("control"))
                }
            }
        }
    }

    @Test("deep nesting is refused rather than overflowing the stack")
    func deep() {
        let text = #"{"a":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        #expect(throws: JSONRecordParser.Failure.self) { try parse(text) }
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test(
        "ISO 8601 forms",
        arguments: [
            ("2025-03-07T13:56:00+00:00", "2025-03-07T13:56:00Z"),
            ("2025-03-07T13:56:00Z", "2025-03-07T13:56:00Z"),
            ("2025-03-07T15:56+02:00", "2025-03-07T13:56:00Z"),
            ("2025-03-07 13:56:00.123-0100", "2025-03-07T14:56:00Z"),
            ("2025-03-07", "2025-03-07T00:00:00Z"),
            ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
            ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
        ]
    )
    func parses(input: String, expected: String) {
        #expect(Timestamp(iso8601: input)?.iso8601 == expected)
    }

    @Test("invalid dates are rejected", arguments: ["2025-02-30", "2025-13-01", "yesterday", "2025-03-07T25:00", ""])
    func rejects(input: String) {
        #expect(Timestamp(iso8601: input) == nil)
    }
}

@Suite("Byte streams")
struct ByteStreamTests {
    func readAll(_ source: ByteSource) throws -> Data {
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 7)  // small chunks exercise the boundaries
        while true {
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            out.append(contentsOf: buffer[0..<count])
        }
        return out
    }

    @Test("multi-member gzip streams are read to the end")
    func multiMember() throws {
        let directory = TemporaryDirectory()
        var data = try gzipped(Data("first line\n".utf8))
        data.append(try gzipped(Data("second line\n".utf8)))
        let path = directory.write("two.gz", data)
        let text = try readAll(GzipByteSource(try FileByteSource(path: path)))
        #expect(String(decoding: text, as: UTF8.self) == "first line\nsecond line\n")
    }

    @Test("plain files pass through the gzip reader unchanged")
    func passthrough() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("plain.txt", "not compressed\n")
        #expect(try readAll(GzipByteSource(try FileByteSource(path: path))) == Data("not compressed\n".utf8))
    }

    @Test("a truncated or corrupt gzip member is an error, not a hang or a crash")
    func broken() throws {
        let directory = TemporaryDirectory()
        let whole = try gzipped(Data(String(repeating: "syndicated text ", count: 500).utf8))
        let truncated = directory.write("truncated.gz", whole.prefix(whole.count / 2))
        #expect(throws: IngestProblem.self) { try readAll(GzipByteSource(try FileByteSource(path: truncated))) }
        var corrupt = whole
        corrupt[20] ^= 0xFF
        corrupt[21] ^= 0xFF
        let damaged = directory.write("corrupt.gz", corrupt)
        #expect(throws: IngestProblem.self) { try readAll(GzipByteSource(try FileByteSource(path: damaged))) }
    }

    @Test("lines: LF and CRLF, a last line without newline, and over-long lines skipped by length")
    func lines() throws {
        let directory = TemporaryDirectory()
        let long = String(repeating: "x", count: 5000)
        let path = directory.write("lines.txt", "one\r\ntwo\n\(long)\nthree")
        var reader = LineReader(try FileByteSource(path: path), maxLineLength: 100, chunkSize: 64)
        var seen: [String] = []
        while let line = try reader.next() {
            switch line {
            case .text(let bytes): seen.append(String(decoding: bytes, as: UTF8.self))
            case .tooLong(let count): seen.append("too long \(count)")
            }
        }
        #expect(seen == ["one", "two", "too long 5000", "three"])
    }

    @Test("lines: random lengths across buffer edges read back as written", arguments: [1, 7, 64, 4096])
    func randomLines(chunkSize: Int) throws {
        var generator = SplitMix(seed: UInt64(chunkSize))
        let lines = (0..<300).map { index in
            String(
                repeating: Character(UnicodeScalar(UInt8(97 + index % 26))),
                count: Int.random(in: 0...150, using: &generator)
            )
        }
        let directory = TemporaryDirectory()
        let path = directory.write("random.txt", lines.joined(separator: "\n") + "\n")
        var reader = LineReader(try FileByteSource(path: path), maxLineLength: 100, chunkSize: chunkSize)
        var seen: [String] = []
        while let line = try reader.next() {
            switch line {
            case .text(let bytes): seen.append(String(decoding: bytes, as: UTF8.self))
            case .tooLong(let count): seen.append("too long \(count)")
            }
        }
        #expect(seen == lines.map { $0.count > 100 ? "too long \($0.count)" : $0 })
    }
}

@Suite("Input reader")
struct InputReaderTests {
    let reader = InputReader()

    func items(_ path: String, reader: InputReader = InputReader()) throws -> [IngestItem] {
        let (files, problems, _) = reader.expand([path])
        var out: [IngestItem] = problems.map { .skipped($0) }
        for file in files { try reader.read(file) { out.append($0) } }
        return out
    }

    func problems(_ items: [IngestItem]) -> [IngestProblem] {
        items.compactMap { if case .skipped(let p) = $0 { p } else { nil } }
    }

    func articles(_ items: [IngestItem]) -> [Article] {
        items.compactMap { if case .article(let a) = $0 { a } else { nil } }
    }

    @Test("JSONL: good records are read, bad ones are skipped with file, line and reason")
    func jsonl() throws {
        let directory = TemporaryDirectory()
        let path = directory.write(
            "mixed.jsonl",
            """
            {"url": "https://www.herald.example/a", "title": "A", "text": "First para.\\n\\nSecond para.", "published": "2025-03-01T10:00:00Z"}
            {"url": "https://b.example/b", "text": "broken
            {"text": "no url here"}

            {"url": "https://c.example/c", "html": "<html><title>T</title><body><p>Para <b>one</b> &amp; more.</p><script>x()</script><p>Two</p></body></html>"}
            {"url": "https://d.example/d", "text": "x", "published": "last Tuesday"}
            {"url": "https://e.example/e"}
            """
        )
        let all = try items(path)
        let good = articles(all)
        #expect(good.map(\.url) == ["https://www.herald.example/a", "https://c.example/c"])
        #expect(good[0].paragraphs == ["First para.", "Second para."])
        #expect(good[0].site == "herald.example")
        #expect(good[0].published?.iso8601 == "2025-03-01T10:00:00Z")
        #expect(good[1].paragraphs == ["Para one & more.", "Two"])
        #expect(good[1].title == "T")
        let bad = problems(all)
        #expect(bad.map(\.reason) == ["malformed-json", "missing-url", "bad-date", "no-text"])
        #expect(bad.map { $0.location.line } == [2, 3, 6, 7])
        #expect(bad.allSatisfy { $0.location.path == path })
    }

    @Test("text files: title on the first line, paragraphs below")
    func text() throws {
        let directory = TemporaryDirectory()
        let path = directory.write(
            "story.txt",
            "\nBridge vote delayed\n\nCouncil met on\nMonday night.\n\nA second paragraph.\n"
        )
        let article = try articles(items(path)).first
        #expect(article?.title == "Bridge vote delayed")
        #expect(article?.paragraphs == ["Council met on Monday night.", "A second paragraph."])
        #expect(article?.url.hasPrefix("file:///") == true)
    }

    @Test("empty, binary, invalid UTF-8 and oversized inputs are skipped with their reason")
    func badFiles() throws {
        let directory = TemporaryDirectory()
        var limits = InputReader()
        limits.limits.maxPageBytes = 2048
        let cases: [(String, Data, String)] = [
            ("empty.txt", Data(), "empty"),
            ("blank.jsonl", Data("\n\n".utf8), "empty"),
            ("binary.txt", Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2]), "binary"),
            ("latin1.txt", Data([0x54, 0x69, 0x74, 0x6C, 0x65, 0x0A, 0x63, 0x61, 0x66, 0xE9]), "invalid-utf8"),
            ("big.txt", Data(("Title\n" + String(repeating: "word ", count: 1000)).utf8), "too-large"),
            (
                "bigline.jsonl",
                Data((#"{"url":"https://x.example/1","text":""# + String(repeating: "y", count: 4000) + "\"}\n").utf8),
                "too-large"
            ),
        ]
        for (name, data, reason) in cases {
            let path = directory.write(name, data)
            let found = try problems(items(path, reader: limits))
            #expect(found.map(\.reason) == [reason], "\(name)")
        }
    }

    @Test("directories are read recursively in path order; unknown files are ignored and counted")
    func directories() {
        let directory = TemporaryDirectory()
        directory.write("b/two.txt", "Two\nBody two.")
        directory.write("a/one.txt", "One\nBody one.")
        directory.write("a/notes.md", "# not an input")
        let (files, problems, ignored) = reader.expand([directory.path])
        #expect(files.map { ($0.path as NSString).lastPathComponent } == ["one.txt", "two.txt"])
        #expect(problems.isEmpty)
        #expect(ignored == 1)
    }

    @Test("a missing path is an I/O problem; an unknown extension is unsupported")
    func missing() {
        let directory = TemporaryDirectory()
        let (_, missing, _) = reader.expand([directory.file("nope.jsonl")])
        #expect(missing.first?.category == .io)
        let other = directory.write("page.pdf", "%PDF")
        let (_, unsupported, _) = reader.expand([other])
        #expect(unsupported.first?.category == .unsupported)
    }

    @Test("paragraph splitting by bytes gives what splitting by characters gave, on random texts")
    func paragraphSplittingByBytes() {
        // The splitting before it worked on characters (grapheme clusters), kept here as the reference.
        func reference(_ text: String) -> [String] {
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            let hasBlankLine = lines.contains { $0.allSatisfy(\.isWhitespace) }
            var paragraphs: [String] = []
            var current: [Substring] = []
            func flush() {
                let joined = current.map { line -> Substring in
                    var slice = line
                    while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
                    while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
                    return slice
                }.filter { !$0.isEmpty }.joined(separator: " ")
                if !joined.isEmpty { paragraphs.append(joined) }
                current.removeAll()
            }
            for line in lines {
                if line.allSatisfy(\.isWhitespace) {
                    flush()
                } else {
                    current.append(line)
                    if !hasBlankLine { flush() }
                }
            }
            flush()
            return paragraphs
        }
        // Pieces that test the byte rules: CR LF and lone CRs, white space inside and outside ASCII,
        // combining marks after spaces and line feeds, a prepended mark before ASCII, wide characters.
        let pieces = [
            "word", "a", " ", "  ", "\n", "\n", "\n\n", "\r\n", "\r", "\r\r\n", "\t", "\u{0B}", "\u{0C}", "\u{85}",
            "\u{A0}", "\u{2028}", "\u{3000}", "é", "e\u{301}", " \u{301}", "\n\u{301}", "\u{600}a", "\u{600} ", "日本",
            "👍🏽", ".",
        ]
        var generator = SplitMix(seed: 25)
        for _ in 0..<3000 {
            let count = Int.random(in: 0..<14, using: &generator)
            let text = (0..<count).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &generator)] }.joined()
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            // Hard-wrapped texts take another path, the same for both.
            guard lines.contains(where: { $0.allSatisfy(\.isWhitespace) }) || lines.count < 4 else { continue }
            #expect(Article.paragraphs(of: text) == reference(text), "\(text.debugDescription)")
        }
    }

    @Test("paragraph splitting: blank lines when present, else line breaks")
    func paragraphSplitting() {
        #expect(Article.paragraphs(of: "a\nb\n\nc") == ["a b", "c"])
        #expect(Article.paragraphs(of: "a\nb\nc") == ["a", "b", "c"])
        #expect(Article.paragraphs(of: "  \n\n ") == [])
    }

    @Test("hard-wrapped text is joined back into paragraphs; one paragraph per line and lists stay apart")
    func hardWrappedText() {
        let wrapped = """
            Dave's Journal:
            I called my friend Andy, a gastroenterologist, to make an
            appointment for a colonoscopy. A few days later, in his office,
            Andy showed me a color diagram of the colon, a lengthy organ
            that appears to go all over the place.
            I left the office with some written instructions, and a
            prescription for a product called MoviPrep, which comes in a
            box large enough to hold a microwave oven.
            """
        #expect(
            Article.paragraphs(of: wrapped) == [
                "Dave's Journal:",
                "I called my friend Andy, a gastroenterologist, to make an appointment for a colonoscopy. A few days "
                    + "later, in his office, Andy showed me a color diagram of the colon, a lengthy organ that appears "
                    + "to go all over the place.",
                "I left the office with some written instructions, and a prescription for a product called MoviPrep, "
                    + "which comes in a box large enough to hold a microwave oven.",
            ]
        )
        // One paragraph per line: lines end sentences, or run wider than any wrap.
        let perLine = """
            The company said on Tuesday that it would cut 9,000 jobs.
            Shares rose 3 percent in early trading in Copenhagen.
            The chief executive said the plan would save money by the end of next year.
            Analysts said the cuts had been expected for some months.
            The union said it would study the plan.
            """
        #expect(Article.paragraphs(of: perLine).count == 5)
        // Headline lists wrapped at no width keep one item per line.
        let list = (1...6).map { "- Headline number \($0) about something that happened today in a city" }
        #expect(Article.paragraphs(of: list.joined(separator: "\n")).count == 6)
    }
}

@Suite("Byte search")
struct ByteSearchTests {
    /// The first offset a plain scan finds, before `limit`.
    static func naive(_ needle: [UInt8], _ haystack: [UInt8], before limit: Int) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        let last = min(haystack.count - needle.count, limit - 1)
        guard last >= 0 else { return nil }
        return (0...last).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    @Test("first offsets equal a plain scan's, with and without a limit")
    func firstOffsets() {
        var generator = SplitMix(seed: 41)
        for _ in 0..<2_000 {
            // A small alphabet, so that needles occur, partly match and straddle the limit.
            let haystack = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in
                UInt8.random(in: 97...99, using: &generator)
            }
            let needle = (0..<Int.random(in: 0..<6, using: &generator)).map { _ in
                UInt8.random(in: 97...99, using: &generator)
            }
            let limit = Bool.random(using: &generator) ? Int.max : Int.random(in: -2..<320, using: &generator)
            #expect(
                ByteSearch.firstOffset(of: needle, in: haystack, before: limit)
                    == Self.naive(needle, haystack, before: limit)
            )
        }
        #expect(ByteSearch.contains("Distributed by Tribune Content Agency", "Tribune"))
        #expect(!ByteSearch.contains("Distributed by Tribune"[...], "tribune"))
        #expect(ByteSearch.firstRange(of: "é", in: "café au lait").map { "café au lait"[$0] } == "é")
    }
}
