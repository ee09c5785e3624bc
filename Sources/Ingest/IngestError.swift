/// Why a record or a whole input was not ingested.
public struct IngestProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Broad class of a problem; it decides the exit code of a command.
    public enum Category: String, Sendable {
        /// The bytes were read but are not a usable article (exit code 65).
        case data
        /// The input could not be read at all (exit code 74).
        case io
        /// The input is of a kind this tool does not read (exit code 65).
        case unsupported
    }

    /// Short machine-friendly reason, used to count skips ("malformed-json", "missing-url" …).
    public var reason: String
    /// What went wrong, in words.
    public var message: String
    public var category: Category
    public var location: SourceLocation

    public init(_ reason: String, _ message: String, category: Category = .data, at location: SourceLocation) {
        self.reason = reason
        self.message = message
        self.category = category
        self.location = location
    }

    public var description: String { "\(location): \(message)" }

    /// `error` itself when it is an ingest problem, otherwise an I/O problem with its description.
    public static func wrapping(_ error: any Error, at location: SourceLocation) -> IngestProblem {
        if let problem = error as? IngestProblem { return problem }
        return IngestProblem("io", "\(error)", category: .io, at: location)
    }
}
