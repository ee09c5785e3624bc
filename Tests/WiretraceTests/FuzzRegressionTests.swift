import Foundation
import Testing

@testable import WiretraceExtraction
@testable import WiretraceIngest

/// Bytes in memory as a byte source, handed out in reads of at most `maxRead` bytes.
private final class MemorySource: ByteSource {
    let name = "memory.jsonl"
    private let bytes: [UInt8]
    private let maxRead: Int
    private var position = 0

    init(_ bytes: [UInt8], maxRead: Int = .max) {
        self.bytes = bytes
        self.maxRead = maxRead
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, maxRead, bytes.count - position)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: count) }
        position += count
        return count
    }
}

/// libFuzzer-style edits: byte changes, deletions, random or token insertions, copies, truncation.
private func mutate(_ original: [UInt8], tokens: [String], using random: inout SplitMix) -> [UInt8] {
    var bytes = original
    for _ in 0..<Int.random(in: 1...6, using: &random) {
        guard !bytes.isEmpty else { break }
        let at = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
        case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...200, using: &random)))
        case 2:
            let count = Int.random(in: 1...40, using: &random)
            bytes.insert(contentsOf: (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }, at: at)
        case 3: bytes.insert(contentsOf: Array(tokens.randomElement(using: &random)!.utf8), at: at)
        case 4:
            let end = min(bytes.count, at + Int.random(in: 1...500, using: &random))
            bytes.insert(contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &random))
        default: bytes = Array(bytes.prefix(at))
        }
    }
    return bytes
}

/// A real page of the extraction benchmark (a short British news page, copied to `Tests/Fixtures`).
private func benchmarkPage() throws -> [UInt8] {
    let path =
        Repository.fixtures + "/extraction/14cc2a0ca59c62a8c9f205a171e9ccf4ef4cf69b0c642f51c8c65c051b39024f.html.gz"
    let source = GzipByteSource(try FileByteSource(path: path))
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
        if count == 0 { return bytes }
        bytes += chunk[0..<count]
    }
}

/// Everything `scan` would get from a JSONL input held in memory.
private func readJSONL(_ bytes: [UInt8], maxRead: Int = .max) throws -> [IngestItem] {
    let reader = InputReader(htmlDecoder: ArticleExtractor())
    var items: [IngestItem] = []
    try reader.readJSONL(GzipByteSource(MemorySource(bytes, maxRead: maxRead)), path: "memory.jsonl") {
        items.append(reader.decode($0))
    }
    return items
}

