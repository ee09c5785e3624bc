import WiretraceIngest

/// Where a member stands in publication order: the keys ``LineageInference`` sorts a story by.
struct OrderKey: Sendable, Equatable {
    /// The time publication order uses (``LineageMember/effectiveTime``, or the time of a copy naming
    /// the member as its source when that is earlier), in seconds.
    var time: Int64?
    /// The member states its publication time.
    var dated: Bool
    var fetched: Int64?
    var urlKey: String
    var id: Int64

    /// True when `a` comes before `b`: the earlier time (a time before none); at the same time, a stated
    /// publication time before an estimate; then the earlier fetch; then address and id.
    static func precedes(_ a: OrderKey, _ b: OrderKey) -> Bool {
        switch (a.time, b.time) {
        case (let s?, let t?) where s != t: return s < t
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        if a.dated != b.dated { return a.dated }
        switch (a.fetched, b.fetched) {
        case (let s?, let t?) where s != t: return s < t
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.urlKey != b.urlKey ? a.urlKey < b.urlKey : a.id < b.id
        }
    }
}

/// How many members of a story hold each shingle: an open-addressing table of shingle counts.
struct ShingleCounter {
    private var keys: [UInt32]
    /// 0 marks an empty slot.
    private var counts: [Int32]
    private var shift: UInt64
    private(set) var distinct = 0

    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        keys = [UInt32](repeating: 0, count: size)
        counts = [Int32](repeating: 0, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private static func slot(_ key: UInt32, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Counts each shingle of a member once (`shingles` are distinct).
    mutating func add(_ shingles: [UInt32]) {
        if 2 * (distinct + shingles.count) > keys.count { grow(to: distinct + shingles.count) }
        let mask = keys.count - 1
        let shift = self.shift
        var added = 0
        var keys = self.keys
        var counts = self.counts
        self.keys = []
        self.counts = []
        keys.withUnsafeMutableBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                for shingle in shingles {
                    var position = Self.slot(shingle, shift)
                    while counts[position] != 0 && keys[position] != shingle { position = (position + 1) & mask }
                    if counts[position] == 0 {
                        keys[position] = shingle
                        added += 1
                    }
                    counts[position] += 1
                }
            }
        }
        self.keys = keys
        self.counts = counts
        distinct += added
    }

    private mutating func grow(to needed: Int) {
        var larger = ShingleCounter(capacity: max(needed, keys.count))
        for position in keys.indices where counts[position] != 0 {
            larger.insert(keys[position], count: counts[position])
        }
        self = larger
    }

    private mutating func insert(_ key: UInt32, count: Int32) {
        let mask = keys.count - 1
        var position = Self.slot(key, shift)
        while counts[position] != 0 { position = (position + 1) & mask }
        keys[position] = key
        counts[position] = count
        distinct += 1
    }

    /// Members holding `shingle`.
    func count(_ shingle: UInt32) -> Int {
        let mask = keys.count - 1
        var position = Self.slot(shingle, shift)
        while counts[position] != 0 {
            if keys[position] == shingle { return Int(counts[position]) }
            position = (position + 1) & mask
        }
        return 0
    }

    /// The shingles held by `minimum` members or more, with their counts, sorted by shingle.
    func entries(minimum: Int) -> [(shingle: UInt32, count: Int32)] {
        var result: [(shingle: UInt32, count: Int32)] = []
        for position in keys.indices where counts[position] != 0 && Int(counts[position]) >= minimum {
            result.append((keys[position], counts[position]))
        }
        result.sort { $0.shingle < $1.shingle }
        return result
    }
}

/// Which members a publication name or an address names: the lookups behind "originally published by
/// X" and canonical links, so that a story's naming relations cost what they find, not members squared.
struct NamingIndex {
    private let siteNames: [String?]
    private var byURLKey: [String: [Int]] = [:]
    private var bySiteName: [String: [Int]] = [:]
    /// Distinct host keys and the members on each.
    private var hostKeys: [String] = []
    private var hostMembers: [[Int]] = []
    /// Hosts holding each three-byte run (built at the first lookup by name).
    private var trigrams: [UInt32: [Int32]]?
    private var cache: [String: [Int]] = [:]

    init(_ members: [LineageMember]) {
        siteNames = members.map(\.siteNameKey)
        var hosts: [String: Int] = [:]
        for (index, member) in members.enumerated() {
            byURLKey[member.urlKey, default: []].append(index)
            if let name = member.siteNameKey { bySiteName[name, default: []].append(index) }
            if let known = hosts[member.hostKey] {
                hostMembers[known].append(index)
            } else {
                hosts[member.hostKey] = hostKeys.count
                hostKeys.append(member.hostKey)
                hostMembers.append([index])
            }
        }
    }

