/// Which paragraphs of a copy were kept, cut, added or changed relative to its parent.
///
/// Paragraphs are aligned in order (a longest common subsequence); two paragraphs are the same when
/// their words are, and changed when half their shingles are shared. Stored as runs, compactly:
/// `=8-17` (kept 8, cut 17), `+1=25` (added 1, kept 25), `=3~1=4` (one changed paragraph).
public struct PassageAlignment: Sendable, Equatable, CustomStringConvertible {
    public enum Operation: Character, Sendable {
        case kept = "="
        case cut = "-"
        case added = "+"
        case changed = "~"
    }

    public var runs: [(Operation, Int)]

    public static func == (lhs: PassageAlignment, rhs: PassageAlignment) -> Bool {
        lhs.runs.count == rhs.runs.count && zip(lhs.runs, rhs.runs).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public init(runs: [(Operation, Int)]) {
        self.runs = runs
    }

    /// Parses the compact form; nil when malformed.
    public init?(compact: String) {
        var runs: [(Operation, Int)] = []
        var current: Operation?
        var number = 0
        for character in compact {
            if let operation = Operation(rawValue: character) {
                if let current { runs.append((current, number)) }
                current = operation
                number = 0
            } else if let digit = character.wholeNumberValue {
                number = number * 10 + digit
            } else {
                return nil
            }
        }
        if let current { runs.append((current, number)) }
        self.runs = runs
    }

    public var description: String { runs.map { "\($0.0.rawValue)\($0.1)" }.joined() }

    public func count(_ operation: Operation) -> Int { runs.filter { $0.0 == operation }.reduce(0) { $0 + $1.1 } }

    /// A sentence a reader understands: "ran the first 8 of 25 paragraphs", "added 1 paragraph".
    public var summary: String {
        let kept = count(.kept)
        let cut = count(.cut)
        let added = count(.added)
        let changed = count(.changed)
        let parentTotal = kept + cut + changed
        var parts: [String] = []
        if cut > 0 && runs.last?.0 == .cut && runs.dropLast().allSatisfy({ $0.0 != .cut }) {
            parts.append("ran the first \(kept + changed) of \(parentTotal) paragraphs")
        } else if cut > 0 {
            parts.append("cut \(cut) of \(parentTotal) paragraphs")
        }
        if added > 0 { parts.append("added \(added) paragraph\(added == 1 ? "" : "s")") }
        if changed > 0 { parts.append("changed \(changed) paragraph\(changed == 1 ? "" : "s")") }
        if parts.isEmpty { parts.append("kept all \(kept) paragraphs") }
        return parts.joined(separator: ", ")
    }

    /// Aligns `copy` against `parent`.
    /// - Complexity: O(*n* · *m*) in the paragraph counts.
    public static func align(copy: LineageMember, parent: LineageMember) -> PassageAlignment {
        align(
            copy: copy.paragraphHashes,
            copy.paragraphShingleSets(),
            parent: parent.paragraphHashes,
            parent.paragraphShingleSets()
        )
    }

    /// Aligns paragraphs given by their hashes and their sorted distinct shingles.
    static func align(
        copy b: [UInt64],
        _ copyShingles: [[UInt32]],
        parent a: [UInt64],
        _ parentShingles: [[UInt32]]
    ) -> PassageAlignment {
        let n = a.count
        let m = b.count
        guard n > 0 || m > 0 else { return PassageAlignment(runs: []) }
        func similar(_ i: Int, _ j: Int) -> Int {
            if a[i] == b[j] { return 2 }
            let pa = i < parentShingles.count ? parentShingles[i] : []
            let pb = j < copyShingles.count ? copyShingles[j] : []
            guard !pa.isEmpty, !pb.isEmpty else { return 0 }
            let shared = SortedShingles.intersectionCount(pa, pb)
            return shared * 2 >= min(pa.count, pb.count) ? 1 : 0
        }
        // score[i][j]: best alignment value of a[i...] and b[j...] (exact = 2, changed = 1).
        var score = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        var match = [[Int]](repeating: [Int](repeating: 0, count: m), count: n)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    let s = similar(i, j)
                    match[i][j] = s
                    score[i][j] = max(score[i + 1][j], score[i][j + 1], s > 0 ? score[i + 1][j + 1] + s : 0)
                }
            }
        }
        var operations: [Operation] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n && j < m && match[i][j] > 0 && score[i][j] == score[i + 1][j + 1] + match[i][j] {
                operations.append(match[i][j] == 2 ? .kept : .changed)
                i += 1
                j += 1
            } else if i < n && (j >= m || score[i + 1][j] >= score[i][j + 1]) {
                operations.append(.cut)
                i += 1
            } else {
                operations.append(.added)
                j += 1
            }
        }
        var runs: [(Operation, Int)] = []
        for operation in operations {
            if let last = runs.last, last.0 == operation {
                runs[runs.count - 1].1 += 1
            } else {
                runs.append((operation, 1))
            }
        }
        return PassageAlignment(runs: runs)
    }
}
