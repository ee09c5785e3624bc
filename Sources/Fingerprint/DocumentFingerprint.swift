/// Everything the matcher needs to know about one document's text.
public struct DocumentFingerprint: Sendable, Equatable {
    /// SHA-256 of the normalised text (paragraphs joined by newlines).
    public var contentHash: ContentHash
    /// Number of words.
    public var wordCount: Int
    /// 32-bit shingle hashes in text order, one per shingle position (duplicates kept, so a position
    /// maps to a place in the text).
    public var shingles: [UInt32]
    /// For each paragraph, the index of its first word (also the position of its first shingle).
    public var paragraphStarts: [UInt32]
    /// For each paragraph, a hash of its normalised words (0 for a paragraph without words).
    public var paragraphHashes: [UInt64]
    /// MinHash signature of the shingle set.
    public var signature: [UInt32]
    /// Locality-sensitive band keys: document bands and passage-window bins, without duplicates.
    public var bandKeys: [Int64]
    /// For each shingle position, its ``ShingleFlags`` (raw values).
    public var shingleFlags: [UInt8]

    public init(
        contentHash: ContentHash,
        wordCount: Int,
        shingles: [UInt32],
        paragraphStarts: [UInt32],
        paragraphHashes: [UInt64],
        signature: [UInt32],
        bandKeys: [Int64],
        shingleFlags: [UInt8]
    ) {
        self.contentHash = contentHash
        self.wordCount = wordCount
        self.shingles = shingles
        self.paragraphStarts = paragraphStarts
        self.paragraphHashes = paragraphHashes
        self.signature = signature
        self.bandKeys = bandKeys
        self.shingleFlags = shingleFlags
    }

    /// True when the text has no words at all.
    public var isEmpty: Bool { wordCount == 0 }

    /// Index of the paragraph that contains shingle position `position`.
    /// - Complexity: O(log *p*) in the number of paragraphs.
    public func paragraph(containing position: Int) -> Int {
        var low = 0
        var high = paragraphStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if Int(paragraphStarts[mid]) <= position { low = mid } else { high = mid - 1 }
        }
        return max(low, 0)
    }
}
