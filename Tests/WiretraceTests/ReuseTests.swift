import Testing
import WiretraceFingerprint
import WiretraceIngest
import WiretraceLineage
import WiretracePipeline
import WiretraceReports

@testable import WiretraceDetection
@testable import WiretraceStore

@Suite("Reuse links, explanations and versions")
struct ReuseTests {
    /// A wire story, a copy of it, and a page that lifted one of its paragraphs into text of its own.
    func storyAndReuse() throws -> (Harness, [String], [String]) {
        let h = try Harness()
        let story = Prose.story("ru")
        try h.add("https://wire.example/ru", story)
        try h.add("https://copy.example/ru", story + ["A local note about the parish council meeting tonight."])
        let own = Prose.story("ruown", paragraphs: 6)
        let page = Array(own.prefix(3)) + [story[4]] + Array(own.suffix(3))
        try h.add("https://blog.example/ru", page)
        return (h, story, page)
    }

    @Test("a page that lifted a paragraph is linked to the story, not in it; a quotation alone links nothing")
    func exported() throws {
        let (h, _, _) = try storyAndReuse()
        let export = try h.export()
        let blog = try #require(export["https://blog.example/ru"])
        #expect(blog.story == nil)
        #expect(blog.reuses == ["https://copy.example/ru", "https://wire.example/ru"])
        #expect(export["https://wire.example/ru"]?.reuses == ["https://blog.example/ru"])
        #expect(try h.sameStory("https://wire.example/ru", "https://copy.example/ru"))
        // Two articles sharing a quoted statement only.
        let quote = "\"\(letters(30, seed: "statement")),\" the mayor said."
        try h.add("https://one.example/q", Prose.story("qone", paragraphs: 4) + [quote])
        try h.add("https://two.example/q", Prose.story("qtwo", paragraphs: 4) + [quote])
        #expect(try h.export()["https://two.example/q"]?.reuses == [])
    }

    @Test("report story lists the page that reuses it, with the members it shares passages with")
    func reportedStory() throws {
        let (h, _, _) = try storyAndReuse()
        let report = try h.store.read { session -> StoryReport in
            let story = try #require(try session.documentAndStory(url: "https://wire.example/ru")?.story)
            let distribution = try #require(try session.storyDistribution(story))
            return StoryReport(distribution, reusedBy: try session.reuseLinks(of: distribution.entries.map(\.document)))
        }
        #expect(report.reusedBy.map(\.record.other.url) == ["https://blog.example/ru"])
        #expect(report.reusedBy.first?.members.count == 2)
        let table = report.render(.table)
        #expect(
            table.contains("reused by") && table.contains("blog.example") && table.contains("1 passage, 36 shingles")
        )
        #expect(report.render(.json).contains("\"reused_by\":[{"))
        #expect(report.render(.html).contains("<h2>Reused by</h2>"))
    }

    @Test("check --explain names the rule of each match and quotes the start of each passage")
    func explained() throws {
        let (h, story, page) = try storyAndReuse()
        let checker = Checker(store: h.store)
        let article = Article(url: "https://other.example/ru", paragraphs: page)
        let report = try checker.check(article, add: false, explain: true)
        let explanation = try #require(report.explanation)
        #expect(explanation.matches.map(\.rule).contains("partial-reuse"))
        #expect(report.reuses.map(\.document.url).sorted() == ["https://copy.example/ru", "https://wire.example/ru"])
        let text = TextReports.check(report)
        let firstWords = story[4].split(separator: " ").prefix(3).joined(separator: " ")
        #expect(text.contains("why:") && text.contains("reuse by partial-reuse") && text.contains(firstWords))
        #expect(text.contains("reuses passages of"))
        // A copy: the rule that decided it, and the story rule that placed the article.
        let copy = try checker.check(
            Article(url: "https://third.example/ru", paragraphs: story),
            add: false,
            explain: true
        )
        #expect(copy.explanation?.storyRule == "join")
        #expect(TextReports.checkJSON(copy).contains("\"explain\":{\"story_rule\":\"join\""))
        // Without --explain there is none.
        #expect(try checker.check(article, add: false).explanation == nil)
    }

    @Test("a rewritten version of the story is a version in its lineage; an edited copy is an edit")
    func versionLineage() throws {
        let h = try Harness()
        let story = Prose.story("vl", paragraphs: 6)
        try h.add("https://wire.example/vl", story, published: "2025-04-01T08:00:00Z")
        let rewrite =
            [letters(40, seed: "newlead")] + Array(story[1..<3]) + [letters(40, seed: "newfacts")]
            + [letters(40, seed: "morefacts")] + Array(story[3..<4])
        try h.add("https://update.example/vl", rewrite, published: "2025-04-01T12:00:00Z")
        // Words changed in four paragraphs (one changed word alone reads as a localised copy's addition).
        var edited = story
        for index in 1..<5 {
            var words = edited[index].split(separator: " ").map(String.init)
            words[20] = "changed"
            edited[index] = words.joined(separator: " ")
        }
        try h.add("https://edit.example/vl", edited, published: "2025-04-01T09:00:00Z")
        let export = try h.export()
        #expect(try h.sameStory("https://wire.example/vl", "https://update.example/vl"))
        #expect(export["https://update.example/vl"]?.kind == "version")
        #expect(export["https://edit.example/vl"]?.kind == "edited")
    }

    @Test("shingle flags are stored run-length encoded and read back; a damaged blob reads as none")
    func flagsRoundTrip() throws {
        let flags: [UInt8] = [0, 0, 0, 2, 2, 2, 2, 6, 1, 1] + [UInt8](repeating: 0, count: 300) + [3]
        let encoded = BlobCoding.runLengthEncoded(flags)
        #expect(encoded.count < 20)
        let decoded = encoded.withUnsafeBytes { BlobCoding.runLengthDecoded($0, limit: flags.count) }
        #expect(decoded == flags)
        // A length that runs past the limit, or a truncated varint, gives no flags rather than garbage.
        #expect(encoded.withUnsafeBytes { BlobCoding.runLengthDecoded($0, limit: 10) } == [])
        #expect([UInt8]([2, 0x80]).withUnsafeBytes { BlobCoding.runLengthDecoded($0, limit: 100) } == [])
        // And through the store: the text read back has the flags it was stored with.
        let h = try Harness()
        let paragraphs = ["\"We will rebuild,\" the mayor said on Tuesday, after 14 homes burned down overnight."]
        try h.add("https://flags.example/f", paragraphs)
        let stored = try h.store.read { session in try session.candidateTexts([1]).first?.1 }
        #expect(stored?.flags == h.engine.fingerprinter.fingerprint(paragraphs: paragraphs).shingleFlags)
        #expect(stored?.flags.contains { $0 & ShingleFlags.quoted.rawValue != 0 } == true)
    }
}