    /// Members whose normalised address is `key`, in index order.
    func members(atURLKey key: String) -> [Int] { byURLKey[key] ?? [] }

    /// Members a publication key names (``LineageInference/names(key:siteName:host:)``: their site
    /// name's key, or a part of their host's), in index order.
    /// - Complexity: the hosts holding the key's rarest three-byte run, once per distinct key.
    mutating func members(namedBy key: String) -> [Int] {
        if let known = cache[key] { return known }
        var found: [Int] = []
        if key.count >= 3 {
            found += bySiteName[key] ?? []
            let wanted = Array(key.utf8)
            if trigrams == nil { buildTrigrams() }
            var rarest: [Int32]?
            for start in 0...(wanted.count - 3) {
                let posting = trigrams?[Self.trigram(wanted, at: start)] ?? []
                if rarest == nil || posting.count < rarest!.count { rarest = posting }
                if posting.isEmpty { break }
            }
            for host in rarest ?? [] where ByteSearch.contains(hostKeys[Int(host)], substring: key) {
                found += hostMembers[Int(host)].filter { siteNames[$0] != key }
            }
            found.sort()
        }
        cache[key] = found
        return found
    }

    private static func trigram(_ bytes: [UInt8], at start: Int) -> UInt32 {
        UInt32(bytes[start]) << 16 | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2])
    }

    private mutating func buildTrigrams() {
        var table: [UInt32: [Int32]] = [:]
        for (host, key) in hostKeys.enumerated() where key.utf8.count >= 3 {
            let bytes = Array(key.utf8)
            for start in 0...(bytes.count - 3) {
                let run = Self.trigram(bytes, at: start)
                // A run repeated in one host is posted once.
                if table[run]?.last == Int32(host) { continue }
                table[run, default: []].append(Int32(host))
            }
        }
        trigrams = table
    }
}

/// Members with the same distinct shingles share a profile: they fit every copy alike, so a search over
/// candidates needs only the first of each.
enum ShingleProfiles {
    /// A profile number per member (members with equal shingle sets get equal numbers).
    /// - Complexity: O(total shingles), plus an equality check per member whose hash was seen before.
    static func assign(_ members: [LineageMember]) -> [Int32] {
        var byHash: [UInt64: [Int32]] = [:]
        var representative: [Int] = []
        var result = [Int32](repeating: 0, count: members.count)
        for (index, member) in members.enumerated() {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(member.shingles.count)
            for shingle in member.shingles { hash = (hash ^ UInt64(shingle)) &* 0x0000_0100_0000_01B3 }
            let known = byHash[hash] ?? []
            if let match = known.first(where: { members[representative[Int($0)]].shingles == member.shingles }) {
                result[index] = match
            } else {
                let profile = Int32(representative.count)
                representative.append(index)
                byHash[hash, default: []].append(profile)
                result[index] = profile
            }
        }
        return result
    }
}

/// Members with the same text as alignment reads it (paragraph hashes, paragraph starts and the text's
/// shingles in order) share an identity: their passages align alike with any parent.
enum TextIdentities {
    /// An identity number per member (members with equal texts get equal numbers).
    /// - Complexity: O(total shingles), plus an equality check per member whose hash was seen before.
    static func assign(_ members: [LineageMember]) -> [Int32] {
        var byHash: [Int: [Int32]] = [:]
        var representative: [Int] = []
        var result = [Int32](repeating: 0, count: members.count)
        func same(_ a: LineageMember, _ b: LineageMember) -> Bool {
            a.paragraphHashes == b.paragraphHashes && a.paragraphStarts == b.paragraphStarts
                && a.textShingles == b.textShingles
        }
        for (index, member) in members.enumerated() {
            var hasher = Hasher()
            hasher.combine(member.paragraphHashes)
            hasher.combine(member.paragraphStarts)
            hasher.combine(member.textShingles)
            let hash = hasher.finalize()
            let known = byHash[hash] ?? []
            if let match = known.first(where: { same(members[representative[Int($0)]], member) }) {
                result[index] = match
            } else {
                let identity = Int32(representative.count)
                representative.append(index)
                byHash[hash, default: []].append(identity)
                result[index] = identity
            }
        }
        return result
    }
}

/// A pair of text identities (``TextIdentities``): a copy's and its parent's.
struct TextPair: Hashable {
    var copy: Int32
    var parent: Int32
}
