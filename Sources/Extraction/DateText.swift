import WiretraceIngest

/// Parses publication dates as pages write them: ISO 8601 (`2025-03-17T15:04:05+01:00`), RFC 2822
/// (`Mon, 17 Mar 2025 15:04:05 GMT`) and visible English forms (`Published March 17, 2025 at 3:04 pm`,
/// `17 March 2025 15:04 BST`, `Mar. 17, 2025, 3:04 p.m. ET`, `2025/03/17`).
public enum DateText {
    static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
        "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]

    /// Offsets of common time-zone abbreviations, in hours.
    static let zones: [String: Int] = [
        "utc": 0, "gmt": 0, "z": 0, "bst": 1, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "est": -5, "edt": -4,
        "et": -5, "cst": -6, "cdt": -5, "ct": -6, "mst": -7, "mdt": -6, "mt": -7, "pst": -8, "pdt": -7, "pt": -8,
        "ist": 5, "jst": 9, "kst": 9, "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13, "sgt": 8, "hkt": 8,
    ]

    /// The first date found in `text`, or nil.
    public static func parse(_ text: String) -> Timestamp? {
        let trimmed = text.trimmingCharacters(in: " \t\n")
        if trimmed.isEmpty { return nil }
        if let iso = Timestamp(iso8601: trimmed) { return iso }
        if let iso = isoPrefix(trimmed) { return iso }
        return words(trimmed)
    }

    /// ISO forms with extra text after them ("2025-03-17T15:04:05.000+0000 (updated)").
    static func isoPrefix(_ text: String) -> Timestamp? {
        guard text.count >= 10 else { return nil }
        for length in [25, 24, 22, 20, 19, 16, 10] where text.count >= length {
            let candidate = String(text.prefix(length))
            if let value = Timestamp(iso8601: candidate.replacingSlashes()) { return value }
        }
        return nil
    }

    /// Word-based parsing: month names, day, year, optional time, am/pm and zone.
    static func words(_ text: String) -> Timestamp? {
        var tokens: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == ":" {
                current.append(character)
            } else {
                if !current.isEmpty { tokens.append(current) }
                current = ""
                if character == "/" || character == "-" { tokens.append(String(character)) }
            }
        }
        if !current.isEmpty { tokens.append(current) }
        var year: Int?
        var month: Int?
        var day: Int?
        var hour = 0
        var minute = 0
        var second = 0
        var offsetHours = 0
        var pm: Bool?
        var numbers: [Int] = []
        for (index, token) in tokens.enumerated() {
            if let value = months[token] {
                if month == nil { month = value }
                continue
            }
            if token.utf8.contains(UInt8(ascii: ":")) {
                let parts = token.split(separator: ":").compactMap { Int($0) }
                if parts.count >= 2, parts[0] < 24, parts[1] < 60 {
                    hour = parts[0]
                    minute = parts[1]
                    if parts.count >= 3, parts[2] < 60 { second = parts[2] }
                }
                continue
            }
            if token == "am" || token == "a" && tokens.dropFirst(index + 1).first == "m" {
                pm = false
                continue
            }
            if token == "pm" || token == "p" && tokens.dropFirst(index + 1).first == "m" {
                pm = true
                continue
            }
            if let zone = zones[token], index > 0 {
                offsetHours = zone
                continue
            }
            var digits = token
            for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) && digits.count > 2 {
                digits.removeLast(2)
            }
            if let number = Int(digits), digits.allSatisfy(\.isNumber) {
                if digits.count == 4, number >= 1900, number <= 2100 {
                    if year == nil { year = number }
                } else if digits.count <= 2 {
                    numbers.append(number)
                }
            }
        }
        if month != nil {
            day = numbers.first { $0 >= 1 && $0 <= 31 }
        } else if numbers.count >= 2, year != nil {
            // Numeric dates with a four-digit year: 2025/03/17 was handled as ISO; here 17/03/2025 or 03/17/2025.
            let a = numbers[0]
            let b = numbers[1]
            if a > 12 && b <= 12 {
                (day, month) = (a, b)
            } else if b > 12 && a <= 12 {
                (month, day) = (a, b)
            } else {
                (day, month) = (a, b)
            }
        }
        guard let year, let month, let day, (1...12).contains(month), day >= 1, day <= 31 else { return nil }
        if let pm {
            if pm && hour < 12 { hour += 12 }
            if !pm && hour == 12 { hour = 0 }
        }
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let sign = offsetHours < 0 ? "-" : "+"
        let iso =
            "\(year)-\(pad(month))-\(pad(day))T\(pad(hour)):\(pad(minute)):\(pad(second))\(sign)\(pad(abs(offsetHours))):00"
        return Timestamp(iso8601: iso)
    }
}

extension String {
    func replacingSlashes() -> String {
        String(map { $0 == "/" ? "-" : $0 })
    }
}
