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
        let phrase = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        return haystack.withUnsafeBufferPointer { firstOffset(of: phrase, in: $0) } != nil
    }

    /// True when `text` holds `needle`, compared byte for byte (no bridging through `NSString`).
    /// - Complexity: O(*n* · *m*); the needles are a few bytes long.
    public static func contains(_ text: some StringProtocol, _ needle: StaticString) -> Bool {
        let phrase = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        if let found = text.utf8.withContiguousStorageIfAvailable({ firstOffset(of: phrase, in: $0) != nil }) {
            return found
        }
        return Array(text.utf8).withUnsafeBufferPointer { firstOffset(of: phrase, in: $0) } != nil
    }

    /// The range of the first occurrence of `needle` in `text`, compared byte for byte.
    public static func firstRange(of needle: String, in text: String) -> Range<String.Index>? {
        guard let offset = firstOffset(of: Array(needle.utf8), in: Array(text.utf8)) else { return nil }
        let lower = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
        return lower..<text.utf8.index(lower, offsetBy: needle.utf8.count)
    }
}
