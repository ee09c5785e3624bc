/// Text made safe for a terminal: the control characters of stored titles, sites and URLs are shown,
/// not obeyed.
///
/// A title holding `ESC ] 0 ; … BEL` would set the terminal's title, `ESC [ 2 J` clear the screen, a C1
/// control (U+0080–U+009F) act as ESC does on many terminals, and a bidirectional override (U+202E)
/// make text read in another order than it is stored. Every human-readable output (tables, `check`,
/// `extract`, the scan summary, messages on standard error) passes through ``safe(_:)``; JSON escapes
/// such characters itself, HTML through ``HTMLDocument/escape(_:)``, and CSV, read by programs, keeps
/// values as they are.
public enum TerminalText {
    /// `text` with C0 controls other than line feed and tab, DEL, C1 controls and bidirectional
    /// embedding, override and isolate characters written as visible escapes (`\x1b`, `\u{202e}`).
    /// - Complexity: O(*n*) in the UTF-8 length; the string itself is returned when nothing needs escaping.
    public static func safe(_ text: String) -> String {
        escape(text, keepingLayout: true)
    }

    /// ``safe(_:)`` for one table cell or one line: line feeds, carriage returns and tabs are escaped too,
    /// so that a value cannot break a row.
    public static func cell(_ text: String) -> String {
        escape(text, keepingLayout: false)
    }

    static func escape(_ text: String, keepingLayout: Bool) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            if value < 0x20 { return !(keepingLayout && (value == 0x0A || value == 0x09)) }
            return value == 0x7F || (0x80...0x9F).contains(value) || (0x202A...0x202E).contains(value)
                || (0x2066...0x2069).contains(value)
        }
        // Most text has nothing to escape: a scan of the bytes decides (every character concerned starts
        // with a byte below 0x20, 0x7F, C2 80–9F, or E2 80/81).
        var candidate = false
        for byte in text.utf8 where byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 {
            candidate = true
            break
        }
        guard candidate, text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x09: result += "\\t"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0..<0x100: result += "\\x" + hex(scalar.value, digits: 2)
            default: result += "\\u{" + hex(scalar.value, digits: 4) + "}"
            }
        }
        return result
    }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Columns a string takes in a terminal: wide (East Asian, most emoji) characters take two, combining
    /// marks none.
    /// - Complexity: O(*n*) in the characters.
    public static func width(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var total = 0
        for character in text {
            guard let first = character.unicodeScalars.first else { continue }
            total += scalarWidth(first)
        }
        return total
    }

    static func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }
}

/// A table for a terminal: each column as wide as its widest cell, up to a limit past which cells are
/// cut with "…", so that long host names or titles never push the next columns out of line.
struct TextTable {
    struct Column {
        var title: String
        /// Widest the column grows; the last column is never cut or padded.
        var maxWidth: Int
    }

    var columns: [Column]
    var rows: [[String]] = []
    /// Put before every line.
    var indent = ""

    init(_ columns: [(String, Int)], indent: String = "") {
        self.columns = columns.map { Column(title: $0.0, maxWidth: $0.1) }
        self.indent = indent
    }

    mutating func add(_ cells: [String]) {
        precondition(cells.count == columns.count, "one cell per column")
        rows.append(cells.map(TerminalText.cell))
    }

    /// The header line and one line per row.
    /// - Complexity: O(*n*) in the cells.
    func lines(header: Bool = true) -> [String] {
        var widths = columns.map { TerminalText.width($0.title) }
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], TerminalText.width(cell)) }
        }
        for index in columns.indices { widths[index] = min(widths[index], columns[index].maxWidth) }
        func line(_ cells: [String]) -> String {
            var text = indent
            for (index, cell) in cells.enumerated() {
                if index == cells.count - 1 {
                    text += cell
                } else {
                    text += Self.fit(cell, widths[index]) + "  "
                }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return (header ? [line(columns.map(\.title))] : []) + rows.map(line)
    }

    /// `text` padded with spaces, or cut with "…", to exactly `width` columns.
    static func fit(_ text: String, _ width: Int) -> String {
        let current = TerminalText.width(text)
        if current <= width { return text + String(repeating: " ", count: width - current) }
        var cut = ""
        var used = 0
        for character in text {
            let w = character.unicodeScalars.first.map(TerminalText.scalarWidth) ?? 0
            if used + w > width - 1 { break }
            cut.append(character)
            used += w
        }
        return cut + "…" + String(repeating: " ", count: max(0, width - 1 - used))
    }
}
