import Foundation
import GRDB
import Testing
import WiretraceFingerprint
import WiretraceIngest
import WiretraceLineage

@testable import WiretraceDetection
@testable import WiretraceStore

/// A store in a temporary directory and the engine, with helpers to add articles and read stories.
final class Harness {
    let directory = TemporaryDirectory()
    let store: SQLiteStore
    let engine: StoryEngine
    var events = EngineEvents()

    init(policy: MatchPolicy? = nil) throws {
        store = try SQLiteStore(path: directory.file("test.sqlite"), mode: .readWrite, requestedPolicy: policy)
        engine = StoryEngine(fingerprinter: Fingerprinter(parameters: store.parameters), policy: store.policy)
    }

    @discardableResult
    func add(_ url: String, _ paragraphs: [String], published: String? = nil) throws -> AddOutcome {
        let article = Article(url: url, paragraphs: paragraphs, published: published.flatMap { Timestamp(iso8601: $0) })
        let fingerprint = engine.fingerprinter.fingerprint(paragraphs: paragraphs)
        return try store.write { session in
            let outcome = try engine.add(article, fingerprint: fingerprint, to: session, events: &events)
            try engine.inferLineage(&events, store: session)
            return outcome
        }
    }

    /// Story id of every URL (nil for documents in no story), from the export.
    func stories() throws -> [String: StoryID?] {
        var result: [String: StoryID?] = [:]
        try store.read { session in try session.forEachExportRecord { result[$0.url] = $0.story } }
        return result
    }

    func export() throws -> [String: ExportRecord] {
        var result: [String: ExportRecord] = [:]
        try store.read { session in try session.forEachExportRecord { result[$0.url] = $0 } }
        return result
    }

    func sameStory(_ a: String, _ b: String) throws -> Bool {
        let s = try stories()
        guard let x = s[a], let y = s[b], let x, let y else { return false }
        return x == y
    }

    func inStory(_ url: String) throws -> Bool { (try stories()[url] ?? nil) != nil }
}

/// Synthetic wire texts: paragraphs of distinct words, so overlaps are exactly the ones planted.
enum Texts {
    static func story(_ name: String, paragraphs: Int = 8, words count: Int = 40) -> [String] {
        (0..<paragraphs).map { words(count, seed: "\(name)p\($0)w") }
    }

    /// `paragraphs` with a few words replaced here and there.
    static func edited(_ paragraphs: [String]) -> [String] {
        paragraphs.enumerated().map { index, text in
            guard index % 3 == 1 else { return text }
            var parts = text.split(separator: " ").map(String.init)
            parts[parts.count / 2] = "changed\(index)"
            return parts.joined(separator: " ")
        }
    }
}

@Suite("Pair evidence")
struct PairEvidenceTests {
    let fingerprinter = Fingerprinter()
    let policy = MatchPolicy.standard

    func text(_ paragraphs: [String]) -> ComparableText {
        ComparableText(fingerprinter.fingerprint(paragraphs: paragraphs))
    }

    @Test("a truncated copy is contained, with low Jaccard, at the lead")
    func truncated() throws {
        let wire = Texts.story("t")
        let evidence = try #require(
            PairEvidence.measure(new: text(Array(wire.prefix(3))), stored: text(wire), boilerplate: [], policy: policy)
        )
        #expect(evidence.relation == .contained)
        #expect(evidence.jaccard < 0.5)
        #expect(evidence.containment > 0.99)
        #expect(evidence.newContained > 0.99 && evidence.storedContained < 0.5)
        #expect(evidence.newIsLead && evidence.storedIsLead)
    }

    @Test("an edited copy is near; a shared quote is no copy")
    func nearAndQuote() throws {
        let wire = Texts.story("e")
        let edited = try #require(
            PairEvidence.measure(new: text(Texts.edited(wire)), stored: text(wire), boilerplate: [], policy: policy)
        )
        #expect(edited.relation == .near)
        var other = Texts.story("other")
        other.insert(wire[4], at: 2)
        let quote = try #require(
            PairEvidence.measure(new: text(other), stored: text(wire), boilerplate: [], policy: policy)
        )
        #expect(quote.relation == nil)
        #expect(!quote.storedIsLead)
    }

    @Test("boilerplate paragraphs do not count")
    func boilerplate() throws {
        let legal = [words(60, seed: "about"), words(110, seed: "legal")]
        let first = Texts.story("r1", paragraphs: 3, words: 30) + legal
        let second = Texts.story("r2", paragraphs: 3, words: 30) + legal
        let plain = PairEvidence.measure(new: text(first), stored: text(second), boilerplate: [], policy: policy)
        #expect(plain?.relation == nil)  // already no copy: containment is about 0.6
        let hashes = Set(fingerprinter.fingerprint(paragraphs: legal).paragraphHashes)
        let informed = PairEvidence.measure(new: text(first), stored: text(second), boilerplate: hashes, policy: policy)
        #expect(informed == nil)  // nothing informative is shared
    }

    @Test("too little shared text is no evidence at all")
    func tooLittle() {
        let a = [words(30, seed: "x")] + [words(10, seed: "common")]
        let b = [words(30, seed: "y")] + [words(10, seed: "common")]
        #expect(PairEvidence.measure(new: text(a), stored: text(b), boilerplate: [], policy: policy) == nil)
    }

    @Test(
        "the quick test of a quoted first paragraph stops early yet answers as counting every position would",
        arguments: [0, 1, 2, 3, 4, 5, 6, 7]
    )
    func leadCouldBeQuoted(seed: Int) {
        // Lead paragraphs of 6 to 40 shingles, each position found in the other set with a probability
        // from 0 to 1: around the thresholds (8 shingles, two thirds) both answers occur.
        var generator = SplitMix(seed: UInt64(seed))
        var answers: Set<Bool> = []
        for _ in 0..<400 {
            let leadLength = Int(generator.next() % 35) + 6
            let restLength = Int(generator.next() % 20)
            let shingles = (0..<(leadLength + restLength)).map { _ in UInt32(truncatingIfNeeded: generator.next()) }
            let found = Double(generator.next() % 101) / 100
            let other = SortedShingles.sortedUnique(
                shingles.filter { _ in Double(generator.next() % 1000) / 1000 < found }
                    + (0..<30).map { _ in UInt32(truncatingIfNeeded: generator.next()) }
            )
            let starts: [UInt32] = restLength > 0 ? [0, UInt32(leadLength)] : [0]
            let lead = ComparableText(
                shingles: shingles,
                paragraphStarts: starts,
                paragraphHashes: starts.map { UInt64($0) }
            )
            let covered = shingles.prefix(leadLength).filter { sortedContains(other, $0) }.count
            let expected = covered >= policy.minLeadQuoteShingles && covered * 3 >= leadLength * 2
            #expect(PairEvidence.leadCouldBeQuoted(lead, in: other, policy: policy) == expected)
            answers.insert(expected)
        }
        #expect(answers == [true, false])
    }

    @Test("evidence measured against a text is found again for an exact copy of it, not for other texts")
    func measuredTexts() throws {
        let wire = Texts.story("m")
        let new = text(Texts.edited(wire))
        let stored = text(wire)
        let copy = text(wire)  // an exact copy stored under another id: equal content, its own arrays
        let evidence = PairEvidence.measure(new: new, stored: stored, boilerplate: [], policy: policy)
        var measured = MeasuredTexts()
        #expect(measured.evidence(against: copy, boilerplate: []) == nil)
        measured.record(evidence, against: stored, boilerplate: [])
        let found = try #require(measured.evidence(against: copy, boilerplate: []))
        #expect(found?.jaccard == evidence?.jaccard && found?.relation == evidence?.relation)
        #expect(found?.newRegion == evidence?.newRegion)
        // Other boilerplate, or another text with the same paragraphs but one word changed, is measured anew.
        #expect(measured.evidence(against: copy, boilerplate: [stored.paragraphHashes[0]]) == nil)
        var changed = wire
        changed[1] = changed[1].replacingOccurrences(of: " ", with: "  ")  // same words: same paragraph hashes
        #expect(measured.evidence(against: text(changed), boilerplate: []) != nil)
        changed[1] += " extra"
        #expect(measured.evidence(against: text(changed), boilerplate: []) == nil)
        // Measured with no evidence is remembered too.
        let unrelated = text(Texts.story("unrelated"))
        measured.record(nil, against: unrelated, boilerplate: [])
        let none = try #require(measured.evidence(against: text(Texts.story("unrelated")), boilerplate: []))
        #expect(none == nil)
    }
}

