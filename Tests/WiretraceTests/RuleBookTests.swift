import Foundation
import Testing
import WiretraceFingerprint
import WiretraceIngest

@testable import WiretraceDetection

/// A paragraph of `count` distinct words of letters only (no digits: a digit makes a word a figure),
/// deterministic for `seed`.
func letters(_ count: Int, seed: String) -> String {
    (0..<count).map { index in
        var word = seed
        var value = index
        repeat {
            word.append(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(value % 26))))
            value /= 26
        } while value > 0
        return word
    }.joined(separator: " ")
}

/// Texts of paragraphs of 40 distinct words, for the rule tests.
enum Prose {
    static func story(_ name: String, paragraphs: Int = 8, words: Int = 40) -> [String] {
        (0..<paragraphs).map { letters(words, seed: "\(name)q\(Character(Unicode.Scalar(UInt8(97 + $0))))") }
    }
}

@Suite("Pair rules")
struct PairRuleTests {
    let fingerprinter = Fingerprinter()
    let policy = MatchPolicy.standard

    func measure(_ new: [String], _ stored: [String]) -> PairEvidence? {
        PairEvidence.measure(
            new: ComparableText(fingerprinter.fingerprint(paragraphs: new)),
            stored: ComparableText(fingerprinter.fingerprint(paragraphs: stored)),
            boilerplate: [],
            policy: policy
        )
    }

    /// `text` with one word replaced in every third paragraph.
    func edited(_ text: [String]) -> [String] {
        text.enumerated().map { index, paragraph in
            guard index % 3 == 1 else { return paragraph }
            var words = paragraph.split(separator: " ").map(String.init)
            words[words.count / 2] = "changed"
            return words.joined(separator: " ")
        }
    }

