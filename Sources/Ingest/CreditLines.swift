/// Credit lines and datelines: how a page says where its text came from.
///
/// Kept apart from the body so lineage can use them ("©2025 Bloomberg L.P. … Distributed by Tribune
/// Content Agency", "(Reporting by …; Editing by …)", "[Source: Reuters]", "This story first appeared
/// on …", "The post … appeared first on …") — trafilatura and jusText throw these away.
public enum CreditLines {
    /// True when `paragraph` is a credit line rather than article prose.
    public static func isCredit(_ paragraph: String) -> Bool {
        let utf8 = paragraph.utf8
        guard !utf8.isEmpty, utf8.count <= 600 else { return false }
        // ASCII letters lowered, leading blanks dropped, in one copy.
        var lower: [UInt8] = []
        lower.reserveCapacity(utf8.count)
        for byte in utf8 where !(lower.isEmpty && (byte == 0x20 || byte == 0x09)) {
            lower.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        guard !lower.isEmpty else { return false }
        let short = lower.count <= 300
        func starts(_ prefix: StaticString) -> Bool { Self.starts(lower, prefix) }
        func has(_ needle: StaticString) -> Bool { ByteSearch.contains(lower, needle) }
        if starts("\u{A9}") || starts("(c) ") || starts("copyright") { return true }
        if short && (has("all rights reserved") || has("distributed by ")) { return true }
        if short
            && (starts("(reporting by") || starts("reporting by") || starts("(additional reporting")
                || starts("(writing by") || starts("(editing by"))
        {
            return true
        }
        if starts("[source:") || starts("source:") && lower.count <= 80 { return true }
        // Press-release wires end with "SOURCE Company Name".
        if paragraph.hasPrefix("SOURCE ") && utf8.count <= 120 && !ByteSearch.contains(paragraph, ". ") { return true }
        guard short else { return false }
        // Each phrase is looked for only when the word it is built on is there (most paragraphs hold none).
        if has("appeared")
            && (has("first appeared on") || has("first appeared in") || has("originally appeared on")
                || has("originally appeared in") || has("appeared first on"))
        {
            return true
        }
        if has("published")
            && (has("originally published by") || has("originally published on") || has("originally published in")
                || has("republished here with permission") || has("republished with permission"))
        {
            return true
        }
        return has("reprinted with permission")
    }

    static func starts(_ bytes: [UInt8], _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let start = prefix.utf8Start
        for index in 0..<count where bytes[index] != start[index] { return false }
        return true
    }

    /// The dateline opening `paragraph` ("LONDON (Reuters) -", "WASHINGTON (AP) —", "March 17 (UPI) --"),
    /// or nil.
    public static func dateline(of paragraph: String) -> String? {
        agencyDateline(of: paragraph) ?? placeDateline(of: paragraph)
    }

    /// "LONDON (Reuters) -", "March 17 (UPI) --", "(AP) —".
    static func agencyDateline(of paragraph: String) -> String? {
        let scalars = Array(paragraph.unicodeScalars.prefix(120))
        guard let open = scalars.firstIndex(of: "("),
            let close = scalars[open...].firstIndex(of: ")"), close - open <= 40, close > open + 1
        else { return nil }
        // Before the parenthesis: a place or a date, at most six words, no sentence punctuation.
        let before = String(String.UnicodeScalarView(scalars[..<open])).trimmingCharacters(in: " ")
        guard before.split(separator: " ").count <= 6, !before.utf8.contains(UInt8(ascii: ".")),
            !before.utf8.contains(UInt8(ascii: ",")) || before.count < 40
        else { return nil }
        // After it: a dash.
        var index = close + 1
        while index < scalars.count, scalars[index] == " " { index += 1 }
        var dashes = 0
        while index < scalars.count, "-–—".unicodeScalars.contains(scalars[index]) {
            dashes += 1
            index += 1
        }
        guard dashes > 0 else { return nil }
        let agency = String(String.UnicodeScalarView(scalars[(open + 1)..<close]))
        guard let first = agency.unicodeScalars.first, first.properties.isUppercase else { return nil }
        // The place is written in capitals, or it is a date ("March 17").
        let isCapitals = before.isEmpty || before.unicodeScalars.allSatisfy { !$0.properties.isLowercase }
        let isDate = before.split(separator: " ").contains { Int($0) != nil }
        guard isCapitals || isDate else { return nil }
        return String(String.UnicodeScalarView(scalars[..<index])).trimmingCharacters(in: " ")
    }

    /// A place dateline without the agency, as sites print it after stripping the credit: "London — ",
    /// "NEW YORK -- ". At most three capitalised words, then a spaced dash, then a capitalised sentence.
    static func placeDateline(of paragraph: String) -> String? {
        let scalars = Array(paragraph.unicodeScalars.prefix(60))
        guard let dash = scalars.firstIndex(where: { "—–".unicodeScalars.contains($0) || $0 == "-" }), dash >= 3,
            scalars[dash - 1] == " "
        else { return nil }
        var index = dash
        while index < scalars.count, "-–—".unicodeScalars.contains(scalars[index]) { index += 1 }
        let dashes = index - dash
        guard dashes >= 1, scalars[dash] != "-" || dashes >= 2 || scalars[dash] == "-",
            index < scalars.count, scalars[index] == " "
        else { return nil }
        while index < scalars.count, scalars[index] == " " { index += 1 }
        guard index < scalars.count, scalars[index].properties.isUppercase else { return nil }
        let place = String(String.UnicodeScalarView(scalars[..<(dash - 1)]))
        let words = place.split(separator: " ")
        guard !words.isEmpty, words.count <= 3, place.count <= 25,
            words.allSatisfy({ word in
                guard let first = word.unicodeScalars.first, first.properties.isUppercase else { return false }
                return word.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "." || $0 == "'" }
            })
        else { return nil }
        return String(String.UnicodeScalarView(scalars[..<index])).trimmingCharacters(in: " ")
    }
}