@Suite("Position sets")
struct PositionSetTests {
    @Test("subtracting and iteration agree with a set of integers", arguments: 0..<5)
    func agreesWithSet(round: Int) {
        var generator = SystemRandomNumberGenerator()
        let a = Set((0..<200).map { _ in Int.random(in: 0..<300, using: &generator) })
        let b = Set((0..<200).map { _ in Int.random(in: 0..<150, using: &generator) })
        var first = PositionSet()
        var second = PositionSet()
        for position in a { first.insert(position) }
        for position in b { second.insert(position) }
        #expect(Array(first) == a.sorted())
        #expect(Array(first.subtracting(second)) == a.subtracting(b).sorted())
        #expect(first.subtracting(second).count == first.subtractingCount(second))
        #expect(Array(PositionSet()).isEmpty)
    }
}

@Suite("Story assignment")
struct StoryAssignmentTests {
    @Test("copies of every kind join the wire story; the earliest is the origin")
    func copiesJoin() throws {
        let h = try Harness()
        let wire = Texts.story("w")
        try h.add("https://wire.example/w", wire, published: "2025-03-01T10:00:00Z")
        #expect(try h.add("https://a.example/w", wire, published: "2025-03-01T11:00:00Z").isExact)
        try h.add("https://b.example/w", Array(wire.prefix(3)), published: "2025-03-01T12:00:00Z")
        try h.add("https://c.example/w", Texts.edited(wire).enumerated().filter { $0.offset != 5 }.map(\.element))
        try h.add("https://d.example/w", ["Local readers in Riverton asked about it."] + wire)
        try h.add("https://e.example/w", Array(wire.prefix(3)) + ["This article was originally published by B."])
        let export = try h.export()
        let story = try #require(export["https://wire.example/w"]?.story)
        for site in ["a", "b", "c", "d", "e"] {
            #expect(export["https://\(site).example/w"]?.story == story, "\(site)")
        }
        #expect(export["https://wire.example/w"]?.isOrigin == true)
        #expect(export.values.filter(\.isOrigin).count == 1)
        #expect(export["https://b.example/w"]?.parentURL == "https://wire.example/w")
        #expect(export["https://b.example/w"]?.kind == "truncated")
        #expect(export["https://d.example/w"]?.kind == "localized")
        #expect(export["https://a.example/w"]?.kind == "verbatim")
    }

    @Test("a copy arriving before its original still joins, and the origin moves to the earlier page")
    func anyOrder() throws {
        let h = try Harness()
        let wire = Texts.story("o")
        try h.add("https://late.example/o", Array(wire.prefix(4)), published: "2025-03-02T09:00:00Z")
        try h.add("https://wire.example/o", wire, published: "2025-03-01T09:00:00Z")
        let export = try h.export()
        #expect(export["https://late.example/o"]?.story != nil)
        #expect(export["https://wire.example/o"]?.isOrigin == true)
        #expect(export["https://late.example/o"]?.parentURL == "https://wire.example/o")
    }

