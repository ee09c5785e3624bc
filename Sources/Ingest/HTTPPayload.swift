import CZlib

/// One header field of an archived HTTP message, as written (names keep their case).
public struct HTTPHeaderField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP response taken apart: status, headers and the body with transfer and content codings removed.
struct HTTPResponse {
    var status: Int
    var headers: [HTTPHeaderField]
    var contentType: String?
    var body: [UInt8]
}

/// Splits archived HTTP responses (`application/http; msgtype=response` blocks) into status, headers and body.
enum HTTPResponseParser {
    enum Failure: Error {
        case malformed(String)
        case tooLarge(Int)
    }

    /// Parses `block`; the body is de-chunked and gzip/deflate bodies are decompressed (at most `maxBodyBytes`).
    static func parse(_ block: UnsafeBufferPointer<UInt8>, maxBodyBytes: Int) -> Result<HTTPResponse, Failure> {
        var start = 0
        while true {
            let head: Head
            switch parseHead(block, from: start) {
            case .success(let parsed): head = parsed
            case .failure(let failure): return .failure(failure)
            }
            // An interim response ("100 Continue") is followed by the real one.
            if head.status >= 100, head.status < 200, head.status != 101, startsWithHTTP(block, at: head.bodyStart) {
                start = head.bodyStart
                continue
            }
            var body = Array(block[head.bodyStart...])
            if head.chunked, let dechunked = dechunk(body) {
                body = dechunked
            }
            for coding in head.contentCodings.reversed() {
                switch decode(body, coding: coding, limit: maxBodyBytes) {
                case .decoded(let decoded): body = decoded
                case .unchanged: break
                case .tooLarge: return .failure(.tooLarge(maxBodyBytes))
                }
            }
            if body.count > maxBodyBytes { return .failure(.tooLarge(maxBodyBytes)) }
            return .success(
                HTTPResponse(status: head.status, headers: head.headers, contentType: head.contentType, body: body)
            )
        }
    }

    private struct Head {
        var status: Int
        var headers: [HTTPHeaderField]
        var contentType: String?
        var chunked: Bool
        var contentCodings: [String]
        var bodyStart: Int
    }

    private static func startsWithHTTP(_ block: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard block.count - index >= 5 else { return false }
        return block[index] | 0x20 == 0x68 && block[index + 1] | 0x20 == 0x74 && block[index + 2] | 0x20 == 0x74
            && block[index + 3] | 0x20 == 0x70 && block[index + 4] == 0x2F
    }

