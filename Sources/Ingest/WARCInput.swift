import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the decoded WARC stream stops being continuous: a corrupt or truncated gzip member, or bytes
/// between members that are not gzip at all. Decoding resumes at the next gzip member after it.
struct WARCStreamBreak {
    enum Kind {
        case corrupt
        case truncated
        case garbage
    }

    var kind: Kind
    /// File offset where the damage starts (the member, or the first unexpected byte).
    var fileOffset: Int
    var detail: String
}

/// The decoded bytes of a WARC file (plain, or gzip with any number of members) as a sliding window over
/// stream positions, with the file offset of every gzip member start.
///
/// The parser names the earliest position it still needs (`anchor`); the window keeps bytes from there on
/// and grows only as far as one record needs. Positions are offsets in the decoded stream.
final class WARCInput {
    enum Status {
        case ready
        /// The input is fully read.
        case end
        /// A break (`pendingBreak`) must be acknowledged before more bytes come.
        case interrupted
    }

    let name: String
    private let source: ByteSource
    private(set) var isGzip = false
    private var decided = false
    private var finished = false

    /// Decoded bytes; `window[i]` is at stream position `base + i`.
    private(set) var window: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var base = 0
    private var count = 0
    /// Earliest stream position the reader still needs; bytes before it may be dropped.
    var anchor = 0
    private let chunkSize: Int

    /// Raw file bytes; `raw[i]` is at file offset `rawBase + i`.
    private var raw: UnsafeMutablePointer<UInt8>
    private var rawCapacity: Int
    private let readSize: Int
    private var rawBase = 0
    private var rawStart = 0
    private var rawEnd = 0
    private var rawExhausted = false
    /// Raw bytes of the current member kept behind the read point (at most), so that the next member can be
    /// found after a broken one whose decoding ran into it.
    private let history = 1 << 20

    private let stream: UnsafeMutablePointer<z_stream>
    private var inMember = false
    private var memberOffset = 0
    /// After a broken member: look for the next member header without reporting the bytes skipped.
    private var resynchronising = false
    /// Stream positions where gzip members start, with their file offsets (ascending).
    private var marks: [(position: Int, fileOffset: Int)] = []
    private var markHead = 0
    private(set) var pendingBreak: WARCStreamBreak?

    init(_ source: ByteSource, windowSize: Int = 1 << 20, rawSize: Int = 4 << 20, chunkSize: Int = 1 << 16) {
        self.source = source
        self.name = source.name
        self.chunkSize = max(chunkSize, 16)
        self.capacity = max(windowSize, self.chunkSize * 2)
        self.window = .allocate(capacity: capacity)
        self.readSize = max(rawSize, 16)
        self.rawCapacity = readSize
        self.raw = .allocate(capacity: rawCapacity)
        self.stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
    }

