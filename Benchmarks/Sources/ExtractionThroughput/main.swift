import Foundation
import WiretraceExtraction
import WiretraceIngest

// Usage: ExtractionThroughput CORPUS.jsonl[.gz] [ROUNDS]
// Loads the "html" field of every record, then extracts every page ROUNDS times on one core (charset,
// libxml2 parsing, metadata, main content, credit lines) and prints pages/s and MB/s of HTML.
let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: ExtractionThroughput CORPUS.jsonl[.gz] [ROUNDS]\n".utf8))
    exit(64)
}
let rounds = arguments.count >= 3 ? max(1, Int(arguments[2]) ?? 3) : 3
guard let data = FileBytes.readAll(arguments[1], limit: 1 << 31) else {
    FileHandle.standardError.write(Data("cannot read \(arguments[1])\n".utf8))
    exit(74)
}
var pages: [(url: String, html: [UInt8])] = []
for line in data.split(separator: 0x0A) where !line.isEmpty {
    guard let object = try? JSONRecordParser.parseObject(Array(line)),
        case .string(let html)? = object["html"], case .string(let url)? = object["url"]
    else { continue }
    pages.append((url, Array(html.utf8)))
}
let bytes = pages.reduce(0) { $0 + $1.html.count }
let extractor = ArticleExtractor()
var best = Double.infinity
var paragraphs = 0
for _ in 0..<rounds {
    let start = DispatchTime.now().uptimeNanoseconds
    paragraphs = 0
    for page in pages {
        paragraphs += extractor.extract(html: page.html, url: page.url, charset: "utf-8").paragraphs.count
    }
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
let megabytes = Double(bytes) / 1_000_000
print(
    String(
        format: "%d pages, %.1f MB of HTML: best of %d rounds %.3f s = %.0f pages/s, %.1f MB/s (%d paragraphs)",
        pages.count,
        megabytes,
        rounds,
        best,
        Double(pages.count) / best,
        megabytes / best,
        paragraphs
    )
)
