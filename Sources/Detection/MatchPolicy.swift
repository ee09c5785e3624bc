/// Thresholds that decide when two texts are copies of one story. Defaults were tuned on the
/// development corpus (see docs/detection.md); every one can be changed per database.
public struct MatchPolicy: Sendable, Hashable, Codable {
    /// Near copy: containment of the smaller text in the larger at least this …
    public var nearContainment: Double = 0.9
    /// … and Jaccard similarity at least this.
    public var nearJaccard: Double = 0.5
    /// Truncated copy: containment of the smaller text at least this …
    public var truncatedContainment: Double = 0.85
    /// … and this share of the larger text's opening (as long as the smaller text) is shared, because
    /// sites cut stories at the end, not at the start.
    public var leadCoverage: Double = 0.7
    /// Fewest shared shingles for any match; smaller overlaps are coincidence or a shared phrase.
    public var minSharedShingles: Int = 25
    /// Fewest shingles of a whole first paragraph quoted elsewhere to count as quoting a lead (roundups
    /// quote one-sentence leads).
    public var minLeadQuoteShingles: Int = 8
    /// A shared block counts as a text's lead when it starts within this many shingles of the start …
    public var leadOffset: Int = 30
    /// … or within this fraction of the text.
    public var leadFraction: Double = 0.1
    /// A paragraph found in at least this many other stories is boilerplate for matching (passim's maxDF).
    public var boilerplateStories: Int = 3
    /// A text is explained by a story when the story's members cover at least this share of it.
    public var explainedCoverage: Double = 0.75
    /// … or at least this share when it quotes fewer than three stories' leads in all.
    public var compilationDominance: Double = 0.6
    /// A compilation is mostly quotations: the quoted leads cover at least this share of it.
    public var compilationCoverage: Double = 0.5
    /// Two matched regions are disjoint when they overlap by less than this share of the smaller.
    public var disjointOverlap: Double = 0.3
    /// A truncated copy that is not a copy of the anchor a new text joins still joins with it when
    /// the new text holds all of it and at least this share of it is the anchor's lead
    /// (``TruncatedBridgeRule``).
    public var bridgeLeadContainment: Double = 0.5
    /// Most documents a document in no story may have been found quoting and still be examined as a
    /// roundup when it quotes one more (a roundup quotes a few stories).
    public var roundupQuoteLimit: Int = 8
    /// Most candidates verified per document (by what their shared band keys are worth: a similarity
    /// key 2, an anchor 1, ``BandKey/weight(_:)``).
    public var candidateLimit: Int = 200
    /// Worth from which a candidate is always verified (three similarity keys; six anchors, a passage
    /// of some seventy words) …
    public var strongCandidateHits: Int = 6
    /// … and from which it is one of the few medium candidates (a similarity key and an anchor; three
    /// anchors).
    public var mediumCandidateHits: Int = 3
    /// Most candidates verified that are worth less than ``strongCandidateHits`` …
    public var mediumCandidateLimit: Int = 8
    /// … and less than ``mediumCandidateHits`` but at least ``weakCandidateHits`` (one similarity key;
    /// two anchors): the few that find a page lifting one or two paragraphs (partial reuse).
    public var weakCandidateLimit: Int = 4
    public var weakCandidateHits: Int = 2
    /// A band key shared by more documents than this is too common to find candidates with …
    public var bucketLimit: Int = 100
    /// … but for its newest documents, this many: a story copied more often than the limit still has
    /// its latest copies found by its keys, while a common phrase adds only a few.
    public var commonKeySample: Int = 16
    /// An anchor held by more documents than this is a stock sentence and counts for none (a copy's
    /// similarity keys find it; a page lifting a passage of a story copied more often still shares the
    /// passage windows, which are sampled).
    public var anchorBucketLimit: Int = 16
    /// Paragraphs with fewer words are not tracked as passages.
    public var minPassageWords: Int = 8
    /// Most documents remembered per passage (enough to tell boilerplate from a popular story).
    public var passageDocumentCap: Int = 64
    /// Fewest matched prose positions outside quotations for any rule on aligned passages; fewer is
    /// a shared quotation (``QuoteOnlyRule``).
    public var minNonQuoted: Int = 15
    /// Share of the matched positions in quoted speech from which what two texts share is quotations …
    public var quotedShare: Double = 0.6
    /// … unless they also share at least this many prose positions outside quotations: a copy of a
    /// release that is mostly quotations (independent articles share the quotes, not their setting).
    public var quoteOnlyMaximumProse: Int = 40
    /// Aligned copy (``AlignedCopyRule``): fewest matched prose positions in the aligned region …
    public var alignedMinimumProse: Int = 25
    /// … the share of each text's prose inside the region that is matched …
    public var alignedRegionContainment: Double = 0.7
    /// … and the most prose positions of its own a text may have on a side where the other has some.
    public var alignedEdgeSlack: Int = 15
    /// … and, for a text wholly inside the region past the other's opening, the share of the other's
    /// prose it must make up.
    public var alignedInteriorShare: Double = 0.75
    /// Figure template (``FigureTemplateRule``): fewest figures among the unshared prose positions …
    public var templateUnmatchedFigures: Double = 0.5
    /// … how many more than among the shared positions …
    public var templateFigureGap: Double = 0.3
    /// … and fewest unshared prose positions, in each text; or fewest edits that change a figure.
    public var templateUnmatchedProse: Int = 30
    public var templateFigureEdits: Int = 1
    /// … at least one for this many shared shingles.
    public var templateFigureEditSpan: Int = 40
    /// Wire version (``WireVersionRule``): fewest matched prose positions outside quotations …
    public var versionMinimumNonQuoted: Int = 30
    /// … the share of the smaller text's prose they cover …
    public var versionCoverage: Double = 0.3
    /// … the fewest paragraphs they spread over, in one of the texts …
    public var versionParagraphs: Int = 2
    /// … of which at least this many are whole (at least half matched) in one of the texts, or the
    /// aligned region's blocks hold at least ``versionLargerCoverage`` of the larger text's prose: a
    /// version keeps blocks of paragraphs or much of both texts together, a page stringing together
    /// sentences of other pages a sentence of each, far apart.
    public var versionWholeParagraphs: Int = 2
    public var versionLargerCoverage: Double = 0.15
    /// … and the share of one text's prose, from its start, in which they must begin.
    public var versionOpening: Double = 0.15
    /// Partial reuse (``PartialReuseRule``): fewest matched prose positions outside quotations.
    public var reuseMinimumNonQuoted: Int = 15
    /// Most reuse links recorded per new document (its strongest matches).
    public var reuseLinkLimit: Int = 32

