import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive claim on a database for scanning, held while a scan runs.
///
/// Two scans on one database would interleave their batches (SQLite keeps the file sound either way),
/// but their progress records and their order of documents would mix; so the second one stops at
/// once with a clear message instead. The claim is an advisory `flock` on `DATABASE.scan-lock`: the
/// operating system drops it when the process ends, however it ends, so a killed scan never leaves a
/// stale lock behind.
public final class ScanLock: @unchecked Sendable {
    let descriptor: Int32
    public let path: String

    /// Takes the claim, or throws ``StoreError`` (kind `busy`) naming the process that holds it.
    public init(database: String) throws {
        path = database + ".scan-lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError(
                .readOnly,
                path: database,
                "cannot create the scan lock \(path): \(String(cString: strerror(errno)))"
            )
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.holder(descriptor)
            close(descriptor)
            throw StoreError(
                .busy,
                path: database,
                "another scan is writing to this database\(holder.map { " (\($0))" } ?? ""); "
                    + "wait for it to finish, or stop it and scan again (it resumes where it stopped)"
            )
        }
        let note = "pid \(getpid()), since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(descriptor, 0)
        _ = note.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// What the holder wrote in the lock file ("pid 123, since …").
    static func holder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
