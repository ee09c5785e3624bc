import Foundation
import WiretraceIngest

/// A wire service, syndicate or press-release distributor whose name appears in credits.
public struct Agency: Sendable, Hashable, Identifiable {
    /// Short stable identifier ("ap", "reuters").
    public let id: String
    /// Name as reports show it.
    public let name: String
    /// Lower-case names and abbreviations that identify it in bylines and credit lines.
    let aliases: [String]
    /// Names inside dateline parentheses ("AP" in "WASHINGTON (AP) —").
    let datelineTags: [String]
    /// Host-name words of the agency's own sites ("apnews" in apnews.com).
    let hostWords: [String]
    /// It distributes other agencies' copy (Tribune Content Agency) rather than writing its own.
    public let isDistributor: Bool
    /// It distributes press releases (PR Newswire, Business Wire, GlobeNewswire).
    public let isPressWire: Bool

    public static func == (lhs: Agency, rhs: Agency) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// The agencies wiretrace recognises.
public enum AgencyRegistry {
    public static let all: [Agency] = [
        Agency(
            id: "ap",
            name: "Associated Press",
            aliases: ["associated press", "the associated press", "ap"],
            datelineTags: ["ap"],
            hostWords: ["apnews", "ap"],
            isDistributor: false,
            isPressWire: false
        ),
        Agency(
            id: "reuters",
            name: "Reuters",
            aliases: ["reuters", "thomson reuters"],
            datelineTags: ["reuters"],
            hostWords: ["reuters"],
            isDistributor: false,
            isPressWire: false
        ),
        Agency(
            id: "afp",
            name: "Agence France-Presse",
            aliases: ["agence france-presse", "agence france presse", "afp"],
            datelineTags: ["afp"],
            hostWords: ["afp"],
            isDistributor: false,
            isPressWire: false
        ),
        Agency(
            id: "bloomberg",
            name: "Bloomberg News",
            aliases: ["bloomberg news", "bloomberg", "bloomberg l.p."],
            datelineTags: ["bloomberg"],
            hostWords: ["bloomberg"],
            isDistributor: false,
            isPressWire: false
        ),
        Agency(
            id: "upi",
            name: "United Press International",
            aliases: ["united press international", "upi"],
            datelineTags: ["upi"],
            hostWords: ["upi"],
            isDistributor: false,
            isPressWire: false
        ),
        Agency(
            id: "pa",
            name: "PA Media",
            aliases: ["pa media", "press association", "the press association", "pa"],
            datelineTags: ["pa"],
            hostWords: ["pamedia", "pa"],
            isDistributor: false,
            isPressWire: false
        ),
        Agency(
            id: "tca",
            name: "Tribune Content Agency",
            aliases: ["tribune content agency", "tribune content agency, llc", "tribune media services"],
            datelineTags: [],
            hostWords: ["tribunecontentagency"],
            isDistributor: true,
            isPressWire: false
        ),
        Agency(
            id: "nyt",
            name: "New York Times News Service",
            aliases: [
                "new york times news service", "the new york times news service", "nyt news service",
                "the new york times", "new york times",
            ],
            datelineTags: ["nyt"],
            hostWords: ["nytimes", "nytsyn"],
            isDistributor: false,
            isPressWire: false
        ),
        Agency(
            id: "gannett",
            name: "Gannett",
            aliases: ["gannett", "usa today network", "usa today"],
            datelineTags: [],
            hostWords: ["gannett", "usatoday"],
            isDistributor: false,
            isPressWire: false
        ),
        Agency(
            id: "voa",
            name: "Voice of America",
            aliases: ["voice of america", "voa", "voa news"],
            datelineTags: ["voa"],
            hostWords: ["voanews", "voa"],
            isDistributor: false,
            isPressWire: false
        ),
        Agency(
            id: "prnewswire",
            name: "PR Newswire",
            aliases: ["pr newswire", "prnewswire", "cision pr newswire"],
            datelineTags: ["prnewswire", "pr newswire"],
            hostWords: ["prnewswire"],
            isDistributor: true,
            isPressWire: true
        ),
        Agency(
            id: "businesswire",
            name: "Business Wire",
            // "BizWire" is the trade's nickname for it.
            aliases: ["business wire", "businesswire", "bizwire"],
            datelineTags: ["business wire", "businesswire"],
            hostWords: ["businesswire", "bizwire"],
            isDistributor: true,
            isPressWire: true
        ),
        Agency(
            id: "globenewswire",
            name: "GlobeNewswire",
            aliases: ["globenewswire", "globe newswire"],
            datelineTags: ["globe newswire", "globenewswire"],
            hostWords: ["globenewswire"],
            isDistributor: true,
            isPressWire: true
        ),
    ]