    @Test("the pair rule book lists every rule once, in order")
    func book() {
        let names = PairRuleBook.standard.rules.map(\.name)
        #expect(
            names == [
                "near-copy", "truncated-copy", "quote-only", "quoted-text", "quoted-opening", "aligned-copy",
                "figure-template", "wire-version", "partial-reuse",
            ]
        )
        let listing = StoryRuleBook.listing().map(\.name)
        #expect(Set(listing).count == listing.count)
        #expect(listing.contains("boilerplate") && listing.contains("edits-of-new-text"))
    }

    @Test("near-copy: an edited copy; at its edge, a text whose double length keeps Jaccard under 0.5")
    func nearCopy() throws {
        let story = Prose.story("nc")
        let evidence = try #require(measure(edited(story), story))
        #expect(evidence.rule == "near-copy" && evidence.relation == .near)
        // All of the story, and as much again of its own: containment 1, Jaccard under 0.5.
        let longer = try #require(measure(story + Prose.story("ncown"), story))
        #expect(longer.informativeContainment > 0.99 && longer.informativeJaccard < 0.5)
        #expect(longer.rule != "near-copy")
    }

    @Test("truncated-copy: the opening paragraphs; at its edge, the closing ones, which share no opening")
    func truncatedCopy() throws {
        let story = Prose.story("tc")
        let opening = try #require(measure(Array(story.prefix(3)), story))
        #expect(opening.rule == "truncated-copy" && opening.relation == .contained)
        let closing = try #require(measure(Array(story.suffix(3)), story))
        #expect(closing.informativeContainment > 0.99)
        #expect(closing.rule != "truncated-copy")
    }

    @Test("quote-only: a shared paragraph in quotation marks; at its edge, the same words unquoted")
    func quoteOnly() throws {
        let quote = letters(30, seed: "qq")
        let quoted = "\"\(quote),\" the minister said."
        let first = Prose.story("qa", paragraphs: 4) + [quoted]
        let second = Prose.story("qb", paragraphs: 4) + [quoted]
        let evidence = try #require(measure(second, first))
        #expect(evidence.rule == "quote-only" && evidence.verdict == .quoteOnly)
        let plain = try #require(
            measure(Prose.story("qb", paragraphs: 4) + [quote], Prose.story("qa", paragraphs: 4) + [quote])
        )
        #expect(plain.verdict == .reuse)
    }

    @Test("quote-only: quotations and 25 words of shared prose; at its edge, 50 words (a release of quotations)")
    func quoteOnlyProse() throws {
        let quotes = (0..<3).map { "\"\(letters(30, seed: "qp\($0)"))\"" }
        func pair(prose: Int) -> PairEvidence? {
            let shared = quotes + [letters(prose, seed: "qpprose")]
            return measure(
                Prose.story("qpb", paragraphs: 5) + shared,
                Prose.story("qpa", paragraphs: 5) + shared
            )
        }
        let few = try #require(pair(prose: 25))
        #expect(few.rule == "quote-only")
        let more = try #require(pair(prose: 50))
        #expect(more.rule != "quote-only" && more.rule != "quoted-text")
        #expect(more.verdict != .quoteOnly)
    }

    @Test("quoted-text: a paragraph one page quotes and the other prints; at its edge, quoted by both")
    func quotedText() throws {
        let paragraph = letters(40, seed: "qt")
        let quoting = Prose.story("qtb", paragraphs: 4) + ["\"\(paragraph)\""]
        let printing = Prose.story("qta", paragraphs: 4) + [paragraph]
        let evidence = try #require(measure(quoting, printing))
        #expect(evidence.rule == "quoted-text" && evidence.verdict == .reuse)
        let both = try #require(measure(quoting, Prose.story("qta", paragraphs: 4) + ["\"\(paragraph)\""]))
        #expect(both.rule == "quote-only" && both.verdict == .quoteOnly)
    }

    @Test("quoted-opening: a story's first paragraph whole amid a page's own; at its edge, cut inside it")
    func quotedOpening() throws {
        let story = Prose.story("qo")
        let own = Prose.story("qoown", paragraphs: 4)
        let page = Array(own.prefix(2)) + [story[0]] + Array(own.suffix(2))
        let evidence = try #require(measure(page, story))
        #expect(evidence.rule == "quoted-opening" && evidence.verdict == .reuse)
        // A capture that stops inside the paragraph is no quotation of it.
        let cut = story[0].split(separator: " ").prefix(32).joined(separator: " ")
        let capture = try #require(measure(Array(own.prefix(2)) + [cut], story))
        #expect(capture.rule != "quoted-opening")
    }

    @Test("aligned-copy: one article inside different chrome; at its edge, prose of each page's own before it")
    func alignedCopy() throws {
        let story = Array(Prose.story("ac").prefix(6))
        let banner = letters(60, seed: "cookie")
        let related = letters(60, seed: "related")
        let first = ["Home", "News and sport"] + story + [related]
        let second = [banner, "Menu"] + story
        let evidence = try #require(measure(second, first))
        #expect(evidence.rule == "aligned-copy" && evidence.relation == .aligned)
        // Both pages have text of their own before the article: not two windows of one page.
        let other = try #require(measure([banner] + story, [letters(60, seed: "intro")] + story))
        #expect(other.rule != "aligned-copy")
    }

    @Test("figure-template: the same sentences around other figures; at its edge, one figure changed in a long text")
    func figureTemplate() throws {
        func release(_ figures: [Int]) -> [String] {
            figures.enumerated().map { index, value in
                "\(letters(12, seed: "rel\(Character(Unicode.Scalar(UInt8(97 + index))))")) \(value) percent "
                    + "\(letters(6, seed: "fig")) \(value + 7) billion \(letters(10, seed: "end\(index)"))"
            }
        }
        let evidence = try #require(measure(release([11, 23, 35, 47, 59, 61]), release([12, 24, 36, 48, 50, 62])))
        #expect(evidence.rule == "figure-template" && evidence.verdict == .template)
        let update = try #require(
            measure(
                Prose.story("ft") + ["\(letters(20, seed: "toll")) 14 \(letters(20, seed: "tail"))"],
                Prose.story("ft") + ["\(letters(20, seed: "toll")) 15 \(letters(20, seed: "tail"))"]
            )
        )
        #expect(update.verdict != .template && update.relation != nil)
    }

    @Test("wire-version: a new lead and an added paragraph around the same blocks; at its edge, a shared ending only")
    func wireVersion() throws {
        let story = Prose.story("wv", paragraphs: 6)
        let first = [letters(40, seed: "leadone")] + Array(story[1...])
        let second =
            [letters(40, seed: "leadtwo")] + Array(story[1..<3]) + [letters(40, seed: "inserted")] + Array(story[3...])
            + [letters(40, seed: "added")]
        let evidence = try #require(measure(second, first))
        #expect(evidence.rule == "wire-version" && evidence.relation == .version)
        // Two releases of one company: their own news, then the same paragraphs about the company.
        let about = [letters(50, seed: "aboutco"), letters(90, seed: "legalco")]
        let trailer = try #require(
            measure(Prose.story("newsone", paragraphs: 3) + about, Prose.story("newstwo", paragraphs: 3) + about)
        )
        #expect(trailer.rule != "wire-version" && trailer.relation == nil)
    }

    @Test("wire-version: at its other edges, a sentence of each of many paragraphs, or two runs far apart")
    func wireVersionSentences() throws {
        // The blocks are in order, hold a third of the page and span six paragraphs, but none of them
        // is half a paragraph and together they are under 15 % of the long story: not a version.
        let story = Prose.story("ws", paragraphs: 20)
        let sentences = (0..<6).map { index in
            story[2 + 3 * index].split(separator: " ").prefix(18).joined(separator: " ") + " "
                + letters(22, seed: "own\(Character(Unicode.Scalar(UInt8(97 + index))))")
        }
        let evidence = measure(sentences, story)
        #expect(evidence?.rule != "wire-version" && evidence?.relation == nil)
        // Two runs of sentences far apart, with much prose of each text's own between them: the chain
        // in order holds a third of the page and 15 % of the longer text, but the blocks the aligned
        // region keeps together do not.
        let source = letters(70, seed: "runa")
        let other = letters(40, seed: "runc")
        let long =
            Prose.story("lg", paragraphs: 1) + [source + " " + letters(60, seed: "lgb")]
            + Prose.story("lgm", paragraphs: 5) + [other + " " + letters(60, seed: "lgc")]
            + Prose.story("lgt", paragraphs: 4)
        let apart = [source] + Prose.story("ap", paragraphs: 4) + [other + " " + letters(60, seed: "apc")]
        let far = measure(apart, long)
        #expect(far?.rule != "wire-version" && far?.relation == nil)
        // The same page taking whole paragraphs is one.
        let blocks = (0..<6).map { story[2 + 3 * $0] + " " + letters(22, seed: "own\($0)") }
        let version = try #require(measure(blocks, story))
        #expect(version.rule == "wire-version" && version.relation == .version)
    }

    @Test("partial-reuse: one paragraph lifted into a page of its own; at its edge, a dozen words")
    func partialReuse() throws {
        let story = Prose.story("pr")
        let own = Prose.story("prown", paragraphs: 6)
        let page = Array(own.prefix(3)) + [story[4]] + Array(own.suffix(3))
        let evidence = try #require(measure(page, story))
        #expect(evidence.rule == "partial-reuse" && evidence.verdict == .reuse)
        let phrase = story[4].split(separator: " ").prefix(12).joined(separator: " ")
        #expect(measure(Array(own.prefix(3)) + [phrase] + Array(own.suffix(3)), story) == nil)
    }
}

