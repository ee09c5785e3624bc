import Foundation
import Testing

@testable import WiretraceIngest

/// Everything a WARC file yielded, in order.
private struct WARCReading {
    var records: [WARCRecord] = []
    var skipped: [(type: String, offset: Int)] = []
    var problems: [IngestProblem] = []
    var order: [String] = []

    var skippedCounts: [String: Int] { skipped.reduce(into: [:]) { $0[$1.type, default: 0] += 1 } }
    var uris: [String] { records.map { $0.targetURI ?? "-" } }
}

private func readWARC(
    _ path: String,
    maxPayloadBytes: Int = WARCReader.defaultMaxPayloadBytes,
    tiny: Bool = false
) throws -> WARCReading {
    var reader =
        tiny
        ? WARCReader(
            try FileByteSource(path: path),
            maxPayloadBytes: maxPayloadBytes,
            windowSize: 64,
            rawSize: 64,
            chunkSize: 16
        )
        : try WARCReader(path: path, maxPayloadBytes: maxPayloadBytes)
    var reading = WARCReading()
    var events = 0
    while let event = try reader.next() {
        events += 1
        switch event {
        case .record(let record):
            reading.records.append(record)
            reading.order.append("record")
        case .skipped(let type, let offset):
            reading.skipped.append((type, offset))
            reading.order.append(type)
        case .problem(let problem):
            reading.problems.append(problem)
            reading.order.append("problem:" + problem.reason)
        }
        // A reader that never ends would be a bug: no test file comes near this.
        if events > 1_000_000 { break }
    }
    #expect(events <= 1_000_000)
    return reading
}

private enum Fixture {
    static let directory = Repository.fixtures + "/warc/"
    static var commonCrawl: String { directory + "resiliparse-warcfile.warc.gz" }
    static var clueweb: String { directory + "resiliparse-clueweb-quirk.warc.gz" }
    static var warcio: String { directory + "warcio-example.warc.gz" }
    static var warcioResource: String { directory + "warcio-example-resource.warc.gz" }
}

/// Builds WARC records and HTTP messages for tests.
private enum Build {
    static func record(
        type: String = "response",
        uri: String? = "http://example.com/page",
        date: String = "2024-05-01T10:00:00Z",
        contentType: String? = "application/http; msgtype=response",
        block: [UInt8],
        length: String? = nil,
        newline: String = "\r\n",
        version: String = "1.0"
    ) -> [UInt8] {
        var lines = ["WARC/\(version)", "WARC-Type: \(type)"]
        if let uri { lines.append("WARC-Target-URI: \(uri)") }
        lines.append("WARC-Date: \(date)")
        lines.append("WARC-Record-ID: <urn:test:\(uri ?? "none")>")
        if let contentType { lines.append("Content-Type: \(contentType)") }
        lines.append("Content-Length: \(length ?? String(block.count))")
        let head = lines.joined(separator: newline) + newline + newline
        return Array(head.utf8) + block + Array((newline + newline).utf8)
    }

    static func http(
        status: String = "200 OK",
        headers: [String] = ["Content-Type: text/html; charset=utf-8"],
        body: [UInt8],
        newline: String = "\r\n"
    ) -> [UInt8] {
        let head = (["HTTP/1.1 \(status)"] + headers).joined(separator: newline) + newline + newline
        return Array(head.utf8) + body
    }

    static func page(_ title: String) -> [UInt8] {
        Array("<!DOCTYPE html><html><head><title>\(title)</title></head><body><p>\(title) text</p></body></html>".utf8)
    }

    static func response(_ title: String, uri: String) -> [UInt8] {
        record(uri: uri, block: http(body: page(title)))
    }

    static func gzipMember(_ bytes: [UInt8]) throws -> [UInt8] {
        [UInt8](try gzipped(Data(bytes)))
    }

    /// Raw deflate data (the gzip member without its header and trailer; gzip -n writes a 10-byte header).
    static func rawDeflate(_ bytes: [UInt8]) throws -> [UInt8] {
        let member = try gzipMember(bytes)
        return Array(member[10..<(member.count - 8)])
    }

