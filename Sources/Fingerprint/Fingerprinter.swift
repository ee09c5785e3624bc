/// Turns article paragraphs into a ``DocumentFingerprint``: normalise, split into words, hash words,
/// build word *k*-shingles, then MinHash, band keys and the content hash.
///
/// Pure and thread-safe: no I/O, no shared mutable state.
public struct Fingerprinter: Sendable {
    /// The parameters every fingerprint is made with.
    public let parameters: FingerprintParameters
    /// Document-level banding derived from the parameters' LSH threshold.
    public let banding: LSHParameters
    /// Hashes of the month and weekday names (``ShingleFlags/figure``).
    let figureWords: FigureWords

    static let documentBandTag: UInt64 = 0x646F_6362_616E_6400  // "docband"
    static let windowBandTag: UInt64 = 0x7769_6E64_6F77_0000  // "window"
    static let densificationTag: UInt64 = 0x6465_6E73_6500_0000  // "dense"
    static let paragraphTag: UInt64 = 0x7061_7261_0000_0000  // "para"
    static let anchorTag: UInt64 = 0x616E_6368_6F72_0000  // "anchor"
    /// Fewest shingle positions a paragraph holds for its anchors to be indexed.
    static let anchorParagraphPositions = 15

    public init(parameters: FingerprintParameters = .standard) {
        precondition(parameters.problems.isEmpty, parameters.problems.joined(separator: "; "))
        self.parameters = parameters
        self.banding = LSHParameters.optimal(
            threshold: parameters.lshThreshold,
            signatureSize: parameters.signatureSize
        )
        self.figureWords = FigureWords(seed: parameters.seed)
    }

