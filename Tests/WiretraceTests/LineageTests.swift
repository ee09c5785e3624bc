import Testing
import WiretraceDetection
import WiretraceFingerprint
import WiretraceIngest
import WiretraceLineage

@Suite("Credit claims")
struct CreditClaimTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var byline: String? = nil
        var dateline: String? = nil
        var credits: [String] = []
        var agency: String?
        var distributor: String? = nil
        var via: String? = nil
        var strength: CreditClaim.Strength = .none
        var testDescription: String { byline ?? dateline ?? credits.first ?? "(none)" }
    }

    static let cases: [Case] = [
        // Datelines.
        Case(dateline: "LONDON (Reuters) -", agency: "reuters", strength: .dateline),
        Case(dateline: "WASHINGTON (AP) —", agency: "ap", strength: .dateline),
        Case(dateline: "March 17 (UPI) --", agency: "upi", strength: .dateline),
        Case(dateline: "PARIS (AFP) -", agency: "afp", strength: .dateline),
        Case(dateline: "LONDON (PA) -", agency: "pa", strength: .dateline),
        // Bylines.
        Case(byline: "By Jane Doe, Associated Press", agency: "ap", strength: .byline),
        Case(byline: "Greg Sullivan, Bloomberg News on", agency: "bloomberg", strength: .byline),
        Case(byline: "By AFP", agency: "afp", strength: .byline),
        Case(byline: "By VOA News", agency: "voa", strength: .byline),
        Case(byline: "By Maria Chen, USA TODAY", agency: "gannett", strength: .byline),
        Case(byline: "By Tom Hale, Riverton Herald", agency: nil),
        // Credit lines.
        Case(
            credits: ["©2025 Bloomberg L.P. Visit bloomberg.com. Distributed by Tribune Content Agency, LLC."],
            agency: "bloomberg",
            distributor: "tca",
            strength: .creditLine
        ),
        Case(credits: ["Distributed by Tribune Content Agency, LLC."], agency: nil, distributor: "tca"),
        Case(credits: ["[Source: Reuters]"], agency: "reuters", strength: .creditLine),
        Case(credits: ["(Reporting by Yuki Meyer; Editing by Lucas Petrov)"], agency: "reuters", strength: .creditLine),
        Case(
            credits: ["This story first appeared on Reuters and is republished here with permission."],
            agency: "reuters",
            strength: .creditLine
        ),
        Case(
            credits: ["This article was originally published by The Portland Bay Courier."],
            agency: nil,
            via: "The Portland Bay Courier"
        ),
        Case(
            credits: ["The post Asian banks halt appeared first on The Portland Bay Courier."],
            agency: nil,
            via: "The Portland Bay Courier"
        ),
        Case(
            credits: ["Copyright 2025 The Associated Press. All rights reserved."],
            agency: "ap",
            strength: .creditLine
        ),
        Case(
            credits: ["Distributed by The New York Times News Service."],
            agency: nil,
            distributor: "nyt"
        ),
        Case(credits: ["SOURCE Acme Robotics Inc. /PR Newswire/"], agency: "prnewswire", strength: .creditLine),
        Case(
            credits: ["View source version on businesswire.com: Business Wire"],
            agency: "businesswire",
            strength: .creditLine
        ),
        Case(credits: ["Source: GlobeNewswire"], agency: "globenewswire", strength: .creditLine),
    ]

    @Test("credit patterns name the agency, distributor or publication", arguments: cases)
    func patterns(_ c: Case) {
        let claim = CreditClaim.read(byline: c.byline, dateline: c.dateline, creditLines: c.credits, ownSiteName: nil)
        #expect(claim.agency?.id == c.agency)
        #expect(claim.distributor?.id == c.distributor)
        #expect(claim.via == c.via)
        #expect(claim.strength == c.strength)
        if c.agency != nil || c.via != nil || c.distributor != nil { #expect(claim.evidence != nil) }
    }

    @Test("a dateline the wire wrote outweighs a byline a site typed")
    func strongestClaimWins() {
        let claim = CreditClaim.read(
            byline: "By PTI",
            dateline: "WASHINGTON (AP) —",
            creditLines: [],
            ownSiteName: nil
        )
        #expect(claim.agency?.id == "ap")
    }

    @Test("a page's own name in \"appeared first on\" is no source")
    func ownNameIsNoSource() {
        let claim = CreditClaim.read(
            byline: nil,
            dateline: nil,
            creditLines: ["The post Asian banks halt appeared first on The Portland Bay Courier."],
            ownSiteName: "The Portland Bay Courier"
        )
        #expect(claim.via == nil)
    }

    @Test("agencies' own sites are recognised by host name, not by chance substrings")
    func ownSites() {
        #expect(AgencyRegistry.agency(owningHost: "apnews.com")?.id == "ap")
        #expect(AgencyRegistry.agency(owningHost: "www.reuters.com")?.id == "reuters")
        #expect(AgencyRegistry.agency(owningHost: "www.bloomberg.com")?.id == "bloomberg")
        #expect(AgencyRegistry.agency(owningHost: "www.bizwire.com")?.id == "businesswire")
        #expect(AgencyRegistry.agency(owningHost: "www.prnewswire.com")?.id == "prnewswire")
        #expect(AgencyRegistry.agency(owningHost: "map.example.com") == nil)
        #expect(AgencyRegistry.agency(owningHost: "www.upinorth.example") == nil)
        #expect(AgencyRegistry.all.count >= 13)
    }

    @Test(
        "dateline forms are found at the start of the body",
        arguments: [
            ("LONDON (Reuters) - Shares fell on Monday.", "LONDON (Reuters) -"),
            ("WASHINGTON (AP) — The Senate voted.", "WASHINGTON (AP) —"),
            ("March 17 (UPI) -- A storm hit.", "March 17 (UPI) --"),
            ("London — Officials said.", "London —"),
        ]
    )
    func datelines(_ text: String, _ expected: String) {
        #expect(CreditLines.dateline(of: text) == expected)
    }
}

