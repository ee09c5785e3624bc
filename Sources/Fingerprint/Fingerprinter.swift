/// Turns article paragraphs into a ``DocumentFingerprint``: normalise, split into words, hash words,
/// build word *k*-shingles, then MinHash, band keys and the content hash.
///
/// Pure and thread-safe: no I/O, no shared mutable state.
public struct Fingerprinter: Sendable {
    /// The parameters every fingerprint is made with.
    public let parameters: FingerprintParameters
    /// Document-level banding derived from the parameters' LSH threshold.
    public let banding: LSHParameters

    static let documentBandTag: UInt64 = 0x646F_6362_616E_6400  // "docband"
    static let windowBandTag: UInt64 = 0x7769_6E64_6F77_0000  // "window"
    static let densificationTag: UInt64 = 0x6465_6E73_6500_0000  // "dense"
    static let paragraphTag: UInt64 = 0x7061_7261_0000_0000  // "para"

    public init(parameters: FingerprintParameters = .standard) {
        precondition(parameters.problems.isEmpty, parameters.problems.joined(separator: "; "))
        self.parameters = parameters
        self.banding = LSHParameters.optimal(
            threshold: parameters.lshThreshold,
            signatureSize: parameters.signatureSize
        )
    }

    /// Fingerprints a document given as paragraphs.
    /// - Complexity: O(*n*) in the length of the text, plus O(*k*) for the signature.
    public func fingerprint(paragraphs: [String]) -> DocumentFingerprint {
        var capacity = paragraphs.count
        for paragraph in paragraphs { capacity += paragraph.utf8.count }
        var normalized = ByteBuffer(capacity: capacity + 16)
        var wordHashes: [UInt64] = []
        wordHashes.reserveCapacity(capacity / 5)
        var paragraphStarts: [UInt32] = []
        var paragraphHashes: [UInt64] = []
        paragraphStarts.reserveCapacity(paragraphs.count)
        paragraphHashes.reserveCapacity(paragraphs.count)
        let seed = parameters.seed
        for paragraph in paragraphs {
            if normalized.count > 0 { normalized.append(0x0A) }
            let start = normalized.count
            let firstWord = wordHashes.count
            TextNormalizer.append(paragraph, to: &normalized)
            if normalized.count == start, start > 0 { normalized.count -= 1 }  // empty paragraph
            let slice = UnsafeBufferPointer(rebasing: normalized.bytes[min(start, normalized.count)...])
            Tokenizer.appendWordHashes(in: slice, seed: seed, to: &wordHashes, overread: true)
            paragraphStarts.append(UInt32(firstWord))
            let paragraphHash: UInt64 =
                wordHashes.count == firstWord
                ? 0
                : wordHashes.withUnsafeBufferPointer {
                    XXHash64.combine(UnsafeBufferPointer(rebasing: $0[firstWord...]), seed: seed ^ Self.paragraphTag)
                }
            paragraphHashes.append(paragraphHash)
        }
        let contentHash = ContentHash.sha256(UnsafeRawBufferPointer(normalized.bytes))
        let shingleHashes = shingles(of: wordHashes)
        let signature = shingleHashes.withUnsafeBufferPointer {
            MinHash.signature(of: $0, size: parameters.signatureSize, seed: seed ^ Self.densificationTag)
        }
        var keys = documentBandKeys(signature: signature, empty: shingleHashes.isEmpty)
        keys.append(contentsOf: windowBandKeys(shingles: shingleHashes, paragraphStarts: paragraphStarts))
        keys.sort()
        var unique = 0
        for index in keys.indices where index == 0 || keys[index] != keys[unique - 1] {
            keys[unique] = keys[index]
            unique += 1
        }
        keys.removeSubrange(unique...)
        let stored = [UInt32](unsafeUninitializedCapacity: shingleHashes.count) { out, initialized in
            for (index, hash) in shingleHashes.enumerated() { out[index] = UInt32(truncatingIfNeeded: hash >> 32) }
            initialized = shingleHashes.count
        }
        return DocumentFingerprint(
            contentHash: contentHash,
            wordCount: wordHashes.count,
            shingles: stored,
            paragraphStarts: paragraphStarts,
            paragraphHashes: paragraphHashes,
            signature: signature,
            bandKeys: keys
        )
    }

    /// 64-bit hashes of word *k*-shingles: one per start position; a text shorter than *k* words has
    /// one shingle of all its words, an empty text none.
    ///
    /// A shingle's hash is a polynomial of its word hashes, Σ wⱼ·Bᵏ⁻¹⁻ʲ (mod 2⁶⁴), finished with XXH64's
    /// avalanche. The polynomial rolls from one position to the next with two multiplications, so the
    /// cost per word does not grow with *k*; word order matters, as it should.
    /// - Complexity: O(*n*).
    public func shingles(of words: [UInt64]) -> [UInt64] {
        guard !words.isEmpty else { return [] }
        let width = min(parameters.shingleSize, words.count)
        let count = words.count - width + 1
        let seed = parameters.seed ^ (UInt64(width) &* XXHash64.prime3)
        let base = Self.shingleBase
        var top: UInt64 = 1  // B^(width-1)
        for _ in 1..<max(width, 1) { top = top &* base }
        return [UInt64](unsafeUninitializedCapacity: count) { out, initialized in
            words.withUnsafeBufferPointer { words in
                var rolling: UInt64 = 0
                for index in 0..<width { rolling = rolling &* base &+ words[index] }
                out[0] = XXHash64.avalanche(rolling ^ seed)
                var position = 1
                while position < count {
                    rolling = (rolling &- words[position - 1] &* top) &* base &+ words[position + width - 1]
                    out[position] = XXHash64.avalanche(rolling ^ seed)
                    position += 1
                }
            }
            initialized = count
        }
    }