    /// Fingerprints a document given as paragraphs.
    ///
    /// One pass per stage over scratch memory: the normalised text and the word hashes live in unsafe
    /// buffers, bins and keys on the stack, and only the arrays of the result are allocated.
    /// - Complexity: O(*n*) in the length of the text, plus O(*k*) for the signature.
    public func fingerprint(paragraphs: [String]) -> DocumentFingerprint {
        // Paragraphs by index: the element copies of a `for in` loop cost extra retains.
        var capacity = paragraphs.count
        for index in paragraphs.indices { capacity += paragraphs[index].utf8.count }
        var normalized = ByteBuffer(capacity: capacity + 16)
        var wordBuffer = HashBuffer(capacity: capacity / 5 + 16)
        var paragraphStarts: [UInt32] = []
        paragraphStarts.reserveCapacity(paragraphs.count)
        var paragraphBytes: [Range<Int>] = []
        paragraphBytes.reserveCapacity(paragraphs.count)
        let seed = parameters.seed
        for index in paragraphs.indices {
            if normalized.count > 0 { normalized.append(0x0A) }
            let start = normalized.count
            paragraphStarts.append(UInt32(wordBuffer.count))
            TextNormalizer.append(paragraphs[index], to: &normalized)
            if normalized.count == start, start > 0 { normalized.count -= 1 }  // empty paragraph
            let begin = min(start, normalized.count)
            paragraphBytes.append(begin..<normalized.count)
            let slice = UnsafeBufferPointer(rebasing: normalized.bytes[begin...])
            Tokenizer.appendWordHashes(in: slice, seed: seed, to: &wordBuffer, overread: true)
        }
        let contentHash = ContentHash.sha256(UnsafeRawBufferPointer(normalized.bytes))
        let words = wordBuffer.values
        let shingleCount = words.isEmpty ? 0 : words.count - min(parameters.shingleSize, words.count) + 1
        var paragraphHashes: [UInt64] = []
        paragraphHashes.reserveCapacity(paragraphStarts.count)
        var stored: [UInt32] = []
        var signature: [UInt32] = []
        var keys: [Int64] = []
        let size = parameters.signatureSize
        let windowBins = parameters.windowBins
        let keyCapacity = banding.bands + parameters.maxWindows * ((windowBins + 1) / 2) + parameters.maxAnchors
        // Scratch on the stack: MinHash bins then window bins, the windows, the band keys, the stored shingles.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: size + windowBins) { allBins in
            allBins.initialize(repeating: .max)
            let bins = UnsafeMutableBufferPointer(rebasing: allBins[..<size])
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: max(parameters.maxWindows, 1)) { windows in
                var windowCount = 0
                forEachWindow(shingleCount: shingleCount, paragraphStarts: paragraphStarts) { window in
                    (windows.baseAddress! + windowCount).initialize(to: window)
                    windowCount += 1
                }
                withUnsafeTemporaryAllocation(of: Int64.self, capacity: keyCapacity) { keyBuffer in
                    var keyCount = 0
                    stored = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: shingleCount) { values in
                        hashWords(
                            words,
                            paragraphStarts: paragraphStarts,
                            paragraphHashes: &paragraphHashes,
                            values: values.baseAddress,
                            bins: bins.baseAddress!,
                            windows: UnsafeBufferPointer(rebasing: windows[..<windowCount]),
                            windowBins: allBins.baseAddress! + size,
                            keys: keyBuffer.baseAddress!,
                            keyCount: &keyCount
                        )
                        return [UInt32](specialized: UnsafeBufferPointer(values))
                    }
                    MinHash.densify(bins, seed: seed ^ Self.densificationTag)
                    signature = MinHash.values(of: UnsafeBufferPointer(bins))
                    if shingleCount > 0 {
                        appendDocumentBandKeys(
                            bins: UnsafeBufferPointer(bins),
                            to: keyBuffer.baseAddress!,
                            count: &keyCount
                        )
                    }
                    appendAnchorKeys(
                        of: stored,
                        paragraphStarts: paragraphStarts,
                        to: keyBuffer.baseAddress!,
                        count: &keyCount
                    )
                    let unique = Self.sortUnique(UnsafeMutableBufferPointer(rebasing: keyBuffer[..<keyCount]))
                    keys = [Int64](specialized: UnsafeBufferPointer(rebasing: keyBuffer[..<unique]))
                }
            }
        }
        let flags = ShingleFlags.compute(
            words: words,
            text: normalized.bytes,
            paragraphBytes: paragraphBytes,
            paragraphStarts: paragraphStarts,
            shingleSize: parameters.shingleSize,
            figureWords: figureWords
        )
        withExtendedLifetime(wordBuffer) {}  // `words` points into it
        return DocumentFingerprint(
            contentHash: contentHash,
            wordCount: words.count,
            shingles: stored,
            paragraphStarts: paragraphStarts,
            paragraphHashes: paragraphHashes,
            signature: signature,
            bandKeys: keys,
            shingleFlags: flags
        )
    }

    /// Everything that follows from the word hashes, in one pass over them: paragraph hashes, the shingle
    /// hashes' high halves (as stored), the MinHash bins, and the keys of each passage window as it ends.
    ///
    /// The XXH64 rounds of a paragraph hash and the rolling shingle polynomial are both chains of
    /// dependent multiplications; advanced in the same loop, they overlap with each other and with the
    /// bin updates. The polynomial rolls as h·B + (wᵢ − wᵢ₋ₖ·Bᵏ), equal to ``shingles(of:)``'s
    /// (h − wᵢ₋ₖ·Bᵏ⁻¹)·B + wᵢ modulo 2⁶⁴ but with one multiplication less on the chain.
    /// - Parameters:
    ///   - windows: the passage windows, in order (they do not overlap).
    ///   - windowBins: `windowBins` bins, all UInt64.max.
    ///   - keys: where window keys are written, from `keyCount` on.
    func hashWords(
        _ words: UnsafeBufferPointer<UInt64>,
        paragraphStarts: [UInt32],
        paragraphHashes: inout [UInt64],
        values: UnsafeMutablePointer<UInt32>?,
        bins: UnsafeMutablePointer<UInt64>,
        windows: UnsafeBufferPointer<Range<Int>>,
        windowBins: UnsafeMutablePointer<UInt64>,
        keys: UnsafeMutablePointer<Int64>,
        keyCount: inout Int
    ) {
        let count = words.count
        guard count > 0, let values else {
            for _ in paragraphStarts { paragraphHashes.append(0) }
            return
        }
        let width = min(parameters.shingleSize, count)
        let shingleSeed = parameters.seed ^ (UInt64(width) &* XXHash64.prime3)
        let paragraphSeed = parameters.seed ^ Self.paragraphTag
        let base = Self.shingleBase
        var power: UInt64 = 1  // B^width
        for _ in 0..<width { power = power &* base }
        let k = UInt64(parameters.signatureSize)
        let windowBinCount = UInt64(parameters.windowBins)
        var window = 0
        var windowStart = windows.first?.lowerBound ?? .max
        var windowLast = windows.first.map { $0.upperBound - 1 } ?? .max
        var rolling: UInt64 = 0
        for paragraph in paragraphStarts.indices {
            let first = Int(paragraphStarts[paragraph])
            let end = paragraph + 1 < paragraphStarts.count ? Int(paragraphStarts[paragraph + 1]) : count
            guard first < end else {
                paragraphHashes.append(0)  // no words
                continue
            }
            var hash = paragraphSeed &+ XXHash64.prime5 &+ UInt64(truncatingIfNeeded: (end &- first) &* 8)
            for index in first..<end {
                let word = words[index]
                hash ^= XXHash64.round(0, word)
                hash = XXHash64.rotl(hash, 27) &* XXHash64.prime1 &+ XXHash64.prime4
                let leaving = index >= width ? words[index &- width] : 0
                rolling = rolling &* base &+ (word &- leaving &* power)
                guard index >= width &- 1 else { continue }
                let position = index &- (width &- 1)
                let shingle = XXHash64.avalanche(rolling ^ shingleSeed)
                values[position] = UInt32(truncatingIfNeeded: shingle >> 32)
                MinHash.add(shingle, to: bins, size: k)
                guard position >= windowStart else { continue }
                let bin = Int(truncatingIfNeeded: ((shingle & 0xFFFF_FFFF) &* windowBinCount) >> 32)
                windowBins[bin] = min(windowBins[bin], shingle >> 32)
                if position == windowLast {
                    appendWindowKeys(bins: windowBins, to: keys, count: &keyCount)
                    window += 1
                    windowStart = window < windows.count ? windows[window].lowerBound : .max
                    windowLast = window < windows.count ? windows[window].upperBound - 1 : .max
                }
            }
            paragraphHashes.append(XXHash64.avalanche(hash))
        }
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

    /// Appends one key per band of `rows` consecutive MinHash bins to `keys` (from `count` on).
    ///
    /// Densified bins of a non-empty document all hold 32-bit values: they are the signature, widened.
    func appendDocumentBandKeys(
        bins: UnsafeBufferPointer<UInt64>,
        to keys: UnsafeMutablePointer<Int64>,
        count: inout Int
    ) {
        let rows = banding.rows
        for band in 0..<banding.bands {
            let values = UnsafeBufferPointer(rebasing: bins[band * rows..<(band + 1) * rows])
            let key = XXHash64.combine(values, seed: parameters.seed ^ Self.documentBandTag &+ UInt64(band))
            (keys + count).initialize(to: BandKey.similarity(key))
            count += 1
        }
    }

    /// Sorts `keys` and removes duplicates, leaving the result at the front; returns its length.
    ///
    /// Keys are hashes, spread evenly, so for a few dozen of them a counting pass on the top six bits puts
    /// each in its 64th of the range, and insertion sort finishes in about one step per key.
    static func sortUnique(_ keys: UnsafeMutableBufferPointer<Int64>) -> Int {
        var keys = keys
        let count = keys.count
        guard count > 1 else { return count }
        if count > 64 {
            keys.sort()
        } else {
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 65) { offsets in
                withUnsafeTemporaryAllocation(of: Int64.self, capacity: count) { sorted in
                    // Flipping the sign bit turns signed order into unsigned order.
                    @inline(__always) func bucket(_ key: Int64) -> Int {
                        Int((UInt64(bitPattern: key) ^ 1 << 63) >> 58)
                    }
                    offsets.initialize(repeating: 0)
                    for key in keys { offsets[bucket(key) &+ 1] &+= 1 }
                    for index in 1...64 { offsets[index] &+= offsets[index &- 1] }
                    for key in keys {
                        let slot = bucket(key)
                        (sorted.baseAddress! + offsets[slot]).initialize(to: key)
                        offsets[slot] &+= 1
                    }
                    for index in 1..<count {
                        let key = sorted[index]
                        var slot = index
                        while slot > 0 && sorted[slot &- 1] > key {
                            sorted[slot] = sorted[slot &- 1]
                            slot &-= 1
                        }
                        sorted[slot] = key
                    }
                    keys.baseAddress!.update(from: sorted.baseAddress!, count: count)
                }
            }
        }
        var unique = 1
        for index in 1..<count where keys[index] != keys[unique &- 1] {
            keys[unique] = keys[index]
            unique &+= 1
        }
        return unique
    }

    /// Passage windows: for each paragraph (in order, at most `maxWindows`), the shingles that lie wholly
    /// inside it, at most `windowSize` of them; a long paragraph gets further windows every `windowSize`
    /// shingles. A short paragraph quoted elsewhere (a roundup quoting a one-sentence lead) yields the
    /// same window there, because shingles running into the next paragraph are left out.
    public func windows(shingleCount: Int, paragraphStarts: [UInt32]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        forEachWindow(shingleCount: shingleCount, paragraphStarts: paragraphStarts) { result.append($0) }
        return result
    }

    /// Calls `body` with every window of ``windows(shingleCount:paragraphStarts:)``, in order.
    @inlinable
    func forEachWindow(shingleCount: Int, paragraphStarts: [UInt32], _ body: (Range<Int>) -> Void) {
        let size = parameters.windowSize
        let k = parameters.shingleSize
        let maxWindows = parameters.maxWindows
        guard shingleCount > 0, maxWindows > 0 else { return }
        var emitted = 0
        let paragraphs = max(paragraphStarts.count, 1)
        for index in 0..<paragraphs {
            let start = paragraphStarts.isEmpty ? 0 : Int(paragraphStarts[index])
            guard start < shingleCount else { continue }
            let nextStart = index + 1 < paragraphs ? Int(paragraphStarts[index + 1]) : shingleCount + k - 1
            // Shingles starting at p cover words p..<p+k: inside the paragraph while p + k <= nextStart.
            let end = min(shingleCount, nextStart - k + 1)
            var position = start
            while position < end && emitted < maxWindows {
                let windowEnd = min(position + size, end)
                if windowEnd - position >= 4 || (emitted == 0 && windowEnd > position) {
                    body(position..<windowEnd)
                    emitted += 1
                }
                position += size
            }
            if emitted >= maxWindows { break }
        }
        if emitted == 0 { body(0..<min(size, shingleCount)) }
    }

    /// Appends the keys of one passage window to `keys` (from `count` on) and empties its bins: the
    /// window's MinHash bins taken two at a time (one key per pair of bins), so a key depends on the pair
    /// and its values only, and the same passage gives the same keys wherever it stands in a document.
    ///
    /// Pairs rather than single bins: a single bin is usually the minimum of one sentence, so texts that
    /// share a sentence or a stock phrase (quotes, filler, boilerplate) would all share keys, and a
    /// large archive would hand every document thousands of candidates. Two bins agree by chance about
    /// J² as often, while a copied passage keeps both.
    /// - Parameter bins: `windowBins` minima; a bin no shingle reached holds UInt64.max.
    func appendWindowKeys(bins: UnsafeMutablePointer<UInt64>, to keys: UnsafeMutablePointer<Int64>, count: inout Int) {
        let binCount = parameters.windowBins
        let seed = parameters.seed ^ Self.windowBandTag
        var first = 0
        while first < binCount {
            let low = bins[first]
            let high = first + 1 < binCount ? bins[first + 1] : .max
            if low != .max || high != .max {
                let pair = min(high, 0xFFFF_FFFF) << 32 | min(low, 0xFFFF_FFFF)
                (keys + count).initialize(to: BandKey.similarity(XXHash64.mix(pair, seed: seed ^ UInt64(first))))
                count += 1
            }
            first += 2
        }
        bins.update(repeating: .max, count: binCount)
    }
}

