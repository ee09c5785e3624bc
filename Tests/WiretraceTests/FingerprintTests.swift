import Testing

@testable import WiretraceFingerprint

@Suite("XXH64")
struct XXHash64Tests {
    @Test(
        "published test vectors",
        arguments: [
            ("", UInt64(0), UInt64(0xEF46_DB37_51D8_E999)),
            ("a", 0, 0xD24E_C4F1_A98C_6E5B),
            ("abc", 0, 0x44BC_2CF5_AD77_0999),
            ("Nobody inspects the spammish repetition", 0, 0xFBCE_A83C_8A37_8BF1),
        ]
    )
    func vectors(input: String, seed: UInt64, expected: UInt64) {
        #expect(XXHash64.hash(input, seed: seed) == expected)
    }

    @Test("long inputs use the four-lane loop consistently")
    func longInputs() {
        let text = String(repeating: "0123456789abcdef", count: 40)
        let whole = XXHash64.hash(text)
        #expect(whole == XXHash64.hash(Array(text.utf8)))
        #expect(whole != XXHash64.hash(String(text.dropLast())))
        #expect(XXHash64.hash(text, seed: 1) != whole)
    }
}

@Suite("Normalisation and words")
struct NormalizationTests {
    @Test("smart and straight typography normalise identically")
    func typography() {
        let smart = "\u{201C}It\u{2019}s over,\u{201D} she said \u{2014} finally.\u{00A0}Really\u{2026}"
        let plain = "\"It's over,\" she said -- finally. Really..."
        #expect(TextNormalizer.normalize(smart) == TextNormalizer.normalize(plain))
        #expect(TextNormalizer.normalize(plain) == "\"it's over,\" she said - finally. really...")
    }

    @Test("NFKC, case folding and white space")
    func unicode() {
        #expect(TextNormalizer.normalize("  STRASSE  Straße \t\n ﬁne ＡＢＣ ") == "strasse strasse fine abc")
        #expect(TextNormalizer.normalize("Cafe\u{301} CAFÉ") == "café café")
        #expect(TextNormalizer.normalize("soft\u{AD}hyphen zero\u{200B}width") == "softhyphen zerowidth")
        #expect(TextNormalizer.normalize("") == "")
    }

    @Test("words are letters and digits; ideographs stand alone")
    func words() {
        func words(_ text: String) -> [String] {
            let normalized = Array(TextNormalizer.normalize(text).utf8)
            var out: [String] = []
            normalized.withUnsafeBufferPointer { buffer in
                Tokenizer.forEachWord(in: buffer) { out.append(String(decoding: buffer[$0], as: UTF8.self)) }
            }
            return out
        }
        #expect(words("The party's 2005 gains, über-fast!") == ["the", "party", "s", "2005", "gains", "über", "fast"])
        #expect(words("東京都 news") == ["東", "京", "都", "news"])
        #expect(words("--- ... !!!") == [])
    }
}

@Suite("Fingerprints")
struct FingerprinterTests {
    let fingerprinter = Fingerprinter()

    @Test("quote style and spacing do not change a fingerprint")
    func stable() {
        let a = fingerprinter.fingerprint(paragraphs: ["\u{201C}We won,\u{201D} he said.", "It\u{2019}s  done."])
        let b = fingerprinter.fingerprint(paragraphs: ["\"We won,\" he said.", "It's done."])
        #expect(a == b)
        #expect(a.contentHash.hex.count == 64)
    }

    @Test("shingles: one per start position; short texts make one; empty texts none")
    func shingleCounts() {
        let words = (1...12).map { "w\($0)" }.joined(separator: " ")
        #expect(fingerprinter.fingerprint(paragraphs: [words]).shingles.count == 8)
        #expect(fingerprinter.fingerprint(paragraphs: ["only three words"]).shingles.count == 1)
        let empty = fingerprinter.fingerprint(paragraphs: ["... !!!"])
        #expect(empty.isEmpty && empty.shingles.isEmpty && empty.bandKeys.isEmpty)
    }

    @Test("shingle size is configurable and changes the hashes")
    func shingleSize() {
        var parameters = FingerprintParameters()
        parameters.shingleSize = 3
        let three = Fingerprinter(parameters: parameters)
        let text = ["one two three four five six seven"]
        #expect(three.fingerprint(paragraphs: text).shingles.count == 5)
        #expect(three.fingerprint(paragraphs: text).shingles != fingerprinter.fingerprint(paragraphs: text).shingles)
    }

    @Test("paragraph structure is recorded")
    func paragraphs() {
        let fp = fingerprinter.fingerprint(paragraphs: ["one two three", "four five", "six"])
        #expect(fp.paragraphStarts == [0, 3, 5])
        #expect(fp.wordCount == 6)
        #expect(fp.paragraph(containing: 4) == 1)
        #expect(Set(fp.paragraphHashes).count == 3)
    }

