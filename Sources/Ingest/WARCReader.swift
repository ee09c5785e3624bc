#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `response` or `resource` record of a WARC file, with its payload ready for decoding.
public struct WARCRecord: Sendable {
    /// `WARC-Type`, lowercased: "response" or "resource".
    public var type: String
    /// Version named by the record's first line: "1.0", "1.1", "0.18" …
    public var version: String
    /// `WARC-Target-URI` without surrounding `<>` and white space.
    public var targetURI: String?
    /// `WARC-Date` (the fetch time); nil when missing or not a valid date.
    public var date: Timestamp?
    /// `WARC-Record-ID` as written, usually `<urn:uuid:…>`.
    public var recordID: String?
    /// Declared length of the record block (the WARC `Content-Length`).
    public var contentLength: Int
    /// Offset of the record in the file; in a gzip file, the offset of the member that holds its first byte.
    public var offset: Int
    /// Offset of the record in the decompressed WARC stream (equal to `offset` in an uncompressed file).
    public var streamOffset: Int
    /// Status code of an HTTP response record.
    public var httpStatus: Int?
    /// Header fields of an HTTP response record, in order.
    public var httpHeaders: [HTTPHeaderField]
    /// Media type of the payload, lowercased without parameters ("text/html"): from the HTTP `Content-Type` of
    /// a response, from the WARC `Content-Type` otherwise.
    public var contentType: String?
    /// The `charset` parameter of that content type, lowercased ("windows-1252").
    public var charset: String?
    /// The payload: for HTTP responses the body without status line and headers, de-chunked and with gzip or
    /// deflate content coding removed; for other records the whole block.
    public var payload: [UInt8]

    public init(
        type: String,
        version: String = "1.0",
        targetURI: String? = nil,
        date: Timestamp? = nil,
        recordID: String? = nil,
        contentLength: Int = 0,
        offset: Int = 0,
        streamOffset: Int = 0,
        httpStatus: Int? = nil,
        httpHeaders: [HTTPHeaderField] = [],
        contentType: String? = nil,
        charset: String? = nil,
        payload: [UInt8] = []
    ) {
        self.type = type
        self.version = version
        self.targetURI = targetURI
        self.date = date
        self.recordID = recordID
        self.contentLength = contentLength
        self.offset = offset
        self.streamOffset = streamOffset
        self.httpStatus = httpStatus
        self.httpHeaders = httpHeaders
        self.contentType = contentType
        self.charset = charset
        self.payload = payload
    }

    /// Value of the first HTTP header named `name` (any case).
    public func httpHeader(_ name: String) -> String? {
        let wanted = name.lowercased()
        return httpHeaders.first { $0.name.lowercased() == wanted }?.value
    }
}

/// What reading a WARC file yields, in file order.
public enum WARCEvent: Sendable {
    /// A `response` or `resource` record.
    case record(WARCRecord)
    /// A well-formed record of another type (`warcinfo`, `request`, `metadata`, `revisit`, `conversion` …),
    /// not read further.
    case skipped(type: String, offset: Int)
    /// A record or stretch of bytes that could not be read; reading goes on after it. Reasons:
    /// "corrupt-warc", "truncated-warc", "too-large", "malformed-http".
    case problem(IngestProblem)
}

/// Reads the records of a WARC file (WARC/1.0, 1.1 and the older 0.18) one at a time, uncompressed or gzip
/// compressed (one member per record, or the whole file as one stream: the magic bytes decide).
///
/// Memory stays bounded whatever the file size: bytes are read in chunks and at most one record is held.
/// Damage never stops reading: a corrupt gzip member, a wrong `Content-Length`, truncation or stray bytes
/// are reported as problems with their offset, and reading resumes at the next gzip member or the next
/// `WARC/` version line. A record whose gzip member fails zlib's checks is reported, never returned.
///
/// Copies of a reader share one input: read through one copy only.
public struct WARCReader {
    /// Payload limit used unless another is given: 16 MiB.
    public static let defaultMaxPayloadBytes = 16 << 20

