/// Substring search over UTF-8 bytes: the hot credit-line checks run on every page, and Foundation's
/// `range(of:)` bridges through `NSString` for each call.
enum TextSearch {
    /// Byte offset of the first occurrence of `needle` in `haystack` that starts before `limit`.
    /// - Complexity: O(*n* · *m*) worst case; needles here are a few bytes long.
    static func firstOffset(of needle: [UInt8], in haystack: [UInt8], before limit: Int = .max) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        let last = min(haystack.count - needle.count, limit - 1)
        guard last >= 0 else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pattern in
                var start = 0
                while start <= last {
                    if hay[start] == first {
                        var matched = 1
                        while matched < pattern.count && hay[start + matched] == pattern[matched] { matched += 1 }
                        if matched == pattern.count { return start }
                    }
                    start += 1
                }
                return nil
            }
        }
    }

    /// The range of the first occurrence of `needle` in `text` (compared byte for byte).
    static func firstRange(of needle: String, in text: String) -> Range<String.Index>? {
        let bytes = Array(text.utf8)
        guard let offset = firstOffset(of: Array(needle.utf8), in: bytes) else { return nil }
        let lower = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
        let upper = text.utf8.index(lower, offsetBy: needle.utf8.count)
        return lower..<upper
    }
}