    deinit {
        if inMember { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        window.deallocate()
        raw.deallocate()
    }

    /// Stream position just after the last decoded byte.
    var end: Int { base + count }

    /// The decoded byte at `position` (which must be in `anchor..<end`, or at least `base..<end`).
    @inline(__always)
    func byte(at position: Int) -> UInt8 { window[position - base] }

    /// Pointer to the byte at `position`; valid until the next call that reads input.
    @inline(__always)
    func pointer(at position: Int) -> UnsafeMutablePointer<UInt8> { window + (position - base) }

    /// Makes the window reach `position` (exclusive) if the input allows.
    func ensure(_ position: Int) throws -> Status {
        while end < position {
            let status = try produce()
            if status != .ready { return status }
        }
        return .ready
    }

    /// File offset to report for a record starting at stream `position`: the record itself in a plain
    /// file, the gzip member that holds its first byte otherwise.
    func fileOffset(of position: Int) -> Int {
        guard isGzip else { return position }
        var index = marks.count - 1
        while index > markHead, marks[index].position > position { index -= 1 }
        return index >= 0 ? marks[index].fileOffset : 0
    }

    /// Whether a gzip member starts exactly at stream `position`.
    func isMemberStart(_ position: Int) -> Bool {
        guard isGzip else { return false }
        var index = marks.count - 1
        while index >= markHead, marks[index].position > position { index -= 1 }
        return index >= markHead && marks[index].position == position
    }

    /// Drops everything decoded so far and lets decoding continue after the break.
    func acknowledgeBreak() {
        pendingBreak = nil
        base = end
        count = 0
        anchor = base
        pruneMarks()
    }

    // MARK: - Producing decoded bytes

    private func produce() throws -> Status {
        if pendingBreak != nil { return .interrupted }
        if finished { return .end }
        if !decided {
            decided = true
            _ = try ensureRaw(2)
            isGzip = rawEnd - rawStart >= 2 && raw[rawStart] == 0x1F && raw[rawStart + 1] == 0x8B
        }
        makeRoom()
        return isGzip ? try inflateSome() : try copySome()
    }

    private func copySome() throws -> Status {
        let free = capacity - count
        if rawStart < rawEnd {
            let n = min(free, rawEnd - rawStart)
            (window + count).update(from: raw + rawStart, count: n)
            rawStart += n
            count += n
            return .ready
        }
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: window + count, count: free))
        if n == 0 {
            finished = true
            return .end
        }
        count += n
        return .ready
    }

    private func inflateSome() throws -> Status {
        while true {
            if !inMember {
                let status = try startMember()
                if status != .ready { return status }
            }
            if rawStart == rawEnd, !(try readRaw()) {
                fail(.truncated, "gzip member at offset \(memberOffset) is truncated")
                return .interrupted
            }
            let available = rawEnd - rawStart
            let free = min(capacity - count, 1 << 30)
            stream.pointee.next_in = raw + rawStart
            stream.pointee.avail_in = UInt32(available)
            stream.pointee.next_out = window + count
            stream.pointee.avail_out = UInt32(free)
            let status = inflate(stream, Z_NO_FLUSH)
            rawStart += available - Int(stream.pointee.avail_in)
            let produced = free - Int(stream.pointee.avail_out)
            count += produced
            switch status {
            case Z_STREAM_END:
                inflateEnd(stream)
                inMember = false
                resynchronising = false
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                fail(.corrupt, "corrupt gzip member at offset \(memberOffset): \(detail)")
                return produced > 0 ? .ready : .interrupted
            }
            if produced > 0 { return .ready }
        }
    }

    /// At a member boundary: starts the next member, or skips bytes that are not one (a break).
    private func startMember() throws -> Status {
        if !(try ensureRaw(1)) {
            finished = true
            return .end
        }
        _ = try ensureRaw(4)
        if !resynchronising, rawEnd - rawStart >= 3, raw[rawStart] == 0x1F, raw[rawStart + 1] == 0x8B,
            raw[rawStart + 2] == 0x08
        {
            return try begin()
        }
        // Not a member here: find the next plausible header.
        let garbageOffset = rawBase + rawStart
        var skipped = 0
        while true {
            if rawEnd - rawStart < 4, !(try ensureRaw(4)) {
                skipped += rawEnd - rawStart
                rawStart = rawEnd
                break
            }
            if Self.plausibleHeader(raw + rawStart, count: rawEnd - rawStart), skipped > 0 || resynchronising {
                break
            }
            // Jump to the next 0x1F byte.
            let from = rawStart + 1
            if let hit = memchr(raw + from, 0x1F, rawEnd - from) {
                let index = raw.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                skipped += index - rawStart
                rawStart = index
            } else {
                skipped += rawEnd - rawStart
                rawStart = rawEnd
            }
        }
        if resynchronising {
            resynchronising = false
            if rawStart == rawEnd {
                finished = true
                return .end
            }
            return try begin()
        }
        let what = rawStart == rawEnd ? "at the end of the file" : "before the next gzip member"
        pendingBreak = WARCStreamBreak(
            kind: .garbage,
            fileOffset: garbageOffset,
            detail: "\(skipped) bytes at offset \(garbageOffset) are not gzip data (\(what))"
        )
        return .interrupted
    }

    private func begin() throws -> Status {
        stream.pointee = z_stream()
        guard wiretrace_inflateInit2(stream, 15 + 16) == Z_OK else {
            throw IngestProblem("gzip", "zlib could not start inflating", category: .io, at: SourceLocation(path: name))
        }
        inMember = true
        memberOffset = rawBase + rawStart
        if let last = marks.last, last.position == end {
            marks[marks.count - 1] = (end, memberOffset)
        } else {
            marks.append((end, memberOffset))
        }
        return .ready
    }

    /// A gzip member header: 1f 8b, deflate, no reserved flag bits.
    private static func plausibleHeader(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) -> Bool {
        count >= 4 && bytes[0] == 0x1F && bytes[1] == 0x8B && bytes[2] == 0x08 && bytes[3] & 0xE0 == 0
    }

    /// Ends the current member as broken and arranges to look for the next member right after its start.
    private func fail(_ kind: WARCStreamBreak.Kind, _ detail: String) {
        inflateEnd(stream)
        inMember = false
        pendingBreak = WARCStreamBreak(kind: kind, fileOffset: memberOffset, detail: detail)
        rawStart = min(max(memberOffset + 1 - rawBase, 0), rawEnd)
        resynchronising = true
    }

    // MARK: - Buffers

    /// Makes free space in the window: drops bytes before `anchor` when that pays, grows otherwise.
    private func makeRoom() {
        if capacity - count >= chunkSize { return }
        let drop = min(max(anchor - base, 0), count)
        if drop > 0, drop * 2 >= count {
            let keep = count - drop
            if keep > 0 { window.update(from: window + drop, count: keep) }
            base += drop
            count = keep
            pruneMarks()
        }
        if capacity - count < chunkSize {
            let grown = max(capacity * 2, count + chunkSize)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            bigger.update(from: window, count: count)
            window.deallocate()
            window = bigger
            capacity = grown
        }
    }

    /// Forgets member starts before the window, keeping the one that covers its first byte.
    private func pruneMarks() {
        while markHead + 1 < marks.count, marks[markHead + 1].position <= base { markHead += 1 }
        if markHead > 64, markHead * 2 > marks.count {
            marks.removeFirst(markHead)
            markHead = 0
        }
    }

    /// Makes at least `needed` unread raw bytes available if the file has them; false when it has none left.
    private func ensureRaw(_ needed: Int) throws -> Bool {
        while rawEnd - rawStart < needed {
            if !(try readRaw()) { break }
        }
        return rawEnd > rawStart
    }

    /// Reads more raw bytes; false at the end of the file.
    private func readRaw() throws -> Bool {
        if rawExhausted { return false }
        if rawCapacity - rawEnd < readSize / 4 {
            var keep = rawStart
            if inMember { keep = max(min(memberOffset - rawBase, rawStart), rawStart - history, 0) }
            if keep > 0 {
                let kept = rawEnd - keep
                if kept > 0 { raw.update(from: raw + keep, count: kept) }
                rawBase += keep
                rawStart -= keep
                rawEnd = kept
            }
            if rawCapacity - rawEnd < readSize / 4 {
                let grown = rawEnd + readSize
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
                bigger.update(from: raw, count: rawEnd)
                raw.deallocate()
                raw = bigger
                rawCapacity = grown
            }
        }
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: raw + rawEnd, count: rawCapacity - rawEnd))
        if n == 0 {
            rawExhausted = true
            return false
        }
        rawEnd += n
        return true
    }
}
