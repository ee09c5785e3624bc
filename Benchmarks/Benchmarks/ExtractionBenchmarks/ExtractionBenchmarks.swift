import Benchmark
import Foundation
import WiretraceExtraction
import WiretraceIngest

/// A news page with the usual chrome, built from the sample archive's own (invented) text.
let pages: [[UInt8]] = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../../samples/sample-archive.jsonl"
    ).standardized.path
    var result: [[UInt8]] = []
    try? InputReader().read(InputFile(path: path, format: .jsonl)) { item in
        guard case .article(let article) = item else { return }
        let body = article.paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n")
        let html = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(article.title ?? "") | Sample</title>
            <meta property="og:site_name" content="Sample"></head><body><header><nav><ul>
            <li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
            <main><article><h1>\(article.title ?? "")</h1><div class="byline">\(article.byline ?? "")</div>
            <div class="article-body">\(body)</div></article>
            <aside class="most-read"><h2>Most Read</h2><ol><li><a href="/1">One</a></li><li><a href="/2">Two</a></li></ol></aside></main>
            <footer><p>© 2025 Sample. All rights reserved.</p></footer></body></html>
            """
        result.append(Array(html.utf8))
    }
    precondition(!result.isEmpty, "sample archive not found at \(path)")
    return result
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .instructions],
        warmupIterations: 3,
        scalingFactor: .one,
        maxDuration: .seconds(3),
        maxIterations: 1000
    )

    // One iteration extracts every page built from the sample archive (79 pages).
    Benchmark("Extraction.samplePages") { benchmark in
        let extractor = ArticleExtractor()
        for _ in benchmark.scaledIterations {
            for page in pages {
                blackHole(extractor.extract(html: page, url: "https://sample.example.com/a", charset: "utf-8"))
            }
        }
    }
}