    @Test("independent articles sharing one quoted paragraph stay apart")
    func sharedQuote() throws {
        let h = try Harness()
        let first = Texts.story("q1")
        var second = Texts.story("q2")
        second.insert(first[2], at: 2)
        try h.add("https://one.example/q", first)
        try h.add("https://two.example/q", second)
        #expect(try !h.inStory("https://two.example/q"))
    }

    @Test("a roundup quoting the leads of several stories joins none and chains none", arguments: [false, true])
    func roundup(roundupFirst: Bool) throws {
        let h = try Harness()
        let stories = ["ra", "rb", "rc"].map { Texts.story($0, paragraphs: 6) }
        var roundup: [String] = []
        for (index, story) in stories.enumerated() {
            roundup.append("HEADLINE NUMBER \(index)")
            roundup.append(contentsOf: story.prefix(1))
        }
        func addStories() throws {
            for (index, story) in stories.enumerated() {
                try h.add("https://wire.example/\(index)", story)
                try h.add("https://short.example/\(index)", Array(story.prefix(2)))
            }
        }
        if roundupFirst { try h.add("https://brief.example/roundup", roundup) }
        try addStories()
        if !roundupFirst { try h.add("https://brief.example/roundup", roundup) }
        #expect(try !h.inStory("https://brief.example/roundup"))
        for index in 0..<3 {
            #expect(try h.sameStory("https://wire.example/\(index)", "https://short.example/\(index)"))
        }
        #expect(try !h.sameStory("https://wire.example/0", "https://wire.example/1"))
    }

    @Test("a roundup in no story becomes a compilation when it is found quoting a second story's lead")
    func lateSingleRoundup() throws {
        let h = try Harness()
        let first = Texts.story("la", paragraphs: 6)
        let second = Texts.story("lb", paragraphs: 6, words: 20)
        // The lead of each story under a headline. (A page opening with two whole paragraphs of one story
        // is that story's wire version: see `openingQuoted`.)
        let roundup = ["FIRST HEADLINE HERE", first[0], "SECOND HEADLINE HERE", second[0]]
        try h.add("https://brief.example/roundup", roundup)
        try h.add("https://wire.example/la", first)
        #expect(try h.export()["https://brief.example/roundup"]?.isCompilation == false)
        #expect(try !h.inStory("https://brief.example/roundup"))
        try h.add("https://wire.example/lb", second)
        #expect(try h.export()["https://brief.example/roundup"]?.isCompilation == true)
        try h.add("https://short.example/la", Array(first.prefix(2)))
        #expect(try h.sameStory("https://wire.example/la", "https://short.example/la"))
        #expect(try !h.inStory("https://brief.example/roundup"))
    }

    @Test(
        "a copy that appends another page's paragraph stays in its story unless that paragraph is the page's lead",
        arguments: [false, true],
        [false, true]
    )
    func appendedParagraph(appendsLead: Bool, otherFirst: Bool) throws {
        let h = try Harness()
        let wire = Texts.story("ap", paragraphs: 4)
        // The other page: a short first paragraph and a long second one, or the other way round.
        let short = words(12, seed: "aqshort")
        let long = words(130, seed: "aqlong")
        let other = appendsLead ? [long, short] : [short, long]
        // Its story is known only by a truncated copy when the update arrives or the other page does,
        // so most of the update is not explained yet.
        if otherFirst { try h.add("https://other.example/aq", other) }
        try h.add("https://short.example/ap", Array(wire.prefix(2)))
        try h.add("https://update.example/ap", wire + [long])
        if !otherFirst {
            #expect(try h.sameStory("https://short.example/ap", "https://update.example/ap"))
            try h.add("https://other.example/aq", other)
        }
        // Two stories' leads make a compilation; one story's text and another page's body do not.
        #expect(try h.export()["https://update.example/ap"]?.isCompilation == appendsLead)
        #expect(try h.sameStory("https://short.example/ap", "https://update.example/ap") == !appendsLead)
    }

    @Test("a copy that holds an edited copy whole, from its lead, joins it through a newcomer near both")
    func heldWhole() throws {
        let h = try Harness()
        let wire = [words(40, seed: "hw0"), words(120, seed: "hw1")] + (2..<5).map { words(40, seed: "hw\($0)") }
        // An edit that dropped the long second paragraph, and an update that added two long ones: the
        // update holds all of the edit, yet their Jaccard (0.33) is no near copy's.
        var edited = wire
        edited.remove(at: 1)
        let update = wire + [words(100, seed: "hwx"), words(100, seed: "hwy")]
        try h.add("https://edited.example/hw", edited)
        try h.add("https://update.example/hw", update)
        // Their blocks in order make them one wire story already (``WireVersionRule``); the text they were
        // made from joins it. (``HoldsWholeRule`` is tested on its own in "Merge rules".)
        #expect(try h.sameStory("https://edited.example/hw", "https://update.example/hw"))
        try h.add("https://copy.example/hw", wire)
        #expect(try h.sameStory("https://edited.example/hw", "https://copy.example/hw"))

        // A page whose body an update appended is held whole too, but not from its lead: no merge.
        let g = try Harness()
        let story = Texts.story("hz", paragraphs: 4)
        let body = words(130, seed: "hzbody")
        try g.add("https://other.example/hz", [words(12, seed: "hzlead"), body])
        try g.add("https://update.example/hz", story + [body])
        try g.add("https://copy.example/hz", [story[0], body])
        #expect(try !g.sameStory("https://other.example/hz", "https://update.example/hz"))
    }

