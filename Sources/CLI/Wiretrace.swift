import ArgumentParser
import WiretraceDetection
import WiretraceExtraction
import WiretraceFingerprint
import WiretraceIngest
import WiretracePipeline
import WiretraceReports
import WiretraceStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct Wiretrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wiretrace",
        abstract: "Find the same news story republished across outlets and record how it spread.",
        discussion: """
            Every command that reads or writes the database takes --db PATH (default: $WIRETRACE_DB, else \
            ./wiretrace.sqlite). --format names what a command prints and --json is short for its JSON \
            form; --input-format names what scan, check and extract read.

            Exit codes: 0 success; 1 'check' found no copy, 'report' found nothing; 2 'check' failed; \
            3 'check': the article is the earliest known copy of a stored story; 64 usage error; \
            65 bad input data (bad records are skipped, good ones stored); 74 I/O error (unreadable \
            input, output or database cannot be written, damaged or foreign database, disk full); \
            75 database busy; 78 database built with other fingerprint parameters; 130 interrupted.
            """,
        version: "0.1.0",
        subcommands: [Scan.self, Check.self, Report.self, Extract.self, Export.self, Stats.self]
    )
}

/// Exit codes, after BSD sysexits.
enum Exit {
    static let noMatch = ExitCode(1)
    static let checkFailed = ExitCode(2)
    /// `check`: the article is the earliest known copy of a stored story.
    static let original = ExitCode(3)
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let ioError = ExitCode(74)
    static let busy = ExitCode(75)
    static let config = ExitCode(78)

    static func code(for error: StoreError) -> ExitCode {
        switch error.kind {
        case .parameterMismatch: config
        case .busy: busy
        default: ioError
        }
    }
}

/// Where the database is.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: "Database file (default: $WIRETRACE_DB, else ./wiretrace.sqlite)."
    )
    var path: String?

    var resolvedPath: String {
        if let path { return path }
        if let value = getenv("WIRETRACE_DB"), let text = String(validatingCString: value), !text.isEmpty {
            return text
        }
        return "wiretrace.sqlite"
    }

    /// Opens the database; `exclusive` takes the scan's claim on it (a second scan is refused).
    func open(
        _ mode: SQLiteStore.Mode,
        parameters: FingerprintParameters? = nil,
        indexMergeInterval: Int = 65_536,
        exclusive: Bool = false
    ) throws -> SQLiteStore {
        do {
            return try SQLiteStore(
                path: resolvedPath,
                mode: mode,
                requestedParameters: parameters,
                bandKeyMergeInterval: indexMergeInterval,
                exclusive: exclusive
            )
        } catch let error as StoreError {
            Diagnostics.error(error.description)
            throw Exit.code(for: error)
        }
    }
}

/// How inputs are read.
struct InputOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Input format for every input (default: from each file's name; txt is the same as text).",
            valueName: "format"
        )
    )
    var inputFormat: InputFormatOption?

    @Flag(help: "Follow links to directories inside folders (each folder is read once, so link loops end).")
    var follow = false

    @Option(help: "Largest record or text file read, in bytes; larger ones are skipped.")
    var maxPageBytes: Int = 16 << 20

    @Option(help: "Most paragraphs in one article; articles with more are skipped.")
    var maxParagraphs: Int = 5_000

    func validate() throws {
        guard maxPageBytes >= 1024 else { throw ValidationError("--max-page-bytes must be at least 1024") }
        guard maxParagraphs >= 1 else { throw ValidationError("--max-paragraphs must be at least 1") }
    }

    var reader: InputReader {
        Diagnostics.warnAboutSuffixList()
        var reader = InputReader(
            limits: IngestLimits(maxPageBytes: maxPageBytes, maxParagraphs: maxParagraphs),
            forcedFormat: inputFormat?.format,
            htmlDecoder: ArticleExtractor()
        )
        reader.followLinks = follow
        return reader
    }

    /// Expands the inputs, saying on standard error how many links to directories were not followed
    /// (the caller reports the inputs that cannot be read, as its command's convention says).
    func expand(_ reader: InputReader, _ inputs: [String]) -> InputExpansion {
        let expansion = reader.expansion(of: inputs)
        if expansion.linksNotFollowed > 0 {
            Diagnostics.note(
                "\(expansion.linksNotFollowed) \(expansion.linksNotFollowed == 1 ? "link" : "links") to "
                    + "directories not followed (use --follow to read them)"
            )
        }
        return expansion
    }
}