/// Inputs found by `scripts/fuzz` (minimised) that crashed the library, and the same kind of input found
/// beside them; plus mutation runs that keep the fuzz targets' logic exercised by `swift test`.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// `scripts/fuzz jsonl`: a page whose header lines hold a run of 20 digits overflowed the year check
    /// (`HeaderLines.hasYear`) and trapped.
    static let longDigitRun = #"{"url": "a", "html": "66666666666666666666<br>Posted Bud to thyh5or he:"}"#

    @Test("a run of digits too long for an Int in a header line is no year, and no crash")
    func longDigitRunInHeader() throws {
        let reader = InputReader(htmlDecoder: ArticleExtractor())
        let article = try reader.decodeRecord(Array(Self.longDigitRun.utf8), at: SourceLocation(path: "fuzz.jsonl"))
        #expect(article.published == nil)
        #expect(!HeaderLines.hasYear("66666666666666666666"))
        #expect(!HeaderLines.hasYear("Call 0161 4960 0000 0000 0000 00"))
        #expect(HeaderLines.hasYear("Order 99999999999999999999999 posted 2025"))
        #expect(HeaderLines.hasYear("Posted: March 3, 2025 at 12:24 pm"))
        let page = Array("<p>Posted 18446744073709551616 March 3, 2025</p><p>\(words(40, seed: "w"))</p>".utf8)
        #expect(!ArticleExtractor().extract(html: page, url: "https://a.example/").paragraphs.isEmpty)
    }

    @Test(
        "a numeric date beyond the years 0000–9999 is a bad date, not a crash",
        arguments: ["1e400", "-1e400", "1e19", "-9223372036854775808", "253402300800", "-62167219201"]
    )
    func numericDateOutOfRange(number: String) throws {
        let reader = InputReader()
        let record = Array(#"{"url": "https://a.example/", "text": "Body.", "published": \#(number)}"#.utf8)
        #expect {
            try reader.decodeRecord(record, at: SourceLocation(path: "fuzz.jsonl"))
        } throws: { error in
            (error as? IngestProblem)?.reason == "bad-date"
        }
    }

    @Test("numeric dates at the ends of the years 0000–9999 are read")
    func numericDateInRange() throws {
        let reader = InputReader()
        for (number, iso) in [
            ("1741536000", "2025-03-09T16:00:00Z"), ("253402300799", "9999-12-31T23:59:59Z"),
            ("-62167219200", "0000-01-01T00:00:00Z"), ("1741536000.9", "2025-03-09T16:00:00Z"),
        ] {
            let record = Array(#"{"url": "https://a.example/", "text": "Body.", "fetched": \#(number)}"#.utf8)
            let article = try reader.decodeRecord(record, at: SourceLocation(path: "fuzz.jsonl"))
            #expect(article.fetched?.iso8601 == iso)
        }
    }

    @Test("mutated HTML pages never crash extraction")
    func mutatedPages() throws {
        let original = try benchmarkPage()
        let extractor = ArticleExtractor()
        #expect(!extractor.extract(html: original, url: "https://www.example.co.uk/news").paragraphs.isEmpty)
        let tokens = [
            "<p>", "</p>", "</div>", "<div>", "<script>", "</script>", "<!--", "<![CDATA[", "&#x0;", "&amp",
            "<meta charset=\"utf-16\">", "<meta charset=\"shift_jis\">", "\u{FEFF}", "66666666666666666666",
            "By ", "Posted: March 9, 2025", "<time datetime=\"2025-13-45T99:99\">", "\"datePublished\":\"",
        ]
        let charsets: [String?] = [nil, nil, "utf-8", "windows-1252", "utf-16le", "x-unknown"]
        var random = SplitMix(seed: 7)
        for round in 0..<300 {
            let html = mutate(original, tokens: tokens, using: &random)
            let page = PageInfo(
                url: "https://www.example.co.uk/news",
                charset: charsets[round % charsets.count],
                location: SourceLocation(path: "mutated.html")
            )
            do {
                let article = try extractor.article(fromHTML: html, page: page)
                #expect(!article.paragraphs.isEmpty, "round \(round)")
                #expect(article.paragraphs.allSatisfy { !$0.isEmpty }, "round \(round)")
            } catch {
                #expect((error as? IngestProblem)?.reason == "no-text", "round \(round)")
            }
            if round % 10 == 0 {
                #expect(!extractor.explain(html: html, url: page.url).isEmpty, "round \(round)")
            }
        }
    }

    @Test("mutated JSONL archives never crash, and untouched records read as before")
    func mutatedArchives() throws {
        let sample = try String(contentsOfFile: Repository.sampleArchive, encoding: .utf8)
        var lines = sample.split(separator: "\n").prefix(5).map { Array($0.utf8) }
        let html = String(decoding: page(body: "<p>\(words(60, seed: "p"))</p><p>By Nora Reyes</p>"), as: UTF8.self)
        let htmlRecord: [String: Any] = ["url": "https://a.example/html", "html": html, "published": 1_741_536_000]
        lines.append(Array(try JSONSerialization.data(withJSONObject: htmlRecord)))
        let plain = Array(lines.joined(separator: [0x0A])) + [0x0A]
        let compressed = Array(try gzipped(Data(plain)))

        var expected: [[UInt8]: Article] = [:]
        for case (let index, .article(let article)) in try readJSONL(plain).enumerated() {
            expected[lines[index]] = article
        }
        #expect(expected.count == lines.count)

        let tokens = [
            "\n", "\r\n", "{", "}", "\"", "\\", "\\u0000", "\\ud800", "null", "1e400", "-0", "[[[[[[[[[[",
            "\"url\":", "\"text\":\"\"", "\"html\":\"<p>", "\"published\":1e19", "\u{FEFF}", "\u{0}",
        ]
        var random = SplitMix(seed: 99)
        for round in 0..<300 {
            let compressedRound = round % 3 == 2
            let bytes = mutate(compressedRound ? compressed : plain, tokens: tokens, using: &random)
            let items = try readJSONL(bytes, maxRead: [Int.max, 4096, 7][round % 3])
            #expect(items.count <= bytes.count + 1, "round \(round)")
            guard !compressedRound else { continue }
            // A line that came through the edits unchanged decodes as it did in the original file.
            let mutatedLines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
                line.last == 0x0D ? Array(line.dropLast()) : Array(line)
            }
            for item in items {
                switch item {
                case .article(let article):
                    guard let line = article.location.line, let original = expected[mutatedLines[line - 1]] else {
                        continue
                    }
                    #expect(article.url == original.url && article.paragraphs == original.paragraphs, "round \(round)")
                    #expect(article.published == original.published, "round \(round)")
                case .skipped(let problem):
                    guard let line = problem.location.line, line <= mutatedLines.count else { continue }
                    #expect(expected[mutatedLines[line - 1]] == nil, "round \(round): \(problem)")
                case .ignored: Issue.record("round \(round): JSONL has no ignored records")
                }
            }
        }
    }
}
