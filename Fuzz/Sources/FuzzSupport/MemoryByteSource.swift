import WiretraceIngest

/// Bytes held in memory as a `ByteSource`, handed out at most `maxRead` bytes per call so that readers
/// see short reads and refill their buffers at arbitrary points.
public final class MemoryByteSource: ByteSource {
    public let name: String
    private let bytes: [UInt8]
    private let maxRead: Int
    private var position = 0

    public init(_ bytes: [UInt8], name: String = "fuzz-input", maxRead: Int = .max) {
        self.bytes = bytes
        self.name = name
        self.maxRead = max(1, maxRead)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, maxRead, bytes.count - position)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + position, byteCount: count)
        }
        position += count
        return count
    }
}

/// Fuzz input helpers.
public enum FuzzInput {
    /// The input as an array (libFuzzer's buffer is only valid during the call).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// A deterministic pick from `options` by the input's size and a salt per decision, so that every
    /// input replays exactly and the mutator reaches each option by changing the length.
    public static func pick<T>(_ options: [T], size: Int, salt: Int = 0) -> T {
        options[(size &+ salt &* 7) % options.count]
    }
}
