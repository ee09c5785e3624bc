/// A passage two texts share: a run of shared shingles in the same order in both, allowing small
/// edits (a changed or inserted word breaks the run for a few shingles; the passage goes on).
public struct AlignedPassage: Sendable, Equatable {
    /// Shingle positions the passage spans in the new text …
    public var new: Range<Int>
    /// … and in the stored text.
    public var stored: Range<Int>
    /// Positions matched exactly, in each text (the rest of the spans are the edits).
    public var matched: Int
    /// Matched positions in quoted speech (in either text: a quotation marked in one is a quotation).
    public var quoted: Int
    /// Matched positions inside quotation marks in both texts (speech both quote; the rest of
    /// ``quoted`` is text one of them quotes and the other prints as its own).
    public var quotedInBoth: Int = 0
    /// Matched positions whose shingle holds a figure (a number, a date).
    public var figures: Int
    /// Matched positions whose shingles are common in the store (held by many other documents): set by
    /// the engine when it knows, 0 otherwise.
    public var common: Int = 0

    public init(new: Range<Int>, stored: Range<Int>, matched: Int, quoted: Int, figures: Int, common: Int = 0) {
        self.new = new
        self.stored = stored
        self.matched = matched
        self.quoted = quoted
        self.figures = figures
        self.common = common
    }

    /// Compact form for storage and `--explain`: `new.lower-new.upper/stored.lower-stored.upper:matched`,
    /// then `q` and the quoted positions when there are any.
    public var compact: String {
        "\(new.lowerBound)-\(new.upperBound)/\(stored.lowerBound)-\(stored.upperBound):\(matched)"
            + (quoted > 0 ? "q\(quoted)" : "")
    }

    /// Parses ``compact``; nil when malformed.
    public init?(compact: Substring) {
        let parts = compact.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let spans = parts[0].split(separator: "/")
        guard spans.count == 2 else { return nil }
        func range(_ text: Substring) -> Range<Int>? {
            let bounds = text.split(separator: "-")
            guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high else {
                return nil
            }
            return low..<high
        }
        let counts = parts[1].split(separator: "q", omittingEmptySubsequences: false)
        guard let new = range(spans[0]), let stored = range(spans[1]), let matched = Int(counts[0]),
            counts.count <= 2
        else { return nil }
        let quoted = counts.count == 2 ? Int(counts[1]) : 0
        guard let quoted else { return nil }
        self.init(new: new, stored: stored, matched: matched, quoted: quoted, figures: 0)
    }
}

/// How two texts align: their shared passages, and the measures the passage rules read.
///
/// Two chains of passages matter. The **region** is the best local chain: passages in the same order
/// in both texts, each prose gap between them costing a share of its length, so that a title or a
/// caption shared far from the article does not stretch it — it is the aligned article. The
/// **in-order** chain takes every passage that keeps the order (most matched positions): a wire
/// version rewrites its lead and adds paragraphs, yet its blocks come in order.
public struct Alignment: Sendable {
    /// Every shared passage, in the new text's order.
    public var passages: [AlignedPassage]
    /// Indices (in ``passages``) of the aligned region.
    public var region: [Int]
    /// Indices of the in-order chain.
    public var inOrder: [Int]
    /// Per text (new, stored): prose positions before the region, inside its span, after it, and in all.
    public var newProse: ProseSplit
    public var storedProse: ProseSplit
    /// The same about the in-order chain.
    public var newInOrderProse = ProseSplit()
    public var storedInOrderProse = ProseSplit()
    /// Prose positions matched in the region, in each text.
    public var newRegionProseMatched: Int
    public var storedRegionProseMatched: Int
    /// Prose positions matched by the in-order chain, in each text.
    public var newInOrderProseMatched: Int
    public var storedInOrderProseMatched: Int
    /// Figures in the matched and in the unmatched prose positions of each text (in-order chain).
    public var newFigures: FigureSplit
    public var storedFigures: FigureSplit
    /// Gaps inside the region where both texts hold a figure, and they differ: the same words around
    /// other facts.
    public var figureConflicts: Int
    /// Gaps between consecutive exact runs of the in-order chain small enough to be an edit (within
    /// ``PassageAligner/gapTolerance`` in both texts), and how many of them change a figure.
    public var inOrderEditGaps: Int = 0
    public var inOrderFigureConflicts: Int = 0
    /// Paragraphs holding at least ``PassageAligner/paragraphMatch`` positions matched by the in-order
    /// chain, in the text where they are more: a lifted paragraph is one, a version's blocks are several.
    public var inOrderParagraphs: Int = 0
    /// The same for the region's passages.
    public var regionParagraphs: Int = 0
    /// Prose paragraphs at least half matched by the in-order chain, in the text where they are more:
    /// copied blocks are whole paragraphs, where a page stringing sentences of other pages together
    /// shares a sentence of each.
    public var inOrderWholeParagraphs: Int = 0
    /// One text's opening paragraphs, whole, stand among prose of the other's own: the in-order chain
    /// is one passage that starts at one text's start and ends where one of its paragraphs ends, that
    /// text goes on after it, and the other text has prose of its own before it — or, when the passage
    /// is verbatim, both go on after it. A page that took a story's lead (a roundup, a wire update
    /// appending another story's first paragraph) quotes whole paragraphs; a capture of the same page
    /// that was cut stops inside one, and a wire version that kept the lead edited it.
    public var quotesOpening = false

