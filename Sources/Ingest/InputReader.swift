#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats `scan` and `check` read.
public enum InputFormat: String, Sendable, CaseIterable {
    /// One JSON object per line (optionally gzip-compressed).
    case jsonl
    /// A plain-text article: title on the first line, body below.
    case text
    /// One HTML page (`.html`, `.htm`, `.xhtml`, optionally gzip-compressed); its URL comes from a sidecar
    /// file (`page.html.url` holding the URL, or `page.html.json` holding `url`, `fetched`, `published`,
    /// `site`), else the file's own `file://` path.
    case html
    /// A web archive (`.warc`, `.warc.gz`; WARC 1.0, 1.1 and 0.18): its HTML `response` and `resource`
    /// records are read as pages, with the target URI as URL and the record date as fetch time.
    case warc

    /// The file endings this tool reads, for messages and help.
    public static let extensionsText =
        ".jsonl, .ndjson, .json (JSONL), .txt, .text (text), .html, .htm, .xhtml (HTML), .warc (WARC), "
        + "each optionally .gz"

    /// Format named on the command line: `jsonl`, `text` (or `txt`), `html`, `warc`.
    public init?(name: String) {
        switch name.lowercased() {
        case "jsonl", "ndjson", "json": self = .jsonl
        case "text", "txt": self = .text
        case "html", "htm": self = .html
        case "warc": self = .warc
        default: return nil
        }
    }

    /// Format implied by a file name, or nil when the extension is not one this tool reads.
    public static func guess(fromPath path: String) -> InputFormat? {
        var name = path.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") || name.hasSuffix(".json") { return .jsonl }
        if name.hasSuffix(".txt") || name.hasSuffix(".text") { return .text }
        if name.hasSuffix(".html") || name.hasSuffix(".htm") || name.hasSuffix(".xhtml") { return .html }
        if name.hasSuffix(".warc") || name.hasSuffix(".arc") { return .warc }
        return nil
    }
}

/// Page facts known before the HTML is parsed (from the record or the archive).
public struct PageInfo: Sendable {
    public var url: String
    public var site: String?
    public var title: String?
    public var byline: String?
    public var published: Timestamp?
    public var fetched: Timestamp?
    /// Character set named by the transport (an HTTP header; UTF-8 for a page given as a JSON string), if any.
    public var charset: String?
    public var location: SourceLocation

    public init(
        url: String,
        site: String? = nil,
        title: String? = nil,
        byline: String? = nil,
        published: Timestamp? = nil,
        fetched: Timestamp? = nil,
        charset: String? = nil,
        location: SourceLocation
    ) {
        self.url = url
        self.site = site
        self.title = title
        self.byline = byline
        self.published = published
        self.fetched = fetched
        self.charset = charset
        self.location = location
    }
}

/// Turns an HTML page into an article.
public protocol HTMLArticleDecoder: Sendable {
    func article(fromHTML html: [UInt8], page: PageInfo) throws -> Article
}

/// Size limits that protect memory; a record over a limit is skipped with a reason.
public struct IngestLimits: Sendable {
    /// Largest record (JSONL line or text file) read, in bytes.
    public var maxPageBytes: Int
    /// Most paragraphs in one article; a page with more is skipped.
    public var maxParagraphs: Int

    public init(maxPageBytes: Int = 16 << 20, maxParagraphs: Int = 5_000) {
        self.maxPageBytes = maxPageBytes
        self.maxParagraphs = maxParagraphs
    }

    /// Throws "too-many-paragraphs" when an article has more paragraphs than the limit: it would be a
    /// book, a log or a concatenated dump, not an article.
    public func checkParagraphs(_ count: Int, at location: SourceLocation) throws {
        guard count > maxParagraphs else { return }
        throw IngestProblem(
            "too-many-paragraphs",
            "\(count) paragraphs is over the limit of \(maxParagraphs)",
            at: location
        )
    }
}

/// One input file to read, with its format.
public struct InputFile: Sendable, Equatable {
    public var path: String
    public var format: InputFormat

    public init(path: String, format: InputFormat) {
        self.path = path
        self.format = format
    }
}

/// What reading an input yields: an article, or a record that was skipped and why.
public enum IngestItem: Sendable {
    case article(Article)
    case skipped(IngestProblem)
    /// A record that is no article and no error: a WARC request or metadata record, an image, a redirect.
    case ignored(reason: String)
}

