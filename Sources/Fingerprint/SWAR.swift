/// Byte-parallel tests on eight ASCII bytes packed in a `UInt64` ("SIMD within a register").
///
/// Every mask has the high bit of a byte set where the byte passes the test. The tests are exact for
/// bytes below 0x80; callers handle bytes with the high bit set separately (``nonASCII(_:)``).
@usableFromInline
enum SWAR {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080
    @usableFromInline static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// Bytes with the high bit set (not ASCII).
    @inlinable @inline(__always)
    static func nonASCII(_ x: UInt64) -> UInt64 { x & highs }

    /// Bytes ≥ `c`.
    @inlinable @inline(__always)
    static func atLeast(_ x: UInt64, _ c: UInt8) -> UInt64 {
        ((x & lows) &+ UInt64(0x80 &- c) &* ones) & highs
    }

    /// Bytes ≤ `c`.
    @inlinable @inline(__always)
    static func atMost(_ x: UInt64, _ c: UInt8) -> UInt64 {
        ~((x & lows) &+ UInt64(0x7F &- c) &* ones) & highs
    }

    /// Bytes in `low...high`.
    @inlinable @inline(__always)
    static func inRange(_ x: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
        atLeast(x, low) & atMost(x, high)
    }

    /// Bytes equal to `c`.
    @inlinable @inline(__always)
    static func equal(_ x: UInt64, _ c: UInt8) -> UInt64 {
        let y = (x & lows) ^ (UInt64(c) &* ones)
        return ~((y &+ lows) | y | lows) & ~x & highs
    }

    // Cheaper forms for ASCII chunks: with every byte below 0x80 no addition carries into the next
    // byte. A byte with the high bit set may carry into the bytes above it (later in memory), so the
    // results stay exact for every byte before the first non-ASCII one.

    /// Bytes ≤ `c` of an ASCII chunk.
    @inlinable @inline(__always)
    static func asciiAtMost(_ x: UInt64, _ c: UInt8) -> UInt64 {
        ~(x &+ UInt64(0x7F &- c) &* ones) & highs
    }

    /// Bytes in `low...high` of an ASCII chunk.
    @inlinable @inline(__always)
    static func asciiInRange(_ x: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
        (x &+ UInt64(0x80 &- low) &* ones) & ~(x &+ UInt64(0x7F &- high) &* ones) & highs
    }

    /// Bytes equal to `c` of an ASCII chunk.
    @inlinable @inline(__always)
    static func asciiEqual(_ x: UInt64, _ c: UInt8) -> UInt64 {
        ~((x ^ UInt64(c) &* ones) &+ lows) & highs
    }

    /// The high bits of a mask, one bit per byte (bit *i* for byte *i*): a multiplication gathers them
    /// into the top byte.
    @inlinable @inline(__always)
    static func bitmask(_ mask: UInt64) -> UInt64 {
        ((mask >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    /// Mask keeping the first `count` bytes (0...8).
    @inlinable @inline(__always)
    static func firstBytes(_ count: Int) -> UInt64 {
        count >= 8 ? UInt64.max : (UInt64(1) << UInt64(count &* 8)) &- 1
    }

    /// Loads 8 bytes at `pointer` (unaligned, little-endian).
    @inlinable @inline(__always)
    static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    /// Stores 8 bytes at `pointer` (unaligned, little-endian).
    @inlinable @inline(__always)
    static func store(_ value: UInt64, _ pointer: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value.littleEndian, as: UInt64.self)
    }
}