@Suite("Passage alignment")
struct AlignmentRunTests {
    /// Every maximal diagonal run of equal shared shingles, by brute force over all pairs.
    func referenceRuns(_ new: [UInt32], _ stored: [UInt32], shared: Set<UInt32>) -> Set<[Int]> {
        var runs = Set<[Int]>()
        for p in new.indices {
            for q in stored.indices where new[p] == stored[q] && shared.contains(new[p]) {
                if p > 0 && q > 0 && new[p - 1] == stored[q - 1] && shared.contains(new[p - 1]) { continue }
                var length = 1
                while p + length < new.count && q + length < stored.count && new[p + length] == stored[q + length]
                    && shared.contains(new[p + length])
                {
                    length += 1
                }
                runs.insert([p, q, length])
            }
        }
        return runs
    }

    @Test("exact runs equal the brute-force runs, repeated and excluded shingles included", arguments: [1, 2, 3, 4])
    func exactRuns(seed: UInt64) {
        var generator = SplitMix(seed: seed)
        for _ in 0..<50 {
            // Small alphabets make repeats; zero is a shingle value like any other.
            let alphabet = UInt32.random(in: 2...12, using: &generator)
            let new = (0..<Int.random(in: 0...60, using: &generator)).map { _ in
                UInt32.random(in: 0..<alphabet, using: &generator)
            }
            let stored = (0..<Int.random(in: 0...60, using: &generator)).map { _ in
                UInt32.random(in: 0..<alphabet, using: &generator)
            }
            // Some shared values left out, as boilerplate is.
            let shared = Set(new).intersection(stored).filter { _ in Int.random(in: 0..<4, using: &generator) > 0 }
            func text(_ shingles: [UInt32]) -> ComparableText {
                ComparableText(shingles: shingles, paragraphStarts: [0], paragraphHashes: [0])
            }
            let runs = PassageAligner().exactRuns(
                new: text(new),
                stored: text(stored),
                shared: ShingleLookup(Array(shared))
            )
            #expect(Set(runs.all.map { [$0.new, $0.stored, $0.length] }) == referenceRuns(new, stored, shared: shared))
            #expect(runs.all.count == Set(runs.all.map { [$0.new, $0.stored, $0.length] }).count)
        }
    }
}
