import Foundation

/// Little-endian packing of integer arrays into BLOB columns.
enum BlobCoding {
    static func data(_ values: [UInt32]) -> Data {
        var data = Data(count: values.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: value.littleEndian, toByteOffset: index * 4, as: UInt32.self)
            }
        }
        return data
    }

    static func data(_ values: [UInt64]) -> Data {
        var data = Data(count: values.count * 8)
        data.withUnsafeMutableBytes { raw in
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: value.littleEndian, toByteOffset: index * 8, as: UInt64.self)
            }
        }
        return data
    }

    /// The `uint32` array of a blob's bytes; empty for NULL.
    static func uint32s(_ bytes: UnsafeRawBufferPointer?) -> [UInt32] {
        bytes.map { decode($0, as: UInt32.self) } ?? []
    }

    /// The `uint64` array of a blob's bytes; empty for NULL.
    static func uint64s(_ bytes: UnsafeRawBufferPointer?) -> [UInt64] {
        bytes.map { decode($0, as: UInt64.self) } ?? []
    }

    /// Byte values as runs: each run is its value and its length as a LEB128 varint. Shingle flags are
    /// mostly zero, in long runs (a quotation, a stretch without figures).
    static func runLengthEncoded(_ values: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = 0
        while index < values.count {
            let value = values[index]
            var end = index + 1
            while end < values.count && values[end] == value { end += 1 }
            bytes.append(value)
            var length = end - index
            while length >= 0x80 {
                bytes.append(UInt8(length & 0x7F) | 0x80)
                length >>= 7
            }
            bytes.append(UInt8(length))
            index = end
        }
        return bytes
    }

    /// The values of ``runLengthEncoded(_:)``; empty for NULL or a malformed blob, and at most
    /// `limit` values (a damaged length cannot make it allocate more).
    static func runLengthDecoded(_ data: UnsafeRawBufferPointer?, limit: Int) -> [UInt8] {
        guard let data else { return [] }
        var values: [UInt8] = []
        var index = 0
        while index < data.count {
            let value = data[index]
            index += 1
            var length = 0
            var shift = 0
            while true {
                guard index < data.count, shift < 35 else { return [] }
                let byte = data[index]
                index += 1
                length |= Int(byte & 0x7F) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
            }
            guard values.count + length <= limit else { return [] }
            values.append(contentsOf: repeatElement(value, count: length))
        }
        return values
    }

    /// The numbers of a comma-separated list of decimal ids (a TEXT column's bytes); empty for NULL.
    /// Anything but digits separates numbers.
    static func decimalList(_ data: UnsafeRawBufferPointer?) -> [Int64] {
        guard let data else { return [] }
        var values: [Int64] = []
        var current: Int64 = 0
        var inNumber = false
        for byte in data {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                current = current &* 10 &+ Int64(byte &- UInt8(ascii: "0"))
                inNumber = true
            } else if inNumber {
                values.append(current)
                current = 0
                inNumber = false
            }
        }
        if inNumber { values.append(current) }
        return values
    }

    /// Whole little-endian values of `data`, copied in one go on a little-endian machine.
    private static func decode<T: FixedWidthInteger>(_ raw: UnsafeRawBufferPointer, as: T.Type) -> [T] {
        let count = raw.count / MemoryLayout<T>.size
        return [T](unsafeUninitializedCapacity: count) { out, initialized in
            if count > 0 {
                if T(littleEndian: 1) == 1 {
                    UnsafeMutableRawBufferPointer(out).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: raw[..<(count * MemoryLayout<T>.size)])
                    )
                } else {
                    for index in 0..<count {
                        out[index] = T(
                            littleEndian: raw.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self)
                        )
                    }
                }
            }
            initialized = count
        }
    }
}