    @Test("content hash is SHA-256 of the normalised text")
    func sha256() {
        #expect(
            ContentHash.sha256(Array("abc".utf8)).hex
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        let fp = fingerprinter.fingerprint(paragraphs: ["ABC"])
        #expect(fp.contentHash == ContentHash.sha256(Array("abc".utf8)))
        #expect(ContentHash(hex: fp.contentHash.hex) == fp.contentHash)
    }

    @Test("a passage gives the same window keys wherever it stands")
    func windows() {
        let passage = (1...60).map { "word\($0)" }.joined(separator: " ")
        let alone = fingerprinter.fingerprint(paragraphs: [passage])
        let later = fingerprinter.fingerprint(paragraphs: [
            (1...50).map { "intro\($0)" }.joined(separator: " "), passage,
        ])
        #expect(!Set(alone.bandKeys).isDisjoint(with: later.bandKeys))
        let unrelated = fingerprinter.fingerprint(paragraphs: [(1...60).map { "other\($0)" }.joined(separator: " ")])
        #expect(Set(alone.bandKeys).isDisjoint(with: unrelated.bandKeys))
    }

    @Test("long texts keep their smallest anchors: a passage shared late in both keeps the ones under both cuts")
    func anchorSample() {
        func prose(_ name: String, _ count: Int) -> String {
            (1...count).map { "\(name)\($0)" }.joined(separator: " ")
        }
        // Anchors are chosen by their hash as an unsigned number.
        func anchors(_ fingerprint: DocumentFingerprint) -> [UInt64] {
            fingerprint.bandKeys.filter { $0 & 1 == 1 }.map { UInt64(bitPattern: $0) }
        }
        let limit = fingerprinter.parameters.maxAnchors
        let passage = prose("shared", 80)
        let first = fingerprinter.fingerprint(paragraphs: (0..<8).map { prose("first\($0)x", 80) } + [passage])
        let second = fingerprinter.fingerprint(paragraphs: [prose("second", 60), passage] + [prose("tail", 500)])
        #expect(anchors(first).count == limit && anchors(second).count == limit)
        // The passage's own anchors (a short text keeps them all) that fall under both texts' cuts.
        let own = Set(anchors(fingerprinter.fingerprint(paragraphs: [passage])))
        let cut = min(anchors(first).max()!, anchors(second).max()!)
        let expected = own.filter { $0 <= cut }
        #expect(!expected.isEmpty)
        #expect(expected.isSubset(of: anchors(first)) && expected.isSubset(of: anchors(second)))
    }
}

@Suite("Fast paths agree with the plain rules")
struct FastPathTests {
    /// Deterministic pseudo-random text mixing every case the fast paths special-case.
    func randomText(_ seed: UInt64, length: Int) -> String {
        let pieces = [
            "a", "word", "Upper", "MIXED", "123", " ", "  ", "\t", "\n", "-", "--", "—", ".", ",", "'s", "\u{201C}",
            "\u{201D}", "\u{2019}", "\u{00A0}", "\u{200B}", "\u{00AD}", "é", "É", "Straße", "ﬁ", "e\u{301}", "東京",
            "…", "über", "ΣΑΣ", "naïve", "x", "longwordwithmanyletters", "(AP)", "\u{2014}", "\u{FFFD}",
        ]
        var state = seed
        var text = ""
        for _ in 0..<length {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text += pieces[Int(state >> 33) % pieces.count]
        }
        return text
    }

    @Test("eight-bytes-at-a-time normalisation equals byte-by-byte normalisation")
    func normalizer() {
        for seed in 0..<400 {
            var text = randomText(UInt64(seed), length: 5 + seed % 60)
            var fast = ByteBuffer(capacity: 16)
            var slow = ByteBuffer(capacity: 16)
            text.withUTF8 {
                TextNormalizer.append(utf8: $0, to: &fast, vectorized: true)
                TextNormalizer.append(utf8: $0, to: &slow, vectorized: false)
            }
            let a = String(decoding: fast.bytes, as: UTF8.self)
            let b = String(decoding: slow.bytes, as: UTF8.self)
            #expect(a == b, "seed \(seed): \(text.debugDescription)")
            #expect(!a.hasPrefix(" ") && !a.hasSuffix(" ") && !a.contains("  ") && !a.contains("--"))
        }
    }

