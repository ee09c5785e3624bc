/// What a shingle position holds besides its words: whether it sits in quoted speech, and whether
/// it carries a figure. Detection reads them to tell a shared quotation from copied prose, and a
/// template filled with other figures from a copy of one text.
public struct ShingleFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The shingle's middle word is inside double quotation marks (a quote never runs past the end of
    /// its paragraph: a quotation going on in the next paragraph opens again there).
    public static let quoted = ShingleFlags(rawValue: 1)
    /// One of the shingle's words is a figure: it holds a digit, or it is a month or weekday name.
    public static let figure = ShingleFlags(rawValue: 2)
    /// The shingle's last word is a figure. Where an exact run breaks, the first shingle past it differs
    /// from the other text's by its last word alone: this flag tells whether that word is a figure.
    public static let endsWithFigure = ShingleFlags(rawValue: 4)

    /// Flags of every shingle position of a text.
    /// - Parameters:
    ///   - words: the text's word hashes (with `figureWords`' seed).
    ///   - text: the normalised text, whose words these are.
    ///   - paragraphBytes: each paragraph's bytes in `text`; `paragraphStarts` its first word.
    /// - Complexity: O(*n*) in the words, plus one pass over the bytes of each paragraph that holds a
    ///   digit or a quotation mark.
    static func compute(
        words: UnsafeBufferPointer<UInt64>,
        text: UnsafeBufferPointer<UInt8>,
        paragraphBytes: [Range<Int>],
        paragraphStarts: [UInt32],
        shingleSize: Int,
        figureWords: FigureWords
    ) -> [UInt8] {
        let count = words.count
        guard count > 0 else { return [] }
        var wordFlags = [UInt8](repeating: 0, count: count)
        for index in 0..<count where figureWords.contains(words[index]) { wordFlags[index] = figure.rawValue }
        for paragraph in paragraphBytes.indices {
            let range = paragraphBytes[paragraph]
            guard hasDigitOrQuote(text, range) else { continue }
            var word = Int(paragraphStarts[paragraph])
            var quoted = false
            var scanned = range.lowerBound
            Tokenizer.forEachWord(in: UnsafeBufferPointer(rebasing: text[range])) { relative in
                let begin = range.lowerBound + relative.lowerBound
                let end = range.lowerBound + relative.upperBound
                // Quotation marks are separators: they sit between words.
                for offset in scanned..<begin where text[offset] == 0x22 { quoted.toggle() }
                scanned = end
                guard word < count else { return }
                var flags = wordFlags[word]
                if quoted { flags |= Self.quoted.rawValue }
                for offset in begin..<end where text[offset] &- 0x30 < 10 {
                    flags |= figure.rawValue
                    break
                }
                wordFlags[word] = flags
                word += 1
            }
        }
        let width = min(shingleSize, count)
        let shingleCount = count - width + 1
        var result = [UInt8](repeating: 0, count: shingleCount)
        var figures = 0
        for index in 0..<width where wordFlags[index] & figure.rawValue != 0 { figures += 1 }
        let middle = width / 2
        for position in 0..<shingleCount {
            if position > 0 {
                if wordFlags[position - 1] & figure.rawValue != 0 { figures -= 1 }
                if wordFlags[position + width - 1] & figure.rawValue != 0 { figures += 1 }
            }
            var flags = wordFlags[position + middle] & quoted.rawValue
            if figures > 0 { flags |= figure.rawValue }
            if wordFlags[position + width - 1] & figure.rawValue != 0 { flags |= endsWithFigure.rawValue }
            result[position] = flags
        }
        return result
    }

    /// True when the bytes hold an ASCII digit or a double quotation mark.
    static func hasDigitOrQuote(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for offset in range {
            let byte = text[offset]
            if byte == 0x22 || byte &- 0x30 < 10 { return true }
        }
        return false
    }
}

/// Hashes of the words that count as figures without holding a digit: English month and weekday
/// names (not "may", which is mostly the verb, nor weekday abbreviations such as "sun").
///
/// A small open-addressing table on the hashes' top bits (they are already random): a lookup per word
/// costs a shift and one or two comparisons, not a general-purpose hasher's rounds.
struct FigureWords: Sendable {
    static let names = [
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
        "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]
    /// 128 slots (a power of two, over four times the names), 0 for empty.
    private let slots: [UInt64]
    private static let shift: UInt64 = 57

    init(seed: UInt64) {
        var slots = [UInt64](repeating: 0, count: 1 << (64 - Self.shift))
        for name in Self.names {
            var bytes = Array(name.utf8)
            let count = bytes.count
            bytes.append(contentsOf: [UInt8](repeating: 0, count: 8))
            let hash = bytes.withUnsafeBufferPointer {
                WordHash.hash($0.baseAddress!, count: count, seed: seed, overread: false)
            }
            var index = Int(hash >> Self.shift)
            while slots[index] != 0 { index = (index + 1) & (slots.count - 1) }
            slots[index] = hash
        }
        self.slots = slots
    }

    @inline(__always)
    func contains(_ hash: UInt64) -> Bool {
        var index = Int(hash >> Self.shift)
        while true {
            let slot = slots[index]
            if slot == hash { return hash != 0 }
            if slot == 0 { return false }
            index = (index + 1) & (slots.count - 1)
        }
    }
}