    /// Name used in problem locations.
    public let path: String
    /// Records whose block is larger are skipped (as "too-large") without being held in memory.
    public let maxPayloadBytes: Int
    /// How many records of each type were skipped so far (`warcinfo`, `request` …).
    public private(set) var skippedTypes: [String: Int] = [:]

    private let input: WARCInput
    private let maxHeaderBytes: Int
    /// Stream position where the next record is looked for.
    private var cursor = 0
    private var done = false
    private var events: [WARCEvent] = []
    private var eventHead = 0
    private var fields: [Field] = []

    /// Opens the WARC file at `path` ("-" is standard input).
    public init(path: String, maxPayloadBytes: Int = defaultMaxPayloadBytes) throws {
        self.init(try FileByteSource(path: path), maxPayloadBytes: maxPayloadBytes)
    }

    /// Reads WARC data from `source` (raw bytes: gzip is recognised and decompressed here).
    public init(_ source: ByteSource, maxPayloadBytes: Int = defaultMaxPayloadBytes) {
        self.init(source, maxPayloadBytes: maxPayloadBytes, windowSize: 1 << 20, rawSize: 4 << 20, chunkSize: 1 << 16)
    }

    /// Buffer sizes can be made tiny to exercise refills in tests.
    init(_ source: ByteSource, maxPayloadBytes: Int, windowSize: Int, rawSize: Int, chunkSize: Int) {
        self.path = source.name
        self.maxPayloadBytes = min(max(maxPayloadBytes, 0), 1 << 40)
        self.maxHeaderBytes = 1 << 18
        self.input = WARCInput(source, windowSize: windowSize, rawSize: rawSize, chunkSize: chunkSize)
    }

    /// Whether the input is gzip-compressed (known once reading has started).
    public var isCompressed: Bool { input.isGzip }

    /// The next record, skipped record or problem; nil at the end of the file.
    /// Throws only when the file cannot be read at all (an I/O error).
    public mutating func next() throws -> WARCEvent? {
        while true {
            if eventHead < events.count {
                let event = events[eventHead]
                eventHead += 1
                if eventHead == events.count {
                    events.removeAll(keepingCapacity: true)
                    eventHead = 0
                }
                return event
            }
            if done { return nil }
            try step()
        }
    }

    // MARK: - Records

    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A

    /// Where a record starts, for messages.
    private struct Place {
        var position: Int
        var fileOffset: Int
        var atMemberStart: Bool
    }

    /// One header line: name and value ranges (stream positions); continuation lines have no name.
    private struct Field {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
        var isContinuation: Bool { nameStart < 0 }
    }

    /// The first line of a record: "WARC/1.0".
    private struct VersionLine {
        var versionStart: Int
        var versionEnd: Int
        var lineEnd: Int
    }

    /// Reads one record (or skips one stretch of damage), queueing at least one event or ending.
    private mutating func step() throws {
        input.anchor = cursor
        while true {
            if cursor >= input.end {
                switch try input.ensure(cursor + 1) {
                case .ready: break
                case .end:
                    done = true
                    return
                case .interrupted:
                    reportBreak(in: nil)
                    return
                }
            }
            let byte = input.byte(at: cursor)
            guard byte == Self.cr || byte == Self.lf else { break }
            cursor += 1
            input.anchor = cursor
        }
        let start = cursor
        if let line = try versionLine(at: start) {
            try readRecord(at: start, line)
            return
        }
        let place = self.place(start)
        let what = "bytes \(describe(place, record: false)) are not a WARC record"
        try skipDamage(place, "corrupt-warc", what, from: start + 1, counting: start)
    }

