/// A growable byte buffer without per-append uniqueness checks: the scratch space of normalisation.
///
/// Memory is zero-initialised and `slack` bytes beyond the capacity are always allocated, so word
/// hashing may load 8 bytes at a time past the last written byte.
@usableFromInline
struct ByteBuffer: ~Copyable {
    @usableFromInline static let slack = 8
    @usableFromInline var storage: UnsafeMutablePointer<UInt8>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int

    @usableFromInline
    init(capacity: Int) {
        self.capacity = max(64, capacity)
        storage = .allocate(capacity: self.capacity + Self.slack)
        storage.initialize(repeating: 0, count: self.capacity + Self.slack)
    }

    deinit {
        storage.deallocate()
    }

    @inlinable @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(minimum: count + 1) }
        storage[count] = byte
        count += 1
    }

    /// Makes room for at least `total` bytes.
    @inlinable
    mutating func reserve(_ total: Int) {
        if total > capacity { grow(minimum: total) }
    }

    @inlinable
    var last: UInt8? { count > 0 ? storage[count - 1] : nil }

    @usableFromInline
    mutating func grow(minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + Self.slack)
        newStorage.initialize(repeating: 0, count: newCapacity + Self.slack)
        newStorage.update(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }

    /// The bytes written so far.
    @inlinable
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }
}

/// A growable buffer of 64-bit hashes without per-append uniqueness checks: scratch space for word hashes.
@usableFromInline
struct HashBuffer: ~Copyable {
    @usableFromInline var storage: UnsafeMutablePointer<UInt64>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int

    @usableFromInline
    init(capacity: Int) {
        self.capacity = max(16, capacity)
        storage = .allocate(capacity: self.capacity)
    }

    deinit {
        storage.deallocate()
    }

    @inlinable @inline(__always)
    mutating func append(_ value: UInt64) {
        if count == capacity { grow() }
        storage[count] = value
        count &+= 1
    }

    /// Makes room for at least `total` hashes.
    @inlinable
    mutating func reserve(_ total: Int) {
        if total > capacity { grow(minimum: total) }
    }

    @usableFromInline
    mutating func grow(minimum: Int = 0) {
        let newCapacity = max(capacity * 2, minimum)
        let newStorage = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
        newStorage.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }

    /// The hashes written so far.
    @inlinable
    var values: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(start: storage, count: count) }
}