extension Fingerprinter {
    /// Appends the passage anchors of a text to `keys` (from `count` on): robust winnowing over the
    /// shingle hashes in text order — in every run of ``FingerprintParameters/anchorWindow`` positions,
    /// the smallest hash (the rightmost of equal ones), each chosen position once — leaving out those in
    /// paragraphs shorter than ``anchorParagraphPositions`` (menu items, bylines, captions' credits: not
    /// the passages pages copy). Two texts sharing a run of that many shingles choose the same anchor in
    /// it, wherever the run stands; a text shorter than the window has its smallest shingle as its one
    /// anchor. A text with more than ``FingerprintParameters/maxAnchors`` anchors keeps those of the
    /// smallest keys: a sample spread over the whole text, so that a passage two texts share late in
    /// either (a capture that starts at paragraph four) keeps some of its anchors in both.
    /// - Complexity: O(*n*) with a queue of the window's candidate minima, plus O(*a* log *a*) to sample
    ///   *a* anchors.
    func appendAnchorKeys(
        of shingles: [UInt32],
        paragraphStarts: [UInt32],
        to keys: UnsafeMutablePointer<Int64>,
        count: inout Int
    ) {
        let window = parameters.anchorWindow
        let limit = parameters.maxAnchors
        guard window > 0, limit > 0, !shingles.isEmpty else { return }
        let seed = parameters.seed ^ Self.anchorTag
        var anchors: [UInt64] = []
        anchors.reserveCapacity(2 * shingles.count / (window + 1) + 2)
        var last = -1
        // The paragraph of the position chosen last (chosen positions only grow), and whether it is long.
        var paragraph = -1
        var paragraphEnd = 0
        var paragraphIsLong = true
        let minimumLength = min(Self.anchorParagraphPositions, shingles.count)
        shingles.withUnsafeBufferPointer { values in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: window + 1) { queue in
                // Positions of increasing values, oldest first: the front is the window's minimum.
                var head = 0
                var tail = 0
                func slot(_ index: Int) -> Int { index % (window + 1) }
                let n = values.count
                let lastWindowEnd = max(n, window) - 1
                for position in 0...lastWindowEnd {
                    if position < n {
                        while tail > head && values[queue[slot(tail - 1)]] >= values[position] { tail -= 1 }
                        queue[slot(tail)] = position
                        tail += 1
                    }
                    let windowStart = position - window + 1
                    while queue[slot(head)] < windowStart { head += 1 }
                    guard position >= min(window, n) - 1 else { continue }
                    let chosen = queue[slot(head)]
                    if chosen != last {
                        last = chosen
                        while chosen >= paragraphEnd && paragraph + 1 <= paragraphStarts.count {
                            paragraph += 1
                            let start = paragraph < paragraphStarts.count ? Int(paragraphStarts[paragraph]) : n
                            paragraphEnd =
                                paragraph + 1 < paragraphStarts.count ? Int(paragraphStarts[paragraph + 1]) : n
                            paragraphIsLong = min(paragraphEnd, n) - min(start, n) >= minimumLength
                        }
                        guard paragraphIsLong || paragraphStarts.isEmpty else { continue }
                        anchors.append(XXHash64.mix(UInt64(values[chosen]), seed: seed))
                    }
                }
            }
        }
        if anchors.count > limit {
            // The same shingle chosen twice (a repeated phrase) counts once.
            anchors.sort()
            var distinct = 0
            for anchor in anchors where distinct == 0 || anchors[distinct - 1] != anchor {
                anchors[distinct] = anchor
                distinct += 1
            }
            anchors.removeLast(anchors.count - min(distinct, limit))
        }
        for anchor in anchors {
            (keys + count).initialize(to: BandKey.anchor(anchor))
            count += 1
        }
    }
}

