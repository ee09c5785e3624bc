import WiretraceIngest

/// The stored form of a ``LineageState``: a version number, then its fields in order as variable-length
/// integers (LEB128, signed ones zig-zag coded) and length-prefixed UTF-8 strings. A state of another
/// version, or bytes that do not decode, give nil: the story is then inferred whole.
extension LineageState {
    public func encoded() -> [UInt8] {
        var out = StateWriter()
        out.unsigned(Self.formatVersion)
        out.int(memberCount)
        out.signed(memberIDSum)
        out.optional(typicalDelay)
        out.optional(longDelay)
        out.bool(hasUndated)
        out.member(origin)
        out.string(originHost)
        out.bool(originIsSource)
        out.bool(hasOwnPages)
        out.string(method)
        out.optionalString(agencyID)
        out.int(strongest.rawValue)
        out.bool(decider != nil)
        if let decider { out.key(decider) }
        out.int(conflicting.count)
        for id in conflicting { out.signed(id) }
        out.bool(unsourcedEmpty)
        out.key(leader)
        out.int(tied.count)
        for member in tied {
            out.signed(member.id)
            out.key(member.key)
            out.int(member.shingles)
            out.shingles(member.unique)
            out.int(member.held)
            out.int(member.total)
        }
        out.shingles(vocabulary)
        out.shingles(frequent)
        for count in frequentCounts { out.int(Int(count)) }
        out.int(titles.count)
        for (title, count) in zip(titles, titleCounts) {
            out.string(title)
            out.int(Int(count))
        }
        out.strings(viaKeys)
        out.strings(canonicalKeys)
        out.int(sourcePages.count)
        for member in sourcePages { out.member(member) }
        out.int(groups.count)
        for title in groups.keys.sorted() {
            let group = groups[title]!
            out.string(title)
            out.int(group.heads.count)
            for member in group.heads { out.member(member) }
            out.int(group.undated.count)
            for member in group.undated { out.member(member) }
        }
        return out.bytes
    }

    /// Decodes a state written by ``encoded()``; nil for another version or damaged bytes.
    public init?(encoded bytes: [UInt8]) {
        var input = StateReader(bytes: bytes)
        guard input.unsigned() == Self.formatVersion,
            let memberCount = input.int(),
            let memberIDSum = input.signed(),
            let typicalDelay = input.optional(),
            let longDelay = input.optional(),
            let hasUndated = input.bool(),
            let origin = input.member(),
            let originHost = input.string(),
            let originIsSource = input.bool(),
            let hasOwnPages = input.bool(),
            let method = input.string(),
            let agencyID = input.optionalString(),
            let strength = input.int(), let strongest = CreditClaim.Strength(rawValue: strength),
            let hasDecider = input.bool()
        else { return nil }
        var decider: OrderKey?
        if hasDecider {
            guard let key = input.key() else { return nil }
            decider = key
        }
        guard let conflictingCount = input.count() else { return nil }
        var conflicting: [Int64] = []
        for _ in 0..<conflictingCount {
            guard let id = input.signed() else { return nil }
            conflicting.append(id)
        }
        guard let unsourcedEmpty = input.bool(), let leader = input.key(), let tiedCount = input.count() else {
            return nil
        }
        var tied: [Tied] = []
        for _ in 0..<tiedCount {
            guard let id = input.signed(), let key = input.key(), let shingles = input.int(),
                let unique = input.shingles(), let held = input.int(), let total = input.int()
            else { return nil }
            tied.append(Tied(id: id, key: key, shingles: shingles, unique: unique, held: held, total: total))
        }
        guard let vocabulary = input.shingles(), let frequent = input.shingles() else { return nil }
        var frequentCounts: [Int32] = []
        frequentCounts.reserveCapacity(frequent.count)
        for _ in frequent {
            guard let count = input.int(), let value = Int32(exactly: count) else { return nil }
            frequentCounts.append(value)
        }
        guard let titleCount = input.count() else { return nil }
        var titles: [String] = []
        var titleCounts: [Int32] = []
        for _ in 0..<titleCount {
            guard let title = input.string(), let count = input.int(), let value = Int32(exactly: count) else {
                return nil
            }
            titles.append(title)
            titleCounts.append(value)
        }
        guard let viaKeys = input.strings(), let canonicalKeys = input.strings(), let sourceCount = input.count()
        else { return nil }
        var sourcePages: [Member] = []
        for _ in 0..<sourceCount {
            guard let member = input.member() else { return nil }
            sourcePages.append(member)
        }
        guard let groupCount = input.count() else { return nil }
        var groups: [String: Group] = [:]
        for _ in 0..<groupCount {
            guard let title = input.string(), let heads = input.members(), let undated = input.members() else {
                return nil
            }
            groups[title] = Group(heads: heads, undated: undated)
        }
        guard input.isAtEnd else { return nil }
        self.init(
            memberCount: memberCount,
            memberIDSum: memberIDSum,
            typicalDelay: typicalDelay,
            longDelay: longDelay,
            hasUndated: hasUndated,
            origin: origin,
            originHost: originHost,
            originIsSource: originIsSource,
            hasOwnPages: hasOwnPages,
            method: method,
            agencyID: agencyID,
            strongest: strongest,
            decider: decider,
            conflicting: conflicting,
            unsourcedEmpty: unsourcedEmpty,
            leader: leader,
            tied: tied,
            vocabulary: vocabulary,
            frequent: frequent,
            frequentCounts: frequentCounts,
            titles: titles,
            titleCounts: titleCounts,
            viaKeys: viaKeys,
            canonicalKeys: canonicalKeys,
            sourcePages: sourcePages,
            groups: groups
        )
    }
}

