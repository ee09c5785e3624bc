/// One rule of story assignment: it reads the verified matches of a new document (and what earlier
/// rules worked out) and either decides the outcome, ending the book, or leaves it to the next rule.
public protocol StoryRule: Sendable {
    /// The rule's name, as `check --explain` prints it.
    var name: String { get }
    /// What the rule reads, in a few words.
    var reads: String { get }
    /// Applies the rule to `state`; setting ``StoryDecisionState/outcome`` decides.
    func apply(to state: inout StoryDecisionState, context: StoryRuleContext) throws
}

/// What the story rules read besides the matches: the policy, the clusters holding the new text's
/// paragraphs, and lookups of stored documents (asked only when a rule needs them).
public struct StoryRuleContext {
    public var policy: MatchPolicy
    public var passageClusters: [UInt64: Set<Int64>]
    /// The cluster of a stored document (``StoreReading/cluster(of:)``).
    public var clusterOf: (DocumentID) throws -> Cluster
    /// The text of a stored document (nil when unknown, or not to be read).
    public var textOf: (DocumentID) throws -> ComparableText?
}

/// The decision being made for one new document, as the story rules build it.
public struct StoryDecisionState: Sendable {
    public var new: ComparableText
    /// Verified matches the story rules read (strongest first once a rule sorts them).
    public var matches: [StoryMatcher.Match] = []
    /// Matches too small for anything but a reuse link (``PairEvidence/isLinkOnly(_:)``).
    public var linkOnly: [StoryMatcher.Match] = []
    /// Positions of the new text that stories' pages share as a stock phrase (``StockPhraseRule``).
    public var stockPhrases = PositionSet()
    /// Stored documents found to be compilations, to be taken out of their stories first.
    public var detach: [DocumentID] = []
    /// Stored documents found quoting the new text's lead.
    public var quotedBy: [DocumentID] = []
    /// Clusters the new document may not join (``TemplateVetoRule``), with the rule that excluded them.
    public var excluded: [Cluster: String] = [:]
    /// The clusters merged into the joined one, with the merge rule that allowed each.
    public var merges: [(cluster: Cluster, rule: String)] = []
    public var newExplained = PositionSet()
    public var storedExplained: [DocumentID: PositionSet] = [:]
    public var quotedDocuments: [DocumentID] = []
    /// The outcome, once a rule decided it, and that rule's name.
    public var outcome: StoryMatcher.Decision.Outcome?
    public var decidedBy = ""

    public init(new: ComparableText) {
        self.new = new
    }

    /// The decision this state makes (a document of its own when no rule decided).
    public var decision: StoryMatcher.Decision {
        StoryMatcher.Decision(
            matches: matches + linkOnly,
            detach: detach,
            outcome: outcome ?? .unique,
            newExplained: newExplained,
            storedExplained: storedExplained,
            quotedDocuments: quotedDocuments,
            quotedBy: quotedBy,
            rule: decidedBy,
            mergeRules: merges.map(\.rule),
            excluded: excluded,
            stockPhrases: stockPhrases
        )
    }
}

/// The ordered list of story rules (``StoryRule``), and the merge rules (``MergeRule``) the join rule
/// applies to each further cluster with copy evidence.
public struct StoryRuleBook: Sendable {
    public var rules: [any StoryRule]
    public var merges: [any MergeRule]

    public init(rules: [any StoryRule], merges: [any MergeRule]) {
        self.rules = rules
        self.merges = merges
    }

    /// The rules wiretrace applies, in order. Boilerplate (``BoilerplateRule``) is set aside before
    /// any of them, when each candidate is measured.
    public static let standard = StoryRuleBook(
        rules: [
            StockPhraseRule(),
            LateCompilationRule(),
            CompilationRule(),
            TemplateVetoRule(),
            JoinRule(merges: MergeRuleBook.standard),
        ],
        merges: MergeRuleBook.standard
    )

    /// Every rule's name and what it reads, in the order they apply: the pair rules, boilerplate, the
    /// story rules and the merge rules (for `--explain` and the documentation).
    public static func listing(
        pairs: PairRuleBook = .standard,
        stories: StoryRuleBook = .standard
    )
        -> [(stage: String, name: String, reads: String)]
    {
        pairs.rules.map { ("pair", $0.name, $0.reads) }
            + [("story", BoilerplateRule.name, BoilerplateRule.reads)]
            + stories.rules.map { ("story", $0.name, $0.reads) }
            + stories.merges.map { ("merge", $0.name, $0.reads) }
    }
}
