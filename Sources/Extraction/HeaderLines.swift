import WiretraceIngest

/// The short lines printed between a page's title and its body: a byline, a date line.
enum HeaderLines {
    /// Texts of up to `limit` non-empty blocks just before `firstBody`, nearest last; stops at navigation
    /// (link-dense blocks).
    static func preceding(_ firstBody: Int?, in model: PageModel, limit: Int = 6) -> [String] {
        guard let firstBody else { return [] }
        var result: [String] = []
        var index = firstBody - 1
        while index >= 0 && result.count < limit {
            let block = model.blocks[index]
            index -= 1
            if block.words == 0 { continue }
            if block.linkDensity > 0.5 { break }
            result.append(block.text)
        }
        return result.reversed()
    }

    /// Labels that introduce a date line; the first group gives the publication time, the second a
    /// later revision, used only when no publication time is printed.
    static let publishedLabels = ["published on", "first published", "published", "posted on", "posted", "date"]
    static let updatedLabels = ["last updated", "updated on", "updated", "modified"]

    /// The publication time printed as a line of its own ("Posted: March 9, 2025 at 4:19 pm",
    /// "17 March 2025 15:04 BST"), nil when none is there.
    static func published(in lines: [String]) -> Timestamp? {
        var revision: Timestamp?
        for line in lines {
            let text = line.collapsingWhitespace()
            guard text.count <= 80, text.split(separator: " ").count <= 14, hasYear(text) else { continue }
            let lower = text.lowercased()
            if let label = label(lower, from: updatedLabels) {
                let rest = String(text.dropFirst(label.count))
                if revision == nil, isDateOnly(rest) { revision = DateText.parse(rest) }
                continue
            }
            let label = label(lower, from: publishedLabels) ?? ""
            let rest = String(text.dropFirst(label.count))
            if isDateOnly(rest), let value = DateText.parse(rest) { return value }
        }
        return revision
    }

    /// A line of its own naming the author ("By Nora Reyes, Reuters"), tidied; nil when none is there.
    static func byline(in lines: [String]) -> String? {
        for line in lines {
            let text = line.collapsingWhitespace()
            guard text.count >= 5, text.count <= 100, text.lowercased().hasPrefix("by "),
                text.split(separator: " ").count <= 12, !Boilerplate.endsSentence(text)
            else { continue }
            return MetadataReader.tidyByline(text)
        }
        return nil
    }

    static let dateWords: Set<String> = [
        "am", "pm", "a", "m", "p", "at", "on", "of", "the", "st", "nd", "rd", "th", "mon", "monday", "tue", "tues",
        "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri", "friday", "sat", "saturday",
        "sun", "sunday", "t", "z",
    ]

    /// True when every word of `text` belongs to a date: month and day names, numbers, am/pm, zones
    /// ("March 9, 2025 at 4:19 pm", "Mon 17 Mar 2025 15:04 BST", "2025-03-17"); a headline such as
    /// "Growth at 8.1% in 2004" is not one.
    static func isDateOnly(_ text: String) -> Bool {
        var word = ""
        var sawMonthOrNumericDate = false
        var words = 0
        func accept(_ word: String) -> Bool {
            if word.allSatisfy(\.isNumber) { return true }
            if DateText.months[word] != nil {
                sawMonthOrNumericDate = true
                return true
            }
            if dateWords.contains(word) || DateText.zones[word] != nil { return true }
            // Ordinals and glued forms: "17th", "9:21pm" split already; "2025-03-17t15" style pieces.
            let letters = word.drop(while: \.isNumber)
            return letters.count < word.count
                && ["st", "nd", "rd", "th", "am", "pm", "t", "z"].contains(String(letters))
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                word.append(character)
                continue
            }
            if !word.isEmpty {
                guard accept(word) else { return false }
                words += 1
                word = ""
            }
            if character == "-" || character == "/" { sawMonthOrNumericDate = true }
            if character == "%" { return false }
        }
        if !word.isEmpty {
            guard accept(word) else { return false }
            words += 1
        }
        return words >= 2 && sawMonthOrNumericDate
    }

    /// True when the text holds a four-digit year (1900–2099), as every dated line does.
    static func hasYear(_ text: String) -> Bool {
        var run = 0
        var value = 0
        for byte in text.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                run += 1
                // Only a run of exactly four digits can be a year; longer runs (a phone or order number)
                // must not overflow.
                if run <= 4 { value = value * 10 + Int(byte - 0x30) }
                continue
            }
            if run == 4 && value >= 1900 && value <= 2099 { return true }
            run = 0
            value = 0
        }
        return run == 4 && value >= 1900 && value <= 2099
    }

    /// The label that opens `lower` (lower-cased text), when a non-letter follows it.
    static func label(_ lower: String, from labels: [String]) -> String? {
        labels.first { label in
            lower.hasPrefix(label) && !(lower.dropFirst(label.count).first?.isLetter ?? false)
        }
    }
}