struct InputFormatOption: ExpressibleByArgument {
    var format: InputFormat

    init?(argument: String) {
        guard let format = InputFormat(name: argument) else { return nil }
        self.format = format
    }

    static var allValueStrings: [String] { ["jsonl", "text", "txt", "html", "warc"] }
}

/// What a command prints: `--format NAME`, or `--json` for its JSON form. One convention for every
/// command; the names a command takes are its `Format`'s.
protocol OutputFormatChoice: ExpressibleByArgument, CaseIterable, Equatable {
    /// The JSON form (`--json`).
    static var json: Self { get }
}

extension OutputFormatChoice {
    /// The format chosen by `--format` and `--json` together (they must agree).
    static func chosen(_ format: Self?, json: Bool, default fallback: Self) throws -> Self {
        if json, let format, format != Self.json {
            throw ValidationError("--json and --format \(format) disagree; give one of them")
        }
        return json ? Self.json : format ?? fallback
    }
}

/// `text` or `json`, for scan, check, stats and extract.
enum TextOrJSON: String, OutputFormatChoice {
    case text, json

    init?(argument: String) {
        // An input format given here is a mistake worth naming.
        if InputFormat(name: argument) != nil && argument != "json" {
            Diagnostics.error("--format names what is printed (text or json); for the input format use --input-format")
            return nil
        }
        self.init(rawValue: argument)
    }
}

/// Messages on standard error.
enum Diagnostics {
    /// An error message; its control characters (from file names, record contents) are shown escaped.
    static func error(_ message: String) {
        Diagnostics.raw("wiretrace: error: \(TerminalText.safe(message))\n")
    }

    static func note(_ message: String) {
        Diagnostics.raw("wiretrace: \(TerminalText.safe(message))\n")
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Says once that sites are host names because the public suffix list is missing.
    static func warnAboutSuffixList() {
        let list = PublicSuffixList.shared
        if let reason = list.fallbackReason {
            note(
                "warning: public suffix list unavailable (\(reason)); sites are host names without www. "
                    + "Install Debian's publicsuffix package or set \(PublicSuffixList.environmentVariable)."
            )
        }
    }

    /// Writes `text` to standard error as is: for the tool's own text (the progress line's carriage
    /// return and erase sequence); messages go through ``error(_:)`` and ``note(_:)``.
    static func raw(_ text: String) {
        var copy = text
        copy.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}

/// Standard output, every write checked (``TextOutput``): a full disk or a closed pipe is an error.
enum Output {
    nonisolated(unsafe) static let standard = TextOutput()

    /// Writes `text` and a line feed to standard output.
    static func line(_ text: String) throws {
        try standard.writeLine(text)
    }

    /// Runs `body`, then flushes standard output; a failed write ends the command with `code` (74 unless
    /// a command's convention says otherwise) and a message, or quietly when the reader went away.
    static func checked(failing code: ExitCode = Exit.ioError, _ body: () throws -> Void) throws {
        do {
            try body()
            try standard.flush()
        } catch let error as OutputError {
            if error.isBrokenPipe { throw ExitCode(141) }
            Diagnostics.error(error.description)
            throw code
        }
    }
}

/// Ctrl-C: a message saying what was kept, then exit code 130 (as a shell reports a process ended by
/// SIGINT). A scan commits its documents batch by batch, so one interrupted resumes where it stopped.
enum Interruption {
    /// Installs the handler; `message` is written to standard error when Ctrl-C comes.
    static func install(message: String) {
        let bytes = Array(("\nwiretrace: interrupted; " + message + "\n").utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        pending = UnsafeBufferPointer(buffer)
        // A parent may have started the process with SIGINT blocked (the mask survives exec): unblock it
        // here, before the scan starts its threads, which inherit the mask.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        signal(SIGINT) { _ in
            // Only async-signal-safe calls here: write(2) and _exit(2).
            if let message = Interruption.pending { _ = write(2, message.baseAddress, message.count) }
            _exit(130)
        }
    }

    /// The message, made before the signal can come (the handler may not allocate).
    nonisolated(unsafe) static var pending: UnsafeBufferPointer<UInt8>?
}
