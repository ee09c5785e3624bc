import Foundation
import WiretraceDetection

/// The band keys of `lsh_bands_recent` (documents stored since the last merge), in a Bloom filter kept
/// by a long job's writer as it stores documents: a search skips the recent table for the keys it says
/// are absent. Most of a new page's band keys are in no other document, and each lookup of one in the
/// recent table (up to 65,536 documents' keys, larger than a reader's page cache) reads a leaf page.
///
/// The filter is never wrong about a key it says is absent, because it answers only for snapshots whose
/// recent table it holds whole. It starts empty when the writer finds the recent table empty (at the
/// start of the job, or after each of its merges); every document the writer stores adds its keys before
/// they are committed. A snapshot qualifies when its last merge is the filter's (or the one before: the
/// previous filter is kept for snapshots taken before a merge was committed) and it holds no document
/// newer than the last one the writer stored: another process's documents make it answer nothing, as
/// does a rolled-back transaction, until the writer's next merge.
final class RecentKeyFilter: @unchecked Sendable {
    private struct Generation {
        /// The `band_keys_merged_through` setting of the recent table the filter holds.
        var mergedThrough: DocumentID
        var filter: KeyBloomFilter
    }

    /// Searches on every worker read the filter at once; the writer changes it once per document.
    private let lock = ReadWriteLock()
    private var current: Generation?
    /// The generation before the last merge, for snapshots taken before that merge was committed.
    private var previous: Generation?
    /// The newest document whose keys the filters hold (documents without keys count too).
    private var coveredThrough: DocumentID = 0
    /// Whether a long job's writer keeps the filter (only it checks for other processes' documents).
    private var inJob = false
    /// Keys each filter is made for (one byte each); more make it answer "may be present" more often,
    /// never wrongly.
    let capacity: Int

    /// Keys said to be absent so far (lookups saved).
    var lookupsSkipped: Int { skipped.value }
    private let skipped = Counter()

    /// A filter (not yet started) for about `capacity` keys per generation.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Whether searches may ask it (it holds a generation).
    var isLive: Bool {
        lock.reading { current != nil }
    }

    /// A long job's writer takes charge of the filter (which stays unused until ``start(mergedThrough:newestDocument:)``).
    func beginJob() {
        lock.writing {
            inJob = true
            forget()
        }
    }

    /// The long job ended: the filter is forgotten, and merges made by other writes do not start it.
    func endJob() {
        lock.writing {
            inJob = false
            forget()
        }
    }

    /// Starts a generation during a long job: the recent table is empty after the merge through
    /// `mergedThrough`, and the newest document stored is `newestDocument`. Call it in the transaction
    /// that emptied the table (or found it empty); if that rolls back, call ``invalidate()``.
    func start(mergedThrough: DocumentID, newestDocument: DocumentID) {
        let fresh = Generation(mergedThrough: mergedThrough, filter: KeyBloomFilter(capacity: capacity))
        lock.writing {
            guard inJob else { return }
            previous = current.flatMap { $0.mergedThrough < mergedThrough ? $0 : nil }
            current = fresh
            coveredThrough = max(coveredThrough, newestDocument)
        }
    }

    /// Adds the band keys of `document`, which the writer is storing (before they are committed).
    /// - Complexity: O(`keys`).
    func add(_ keys: [Int64], of document: DocumentID) {
        lock.writing {
            guard current != nil else { return }
            for key in keys { current!.filter.insert(key) }
            coveredThrough = max(coveredThrough, document)
        }
    }

    /// Forgets the filter when the database holds a document newer than the last one the writer stored:
    /// another process stored it, and its keys are not in the filter. The writer calls it as each of its
    /// transactions begins.
    func verify(newestDocument: DocumentID) {
        lock.writing {
            if newestDocument > coveredThrough { forget() }
        }
    }

    /// Forgets the filter until the next merge (a transaction that stored or merged rolled back).
    func invalidate() {
        lock.writing { forget() }
    }

    private func forget() {
        current = nil
        previous = nil
    }

    /// For each of `keys`, whether the recent table of a snapshot merged through `mergedThrough`, whose
    /// newest document is `newestDocument`, certainly lacks it; nil when the filter cannot tell.
    func absent(_ keys: [Int64], mergedThrough: DocumentID, newestDocument: DocumentID) -> [Bool]? {
        lock.reading { () -> [Bool]? in
            guard newestDocument <= coveredThrough,
                let generation = [current, previous].lazy.compactMap({ $0 }).first(where: {
                    $0.mergedThrough == mergedThrough
                })
            else { return nil }
            let absent = keys.map { !generation.filter.mayContain($0) }
            skipped.add(absent.lazy.filter { $0 }.count)
            return absent
        }
    }
}