    /// zlib-wrapped deflate data.
    static func zlibDeflate(_ bytes: [UInt8]) throws -> [UInt8] {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        let adler = b << 16 | a
        return [0x78, 0x9C] + (try rawDeflate(bytes))
            + [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
    }
}

/// Decompresses with the system gzip tool (all members).
private func gunzipped(_ data: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-d", "-c"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = Thread {
        input.fileHandleForWriting.write(data)
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let result = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return result
}

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// The payload without leading white space or byte order mark, as text, for prefix checks.
private func payloadStart(_ record: WARCRecord, _ count: Int = 40) -> String {
    var bytes = record.payload[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    while let first = bytes.first, [0x20, 0x09, 0x0D, 0x0A].contains(first) { bytes = bytes.dropFirst() }
    return text(Array(bytes.prefix(count)))
}

@Suite("WARC fixtures")
struct WARCFixtureTests {
    @Test("Common Crawl excerpt: record types, URIs, dates, HTTP fields, payloads")
    func commonCrawl() throws {
        let reading = try readWARC(Fixture.commonCrawl)
        #expect(reading.problems.isEmpty)
        #expect(reading.records.count == 16)
        #expect(reading.skippedCounts == ["warcinfo": 1, "request": 17, "metadata": 16])
        #expect(reading.order.count == 50)
        #expect(reading.skipped.first?.offset == 0)
        #expect(reading.skipped[1].type == "request" && reading.skipped[1].offset == 481)
        for record in reading.records {
            #expect(record.type == "response")
            #expect(record.version == "1.0")
            #expect(record.httpStatus == 200)
            #expect(record.contentType == "text/html")
            #expect(record.recordID?.hasPrefix("<urn:uuid:") == true)
            let start = payloadStart(record).lowercased()
            #expect(start.hasPrefix("<!doctype") || start.hasPrefix("<html"), "\(record.targetURI ?? "")")
        }
        let first = reading.records[0]
        #expect(first.targetURI == "http://003338.cn/l41/481397.html")
        #expect(first.date == Timestamp(iso8601: "2020-08-08T17:27:41Z"))
        #expect(first.offset == 940)
        #expect(first.charset == nil)
        #expect(first.payload.count == 36_331)
        #expect(text(Array(first.payload.prefix(6))) == "<html>")

        let spb = try #require(reading.records.first { $0.targetURI == "http://01spb.ru/company/" })
        #expect(spb.offset == 12_685)
        #expect(spb.charset == "windows-1251")
        #expect(spb.date?.iso8601 == "2020-08-08T18:31:12Z")
        #expect(spb.payload.count == 104_567)
        #expect(text(Array(spb.payload.prefix(15))) == "<!DOCTYPE html>")
        #expect(spb.httpHeader("content-type") == "text/html; charset=windows-1251")

        #expect(reading.records.first { $0.targetURI == "http://037426.cn/" }?.charset == "gb2312")
        let last = try #require(reading.records.last)
        #expect(last.targetURI == "http://096355.com/video/11073.html?11073-0-2")
        #expect(last.date?.iso8601 == "2020-08-08T17:21:07Z")
        #expect(last.offset == 132_240)
        #expect(reading.uris.contains("http://0615235.com/02mjqjo%7Bibotij2.btq?odmbtt=106&tdmbtt=121"))
    }

    @Test("ClueWeb09 quirks: WARC/0.18, invalid dates become nil, bodies stored decoded")
    func clueweb() throws {
        let reading = try readWARC(Fixture.clueweb)
        #expect(reading.problems.isEmpty)
        #expect(reading.records.count == 29)
        #expect(reading.skippedCounts == ["warcinfo": 1])
        for record in reading.records {
            #expect(record.version == "0.18")
            #expect(record.date == nil)  // 2008-10-294T05:21:46-0700
            #expect(record.httpStatus == 200)
            #expect(record.contentType == "text/html")
            #expect(record.charset == "euc-jp")
            // "Content-Encoding: gzip" is still in the headers, but the stored body is plain HTML.
            #expect(record.httpHeader("Content-Encoding") == "gzip")
            #expect(payloadStart(record).hasPrefix("<html>"))
        }
        #expect(reading.records[0].targetURI == "http://www.uraharajuku.st/shopdetail/001005000005/019/000/order/")
        #expect(reading.records[0].offset == 317)
        #expect(reading.records[0].payload.count == 31_293)
        #expect(reading.records[28].targetURI == "http://www.uraharajuku.st/shopdetail/001034000010/order/")
        #expect(reading.records[28].offset == 251_856)
    }

    @Test("warcio example: gzip content coding is removed; request, revisit and warcinfo are skipped")
    func warcio() throws {
        let reading = try readWARC(Fixture.warcio)
        #expect(reading.problems.isEmpty)
        #expect(reading.skippedCounts == ["warcinfo": 2, "request": 2, "revisit": 1])
        #expect(reading.order == ["warcinfo", "warcinfo", "record", "request", "revisit", "request"])
        #expect(reading.skipped.map(\.offset) == [0, 353, 2012, 2621, 3207])
        let record = try #require(reading.records.first)
        #expect(record.targetURI == "http://example.com/")
        #expect(record.date?.iso8601 == "2017-03-06T04:02:06Z")
        #expect(record.recordID == "<urn:uuid:a9c51e3e-0221-11e7-bf66-0242ac120005>")
        #expect(record.offset == 784)
        #expect(record.contentLength == 975)
        #expect(record.httpStatus == 200)
        #expect(record.httpHeader("etag") == "\"359670651+gzip\"")
        #expect(record.httpHeaders.count == 13)
        #expect(record.payload.count == 1270)
        #expect(text(Array(record.payload.prefix(15))) == "<!doctype html>")
        #expect(text(record.payload).contains("<title>Example Domain</title>"))

        var reader = try WARCReader(path: Fixture.warcio)
        while try reader.next() != nil {}
        #expect(reader.isCompressed)
        #expect(reader.skippedTypes == ["warcinfo": 2, "request": 2, "revisit": 1])
        #expect(try reader.next() == nil)
    }

    @Test("warcio resource example: the block is the payload, typed by the WARC header")
    func warcioResource() throws {
        let reading = try readWARC(Fixture.warcioResource)
        #expect(reading.problems.isEmpty)
        #expect(reading.skippedCounts == ["warcinfo": 2])
        let record = try #require(reading.records.first)
        #expect(reading.records.count == 1)
        #expect(record.type == "resource")
        #expect(record.targetURI == "http://example.com/")
        #expect(record.date?.iso8601 == "2017-04-29T01:30:30Z")
        #expect(record.offset == 802)
        #expect(record.httpStatus == nil)
        #expect(record.httpHeaders.isEmpty)
        #expect(record.contentType == "text/html")
        #expect(record.charset == "utf-8")
        #expect(record.payload.count == 1303)
        #expect(text(Array(record.payload.prefix(15))) == "<!DOCTYPE html>")
    }

    @Test("the same archive uncompressed, as one gzip stream, and through tiny buffers reads the same")
    func layouts() throws {
        let directory = TemporaryDirectory()
        let compressed = try Data(contentsOf: URL(fileURLWithPath: Fixture.commonCrawl))
        let plain = try gunzipped(compressed)
        let plainPath = directory.write("plain.warc", plain)
        let streamPath = directory.write("stream.warc.gz", try gzipped(plain))
        let expected = try readWARC(Fixture.commonCrawl)

        for (path, tiny) in [
            (Fixture.commonCrawl, true), (plainPath, false), (plainPath, true), (streamPath, false), (streamPath, true),
        ] {
            let reading = try readWARC(path, tiny: tiny)
            #expect(reading.problems.isEmpty, "\(path) tiny: \(tiny)")
            #expect(reading.order == expected.order)
            #expect(reading.uris == expected.uris)
            #expect(reading.records.map(\.payload) == expected.records.map(\.payload))
            #expect(reading.records.map(\.streamOffset) == expected.records.map(\.streamOffset))
            #expect(reading.records.map(\.charset) == expected.records.map(\.charset))
        }
        let plainReading = try readWARC(plainPath)
        #expect(plainReading.records.map(\.offset) == expected.records.map(\.streamOffset))
        #expect(plainReading.records.first?.offset == 1428)
        // One stream: every record lies in the member at offset 0.
        #expect(try readWARC(streamPath).records.allSatisfy { $0.offset == 0 })
    }
}

@Suite("WARC records")
struct WARCRecordTests {
    @Test("uncompressed WARC with folded headers, any-case names, <URI> and WARC/1.1 dates")
    func plainHeaders() throws {
        let directory = TemporaryDirectory()
        var lines = [
            "WARC/1.1", "warc-type: resource", "Warc-Target-URI:   <https://news.example/a?b=1>  ",
            "WARC-DATE: 2024-05-01T10:00:00.123456Z", "WARC-Record-ID: <urn:uuid:1>",
            "Content-Type: text/html;", "  charset=\"ISO-8859-1\"", "content-length: 5",
        ]
        lines.append("")
        let first = Array((lines.joined(separator: "\r\n") + "\r\n").utf8) + Array("hello\r\n\r\n".utf8)
        let second = Build.record(
            date: "2008-10-294T05:21:46-0700",
            block: Build.http(body: Build.page("Second")),
            version: "1.0"
        )
        let path = directory.write("plain.warc", Data(first + second))
        let reading = try readWARC(path)
        #expect(reading.problems.isEmpty)
        #expect(reading.records.count == 2)
        let resource = reading.records[0]
        #expect(resource.type == "resource")
        #expect(resource.version == "1.1")
        #expect(resource.targetURI == "https://news.example/a?b=1")
        #expect(resource.date?.iso8601 == "2024-05-01T10:00:00Z")
        #expect(resource.recordID == "<urn:uuid:1>")
        #expect(resource.contentType == "text/html")
        #expect(resource.charset == "iso-8859-1")
        #expect(resource.payload == Array("hello".utf8))
        #expect(resource.offset == 0)
        let response = reading.records[1]
        #expect(response.date == nil)
        #expect(response.offset == first.count)
        #expect(response.streamOffset == first.count)
        #expect(text(response.payload).hasPrefix("<!DOCTYPE html>"))
    }

    @Test("LF-only line endings in WARC and HTTP headers")
    func lineFeedsOnly() throws {
        let directory = TemporaryDirectory()
        var bytes: [UInt8] = []
        for index in 0..<3 {
            let http = Build.http(
                headers: ["Content-Type: text/html; charset=windows-1252", "X-Folded: a", "\tb"],
                body: Build.page("Page \(index)"),
                newline: "\n"
            )
            bytes += Build.record(uri: "http://lf.example/\(index)", block: http, newline: "\n")
        }
        for (name, data) in [("lf.warc", Data(bytes)), ("lf.warc.gz", try gzipped(Data(bytes)))] {
            let reading = try readWARC(directory.write(name, data))
            #expect(reading.problems.isEmpty)
            #expect(reading.uris == ["http://lf.example/0", "http://lf.example/1", "http://lf.example/2"])
            #expect(reading.records.allSatisfy { $0.charset == "windows-1252" && $0.httpStatus == 200 })
            #expect(reading.records.first?.httpHeader("x-folded") == "a b")
            #expect(reading.records.map { text($0.payload) } == (0..<3).map { text(Build.page("Page \($0)")) })
        }
    }

    @Test("chunked transfer coding is removed, also combined with gzip content coding")
    func chunked() throws {
        let directory = TemporaryDirectory()
        let page = Build.page("Chunked story")
        let half = page.count / 2
        var chunkedBody = Array(String(half, radix: 16).utf8) + Array(";ext=1\r\n".utf8) + page[..<half] + [13, 10]
        chunkedBody += Array(String(page.count - half, radix: 16).uppercased().utf8) + [13, 10] + page[half...]
        chunkedBody += Array("\r\n0\r\nX-Trailer: t\r\n\r\n".utf8)
        let compressed = try Build.gzipMember(page)
        var chunkedGzip = Array(String(compressed.count, radix: 16).utf8) + [13, 10] + compressed + [13, 10]
        chunkedGzip += Array("0\r\n\r\n".utf8)
        // The body was stored de-chunked though the header still says chunked.
        let dechunkedAlready = page
        var bytes: [UInt8] = []
        bytes += Build.record(
            uri: "http://c.example/1",
            block: Build.http(headers: ["Transfer-Encoding: chunked"], body: chunkedBody)
        )
        bytes += Build.record(
            uri: "http://c.example/2",
            block: Build.http(headers: ["Transfer-Encoding: chunked", "Content-Encoding: gzip"], body: chunkedGzip)
        )
        bytes += Build.record(
            uri: "http://c.example/3",
            block: Build.http(headers: ["Transfer-Encoding: Chunked"], body: dechunkedAlready)
        )
        let reading = try readWARC(directory.write("chunked.warc", Data(bytes)))
        #expect(reading.problems.isEmpty)
        #expect(reading.records.map(\.payload) == [page, page, page])
    }

    @Test("gzip and deflate content codings are removed; HTTP 100 Continue is skipped")
    func contentCodings() throws {
        let directory = TemporaryDirectory()
        let page = Build.page("Encoded story")
        let gzipBody = try Build.gzipMember(page)
        var bytes: [UInt8] = []
        bytes += Build.record(
            uri: "http://e.example/gzip",
            block: Build.http(headers: ["Content-Encoding: gzip", "Content-Type: text/html"], body: gzipBody)
        )
        bytes += Build.record(
            uri: "http://e.example/x-gzip",
            block: Build.http(headers: ["Content-Encoding: x-gzip"], body: gzipBody)
        )
        bytes += Build.record(
            uri: "http://e.example/zlib",
            block: Build.http(headers: ["Content-Encoding: deflate"], body: try Build.zlibDeflate(page))
        )
        bytes += Build.record(
            uri: "http://e.example/raw",
            block: Build.http(headers: ["Content-Encoding: deflate"], body: try Build.rawDeflate(page))
        )
        bytes += Build.record(
            uri: "http://e.example/truncated",
            block: Build.http(headers: ["Content-Encoding: gzip"], body: Array(gzipBody.prefix(gzipBody.count - 12)))
        )
        bytes += Build.record(
            uri: "http://e.example/continue",
            block: Array("HTTP/1.1 100 Continue\r\n\r\n".utf8) + Build.http(status: "201 Created", body: page)
        )
        bytes += Build.record(
            uri: "http://e.example/unknown",
            block: Build.http(headers: ["Content-Encoding: br"], body: page)
        )
        let reading = try readWARC(directory.write("codings.warc", Data(bytes)))
        #expect(reading.problems.isEmpty)
        #expect(reading.records.count == 7)
        for record in reading.records where record.targetURI != "http://e.example/truncated" {
            #expect(record.payload == page, "\(record.targetURI ?? "")")
        }
        let truncated = try #require(reading.records.first { $0.targetURI == "http://e.example/truncated" })
        #expect(!truncated.payload.isEmpty && page.starts(with: truncated.payload))
        #expect(reading.records.first { $0.targetURI == "http://e.example/continue" }?.httpStatus == 201)
    }

    @Test("non-HTTP responses keep their block; malformed HTTP is reported")
    func otherResponses() throws {
        let directory = TemporaryDirectory()
        var bytes: [UInt8] = []
        bytes += Build.record(
            uri: "dns:example.com",
            contentType: "text/dns",
            block: Array("example.com. 1 IN A 1.2.3.4".utf8)
        )
        let brokenOffset = bytes.count
        bytes += Build.record(uri: "http://m.example/", block: Array("not an http response".utf8))
        bytes += Build.response("After", uri: "http://m.example/after")
        let reading = try readWARC(directory.write("other.warc", Data(bytes)))
        #expect(reading.records.count == 2)
        #expect(reading.records[0].contentType == "text/dns")
        #expect(reading.records[0].httpStatus == nil)
        #expect(text(reading.records[0].payload) == "example.com. 1 IN A 1.2.3.4")
        #expect(reading.problems.map(\.reason) == ["malformed-http"])
        #expect(reading.problems.first?.location.offset == brokenOffset)
        #expect(reading.records[1].targetURI == "http://m.example/after")
    }

    @Test("records over the payload limit are skipped without stopping the reading")
    func tooLarge() throws {
        let directory = TemporaryDirectory()
        let big = Build.record(
            uri: "http://big.example/",
            block: Build.http(body: Array(repeating: 0x61, count: 5000))
        )
        let bigRequest = Build.record(type: "request", block: Array(repeating: 0x62, count: 5000))
        let small = Build.response("Small", uri: "http://small.example/")
        let bytes = small + big + bigRequest + small
        for compress in [false, true] {
            var data = Data(bytes)
            var bigOffset = small.count
            if compress {
                let members = try [small, big, bigRequest, small].map { try Build.gzipMember($0) }
                data = Data(members.joined())
                bigOffset = members[0].count
            }
            for tiny in [false, true] {
                let reading = try readWARC(
                    directory.write(compress ? "big.warc.gz" : "big.warc", data),
                    maxPayloadBytes: 1000,
                    tiny: tiny
                )
                #expect(reading.uris == ["http://small.example/", "http://small.example/"])
                #expect(reading.problems.map(\.reason) == ["too-large"])
                #expect(reading.problems.first?.location.offset == bigOffset)
                #expect(reading.skippedCounts == ["request": 1])
            }
        }
        // A body that grows over the limit once decompressed is too large as well.
        let bomb = Build.record(
            uri: "http://bomb.example/",
            block: Build.http(
                headers: ["Content-Encoding: gzip"],
                body: try Build.gzipMember(Array(repeating: 0x61, count: 200_000))
            )
        )
        let reading = try readWARC(directory.write("bomb.warc", Data(bomb + small)), maxPayloadBytes: 10_000)
        #expect(reading.problems.map(\.reason) == ["too-large"])
        #expect(reading.uris == ["http://small.example/"])
    }

    @Test("an empty file yields nothing")
    func empty() throws {
        let directory = TemporaryDirectory()
        let reading = try readWARC(directory.write("empty.warc", Data()))
        #expect(reading.order.isEmpty)
        #expect(try readWARC(directory.write("empty.warc.gz", try gzipped(Data()))).order.isEmpty)
    }

    @Test("unreadable files throw")
    func missing() {
        #expect(throws: IngestProblem.self) { try WARCReader(path: "/nonexistent/file.warc.gz") }
    }
}

@Suite("Damaged WARC files")
struct WARCDamageTests {
    private static func responses(_ count: Int, prefix: String = "r") -> [[UInt8]] {
        (0..<count).map { Build.response("Story \(prefix)\($0)", uri: "http://d.example/\(prefix)\($0)") }
    }

    private static func uris(_ count: Int, prefix: String = "r", except: Set<Int> = []) -> [String] {
        (0..<count).filter { !except.contains($0) }.map { "http://d.example/\(prefix)\($0)" }
    }

    @Test("a truncated gzip member in the middle loses only its record", arguments: [false, true])
    func truncatedMember(tiny: Bool) throws {
        let directory = TemporaryDirectory()
        let members = try Self.responses(4).map { try Build.gzipMember($0) }
        var data = members[0] + members[1].prefix(members[1].count / 2) + members[2] + members[3]
        let reading = try readWARC(directory.write("truncated.warc.gz", Data(data)), tiny: tiny)
        #expect(reading.uris == Self.uris(4, except: [1]))
        #expect(reading.problems.count == 1)
        #expect(reading.problems.first?.location.offset == members[0].count)
        // Truncated at the very end of the file.
        data = members[0] + members[1] + members[2].prefix(members[2].count - 40)
        let atEnd = try readWARC(directory.write("end.warc.gz", Data(data)), tiny: tiny)
        #expect(atEnd.uris == Self.uris(2))
        #expect(atEnd.problems.map(\.reason) == ["truncated-warc"])
        #expect(atEnd.problems.first?.location.offset == members[0].count + members[1].count)
        // Only the gzip trailer is missing: the record looks whole, but nothing vouches for its bytes.
        data = members[0] + members[1] + members[2].prefix(members[2].count - 5)
        let trailer = try readWARC(directory.write("trailer.warc.gz", Data(data)), tiny: tiny)
        #expect(trailer.uris == Self.uris(2))
        #expect(trailer.problems.map(\.reason) == ["truncated-warc"])
        #expect(trailer.problems.first?.location.offset == members[0].count + members[1].count)
    }

    @Test("corrupt deflate data in a member loses only its record", arguments: [false, true])
    func corruptMember(tiny: Bool) throws {
        let directory = TemporaryDirectory()
        let members = try Self.responses(3).map { try Build.gzipMember($0) }
        var broken = members[1]
        for index in 20..<(broken.count - 20) where index % 3 == 0 { broken[index] ^= 0x5A }
        let data = members[0] + broken + members[2]
        let reading = try readWARC(directory.write("corrupt.warc.gz", Data(data)), tiny: tiny)
        #expect(reading.uris == Self.uris(3, except: [1]))
        #expect(reading.problems.map(\.reason) == ["corrupt-warc"])
        #expect(reading.problems.first?.location.offset == members[0].count)
    }

    @Test("garbage between records and gzip members is skipped and reported", arguments: [false, true])
    func garbage(tiny: Bool) throws {
        let directory = TemporaryDirectory()
        let records = Self.responses(3)
        let junk = Array("this is not a record\r\nWARC-ish nonsense 1f8b\r\n\u{0}\u{1}\u{2}".utf8)
        let plain = records[0] + junk + records[1] + records[2] + junk
        let reading = try readWARC(directory.write("garbage.warc", Data(plain)), tiny: tiny)
        #expect(reading.uris == Self.uris(3))
        #expect(reading.problems.map(\.reason) == ["corrupt-warc", "corrupt-warc"])
        #expect(reading.problems.map(\.location.offset) == [records[0].count, plain.count - junk.count])

        let members = try records.map { try Build.gzipMember($0) }
        let gzip = members[0] + junk + members[1] + members[2] + junk
        let gzipReading = try readWARC(directory.write("garbage.warc.gz", Data(gzip)), tiny: tiny)
        #expect(gzipReading.uris == Self.uris(3))
        #expect(gzipReading.problems.map(\.reason) == ["corrupt-warc", "corrupt-warc"])
        #expect(gzipReading.problems.map(\.location.offset) == [members[0].count, gzip.count - junk.count])
        #expect(
            gzipReading.records.map(\.offset) == [
                0, members[0].count + junk.count, gzip.count - junk.count - members[2].count,
            ]
        )
    }

    @Test(
        "a wrong Content-Length loses only its record",
        arguments: [("too small", -25), ("too large", 40), ("far too large", 4000), ("zero", -100_000)]
    )
    func wrongLength(_ label: String, _ delta: Int) throws {
        let directory = TemporaryDirectory()
        var records = Self.responses(4)
        let block = Build.http(body: Build.page("Story r1"))
        let length = max(block.count + delta, 0)
        records[1] = Build.record(uri: "http://d.example/r1", block: block, length: String(length))
        let plain = Array(records.joined())
        for tiny in [false, true] {
            let reading = try readWARC(directory.write("length.warc", Data(plain)), tiny: tiny)
            #expect(reading.uris == Self.uris(4, except: [1]), "\(label)")
            #expect(reading.problems.map(\.reason) == ["corrupt-warc"], "\(label)")
            #expect(reading.problems.first?.location.offset == records[0].count, "\(label)")

            let members = try records.map { try Build.gzipMember($0) }
            let gzipReading = try readWARC(directory.write("length.warc.gz", Data(members.joined())), tiny: tiny)
            #expect(gzipReading.uris == Self.uris(4, except: [1]), "\(label)")
            #expect(gzipReading.problems.map(\.reason) == ["corrupt-warc"], "\(label)")
            #expect(gzipReading.problems.first?.location.offset == members[0].count, "\(label)")
        }
    }

    @Test(
        "invalid Content-Length values are reported and reading goes on",
        arguments: ["-5", "abc", "", "12 34", "99999999999999999999999999", "9223372036854775807", "0x10"]
    )
    func invalidLength(_ value: String) throws {
        let directory = TemporaryDirectory()
        var records = Self.responses(3)
        records[1] = Build.record(uri: "http://d.example/r1", block: Build.http(body: Build.page("x")), length: value)
        for compress in [false, true] {
            let data = compress ? Data(try records.map { try Build.gzipMember($0) }.joined()) : Data(records.joined())
            let reading = try readWARC(directory.write(compress ? "bad.warc.gz" : "bad.warc", data))
            #expect(reading.uris == Self.uris(3, except: [1]), "\(value)")
            #expect(reading.problems.count == 1, "\(value)")
            #expect(reading.problems.first?.reason == "corrupt-warc", "\(value)")
        }
    }

    @Test("a record cut inside its header by the next record")
    func cutHeader() throws {
        let directory = TemporaryDirectory()
        let records = Self.responses(2)
        let cut = Array("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://cut.example/\r\n".utf8)
        let reading = try readWARC(directory.write("cut.warc", Data(records[0] + cut + records[1])))
        #expect(reading.uris == Self.uris(2))
        #expect(reading.problems.map(\.reason) == ["truncated-warc"])
        #expect(reading.problems.first?.location.offset == records[0].count)
    }

    @Test("the file ends inside a record")
    func truncatedPlain() throws {
        let directory = TemporaryDirectory()
        let records = Self.responses(2)
        let data = records[0] + records[1].prefix(records[1].count - 30)
        let reading = try readWARC(directory.write("short.warc", Data(data)))
        #expect(reading.uris == Self.uris(1))
        #expect(reading.problems.map(\.reason) == ["truncated-warc"])
        #expect(reading.problems.first?.location.offset == records[0].count)
        let header = try readWARC(directory.write("header.warc", Data(records[0] + records[1].prefix(40))))
        #expect(header.problems.map(\.reason) == ["truncated-warc"])
    }

    @Test("random bytes never crash or hang", arguments: [0, 1, 7, 100, 5000, 70_000])
    func randomBytes(count: Int) throws {
        let directory = TemporaryDirectory()
        var random = SplitMix(seed: UInt64(count) &+ 17)
        var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
        let reading = try readWARC(directory.write("random.warc", Data(bytes)))
        #expect(reading.records.isEmpty)
        #expect(reading.problems.count == (count < 7 ? reading.problems.count : 1))
        #expect(reading.problems.count <= 1)
        // With gzip magic in front, and as a corrupt member between good ones.
        if count >= 2 {
            bytes[0] = 0x1F
            bytes[1] = 0x8B
            let gz = try readWARC(directory.write("random.warc.gz", Data(bytes)))
            #expect(gz.records.isEmpty)
            #expect(!gz.problems.isEmpty)
            let members = try Self.responses(2).map { try Build.gzipMember($0) }
            let mixed = try readWARC(directory.write("mixed.warc.gz", Data(members[0] + bytes + members[1])))
            #expect(mixed.uris == Self.uris(2))
            #expect(!mixed.problems.isEmpty)
        }
    }

    @Test("mutated archives never crash or hang, and the untouched records survive")
    func mutations() throws {
        let directory = TemporaryDirectory()
        let records = Self.responses(6)
        let plain = Array(records.joined())
        let members = try records.map { try Build.gzipMember($0) }
        let gzip = Array(members.joined())
        var random = SplitMix(seed: 42)
        for round in 0..<120 {
            for (name, original) in [("m.warc", plain), ("m.warc.gz", gzip)] {
                var bytes = original
                let edits = Int.random(in: 1...4, using: &random)
                for _ in 0..<edits {
                    guard !bytes.isEmpty else { break }
                    let at = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<4, using: &random) {
                    case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
                    case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...300, using: &random)))
                    case 2:
                        bytes.insert(
                            contentsOf: (0..<Int.random(in: 1...50, using: &random)).map { _ in
                                UInt8.random(in: 0...255, using: &random)
                            },
                            at: at
                        )
                    default: bytes = Array(bytes.prefix(at))
                    }
                }
                let reading = try readWARC(directory.write(name, Data(bytes)), tiny: round % 2 == 0)
                #expect(reading.records.count <= 6, "round \(round) \(name)")
                if name.hasSuffix(".gz") {
                    // gzip checksums protect every record that is returned: each is one of the originals, intact.
                    #expect(Set(reading.uris).count == reading.records.count, "round \(round)")
                    for record in reading.records {
                        let index = Int(record.targetURI?.dropFirst("http://d.example/r".count) ?? "") ?? -1
                        #expect(index >= 0 && index < 6, "round \(round)")
                        #expect(record.payload == Build.page("Story r\(index)"), "round \(round)")
                    }
                }
            }
        }
    }
}
