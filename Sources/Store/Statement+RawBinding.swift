import Foundation
import GRDB
import GRDBSQLite

/// Binds values to a statement's parameters, in order, straight through SQLite's `sqlite3_bind_*`:
/// GRDB's argument arrays box every value, and blobs go through `Data`. Values are bound as GRDB binds
/// them (booleans as 0 and 1, blobs and text copied by SQLite), except that text is bound with its
/// length in bytes rather than as a C string: a NUL inside a value is kept, not the end of it.
struct ParameterBinder {
    /// SQLite copies the value before the bind call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    let handle: OpaquePointer
    /// Parameters bound so far.
    private(set) var count: Int32 = 0
    /// The first result code that was not `SQLITE_OK`.
    private(set) var failure = SQLITE_OK

    private mutating func next(_ bind: (_ handle: OpaquePointer, _ index: Int32) -> Int32) {
        count += 1
        let code = bind(handle, count)
        if code != SQLITE_OK && failure == SQLITE_OK { failure = code }
    }

    mutating func bind(_ value: String?) {
        next { handle, index in
            guard let value else { return sqlite3_bind_null(handle, index) }
            var text = value
            return text.withUTF8 { bytes in
                // An empty string binds as empty text, not NULL: SQLite needs a pointer that is not nil.
                guard let base = bytes.baseAddress else {
                    return sqlite3_bind_text(handle, index, "", 0, Self.transient)
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text64(handle, index, $0, UInt64(bytes.count), Self.transient, UInt8(SQLITE_UTF8))
                }
            }
        }
    }

    mutating func bind(_ value: Int64?) {
        next { handle, index in
            guard let value else { return sqlite3_bind_null(handle, index) }
            return sqlite3_bind_int64(handle, index, value)
        }
    }

    mutating func bind(_ value: Int?) { bind(value.map(Int64.init)) }

    mutating func bind(_ value: Bool) { bind(Int64(value ? 1 : 0)) }

    /// Binds the little-endian bytes of `values` as a blob (as ``BlobCoding`` packs them).
    mutating func bindBlob<T: FixedWidthInteger>(_ values: [T]) {
        #if _endian(little)
        next { handle, index in
            // An empty array binds as an empty `Data` does.
            if values.isEmpty {
                return Data().withUnsafeBytes {
                    sqlite3_bind_blob(handle, index, $0.baseAddress, 0, Self.transient)
                }
            }
            return values.withUnsafeBytes {
                sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient)
            }
        }
        #else
        let bytes = values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
        next { handle, index in
            bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
        }
        #endif
    }
}

extension Statement {
    /// Runs a statement that returns no rows with the values `bind` binds to its parameters, in order.
    /// The statement is reset afterwards.
    /// - Precondition: `bind` binds every parameter of the statement.
    func execute(binding bind: (inout ParameterBinder) -> Void) throws {
        let handle = sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        var binder = ParameterBinder(handle: handle)
        bind(&binder)
        precondition(binder.count == sqlite3_bind_parameter_count(handle), "one value per parameter")
        if binder.failure != SQLITE_OK { throw stepFailure(binder.failure) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw stepFailure(code) }
    }
}
