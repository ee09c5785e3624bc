import WiretraceDetection
import WiretraceIngest
import WiretraceLineage

/// The distribution report of one story: who ran it, when, how edited, copied from whom.
public struct StoryReport: Sendable {
    /// One member of the story, with what a reader needs to see of it.
    public struct Copy: Sendable {
        public var entry: DistributionEntry
        /// Name shown for the page in tables and charts: its site (as JSON and CSV give it), or the file
        /// name of a local file (``StoryReport/displayName(_:site:)``).
        public var host: String
        /// Time used on the timeline: the published time, else the fetch time, or the day the page's
        /// address names when it has no fetch time or was fetched after that day could have ended.
        public var time: Timestamp?
        /// True when `time` is a fetch time (the page gives no publication time).
        public var timeIsFetch: Bool
        /// True when `time` is the day the page's address names (midnight UTC of it).
        public var timeIsAddressDay: Bool
        /// Seconds after the origin's time (nil when either time is missing).
        public var delayAfterOrigin: Int64?
        public var parentURL: String?
        public var parentSite: String?
        /// Agency the page credits, by name.
        public var creditedAgency: String?
        /// "ran the first 8 of 25 paragraphs", "added 1 paragraph" (nil for the origin).
        public var passageSummary: String?
        /// Steps from the origin in the lineage tree (0 for the origin).
        public var depth: Int
    }

    public var story: StoryID
    public var title: String?
    /// Agency the story is credited to, by name.
    public var agency: String?
    public var originMethod: String?
    public var conflictingCredits: Int
    /// Origin first, then the copies in publication order.
    public var copies: [Copy]
    /// Index in `copies` of each copy's children, for the lineage tree.
    public var children: [[Int]]
    /// Pages outside the story that share passages with its members (partial reuse, a roundup quoting
    /// its lead), or whose passages a member shares: for each page, its strongest link (most shared
    /// shingles) and every member it shares passages with; most shared first.
    public var reusedBy: [(record: ReuseRecord, members: [DocumentID])] = []

    public var sites: Int { Set(copies.map(\.entry.site)).count }
    public var origin: Copy? { copies.first { $0.entry.parent == nil } ?? copies.first }

    /// Builds the report from stored facts.
    /// - Parameter reusedBy: the reuse links of the members (``StoreQuerying/reuseLinks(of:)``).
    /// - Complexity: O(*n* log *n*) in the members.
    public init(_ distribution: StoryDistribution, reusedBy: [ReuseRecord] = []) {
        var byPage: [DocumentID: (record: ReuseRecord, members: [DocumentID])] = [:]
        for record in reusedBy {
            var entry = byPage[record.other.id] ?? (record, [])
            if record.sharedShingles > entry.record.sharedShingles { entry.record = record }
            if !entry.members.contains(record.document) { entry.members.append(record.document) }
            byPage[record.other.id] = entry
        }
        self.reusedBy = byPage.values.sorted {
            $0.record.sharedShingles != $1.record.sharedShingles
                ? $0.record.sharedShingles > $1.record.sharedShingles : $0.record.other.id < $1.record.other.id
        }
        story = distribution.story
        agency = distribution.agency.map(Self.agencyName)
        originMethod = distribution.originMethod
        conflictingCredits = distribution.conflictingCredits
        let entries = distribution.entries
        let byID = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.document, $0) })
        let originIndex = distribution.origin.flatMap { byID[$0] } ?? 0
        let originEntry = entries.isEmpty ? nil : entries[originIndex]
        title = originEntry?.title
        let originTime = originEntry.flatMap {
            URLDate.timelineTime(url: $0.url, published: $0.published, fetched: $0.fetched).time
        }
        var copies: [Copy] = []
        copies.reserveCapacity(entries.count)
        for entry in entries {
            let (time, isAddressDay) = URLDate.timelineTime(
                url: entry.url,
                published: entry.published,
                fetched: entry.fetched
            )
            let parent = entry.parent.flatMap { byID[$0] }.map { entries[$0] }
            copies.append(
                Copy(
                    entry: entry,
                    host: Self.displayName(entry.url, site: entry.site),
                    time: time,
                    timeIsFetch: entry.published == nil && entry.fetched != nil && !isAddressDay,
                    timeIsAddressDay: isAddressDay,
                    delayAfterOrigin: time.flatMap { t in originTime.map { t.secondsSinceEpoch - $0.secondsSinceEpoch }
                    },
                    parentURL: parent?.url,
                    parentSite: parent.map { Self.displayName($0.url, site: $0.site) },
                    creditedAgency: entry.claimedAgency.map(Self.agencyName),
                    passageSummary: entry.alignment.flatMap(PassageAlignment.init(compact:)).map(\.summary),
                    depth: 0
                )
            )
        }
        // Children lists and depths follow the stored parent links; a member whose parent is missing
        // hangs from the origin.
        let position = Dictionary(uniqueKeysWithValues: copies.enumerated().map { ($1.entry.document, $0) })
        let root = position[originEntry?.document ?? -1] ?? 0
        var children = [[Int]](repeating: [], count: copies.count)
        for (index, copy) in copies.enumerated() where index != root {
            let parent = copy.entry.parent.flatMap { position[$0] } ?? root
            children[parent == index ? root : parent].append(index)
        }
        var seen = Set<Int>()
        var queue = copies.isEmpty ? [] : [root]
        while !queue.isEmpty {
            var head = 0
            while head < queue.count {
                let next = queue[head]
                head += 1
                guard seen.insert(next).inserted else { continue }
                for child in children[next] where !seen.contains(child) {
                    copies[child].depth = copies[next].depth + 1
                    queue.append(child)
                }
            }
            // Members cut off from the origin (parent links in a loop) hang from the origin, so that
            // the tree shows every copy.
            queue = []
            if let stray = copies.indices.first(where: { !seen.contains($0) }) {
                for parent in children.indices { children[parent].removeAll { $0 == stray } }
                children[root].append(stray)
                copies[stray].depth = 1
                queue = [stray]
            }
        }
        self.copies = copies
        self.children = children
        self.rootIndex = root
    }

    /// Index of the origin in `copies`.
    public var rootIndex: Int

    /// The name shown for a page: its site — the same name JSON and CSV give, so that every format of a
    /// report agrees — or, for a local file (a `file://` address, whose site is "local"), the file's name,
    /// so that two local pages can be told apart.
    static func displayName(_ url: String, site: String) -> String {
        if url.utf8.count > 7, url.utf8.prefix(7).map({ $0 | 0x20 }) == Array("file://".utf8) {
            let name = url.split(separator: "/").last.map(String.init) ?? ""
            return name.isEmpty ? site : name
        }
        return site
    }

    static func agencyName(_ id: String) -> String { AgencyRegistry.agency(id: id)?.name ?? id }
}