    public init() {}

    /// Decodes a stored policy; settings it does not name (added by later versions) keep their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        let standard = MatchPolicy()
        nearContainment = try value(.nearContainment, standard.nearContainment)
        nearJaccard = try value(.nearJaccard, standard.nearJaccard)
        truncatedContainment = try value(.truncatedContainment, standard.truncatedContainment)
        leadCoverage = try value(.leadCoverage, standard.leadCoverage)
        minSharedShingles = try value(.minSharedShingles, standard.minSharedShingles)
        minLeadQuoteShingles = try value(.minLeadQuoteShingles, standard.minLeadQuoteShingles)
        leadOffset = try value(.leadOffset, standard.leadOffset)
        leadFraction = try value(.leadFraction, standard.leadFraction)
        boilerplateStories = try value(.boilerplateStories, standard.boilerplateStories)
        explainedCoverage = try value(.explainedCoverage, standard.explainedCoverage)
        compilationDominance = try value(.compilationDominance, standard.compilationDominance)
        compilationCoverage = try value(.compilationCoverage, standard.compilationCoverage)
        disjointOverlap = try value(.disjointOverlap, standard.disjointOverlap)
        bridgeLeadContainment = try value(.bridgeLeadContainment, standard.bridgeLeadContainment)
        roundupQuoteLimit = try value(.roundupQuoteLimit, standard.roundupQuoteLimit)
        candidateLimit = try value(.candidateLimit, standard.candidateLimit)
        strongCandidateHits = try value(.strongCandidateHits, standard.strongCandidateHits)
        mediumCandidateHits = try value(.mediumCandidateHits, standard.mediumCandidateHits)
        mediumCandidateLimit = try value(.mediumCandidateLimit, standard.mediumCandidateLimit)
        weakCandidateLimit = try value(.weakCandidateLimit, standard.weakCandidateLimit)
        weakCandidateHits = try value(.weakCandidateHits, standard.weakCandidateHits)
        bucketLimit = try value(.bucketLimit, standard.bucketLimit)
        commonKeySample = try value(.commonKeySample, standard.commonKeySample)
        anchorBucketLimit = try value(.anchorBucketLimit, standard.anchorBucketLimit)
        minPassageWords = try value(.minPassageWords, standard.minPassageWords)
        passageDocumentCap = try value(.passageDocumentCap, standard.passageDocumentCap)
        minNonQuoted = try value(.minNonQuoted, standard.minNonQuoted)
        quotedShare = try value(.quotedShare, standard.quotedShare)
        quoteOnlyMaximumProse = try value(.quoteOnlyMaximumProse, standard.quoteOnlyMaximumProse)
        alignedMinimumProse = try value(.alignedMinimumProse, standard.alignedMinimumProse)
        alignedRegionContainment = try value(.alignedRegionContainment, standard.alignedRegionContainment)
        alignedEdgeSlack = try value(.alignedEdgeSlack, standard.alignedEdgeSlack)
        alignedInteriorShare = try value(.alignedInteriorShare, standard.alignedInteriorShare)
        templateFigureGap = try value(.templateFigureGap, standard.templateFigureGap)
        templateFigureEdits = try value(.templateFigureEdits, standard.templateFigureEdits)
        templateFigureEditSpan = try value(.templateFigureEditSpan, standard.templateFigureEditSpan)
        templateUnmatchedFigures = try value(.templateUnmatchedFigures, standard.templateUnmatchedFigures)
        templateUnmatchedProse = try value(.templateUnmatchedProse, standard.templateUnmatchedProse)
        versionMinimumNonQuoted = try value(.versionMinimumNonQuoted, standard.versionMinimumNonQuoted)
        versionCoverage = try value(.versionCoverage, standard.versionCoverage)
        versionParagraphs = try value(.versionParagraphs, standard.versionParagraphs)
        versionWholeParagraphs = try value(.versionWholeParagraphs, standard.versionWholeParagraphs)
        versionLargerCoverage = try value(.versionLargerCoverage, standard.versionLargerCoverage)
        versionOpening = try value(.versionOpening, standard.versionOpening)
        reuseMinimumNonQuoted = try value(.reuseMinimumNonQuoted, standard.reuseMinimumNonQuoted)
        reuseLinkLimit = try value(.reuseLinkLimit, standard.reuseLinkLimit)
    }

    /// The default policy.
    public static let standard = MatchPolicy()
}
