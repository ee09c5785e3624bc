import Testing

@testable import WiretraceExtraction

@Suite("Comparable keys of titles and lines")
struct ComparableTextKeyTests {
    /// The definition the fast path must match: lowercased, then letters and digits kept.
    func reference(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII {
                if (0x61...0x7A).contains(scalar.value) || (0x30...0x39).contains(scalar.value) { kept.append(scalar) }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                kept.append(scalar)
            }
        }
        return String(kept)
    }

    @Test(
        "the key of a non-ASCII text is the lowercased text's letters and digits",
        arguments: [
            "Bridge Vote Delayed — Again", "“Quoted” ‘title’ … with ellipsis", "İstanbul KELVIN \u{212A} sign",
            "Straße ΣΊΣΥΦΟΣ Ελλάδα", "Café crème brûlée", "e\u{301}te\u{301} (decomposed)", "x² + ½ = ٣ and Ⅻ",
            "Москва: 12 000 человек", "東京都 2025年", "emoji 🚀 and flags 🇫🇷", "ǅungla ǈ ǋ", "",
            "\u{A0}\u{2009}\u{200B}", "ΑΣ ΑΣ.",
        ]
    )
    func matchesDefinition(_ text: String) {
        #expect(ArticleExtractor.comparableUnicode(text) == reference(text))
        #expect(ArticleExtractor.comparable(text) == reference(text))
    }
}