    /// Where a text's prose lies relative to the aligned region.
    public struct ProseSplit: Sendable, Equatable {
        public var before = 0
        public var inside = 0
        public var after = 0
        public var total = 0
    }

    /// How figures fall in a text: in its matched positions and in its unmatched prose.
    public struct FigureSplit: Sendable, Equatable {
        public var matched = 0
        public var matchedFigures = 0
        public var unmatchedProse = 0
        public var unmatchedProseFigures = 0

        /// Share of matched positions with a figure.
        public var matchedShare: Double { Double(matchedFigures) / Double(max(1, matched)) }
        /// Share of unmatched prose positions with a figure.
        public var unmatchedShare: Double { Double(unmatchedProseFigures) / Double(max(1, unmatchedProse)) }
    }

    /// The passages of the in-order chain.
    public var inOrderPassages: [AlignedPassage] { inOrder.map { passages[$0] } }

    /// Matched positions of the region's passages.
    public var regionMatched: Int { region.reduce(0) { $0 + passages[$1].matched } }
    /// Quoted matched positions of the region's passages.
    public var regionQuoted: Int { region.reduce(0) { $0 + passages[$1].quoted } }
    /// Matched positions of the in-order chain.
    public var inOrderMatched: Int { inOrder.reduce(0) { $0 + passages[$1].matched } }
    public var inOrderQuoted: Int { inOrder.reduce(0) { $0 + passages[$1].quoted } }
    /// Matched positions of the in-order chain inside quotation marks in both texts.
    public var inOrderQuotedInBoth: Int { inOrder.reduce(0) { $0 + passages[$1].quotedInBoth } }

    /// Matched prose positions of the region, the smaller of the two texts' counts.
    public var regionProseMatched: Int { min(newRegionProseMatched, storedRegionProseMatched) }
    /// Matched prose positions of the in-order chain, the smaller of the two texts' counts.
    public var inOrderProseMatched: Int { min(newInOrderProseMatched, storedInOrderProseMatched) }

    /// Share of the region's prose span matched, in the new and in the stored text: chrome lines inside
    /// the article (captions, "Advertisement") do not count, rewritten sentences do.
    public var newRegionContainment: Double {
        Double(newRegionProseMatched) / Double(max(1, newProse.inside))
    }
    public var storedRegionContainment: Double {
        Double(storedRegionProseMatched) / Double(max(1, storedProse.inside))
    }
}