@Suite("Story and merge rules")
struct StoryRuleTests {
    let fingerprinter = Fingerprinter()
    let policy = MatchPolicy.standard

    func text(_ paragraphs: [String]) -> ComparableText {
        ComparableText(fingerprinter.fingerprint(paragraphs: paragraphs))
    }

    func candidate(_ id: DocumentID, story: StoryID?, _ paragraphs: [String]) -> CandidateDocument {
        CandidateDocument(
            id: id,
            storyID: story,
            isCompilation: false,
            explained: PositionSet(),
            text: text(paragraphs)
        )
    }

    /// Evidence with the given measures, all else neutral.
    func evidence(
        relation: CopyRelation? = nil,
        verdict: PairVerdict = .unrelated,
        shared: Int = 100,
        jaccard: Double = 0.2,
        containment: Double = 0.2,
        newContained: Double = 0.2,
        storedContained: Double = 0.2,
        newIsLead: Bool = true,
        storedIsLead: Bool = true,
        storedLeadCovered: Bool = true,
        newRegion: PositionSet = PositionSet()
    ) -> PairEvidence {
        var e = PairEvidence(
            jaccard: jaccard,
            containment: containment,
            newContained: newContained,
            storedContained: storedContained,
            sharedShingles: shared,
            newShingleCount: 300,
            storedShingleCount: 300,
            informativeJaccard: jaccard,
            informativeContainment: containment,
            informativeShared: shared,
            leadCoverage: 0,
            newRegion: newRegion,
            storedRegion: PositionSet(),
            newIsLead: newIsLead,
            storedIsLead: storedIsLead,
            relation: relation
        )
        e.verdict = verdict
        e.storedLeadCovered = storedLeadCovered
        return e
    }

    func context(_ passageClusters: [UInt64: Set<Int64>] = [:]) -> StoryRuleContext {
        StoryRuleContext(
            policy: policy,
            passageClusters: passageClusters,
            clusterOf: Cluster.single,
            textOf: { _ in nil }
        )
    }