extension Article {
    /// Finds the credit lines and dateline of the body when the input did not name them.
    public mutating func detectCredits() {
        if creditLines.isEmpty { setDetectedCreditLines(paragraphs.filter(CreditLines.isCredit)) }
        if dateline == nil { dateline = paragraphs.first.flatMap(CreditLines.dateline) }
    }

    /// Sets the credit lines to `lines`, which the caller found as ``detectCredits()`` does: the
    /// paragraphs ``CreditLines/isCredit(_:)`` accepts, in order.
    public mutating func setDetectedCreditLines(_ lines: [String]) {
        assert(lines == paragraphs.filter(CreditLines.isCredit), "credit lines not as detectCredits() finds them")
        creditLines = lines
        creditLinesDetected.value = true
    }

    /// The text compared with other documents: the body without credit lines and without the dateline
    /// that opens it. Sites add, drop and rewrite these (an "[Source: AP]" here, "This story first
    /// appeared on …" there, a stripped "(Reuters) -"), so they say nothing about whether two texts are
    /// one story; lineage reads them separately.
    public var matchingParagraphs: [String] {
        // Detected credit lines are the paragraphs isCredit accepts, so membership answers it.
        var result =
            creditLinesDetected.value
            ? (creditLines.isEmpty ? paragraphs : paragraphs.filter { !creditLines.contains($0) })
            : paragraphs.filter { !CreditLines.isCredit($0) }
        if result.isEmpty { return paragraphs }
        if let first = result.first, let dateline = CreditLines.dateline(of: first) {
            let rest = String(first.dropFirst(dateline.count)).trimmingLeadingSpaces()
            if rest.isEmpty { result.removeFirst() } else { result[0] = rest }
        }
        return result.isEmpty ? paragraphs : result
    }
}

extension String {
    /// The string without leading and trailing characters that are in `set`.
    public func trimmingCharacters(in set: String) -> String {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }

    func trimmingLeadingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\u{A0}" }))
    }
}
