import Testing

@testable import WiretraceStore

@Suite("Held-back band keys")
struct PendingBandKeysTests {
    /// The rows `keys` gives, document by document, sorted by the radix sort and by comparison.
    func bothOrders(_ keys: [[Int64]]) -> (radix: [PendingBandKeys.Row], compared: [PendingBandKeys.Row]) {
        let pending = PendingBandKeys()
        for (document, documentKeys) in keys.enumerated() { pending.append(documentKeys, of: Int64(document + 1)) }
        let compared = pending.rows.sorted()
        pending.sortByKey()
        return (pending.rows, compared)
    }

    @Test("the radix sort orders rows by key, then document, as comparing them does")
    func radixOrderIsKeyThenDocument() {
        var generator = SystemRandomNumberGenerator()
        // Keys over the whole range (negative ones too), and repeated keys, whose documents must stay ascending.
        let pool = (0..<500).map { _ in Int64.random(in: .min ... .max, using: &generator) }
        let keys = (0..<700).map { _ in
            (0..<16).map { _ in
                Bool.random(using: &generator)
                    ? pool.randomElement(using: &generator)! : .random(in: .min ... .max, using: &generator)
            }
        }
        let (radix, compared) = bothOrders(keys)
        #expect(radix.count == 700 * 16)
        #expect(radix == compared)
    }

    @Test("bytes every key shares are skipped without changing the order")
    func bytesEveryKeyShares() {
        // Keys that differ only in their low byte and sign: the shared bytes are skipped.
        let keys: [[Int64]] = (0..<300).map { document in
            [Int64(document % 7) - 3, 0x7F00_0000_0000_0000 | Int64(document % 5)]
        }
        let (radix, compared) = bothOrders(keys)
        #expect(radix == compared)
        #expect(radix.first?.key == -3)
    }

    @Test("one row and none")
    func oneRowAndNone() {
        #expect(bothOrders([[42]]).radix == [PendingBandKeys.Row(key: 42, document: 1)])
        #expect(bothOrders([]).radix.isEmpty)
    }
}