    @Test("word hashing eight bytes at a time finds the same words as the tokenizer")
    func tokenizer() {
        for seed in 0..<400 {
            let normalized = Array(
                TextNormalizer.normalize(randomText(UInt64(seed) &+ 1000, length: 5 + seed % 60)).utf8
            )
            let padded = normalized + [UInt8](repeating: 0xAA, count: 8)
            var expected: [UInt64] = []
            normalized.withUnsafeBufferPointer { buffer in
                Tokenizer.forEachWord(in: buffer) { range in
                    expected.append(
                        WordHash.hash(
                            buffer.baseAddress! + range.lowerBound,
                            count: range.count,
                            seed: 9,
                            overread: false
                        )
                    )
                }
            }
            var plain: [UInt64] = []
            var fast: [UInt64] = []
            normalized.withUnsafeBufferPointer { Tokenizer.appendWordHashes(in: $0, seed: 9, to: &plain) }
            padded.withUnsafeBufferPointer {
                Tokenizer.appendWordHashes(
                    in: UnsafeBufferPointer(rebasing: $0.dropLast(8)),
                    seed: 9,
                    to: &fast,
                    overread: true
                )
            }
            #expect(plain == expected, "seed \(seed)")
            #expect(fast == expected, "seed \(seed)")
        }
    }

    /// The fingerprint of `paragraphs` computed step by step from the public pieces, as its definition
    /// reads: the reference for the fused, eight-bytes-at-a-time implementation.
    func referenceFingerprint(_ fingerprinter: Fingerprinter, _ paragraphs: [String]) -> DocumentFingerprint {
        let parameters = fingerprinter.parameters
        let seed = parameters.seed
        var texts: [String] = []
        var words: [UInt64] = []
        var starts: [UInt32] = []
        var paragraphHashes: [UInt64] = []
        // Per word: a figure (a digit, or a month or weekday name), and inside double quotation marks.
        var wordIsFigure: [Bool] = []
        var wordIsQuoted: [Bool] = []
        for paragraph in paragraphs {
            let normalized = TextNormalizer.normalize(paragraph)
            if !normalized.isEmpty { texts.append(normalized) }
            let first = words.count
            starts.append(UInt32(first))
            Array(normalized.utf8).withUnsafeBufferPointer {
                Tokenizer.appendWordHashes(in: $0, seed: seed, to: &words)
            }
            let bytes = Array(normalized.utf8)
            var quoted = false
            var scanned = 0
            bytes.withUnsafeBufferPointer { buffer in
                Tokenizer.forEachWord(in: buffer) { range in
                    for offset in scanned..<range.lowerBound where bytes[offset] == UInt8(ascii: "\"") {
                        quoted.toggle()
                    }
                    scanned = range.upperBound
                    let word = String(decoding: bytes[range], as: UTF8.self)
                    wordIsFigure.append(
                        word.utf8.contains { (48...57).contains($0) } || FigureWords.names.contains(word)
                    )
                    wordIsQuoted.append(quoted)
                }
            }
            paragraphHashes.append(
                words.count == first
                    ? 0
                    : words[first...].withUnsafeBufferPointer {
                        XXHash64.combine($0, seed: seed ^ Fingerprinter.paragraphTag)
                    }
            )
        }
        let shingles = fingerprinter.shingles(of: words)
        let signature = shingles.withUnsafeBufferPointer {
            MinHash.signature(of: $0, size: parameters.signatureSize, seed: seed ^ Fingerprinter.densificationTag)
        }
        var keys: [Int64] = []
        if !shingles.isEmpty {
            let rows = fingerprinter.banding.rows
            for band in 0..<fingerprinter.banding.bands {
                let values = (0..<rows).map { UInt64(signature[band * rows + $0]) }
                let key = values.withUnsafeBufferPointer {
                    XXHash64.combine($0, seed: seed ^ Fingerprinter.documentBandTag &+ UInt64(band))
                }
                keys.append(BandKey.similarity(key))
            }
            let bins = parameters.windowBins
            for window in fingerprinter.windows(shingleCount: shingles.count, paragraphStarts: starts) {
                var minimum = [UInt64](repeating: .max, count: bins)
                for hash in shingles[window] {
                    let bin = Int(((hash & 0xFFFF_FFFF) &* UInt64(bins)) >> 32)
                    minimum[bin] = min(minimum[bin], hash >> 32)
                }
                for first in stride(from: 0, to: bins, by: 2) {
                    let low = minimum[first]
                    let high = first + 1 < bins ? minimum[first + 1] : .max
                    guard low != .max || high != .max else { continue }
                    let pair = min(high, 0xFFFF_FFFF) << 32 | min(low, 0xFFFF_FFFF)
                    let key = XXHash64.mix(pair, seed: seed ^ Fingerprinter.windowBandTag ^ UInt64(first))
                    keys.append(BandKey.similarity(key))
                }
            }
        }
        // Anchors: in every run of `anchorWindow` positions (the whole text when shorter), the smallest
        // 32-bit shingle, the rightmost of equal ones; each chosen position once, leaving out positions in
        // paragraphs of fewer than 15 positions (or than the text has); when more than `maxAnchors`,
        // the `maxAnchors` smallest distinct keys.
        let values = shingles.map { UInt32(truncatingIfNeeded: $0 >> 32) }
        if parameters.anchorWindow > 0 && !values.isEmpty {
            let width = min(parameters.anchorWindow, values.count)
            var chosen: [Int] = []
            for start in 0...(values.count - width) {
                let window = start..<(start + width)
                let smallest = values[window].min()!
                let position = window.last { values[$0] == smallest }!
                if chosen.last != position { chosen.append(position) }
            }
            let ends = starts.dropFirst().map { Int($0) } + [values.count]
            func paragraphLength(of position: Int) -> Int {
                let index = starts.lastIndex { Int($0) <= position }!
                return min(ends[index], values.count) - min(Int(starts[index]), values.count)
            }
            let eligible = chosen.filter {
                paragraphLength(of: $0) >= min(Fingerprinter.anchorParagraphPositions, values.count)
            }
            var anchors = eligible.map { XXHash64.mix(UInt64(values[$0]), seed: seed ^ Fingerprinter.anchorTag) }
            if anchors.count > parameters.maxAnchors {
                anchors = Array(Set(anchors).sorted().prefix(parameters.maxAnchors))
            }
            keys.append(contentsOf: anchors.map(BandKey.anchor))
        }
        // Flags: the middle word quoted; any word a figure; the last word a figure.
        let width = min(parameters.shingleSize, words.count)
        let flags: [UInt8] = shingles.indices.map { position in
            let span = position..<(position + width)
            var flags: ShingleFlags = []
            if wordIsQuoted[position + width / 2] { flags.insert(.quoted) }
            if span.contains(where: { wordIsFigure[$0] }) { flags.insert(.figure) }
            if wordIsFigure[position + width - 1] { flags.insert(.endsWithFigure) }
            return flags.rawValue
        }
        return DocumentFingerprint(
            contentHash: ContentHash.sha256(Array(texts.joined(separator: "\n").utf8)),
            wordCount: words.count,
            shingles: values,
            paragraphStarts: starts,
            paragraphHashes: paragraphHashes,
            signature: signature,
            bandKeys: Set(keys).sorted(),
            shingleFlags: flags
        )
    }