/// Finds the passages two texts share (exact runs of shared shingles, joined across small edits) and
/// measures how they lie; the reference is passim's local alignment, on shingles instead of characters.
public struct PassageAligner: Sendable {
    /// Shortest exact run kept (a lone shared shingle is mostly coincidence).
    public var minimumRun: Int = 2
    /// Largest gap, in positions of each text, bridged inside one passage (a changed word breaks a run
    /// for *k* shingles).
    public var gapTolerance: Int = 12
    /// Shortest passage kept, in matched positions.
    public var minimumPassage: Int = 8
    /// Cost of one prose position of gap between two passages of the region.
    public var gapCost: Double = 0.25

    public init() {}

    /// Aligns `new` with `stored`, matching only shingles in `shared` (the pair's informative shared
    /// shingles, boilerplate set aside).
    /// - Parameter excluded: when boilerplate paragraphs are set aside, the informative positions of
    ///   each text (in order); the others count as neither prose nor matched.
    /// - Complexity: O(*m* + *r* log *r* + *p*²) for *m* matching position pairs, *r* exact runs and *p*
    ///   passages.
    func align(
        new: ComparableText,
        stored: ComparableText,
        shared: ShingleLookup,
        excluded: (new: [Int], stored: [Int])? = nil
    ) -> Alignment {
        let runs = selectRuns(
            exactRuns(new: new, stored: stored, shared: shared),
            newLength: new.length,
            storedLength: stored.length
        )
        let passages = joinRuns(runs, new, stored)
        var newMask = new.proseMask()
        var storedMask = stored.proseMask()
        if let excluded {
            Self.keepOnly(excluded.new, in: &newMask)
            Self.keepOnly(excluded.stored, in: &storedMask)
        }
        let region = chain(passages, newMask: newMask, storedMask: storedMask, gapCost: gapCost)
        let inOrder = chain(passages, newMask: newMask, storedMask: storedMask, gapCost: 0)
        var alignment = Alignment(
            passages: passages,
            region: region,
            inOrder: inOrder,
            newProse: Self.split(newMask, region.map { passages[$0].new }),
            storedProse: Self.split(storedMask, region.map { passages[$0].stored }),
            newRegionProseMatched: 0,
            storedRegionProseMatched: 0,
            newInOrderProseMatched: 0,
            storedInOrderProseMatched: 0,
            newFigures: Alignment.FigureSplit(),
            storedFigures: Alignment.FigureSplit(),
            figureConflicts: 0
        )
        let newMatched = Self.matchedPositions(runs.selected, new: true, length: new.length)
        let storedMatched = Self.matchedPositions(runs.selected, new: false, length: stored.length)
        func proseMatched(_ indices: [Int], _ matched: [Bool], _ mask: [Bool], new isNew: Bool) -> Int {
            var count = 0
            for index in indices {
                let span = isNew ? passages[index].new : passages[index].stored
                for position in span where matched[position] && mask[position] { count += 1 }
            }
            return count
        }
        alignment.newRegionProseMatched = proseMatched(region, newMatched, newMask, new: true)
        alignment.storedRegionProseMatched = proseMatched(region, storedMatched, storedMask, new: false)
        alignment.newInOrderProseMatched = proseMatched(inOrder, newMatched, newMask, new: true)
        alignment.storedInOrderProseMatched = proseMatched(inOrder, storedMatched, storedMask, new: false)
        alignment.newFigures = Self.figures(new, inOrder.map { passages[$0].new }, newMatched, newMask)
        alignment.storedFigures = Self.figures(stored, inOrder.map { passages[$0].stored }, storedMatched, storedMask)
        if inOrder.count == 1 {
            let passage = passages[inOrder[0]]
            // The other text has prose of its own before the passage; or the passage is verbatim and both
            // texts go on with prose of their own after it. A verbatim opening both texts share and both
            // leave is a lead one of them quoted (a roundup's first item), where a passage both open with
            // but one of them edited is a version's rewritten lead, and a copy followed by its site's
            // "related" list goes on in one text only.
            let verbatim = passage.matched == passage.new.count && passage.matched == passage.stored.count
            let goesOn =
                verbatim && Self.proseAfter(passage.new, newMask) > gapTolerance
                && Self.proseAfter(passage.stored, storedMask) > gapTolerance
            alignment.quotesOpening =
                Self.isWholeOpening(passage.new, of: new, mask: newMask)
                && (Self.proseBefore(passage.stored, storedMask) > minimumPassage || goesOn)
                || Self.isWholeOpening(passage.stored, of: stored, mask: storedMask)
                    && (Self.proseBefore(passage.new, newMask) > minimumPassage || goesOn)
        }
        alignment.newInOrderProse = Self.split(newMask, inOrder.map { passages[$0].new })
        alignment.storedInOrderProse = Self.split(storedMask, inOrder.map { passages[$0].stored })
        let regionSpan = region.first.map { passages[$0].new.lowerBound..<passages[region.last!].new.upperBound }
        alignment.figureConflicts = figureGaps(runs.selected, within: regionSpan, new, stored).conflicts
        let chainRuns = runs.selected.filter { run in inOrder.contains { passages[$0].new.contains(run.new) } }
        (alignment.inOrderFigureConflicts, alignment.inOrderEditGaps) = figureGaps(chainRuns, within: nil, new, stored)
        alignment.regionParagraphs = max(
            Self.paragraphs(new, region.map { passages[$0].new }, newMatched, minimum: Self.paragraphMatch),
            Self.paragraphs(stored, region.map { passages[$0].stored }, storedMatched, minimum: Self.paragraphMatch)
        )
        alignment.inOrderWholeParagraphs = max(
            Self.wholeParagraphs(new, inOrder.map { passages[$0].new }, newMatched),
            Self.wholeParagraphs(stored, inOrder.map { passages[$0].stored }, storedMatched)
        )
        alignment.inOrderParagraphs = max(
            Self.paragraphs(new, inOrder.map { passages[$0].new }, newMatched, minimum: Self.paragraphMatch),
            Self.paragraphs(stored, inOrder.map { passages[$0].stored }, storedMatched, minimum: Self.paragraphMatch)
        )
        return alignment
    }

