import WiretraceDetection
import WiretraceIngest
import WiretraceLineage

/// How much of a site's output is syndicated, from which agencies, and what it originates that others copy.
public struct SiteReport: Sendable {
    /// A story the site took part in.
    public struct StoryLine: Sendable {
        public var story: StoryID
        public var title: String?
        public var members: Int
        public var kind: String
        public var isOrigin: Bool
        public var delayAfterOrigin: Int64?
        /// Pages copied directly from this site's page.
        public var children: Int
    }

    public var site: String
    public var siteName: String?
    public var documents: Int
    /// Pages that are copies of a story another page began, or that ran an agency's story first: a story
    /// whose credit names an agency is the agency's, wherever it was seen first (unless this is the
    /// agency's own site).
    public var syndicated: Int
    /// Of `syndicated`, the pages that were the earliest known copy of an agency's story.
    public var firstToRunAgencyStory: Int
    /// Pages that began a story others copied (the site's own stories, not an agency's).
    public var originated: Int
    public var unmatched: Int
    public var compilations: Int
    /// Syndicated pages per agency (story agency by name; "unknown" when none is credited).
    public var agencies: [(name: String, pages: Int)]
    /// Syndicated pages per derivation kind.
    public var kinds: [(kind: String, pages: Int)]
    /// Median delay of its copies after each story's origin, in seconds.
    public var medianDelay: Int64?
    /// Its pages whose credit names another agency than the story's.
    public var mislabelled: Int
    /// Stories it ran, most widely syndicated first.
    public var topStories: [StoryLine]
    /// Stories it began, with their copies.
    public var originatedStories: [StoryLine]
    /// Copies made of its pages, in all (members of the stories it began, other than its page).
    public var copiesOfOriginals: Int

    /// Share of the site's documents that are copies.
    public var syndicatedShare: Double { documents > 0 ? Double(syndicated) / Double(documents) : 0 }

    /// Builds the report from stored facts.
    /// - Parameter limit: how many stories to list.
    public init(_ records: SiteRecords, limit: Int = 10) {
        site = records.site
        siteName = records.siteName
        documents = records.documents
        unmatched = records.unmatched
        compilations = records.compilations
        let pages = records.storyPages
        // The site is an agency's own when its host or the name it gives itself names the agency.
        let ownAgency =
            AgencyRegistry.agency(owningHost: records.site)
            ?? records.siteName.flatMap(AgencyRegistry.agency(named:))
        func isOwnStory(_ page: SitePage) -> Bool {
            page.isOrigin && (page.storyAgency == nil || page.storyAgency == ownAgency?.id)
        }
        let copies = pages.filter { !isOwnStory($0) }
        let originals = pages.filter(isOwnStory)
        syndicated = copies.count
        firstToRunAgencyStory = copies.filter(\.isOrigin).count
        originated = originals.count
        var byAgency: [String: Int] = [:]
        var byKind: [String: Int] = [:]
        for page in copies {
            byAgency[page.storyAgency.map(StoryReport.agencyName) ?? "unknown", default: 0] += 1
            byKind[page.isOrigin ? "first-copy" : page.kind, default: 0] += 1
        }
        agencies = byAgency.map { (name: $0.key, pages: $0.value) }.sorted {
            $0.pages != $1.pages ? $0.pages > $1.pages : $0.name < $1.name
        }
        kinds = byKind.map { (kind: $0.key, pages: $0.value) }.sorted {
            $0.pages != $1.pages ? $0.pages > $1.pages : $0.kind < $1.kind
        }
        medianDelay = Statistics.median(copies.compactMap(\.delayAfterOrigin).filter { $0 >= 0 })
        mislabelled =
            pages.filter { page in
                guard let claimed = page.claimedAgency, let agency = page.storyAgency else { return false }
                return claimed != agency
            }.count
        func line(_ page: SitePage) -> StoryLine {
            StoryLine(
                story: page.story,
                title: page.storyTitle,
                members: page.storyMembers,
                kind: isOwnStory(page) ? "origin" : page.isOrigin ? "first-copy" : page.kind,
                isOrigin: page.isOrigin,
                delayAfterOrigin: page.isOrigin ? 0 : page.delayAfterOrigin,
                children: page.children
            )
        }
        let ordered = pages.sorted {
            $0.storyMembers != $1.storyMembers ? $0.storyMembers > $1.storyMembers : $0.story < $1.story
        }
        topStories = ordered.prefix(limit).map(line)
        originatedStories = ordered.filter(isOwnStory).prefix(limit).map(line)
        copiesOfOriginals = originals.reduce(0) { $0 + $1.storyMembers - 1 }
    }
}

/// Per agency: stories, copies, sites reached, median copies per story, mislabelled credits.
public struct AgencyReport: Sendable {
    public struct Line: Sendable {
        public var agency: String
        public var stories: Int
        public var copies: Int
        public var sitesReached: Int
        public var medianCopiesPerStory: Double
        public var largestStory: Int
        /// Copies whose credit names another agency.
        public var mislabelled: Int
    }

    public var lines: [Line]

    /// Builds the report from per-story facts; stories credited to no agency are grouped as "unattributed".
    public init(_ records: [AgencyStoryRecord]) {
        var groups: [String: [AgencyStoryRecord]] = [:]
        for record in records {
            groups[record.agency.map(StoryReport.agencyName) ?? "unattributed", default: []].append(record)
        }
        lines = groups.map { agency, stories in
            let copies = stories.map { $0.members - 1 }
            return Line(
                agency: agency,
                stories: stories.count,
                copies: copies.reduce(0, +),
                sitesReached: Set(stories.flatMap(\.sites)).count,
                medianCopiesPerStory: Statistics.medianDouble(copies) ?? 0,
                largestStory: stories.map(\.members).max() ?? 0,
                mislabelled: stories.reduce(0) { $0 + $1.mislabelled }
            )
        }.sorted { $0.copies != $1.copies ? $0.copies > $1.copies : $0.agency < $1.agency }
    }
}

/// The most widely syndicated stories.
public struct TopStoriesReport: Sendable {
    public var since: Timestamp?
    public var stories: [StoryHeadline]

    public init(since: Timestamp?, stories: [StoryHeadline]) {
        self.since = since
        self.stories = stories
    }
}

enum Statistics {
    /// The median (lower middle for an even count); nil for no values.
    static func median(_ values: [Int64]) -> Int64? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func medianDouble(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }

    /// "45 s", "12 min", "3 h 05 min", "2 d 4 h".
    static func duration(_ seconds: Int64?) -> String {
        guard let seconds else { return "-" }
        let sign = seconds < 0 ? "-" : ""
        let s = abs(seconds)
        if s < 60 { return "\(sign)\(s) s" }
        if s < 3600 { return "\(sign)\(s / 60) min" }
        if s < 86_400 {
            let minutes = (s % 3600) / 60
            return "\(sign)\(s / 3600) h \(minutes < 10 ? "0" : "")\(minutes) min"
        }
        return "\(sign)\(s / 86_400) d \((s % 86_400) / 3600) h"
    }
}
