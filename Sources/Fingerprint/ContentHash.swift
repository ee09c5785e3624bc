import CCrypto

/// SHA-256 of a document's normalised text: two documents with equal content hashes are exact copies.
public struct ContentHash: Sendable, Hashable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Wraps a 32-byte digest.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Parses 64 hexadecimal digits.
    public init?(hex: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let h = Self.nibble(high), let l = Self.nibble(low) else { return nil }
            bytes.append(h << 4 | l)
        }
        self.init(bytes: bytes)
    }

    /// The SHA-256 implementation, fetched once: with `EVP_sha256()` libcrypto looks it up on every call.
    /// Fetched implementations are immutable and safe to share between threads.
    private nonisolated(unsafe) static let algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    /// SHA-256 of `data` through libcrypto.
    public static func sha256(_ data: UnsafeRawBufferPointer) -> ContentHash {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digest in
            var length: UInt32 = 0
            let ok = EVP_Digest(
                data.baseAddress,
                data.count,
                digest.baseAddress,
                &length,
                algorithm ?? EVP_sha256(),
                nil
            )
            precondition(ok == 1 && length == 32, "libcrypto failed to compute SHA-256")
            // Appending to a reserved array is specialised; `Array(repeating:count:)` is not.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(32)
            bytes.append(contentsOf: UnsafeBufferPointer(digest))
            return ContentHash(bytes: bytes)!
        }
    }

    /// SHA-256 of a byte array.
    public static func sha256(_ data: [UInt8]) -> ContentHash {
        data.withUnsafeBytes { sha256($0) }
    }

    /// Lower-case hexadecimal digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
}
