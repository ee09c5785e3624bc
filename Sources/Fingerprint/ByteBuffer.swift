/// A growable buffer of integers without per-append uniqueness checks: the scratch space of
/// normalisation (``ByteBuffer``) and word hashing (``HashBuffer``).
///
/// Memory is zero-initialised and `slack` elements beyond the capacity are always allocated, so word
/// hashing may load 8 bytes at a time past the last written byte.
@usableFromInline
struct ScratchBuffer<Element: FixedWidthInteger>: ~Copyable {
    @usableFromInline let slack: Int
    @usableFromInline var storage: UnsafeMutablePointer<Element>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int

    @usableFromInline
    init(capacity: Int, slack: Int) {
        self.capacity = capacity
        self.slack = slack
        storage = .allocate(capacity: capacity + slack)
        storage.initialize(repeating: 0, count: capacity + slack)
    }

    deinit {
        storage.deallocate()
    }

    @inlinable @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(minimum: count &+ 1) }
        storage[count] = value
        count &+= 1
    }

    /// Makes room for at least `total` elements.
    @inlinable
    mutating func reserve(_ total: Int) {
        if total > capacity { grow(minimum: total) }
    }

    @inlinable
    var last: Element? { count > 0 ? storage[count - 1] : nil }

    @usableFromInline
    mutating func grow(minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newStorage = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity + slack)
        newStorage.initialize(repeating: 0, count: newCapacity + slack)
        newStorage.update(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }

    /// The elements written so far.
    @inlinable
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: storage, count: count) }
}

/// Normalised text: bytes, with 8 bytes of zeroed slack for word-at-a-time loads.
@usableFromInline
typealias ByteBuffer = ScratchBuffer<UInt8>

/// Word hashes.
@usableFromInline
typealias HashBuffer = ScratchBuffer<UInt64>

extension ScratchBuffer where Element == UInt8 {
    @usableFromInline
    init(capacity: Int) { self.init(capacity: max(64, capacity), slack: 8) }

    /// The bytes written so far.
    @inlinable
    var bytes: UnsafeBufferPointer<UInt8> { elements }
}

extension ScratchBuffer where Element == UInt64 {
    @usableFromInline
    init(capacity: Int) { self.init(capacity: max(16, capacity), slack: 0) }

    /// The hashes written so far.
    @inlinable
    var values: UnsafeBufferPointer<UInt64> { elements }
}
