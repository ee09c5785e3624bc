import FuzzSupport
import WiretraceExtraction
import WiretraceIngest

/// Transport charsets (an HTTP header) the page is read with; mostly none, as for files and JSONL records.
private let transportCharsets: [String?] = [
    nil, nil, nil, nil, "utf-8", "windows-1252", "iso-8859-1", "utf-16le", "utf-16be", "shift_jis", "gb2312",
    "koi8-r", "x-unknown-charset", "",
]

private let extractor = ArticleExtractor()

/// libFuzzer entry: the bytes are an HTML page, extracted as `scan` does (and every fourth length also
/// explained as `extract --explain` does).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTMLExtractor(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let html = FuzzInput.bytes(data, size)
    let charset = FuzzInput.pick(transportCharsets, size: size)
    let page = PageInfo(
        url: "https://www.fuzz.example/news/2025/03/story.html",
        charset: charset,
        location: SourceLocation(path: "fuzz.html")
    )
    do {
        let article = try extractor.article(fromHTML: html, page: page)
        _ = article.published?.iso8601
    } catch {
        precondition(error is IngestProblem, "unexpected error \(error)")
    }
    if size % 4 == 0 {
        _ = extractor.explain(html: html, url: page.url, charset: charset)
    }
    return 0
}

/// The symbol SwiftPM binds `main` to; see Package.swift.
@_cdecl("FuzzHTMLExtractor_main")
public func fuzzHTMLExtractorMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzHTMLExtractor)
}