    @Test("boilerplate: a paragraph three other stories hold; at its edge, two")
    func boilerplate() {
        let stored = candidate(5, story: 9, Prose.story("bp", paragraphs: 2))
        let hash = stored.text.paragraphHashes[0]
        let three = BoilerplateRule.paragraphs(stored: stored, passageClusters: [hash: [1, 2, 3, 9]], policy: policy)
        #expect(three == [hash])
        let two = BoilerplateRule.paragraphs(stored: stored, passageClusters: [hash: [1, 2, 9]], policy: policy)
        #expect(two.isEmpty)
    }

    @Test("stock-phrase: positions pages of three stories share with the new text; at its edge, two stories")
    func stockPhrase() {
        var region = PositionSet()
        for position in 0..<10 { region.insert(position) }
        func match(_ story: StoryID) -> StoryMatcher.Match {
            StoryMatcher.Match(
                candidate: candidate(story * 10, story: story, ["x"]),
                evidence: evidence(newRegion: region)
            )
        }
        #expect(StockPhraseRule.positions([match(1), match(2), match(3)], policy: policy).count == 10)
        #expect(StockPhraseRule.positions([match(1), match(2)], policy: policy).isEmpty)
    }

    @Test("late-compilation: a page in no story found quoting a second story's lead; at its edge, one story")
    func lateCompilation() throws {
        let h = try Harness()
        let first = Prose.story("lca", paragraphs: 6)
        let second = Prose.story("lcb", paragraphs: 6)
        let third = Prose.story("lcc", paragraphs: 6)
        try h.add("https://brief.example/lc", ["FIRST", first[0], "SECOND", second[0], "THIRD", third[0]])
        try h.add("https://wire.example/lca", first)
        #expect(try h.export()["https://brief.example/lc"]?.isCompilation == false)
        try h.add("https://wire.example/lcb", second)
        #expect(try h.export()["https://brief.example/lc"]?.isCompilation == true)
    }

    @Test("compilation: a page of three stories' leads; at its edge, a story with one other lead appended")
    func compilation() throws {
        let h = try Harness()
        let stories = (0..<3).map { Prose.story("cp\($0)", paragraphs: 6) }
        for (index, story) in stories.enumerated() { try h.add("https://wire.example/cp\(index)", story) }
        let roundup = stories.flatMap { ["HEADLINE", $0[0]] }
        guard case .compilation = try h.add("https://brief.example/cp", roundup) else {
            Issue.record("the roundup is no compilation")
            return
        }
        // Most of one story with another's lead: that story's copy.
        let appended = stories[0] + [stories[1][0]]
        guard case .nearCopy = try h.add("https://copy.example/cp", appended) else {
            Issue.record("the story with an appended lead is no copy")
            return
        }
        #expect(try h.sameStory("https://copy.example/cp", "https://wire.example/cp0"))
    }

    @Test("compilation: two stories' leads over halves of a text; at its edge, one of them a template of it")
    func compilationTemplate() {
        let new = text([letters(104, seed: "ct")])
        func half(_ range: Range<Int>) -> PositionSet {
            var set = PositionSet(capacity: new.length)
            for position in range { set.insert(position) }
            return set
        }
        func state(secondVerdict: PairVerdict, secondCovered: Bool = true) -> StoryDecisionState {
            var state = StoryDecisionState(new: new)
            state.matches = [
                StoryMatcher.Match(
                    candidate: candidate(1, story: 1, ["x"]),
                    evidence: evidence(shared: 50, newRegion: half(0..<50))
                ),
                StoryMatcher.Match(
                    candidate: candidate(2, story: 2, ["y"]),
                    evidence: evidence(
                        verdict: secondVerdict,
                        shared: 50,
                        storedLeadCovered: secondCovered,
                        newRegion: half(50..<100)
                    )
                ),
            ]
            return state
        }
        var roundup = state(secondVerdict: .unrelated)
        CompilationRule().apply(to: &roundup, context: context())
        guard case .compilation = roundup.outcome else {
            Issue.record("two leads over the text make no compilation: \(String(describing: roundup.outcome))")
            return
        }
        // Another quarter's release shares the opening formula, which quotes no lead.
        var template = state(secondVerdict: .template)
        CompilationRule().apply(to: &template, context: context())
        if case .compilation = template.outcome { Issue.record("a template counted as a quoted lead") }
        // A text that shares only the opening sentence of the other's first paragraph quotes no lead.
        var sentence = state(secondVerdict: .unrelated, secondCovered: false)
        CompilationRule().apply(to: &sentence, context: context())
        if case .compilation = sentence.outcome { Issue.record("an opening sentence counted as a quoted lead") }
    }

