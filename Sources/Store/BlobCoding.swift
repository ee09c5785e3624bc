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

    static func uint32s(_ data: Data) -> [UInt32] {
        let count = data.count / 4
        return data.withUnsafeBytes { raw in
            (0..<count).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
    }

    static func uint64s(_ data: Data) -> [UInt64] {
        let count = data.count / 8
        return data.withUnsafeBytes { raw in
            (0..<count).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
    }
}