struct StateWriter {
    var bytes: [UInt8] = []

    mutating func unsigned(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func signed(_ value: Int64) { unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    mutating func int(_ value: Int) { signed(Int64(value)) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func optional(_ value: Int64?) {
        bool(value != nil)
        if let value { signed(value) }
    }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }

    /// Sorted shingles, as differences from the one before.
    mutating func shingles(_ values: [UInt32]) {
        int(values.count)
        var previous: UInt32 = 0
        for value in values {
            unsigned(UInt64(value &- previous))
            previous = value
        }
    }

    mutating func key(_ key: OrderKey) {
        optional(key.time)
        bool(key.dated)
        optional(key.fetched)
        string(key.urlKey)
        signed(key.id)
    }

    mutating func member(_ member: LineageState.Member) {
        signed(member.id)
        int(Int(member.rank))
        key(member.key)
        optional(member.earliestPlausible)
        optionalString(member.titleKey)
        int(Int(member.profile))
    }
}

struct StateReader {
    let bytes: [UInt8]
    var position = 0

    var isAtEnd: Bool { position == bytes.count }

    mutating func unsigned() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count, shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    mutating func signed() -> Int64? {
        guard let raw = unsigned() else { return nil }
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func int() -> Int? { signed().flatMap { Int(exactly: $0) } }

    /// A count of items that follow (each takes a byte at least).
    mutating func count() -> Int? {
        guard let value = int(), value >= 0, value <= bytes.count - position else { return nil }
        return value
    }

    mutating func bool() -> Bool? {
        guard position < bytes.count, bytes[position] <= 1 else { return nil }
        position += 1
        return bytes[position - 1] == 1
    }

    /// An optional integer: nil when absent is `.some(nil)`, nil when damaged.
    mutating func optional() -> Int64?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard let value = signed() else { return nil }
        return .some(value)
    }

    mutating func string() -> String? {
        guard let length = count() else { return nil }
        defer { position += length }
        return String(validating: bytes[position..<position + length], as: UTF8.self)
    }

    mutating func optionalString() -> String?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard let value = string() else { return nil }
        return .some(value)
    }

    mutating func strings() -> [String]? {
        guard let count = count() else { return nil }
        var values: [String] = []
        for _ in 0..<count {
            guard let value = string() else { return nil }
            values.append(value)
        }
        return values
    }

    mutating func shingles() -> [UInt32]? {
        guard let count = count() else { return nil }
        var values: [UInt32] = []
        values.reserveCapacity(count)
        var previous: UInt32 = 0
        for _ in 0..<count {
            guard let step = unsigned(), let delta = UInt32(exactly: step) else { return nil }
            previous &+= delta
            values.append(previous)
        }
        return values
    }

    mutating func key() -> OrderKey? {
        guard let time = optional(), let dated = bool(), let fetched = optional(), let urlKey = string(),
            let id = signed()
        else { return nil }
        return OrderKey(time: time, dated: dated, fetched: fetched, urlKey: urlKey, id: id)
    }

    mutating func member() -> LineageState.Member? {
        guard let id = signed(), let rank = int(), let rank32 = Int32(exactly: rank), let key = key(),
            let earliest = optional(), let titleKey = optionalString(), let profile = int(),
            let profile32 = Int32(exactly: profile)
        else { return nil }
        return LineageState.Member(
            id: id,
            rank: rank32,
            key: key,
            earliestPlausible: earliest,
            titleKey: titleKey,
            profile: profile32
        )
    }

    mutating func members() -> [LineageState.Member]? {
        guard let count = count() else { return nil }
        var values: [LineageState.Member] = []
        for _ in 0..<count {
            guard let member = member() else { return nil }
            values.append(member)
        }
        return values
    }
}