    @Test(
        "two edits that each cut a different part are one story, before or through the text they were made from",
        arguments: [(cuts: ([2, 3], [6, 7]), merged: true), (cuts: ([1, 2, 3, 4], [5, 6, 7, 8]), merged: true)]
    )
    func editsOfOneText(cuts: ([Int], [Int]), merged: Bool) throws {
        let h = try Harness()
        let wire = Texts.story("eo", paragraphs: 10)
        func cut(_ dropped: [Int]) -> [String] {
            wire.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        }
        // Neither edit is a near copy of the other (containment 0.75 with the first cuts), but their
        // shared blocks come in order, from the lead: one wire story (``WireVersionRule``). With the second
        // cuts they share the lead and the last paragraph, a third of each.
        try h.add("https://first.example/eo", cut(cuts.0))
        try h.add("https://second.example/eo", cut(cuts.1))
        #expect(try h.sameStory("https://first.example/eo", "https://second.example/eo"))
        try h.add("https://wire.example/eo", wire)
        #expect(try h.inStory("https://wire.example/eo"))
        #expect(try h.sameStory("https://first.example/eo", "https://second.example/eo") == merged)
    }

    @Test(
        "a page with a paragraph of its own and another story's lead joins a stored near copy, not a partial one",
        arguments: [false, true]
    )
    func nearCopyQuotingALead(editHasOwnParagraph: Bool) throws {
        let h = try Harness()
        // The stored edit dropped the long second paragraph; the new page has it and appends another
        // story's lead, so the edit explains 58 % of the new page, short of the 60 % bar. With a local
        // paragraph of its own the edit is no near copy of the new page (containment 0.86).
        let wire = [words(40, seed: "nq0"), words(150, seed: "nq1")] + (2..<7).map { words(40, seed: "nq\($0)") }
        var edited = wire
        edited.remove(at: 1)
        if editHasOwnParagraph { edited.append(words(40, seed: "nqlocal")) }
        let other = [words(15, seed: "nqlead")] + Texts.story("nqo", paragraphs: 4)
        try h.add("https://other.example/nq", other)
        try h.add("https://edited.example/nq", edited)
        try h.add("https://update.example/nq", wire + [other[0]])
        #expect(try h.export()["https://update.example/nq"]?.isCompilation == editHasOwnParagraph)
        #expect(try h.sameStory("https://edited.example/nq", "https://update.example/nq") == !editHasOwnParagraph)
    }

    @Test("a stock sentence that localized pages of many stories open with is no lead they quote")
    func stockSentence() throws {
        let h = try Harness()
        let towns = ["Ashford", "Bayview", "Carlow", "Denton", "Eastleigh", "Fairhaven"]
        // Each story: the wire text, then a localized copy that opens with the town's stock sentence. From
        // the fourth story on, when three stories' pages have printed the sentence, the copy also adds a
        // long local paragraph, so its story explains only 70 % of it: the stock sentences it shares
        // with the others' leads would make it a roundup if they counted as quotations.
        for (index, town) in towns.enumerated() {
            let wire = Texts.story("ss\(index)", paragraphs: 5)
            let stock =
                "\(town) council members said they would discuss what the decision means for the area at "
                + "their next meeting."
            let local = index < 3 ? [] : [words(70, seed: "ssl\(index)")]
            try h.add("https://wire.example/ss\(index)", wire)
            try h.add("https://\(town.lowercased()).example/ss\(index)", [stock] + wire + local)
        }
        for (index, town) in towns.enumerated() {
            let local = "https://\(town.lowercased()).example/ss\(index)"
            #expect(try h.export()[local]?.isCompilation == false)
            #expect(try h.sameStory("https://wire.example/ss\(index)", local))
        }
    }

    @Test(
        "a truncated copy joins the story of an edited copy that dropped part of it, if they share its lead",
        arguments: [
            (dropped: [2], kept: 3, linked: false, merged: true),
            (dropped: [1, 2], kept: 3, linked: false, merged: false),
            // Four paragraphs of six: long enough to be a near copy of the whole text, not only a truncated one.
            (dropped: [2], kept: 4, linked: true, merged: true),
        ]
    )
    func truncatedAcrossEdits(dropped: [Int], kept: Int, linked: Bool, merged: Bool) throws {
        let h = try Harness()
        let wire = Texts.story("te", paragraphs: 6)
        try h.add("https://short.example/te", Array(wire.prefix(kept)))
        let edited = wire.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        try h.add("https://edited.example/te", edited)
        // With three paragraphs kept, the two share their opening verbatim and each goes on with text of its
        // own: a quoted opening, as a roundup's first item shows (``QuotedOpeningRule``). With four, they
        // share two blocks in order: one wire story already (``WireVersionRule``).
        #expect(try h.sameStory("https://short.example/te", "https://edited.example/te") == linked)
        // The whole text is a near copy of the edited one and holds all of the short one.
        try h.add("https://full.example/te", wire)
        #expect(try h.sameStory("https://full.example/te", "https://edited.example/te"))
        #expect(try h.sameStory("https://full.example/te", "https://short.example/te") == merged)
    }

    @Test("the documents a candidate quotes are read back, and their clusters looked up on demand")
    func quotedDocumentsRoundTrip() throws {
        let h = try Harness()
        let wire = Texts.story("qa", paragraphs: 4)
        guard case .unique(let origin) = try h.add("https://wire.example/qa", wire),
            case .nearCopy(_, let story, _) = try h.add("https://copy.example/qa", wire + ["A local note."]),
            case .unique(let lone) = try h.add("https://lone.example/qb", Texts.story("qb", paragraphs: 4)),
            case .unique(let quoting) = try h.add("https://brief.example/qc", Texts.story("qc", paragraphs: 4))
        else {
            Issue.record("unexpected outcomes")
            return
        }
        try h.store.write { session in
            for quoted in [origin, lone, 1_234_567_890_123] {
                try session.addQuotedDocument(quoting, quoted: quoted)
            }
        }
        try h.store.read { session in
            let candidate = try #require(try session.candidateDocuments([quoting]).first)
            #expect(candidate.quotedDocuments == [origin, lone, 1_234_567_890_123])
            #expect(try session.cluster(of: origin) == .story(story))
            #expect(try session.cluster(of: lone) == .single(lone))
            #expect(try session.candidateDocuments([origin]).first?.quotedDocuments == [])
        }
    }