    @Test(
        "the fused fingerprint equals the step-by-step definition",
        arguments: [
            FingerprintParameters.standard,
            FingerprintParameters(
                shingleSize: 3,
                signatureSize: 100,
                windowSize: 8,
                windowBins: 3,
                maxWindows: 5,
                anchorWindow: 4,
                maxAnchors: 9
            ),
            FingerprintParameters(
                shingleSize: 1,
                signatureSize: 8,
                windowSize: 8,
                windowBins: 1,
                maxWindows: 0,
                anchorWindow: 0
            ),
        ]
    )
    func fusedFingerprint(parameters: FingerprintParameters) {
        let fingerprinter = Fingerprinter(parameters: parameters)
        let ascii =
            "The Kettle Street bridge, closed on Wednesday (AP) after 42 inspectors found 1 crack; \"it will "
            + "stay shut,\" a spokeswoman said in September. x y z "
        for seed in 0..<300 {
            var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
            func next(_ bound: Int) -> Int {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int(state >> 33) % bound
            }
            let paragraphs = (0..<next(7)).map { index -> String in
                switch next(4) {
                case 0: return ["", "  ", "\u{00A0}\u{200B}", "--- !!!"][next(4)]
                case 1: return randomText(UInt64(seed * 7 + index), length: next(120))
                default:
                    // Long ASCII stretches (the 64-byte word blocks), now and then with other characters.
                    let text = String(repeating: ascii, count: 1 + next(4)).dropFirst(next(40))
                    return next(3) == 0 ? text + randomText(UInt64(seed), length: 3) + text : String(text)
                }
            }
            let fingerprint = fingerprinter.fingerprint(paragraphs: paragraphs)
            #expect(fingerprint == referenceFingerprint(fingerprinter, paragraphs), "seed \(seed)")
            if fingerprint != referenceFingerprint(fingerprinter, paragraphs) { break }  // one report is enough
        }
    }

    @Test("different short words never share a hash")
    func shortWords() {
        var seen: [UInt64: String] = [:]
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        for a in letters {
            for b in letters {
                for word in [[a], [a, b], [a, b, a, b, a, b, a, b], [a, b, a, b, a, b, a, b, a]] {
                    let hash = word.withUnsafeBufferPointer {
                        WordHash.hash($0.baseAddress!, count: word.count, seed: 1, overread: false)
                    }
                    let text = String(decoding: word, as: UTF8.self)
                    #expect(seen[hash] == nil || seen[hash] == text)
                    seen[hash] = text
                }
            }
        }
    }
}