    private mutating func readRecord(at start: Int, _ line: VersionLine) throws {
        input.anchor = start
        let place = self.place(start)
        fields.removeAll(keepingCapacity: true)
        // Header lines up to the first empty line.
        var lineStart = line.lineEnd
        var blockStart = 0
        while true {
            let newline: Int
            switch try findNewline(from: lineStart, before: start + maxHeaderBytes) {
            case .found(let found): newline = found
            case .tooLong:
                let what = "\(describe(place)) has a header longer than \(maxHeaderBytes) bytes"
                try skipDamage(place, "corrupt-warc", what, from: lineStart)
                return
            case .end:
                problem("truncated-warc", "\(describe(place)) ends inside its header", at: place.fileOffset)
                cursor = input.end
                return
            case .interrupted:
                reportBreak(in: place)
                return
            }
            var lineEnd = newline
            if lineEnd > lineStart, input.byte(at: lineEnd - 1) == Self.cr { lineEnd -= 1 }
            if lineEnd == lineStart {
                blockStart = newline + 1
                break
            }
            let first = input.byte(at: lineStart)
            if first == 0x20 || first == 0x09 {
                fields.append(Field(nameStart: -1, nameEnd: -1, valueStart: lineStart, valueEnd: lineEnd))
            } else if first == 0x57, try versionLine(at: lineStart) != nil {
                // A new record starts before this header ended: this one is cut short.
                problem("truncated-warc", "\(describe(place)) is cut short inside its header", at: place.fileOffset)
                cursor = lineStart
                return
            } else if let colon = memchr(input.pointer(at: lineStart), 0x3A, lineEnd - lineStart) {
                let colonPosition =
                    lineStart + input.pointer(at: lineStart).distance(to: colon.assumingMemoryBound(to: UInt8.self))
                fields.append(
                    Field(
                        nameStart: lineStart,
                        nameEnd: colonPosition,
                        valueStart: colonPosition + 1,
                        valueEnd: lineEnd
                    )
                )
            }
            lineStart = newline + 1
        }

        var typeField = -1
        var uriField = -1
        var dateField = -1
        var idField = -1
        var lengthField = -1
        var contentTypeField = -1
        let window = UnsafeBufferPointer(start: input.pointer(at: input.base), count: input.end - input.base)
        let base = input.base
        for index in fields.indices where !fields[index].isContinuation {
            let field = fields[index]
            let name = ByteText.trimmed(window, field.nameStart - base, field.nameEnd - base)
            switch name.count {
            case 9 where typeField < 0 && ByteText.equalsLowercase(window, name, "warc-type"): typeField = index
            case 15 where uriField < 0 && ByteText.equalsLowercase(window, name, "warc-target-uri"): uriField = index
            case 9 where dateField < 0 && ByteText.equalsLowercase(window, name, "warc-date"): dateField = index
            case 14 where idField < 0 && ByteText.equalsLowercase(window, name, "warc-record-id"): idField = index
            case 14 where lengthField < 0 && ByteText.equalsLowercase(window, name, "content-length"):
                lengthField = index
            case 12 where contentTypeField < 0 && ByteText.equalsLowercase(window, name, "content-type"):
                contentTypeField = index
            default: break
            }
        }
        let type = typeField >= 0 ? value(typeField, window, base).lowercased() : "unknown"

        guard lengthField >= 0, let length = contentLength(fields[lengthField], window, base) else {
            let what = "\(describe(place)) has a missing or invalid Content-Length"
            try skipDamage(place, "corrupt-warc", what, from: blockStart)
            return
        }

        guard length <= maxPayloadBytes else {
            try skipLargeBlock(place, type: type, blockStart: blockStart, length: length)
            return
        }
        let blockEnd = blockStart + length
        switch try input.ensure(blockEnd) {
        case .ready: break
        case .end, .interrupted:
            // The file (or gzip member) ends inside the block: either the length is wrong and the next
            // record is already in view, or the record is truncated.
            switch try scan(from: blockStart, limit: .max) {
            case .found(let next):
                problem(
                    "corrupt-warc",
                    "\(describe(place)) is shorter than its Content-Length \(length); skipped",
                    at: place.fileOffset
                )
                cursor = next
            case .interrupted:
                reportBreak(in: place)
            case .end, .reachedLimit:
                problem(
                    "truncated-warc",
                    "\(describe(place)) is truncated (Content-Length \(length)); skipped",
                    at: place.fileOffset
                )
                cursor = input.end
            }
            return
        }
        switch try endOfRecord(after: blockEnd, place) {
        case .next(let next): cursor = next
        case .mismatch:
            try recoverFromBadLength(place, length: length, from: blockStart)
            return
        case .damaged:
            reportBreak(in: place)
            return
        }
        guard type == "response" || type == "resource" else {
            skippedTypes[type, default: 0] += 1
            events.append(.skipped(type: type, offset: place.fileOffset))
            return
        }

        // The header and block are in the window.
        let view = UnsafeBufferPointer(start: input.pointer(at: input.base), count: input.end - input.base)
        let viewBase = input.base
        var record = WARCRecord(
            type: type,
            version: ByteText.string(view, (line.versionStart - viewBase)..<(line.versionEnd - viewBase)),
            contentLength: length,
            offset: place.fileOffset,
            streamOffset: start
        )
        if uriField >= 0 {
            var uri = value(uriField, view, viewBase)
            if uri.hasPrefix("<"), uri.hasSuffix(">"), uri.count >= 2 {
                uri = String(uri.dropFirst().dropLast()).trimmed
            }
            record.targetURI = uri.isEmpty ? nil : uri
        }
        if dateField >= 0 { record.date = Timestamp(iso8601: value(dateField, view, viewBase)) }
        if idField >= 0 {
            let id = value(idField, view, viewBase)
            record.recordID = id.isEmpty ? nil : id
        }
        let warcContentType = contentTypeField >= 0 ? value(contentTypeField, view, viewBase) : nil
        let block = UnsafeBufferPointer(rebasing: view[(blockStart - viewBase)..<(blockEnd - viewBase)])
        if type == "response", let warcContentType, warcContentType.lowercased().hasPrefix("application/http") {
            switch HTTPResponseParser.parse(block, maxBodyBytes: maxPayloadBytes) {
            case .success(let response):
                record.httpStatus = response.status
                record.httpHeaders = response.headers
                if let contentType = response.contentType {
                    record.contentType = MediaType.essence(contentType)
                    record.charset = MediaType.charset(contentType)
                }
                record.payload = response.body
            case .failure(.malformed(let why)):
                problem("malformed-http", "\(describe(place)): \(why); skipped", at: place.fileOffset)
                return
            case .failure(.tooLarge(let limit)):
                problem(
                    "too-large",
                    "\(describe(place)) has an HTTP body larger than \(limit) bytes once decoded; skipped",
                    at: place.fileOffset
                )
                return
            }
        } else {
            if let warcContentType {
                record.contentType = MediaType.essence(warcContentType)
                record.charset = MediaType.charset(warcContentType)
            }
            record.payload = Array(block)
        }
        events.append(.record(record))
    }

