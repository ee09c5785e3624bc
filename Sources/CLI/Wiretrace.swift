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
            Exit codes: 0 success; 1 'check' found no copy; 2 'check' failed; 64 usage error; \
            65 bad input data (bad records are skipped, good ones stored); 74 I/O error (unreadable \
            input, database cannot be opened or written, damaged database, disk full); 75 database busy; \
            78 database built with other fingerprint parameters.
            """,
        version: "0.1.0",
        subcommands: [Scan.self, Check.self, Report.self, Extract.self, Export.self, Stats.self]
    )
}

/// Exit codes, after BSD sysexits.
enum Exit {
    static let noMatch = ExitCode(1)
    static let checkFailed = ExitCode(2)
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

    func open(
        _ mode: SQLiteStore.Mode,
        parameters: FingerprintParameters? = nil,
        indexMergeInterval: Int = 65_536
    ) throws -> SQLiteStore {
        do {
            return try SQLiteStore(
                path: resolvedPath,
                mode: mode,
                requestedParameters: parameters,
                bandKeyMergeInterval: indexMergeInterval
            )
        } catch let error as StoreError {
            Diagnostics.error(error.description)
            throw Exit.code(for: error)
        }
    }
}

/// How inputs are read.
struct InputOptions: ParsableArguments {
    @Option(help: "Input format for every input (jsonl, text, html, warc); default: from the file extension.")
    var format: InputFormatOption?

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
        return InputReader(
            limits: IngestLimits(maxPageBytes: maxPageBytes, maxParagraphs: maxParagraphs),
            forcedFormat: format?.format,
            htmlDecoder: ArticleExtractor()
        )
    }
}

enum InputFormatOption: String, ExpressibleByArgument, CaseIterable {
    case jsonl, text, html, warc
    var format: InputFormat { InputFormat(rawValue: rawValue)! }
}

/// Messages on standard error.
enum Diagnostics {
    static func error(_ message: String) {
        Diagnostics.raw("wiretrace: error: \(message)\n")
    }

    static func note(_ message: String) {
        Diagnostics.raw("wiretrace: \(message)\n")
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

    /// Writes `text` to standard error as is.
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