    private static func parseHead(_ block: UnsafeBufferPointer<UInt8>, from start: Int) -> Result<Head, Failure> {
        let count = block.count
        guard startsWithHTTP(block, at: start) else {
            return .failure(.malformed("the block does not start with an HTTP status line"))
        }
        var lineEnd = start
        while lineEnd < count, block[lineEnd] != 0x0A { lineEnd += 1 }
        // "HTTP/1.1 200 OK": the code follows the first run of spaces.
        var index = start + 5
        while index < lineEnd, block[index] != 0x20, block[index] != 0x09 { index += 1 }
        while index < lineEnd, block[index] == 0x20 || block[index] == 0x09 { index += 1 }
        var status = 0
        var digits = 0
        while index < lineEnd, digits < 3, block[index] >= 0x30, block[index] <= 0x39 {
            status = status * 10 + Int(block[index] - 0x30)
            digits += 1
            index += 1
        }
        guard digits == 3, index == lineEnd || !(block[index] >= 0x30 && block[index] <= 0x39) else {
            return .failure(.malformed("the HTTP status line has no status code"))
        }
        var headers: [HTTPHeaderField] = []
        var contentType: String?
        var chunked = false
        var contentCodings: [String] = []
        var lineStart = lineEnd + 1
        var bodyStart = count
        while lineStart < count {
            var next = lineStart
            while next < count, block[next] != 0x0A { next += 1 }
            var end = next
            if end > lineStart, block[end - 1] == 0x0D { end -= 1 }
            if end == lineStart {
                bodyStart = min(next + 1, count)
                break
            }
            let first = block[lineStart]
            if first == 0x20 || first == 0x09 {
                if !headers.isEmpty {
                    let more = ByteText.trimmed(block, lineStart, end)
                    if !more.isEmpty { headers[headers.count - 1].value += " " + ByteText.string(block, more) }
                }
            } else if let colon = ByteText.firstIndex(of: 0x3A, in: block, lineStart, end) {
                let nameRange = ByteText.trimmed(block, lineStart, colon)
                let valueRange = ByteText.trimmed(block, colon + 1, end)
                let value = ByteText.string(block, valueRange)
                if ByteText.equalsLowercase(block, nameRange, "content-type") {
                    if contentType == nil { contentType = value }
                } else if ByteText.equalsLowercase(block, nameRange, "transfer-encoding") {
                    if ByteSearch.contains(value.lowercased(), "chunked") { chunked = true }
                } else if ByteText.equalsLowercase(block, nameRange, "content-encoding") {
                    for token in value.lowercased().split(separator: ",") {
                        let coding = String(token.trimmingWhitespace())
                        if !coding.isEmpty { contentCodings.append(coding) }
                    }
                }
                headers.append(HTTPHeaderField(name: ByteText.string(block, nameRange), value: value))
            }
            lineStart = next + 1
        }
        return .success(
            Head(
                status: status,
                headers: headers,
                contentType: contentType,
                chunked: chunked,
                contentCodings: contentCodings,
                bodyStart: bodyStart
            )
        )
    }

    // MARK: - Transfer coding

    /// Removes chunked transfer coding; nil when the body does not start like a chunked body (crawlers often
    /// store the decoded body but keep the header). A truncated body keeps the chunks that arrived.
    static func dechunk(_ body: [UInt8]) -> [UInt8]? {
        let count = body.count
        var output: [UInt8] = []
        output.reserveCapacity(count)
        var index = 0
        var first = true
        while index < count {
            while index < count, body[index] == 0x20 || body[index] == 0x09 { index += 1 }
            var size = 0
            var digits = 0
            while index < count, let value = hexValue(body[index]) {
                guard digits < 15 else { return first ? nil : output }
                size = size * 16 + value
                digits += 1
                index += 1
            }
            while index < count, body[index] == 0x20 || body[index] == 0x09 { index += 1 }
            let validEnd = index < count && (body[index] == 0x3B || body[index] == 0x0D || body[index] == 0x0A)
            guard digits > 0, validEnd else { return first ? nil : output }
            while index < count, body[index] != 0x0A { index += 1 }
            guard index < count else { return first ? nil : output }
            index += 1
            first = false
            if size == 0 { break }
            let take = min(size, count - index)
            output.append(contentsOf: body[index..<(index + take)])
            index += take
            if take < size { break }
            if index < count, body[index] == 0x0D { index += 1 }
            if index < count, body[index] == 0x0A { index += 1 }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x41...0x46: return Int(byte - 0x41 + 10)
        case 0x61...0x66: return Int(byte - 0x61 + 10)
        default: return nil
        }
    }

    // MARK: - Content coding

    enum Decoded {
        case decoded([UInt8])
        case unchanged
        case tooLarge
    }

    /// Undoes one content coding when the body really carries it; unknown codings and bodies that are
    /// already decoded (some crawlers store them so) are left unchanged.
    static func decode(_ body: [UInt8], coding: String, limit: Int) -> Decoded {
        switch coding {
        case "gzip", "x-gzip":
            guard body.count >= 2, body[0] == 0x1F, body[1] == 0x8B else { return .unchanged }
            return inflated(body, windowBits: 15 + 16, acceptPartial: true, limit: limit)
        case "deflate":
            if body.count >= 2, body[0] & 0x0F == 8, body[0] >> 4 <= 7, (Int(body[0]) << 8 | Int(body[1])) % 31 == 0 {
                return inflated(body, windowBits: 15, acceptPartial: true, limit: limit)
            }
            // Raw deflate; a body that starts like markup was not compressed.
            var index = 0
            while index < body.count, index < 64, [0x20, 0x09, 0x0D, 0x0A].contains(body[index]) { index += 1 }
            if index < body.count, body[index] == 0x3C { return .unchanged }
            return inflated(body, windowBits: -15, acceptPartial: false, limit: limit)
        default:
            return .unchanged
        }
    }

