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
/// once with a clear message instead. The claim is an advisory `flock` on the database file itself —
/// not on a file named after its path — so a second scan that reaches the same file through a symbolic
/// link, a hard link or another spelling of its path is refused too. The operating system drops the
/// claim when the process ends, however it ends, so a killed scan never leaves a stale lock behind,
/// and no file is left beside the database.
///
/// `flock` locks and the `fcntl` locks SQLite takes on the same file do not interact (on Linux and the
/// BSDs, local file systems). One rule follows from POSIX `fcntl` locks, though: closing *any*
/// descriptor of a file drops every `fcntl` lock the process holds on it, so the claim must be
/// released only after the process's SQLite connections to the file are closed. ``SQLiteStore`` owns
/// the claim it is opened with (`exclusive: true`) and keeps that order.
public final class ScanLock: @unchecked Sendable {
    private var descriptor: Int32
    /// The database file.
    public let path: String
    /// Whether taking the claim created the (empty) database file.
    public let createdFile: Bool

    /// Opens (creating it when missing) the database file and takes the claim, or throws ``StoreError``:
    /// kind `busy` naming the process that holds it, kind `readOnly` when the file cannot be opened for
    /// writing.
    public init(database: String) throws {
        path = database
        var created = true
        var descriptor = open(database, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == EEXIST {
            created = false
            descriptor = open(database, O_RDWR | O_CLOEXEC)
        }
        guard descriptor >= 0 else {
            throw StoreError(.readOnly, path: database, "cannot be written (\(String(cString: strerror(errno))))")
        }
        var info = stat()
        if fstat(descriptor, &info) != 0 || (info.st_mode & S_IFMT) != S_IFREG {
            close(descriptor)
            throw StoreError(.readOnly, path: database, "is not a regular file")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.holder(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            close(descriptor)
            throw StoreError(
                .busy,
                path: database,
                "another scan is writing to this database\(holder.map { " (pid \($0))" } ?? ""); "
                    + "wait for it to finish, or stop it and scan again (it resumes where it stopped)"
            )
        }
        self.descriptor = descriptor
        self.createdFile = created
    }

    /// Drops the claim. Call it only once the process's connections to the database are closed (see the
    /// type's notes); it is called on release of the lock too. Idempotent.
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// The process holding a `flock` on the file with this device and inode, from `/proc/locks` (Linux;
    /// nil elsewhere or when it cannot be told).
    static func holder(device: UInt64, inode: UInt64) -> Int32? {
        guard let bytes = FileManager.default.contents(atPath: "/proc/locks") else { return nil }
        // "1: FLOCK  ADVISORY  WRITE 1234 08:01:123456 0 EOF": major and minor in hex, inode in decimal.
        let major = UInt64((device >> 8) & 0xfff) | UInt64((device >> 32) & ~0xfff)
        let minor = UInt64(device & 0xff) | UInt64((device >> 12) & ~0xff)
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK" else { continue }
            let place = fields[5].split(separator: ":")
            guard place.count == 3, UInt64(place[0], radix: 16) == major, UInt64(place[1], radix: 16) == minor,
                UInt64(place[2]) == inode
            else { continue }
            return Int32(fields[4])
        }
        return nil
    }
}