    @Test("many candidates measured while they are read give the decision measuring afterwards gives")
    func pipelinedMeasurement() throws {
        let h = try Harness()
        let wire = Texts.story("pm", paragraphs: 10)
        // 40 copies, each cut or edited its own way (no paragraph is boilerplate: the matcher takes the
        // evidence measured ahead for every one).
        for index in 0..<40 {
            var copy = index.isMultiple(of: 2) ? Texts.edited(wire) : wire
            copy = Array(copy.prefix(4 + index % 7)) + ["Local note \(index) " + words(12, seed: "pm\(index)")]
            try h.add("https://site\(index).example/pm", copy)
        }
        let paragraphs = Texts.edited(wire) + ["A new closing line " + words(8, seed: "new")]
        let fingerprint = h.engine.fingerprinter.fingerprint(paragraphs: paragraphs)
        let text = ComparableText(fingerprint)
        let passages = h.engine.passageHashes(of: fingerprint)
        try h.store.read { session in
            // No evidence given: candidates are measured on two threads while they are read.
            let pipelined = try h.engine.decide(text, fingerprint: fingerprint, passages: passages, store: session)
            // Evidence given for none: the matcher measures every candidate itself, after reading them all.
            let sequential = try h.engine.decide(
                text,
                fingerprint: fingerprint,
                passages: passages,
                precomputed: PrecomputedEvidence(),
                store: session
            )
            #expect(pipelined.matches.count >= 24)  // enough candidates to be measured on two threads
            #expect(pipelined.matches.map(\.candidate.id) == sequential.matches.map(\.candidate.id))
            #expect("\(pipelined.matches.map(\.evidence))" == "\(sequential.matches.map(\.evidence))")
            #expect("\(pipelined.outcome)" == "\(sequential.outcome)")
        }
    }

    @Test("workers measure nothing ahead for a known address or an exact copy; the writer stores them the same")
    func evidenceAheadSkipsKnownPages() throws {
        let h = try Harness()
        let wire = Texts.story("ea", paragraphs: 6)
        for index in 0..<5 { try h.add("https://site\(index).example/ea", Array(wire.prefix(3 + index % 3))) }
        func evidence(_ url: String, _ paragraphs: [String]) throws -> PrecomputedEvidence {
            let fingerprint = h.engine.fingerprinter.fingerprint(paragraphs: paragraphs)
            let article = Article(url: url, paragraphs: paragraphs)
            return try h.store.read { session in
                try h.engine.precomputeEvidence(
                    ComparableText(fingerprint),
                    fingerprint: fingerprint,
                    urlKey: article.urlKey,
                    store: session
                )
            }
        }
        #expect(try evidence("https://new.example/ea", Texts.edited(wire)).count == 5)
        #expect(try evidence("https://new.example/ea", Array(wire.prefix(4))).count == 0)
        #expect(try evidence("https://site1.example/ea", Texts.edited(wire)).count == 0)
        // Stored with that evidence, the exact copy joins the story as an exact copy.
        let paragraphs = Array(wire.prefix(4))
        let fingerprint = h.engine.fingerprinter.fingerprint(paragraphs: paragraphs)
        let ahead = try evidence("https://new.example/ea", paragraphs)
        let outcome = try h.store.write { session in
            try h.engine.add(
                Article(url: "https://new.example/ea", paragraphs: paragraphs),
                fingerprint: fingerprint,
                evidence: ahead,
                to: session,
                events: &h.events
            )
        }
        guard case .exactCopy(_, let story?, _) = outcome else {
            Issue.record("not an exact copy in a story: \(outcome)")
            return
        }
        #expect(try h.stories()["https://site1.example/ea"] == story)
    }