    /// Passes over a block larger than the payload limit without keeping it.
    private mutating func skipLargeBlock(_ place: Place, type: String, blockStart: Int, length: Int) throws {
        let blockEnd = length > Int.max - blockStart ? Int.max : blockStart + length
        switch try scan(from: blockStart, limit: blockEnd) {
        case .found(let next):
            problem(
                "corrupt-warc",
                "\(describe(place)) is shorter than its Content-Length \(length); skipped",
                at: place.fileOffset
            )
            cursor = next
            return
        case .end:
            problem(
                "truncated-warc",
                "\(describe(place)) is truncated (Content-Length \(length)); skipped",
                at: place.fileOffset
            )
            cursor = input.end
            return
        case .interrupted:
            reportBreak(in: place)
            return
        case .reachedLimit:
            break
        }
        input.anchor = blockEnd
        switch try endOfRecord(after: blockEnd, place) {
        case .next(let next): cursor = next
        case .mismatch:
            try recoverFromBadLength(place, length: length, from: blockEnd)
            return
        case .damaged:
            reportBreak(in: place)
            return
        }
        if type == "response" || type == "resource" {
            problem(
                "too-large",
                "\(describe(place)) has a block of \(length) bytes, over the limit of \(maxPayloadBytes); skipped",
                at: place.fileOffset
            )
        } else {
            skippedTypes[type, default: 0] += 1
            events.append(.skipped(type: type, offset: place.fileOffset))
        }
    }

    /// After a block that is not followed by the end of the record: skips to the next record.
    private mutating func recoverFromBadLength(_ place: Place, length: Int, from position: Int) throws {
        let what = "\(describe(place)) does not end where its Content-Length \(length) says"
        try skipDamage(place, "corrupt-warc", what, from: position)
    }