    /// An exact run: `length` positions from `new` in the new text and `stored` in the stored one.
    struct Run: Equatable {
        var new: Int
        var stored: Int
        var length: Int
    }

    /// The maximal exact runs of shared shingles (on every diagonal), and after ``selectRuns``, the
    /// ones kept.
    struct Runs {
        var all: [Run]
        var selected: [Run] = []
    }

    /// Every maximal run of shared shingles equal in both texts on one diagonal (positions advancing
    /// together), in no particular order.
    /// - Complexity: O(*n* + *m* + pairs of equal shared positions + run lengths).
    func exactRuns(new: ComparableText, stored: ComparableText, shared: ShingleLookup) -> Runs {
        let newShingles = new.shingles
        let storedShingles = stored.shingles
        // The new text's positions of each shared shingle, as chains through `next` from a small
        // open-addressing table of heads (no dictionary: this runs for every candidate measured).
        var sharedCount = 0
        for shingle in newShingles where shared.contains(shingle) { sharedCount += 1 }
        guard sharedCount > 0 else { return Runs(all: []) }
        var size = 16
        while size < 2 * sharedCount { size <<= 1 }
        let mask = size - 1
        var keys = [UInt32](repeating: 0, count: size)
        var heads = [Int32](repeating: -1, count: size)
        var next = [Int32](repeating: -1, count: newShingles.count)
        @inline(__always) func slot(of shingle: UInt32) -> Int {
            var index = Int(truncatingIfNeeded: (UInt64(shingle) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
            while heads[index] >= 0 && keys[index] != shingle { index = (index + 1) & mask }
            return index
        }
        for position in stride(from: newShingles.count - 1, through: 0, by: -1) {
            let shingle = newShingles[position]
            guard shared.contains(shingle) else { continue }
            let index = slot(of: shingle)
            keys[index] = shingle
            next[position] = heads[index]
            heads[index] = Int32(position)
        }
        // Every maximal run starts at a pair of equal shared shingles whose predecessors are not one.
        var runs: [Run] = []
        for position in storedShingles.indices {
            let shingle = storedShingles[position]
            guard shared.contains(shingle) else { continue }
            var place = Int(heads[slot(of: shingle)])
            while place >= 0 {
                defer { place = Int(next[place]) }
                if place > 0 && position > 0 && newShingles[place - 1] == storedShingles[position - 1]
                    && shared.contains(newShingles[place - 1])
                {
                    continue
                }
                var length = 1
                while place + length < newShingles.count && position + length < storedShingles.count
                    && newShingles[place + length] == storedShingles[position + length]
                    && shared.contains(newShingles[place + length])
                {
                    length += 1
                }
                runs.append(Run(new: place, stored: position, length: length))
            }
        }
        return Runs(all: runs)
    }

    /// Keeps runs of at least ``minimumRun``, longest first, that overlap no kept run in either text:
    /// a repeated phrase matches once.
    func selectRuns(_ runs: Runs, newLength: Int, storedLength: Int) -> Runs {
        var candidates = runs.all.filter { $0.length >= minimumRun }
        candidates.sort {
            $0.length != $1.length
                ? $0.length > $1.length : ($0.new != $1.new ? $0.new < $1.new : $0.stored < $1.stored)
        }
        var usedNew = [Bool](repeating: false, count: newLength)
        var usedStored = [Bool](repeating: false, count: storedLength)
        var kept: [Run] = []
        for run in candidates {
            let newSpan = run.new..<(run.new + run.length)
            let storedSpan = run.stored..<(run.stored + run.length)
            if newSpan.contains(where: { usedNew[$0] }) || storedSpan.contains(where: { usedStored[$0] }) { continue }
            for position in newSpan { usedNew[position] = true }
            for position in storedSpan { usedStored[position] = true }
            kept.append(run)
        }
        kept.sort { $0.new < $1.new }
        var result = runs
        result.selected = kept
        return result
    }

    /// Joins kept runs that follow each other in both texts within ``gapTolerance`` into passages.
    func joinRuns(_ runs: Runs, _ new: ComparableText, _ stored: ComparableText) -> [AlignedPassage] {
        var passages: [AlignedPassage] = []
        var current: AlignedPassage?
        var last: Run?
        func flag(_ run: Run) -> (quoted: Int, quotedInBoth: Int, figures: Int) {
            var quoted = 0
            var quotedInBoth = 0
            var figures = 0
            for offset in 0..<run.length {
                let a = new.flag(at: run.new + offset)
                let b = stored.flag(at: run.stored + offset)
                if a.contains(.quoted) || b.contains(.quoted) { quoted += 1 }
                if a.contains(.quoted) && b.contains(.quoted) { quotedInBoth += 1 }
                if a.contains(.figure) { figures += 1 }
            }
            return (quoted, quotedInBoth, figures)
        }
        for run in runs.selected {
            let (quoted, quotedInBoth, figures) = flag(run)
            if var passage = current, let previous = last {
                let newGap = run.new - (previous.new + previous.length)
                let storedGap = run.stored - (previous.stored + previous.length)
                if newGap >= 0 && storedGap >= 0 && newGap <= gapTolerance && storedGap <= gapTolerance {
                    passage.new = passage.new.lowerBound..<(run.new + run.length)
                    passage.stored = passage.stored.lowerBound..<(run.stored + run.length)
                    passage.matched += run.length
                    passage.quoted += quoted
                    passage.quotedInBoth += quotedInBoth
                    passage.figures += figures
                    current = passage
                    last = run
                    continue
                }
                if passage.matched >= minimumPassage { passages.append(passage) }
            }
            current = AlignedPassage(
                new: run.new..<(run.new + run.length),
                stored: run.stored..<(run.stored + run.length),
                matched: run.length,
                quoted: quoted,
                figures: figures
            )
            current?.quotedInBoth = quotedInBoth
            last = run
        }
        if let current, current.matched >= minimumPassage { passages.append(current) }
        return passages
    }

    /// The chain of passages in the same order in both texts with the best score: matched positions
    /// less `gapCost` per prose position of the larger gap between consecutive passages.
    /// - Complexity: O(*p*²).
    func chain(_ passages: [AlignedPassage], newMask: [Bool], storedMask: [Bool], gapCost: Double) -> [Int] {
        guard !passages.isEmpty else { return [] }
        func prose(_ mask: [Bool], _ range: Range<Int>) -> Int {
            guard !range.isEmpty else { return 0 }
            var count = 0
            for position in range where mask[position] { count += 1 }
            return count
        }
        var best = [Double](repeating: 0, count: passages.count)
        var previous = [Int](repeating: -1, count: passages.count)
        for i in passages.indices {
            best[i] = Double(passages[i].matched)
            for j in 0..<i {
                let before = passages[j]
                let after = passages[i]
                guard before.new.upperBound <= after.new.lowerBound, before.stored.upperBound <= after.stored.lowerBound
                else { continue }
                let gap =
                    gapCost == 0
                    ? 0
                    : max(
                        prose(newMask, before.new.upperBound..<after.new.lowerBound),
                        prose(storedMask, before.stored.upperBound..<after.stored.lowerBound)
                    )
                let score = best[j] + Double(after.matched) - gapCost * Double(gap)
                if score > best[i] {
                    best[i] = score
                    previous[i] = j
                }
            }
        }
        var end = 0
        for index in best.indices where best[index] > best[end] { end = index }
        var chain: [Int] = []
        var index = end
        while index >= 0 {
            chain.append(index)
            index = previous[index]
        }
        return chain.reversed()
    }

    /// Which positions of one text (the new one, or the stored one) the kept exact runs match.
    static func matchedPositions(_ runs: [Run], new isNew: Bool, length: Int) -> [Bool] {
        var matched = [Bool](repeating: false, count: length)
        for run in runs {
            let start = isNew ? run.new : run.stored
            for position in start..<(start + run.length) { matched[position] = true }
        }
        return matched
    }

    /// Fewest matched positions that make a paragraph count in ``Alignment/inOrderParagraphs``.
    public static let paragraphMatch = 5

    /// Paragraphs of `text` with at least `minimum` matched positions inside `spans`.
    static func paragraphs(_ text: ComparableText, _ spans: [Range<Int>], _ matched: [Bool], minimum: Int) -> Int {
        let starts = text.paragraphStarts
        var counts = [Int](repeating: 0, count: max(1, starts.count))
        var paragraph = 0
        for span in spans {
            for position in span where matched[position] {
                while paragraph + 1 < starts.count && Int(starts[paragraph + 1]) <= position { paragraph += 1 }
                counts[paragraph] += 1
            }
        }
        return counts.lazy.filter { $0 >= minimum }.count
    }

    /// Prose paragraphs of `text` (``ComparableText/proseParagraphPositions`` positions or more) of which
    /// at least half the positions are matched inside `spans`.
    static func wholeParagraphs(_ text: ComparableText, _ spans: [Range<Int>], _ matched: [Bool]) -> Int {
        let starts = text.paragraphStarts
        guard !starts.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: starts.count)
        var paragraph = 0
        for span in spans {
            for position in span where matched[position] {
                while paragraph + 1 < starts.count && Int(starts[paragraph + 1]) <= position { paragraph += 1 }
                counts[paragraph] += 1
            }
        }
        var whole = 0
        for index in starts.indices {
            let end = index + 1 < starts.count ? min(Int(starts[index + 1]), text.length) : text.length
            let length = end - min(Int(starts[index]), text.length)
            if length >= ComparableText.proseParagraphPositions && 2 * counts[index] >= length { whole += 1 }
        }
        return whole
    }

    /// Prose positions of `mask` before, inside and after `spans` (in order).
    static func split(_ mask: [Bool], _ spans: [Range<Int>]) -> Alignment.ProseSplit {
        var split = Alignment.ProseSplit()
        let lower = spans.first?.lowerBound ?? mask.count
        let upper = spans.last?.upperBound ?? mask.count
        for (position, prose) in mask.enumerated() where prose {
            split.total += 1
            if position < lower {
                split.before += 1
            } else if position < upper {
                split.inside += 1
            } else {
                split.after += 1
            }
        }
        return split
    }

    /// Figures among matched positions (inside `spans`) and among unmatched prose positions of a text.
    static func figures(
        _ text: ComparableText,
        _ spans: [Range<Int>],
        _ matched: [Bool],
        _ mask: [Bool]
    )
        -> Alignment.FigureSplit
    {
        var inSpan = [Bool](repeating: false, count: text.length)
        for span in spans { for position in span { inSpan[position] = true } }
        var split = Alignment.FigureSplit()
        for position in 0..<text.length {
            let figure = text.flag(at: position).contains(.figure)
            if matched[position] && inSpan[position] {
                split.matched += 1
                if figure { split.matchedFigures += 1 }
            } else if mask[position] && !matched[position] {
                split.unmatchedProse += 1
                if figure { split.unmatchedProseFigures += 1 }
            }
        }
        return split
    }

    /// The small gaps (edits) between consecutive exact runs — within `span` of the new text when
    /// given — and how many of them change a figure: the first word that differs is a figure in both
    /// texts (the shingle just past a run differs from the other text's by its last word alone).
    func figureGaps(
        _ runs: [Run],
        within span: Range<Int>?,
        _ new: ComparableText,
        _ stored: ComparableText
    )
        -> (conflicts: Int, gaps: Int)
    {
        let inside = span.map { span in runs.filter { span.contains($0.new) } } ?? runs
        var conflicts = 0
        var gaps = 0
        for (before, after) in zip(inside, inside.dropFirst()) {
            let newGap = after.new - (before.new + before.length)
            let storedGap = after.stored - (before.stored + before.length)
            guard newGap > 0, storedGap > 0, newGap <= gapTolerance, storedGap <= gapTolerance else { continue }
            gaps += 1
            if new.flag(at: before.new + before.length).contains(.endsWithFigure)
                && stored.flag(at: before.stored + before.length).contains(.endsWithFigure)
            {
                conflicts += 1
            }
        }
        return (conflicts, gaps)
    }

    /// True when `span` starts at the text's opening (no prose before it), ends where one of the text's
    /// paragraphs ends (its last shingles, those running into the next paragraph, are not shared), and
    /// prose of the text follows in later paragraphs, more than half as much as the span holds.
    static func isWholeOpening(_ span: Range<Int>, of text: ComparableText, mask: [Bool]) -> Bool {
        let starts = text.paragraphStarts.map { Int($0) }
        // It starts the text's prose; the paragraph it ends with ends right after it, and prose follows
        // in later ones, more than half as much as the passage holds: a lead, not the article with a list
        // of links after it.
        guard proseBefore(span, mask) == 0,
            let next = starts.first(where: { $0 > span.upperBound }), next - span.upperBound <= paragraphRunOff,
            next < text.length
        else { return false }
        let inside = mask[span].reduce(0) { $0 + ($1 ? 1 : 0) }
        return 2 * proseAfter(next..<next, mask) > inside
    }

    /// Shingles at the end of a paragraph that run into the next one: a paragraph quoted alone shares all
    /// of its shingles but these (*k* − 1 of them, 4 for 5-word shingles), give or take one.
    static let paragraphRunOff = 6

    /// Prose positions of `mask` after `span`.
    static func proseAfter(_ span: Range<Int>, _ mask: [Bool]) -> Int {
        mask[span.upperBound...].reduce(0) { $0 + ($1 ? 1 : 0) }
    }

    /// Prose positions of `mask` before `span`.
    static func proseBefore(_ span: Range<Int>, _ mask: [Bool]) -> Int {
        mask[..<span.lowerBound].reduce(0) { $0 + ($1 ? 1 : 0) }
    }

    /// Clears every position of `mask` that is not in `kept` (sorted).
    static func keepOnly(_ kept: [Int], in mask: inout [Bool]) {
        var keep = [Bool](repeating: false, count: mask.count)
        for position in kept where position < mask.count { keep[position] = true }
        for position in mask.indices where !keep[position] { mask[position] = false }
    }
}
