/// Why a database could not be opened or written.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// No database file where one was expected.
        case notFound
        /// The file is not a SQLite database, or it is damaged.
        case corrupt
        /// The database or its folder cannot be written.
        case readOnly
        /// The disk is full.
        case full
        /// The database was built with other fingerprint parameters or policy.
        case parameterMismatch
        /// The database was made by a newer wiretrace.
        case newerSchema
        /// The file is a SQLite database of another application: wiretrace neither reads nor changes it.
        case foreign
        /// Another process holds the database for writing.
        case busy
        /// Any other SQLite failure.
        case other
    }

    public var kind: Kind
    public var path: String
    public var message: String

    public init(_ kind: Kind, path: String, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
