#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search over UTF-8 bytes, for the short fixed phrases credit lines and bylines are checked
/// for on every page (Foundation's `range(of:)` bridges through `NSString` for each call).
public enum ByteSearch {
    /// Offset of the first occurrence of `needle` in `haystack` that starts before `limit`.
    /// - Complexity: O(*n* · *m*) worst case; the needles are a few bytes long.
    public static func firstOffset(
        of needle: UnsafeBufferPointer<UInt8>,
        in haystack: UnsafeBufferPointer<UInt8>,
        before limit: Int = .max
    ) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count, let base = haystack.baseAddress else {
            return nil
        }
        let last = min(haystack.count - needle.count, limit - 1)
        var start = 0
        while start <= last {
            // The C library's byte search skips to the next candidate start many bytes at a time.
            guard let found = memchr(base + start, Int32(first), last - start + 1) else { return nil }
            let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var matched = 1
            while matched < needle.count && haystack[offset + matched] == needle[matched] { matched += 1 }
            if matched == needle.count { return offset }
            start = offset + 1
        }
        return nil
    }

    /// ``firstOffset(of:in:before:)`` for byte arrays.
    public static func firstOffset(of needle: [UInt8], in haystack: [UInt8], before limit: Int = .max) -> Int? {
        needle.withUnsafeBufferPointer { needle in
            haystack.withUnsafeBufferPointer { firstOffset(of: needle, in: $0, before: limit) }
        }
    }

    /// True when `haystack` holds `needle`.
    public static func contains(_ haystack: [UInt8], _ needle: StaticString) -> Bool {
        haystack.withUnsafeBufferPointer { firstOffset(of: bytes(of: needle), in: $0) } != nil
    }

    /// True when `text` holds `needle`, compared byte for byte (no bridging through `NSString`).
    /// - Complexity: O(*n* · *m*); the needles are a few bytes long.
    @inlinable
    public static func contains(_ text: some StringProtocol, _ needle: StaticString) -> Bool {
        withUTF8(of: text) { firstOffset(of: bytes(of: needle), in: $0) } != nil
    }

    /// True when `text` holds the string `needle`, compared byte for byte.
    @inlinable
    public static func contains(_ text: some StringProtocol, substring needle: some StringProtocol) -> Bool {
        withUTF8(of: needle) { needle in withUTF8(of: text) { firstOffset(of: needle, in: $0) } } != nil
    }

    /// The range of the first occurrence of `needle` in `text`, compared byte for byte.
    public static func firstRange(of needle: String, in text: String) -> Range<String.Index>? {
        guard let offset = withUTF8(of: needle, { needle in withUTF8(of: text) { firstOffset(of: needle, in: $0) } })
        else { return nil }
        let lower = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
        return lower..<text.utf8.index(lower, offsetBy: needle.utf8.count)
    }

    /// The bytes of a literal.
    @inlinable
    static func bytes(of literal: StaticString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
    }

    /// Calls `body` with the UTF-8 bytes of `text`: in place when the string stores them contiguously
    /// (native strings and their substrings), else copied once.
    @inlinable
    static func withUTF8<R>(of text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }
}