    /// Odd multiplier of the shingle polynomial.
    static let shingleBase: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// One key per band of `rows` consecutive signature values.
    func documentBandKeys(signature: [UInt32], empty: Bool) -> [Int64] {
        guard !empty else { return [] }
        let rows = banding.rows
        var keys: [Int64] = []
        keys.reserveCapacity(banding.bands)
        var values = [UInt64](repeating: 0, count: rows)
        for band in 0..<banding.bands {
            for row in 0..<rows { values[row] = UInt64(signature[band * rows + row]) }
            let key = values.withUnsafeBufferPointer {
                XXHash64.combine($0, seed: parameters.seed ^ Self.documentBandTag &+ UInt64(band))
            }
            keys.append(Int64(bitPattern: key))
        }
        return keys
    }

    /// Passage windows: for each paragraph (in order, at most `maxWindows`), the shingles that lie wholly
    /// inside it, at most `windowSize` of them; a long paragraph gets further windows every `windowSize`
    /// shingles. A short paragraph quoted elsewhere (a roundup quoting a one-sentence lead) yields the
    /// same window there, because shingles running into the next paragraph are left out.
    public func windows(shingleCount: Int, paragraphStarts: [UInt32]) -> [Range<Int>] {
        let size = parameters.windowSize
        let k = parameters.shingleSize
        guard shingleCount > 0, parameters.maxWindows > 0 else { return [] }
        var result: [Range<Int>] = []
        let starts = paragraphStarts.isEmpty ? [0] : paragraphStarts.map(Int.init)
        for (index, start) in starts.enumerated() where start < shingleCount {
            let nextStart = index + 1 < starts.count ? starts[index + 1] : shingleCount + k - 1
            // Shingles starting at p cover words p..<p+k: inside the paragraph while p + k <= nextStart.
            let end = min(shingleCount, nextStart - k + 1)
            var position = start
            while position < end && result.count < parameters.maxWindows {
                let windowEnd = min(position + size, end)
                if windowEnd - position >= 4 || (result.isEmpty && windowEnd > position) {
                    result.append(position..<windowEnd)
                }
                position += size
            }
            if result.count >= parameters.maxWindows { break }
        }
        if result.isEmpty { result.append(0..<min(size, shingleCount)) }
        return result
    }

    /// Keys of every passage window: its MinHash bins taken two at a time (one key per pair of bins),
    /// so a key depends on the pair and its values only, and the same passage gives the same keys
    /// wherever it stands in a document.
    ///
    /// Pairs rather than single bins: a single bin is usually the minimum of one sentence, so texts that
    /// share a sentence or a stock phrase (quotes, filler, boilerplate) would all share keys, and a
    /// large archive would hand every document thousands of candidates. Two bins agree by chance about
    /// J² as often, while a copied passage keeps both.
    func windowBandKeys(shingles: [UInt64], paragraphStarts: [UInt32]) -> [Int64] {
        let bins = parameters.windowBins
        let windows = windows(shingleCount: shingles.count, paragraphStarts: paragraphStarts)
        var keys: [Int64] = []
        keys.reserveCapacity(windows.count * ((bins + 1) / 2))
        var minimum = [UInt32](repeating: 0, count: bins)
        var filled = [Bool](repeating: false, count: bins)
        let binCount = UInt64(bins)
        for window in windows {
            for bin in 0..<bins { filled[bin] = false }
            for position in window {
                let hash = shingles[position]
                let bin = Int(((hash & 0xFFFF_FFFF) &* binCount) >> 32)
                let value = UInt32(truncatingIfNeeded: hash >> 32)
                if !filled[bin] || value < minimum[bin] {
                    minimum[bin] = value
                    filled[bin] = true
                }
            }
            var first = 0
            while first < bins {
                let second = first + 1
                guard filled[first] || second < bins && filled[second] else {
                    first += 2
                    continue
                }
                let low = filled[first] ? UInt64(minimum[first]) : 0xFFFF_FFFF
                let high = second < bins && filled[second] ? UInt64(minimum[second]) : 0xFFFF_FFFF
                let key = XXHash64.mix(
                    high << 32 | low,
                    seed: parameters.seed ^ Self.windowBandTag ^ UInt64(first)
                )
                keys.append(Int64(bitPattern: key))
                first += 2
            }
        }
        return keys
    }
}