/// A record as read from an input, before it is decoded: reading (I/O, decompression, splitting
/// lines and archive records) is sequential, decoding (JSON, HTML extraction) can run on any thread.
public enum RecordUnit: Sendable {
    /// Already final: a record skipped or ignored while reading.
    case item(IngestItem)
    /// One JSONL line.
    case jsonLine([UInt8], SourceLocation)
    /// A whole text file.
    case textFile([UInt8], path: String)
    /// A whole HTML file, with what its sidecar says.
    case htmlFile([UInt8], PageInfo)
    /// An archive record.
    case warcRecord(WARCRecord, path: String)
}

/// What command-line inputs stand for: the files to read, in order, and what was left out.
public struct InputExpansion: Sendable {
    /// Files to read, each with its format.
    public var files: [InputFile] = []
    /// Inputs that cannot be read (missing, unlistable) or are of a type this tool does not read.
    public var problems: [IngestProblem] = []
    /// Files in directories skipped because of their type.
    public var ignored = 0
    /// Links to directories inside directories that were not followed (see ``InputReader/followLinks``).
    public var linksNotFollowed = 0
    /// Sidecar files (`PAGE.html.json`, `PAGE.txt.url` …) read with their page rather than as inputs.
    public var sidecars = 0

    public init() {}
}

/// Reads articles from files, directories and standard input.
public struct InputReader: Sendable {
    public var limits: IngestLimits
    /// Format to use for every input, overriding file extensions.
    public var forcedFormat: InputFormat?
    public var htmlDecoder: any HTMLArticleDecoder
    /// Whether walks of directories follow symbolic links to directories (as `find -L` and `rg --follow`
    /// do). Off by default: a link to a parent folder would make the walk endless, and links to other
    /// trees read files the user did not name. Either way a folder is walked once, known by device and
    /// inode, so that no cycle of links can make a walk endless. Links to files are always read.
    public var followLinks = false

    public init(
        limits: IngestLimits = IngestLimits(),
        forcedFormat: InputFormat? = nil,
        htmlDecoder: any HTMLArticleDecoder = TagStrippingHTMLDecoder()
    ) {
        self.limits = limits
        self.forcedFormat = forcedFormat
        self.htmlDecoder = htmlDecoder
    }

    /// Expands command-line inputs: a directory becomes its readable files (recursively, sorted by
    /// path, unknown extensions ignored and counted, sidecars left to their page); "-" is standard input.
    public func expand(_ paths: [String]) -> (files: [InputFile], problems: [IngestProblem], ignored: Int) {
        let expansion = expansion(of: paths)
        return (expansion.files, expansion.problems, expansion.ignored)
    }

    /// Expands command-line inputs (see ``expand(_:)``), counting what was left out.
    /// - Complexity: one `stat` per directory entry; every folder is listed once.
    public func expansion(of paths: [String]) -> InputExpansion {
        var expansion = InputExpansion()
        var visited = Set<FileIdentity>()
        for path in paths {
            if path == "-" {
                expansion.files.append(InputFile(path: "-", format: forcedFormat ?? .jsonl))
                continue
            }
            var info = stat()
            guard stat(path, &info) == 0 else {
                expansion.problems.append(
                    IngestProblem(
                        "unreadable",
                        "cannot read: \(String(cString: strerror(errno)))",
                        category: .io,
                        at: SourceLocation(path: path)
                    )
                )
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                // A folder named on the command line is walked even through a link (as `find -H` does).
                var found: [String] = []
                walk(path, identity: FileIdentity(info), visited: &visited, into: &found, expansion: &expansion)
                for file in found.sorted() {
                    if Self.isSidecar(file) {
                        expansion.sidecars += 1
                    } else if let format = forcedFormat ?? InputFormat.guess(fromPath: file) {
                        expansion.files.append(InputFile(path: file, format: format))
                    } else {
                        expansion.ignored += 1
                    }
                }
            } else if Self.isSidecar(path) {
                // `scan pages/*` names the sidecars too: they are read with their pages.
                expansion.sidecars += 1
            } else if let format = forcedFormat ?? InputFormat.guess(fromPath: path) {
                expansion.files.append(InputFile(path: path, format: format))
            } else {
                expansion.problems.append(
                    IngestProblem(
                        "unsupported",
                        "unknown input type (this tool reads \(InputFormat.extensionsText); "
                            + "or name the format with --input-format)",
                        category: .unsupported,
                        at: SourceLocation(path: path)
                    )
                )
            }
        }
        return expansion
    }

