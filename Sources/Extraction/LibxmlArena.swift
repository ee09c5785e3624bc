import CLibXML2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A per-thread bump arena for libxml2's allocations while one page is parsed and walked.
///
/// A page's tree is thousands of small allocations (nodes, names, text, attributes) that `xmlFreeDoc`
/// frees together; glibc's malloc serves and frees them one by one, a tenth of extraction's time.
/// Inside ``withArena(_:)`` they come from blocks the thread reuses page after page, freeing them costs
/// nothing, and the blocks are reset at the end. Outside an arena, allocations go to malloc.
///
/// Every allocation made through these functions starts with a 16-byte header (its size and a tag), so
/// that free and realloc know where a pointer came from. They are installed with `xmlMemSetup` before
/// libxml2 allocates anything (``installed``).
enum LibxmlArena {
    /// Installs the arena's allocator and initialises libxml2: once, before libxml2 allocates anything.
    static let installed: Void = {
        let status = xmlMemSetup(
            { pointer in LibxmlArena.free(pointer) },
            { size in LibxmlArena.allocate(size) },
            { pointer, size in LibxmlArena.reallocate(pointer, size) },
            { text in LibxmlArena.duplicate(text) }
        )
        precondition(status == 0, "libxml2 refused the allocator")
        xmlInitParser()
    }()

    /// Runs `body` with this thread's libxml2 allocations in its arena, which is reset afterwards: every
    /// document parsed inside must be freed inside, and nothing libxml2 allocated there may be used
    /// after. Nested calls share the outermost arena.
    static func withArena<Result>(_ body: () throws -> Result) rethrows -> Result {
        installed
        let state = State.current
        if state.pointee.depth == 0 { begin(state) }
        state.pointee.depth += 1
        defer {
            state.pointee.depth -= 1
            if state.pointee.depth == 0 { end(state) }
        }
        return try body()
    }

    // MARK: - State

    static let headerSize = 16
    static let heapTag: UInt64 = 0x7769_7265_6865_6170  // "wireheap"
    static let arenaTag: UInt64 = 0x7769_7265_6172_6E61  // "wirearna"
    /// Size of a block's data, unless one allocation needs more (or the block before was larger).
    static let blockSize = 256 * 1024
    /// Bytes of blocks a thread keeps from page to page (blocks are made by `malloc`, which maps large
    /// ones afresh each time: page faults on every touch).
    static let retainedSize = 4 * 1024 * 1024

    /// One thread's arena: a chain of blocks, each a 16-byte header (next block, data size) and data.
    struct State {
        var first: UnsafeMutableRawPointer?
        var current: UnsafeMutableRawPointer?
        var cursor: UnsafeMutableRawPointer?
        var limit: UnsafeMutableRawPointer?
        var depth = 0

        /// The calling thread's state, made on first use and freed (with its blocks) when the thread ends.
        static var current: UnsafeMutablePointer<State> {
            if let existing = pthread_getspecific(key) { return existing.assumingMemoryBound(to: State.self) }
            let state = UnsafeMutablePointer<State>.allocate(capacity: 1)
            state.initialize(to: State())
            pthread_setspecific(key, state)
            return state
        }

        static let key: pthread_key_t = {
            var key = pthread_key_t()
            let status = pthread_key_create(&key) { raw in
                guard let raw else { return }
                let state = raw.assumingMemoryBound(to: State.self)
                LibxmlArena.release(state.pointee.first)
                state.deinitialize(count: 1)
                state.deallocate()
            }
            precondition(status == 0, "no thread-specific key for libxml2's arena")
            return key
        }()
    }

    /// The arena of the calling thread while it is active, else nil.
    @inline(__always)
    static var active: UnsafeMutablePointer<State>? {
        guard let raw = pthread_getspecific(State.key) else { return nil }
        let state = raw.assumingMemoryBound(to: State.self)
        return state.pointee.depth > 0 ? state : nil
    }

    static func begin(_ state: UnsafeMutablePointer<State>) {
        // The thread's libxml2 state (its last-error record) is made outside the arena.
        xmlResetLastError()
        state.pointee.current = nil
        state.pointee.cursor = nil
        state.pointee.limit = nil
    }

    /// Every allocation made since `begin` is gone. The blocks are kept for the next page up to
    /// ``retainedSize`` bytes; the rest are freed, so that a huge page does not keep its memory.
    static func end(_ state: UnsafeMutablePointer<State>) {
        // The last error's strings may live in the arena.
        xmlResetLastError()
        // Blocks are kept while their total stays within the limit; the first one over it goes, with
        // the rest.
        var kept = 0
        var previous: UnsafeMutableRawPointer?
        var block = state.pointee.first
        while let current = block {
            kept += current.load(fromByteOffset: 8, as: Int.self)
            if kept > retainedSize {
                release(current)
                if let previous {
                    previous.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
                } else {
                    state.pointee.first = nil
                }
                break
            }
            previous = current
            block = current.load(as: UnsafeMutableRawPointer?.self)
        }
        state.pointee.current = nil
        state.pointee.cursor = nil
        state.pointee.limit = nil
    }

    /// Frees `block` and the blocks chained after it.
    static func release(_ block: UnsafeMutableRawPointer?) {
        var block = block
        while let current = block {
            block = current.load(as: UnsafeMutableRawPointer?.self)
            systemFree(current)
        }
    }

