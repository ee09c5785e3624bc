extension Article {
    /// Widest line (in characters) a hard-wrapped text is taken to be wrapped at; e-mail, forum and
    /// plain-text archives wrap at 60–80.
    static let hardWrapMaximumWidth = 100
    /// Lines at least this long are the ones a wrap cuts (shorter lines are titles, signatures, ends of
    /// paragraphs).
    static let hardWrapLineMinimum = 30

    /// True when lines without blank lines between them are one text wrapped at a fixed width rather than
    /// one paragraph per line: at least four long lines, at least four fifths of all lines no wider than
    /// ``hardWrapMaximumWidth``, and at least half of the long lines ending inside a sentence (on a
    /// letter, a digit, a comma or a semicolon). A page that puts each paragraph on its own line ends
    /// nearly every line with a sentence's end, and its paragraphs run wider than any wrap.
    /// - Complexity: O(*n*) in the number of characters.
    static func isHardWrapped(_ lines: [Substring]) -> Bool {
        var nonEmpty = 0
        var narrow = 0
        var long = 0
        var open = 0
        for line in lines {
            let trimmed = line.trimmingWhitespace()
            guard !trimmed.isEmpty else { continue }
            let width = trimmed.count
            nonEmpty += 1
            if width <= hardWrapMaximumWidth { narrow += 1 }
            guard width >= hardWrapLineMinimum, width <= hardWrapMaximumWidth, !startsListItem(trimmed) else {
                continue
            }
            long += 1
            if let last = trimmed.last, last.isLetter || last.isNumber || last == "," || last == ";" { open += 1 }
        }
        return long >= 4 && 5 * narrow >= 4 * nonEmpty && 2 * open >= long
    }

    /// The paragraphs of a hard-wrapped text: a line continues the paragraph of the line before unless
    /// that line ended a sentence well short of the wrap width (three quarters of the widest line), or
    /// was short itself, or this one starts a list item.
    static func unwrappedParagraphs(_ lines: [Substring]) -> [String] {
        let trimmed = lines.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        let width = trimmed.lazy.map(\.count).filter { $0 <= hardWrapMaximumWidth }.max() ?? hardWrapMaximumWidth
        var paragraphs: [String] = []
        var current: [Substring] = []
        func flush() {
            if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
            current.removeAll(keepingCapacity: true)
        }
        for line in trimmed {
            if let previous = current.last {
                let previousWidth = previous.count
                let endsSentence = previous.last.map { ".!?:\"'\u{201D}\u{2019})".contains($0) } ?? true
                let shortEnd = endsSentence && 4 * previousWidth < 3 * width
                if shortEnd || previousWidth < hardWrapLineMinimum || startsListItem(line) { flush() }
            }
            current.append(line)
        }
        flush()
        return paragraphs
    }

    /// True when a line starts a list item: a bullet ("-", "*", "•") or a number with "." or ")".
    static func startsListItem(_ line: Substring) -> Bool {
        guard let first = line.first else { return false }
        if "-*\u{2022}\u{2013}".contains(first) { return line.dropFirst().first?.isWhitespace ?? false }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return false }
        let rest = line.dropFirst(digits.count)
        return (rest.first == "." || rest.first == ")") && (rest.dropFirst().first?.isWhitespace ?? false)
    }
}