    /// A file or folder as the file system knows it: device and inode.
    struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    private func walk(
        _ directory: String,
        identity: FileIdentity,
        visited: inout Set<FileIdentity>,
        into found: inout [String],
        expansion: inout InputExpansion
    ) {
        guard visited.insert(identity).inserted else { return }
        guard let handle = opendir(directory) else {
            expansion.problems.append(
                IngestProblem(
                    "unreadable",
                    "cannot list directory: \(String(cString: strerror(errno)))",
                    category: .io,
                    at: SourceLocation(path: directory)
                )
            )
            return
        }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || name.hasPrefix(".") { continue }
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                // What the link points at; a dangling link is no input.
                guard stat(path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR && !followLinks {
                    expansion.linksNotFollowed += 1
                    continue
                }
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                walk(path, identity: FileIdentity(info), visited: &visited, into: &found, expansion: &expansion)
            } else if (info.st_mode & S_IFMT) == S_IFREG {
                found.append(path)
            }
        }
    }

    /// Whether `path` is the sidecar of a page beside it: `PAGE.json` or `PAGE.url` where `PAGE` is an HTML
    /// or text file (`page.html.json`, `page.txt.url`; the page may be gzip-compressed: `page.html.gz`).
    public static func isSidecar(_ path: String) -> Bool {
        let lower = path.lowercased()
        let stem: String
        if lower.hasSuffix(".json") {
            stem = String(path.dropLast(5))
        } else if lower.hasSuffix(".url") {
            stem = String(path.dropLast(4))
        } else {
            return false
        }
        guard let format = InputFormat.guess(fromPath: stem), format == .html || format == .text else { return false }
        for candidate in stem.lowercased().hasSuffix(".gz") ? [stem] : [stem, stem + ".gz"] {
            var info = stat()
            if stat(candidate, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG { return true }
        }
        return false
    }

    /// Reads every record of `file`, calling `body` for each article or skipped record, in input order.
    public func read(_ file: InputFile, _ body: (IngestItem) throws -> Void) throws {
        try readUnits(file) { unit in try body(decode(unit)) }
    }

    /// Reads every record of `file` without decoding it, in input order: ``decode(_:)`` turns each into
    /// an article, on any thread.
    public func readUnits(_ file: InputFile, _ body: (RecordUnit) throws -> Void) throws {
        if file.format == .warc {
            try readWARC(path: file.path, body)
            return
        }
        let source: ByteSource
        do {
            source = GzipByteSource(try FileByteSource(path: file.path))
        } catch {
            try body(.item(.skipped(IngestProblem.wrapping(error, at: SourceLocation(path: file.path)))))
            return
        }
        switch file.format {
        case .jsonl: try readJSONL(source, path: file.path, body)
        case .text: try readText(source, path: file.path, body)
        case .html: try readHTML(source, path: file.path, body)
        case .warc: break
        }
    }

    /// Decodes a record read by ``readUnits(_:_:)``: a JSON record, a text file, an HTML page or an
    /// archive record becomes an article, or a skipped record with the reason.
    ///
    /// A NUL character in any field (`\u0000` in JSON, a stray byte in a page) becomes U+FFFD, as
    /// invalid UTF-8 does: C strings, terminals and many tools that read the database end a value at
    /// NUL, so a kept NUL would show a different value in each of them.
    public func decode(_ unit: RecordUnit) -> IngestItem {
        do {
            switch unit {
            case .item(let item):
                return item
            case .jsonLine(let bytes, let location):
                return .article(try decodeRecord(bytes, at: location).replacingNUL())
            case .textFile(let bytes, let path):
                return .article(try decodeText(bytes, path: path).replacingNUL())
            case .htmlFile(let bytes, let page):
                let article = try htmlDecoder.article(fromHTML: bytes, page: page)
                try limits.checkParagraphs(article.paragraphs.count, at: page.location)
                return .article(article.replacingNUL())
            case .warcRecord(let record, let path):
                let item = decodeWARCRecord(record, path: path)
                if case .article(let article) = item { return .article(article.replacingNUL()) }
                return item
            }
        } catch let problem as IngestProblem {
            return .skipped(problem)
        } catch {
            return .skipped(IngestProblem.wrapping(error, at: unit.location))
        }
    }

    func readJSONL(_ source: ByteSource, path: String, _ body: (RecordUnit) throws -> Void) throws {
        var lines = LineReader(source, maxLineLength: limits.maxPageBytes)
        var sawAny = false
        while true {
            let line: LineReader.Line?
            do {
                line = try lines.next()
            } catch {
                try body(
                    .item(
                        .skipped(
                            IngestProblem.wrapping(error, at: SourceLocation(path: path, line: lines.lineNumber + 1))
                        )
                    )
                )
                return
            }
            guard let line else { break }
            let location = SourceLocation(path: path, line: lines.lineNumber)
            switch line {
            case .tooLong(let count):
                sawAny = true
                try body(
                    .item(
                        .skipped(
                            IngestProblem(
                                "too-large",
                                "record of \(count) bytes is over the limit of \(limits.maxPageBytes) bytes",
                                at: location
                            )
                        )
                    )
                )
            case .text(var bytes):
                // A byte-order mark before the first record (editors on Windows write one) is no content.
                if lines.lineNumber == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                sawAny = true
                try body(.jsonLine(bytes, location))
            }
        }
        if !sawAny {
            try body(
                .item(
                    .skipped(IngestProblem("empty", "empty file: it holds no records", at: SourceLocation(path: path)))
                )
            )
        }
    }

    /// Decodes one JSONL record into an article.
    public func decodeRecord(_ bytes: [UInt8], at location: SourceLocation) throws -> Article {
        let hasNUL = bytes.withUnsafeBufferPointer { $0.isEmpty ? false : memchr($0.baseAddress!, 0, $0.count) != nil }
        if hasNUL {
            throw IngestProblem("binary", "binary data (NUL bytes), not a JSON record", at: location)
        }
        let object: [String: JSONValue]
        do {
            object = try JSONRecordParser.parseObject(bytes)
        } catch {
            let reason = error.message.hasPrefix("invalid UTF-8") ? "invalid-utf8" : "malformed-json"
            throw IngestProblem(reason, "\(error.message) at byte \(error.offset + 1)", at: location)
        }
        func string(_ key: String) throws -> String? {
            switch object[key] {
            case nil, .null?: return nil
            case .string(let value)?: return value
            case let other?:
                throw IngestProblem(
                    "bad-field",
                    "field \"\(key)\" must be a string, not \(other.typeName)",
                    at: location
                )
            }
        }
        func time(_ key: String) throws -> Timestamp? {
            switch object[key] {
            case nil, .null?: return nil
            case .number(let seconds)?:
                // Seconds since 1970, within the years 0000–9999 that ISO 8601 dates name (1e400 is infinite).
                guard seconds >= -62_167_219_200, seconds < 253_402_300_800 else {
                    throw IngestProblem(
                        "bad-date",
                        "field \"\(key)\" is out of range for a date (seconds since 1970): \(seconds)",
                        at: location
                    )
                }
                return Timestamp(secondsSinceEpoch: Int64(seconds))
            case .string(let text)?:
                if text.trimmed.isEmpty { return nil }
                guard let value = Timestamp(iso8601: text) else {
                    throw IngestProblem(
                        "bad-date",
                        "field \"\(key)\" is not an ISO 8601 date: \"\(text)\"",
                        at: location
                    )
                }
                return value
            case let other?:
                throw IngestProblem(
                    "bad-field",
                    "field \"\(key)\" must be a date string, not \(other.typeName)",
                    at: location
                )
            }
        }
        guard let url = try string("url")?.trimmed, !url.isEmpty else {
            throw IngestProblem("missing-url", "record has no \"url\"", at: location)
        }
        let site = try string("site")?.trimmed
        let title = try string("title")?.trimmed
        let byline = try string("byline")?.trimmed
        let published = try time("published")
        let fetched = try time("fetched")
        if let text = try string("text") {
            let paragraphs = Article.paragraphs(of: text)
            try limits.checkParagraphs(paragraphs.count, at: location)
            guard !paragraphs.isEmpty else {
                throw IngestProblem("no-text", "record has an empty \"text\"", at: location)
            }
            var article = Article(
                url: url,
                site: site.flatMap { $0.isEmpty ? nil : $0 },
                title: title,
                byline: byline,
                paragraphs: paragraphs,
                published: published,
                fetched: fetched,
                location: location
            )
            article.detectCredits()
            return article
        }
        if let html = try string("html") {
            // A JSON string is Unicode already: a `<meta charset>` left in the page must not decode it again
            // (a page once in Shift_JIS or KOI8-R would become mojibake).
            let page = PageInfo(
                url: url,
                site: site,
                title: title,
                byline: byline,
                published: published,
                fetched: fetched,
                charset: "utf-8",
                location: location
            )
            let article = try htmlDecoder.article(fromHTML: Array(html.utf8), page: page)
            try limits.checkParagraphs(article.paragraphs.count, at: location)
            return article
        }
        throw IngestProblem("no-text", "record has neither \"text\" nor \"html\"", at: location)
    }

    func readText(_ source: ByteSource, path: String, _ body: (RecordUnit) throws -> Void) throws {
        let location = SourceLocation(path: path)
        let bytes: [UInt8]
        do {
            bytes = try readAll(source, limit: limits.maxPageBytes, location: location)
        } catch let problem as IngestProblem {
            try body(.item(.skipped(problem)))
            return
        }
        try body(.textFile(bytes, path: path))
    }

    /// Decodes a plain-text article: the first non-empty line is the title, the rest the body.
    public func decodeText(_ bytes: [UInt8], path: String) throws -> Article {
        let location = SourceLocation(path: path)
        if bytes.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) {
            throw IngestProblem("empty", "the file is empty", at: location)
        }
        if bytes.prefix(8192).contains(0) {
            throw IngestProblem("binary", "binary file (NUL bytes), not text", at: location)
        }
        var content = bytes[...]
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
        guard let text = String(validating: content, as: UTF8.self) else {
            let offset =
                content.withContiguousStorageIfAvailable { buffer -> Int in
                    var index = 0
                    while index < buffer.count {
                        let (scalar, length) = decodeUTF8Scalar(buffer, index)
                        if scalar == nil { return index }
                        index += length
                    }
                    return 0
                } ?? 0
            throw IngestProblem("invalid-utf8", "invalid UTF-8 at byte \(offset + 1)", at: location)
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        guard let titleIndex = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw IngestProblem("empty", "the file is empty", at: location)
        }
        let title = String(lines[titleIndex].trimmingWhitespace())
        let body = lines[(titleIndex + 1)...].joined(separator: "\n")
        let paragraphs = Article.paragraphs(of: body)
        try limits.checkParagraphs(paragraphs.count, at: location)
        guard !paragraphs.isEmpty else {
            throw IngestProblem("no-text", "the file has a title line but no body text", at: location)
        }
        // The same sidecars as an HTML page's (`PAGE.txt.url`, `PAGE.txt.json`) give its address and dates.
        var page = PageInfo(url: path == "-" ? "stdin:" : Self.fileURL(for: path), location: location)
        Self.applySidecar(of: path, to: &page)
        var article = Article(
            url: page.url,
            site: page.site.flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed },
            title: title,
            paragraphs: paragraphs,
            published: page.published,
            fetched: page.fetched,
            location: location
        )
        article.detectCredits()
        return article
    }

    func readHTML(_ source: ByteSource, path: String, _ body: (RecordUnit) throws -> Void) throws {
        let location = SourceLocation(path: path)
        let unit: RecordUnit
        do {
            let bytes = try readAll(source, limit: limits.maxPageBytes, location: location)
            if bytes.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) {
                throw IngestProblem("empty", "the file is empty", at: location)
            }
            if bytes.prefix(8192).contains(0) && !bytes.starts(with: [0xFF, 0xFE]) && !bytes.starts(with: [0xFE, 0xFF])
            {
                throw IngestProblem("binary", "binary file (NUL bytes), not HTML", at: location)
            }
            var page = PageInfo(url: path == "-" ? "stdin:" : Self.fileURL(for: path), location: location)
            Self.applySidecar(of: path, to: &page)
            unit = .htmlFile(bytes, page)
        } catch let problem as IngestProblem {
            unit = .item(.skipped(problem))
        }
        try body(unit)
    }

    func readWARC(path: String, _ body: (RecordUnit) throws -> Void) throws {
        var reader: WARCReader
        do {
            reader = try WARCReader(path: path, maxPayloadBytes: limits.maxPageBytes)
        } catch {
            try body(.item(.skipped(IngestProblem.wrapping(error, at: SourceLocation(path: path)))))
            return
        }
        var events = 0
        while true {
            let event: WARCEvent?
            do {
                event = try reader.next()
            } catch {
                try body(.item(.skipped(IngestProblem.wrapping(error, at: SourceLocation(path: path)))))
                return
            }
            guard let event else {
                // An empty archive is skipped as every other empty input is (exit code 65).
                if events == 0 {
                    try body(
                        .item(
                            .skipped(
                                IngestProblem(
                                    "empty",
                                    "empty file: it holds no records",
                                    at: SourceLocation(path: path)
                                )
                            )
                        )
                    )
                }
                return
            }
            events += 1
            switch event {
            case .skipped(let type, _):
                try body(.item(.ignored(reason: "warc-\(type)")))
            case .problem(let problem):
                try body(.item(.skipped(problem)))
            case .record(let record):
                try body(.warcRecord(record, path: path))
            }
        }
    }

    /// An HTML response or resource record as an article; anything else is ignored.
    func decodeWARCRecord(_ record: WARCRecord, path: String) -> IngestItem {
        let location = SourceLocation(path: path, offset: record.offset)
        guard let url = record.targetURI, !url.isEmpty else {
            return .skipped(IngestProblem("missing-url", "WARC record has no WARC-Target-URI", at: location))
        }
        if let status = record.httpStatus, !(200..<300).contains(status) { return .ignored(reason: "http-\(status)") }
        let type = record.contentType ?? ""
        let looksHTML =
            ByteSearch.contains(type, "html")
            || type.isEmpty
                && record.payload.prefix(512).map({ $0 | 0x20 }).starts(with: Array("<!doctype html".utf8))
            || type.isEmpty && record.payload.prefix(512).contains(0x3C)
        guard looksHTML else { return .ignored(reason: "not-html") }
        var page = PageInfo(url: url, fetched: record.date, charset: record.charset, location: location)
        page.site = nil
        do {
            let article = try htmlDecoder.article(fromHTML: record.payload, page: page)
            try limits.checkParagraphs(article.paragraphs.count, at: location)
            return .article(article)
        } catch {
            return .skipped(IngestProblem.wrapping(error, at: location))
        }
    }

    /// Reads `PATH.url` or `PATH.json` beside an HTML or text file (also without a `.gz` ending).
    static func applySidecar(of path: String, to page: inout PageInfo) {
        guard path != "-" else { return }
        let stems = path.lowercased().hasSuffix(".gz") ? [path, String(path.dropLast(3))] : [path]
        for stem in stems {
            if let text = try? String(contentsOfFileAtPath: stem + ".url"), !text.trimmed.isEmpty {
                page.url = text.trimmed
                return
            }
            if let data = FileBytes.read(stem + ".json"),
                let object = try? JSONRecordParser.parseObject(data)
            {
                if case .string(let url)? = object["url"], !url.trimmed.isEmpty { page.url = url.trimmed }
                if case .string(let site)? = object["site"] { page.site = site }
                if case .string(let text)? = object["fetched"] { page.fetched = Timestamp(iso8601: text) }
                if case .string(let text)? = object["published"] { page.published = Timestamp(iso8601: text) }
                return
            }
        }
    }

    /// `file://` URL of a path, made absolute against the working directory.
    public static func fileURL(for path: String) -> String {
        var absolute = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: 4096)
            if getcwd(&buffer, buffer.count) != nil {
                let cwd = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                absolute = cwd + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
            }
        }
        return "file://" + absolute
    }

    func readAll(_ source: ByteSource, limit: Int, location: SourceLocation) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var total = 0
        while true {
            let count = try chunk.withUnsafeMutableBytes { buffer in
                try source.read(into: buffer)
            }
            if count == 0 { break }
            total += count
            if total > limit {
                // Drain without keeping, to report the real size.
                bytes.removeAll()
                while true {
                    let more = try chunk.withUnsafeMutableBytes { buffer in
                        try source.read(into: buffer)
                    }
                    if more == 0 { break }
                    total += more
                }
                throw IngestProblem(
                    "too-large",
                    "text of \(total) bytes is over the limit of \(limit) bytes",
                    at: location
                )
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}

extension RecordUnit {
    /// Where the record was read.
    public var location: SourceLocation {
        switch self {
        case .item(.article(let article)): article.location
        case .item(.skipped(let problem)): problem.location
        case .item(.ignored): SourceLocation(path: "")
        case .jsonLine(_, let location): location
        case .textFile(_, let path): SourceLocation(path: path)
        case .htmlFile(_, let page): page.location
        case .warcRecord(let record, let path): SourceLocation(path: path, offset: record.offset)
        }
    }

    /// Bytes of the record, for sizing work queues.
    public var byteCount: Int {
        switch self {
        case .item: 0
        case .jsonLine(let bytes, _), .textFile(let bytes, _), .htmlFile(let bytes, _): bytes.count
        case .warcRecord(let record, _): record.payload.count
        }
    }
}
