/// The publication day many sites write into their article addresses: `/2025/03/14/slug`,
/// `/news/2025-03-14/slug`, `/20250314-slug`.
///
/// The day is the site's local date, so it bounds the publication time only to within a time zone:
/// from 14 hours before the day's UTC midnight to 12 hours after its end (``window(ofDay:)``). That is
/// still worth much for a page with no date of its own fetched days later, as archives do.
public enum URLDate {
    /// Years accepted as a date in an address (outside them, digits are more likely an article number).
    public static let years = 1995...2100

    /// Midnight UTC of the day the address's path names, or nil when it names none.
    ///
    /// Reads the path only (not the host, query or fragment): three segments `YYYY/M/D`, or a segment
    /// that starts with `YYYY-MM-DD`, `YYYY_MM_DD` or `YYYYMMDD` followed by its end or a separator.
    /// - Complexity: O(*n*) in the length of the address.
    public static func day(in url: String) -> Timestamp? {
        let bytes = Array(url.utf8)
        var start = 0
        if let scheme = ByteSearch.firstOffset(of: Array("://".utf8), in: bytes) { start = scheme + 3 }
        guard let pathStart = bytes[start...].firstIndex(of: UInt8(ascii: "/")) else { return nil }
        var end = bytes.count
        if let stop = bytes[pathStart...].firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            end = stop
        }
        let segments = bytes[pathStart..<end].split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        for (index, segment) in segments.enumerated() {
            if segment.count == 4, let year = number(segment), index + 2 < segments.count,
                let month = number(segments[index + 1]), segments[index + 1].count <= 2,
                let dayDigits = leadingDigits(segments[index + 2]), dayDigits.count <= 2,
                segments[index + 2].count == dayDigits.count,
                let day = number(dayDigits),
                let date = timestamp(year: year, month: month, day: day)
            {
                return date
            }
            if let date = compactDay(segment) { return date }
        }
        return nil
    }

    /// The span a page whose address names `day` (midnight UTC) was plausibly published in, whatever
    /// its site's time zone: from 14 hours before that midnight to 36 hours after it.
    public static func window(ofDay day: Timestamp) -> ClosedRange<Timestamp> {
        Timestamp(
            secondsSinceEpoch: day.secondsSinceEpoch - 14 * 3600
        )...Timestamp(secondsSinceEpoch: day.secondsSinceEpoch + 36 * 3600)
    }

    /// The time to show a page at on a timeline: its publication time; else the day its address names
    /// when it has no fetch time or was fetched after that day could have ended (`fromAddress` true);
    /// else its fetch time.
    public static func timelineTime(
        url: String,
        published: Timestamp?,
        fetched: Timestamp?
    ) -> (time: Timestamp?, fromAddress: Bool) {
        if let published { return (published, false) }
        if let day = day(in: url), fetched.map({ $0 > window(ofDay: day).upperBound }) ?? true {
            return (day, true)
        }
        return (fetched, false)
    }

    /// `YYYY-MM-DD`, `YYYY_MM_DD` or `YYYYMMDD` at the start of a segment, followed by its end or a
    /// character that is not a digit.
    static func compactDay(_ segment: ArraySlice<UInt8>) -> Timestamp? {
        let s = Array(segment)
        guard s.count >= 8 else { return nil }
        let separated = s.count >= 10 && (s[4] == UInt8(ascii: "-") || s[4] == UInt8(ascii: "_")) && s[7] == s[4]
        let width = separated ? 10 : 8
        if s.count > width, isDigit(s[width]) { return nil }
        let yearDigits = s[0..<4]
        let monthDigits = separated ? s[5..<7] : s[4..<6]
        let dayDigits = separated ? s[8..<10] : s[6..<8]
        guard let year = number(yearDigits), let month = number(monthDigits), let day = number(dayDigits) else {
            return nil
        }
        return timestamp(year: year, month: month, day: day)
    }

    static func timestamp(year: Int, month: Int, day: Int) -> Timestamp? {
        guard years.contains(year), (1...12).contains(month), day >= 1,
            day <= Timestamp.daysIn(month: month, year: year)
        else { return nil }
        return Timestamp(secondsSinceEpoch: Int64(Timestamp.daysFromCivil(year: year, month: month, day: day)) * 86_400)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The value of a run of one to four ASCII digits, nil when anything else is in it.
    static func number<C: Collection>(_ digits: C) -> Int? where C.Element == UInt8 {
        guard !digits.isEmpty, digits.count <= 4 else { return nil }
        var value = 0
        for byte in digits {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// The digits a segment starts with, nil when it starts with none.
    static func leadingDigits(_ segment: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let digits = segment.prefix(while: isDigit)
        return digits.isEmpty ? nil : digits
    }
}