    @Test("press releases sharing legal boilerplate are separate stories")
    func pressReleases() throws {
        let h = try Harness()
        let about = words(70, seed: "aboutacme")
        let legal = words(120, seed: "forwardlooking")
        for quarter in 0..<6 {
            let release = Texts.story("acme\(quarter)", paragraphs: 3, words: 30) + [about, legal]
            try h.add("https://newswire.example/acme-\(quarter)", release)
            try h.add("https://paper\(quarter).example/acme-\(quarter)", release)
            try h.add("https://other\(quarter).example/acme-\(quarter)", release)
        }
        let stories = try h.stories()
        let ids = (0..<6).map { stories["https://newswire.example/acme-\($0)"] ?? nil }
        #expect(ids.allSatisfy { $0 != nil })
        #expect(Set(ids.compactMap { $0 }).count == 6)
        for quarter in 0..<6 {
            #expect(
                try h.sameStory(
                    "https://newswire.example/acme-\(quarter)",
                    "https://paper\(quarter).example/acme-\(quarter)"
                )
            )
        }
    }

    @Test("a document bridging two stories joins one; the stories merge only if their members are copies")
    func bridges() throws {
        let h = try Harness()
        let wire = Prose.story("br", paragraphs: 8)
        // The first three paragraphs and the last six: they share one paragraph, no copy of each other.
        try h.add("https://front.example/br", Array(wire[0..<3]))
        try h.add("https://back.example/br", Array(wire[2..<8]))
        #expect(try !h.sameStory("https://front.example/br", "https://back.example/br"))
        // The whole text holds both, yet is no evidence between them.
        try h.add("https://wire.example/br", wire)
        #expect(try h.inStory("https://wire.example/br"))
        #expect(try !h.sameStory("https://front.example/br", "https://back.example/br"))
    }

    @Test("two captures of one page, one ending where the other starts over four paragraphs, are one story")
    func windows() throws {
        let h = try Harness()
        let wire = Prose.story("wn", paragraphs: 8)
        try h.add("https://front.example/wn", Array(wire[0..<6]))
        try h.add("https://back.example/wn", Array(wire[2..<8]))
        #expect(try h.sameStory("https://front.example/wn", "https://back.example/wn"))
    }

    @Test("a story copied more often than a band key's bucket holds still takes its next edited copy")
    func popularStory() throws {
        var policy = MatchPolicy()
        policy.bucketLimit = 12
        let h = try Harness(policy: policy)
        let wire = Texts.story("pop", paragraphs: 6)
        for copy in 0..<20 {
            var text = wire
            text[copy % 6] += " edited\(copy)"
            try h.add("https://site\(copy).example/pop", text)
        }
        var text = wire
        text[2] += " another local edit"
        try h.add("https://late.example/pop", text)
        #expect(try h.sameStory("https://site0.example/pop", "https://late.example/pop"))
        #expect(try h.sameStory("https://site0.example/pop", "https://site19.example/pop"))
    }

    @Test("an anchor held by more than anchorBucketLimit documents counts for none; at the limit, it counts")
    func anchorBucketLimit() throws {
        var policy = MatchPolicy()
        policy.anchorBucketLimit = 2
        let h = try Harness(policy: policy)
        // A stock sentence-long paragraph on pages otherwise their own.
        let stock = letters(30, seed: "stock")
        func page(_ name: String) -> [String] {
            [letters(40, seed: "own\(name)"), stock, letters(40, seed: "end\(name)")]
        }
        let probe = h.engine.fingerprinter.fingerprint(paragraphs: page("probe")).bandKeys
        let stockAnchors = Set(h.engine.fingerprinter.fingerprint(paragraphs: page("other")).bandKeys).intersection(
            probe
        )
        .filter(BandKey.isAnchor)
        #expect(!stockAnchors.isEmpty)
        func buckets() throws -> [Int64: [DocumentID]?] {
            let found = try h.store.read { try h.engine.bandBuckets(probe, store: $0) }
            return Dictionary(uniqueKeysWithValues: zip(probe, found).filter { stockAnchors.contains($0.0) })
        }
        try h.add("https://a.example/s", page("a"))
        try h.add("https://b.example/s", page("b"))
        #expect(try buckets().values.allSatisfy { $0?.count == 2 })
        try h.add("https://c.example/s", page("c"))
        #expect(try buckets().values.allSatisfy { $0 == nil })
        // Similarity keys keep the larger limit.
        let similarity = try h.store.read { try h.engine.bandBuckets(probe, store: $0) }.enumerated()
            .filter { !BandKey.isAnchor(probe[$0.offset]) && ($0.element?.count ?? 0) == 3 }
        #expect(!similarity.isEmpty)
    }

    @Test(
        "a search made on a snapshot and completed with the documents stored since equals a search now",
        arguments: [0, 2, 16],
        [false, true]
    )
    func completedSearch(sample: Int, fromMemory: Bool) throws {
        // Buckets of at most 3: keys of all four early copies are too common in the snapshot (their newest
        // documents counted), keys of three become too common with the later copies. Anchors: at most 2.
        var policy = MatchPolicy()
        policy.bucketLimit = 3
        policy.anchorBucketLimit = 2
        policy.commonKeySample = sample
        let h = try Harness(policy: policy)
        let wire = Texts.story("snap", paragraphs: 6)
        func copy(_ number: Int) -> [String] {
            var text = wire
            text[number % 6] += " edited\(number)"
            return text
        }
        for number in 0..<4 { try h.add("https://early\(number).example/snap", copy(number)) }
        let probe = h.engine.fingerprinter.fingerprint(paragraphs: copy(99)).bandKeys
        let search = try h.store.read { store in
            let found = try h.engine.search(probe, store: store)
            return SnapshotSearch(
                newestDocument: try store.newestDocument(),
                buckets: found.buckets,
                hits: found.hits,
                samples: found.samples
            )
        }
        #expect(search.buckets.contains { $0 == nil } && search.buckets.contains { ($0?.count ?? 0) == 3 })
        #expect(search.samples.isEmpty == (sample == 0))
        let recent = RecentPostings(newestDocument: search.newestDocument)
        for number in 4..<9 {
            try h.add("https://late\(number).example/snap", copy(number))
            let id = try h.store.read { try $0.newestDocument() }
            recent.record(id, bandKeys: h.engine.fingerprinter.fingerprint(paragraphs: copy(number)).bandKeys)
        }
        let (completed, now) = try h.store.read { store in
            (
                try h.engine.completeSearch(search, bandKeys: probe, recent: fromMemory ? recent : nil, store: store),
                try h.engine.search(probe, store: store).hits
            )
        }
        #expect(completed?.filter { $0.value >= h.engine.candidateMinimumHits } == now)
        #expect(sample == 0 || now.keys.contains { $0 > search.newestDocument })
    }

    @Test("the same URL with the same text is one document; with new text, a revision")
    func revisions() throws {
        let h = try Harness()
        let text = Texts.story("rev")
        let first = try h.add("https://a.example/rev", text)
        guard case .unique(let id) = first else {
            Issue.record("expected a new document")
            return
        }
        #expect(try h.add("https://a.example/rev", text) == .duplicate(id))
        #expect(try h.add("https://a.example/rev", text + ["An update paragraph here."]) == .revision(id, revision: 2))
        #expect(try h.add("https://a.example/rev", text + ["An update paragraph here."]) == .duplicate(id))
        let statistics = try h.store.read { try $0.statistics() }
        #expect(statistics.documents == 1 && statistics.revisions == 1)
    }

    @Test("the first document with a text: the oldest holder, whether of its current text or of a revision")
    func firstDocumentWithText() throws {
        let h = try Harness()
        let text = Texts.story("held")
        let updated = text + ["An update paragraph for the revision."]
        guard case .unique(let id) = try h.add("https://a.example/held", text) else {
            Issue.record("expected a new document")
            return
        }
        // The update is stored as a revision of the document: its text is found through `revisions`.
        #expect(try h.add("https://a.example/held", updated) == .revision(id, revision: 2))
        #expect(try h.add("https://b.example/copy", text).isExact)
        #expect(try h.add("https://c.example/updated", updated).isExact)
        func first(_ paragraphs: [String]) throws -> DocumentID? {
            let hash = h.engine.fingerprinter.fingerprint(paragraphs: paragraphs).contentHash
            return try h.store.read { session in
                let first = try session.firstDocument(withContentHash: hash)
                #expect(first == (try session.documents(withContentHash: hash).first))
                return first
            }
        }
        #expect(try first(text) == id)
        #expect(try first(updated) == id)
        #expect(try first(["A text no document holds, for the lookup that finds nothing."]) == nil)
    }
}