    @Test("template-veto: a cluster whose member the new text is a template of is not joined; at its edge, no template")
    func templateVeto() throws {
        var state = StoryDecisionState(new: text(["a b c d e f"]))
        let copy = StoryMatcher.Match(
            candidate: candidate(1, story: 7, ["x"]),
            evidence: evidence(relation: .aligned, verdict: .aligned, jaccard: 0.6, containment: 0.9)
        )
        let template = StoryMatcher.Match(
            candidate: candidate(2, story: 7, ["y"]),
            evidence: evidence(verdict: .template)
        )
        state.matches = [copy, template]
        TemplateVetoRule().apply(to: &state, context: context())
        JoinRule().apply(to: &state, context: context())
        guard case .unique = state.outcome else {
            Issue.record("joined a vetoed story: \(String(describing: state.outcome))")
            return
        }
        var clear = StoryDecisionState(new: text(["a b c d e f"]))
        clear.matches = [copy]
        TemplateVetoRule().apply(to: &clear, context: context())
        JoinRule().apply(to: &clear, context: context())
        guard case .join(.story(7), []) = clear.outcome else {
            Issue.record("no join without a template: \(String(describing: clear.outcome))")
            return
        }
    }

    @Test("join: the cluster of the strongest copy evidence; at its edge, no copy evidence")
    func join() {
        var state = StoryDecisionState(new: text(["a b c d e f"]))
        state.matches = [
            StoryMatcher.Match(
                candidate: candidate(1, story: 3, ["x"]),
                evidence: evidence(relation: .near, jaccard: 0.8, containment: 0.95)
            ),
            StoryMatcher.Match(candidate: candidate(2, story: 4, ["y"]), evidence: evidence(relation: .version)),
        ]
        JoinRule(merges: []).apply(to: &state, context: context())
        guard case .join(.story(3), []) = state.outcome else {
            Issue.record("expected story 3: \(String(describing: state.outcome))")
            return
        }
        var none = StoryDecisionState(new: text(["a b c d e f"]))
        none.matches = [
            StoryMatcher.Match(candidate: candidate(1, story: 3, ["x"]), evidence: evidence(verdict: .reuse))
        ]
        JoinRule().apply(to: &none, context: context())
        guard case .unique = none.outcome else {
            Issue.record("joined without copy evidence")
            return
        }
    }

    @Test("members-are-copies: a copy relation between the members; at its edge, none")
    func membersAreCopies() {
        let rule = MembersAreCopiesRule()
        #expect(
            rule.merges(bridge: evidence(relation: .version), other: evidence(), anchor: evidence(), policy: policy)
        )
        #expect(!rule.merges(bridge: evidence(verdict: .reuse), other: evidence(), anchor: evidence(), policy: policy))
    }

    @Test("truncated-bridge: half the truncated copy is the anchor's lead; at its edge, just under half")
    func truncatedBridge() {
        let rule = TruncatedBridgeRule()
        let anchor = evidence(relation: .near)
        let other = evidence(relation: .contained, storedContained: 0.9)
        #expect(rule.merges(bridge: evidence(newContained: 0.5), other: other, anchor: anchor, policy: policy))
        #expect(!rule.merges(bridge: evidence(newContained: 0.49), other: other, anchor: anchor, policy: policy))
    }

    @Test("holds-whole: one member holds 90 % of the other from both leads; at its edge, 89 %")
    func holdsWhole() {
        let rule = HoldsWholeRule()
        let near = evidence(relation: .near)
        #expect(rule.merges(bridge: evidence(containment: 0.9), other: near, anchor: near, policy: policy))
        #expect(!rule.merges(bridge: evidence(containment: 0.89), other: near, anchor: near, policy: policy))
    }

    @Test("edits-of-new-text: two edits sharing half their union from the lead; at its edge, just under half")
    func editsOfNewText() {
        let rule = EditsOfNewTextRule()
        let near = evidence(relation: .near, storedContained: 0.95)
        #expect(rule.merges(bridge: evidence(jaccard: 0.5), other: near, anchor: near, policy: policy))
        #expect(!rule.merges(bridge: evidence(jaccard: 0.49), other: near, anchor: near, policy: policy))
    }
}

@Suite("Rule book documentation")
struct RuleDocumentationTests {
    @Test("docs/detection.md names every rule of the rule books")
    func documented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let spec = try String(contentsOf: root.appendingPathComponent("docs/detection.md"), encoding: .utf8)
        for rule in StoryRuleBook.listing() {
            #expect(spec.contains("`\(rule.name)`"), "docs/detection.md does not name \(rule.name)")
        }
    }
}
