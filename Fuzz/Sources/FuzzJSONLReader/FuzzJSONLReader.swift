import FuzzSupport
import WiretraceExtraction
import WiretraceIngest

private let reader = InputReader(htmlDecoder: ArticleExtractor())

/// libFuzzer entry: the bytes are a JSONL archive (plain or gzip), read line by line and decoded record by
/// record as `scan` reads a `.jsonl` file, with varying read sizes, buffer sizes and line-length limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONLReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    let maxRead = FuzzInput.pick([Int.max, Int.max, 1 << 12, 97, 5], size: size)
    let maxLine = FuzzInput.pick([reader.limits.maxPageBytes, 1 << 12, 64], size: size, salt: 1)
    let bufferSize = FuzzInput.pick([1 << 16, 1 << 16, 256, 3], size: size, salt: 2)
    let source = GzipByteSource(MemoryByteSource(bytes, name: "fuzz.jsonl", maxRead: maxRead), bufferSize: bufferSize)
    var lines = LineReader(source, maxLineLength: maxLine, chunkSize: bufferSize)
    while true {
        let line: LineReader.Line?
        do {
            line = try lines.next()
        } catch {
            // Damaged gzip data ends the file with a problem.
            precondition(error is IngestProblem, "unexpected error \(error)")
            break
        }
        guard let line else { break }
        guard case .text(let record) = line else { continue }
        precondition(record.count <= maxLine, "line of \(record.count) bytes")
        do {
            let article = try reader.decodeRecord(
                record,
                at: SourceLocation(path: "fuzz.jsonl", line: lines.lineNumber)
            )
            // Times are stored and printed in ISO 8601.
            _ = article.published?.iso8601
            _ = article.fetched?.iso8601
        } catch {
            // `scan` reports an IngestProblem as a skipped record; anything else would end the whole input.
            precondition(error is IngestProblem, "unexpected error \(error)")
        }
    }
    return 0
}

/// The symbol SwiftPM binds `main` to; see Package.swift.
@_cdecl("FuzzJSONLReader_main")
public func fuzzJSONLReaderMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzJSONLReader)
}