    static let byID: [String: Agency] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// The agency with identifier `id`.
    public static func agency(id: String) -> Agency? { byID[id] }

    /// The agency a whole name refers to ("Associated Press", "AFP", "Bloomberg News").
    public static func agency(named text: String) -> Agency? {
        let key = normalized(text)
        guard !key.isEmpty else { return nil }
        return byName[key]
    }

    /// Every normalised alias and dateline tag, to its agency (the first agency listed wins).
    static let byName: [String: Agency] = {
        var names: [String: Agency] = [:]
        for agency in all {
            for name in agency.aliases + agency.datelineTags where names[normalized(name)] == nil {
                names[normalized(name)] = agency
            }
        }
        return names
    }()

    /// The agency whose own site `host` is (apnews.com, www.reuters.com), judged by host-name words.
    /// Long words may stand anywhere in the host ("reuters-wire"); short ones (under four letters) only
    /// as its first label, or its second after "www" ("ap.org", not "map.example.com").
    public static func agency(owningHost host: String) -> Agency? {
        let lowered = host.lowercased()
        let words = lowered.split(whereSeparator: { $0 == "." || $0 == "-" })
        let labels = lowered.split(separator: ".", maxSplits: 2)
        let first = labels.first ?? ""
        let afterWWW = first == "www" && labels.count > 1 ? labels[1] : ""
        for entry in hostWordTable {
            if entry.long.contains(where: { word in words.contains { $0 == word } })
                || entry.short.contains(where: { $0 == first || $0 == afterWWW })
            {
                return entry.agency
            }
        }
        return nil
    }

    /// Each agency's host-name words, split by length once (the rule differs).
    static let hostWordTable: [(agency: Agency, long: [String], short: [String])] = all.map { agency in
        (
            agency,
            agency.hostWords.filter { $0.count >= 4 }.map { $0.lowercased() },
            agency.hostWords.filter { $0.count < 4 }.map { $0.lowercased() }
        )
    }

    /// The first agency whose multi-word name (or a distinctive single name) appears in `text`.
    static func agency(mentionedIn text: String) -> Agency? {
        let key = Array((" " + normalized(text) + " ").utf8)
        var best: (agency: Agency, offset: Int)?
        for (agency, pattern) in mentionPatterns {
            if let offset = ByteSearch.firstOffset(of: pattern, in: key, before: best?.offset ?? .max) {
                best = (agency, offset)
            }
        }
        return best?.agency
    }

    /// Aliases distinctive enough to be found inside longer text, as normalised " alias " bytes, in
    /// registry order.
    static let mentionPatterns: [(Agency, [UInt8])] = all.flatMap { agency in
        agency.aliases.filter { $0.count >= 4 || $0.contains(" ") }.map {
            (agency, Array((" " + normalized($0) + " ").utf8))
        }
    }

    /// Lower case, punctuation other than hyphens and periods inside words made spaces, spaces collapsed.
    static func normalized(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return normalizedASCII(text) }
        var out = ""
        var pendingSpace = false
        let characters = Array(text.lowercased())
        for (index, character) in characters.enumerated() {
            // A period stays only inside a word ("l.p", "u.s"); at a word's end it is punctuation.
            let innerPeriod =
                character == "." && index + 1 < characters.count
                && (characters[index + 1].isLetter || characters[index + 1].isNumber)
            if character.isLetter || character.isNumber || character == "-" || character == "&" || innerPeriod {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(character)
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    /// ``normalized(_:)`` for ASCII text, byte by byte.
    static func normalizedASCII(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        }
        for (index, byte) in bytes.enumerated() {
            let innerPeriod = byte == 0x2E && index + 1 < bytes.count && isAlphanumeric(bytes[index + 1])
            if isAlphanumeric(byte) || byte == 0x2D || byte == 0x26 || innerPeriod {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
