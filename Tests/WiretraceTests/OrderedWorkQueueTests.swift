import Foundation
import Testing

@testable import WiretracePipeline

@Suite("Ordered work queue")
struct OrderedWorkQueueTests {
    /// Where each output was made and released.
    final class ReleaseLog: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var onMaker = 0
        private(set) var elsewhere = 0

        func released(madeOn maker: pthread_t) {
            lock.lock()
            defer { lock.unlock() }
            if pthread_equal(maker, pthread_self()) != 0 { onMaker += 1 } else { elsewhere += 1 }
        }
    }

    final class Output: Sendable {
        let value: Int
        let maker = pthread_self()
        let log: ReleaseLog

        init(_ value: Int, log: ReleaseLog) {
            self.value = value
            self.log = log
        }

        deinit { log.released(madeOn: maker) }
    }

    @Test("outputs come in submission order; retired ones are released by the worker that made them")
    func orderAndRetirement() {
        let log = ReleaseLog()
        let count = 200
        let capacity = 4
        weak var released: OrderedWorkQueue<Int, Output>?
        do {
            let queue = OrderedWorkQueue<Int, Output>(capacity: capacity)
            released = queue
            let threads = DispatchGroup()
            threads.enter()
            Thread.detachNewThread {
                defer { threads.leave() }
                for value in 0..<count { _ = queue.submit(value) }
                queue.finish()
            }
            for worker in 0..<2 {
                threads.enter()
                Thread.detachNewThread {
                    defer { threads.leave() }
                    queue.work(worker: worker) { value in
                        if value % 7 == worker { usleep(200) }  // out-of-order completion
                        return Output(value, log: log)
                    }
                }
            }
            var expected = 0
            while let output = queue.next() {
                #expect(output.value == expected)
                expected += 1
                queue.retire(consume output)
            }
            #expect(expected == count)
            threads.wait()
            // Only outputs retired after their worker's last turn are still held (by the queue).
            #expect(log.elsewhere == 0)
            #expect(log.onMaker >= count - 4 * capacity)
        }
        // The worker threads let go of the queue a moment after they end; then nothing is left.
        for _ in 0..<1000 where released != nil { usleep(1000) }
        #expect(released == nil)
        #expect(log.onMaker + log.elsewhere == count)
    }

    #if os(Linux)
    @Test("a worker's priority is lowered on its own thread only, and never past 19")
    func workerPriority() {
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        let before = getpriority(which, 0)
        final class Changes: @unchecked Sendable {
            let lock = NSLock()
            var values: [Int32] = []
        }
        let changes = Changes()
        let done = DispatchGroup()
        for steps: Int32 in [0, 4, 40] {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                let start = getpriority(which, 0)
                Scanner.lowerPriority(by: steps)
                let change = getpriority(which, 0) - start
                changes.lock.withLock { changes.values.append(change - min(steps, 19 - start)) }
            }
            done.wait()
        }
        #expect(changes.values == [0, 0, 0])  // lowered by the steps asked, at most to 19
        #expect(getpriority(which, 0) == before)  // the calling thread keeps its own
    }
    #endif
}