/// The two kinds of band key, told apart by their lowest bit: similarity keys (document bands and
/// passage windows, even) and passage anchors (odd). A similarity key held by very many documents still
/// counts for the newest of them (a story copied a thousand times); an anchor held by very many is a
/// stock phrase and counts for none.
public enum BandKey {
    @inlinable
    public static func similarity(_ hash: UInt64) -> Int64 { Int64(bitPattern: hash & ~1) }

    @inlinable
    public static func anchor(_ hash: UInt64) -> Int64 { Int64(bitPattern: hash | 1) }

    @inlinable
    public static func isAnchor(_ key: Int64) -> Bool { key & 1 == 1 }

    /// What sharing the key is worth towards making a document a candidate: a similarity key 2, an
    /// anchor 1. A similarity key stands for a band of the whole text or a passage window; an anchor for
    /// any 12 shingles, and a sentence two unrelated pages share (a quotation, a stock sentence) holds two
    /// or three of them.
    @inlinable
    public static func weight(_ key: Int64) -> Int { 2 - Int(key & 1) }
}

extension Array {
    /// A copy of `elements`, allocated by code specialised for `Element`: `init(repeating:count:)` and
    /// `init(unsafeUninitializedCapacity:initializingWith:)` take an unspecialised path through the
    /// runtime that looks up the storage's type metadata on every call.
    @inlinable
    init(specialized elements: UnsafeBufferPointer<Element>) {
        self.init()
        reserveCapacity(elements.count)
        append(contentsOf: elements)
    }
}
