/// Whole-file reads (sidecars, single pages).
public enum FileBytes {
    /// The (decompressed, when gzip) bytes of `path`, or nil when it cannot be read.
    public static func readAll(_ path: String, limit: Int = 256 << 20) -> [UInt8]? {
        guard let file = try? FileByteSource(path: path) else { return nil }
        let source = GzipByteSource(file)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            guard let count = try? chunk.withUnsafeMutableBytes({ try source.read(into: $0) }) else { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit { return nil }
        }
    }

    /// The bytes of `path`, or nil when it cannot be read or is larger than `limit`.
    static func read(_ path: String, limit: Int = 1 << 20) -> [UInt8]? {
        guard let source = try? FileByteSource(path: path) else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 14)
        while true {
            guard let count = try? chunk.withUnsafeMutableBytes({ try source.read(into: $0) }) else { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit { return nil }
        }
    }
}

extension String {
    /// The UTF-8 text of a small file.
    init(contentsOfFileAtPath path: String) throws {
        guard let bytes = FileBytes.read(path) else {
            throw IngestProblem("unreadable", "cannot read", category: .io, at: SourceLocation(path: path))
        }
        self = String(decoding: bytes, as: UTF8.self)
    }
}