    /// Reports damage (`what`) that starts at `place`, and continues at the next record found from `position`.
    /// With `counting`, the message starts with the number of bytes skipped from there. When the decoded
    /// stream breaks first, the break is named as the cause.
    private mutating func skipDamage(
        _ place: Place,
        _ reason: String,
        _ what: String,
        from position: Int,
        counting start: Int? = nil
    ) throws {
        let result = try scan(from: position, limit: .max)
        var next = input.end
        if case .found(let found) = result { next = found }
        let what = start.map { "\(next - $0) \(what)" } ?? what
        if case .interrupted = result {
            reportBreak(in: place, what)
            return
        }
        problem(reason, what + "; skipped", at: place.fileOffset)
        cursor = next
    }

    private enum RecordEnd {
        /// The record ends well; the next one starts here.
        case next(Int)
        /// The block is not followed by the end of the record: its length is wrong.
        case mismatch
        /// The gzip member holding the record turned out corrupt or truncated.
        case damaged
    }

    /// Checks that the record ends at `blockEnd`: then come blank lines and the next record, a gzip member
    /// boundary or the end of the input. In an uncompressed file a blank line (CRLF CRLF, or LF LF) is enough,
    /// so that stray bytes after a sound record cost only themselves; in a gzip file the record must reach the
    /// end of its member (or the next record), which makes zlib check the member before the record is used.
    private mutating func endOfRecord(after blockEnd: Int, _ place: Place) throws -> RecordEnd {
        var position = blockEnd
        var newlines = 0
        var lineFeeds = 0
        while newlines < 64 {
            if position >= input.end {
                switch try input.ensure(position + 1) {
                case .ready: break
                case .end: return .next(position)
                case .interrupted: return isTainted(place) ? .damaged : .next(position)
                }
            }
            let byte = input.byte(at: position)
            guard byte == Self.cr || byte == Self.lf else { break }
            if byte == Self.lf { lineFeeds += 1 }
            position += 1
            newlines += 1
        }
        if newlines >= 64 || input.isMemberStart(position) { return .next(position) }
        if try versionLine(at: position) != nil { return .next(position) }
        if isTainted(place) { return .damaged }
        return !input.isGzip && lineFeeds >= 2 ? .next(position) : .mismatch
    }

    /// Whether the decoded stream broke because the gzip member holding the record at `place` is corrupt or
    /// truncated: its checksum could not vouch for the record's bytes.
    private func isTainted(_ place: Place) -> Bool {
        guard let pending = input.pendingBreak, pending.kind != .garbage else { return false }
        return pending.fileOffset == place.fileOffset
    }

    // MARK: - Scanning

    private enum ScanResult {
        case found(Int)
        case reachedLimit
        case end
        case interrupted
    }

    /// Finds the first record start (a WARC version line) at or after `from` and before `limit`. Bytes passed
    /// over are dropped from the window.
    private mutating func scan(from: Int, limit: Int) throws -> ScanResult {
        var position = from
        while true {
            input.anchor = position
            if position >= input.end {
                switch try input.ensure(position + 1) {
                case .ready: break
                case .end: return .end
                case .interrupted: return .interrupted
                }
            }
            let stop = min(input.end, limit)
            if position >= stop { return .reachedLimit }
            guard let hit = memchr(input.pointer(at: position), 0x57, stop - position) else {
                position = stop
                continue
            }
            let candidate = position + input.pointer(at: position).distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if try versionLine(at: candidate) != nil { return .found(candidate) }
            position = candidate + 1
        }
    }

