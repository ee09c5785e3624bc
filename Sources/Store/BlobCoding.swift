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
