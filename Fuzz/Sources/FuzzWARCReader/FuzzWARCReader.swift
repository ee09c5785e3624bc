import FuzzSupport
import WiretraceIngest

/// libFuzzer entry: the bytes are a WARC file (plain or gzip), read to the end as `scan` does, with short
/// reads of varying size from the source and varying payload limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWARCReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    let maxRead = FuzzInput.pick([Int.max, Int.max, 1 << 12, 511, 61, 7], size: size)
    let maxPayload = FuzzInput.pick([WARCReader.defaultMaxPayloadBytes, 1 << 10, 100], size: size, salt: 1)
    let source = MemoryByteSource(bytes, name: "fuzz.warc", maxRead: maxRead)
    var reader = WARCReader(source, maxPayloadBytes: maxPayload)
    var events = 0
    while true {
        let event: WARCEvent?
        do {
            event = try reader.next()
        } catch {
            // The reader throws only when its source fails, and this one never does.
            preconditionFailure("WARC reader threw \(error)")
        }
        guard let event else { break }
        events += 1
        // Every event consumes input; far more events than bytes means the reader is going round in circles.
        precondition(events <= 2 * size + 16, "\(events) events from \(size) bytes")
        if case .record(let record) = event {
            precondition(record.payload.count <= maxPayload, "payload of \(record.payload.count) bytes")
        }
    }
    return 0
}

/// The symbol SwiftPM binds `main` to; see Package.swift.
@_cdecl("FuzzWARCReader_main")
public func fuzzWARCReaderMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzWARCReader)
}