    // MARK: - Allocator

    static func rounded(_ size: Int) -> Int? {
        guard size >= 0, size <= Int.max - 2 * headerSize else { return nil }
        return (size + headerSize + 15) & ~15
    }

    static func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        if let state = active { return allocate(size, in: state) }
        guard size >= 0, size <= Int.max - headerSize, let header = malloc(size + headerSize) else { return nil }
        return stamp(header, size: size, tag: heapTag)
    }

    /// Writes an allocation's header (its size and where it came from) and returns the memory after it.
    @inline(__always)
    static func stamp(_ header: UnsafeMutableRawPointer, size: Int, tag: UInt64) -> UnsafeMutableRawPointer {
        header.storeBytes(of: UInt64(size), as: UInt64.self)
        header.storeBytes(of: tag, toByteOffset: 8, as: UInt64.self)
        return header + headerSize
    }

    static func allocate(_ size: Int, in state: UnsafeMutablePointer<State>) -> UnsafeMutableRawPointer? {
        guard let need = rounded(size) else { return nil }
        var header = state.pointee.cursor
        if header == nil || state.pointee.limit! - header! < need {
            guard grow(state, need: need) else { return nil }
            header = state.pointee.cursor
        }
        let start = header!
        state.pointee.cursor = start + need
        return stamp(start, size: size, tag: arenaTag)
    }

    /// Moves to the next block kept from an earlier page when it has room for `need` bytes, else chains
    /// a new block after the current one (freeing the kept blocks after it).
    static func grow(_ state: UnsafeMutablePointer<State>, need: Int) -> Bool {
        if state.pointee.cursor == nil, let first = state.pointee.first,
            first.load(fromByteOffset: 8, as: Int.self) >= need
        {
            // The first allocation of a page: the first block.
            use(first, in: state)
            return true
        }
        let next = state.pointee.current?.load(as: UnsafeMutableRawPointer?.self)
        if state.pointee.cursor != nil, let next, next.load(fromByteOffset: 8, as: Int.self) >= need {
            use(next, in: state)
            return true
        }
        // Blocks double up to the kept limit (a huge allocation gets a block of its own size).
        var size = blockSize
        if let current = state.pointee.current {
            size = max(size, min(2 * current.load(fromByteOffset: 8, as: Int.self), retainedSize))
        }
        size = max(size, need)
        guard size <= Int.max - headerSize, let block = malloc(size + headerSize) else { return false }
        block.storeBytes(of: size, toByteOffset: 8, as: Int.self)
        if state.pointee.first == nil {
            block.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
            state.pointee.first = block
        } else if state.pointee.cursor == nil {
            // Too large for the first block: in front of it.
            block.storeBytes(of: state.pointee.first, as: UnsafeMutableRawPointer?.self)
            state.pointee.first = block
        } else {
            let current = state.pointee.current!
            release(next)
            block.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
            current.storeBytes(of: block, as: UnsafeMutableRawPointer?.self)
        }
        use(block, in: state)
        return true
    }

    static func use(_ block: UnsafeMutableRawPointer, in state: UnsafeMutablePointer<State>) {
        state.pointee.current = block
        state.pointee.cursor = block + headerSize
        state.pointee.limit = block + headerSize + block.load(fromByteOffset: 8, as: Int.self)
    }

    /// Frees memory libxml2 allocated: through this allocator (arena memory is reclaimed when the arena
    /// ends), or before it was installed (by `malloc`, whose pointers carry no tag of ours: the word before
    /// them is the size of their chunk).
    static func free(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        let header = pointer - headerSize
        switch header.load(fromByteOffset: 8, as: UInt64.self) {
        case heapTag: systemFree(header)
        case arenaTag: break
        default: systemFree(pointer)
        }
    }

    static func reallocate(_ pointer: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer? {
        guard let pointer else { return allocate(size) }
        let header = pointer - headerSize
        let tag = header.load(fromByteOffset: 8, as: UInt64.self)
        // Memory from before the allocator was installed stays `malloc`'s.
        if tag != heapTag && tag != arenaTag { return realloc(pointer, size) }
        if tag == heapTag {
            guard size >= 0, size <= Int.max - headerSize, let moved = realloc(header, size + headerSize) else {
                return nil
            }
            return stamp(moved, size: size, tag: heapTag)
        }
        let old = Int(header.load(as: UInt64.self))
        // The newest allocation grows in place when its block has room (buffers grown while parsing).
        if let state = active, let need = rounded(size), let oldNeed = rounded(old),
            let current = state.pointee.current,
            header >= current + headerSize, header + oldNeed == state.pointee.cursor,
            state.pointee.limit! - header >= need
        {
            state.pointee.cursor = header + need
            return stamp(header, size: size, tag: arenaTag)
        }
        guard let copy = allocate(size) else { return nil }
        copy.copyMemory(from: pointer, byteCount: min(old, size))
        return copy
    }

    static func duplicate(_ text: UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>? {
        guard let text else { return nil }
        let length = strlen(text) + 1
        guard let copy = allocate(length) else { return nil }
        copy.copyMemory(from: text, byteCount: length)
        return copy.assumingMemoryBound(to: CChar.self)
    }
}

/// The C library's `free` (``LibxmlArena/free(_:)`` shadows the name inside the enum).
private func systemFree(_ pointer: UnsafeMutableRawPointer?) {
    free(pointer)
}
