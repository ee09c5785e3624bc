#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into lines (LF or CRLF) without ever holding more than `maxLineLength`
/// bytes of one line: a longer line is skipped and reported by its length.
public struct LineReader {
    /// One line, or the length of a line that was too long to keep.
    public enum Line {
        case text([UInt8])
        case tooLong(byteCount: Int)
    }

    private let source: ByteSource
    private let maxLineLength: Int
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var exhausted = false
    /// Number of the line most recently returned (1-based).
    public private(set) var lineNumber = 0

    public init(_ source: ByteSource, maxLineLength: Int, chunkSize: Int = 1 << 16) {
        self.source = source
        self.maxLineLength = maxLineLength
        self.buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    /// Returns the next line without its terminator, or nil at the end of input.
    public mutating func next() throws -> Line? {
        var collected: [UInt8] = []
        var overflow = 0
        while true {
            if start == end {
                if exhausted { break }
                let count = try buffer.withUnsafeMutableBytes { raw in
                    try source.read(into: raw)
                }
                start = 0
                end = count
                if count == 0 {
                    exhausted = true
                    break
                }
            }
            let newline = buffer.withUnsafeBufferPointer { bytes -> Int in
                guard let found = memchr(bytes.baseAddress! + start, 0x0A, end - start) else { return -1 }
                return UnsafeRawPointer(found) - UnsafeRawPointer(bytes.baseAddress!)
            }
            let chunkEnd = newline >= 0 ? newline : end
            let length = chunkEnd - start
            if overflow > 0 || collected.count + length > maxLineLength {
                overflow += collected.count + length
                collected.removeAll()
            } else if collected.isEmpty && newline >= 0 {
                // A whole line in the buffer: one allocation of its size.
                collected = Array(buffer[start..<chunkEnd])
            } else {
                collected.append(contentsOf: buffer[start..<chunkEnd])
            }
            start = newline >= 0 ? newline + 1 : end
            if newline >= 0 {
                lineNumber += 1
                return finish(collected, overflow: overflow)
            }
        }
        if collected.isEmpty && overflow == 0 { return nil }
        lineNumber += 1
        return finish(collected, overflow: overflow)
    }

    private func finish(_ line: [UInt8], overflow: Int) -> Line {
        if overflow > 0 { return .tooLong(byteCount: overflow) }
        var line = line
        if line.last == 0x0D { line.removeLast() }
        return .text(line)
    }
}
