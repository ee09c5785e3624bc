import Foundation
import WiretraceIngest

/// What a page says about where its text came from.
public struct CreditClaim: Sendable, Equatable {
    /// How strongly a claim is made: text the wire itself wrote (a dateline, a copyright line) outweighs
    /// a byline a site typed.
    public enum Strength: Int, Sendable, Comparable {
        case none = 0
        case byline, creditLine, dateline

        public static func < (lhs: Strength, rhs: Strength) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The agency credited with the text.
    public var agency: Agency?
    public var strength: Strength
    /// The syndicate that distributed it ("Distributed by Tribune Content Agency").
    public var distributor: Agency?
    /// A publication named as the source that is no agency ("originally published by The Riverton Herald").
    public var via: String?
    /// The words that made the claim, for reports.
    public var evidence: String?

    public static let none = CreditClaim(agency: nil, strength: .none, distributor: nil, via: nil, evidence: nil)

    public init(agency: Agency?, strength: Strength, distributor: Agency?, via: String?, evidence: String?) {
        self.agency = agency
        self.strength = strength
        self.distributor = distributor
        self.via = via
        self.evidence = evidence
    }

    /// Reads the claims of a page's dateline, credit lines and byline.
    public static func read(
        byline: String?,
        dateline: String?,
        creditLines: [String],
        ownSiteName: String?
    ) -> CreditClaim {
        var claim = CreditClaim.none
        func offer(_ agency: Agency?, _ strength: Strength, _ words: String) {
            guard let agency, strength > claim.strength else { return }
            if agency.isDistributor && !agency.isPressWire {
                if claim.distributor == nil {
                    claim.distributor = agency
                    claim.evidence = claim.evidence ?? words
                }
                return
            }
            claim.agency = agency
            claim.strength = strength
            claim.evidence = words
        }
        if let dateline, let open = dateline.firstIndex(of: "("), let close = dateline.firstIndex(of: ")"),
            open < close
        {
            offer(
                AgencyRegistry.agency(named: String(dateline[dateline.index(after: open)..<close])),
                .dateline,
                dateline
            )
        }
        for line in creditLines {
            let lower = line.lowercased()
            if let range = ByteSearch.firstRange(of: "distributed by ", in: lower) {
                // Lower-casing may change byte lengths; characters line up.
                let before = line.prefix(lower.distance(from: lower.startIndex, to: range.lowerBound))
                let rest = String(line.dropFirst(lower.distance(from: lower.startIndex, to: range.upperBound)))
                if let distributor = AgencyRegistry.agency(mentionedIn: rest) {
                    claim.distributor = distributor
                    claim.evidence = claim.evidence ?? line
                }
                offer(AgencyRegistry.agency(mentionedIn: String(before)), .creditLine, line)
                continue
            }
            if lower.hasPrefix("[source:") || lower.hasPrefix("source:") {
                let name = line.drop(while: { $0 != ":" }).dropFirst().filter { $0 != "]" }
                offer(AgencyRegistry.agency(named: String(name)), .creditLine, line)
                continue
            }
            if let source = Self.namedSource(in: line) {
                if let agency = AgencyRegistry.agency(named: source) ?? AgencyRegistry.agency(mentionedIn: source) {
                    offer(agency, .creditLine, line)
                } else if !Self.sameName(source, ownSiteName) {
                    claim.via = claim.via ?? source
                    claim.evidence = claim.evidence ?? line
                }
                continue
            }
            if lower.hasPrefix("(reporting by") || lower.hasPrefix("reporting by") {
                // The Reuters sign-off names reporters, not the agency; it is Reuters' house style.
                offer(AgencyRegistry.agency(id: "reuters"), .creditLine, line)
                continue
            }
            offer(AgencyRegistry.agency(mentionedIn: line), .creditLine, line)
        }
        if let byline {
            // "By Jane Doe, Associated Press", "By AFP", "Greg Sullivan, Bloomberg News on".
            var text = byline.trimmingCharacters(in: " ")
            if text.lowercased().hasPrefix("by ") { text = String(text.dropFirst(3)) }
            for part in text.split(separator: ",").reversed() {
                var name = String(part).trimmingCharacters(in: " ")
                if name.lowercased().hasSuffix(" on") { name = String(name.dropLast(3)) }
                if let agency = AgencyRegistry.agency(named: name) {
                    offer(agency, .byline, byline)
                    break
                }
            }
        }
        return claim
    }

    /// The publication named by "first appeared on X", "originally published by X", "appeared first on X".
    static func namedSource(in line: String) -> String? {
        let lower = line.lowercased()
        for marker in [
            "first appeared on ", "first appeared in ", "originally published by ", "originally published on ",
            "originally published in ", "originally appeared on ", "originally appeared in ", "appeared first on ",
        ] {
            guard let range = ByteSearch.firstRange(of: marker, in: lower) else { continue }
            let offset = lower.distance(from: lower.startIndex, to: range.upperBound)
            var rest = String(line.dropFirst(offset))
            for stop in [" and is ", " and was ", ". ", " with permission", " on "] {
                if let end = ByteSearch.firstRange(of: stop, in: rest) { rest = String(rest[..<end.lowerBound]) }
            }
            rest = rest.trimmingCharacters(in: " .")
            return rest.isEmpty ? nil : rest
        }
        return nil
    }

    static func sameName(_ a: String, _ b: String?) -> Bool {
        guard let b else { return false }
        func key(_ text: String) -> String {
            var text = text.lowercased()
            if text.hasPrefix("the ") { text.removeFirst(4) }
            return text.filter { $0.isLetter || $0.isNumber }
        }
        return key(a) == key(b)
    }
}