    /// The version line of a record starting at `position` ("WARC/1.0", "WARC/0.18"), or nil. Found anywhere
    /// (not only at the start of a line) so that damage without a final newline does not hide the next record.
    private func versionLine(at position: Int) throws -> VersionLine? {
        let longest = 40
        if input.end < position + longest { _ = try input.ensure(position + longest) }
        let available = min(input.end - position, longest)
        guard available >= 9 else { return nil }
        let bytes = input.pointer(at: position)
        guard bytes[0] == 0x57, bytes[1] == 0x41, bytes[2] == 0x52, bytes[3] == 0x43, bytes[4] == 0x2F else {
            return nil
        }
        var index = 5
        func digits() -> Bool {
            let first = index
            while index < available, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index > first
        }
        guard digits(), index < available, bytes[index] == 0x2E else { return nil }
        index += 1
        guard digits() else { return nil }
        let versionEnd = index
        while index < available, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == Self.cr { index += 1 }
        guard index < available, bytes[index] == Self.lf else { return nil }
        return VersionLine(versionStart: position + 5, versionEnd: position + versionEnd, lineEnd: position + index + 1)
    }

    private enum NewlineResult {
        case found(Int)
        case tooLong
        case end
        case interrupted
    }

    private func findNewline(from start: Int, before limit: Int) throws -> NewlineResult {
        var position = start
        while true {
            let stop = min(input.end, limit)
            if position < stop, let hit = memchr(input.pointer(at: position), Int32(Self.lf), stop - position) {
                return .found(
                    position + input.pointer(at: position).distance(to: hit.assumingMemoryBound(to: UInt8.self))
                )
            }
            position = max(position, stop)
            if position >= limit { return .tooLong }
            switch try input.ensure(position + 1) {
            case .ready: continue
            case .end: return .end
            case .interrupted: return .interrupted
            }
        }
    }

    // MARK: - Header values

    /// The value of field `index` with its continuation lines joined by single spaces.
    private func value(_ index: Int, _ window: UnsafeBufferPointer<UInt8>, _ base: Int) -> String {
        var text = ByteText.string(
            window,
            ByteText.trimmed(window, fields[index].valueStart - base, fields[index].valueEnd - base)
        )
        var next = index + 1
        while next < fields.count, fields[next].isContinuation {
            let more = ByteText.trimmed(window, fields[next].valueStart - base, fields[next].valueEnd - base)
            if !more.isEmpty { text += (text.isEmpty ? "" : " ") + ByteText.string(window, more) }
            next += 1
        }
        return text
    }

    /// A non-negative decimal length (saturating at `Int.max`), or nil when it is not one.
    private func contentLength(_ field: Field, _ window: UnsafeBufferPointer<UInt8>, _ base: Int) -> Int? {
        let range = ByteText.trimmed(window, field.valueStart - base, field.valueEnd - base)
        guard !range.isEmpty else { return nil }
        var length = 0
        for index in range {
            let byte = window[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let digit = Int(byte - 0x30)
            length = length > (Int.max - digit) / 10 ? Int.max : length * 10 + digit
        }
        return length
    }

    // MARK: - Reporting

    private func place(_ position: Int) -> Place {
        Place(
            position: position,
            fileOffset: input.fileOffset(of: position),
            atMemberStart: input.isMemberStart(position)
        )
    }

    private func describe(_ place: Place, record: Bool = true) -> String {
        let what = record ? "record " : ""
        if !input.isGzip || place.atMemberStart { return "\(what)at offset \(place.fileOffset)" }
        return "\(what)at decompressed offset \(place.position) (gzip member at offset \(place.fileOffset))"
    }

    private mutating func problem(_ reason: String, _ message: String, at offset: Int) {
        let message = message.prefix(1).uppercased() + message.dropFirst()
        events.append(.problem(IngestProblem(reason, message, at: SourceLocation(path: path, offset: offset))))
    }

    /// Reports the pending break of the decoded stream, as the loss of the record at `place` when one was being
    /// read, and continues after it.
    private mutating func reportBreak(in place: Place?, _ what: String? = nil) {
        guard let streamBreak = input.pendingBreak else { return }
        let reason = streamBreak.kind == .truncated ? "truncated-warc" : "corrupt-warc"
        if let place {
            let what = what ?? "\(describe(place)) is cut short"
            problem(reason, "\(what): \(streamBreak.detail)", at: place.fileOffset)
        } else {
            problem(reason, streamBreak.detail, at: streamBreak.fileOffset)
        }
        input.acknowledgeBreak()
        cursor = input.end
    }
}
