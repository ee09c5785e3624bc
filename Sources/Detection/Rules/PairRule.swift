/// What verification concludes about a new text and a stored one.
public enum PairVerdict: String, Sendable, Codable, CaseIterable {
    /// Most of both texts is shared: a verbatim, edited, localised or updated copy.
    case near
    /// The smaller text is the opening of the larger one: a truncated copy (or its original).
    case contained
    /// The aligned article regions are one text: a copy with site chrome around it, or another window
    /// of it (a capture that starts or ends elsewhere).
    case aligned
    /// Another version of the same wire story: shared blocks in order around a rewritten lead or added
    /// paragraphs.
    case version
    /// Passages lifted into a text that is otherwise its own: linked, not one story.
    case reuse
    /// What the two share is quoted speech: independent articles quoting the same people.
    case quoteOnly
    /// The same words around other figures: a release of another quarter, a weekly figure story.
    case template
    /// A shared stretch that is none of the above.
    case unrelated

    /// The copy relation the verdict shows, when it puts both texts in one story.
    public var relation: CopyRelation? {
        switch self {
        case .near: .near
        case .contained: .contained
        case .aligned: .aligned
        case .version: .version
        case .reuse, .quoteOnly, .template, .unrelated: nil
        }
    }
}

/// One rule of verification: given what two texts share, either it decides the pair or it leaves
/// the pair to the next rule of the ``PairRuleBook``.
public protocol PairRule: Sendable {
    /// The rule's name, as `check --explain` prints it and the store records it with each match.
    var name: String { get }
    /// What the rule reads, in a few words (for `check --explain` and the documentation).
    var reads: String { get }
    /// Whether the rule reads the pair's aligned passages (computed once, before the first such rule).
    var needsAlignment: Bool { get }
    /// The verdict when the rule applies, else nil.
    func decide(_ facts: PairFacts, policy: MatchPolicy) -> PairVerdict?
}

/// Everything the pair rules read: whole-text measures (Jaccard, containment, the lead) and, for
/// the rules that need them, the aligned passages.
public struct PairFacts: Sendable {
    public var evidence: PairEvidence
    public var alignment: Alignment?

    public init(evidence: PairEvidence, alignment: Alignment? = nil) {
        self.evidence = evidence
        self.alignment = alignment
    }
}

/// The ordered list of pair rules: the first that applies decides. A pair no rule decides is
/// ``PairVerdict/unrelated``.
public struct PairRuleBook: Sendable {
    public var rules: [any PairRule]

    public init(rules: [any PairRule]) {
        self.rules = rules
    }

    /// The rules wiretrace applies, in order.
    public static let standard = PairRuleBook(rules: [
        NearCopyRule(),
        TruncatedCopyRule(),
        QuoteOnlyRule(),
        QuotedTextRule(),
        QuotedOpeningRule(),
        AlignedCopyRule(),
        FigureTemplateRule(),
        WireVersionRule(),
        PartialReuseRule(),
    ])

    /// The verdict and the name of the rule that gave it ("" when none did).
    /// - Parameter align: computes the alignment, called at most once, before the first rule that
    ///   needs it.
    public func decide(
        _ facts: inout PairFacts,
        policy: MatchPolicy,
        align: () -> Alignment
    ) -> (verdict: PairVerdict, rule: String) {
        for rule in rules {
            if rule.needsAlignment && facts.alignment == nil { facts.alignment = align() }
            if let verdict = rule.decide(facts, policy: policy) { return (verdict, rule.name) }
        }
        return (.unrelated, "")
    }
}