@Suite("Matcher decisions")
struct MatcherTests {
    let fingerprinter = Fingerprinter()

    func candidate(_ id: DocumentID, story: StoryID?, _ paragraphs: [String]) -> CandidateDocument {
        CandidateDocument(
            id: id,
            storyID: story,
            isCompilation: false,
            explained: PositionSet(),
            text: ComparableText(fingerprinter.fingerprint(paragraphs: paragraphs))
        )
    }

    @Test("two stories whose best members are copies of each other are merged")
    func mergesOnEvidence() throws {
        let wire = Texts.story("m")
        let new = ComparableText(fingerprinter.fingerprint(paragraphs: wire))
        let decision = try StoryMatcher().decide(
            new: new,
            candidates: [candidate(1, story: 10, Texts.edited(wire)), candidate(2, story: 20, wire + ["Local note."])],
            passageClusters: [:],
            clusterOf: Cluster.single,
            textOf: { _ in nil }
        )
        guard case .join(let target, let merges) = decision.outcome else {
            Issue.record("expected a join")
            return
        }
        #expect(Set([target] + merges) == [.story(10), .story(20)])
    }

    @Test("a compilation candidate is never joined through")
    func compilationsAreNotJoined() throws {
        let wire = Texts.story("c")
        var roundup = candidate(3, story: nil, wire)
        roundup.isCompilation = true
        let decision = try StoryMatcher().decide(
            new: ComparableText(fingerprinter.fingerprint(paragraphs: wire)),
            candidates: [roundup],
            passageClusters: [:],
            clusterOf: Cluster.single,
            textOf: { _ in nil }
        )
        guard case .unique = decision.outcome else {
            Issue.record("expected no join")
            return
        }
    }
}

extension AddOutcome {
    var isExact: Bool {
        if case .exactCopy = self { return true }
        return false
    }
}

@Suite("Recent postings")
struct RecentPostingsTests {
    @Test("documents above a snapshot come from memory while the range is covered")
    func covered() {
        let recent = RecentPostings(newestDocument: 10, capacity: 100)
        recent.record(11, bandKeys: [1, 2])
        recent.record(12, bandKeys: [2, 3])
        recent.record(13, bandKeys: [2])
        #expect(recent.documents(holding: 2, after: 10) == [11, 12, 13])
        #expect(recent.documents(holding: 2, after: 11) == [12, 13])
        #expect(recent.documents(holding: 1, after: 11) == [])
        #expect(recent.documents(holding: 9, after: 10) == [])
        // A snapshot older than what is covered must search the database.
        #expect(recent.documents(holding: 2, after: 9) == nil)
        #expect(!recent.covers(after: 9))
        // The newest few only: a key every copy of a large story holds is not walked to its end.
        #expect(recent.documents(holding: 2, after: 10, newest: 2) == [12, 13])
        #expect(recent.documents(holding: 2, after: 10, newest: 0) == [])
        #expect(recent.documents(holding: 2, after: 12, newest: 5) == [13])
        #expect(recent.documents(holding: 2, after: 9, newest: 1) == nil)
    }

    @Test("a jump in ids (another writer) forgets everything before it")
    func jump() {
        let recent = RecentPostings(newestDocument: 10, capacity: 100)
        recent.record(11, bandKeys: [1])
        recent.record(15, bandKeys: [1])
        #expect(recent.coveredFrom == 14)
        #expect(recent.documents(holding: 1, after: 11) == nil)
        #expect(recent.documents(holding: 1, after: 14) == [15])
    }

    @Test("only the latest documents are kept")
    func capacity() {
        let recent = RecentPostings(newestDocument: 0, capacity: 8)
        for id in 1...20 { recent.record(Int64(id), bandKeys: [7]) }
        #expect(recent.coveredFrom >= 12)
        #expect(recent.covers(after: 19))
        #expect(recent.documents(holding: 7, after: 19) == [20])
        let covered = recent.coveredFrom
        #expect(recent.documents(holding: 7, after: covered) == Array((covered + 1)...20))
    }

    @Test("many distinct 64-bit keys: the key table grows and forgets without losing one")
    func manyKeys() {
        var generator = SplitMix(seed: 29)
        let recent = RecentPostings(newestDocument: 0, capacity: 400)
        var keysOf: [DocumentID: [Int64]] = [:]
        for document in DocumentID(1)...1_000 {
            var keys = (0..<40).map { _ in Int64.random(in: .min ... .max, using: &generator) }
            if document % 100 == 0 { keys += [.min, .max, 0, -1] }  // extremes, held by several documents
            recent.record(document, bandKeys: keys)
            keysOf[document] = keys
            // Right after each record (and so after each growth of the table), recent documents' keys.
            let after = max(recent.coveredFrom, document - 30)
            for earlier in (after + 1)...document {
                #expect(recent.documents(holding: keysOf[earlier]![7], after: after) == [earlier])
            }
        }
        let covered = recent.coveredFrom
        #expect(covered >= 600 && covered < 1_000)
        for document in (covered + 1)...1_000 {
            for key in keysOf[document]!.prefix(5) {
                #expect(recent.documents(holding: key, after: covered) == [document])
            }
        }
        let holdersOfMax = stride(from: DocumentID(100), through: 1_000, by: 100).filter { $0 > covered }
        #expect(recent.documents(holding: .max, after: covered) == holdersOfMax)
        #expect(recent.documents(holding: .min, after: covered) == holdersOfMax)
        // Keys of forgotten documents are gone.
        #expect(recent.documents(holding: keysOf[1]![0], after: covered) == [])
    }

