#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to write output: a full disk, a closed pipe, a file that cannot be made.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    /// Where the output went ("standard output" or the file's path).
    public var destination: String
    /// `errno` of the failed call.
    public var code: Int32

    public var description: String { "cannot write \(destination): \(String(cString: strerror(code)))" }

    /// Whether the reader went away (a closed pipe, as `wiretrace export | head` makes).
    public var isBrokenPipe: Bool { code == EPIPE }
}

/// Output written through `write(2)` with every call checked, to standard output or to a file.
///
/// `print` drops write errors: `export > /dev/full` used to exit 0 with nothing written. Every write,
/// the last flush and, for a file, `fsync` and `close` are checked here and fail with ``OutputError``.
/// A file is written beside its final path under a temporary name and renamed over it once complete,
/// so that a failed or interrupted write never leaves a truncated report where the old one was.
public final class TextOutput {
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let bufferSize = 1 << 16
    /// Where the output goes, for messages.
    public let destination: String
    /// The final path of a file output, and the temporary one written until ``close()``.
    private let finalPath: String?
    private let temporaryPath: String?
    private var closed = false

    /// Output to standard output (not closed by ``close()``, only flushed).
    public init() {
        descriptor = 1
        destination = "standard output"
        finalPath = nil
        temporaryPath = nil
    }

    /// Output to a new file at `path`, which replaces any file there once ``close()`` succeeds.
    public init(file path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError(destination: path, code: errno) }
        destination = path
        finalPath = path
        temporaryPath = temporary
    }

    deinit {
        // Not closed: an error was thrown on the way. Leave the old file as it was.
        if !closed, let temporaryPath {
            _ = systemClose(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Appends `text`.
    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= bufferSize { try flush() }
    }

    /// Appends `text` and a line feed.
    public func writeLine(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= bufferSize { try flush() }
    }

    /// Writes out what is buffered.
    public func flush() throws {
        var offset = 0
        try buffer.withUnsafeBytes { bytes in
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw OutputError(destination: destination, code: errno)
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes; for a file, syncs it to disk, closes it and moves it to its final path.
    public func close() throws {
        guard !closed else { return }
        try flush()
        closed = true
        guard let finalPath, let temporaryPath else { return }
        defer { unlink(temporaryPath) }
        // A full disk may show only here (delayed allocation, network file systems).
        if fsync(descriptor) != 0 {
            let code = errno
            _ = systemClose(descriptor)
            throw OutputError(destination: finalPath, code: code)
        }
        if systemClose(descriptor) != 0 { throw OutputError(destination: finalPath, code: errno) }
        if rename(temporaryPath, finalPath) != 0 { throw OutputError(destination: finalPath, code: errno) }
    }
}

/// `close(2)` and `write(2)`, which the methods of the same names hide.
@inline(__always) private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
@inline(__always) private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
