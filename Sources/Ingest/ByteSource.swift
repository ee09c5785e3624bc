import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes read in chunks: a file, standard input, or a decompressor over either.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Name used in messages.
    var name: String { get }
}

/// Bytes of a file (or standard input) through POSIX `read`.
public final class FileByteSource: ByteSource {
    public let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    /// Opens `path` for reading; "-" is standard input.
    public init(path: String) throws {
        name = path
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
            return
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw IngestProblem(
                "unreadable",
                "cannot open: \(String(cString: strerror(errno)))",
                category: .io,
                at: SourceLocation(path: path)
            )
        }
        descriptor = fd
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            #if canImport(Glibc)
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            #else
            let count = Darwin.read(descriptor, buffer.baseAddress, buffer.count)
            #endif
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw IngestProblem(
                "unreadable",
                "read failed: \(String(cString: strerror(errno)))",
                category: .io,
                at: SourceLocation(path: name)
            )
        }
    }
}

/// Decompresses a gzip stream made of one or more members (as `.jsonl.gz` and `.warc.gz` files are),
/// with the system zlib. A stream that is not gzip at all is passed through unchanged.
public final class GzipByteSource: ByteSource {
    public let name: String
    private let inner: ByteSource
    private var stream = z_stream()
    private var input: [UInt8]
    private var inputStart = 0
    private var inputEnd = 0
    private var innerExhausted = false
    private var inMember = false
    private var passthrough = false
    private var decided = false
    /// Compressed bytes consumed so far, for offsets in messages.
    public private(set) var compressedOffset = 0

    public init(_ inner: ByteSource, bufferSize: Int = 1 << 16) {
        self.inner = inner
        self.name = inner.name
        self.input = [UInt8](repeating: 0, count: bufferSize)
    }

    deinit {
        if inMember { inflateEnd(&stream) }
    }

    private func fill() throws {
        if inputStart == inputEnd, !innerExhausted {
            let count = try input.withUnsafeMutableBytes { buffer in
                try inner.read(into: buffer)
            }
            inputStart = 0
            inputEnd = count
            if count == 0 { innerExhausted = true }
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        try fill()
        if !decided {
            decided = true
            passthrough = !(inputEnd - inputStart >= 2 && input[inputStart] == 0x1F && input[inputStart + 1] == 0x8B)
        }
        if passthrough {
            guard inputEnd > inputStart else { return 0 }
            let count = min(buffer.count, inputEnd - inputStart)
            input.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + inputStart, byteCount: count)
            }
            inputStart += count
            compressedOffset += count
            return count
        }
        var produced = 0
        while produced == 0 {
            try fill()
            if !inMember {
                guard inputEnd > inputStart else { return 0 }  // clean end after a whole member
                stream = z_stream()
                guard wiretrace_inflateInit2(&stream, 15 + 16) == Z_OK else {
                    throw IngestProblem("gzip", "zlib could not start inflating", category: .io, at: location)
                }
                inMember = true
            }
            if inputEnd == inputStart, innerExhausted {
                throw IngestProblem(
                    "truncated-gzip",
                    "gzip stream ends in the middle of a member",
                    at: location
                )
            }
            let available = inputEnd - inputStart
            let status: Int32 = input.withUnsafeMutableBytes { source in
                stream.next_in = source.baseAddress!.assumingMemoryBound(to: UInt8.self) + inputStart
                stream.avail_in = UInt32(available)
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + produced
                stream.avail_out = UInt32(buffer.count - produced)
                return inflate(&stream, Z_NO_FLUSH)
            }
            let consumed = available - Int(stream.avail_in)
            inputStart += consumed
            compressedOffset += consumed
            produced = buffer.count - Int(stream.avail_out)
            switch status {
            case Z_STREAM_END:
                inflateEnd(&stream)
                inMember = false
                try fill()
                // Anything after a member that is not another gzip member is trailing garbage.
                if inputEnd > inputStart, input[inputStart] != 0x1F {
                    throw IngestProblem(
                        "corrupt-gzip",
                        "unexpected bytes after gzip member at compressed offset \(compressedOffset)",
                        at: location
                    )
                }
                if produced > 0 { return produced }
            case Z_OK, Z_BUF_ERROR:
                if produced == 0, consumed == 0, inputEnd == inputStart, innerExhausted {
                    throw IngestProblem(
                        "truncated-gzip",
                        "gzip stream ends in the middle of a member",
                        at: location
                    )
                }
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw IngestProblem(
                    "corrupt-gzip",
                    "corrupt gzip data near compressed offset \(compressedOffset): \(detail)",
                    at: location
                )
            }
        }
        return produced
    }

    private var location: SourceLocation { SourceLocation(path: name, offset: compressedOffset) }
}