/// Members of hand-made stories.
struct StoryBuilder {
    let fingerprinter = Fingerprinter()
    var members: [LineageMember] = []
    var nextID: Int64 = 1

    @discardableResult
    mutating func add(
        _ url: String,
        _ paragraphs: [String],
        title: String = "Bridge closed",
        published: String? = nil,
        fetched: String? = nil,
        byline: String? = nil,
        dateline: String? = nil,
        credits: [String] = [],
        siteName: String? = nil,
        canonical: String? = nil
    ) -> Int64 {
        let fingerprint = fingerprinter.fingerprint(paragraphs: paragraphs)
        let summary = DocumentSummary(
            id: nextID,
            url: url,
            site: SiteName.site(ofURL: url),
            title: title,
            published: published.flatMap { Timestamp(iso8601: $0) },
            fetched: fetched.flatMap { Timestamp(iso8601: $0) },
            storyID: 1,
            contentHash: fingerprint.contentHash.hex
        )
        let facts = MemberFacts(
            summary: summary,
            byline: byline,
            siteName: siteName,
            canonicalURL: canonical,
            dateline: dateline,
            creditLines: credits
        )
        members.append(LineageMembers.member(facts, text: ComparableText(fingerprint)))
        nextID += 1
        return nextID - 1
    }

    func infer() throws -> StoryLineage { try #require(LineageInference.infer(members)) }
}

extension StoryLineage {
    func edge(_ id: Int64) -> LineageEdge? { edges.first { $0.document == id } }
}

extension LineageMember {
    func with(url: String) -> LineageMember {
        var copy = self
        copy.url = url
        return copy
    }
}

@Suite("Lineage inference")
struct LineageInferenceTests {
    let wire = Texts.story("lin", paragraphs: 10)

