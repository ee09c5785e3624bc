import Foundation
import WiretraceDetection

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Recently used document texts, ready for comparison (decoded and with their shingle sets sorted),
/// shared by a scan's workers and writer.
///
/// A document's fingerprint never changes once stored, so entries never go stale; the cache only
/// saves decoding and sorting when the same story members are compared again and again.
///
/// Two things keep the threads from waiting on each other. Entries are spread over stripes by id, each
/// with its own lock. And an evicted text is not freed by the thread that evicts it but handed back to
/// the thread that decoded it, which frees it the next time it uses the cache: malloc gives each thread
/// an arena of its own, and freeing another thread's memory takes the lock of that thread's arena
/// (in a profile of a scan, a fifth of the workers' waits were such frees of evicted texts).
final class TextCache: @unchecked Sendable {
    private final class Stripe: @unchecked Sendable {
        let lock = NSLock()
        var entries: [Int64: (text: ComparableText, maker: pthread_t)] = [:]
        var order: [Int64] = []
        var head = 0
        /// Evicted texts waiting for the thread that decoded them.
        var evicted: [pthread_t: [ComparableText]] = [:]
    }

    private let stripes: [Stripe]
    /// Entries per stripe, at most.
    private let stripeCapacity: Int
    let capacity: Int

    /// A cache of about `capacity` texts.
    init(capacity: Int, stripes: Int = 8) {
        let count = max(1, stripes)
        self.capacity = max(0, capacity)
        stripeCapacity = (self.capacity + count - 1) / count
        self.stripes = (0..<count).map { _ in Stripe() }
        for stripe in self.stripes { stripe.entries.reserveCapacity(stripeCapacity) }
    }

    private func stripe(_ id: Int64) -> Stripe {
        stripes[Int(UInt64(bitPattern: id) % UInt64(stripes.count))]
    }

    func text(_ id: Int64) -> ComparableText? {
        let stripe = stripe(id)
        let me = pthread_self()
        stripe.lock.lock()
        let found = stripe.entries[id]?.text
        let returned = stripe.evicted.removeValue(forKey: me)
        stripe.lock.unlock()
        withExtendedLifetime(returned) {}  // freed here, outside the lock, by the thread that made them
        return found
    }

    /// Evicted texts not yet freed by the threads that decoded them.
    var textsWaitingForMakers: Int {
        stripes.reduce(0) { total, stripe in
            stripe.lock.withLock { total + stripe.evicted.values.reduce(0) { $0 + $1.count } }
        }
    }

    /// Texts held.
    var count: Int {
        stripes.reduce(0) { total, stripe in stripe.lock.withLock { total + stripe.entries.count } }
    }

    /// Forgets every entry: after a rolled-back transaction, whose documents' ids SQLite gives again.
    func removeAll() {
        for stripe in stripes {
            stripe.lock.lock()
            stripe.entries.removeAll(keepingCapacity: true)
            stripe.order.removeAll(keepingCapacity: true)
            stripe.head = 0
            stripe.evicted.removeAll()
            stripe.lock.unlock()
        }
    }

    /// Stores `text`, decoded by the calling thread, evicting the stripe's oldest entry when full (first
    /// in, first out: cheap and good enough).
    func store(_ id: Int64, _ text: ComparableText) {
        guard stripeCapacity > 0 else { return }
        let stripe = stripe(id)
        let me = pthread_self()
        stripe.lock.lock()
        let returned = stripe.evicted.removeValue(forKey: me)
        var released: ComparableText?
        if stripe.entries[id] == nil {
            if stripe.order.count < stripeCapacity {
                stripe.order.append(id)
            } else {
                let oldest = stripe.order[stripe.head]
                if let old = stripe.entries.removeValue(forKey: oldest) {
                    if pthread_equal(old.maker, me) == 0 {
                        stripe.evicted[old.maker, default: []].append(old.text)
                    } else {
                        released = old.text
                    }
                }
                stripe.order[stripe.head] = id
                stripe.head = (stripe.head + 1) % stripeCapacity
            }
            stripe.entries[id] = (text, me)
        }
        stripe.lock.unlock()
        // Both freed here, outside the lock.
        withExtendedLifetime(returned) {}
        withExtendedLifetime(released) {}
    }
}