    @Test("the same answers as a plain list of every document recorded, through forgetting and jumps")
    func model() {
        var generator = SystemRandomNumberGenerator()
        for capacity in [1, 5, 64] {
            let recent = RecentPostings(newestDocument: 0, capacity: capacity)
            var recorded: [(DocumentID, [Int64])] = []
            var next: DocumentID = 1
            for step in 0..<600 {
                if step % 97 == 96 { next += Int64.random(in: 2...5, using: &generator) }  // another writer
                let keys = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                    Int64.random(in: 0..<12, using: &generator)
                }
                recent.record(next, bandKeys: keys)
                recorded.append((next, keys))
                next += 1
                for after in (next - 8)...(next - 1) {
                    for key in Int64(0)..<12 {
                        let expected: [DocumentID]? =
                            after < recent.coveredFrom
                            ? nil
                            : recorded.filter { $0.0 > after }.flatMap { document, keys in
                                keys.filter { $0 == key }.map { _ in document }
                            }
                        #expect(recent.documents(holding: key, after: after) == expected)
                    }
                }
            }
            #expect(recent.covers(after: next - 2))
        }
    }
}

@Suite("Store transactions")
struct StoreTransactionTests {
    struct Abort: Error {}

    @Test("a rolled-back write leaves no cached text behind for the id SQLite gives again")
    func rolledBackTexts() throws {
        let harness = try Harness()
        let rolledBack = [
            "Harbour cranes stood idle on Tuesday as dock workers walked out over a pay offer the port authority called final.",
            "The strike is the first at the port in eleven years, and shipping lines have begun diverting vessels north.",
        ]
        let kept = [
            "A regional orchestra will tour six small towns this autumn, playing in school halls and a converted grain store.",
            "Tickets cost five pounds, and children under twelve get in free with an adult, the organisers said on Monday.",
        ]
        var events = EngineEvents()
        var rolledBackID: DocumentID = 0
        #expect(throws: Abort.self) {
            try harness.store.write { session in
                let article = Article(url: "https://port.example/strike", paragraphs: rolledBack)
                let fingerprint = harness.engine.fingerprinter.fingerprint(paragraphs: rolledBack)
                _ = try harness.engine.add(article, fingerprint: fingerprint, to: session, events: &events)
                rolledBackID = try session.newestDocument()
                // Read back inside the transaction, as a later page's candidate would be: now cached.
                #expect(try session.candidateDocuments([rolledBackID]).count == 1)
                throw Abort()
            }
        }
        try harness.add("https://music.example/tour", kept)
        let stored = try harness.store.read { session in try session.candidateDocuments([rolledBackID]).first }
        #expect(try harness.store.read { session in try session.newestDocument() } == rolledBackID)
        #expect(
            stored?.text.shingleSet
                == ComparableText(harness.engine.fingerprinter.fingerprint(paragraphs: kept)).shingleSet
        )
    }

    @Test("a long job writes without foreign-key checks, which are on again after it, even when it fails")
    func foreignKeysAroundLongJobs() throws {
        let harness = try Harness()
        try harness.add("https://site.example/first", Texts.story("fk1"))
        #expect(try harness.store.writerChecksForeignKeys())
        try harness.store.writeInTransactions { session, commit in
            let db = try #require((session as? SQLiteSession)?.db)
            #expect(try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") == false)
            var events = EngineEvents()
            let paragraphs = Texts.story("fk2")
            let article = Article(url: "https://site.example/second", paragraphs: paragraphs)
            let fingerprint = harness.engine.fingerprinter.fingerprint(paragraphs: paragraphs)
            _ = try harness.engine.add(article, fingerprint: fingerprint, to: session, events: &events)
            try commit()
        }
        #expect(try harness.store.writerChecksForeignKeys())
        #expect(throws: Abort.self) {
            try harness.store.writeInTransactions { _, _ in throw Abort() }
        }
        #expect(try harness.store.writerChecksForeignKeys())
        #expect(try harness.store.integrityProblems().isEmpty)
        // A dangling reference is reported.
        try harness.store.writeInTransactions { session, _ in
            let db = try #require((session as? SQLiteSession)?.db)
            try db.execute(
                sql: """
                    INSERT INTO matches (document_id, matched_document_id, jaccard, containment, shared_shingles,
                                         relation)
                    VALUES (1, 999, 0.5, 0.5, 30, 'near')
                    """
            )
        }
        #expect(try harness.store.integrityProblems() == ["matches row ? refers to a missing documents row"])
    }

    @Test("after a checkpoint the database file alone holds every committed document, while readers read")
    func checkpoint() throws {
        let harness = try Harness()
        for index in 0..<20 { try harness.add("https://site\(index).example/a", Texts.story("cp\(index)")) }
        // A reader holding a snapshot does not stop the checkpoint (nor is it changed by it).
        try harness.store.read { session in
            try harness.store.checkpoint()
            #expect(try session.newestDocument() == 20)
        }
        // The file without its log: a copy of it opens with every document.
        let copy = harness.directory.file("copy.sqlite")
        try FileManager.default.copyItem(atPath: harness.directory.file("test.sqlite"), toPath: copy)
        let reopened = try SQLiteStore(path: copy, mode: .readOnly)
        #expect(try reopened.read { session in try session.newestDocument() } == 20)
    }
}