    private static func inflated(_ body: [UInt8], windowBits: Int32, acceptPartial: Bool, limit: Int) -> Decoded {
        guard !body.isEmpty else { return .unchanged }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        guard wiretrace_inflateInit2(stream, windowBits) == Z_OK else { return .unchanged }
        defer { inflateEnd(stream) }
        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, body.count * 4))
        var consumedTotal = 0
        var complete = false
        var failed = false
        body.withUnsafeBufferPointer { input in
            chunk.withUnsafeMutableBufferPointer { out in
                while true {
                    let available = min(input.count - consumedTotal, Int(UInt32.max))
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumedTotal)
                    stream.pointee.avail_in = UInt32(available)
                    stream.pointee.next_out = out.baseAddress!
                    stream.pointee.avail_out = UInt32(chunkSize)
                    let status = inflate(stream, Z_NO_FLUSH)
                    consumedTotal += available - Int(stream.pointee.avail_in)
                    let produced = chunkSize - Int(stream.pointee.avail_out)
                    if output.count + produced > limit {
                        output.append(contentsOf: out[0..<min(produced, limit + 1 - output.count)])
                        return
                    }
                    output.append(contentsOf: out[0..<produced])
                    switch status {
                    case Z_STREAM_END:
                        // Another gzip member may follow.
                        if windowBits > 15, input.count - consumedTotal >= 2, input[consumedTotal] == 0x1F,
                            input[consumedTotal + 1] == 0x8B, inflateReset(stream) == Z_OK
                        {
                            continue
                        }
                        complete = true
                        return
                    case Z_OK:
                        continue
                    case Z_BUF_ERROR:
                        // Out of input: a truncated body; otherwise no progress is possible.
                        if consumedTotal < input.count, produced == 0 { failed = true }
                        return
                    default:
                        failed = true
                        return
                    }
                }
            }
        }
        if output.count > limit { return .tooLarge }
        if complete { return .decoded(output) }
        if failed { return acceptPartial && !output.isEmpty ? .decoded(output) : .unchanged }
        return output.isEmpty ? .unchanged : .decoded(output)
    }
}

/// Content-Type values: the media type and the charset parameter.
enum MediaType {
    /// The media type without parameters, lowercased ("text/html"); nil when empty.
    static func essence(_ value: String) -> String? {
        let type = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = String(type.trimmingWhitespace()).lowercased()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The `charset` parameter, lowercased and unquoted ("windows-1252"); nil when absent.
    static func charset(_ value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, pair[0].trimmingWhitespace().lowercased() == "charset" else { continue }
            let unquoted = pair[1].filter { $0 != "\"" && $0 != "'" }
            let charset = unquoted.trimmed.lowercased()
            if !charset.isEmpty { return charset }
        }
        return nil
    }
}

/// Small helpers for header text held as bytes.
enum ByteText {
    /// The range `start..<end` without surrounding spaces and tabs.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Range<Int> {
        var lower = start
        var upper = end
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 || bytes[upper - 1] == 0x0D {
            upper -= 1
        }
        return lower..<upper
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var index = start
        while index < end {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// Whether `range` holds `lowercase` in any ASCII case.
    static func equalsLowercase(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ range: Range<Int>,
        _ lowercase: StaticString
    )
        -> Bool
    {
        guard range.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = lowercase.utf8Start
        var offset = 0
        for index in range {
            var byte = bytes[index]
            if byte >= 0x41, byte <= 0x5A { byte += 0x20 }
            if byte != expected[offset] { return false }
            offset += 1
        }
        return true
    }
}
