import WiretraceIngest
import WiretraceLineage

/// One member of a story as distribution reports show it: the page, its credits and its lineage edge.
public struct DistributionEntry: Sendable, Equatable {
    public var document: DocumentID
    public var url: String
    /// Registrable domain.
    public var site: String
    public var siteName: String?
    public var title: String?
    public var byline: String?
    public var published: Timestamp?
    public var fetched: Timestamp?
    /// Agency the page credits (``Agency/id``), if any.
    public var claimedAgency: String?
    public var dateline: String?
    public var creditLines: [String]
    public var canonicalURL: String?
    /// Lineage: nil parent for the origin.
    public var parent: DocumentID?
    public var kind: String
    public var jaccard: Double?
    public var containment: Double?
    public var reverseContainment: Double?
    public var sharedEdits: Int
    public var creditAgrees: Bool?
    public var evidence: [String]
    /// Paragraph alignment with the parent, compact form (`=8-17`).
    public var alignment: String?
    public var wordCount: Int

    public init(
        document: DocumentID,
        url: String,
        site: String,
        siteName: String? = nil,
        title: String? = nil,
        byline: String? = nil,
        published: Timestamp? = nil,
        fetched: Timestamp? = nil,
        claimedAgency: String? = nil,
        dateline: String? = nil,
        creditLines: [String] = [],
        canonicalURL: String? = nil,
        parent: DocumentID? = nil,
        kind: String,
        jaccard: Double? = nil,
        containment: Double? = nil,
        reverseContainment: Double? = nil,
        sharedEdits: Int = 0,
        creditAgrees: Bool? = nil,
        evidence: [String] = [],
        alignment: String? = nil,
        wordCount: Int = 0
    ) {
        self.document = document
        self.url = url
        self.site = site
        self.siteName = siteName
        self.title = title
        self.byline = byline
        self.published = published
        self.fetched = fetched
        self.claimedAgency = claimedAgency
        self.dateline = dateline
        self.creditLines = creditLines
        self.canonicalURL = canonicalURL
        self.parent = parent
        self.kind = kind
        self.jaccard = jaccard
        self.containment = containment
        self.reverseContainment = reverseContainment
        self.sharedEdits = sharedEdits
        self.creditAgrees = creditAgrees
        self.evidence = evidence
        self.alignment = alignment
        self.wordCount = wordCount
    }

    /// The credit as the page prints it: its credit lines, else its dateline, else its byline when that
    /// credits an agency ("By Jane Doe, Associated Press"); a byline naming only a writer is no credit.
    public var creditAsPrinted: String? {
        if !creditLines.isEmpty { return creditLines.joined(separator: " | ") }
        if let dateline { return dateline }
        guard let byline else { return nil }
        let claim = CreditClaim.read(byline: byline, dateline: nil, creditLines: [], ownSiteName: nil)
        return claim.agency == nil ? nil : byline
    }
}

/// A story with every member's distribution facts, in publication order.
public struct StoryDistribution: Sendable, Equatable {
    public var story: StoryID
    public var origin: DocumentID?
    /// Agency the story is credited to (``Agency/id``).
    public var agency: String?
    /// How the origin was chosen ("agency-site", "earliest-published", …).
    public var originMethod: String?
    /// Members whose credit names another agency than the story's.
    public var conflictingCredits: Int
    public var entries: [DistributionEntry]

    public init(
        story: StoryID,
        origin: DocumentID?,
        agency: String?,
        originMethod: String?,
        conflictingCredits: Int,
        entries: [DistributionEntry]
    ) {
        self.story = story
        self.origin = origin
        self.agency = agency
        self.originMethod = originMethod
        self.conflictingCredits = conflictingCredits
        self.entries = entries
    }
}

/// One story in a list of stories: its size and how it began.
public struct StoryHeadline: Sendable, Equatable {
    public var story: StoryID
    public var title: String?
    public var agency: String?
    /// Members, origin included.
    public var members: Int
    /// Distinct sites that ran it.
    public var sites: Int
    public var originURL: String?
    public var originSite: String?
    /// Origin's publication time (fetch time when it has none).
    public var firstSeen: Timestamp?

    public init(
        story: StoryID,
        title: String?,
        agency: String?,
        members: Int,
        sites: Int,
        originURL: String?,
        originSite: String?,
        firstSeen: Timestamp?
    ) {
        self.story = story
        self.title = title
        self.agency = agency
        self.members = members
        self.sites = sites
        self.originURL = originURL
        self.originSite = originSite
        self.firstSeen = firstSeen
    }

    /// Copies: members other than the origin.
    public var copies: Int { max(0, members - 1) }
}

/// One page of a site that belongs to a story, with the facts a site report needs.
public struct SitePage: Sendable, Equatable {
    public var document: DocumentID
    public var story: StoryID
    public var isOrigin: Bool
    public var kind: String
    /// Agency of the story.
    public var storyAgency: String?
    /// Agency the page credits.
    public var claimedAgency: String?
    /// Seconds after the story's origin (nil when a time is missing on either side).
    public var delayAfterOrigin: Int64?
    /// Members of the story, and how many of them descend from this page (its direct children).
    public var storyMembers: Int
    public var children: Int
    public var storyTitle: String?

    public init(
        document: DocumentID,
        story: StoryID,
        isOrigin: Bool,
        kind: String,
        storyAgency: String?,
        claimedAgency: String?,
        delayAfterOrigin: Int64?,
        storyMembers: Int,
        children: Int,
        storyTitle: String?
    ) {
        self.document = document
        self.story = story
        self.isOrigin = isOrigin
        self.kind = kind
        self.storyAgency = storyAgency
        self.claimedAgency = claimedAgency
        self.delayAfterOrigin = delayAfterOrigin
        self.storyMembers = storyMembers
        self.children = children
        self.storyTitle = storyTitle
    }
}

/// What the database holds about one site.
public struct SiteRecords: Sendable, Equatable {
    public var site: String
    public var siteName: String?
    public var documents: Int
    /// Documents in no story, and documents set aside as roundups.
    public var unmatched: Int
    public var compilations: Int
    /// Its pages that belong to stories.
    public var storyPages: [SitePage]

    public init(
        site: String,
        siteName: String?,
        documents: Int,
        unmatched: Int,
        compilations: Int,
        storyPages: [SitePage]
    ) {
        self.site = site
        self.siteName = siteName
        self.documents = documents
        self.unmatched = unmatched
        self.compilations = compilations
        self.storyPages = storyPages
    }
}

/// One story's facts for the per-agency summary.
public struct AgencyStoryRecord: Sendable, Equatable {
    public var story: StoryID
    public var agency: String?
    public var members: Int
    public var sites: [String]
    /// Members whose credit names another agency.
    public var mislabelled: Int

    public init(story: StoryID, agency: String?, members: Int, sites: [String], mislabelled: Int) {
        self.story = story
        self.agency = agency
        self.members = members
        self.sites = sites
        self.mislabelled = mislabelled
    }
}