    @Test("each derivation kind: verbatim, truncated, edited, localized, version, mirror")
    func kinds() throws {
        var b = StoryBuilder()
        let origin = b.add(
            "https://apnews.com/article/bridge",
            wire,
            published: "2025-03-01T10:00:00Z",
            dateline: "WASHINGTON (AP) —"
        )
        let update = b.add(
            "https://apnews.com/article/bridge-update",
            ["A new lede says the bridge reopens on Friday " + words(20, seed: "upd")] + wire + [
                words(30, seed: "more")
            ],
            published: "2025-03-01T13:00:00Z"
        )
        let verbatim = b.add("https://a.example/bridge", wire, published: "2025-03-01T10:30:00Z")
        let truncated = b.add("https://b.example/bridge", Array(wire.prefix(4)), published: "2025-03-01T10:40:00Z")
        let edited = b.add("https://c.example/bridge", Texts.edited(wire), published: "2025-03-01T10:50:00Z")
        let localNote =
            "Riverton commuters should use the Elm Street crossing, the county said " + words(15, seed: "loc")
        let localized = b.add(
            "https://d.example/bridge",
            wire + [localNote],
            title: "Riverton drivers face detours",
            published: "2025-03-01T11:00:00Z"
        )
        let mirror = b.add(
            "https://e.example/bridge",
            wire + [localNote],
            title: "Riverton drivers face detours",
            published: "2025-03-01T12:00:00Z"
        )
        let lineage = try b.infer()
        #expect(lineage.origin == origin)
        #expect(lineage.originMethod == "agency-site")
        #expect(lineage.agency?.id == "ap")
        #expect(lineage.edge(origin)?.kind == .origin)
        #expect(lineage.edge(update)?.kind == .version)
        #expect(lineage.edge(verbatim)?.kind == .verbatim)
        #expect(lineage.edge(truncated)?.kind == .truncated)
        #expect(lineage.edge(edited)?.kind == .edited)
        #expect(lineage.edge(localized)?.kind == .localized)
        #expect(lineage.edge(mirror)?.kind == .mirror)
        #expect(lineage.edge(mirror)?.parent == localized)
        #expect(lineage.edge(mirror)?.evidence.contains("shared-edits") == true)
        for id in [verbatim, truncated, edited, localized] { #expect(lineage.edge(id)?.parent == origin) }
        // Passage alignment: the cut copy ran the first 4 of 10 paragraphs, the local one added one.
        let cut = try #require(lineage.edge(truncated)?.alignment.flatMap(PassageAlignment.init(compact:)))
        #expect(cut.summary == "ran the first 4 of 10 paragraphs")
        let added = try #require(lineage.edge(localized)?.alignment.flatMap(PassageAlignment.init(compact:)))
        #expect(added.count(.added) == 1)
        #expect(added.count(.kept) == 10)
        let changed = try #require(lineage.edge(edited)?.alignment.flatMap(PassageAlignment.init(compact:)))
        #expect(changed.count(.changed) == 3)
    }

    @Test("the same text under another headline is an edit")
    func headlineEdit() throws {
        var b = StoryBuilder()
        let origin = b.add("https://a.example/x", wire, title: "Bridge closed", published: "2025-03-01T10:00:00Z")
        let same = b.add("https://b.example/x", wire, title: "Bridge closed", published: "2025-03-01T10:10:00Z")
        let retitled = b.add(
            "https://c.example/x",
            wire,
            title: "BREAKING: Bridge shut",
            published: "2025-03-01T10:20:00Z"
        )
        let lineage = try b.infer()
        #expect(lineage.origin == origin)
        #expect(lineage.edge(same)?.kind == .verbatim)
        #expect(lineage.edge(retitled)?.kind == .edited)
    }

    @Test("a copy naming its source descends from it, and the source is the origin even when undated")
    func namedSource() throws {
        var b = StoryBuilder()
        let source = b.add(
            "https://www.portland-courier.example/story/1",
            wire,
            fetched: "2025-03-02T09:00:00Z",
            siteName: "The Portland Courier"
        )
        let mirror = b.add(
            "https://mirror.example/story/1",
            wire + ["This article was originally published by The Portland Courier."],
            published: "2025-03-01T08:00:00Z",
            credits: ["This article was originally published by The Portland Courier."]
        )
        let other = b.add("https://other.example/story/1", wire, published: "2025-03-01T12:00:00Z")
        let lineage = try b.infer()
        #expect(lineage.origin == source)
        #expect(lineage.originMethod == "named-by-copy")
        #expect(lineage.edge(mirror)?.parent == source)
        #expect(lineage.edge(mirror)?.kind == .mirror)
        #expect(lineage.edge(mirror)?.evidence.contains("credit-via") == true)
        #expect(lineage.edge(other)?.parent == source)
    }

    @Test("a cross-domain canonical link names the parent")
    func canonicalLink() throws {
        var b = StoryBuilder()
        let origin = b.add("https://wire.example/a", wire, published: "2025-03-01T09:00:00Z")
        let first = b.add(
            "https://first.example/a",
            wire + ["Extra reporting by the First staff " + words(12, seed: "first")],
            title: "First's headline",
            published: "2025-03-01T09:30:00Z"
        )
        let syndicated = b.add(
            "https://second.example/a",
            wire + ["Extra reporting by the First staff " + words(12, seed: "first")],
            title: "Second's headline",
            published: "2025-03-01T10:00:00Z",
            canonical: "https://first.example/a"
        )
        let lineage = try b.infer()
        #expect(lineage.origin == origin)
        #expect(lineage.edge(syndicated)?.parent == first)
        #expect(lineage.edge(syndicated)?.evidence.contains("canonical") == true)
    }

    @Test("mislabelled credits are reported and do not decide the agency by majority")
    func mislabel() throws {
        var b = StoryBuilder()
        let origin = b.add(
            "https://apnews.com/article/storm",
            wire,
            published: "2025-03-01T10:00:00Z",
            dateline: "MIAMI (AP) —"
        )
        let wrong1 = b.add("https://a.example/storm", wire, published: "2025-03-01T10:20:00Z", byline: "By PTI")
        let wrong2 = b.add("https://b.example/storm", wire, published: "2025-03-01T10:30:00Z", byline: "By Reuters")
        let wrong3 = b.add("https://c.example/storm", wire, published: "2025-03-01T10:40:00Z", byline: "By Reuters")
        let right = b.add("https://d.example/storm", wire, published: "2025-03-01T10:50:00Z", byline: "By AP")
        let lineage = try b.infer()
        #expect(lineage.origin == origin)
        #expect(lineage.agency?.id == "ap")
        #expect(Set(lineage.conflictingCredits) == [wrong2, wrong3])
        #expect(lineage.edge(wrong2)?.creditAgrees == false)
        #expect(lineage.edge(right)?.creditAgrees == true)
        #expect(lineage.edge(wrong1)?.creditAgrees == nil)  // PTI is no agency wiretrace knows
    }

    @Test("without the agency's site, the strongest claim names the agency, not the majority")
    func agencyByEvidence() throws {
        var b = StoryBuilder()
        b.add("https://a.example/q", wire, published: "2025-03-01T10:00:00Z", dateline: "LONDON (Reuters) -")
        b.add("https://b.example/q", wire, published: "2025-03-01T10:10:00Z", byline: "By AP")
        b.add("https://c.example/q", wire, published: "2025-03-01T10:20:00Z", byline: "By AP")
        b.add("https://d.example/q", wire, published: "2025-03-01T10:30:00Z", byline: "By AP")
        let lineage = try b.infer()
        #expect(lineage.agency?.id == "reuters")
        #expect(lineage.conflictingCredits.count == 3)
    }

    @Test("missing dates: the day in an undated page's address places it when its fetch cannot")
    func addressDates() throws {
        // A crawl with the usual delays: 100 dated pages fetched 10 to 109 minutes after publication.
        let delays = CrawlDelayHistogram(
            counts: (10..<110).map { (bucket: CrawlDelay.bucket(seconds: Int64($0) * 60), documents: 1) }
        )
        var b = StoryBuilder()
        let dated = b.add("https://dated.example/bridge", wire, published: "2025-03-14T14:00:00Z")
        // Fetched three weeks late, but its address says it ran the day before.
        let backfilled = b.add(
            "https://late.example/2025/03/13/bridge-closed/",
            wire,
            fetched: "2025-04-05T08:00:00Z"
        )
        b.members = b.members.map { LineageMembers.estimatingTime($0, delays: delays) }
        var lineage = try b.infer()
        #expect(lineage.origin == backfilled)
        #expect(lineage.originMethod == "estimated-from-url-date")
        #expect(lineage.edge(dated)?.parent == backfilled)
        // Without the day in its address, the late fetch makes it a copy.
        b.members[1].url = "https://late.example/bridge-closed"
        b.members = b.members.map { LineageMembers.estimatingTime($0, delays: delays) }
        lineage = try b.infer()
        #expect(lineage.origin == dated)
        // An address day is a day in some time zone: it never places a page before a stated time that
        // day could still follow (2025-03-13 ends by 2025-03-14T12:00Z everywhere, not before 10:00Z).
        var c = StoryBuilder()
        let morning = c.add("https://dated.example/bridge", wire, published: "2025-03-14T10:00:00Z")
        c.add("https://late.example/2025/03/13/bridge-closed/", wire, fetched: "2025-04-05T08:00:00Z")
        c.members = c.members.map { LineageMembers.estimatingTime($0, delays: delays) }
        #expect(try c.infer().origin == morning)
        // A day after the fetch is no publication date, and with no times at all the day still orders.
        let ignored = LineageMembers.estimatingTime(
            c.members[1].with(url: "https://late.example/2025/05/01/x/"),
            delays: delays
        )
        #expect(ignored.estimatedFromURLDate == false)
        #expect(ignored.estimatedPublished! < Timestamp(iso8601: "2025-04-05T08:00:00Z")!)
        var d = StoryBuilder()
        let later = d.add("https://a.example/2025/03/15/bridge/", wire)
        let earlier = d.add("https://b.example/2025/03/12/bridge/", wire)
        d.members = d.members.map { LineageMembers.estimatingTime($0, delays: delays) }
        lineage = try d.infer()
        #expect(lineage.origin == earlier)
        #expect(lineage.edge(later)?.parent == earlier)
    }

    @Test("missing dates: fetch-time estimates order undated pages, and a stated time wins a tie")
    func missingDates() throws {
        var b = StoryBuilder()
        let undated = b.add("https://undated.example/m", wire, fetched: "2025-03-01T12:00:00Z")
        let early = b.add("https://early.example/m", wire, published: "2025-03-01T10:00:00Z")
        var lineage = try b.infer()
        #expect(lineage.origin == early)
        #expect(lineage.edge(undated)?.parent == early)
        // An estimate from the fetch time that falls before every stated time makes the undated page first.
        b.members[0].estimatedPublished = Timestamp(iso8601: "2025-03-01T09:00:00Z")
        lineage = try b.infer()
        #expect(lineage.origin == undated)
        #expect(lineage.originMethod == "estimated-from-fetch")
        // At the same minute, the stated time goes first.
        b.members[0].estimatedPublished = Timestamp(iso8601: "2025-03-01T10:00:00Z")
        lineage = try b.infer()
        #expect(lineage.origin == early)
        // With no times at all, the first fetched page is the origin.
        var c = StoryBuilder()
        let first = c.add("https://x.example/m", wire, fetched: "2025-03-01T08:00:00Z")
        c.add("https://y.example/m", wire, fetched: "2025-03-01T09:00:00Z")
        lineage = try c.infer()
        #expect(lineage.origin == first)
        #expect(lineage.originMethod == "earliest-fetched")
    }

    @Test("crawl-delay quantiles interpolate within their bucket and need enough dated pages")
    func crawlDelayQuantiles() throws {
        // 100 pages fetched 10 minutes after publication, 100 after 60 minutes.
        let histogram = CrawlDelayHistogram(counts: [
            (bucket: CrawlDelay.bucket(seconds: 600), documents: 100),
            (bucket: CrawlDelay.bucket(seconds: 3_600), documents: 100),
        ])
        let lower = try #require(histogram.quantile(0.01))
        let quarter = try #require(histogram.quantile(0.25))
        let half = try #require(histogram.quantile(0.5))
        let high = try #require(histogram.quantile(0.9))
        // Each quantile lies in its bucket, and they grow with q.
        #expect(CrawlDelay.bucket(seconds: lower) == CrawlDelay.bucket(seconds: 600))
        #expect(CrawlDelay.bucket(seconds: half) == CrawlDelay.bucket(seconds: 600))
        #expect(CrawlDelay.bucket(seconds: high) == CrawlDelay.bucket(seconds: 3_600))
        #expect(lower < quarter && quarter < half && half < high)
        #expect(abs(quarter - 600) < 30 && abs(high - 3_600) < 120)
        #expect(CrawlDelayHistogram(counts: [(bucket: 30, documents: 19)]).quantile(0.5) == nil)
    }

    @Test("at the same minute, the full text is the origin, not a cut copy")
    func tieBreak() throws {
        var b = StoryBuilder()
        let cut = b.add("https://a.example/t", Array(wire.prefix(3)), published: "2025-03-01T10:00:00Z")
        let full = b.add("https://z.example/t", wire, published: "2025-03-01T10:00:00Z")
        let lineage = try b.infer()
        #expect(lineage.origin == full)
        #expect(lineage.edge(cut)?.kind == .truncated)
    }

    @Test("at the same minute, a page's own mirror cannot vouch for the paragraph it added")
    func tieBreakIgnoresMirrors() throws {
        var b = StoryBuilder()
        let local = wire + [words(25, seed: "local")]
        let localized = b.add(
            "https://www.redhill.example/story/1",
            local,
            published: "2025-03-01T10:00:00Z",
            fetched: "2025-03-01T18:00:00Z",
            siteName: "The Redhill Ledger"
        )
        let copy = b.add(
            "https://glenwood.example/story/1",
            wire,
            published: "2025-03-01T10:00:00Z",
            fetched: "2025-03-01T10:20:00Z"
        )
        let mirror = b.add(
            "https://mirror.example/story/1",
            local + ["This article was originally published by The Redhill Ledger."],
            published: "2025-03-01T11:00:00Z",
            credits: ["This article was originally published by The Redhill Ledger."]
        )
        b.add("https://later.example/story/1", wire, published: "2025-03-01T12:00:00Z")
        let lineage = try b.infer()
        #expect(lineage.origin == copy)
        #expect(lineage.edge(localized)?.kind == .localized)
        #expect(lineage.edge(mirror)?.parent == localized)
    }

    @Test("inference depends on the members only, not on their order")
    func deterministic() throws {
        var b = StoryBuilder()
        b.add("https://apnews.com/article/d", wire, published: "2025-03-01T10:00:00Z")
        b.add("https://a.example/d", Array(wire.prefix(5)), published: "2025-03-01T10:30:00Z")
        b.add("https://b.example/d", Texts.edited(wire), fetched: "2025-03-01T12:00:00Z")
        b.add("https://c.example/d", wire + [words(20, seed: "c")], title: "C", published: "2025-03-01T11:00:00Z")
        b.add("https://d.example/d", wire + [words(20, seed: "c")], title: "C", published: "2025-03-01T11:30:00Z")
        let reference = try b.infer()
        var shuffled = b
        var generator = SplitMix(seed: 7)
        for _ in 0..<5 {
            shuffled.members.shuffle(using: &generator)
            let again = try shuffled.infer()
            #expect(again.origin == reference.origin)
            #expect(again.agency == reference.agency)
            #expect(
                Set(again.edges.map { "\($0.document)>\($0.parent ?? 0):\($0.kind)" })
                    == Set(reference.edges.map { "\($0.document)>\($0.parent ?? 0):\($0.kind)" })
            )
        }
    }
}
