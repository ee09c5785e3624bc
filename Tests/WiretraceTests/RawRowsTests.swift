import GRDB
import Testing

@testable import WiretraceStore

@Suite("Rows read straight from SQLite")
struct RawRowsTests {
    /// Runs `body` in a write transaction of a fresh in-memory database made by `schema`.
    static func inDatabase(_ schema: String, _ body: (Database) throws -> Void) throws {
        try DatabaseQueue().write { db in
            try db.execute(sql: schema)
            try body(db)
        }
    }
    @Test("integers of every row, in order, and a failing step throws")
    func integers() throws {
        try Self.inDatabase("CREATE TABLE t (k INTEGER, v INTEGER); INSERT INTO t VALUES (1, 10), (1, 11), (2, 20)") {
            db in
            let statement = try db.makeStatement(sql: "SELECT v FROM t WHERE k = ? ORDER BY v")
            var values: [Int64] = [5]
            try statement.appendIntegers([1], to: &values)
            #expect(values == [5, 10, 11])
            try statement.appendIntegers([2], to: &values)  // reset after each run: reusable
            #expect(values == [5, 10, 11, 20])
            let overflow = try db.makeStatement(sql: "SELECT abs(?)")
            var none: [Int64] = []
            #expect(throws: DatabaseError.self) { try overflow.appendIntegers([Int64.min], to: &none) }
            #expect(throws: DatabaseError.self) { try overflow.withFirstRow([Int64.min]) { _ in 0 } }
        }
    }

    @Test("integers bound straight to parameters: rows inserted, the first column read, NULL and no row nil")
    func boundIntegers() throws {
        try Self.inDatabase("CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER)") { db in
            let insert = try db.makeStatement(sql: "INSERT INTO t VALUES (?, ?), (?, ?)")
            try insert.execute(integers: [1, Int64.max, 2, Int64.min])
            try insert.execute(integers: [3, 30, 4, -4])  // reset after each run: reusable
            #expect(throws: DatabaseError.self) { try insert.execute(integers: [1, 0, 5, 0]) }  // duplicate key
            let value = try db.makeStatement(sql: "SELECT v FROM t WHERE k = ?")
            #expect(try value.firstInteger(integers: [1]) == Int64.max)
            #expect(try value.firstInteger(integers: [2]) == Int64.min)
            #expect(try value.firstInteger(integers: [9]) == nil)
            #expect(try db.makeStatement(sql: "SELECT NULL + ?").firstInteger(integers: [1]) == nil)
            #expect(try Int64.fetchAll(db, sql: "SELECT k FROM t ORDER BY k") == [1, 2, 3, 4])
        }
    }

    @Test("the first row's columns in place; nil without a row")
    func firstRow() throws {
        try Self.inDatabase("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, b BLOB, s TEXT)") { db in
            try db.execute(
                sql: "INSERT INTO t VALUES (1, 7, ?, '3,14'), (2, NULL, NULL, NULL), (3, 0, x'', '')",
                arguments: [BlobCoding.data([UInt32(1), 2, 0xFFFF_FFFF])]
            )
            let statement = try db.makeStatement(sql: "SELECT n, b, s FROM t WHERE id = ?")
            let one = try statement.withFirstRow([1]) { row in
                (
                    RawColumn.integer(row, 0), BlobCoding.uint32s(RawColumn.bytes(row, 1)),
                    BlobCoding.decimalList(RawColumn.bytes(row, 2))
                )
            }
            #expect(one?.0 == 7 && one?.1 == [1, 2, 0xFFFF_FFFF] && one?.2 == [3, 14])
            let nulls = try statement.withFirstRow([2]) { row in
                (RawColumn.integer(row, 0), RawColumn.bytes(row, 1) == nil, RawColumn.bytes(row, 2) == nil)
            }
            #expect(nulls?.0 == nil && nulls?.1 == true && nulls?.2 == true)
            let empty = try statement.withFirstRow([3]) { row in
                (RawColumn.integer(row, 0), RawColumn.bytes(row, 1)?.count, BlobCoding.uint32s(RawColumn.bytes(row, 1)))
            }
            #expect(empty?.0 == 0 && empty?.1 == 0 && empty?.2 == [])
            #expect(try statement.withFirstRow([4]) { _ in true } == nil)
        }
    }

    @Test("values bound in place are stored as GRDB's arguments store them, text whole; a failed step throws")
    func boundValuesMatchGRDB() throws {
        try Self.inDatabase("CREATE TABLE t (k INTEGER PRIMARY KEY, a, b, c, d, e, f, g)") { db in
            let sql = "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            let cases: [(text: String?, number: Int?, flag: Bool, small: [UInt32], large: [UInt64])] = [
                ("plain", 42, true, [1, 2, 0xFFFF_FFFF], [0, UInt64.max]),
                (nil, nil, false, [], []),
                ("", -7, false, [7], []),
                ("é — “quoted” 🚀", Int.max, true, [], [0x0102_0304_0506_0708]),
                ("before\u{0}after", 0, false, [0], [1]),
            ]
            for (index, value) in cases.enumerated() {
                try db.makeStatement(sql: sql).execute { values in
                    values.bind(Int64(2 * index))
                    values.bind(value.text)
                    values.bind(value.number)
                    values.bind(value.flag)
                    values.bindBlob(value.small)
                    values.bindBlob(value.large)
                    values.bind(value.number.map { Int64($0) })
                    values.bind(value.text.map { $0 + "!" })
                }
                try db.makeStatement(sql: sql).execute(arguments: [
                    2 * index + 1, value.text, value.number, value.flag, BlobCoding.data(value.small),
                    BlobCoding.data(value.large), value.number, value.text.map { $0 + "!" },
                ])
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT k, hex(a), typeof(a), quote(b), typeof(b), quote(c), typeof(c), quote(d), typeof(d),
                           quote(e), typeof(e), quote(f), hex(g) FROM t ORDER BY k
                    """
            )
            #expect(rows.count == 2 * cases.count)
            for pair in stride(from: 0, to: rows.count, by: 2) {
                let bound = Array(rows[pair].databaseValues.dropFirst())
                let grdb = Array(rows[pair + 1].databaseValues.dropFirst())
                if cases[pair / 2].text?.utf8.contains(0) == true {
                    // Text is bound by its length: the whole value is stored, where GRDB's C string ends
                    // at the NUL. Everything else is the same.
                    #expect(bound[0] == "6265666F7265006166746572".databaseValue)
                    #expect(grdb[0] == "6265666F7265".databaseValue)
                    #expect(bound[11] == "6265666F726500616674657221".databaseValue)
                    #expect(Array(bound[1..<11]) == Array(grdb[1..<11]))
                } else {
                    #expect(bound == grdb)
                }
            }
            #expect(throws: DatabaseError.self) {
                try db.makeStatement(sql: sql).execute { values in
                    values.bind(Int64(0))  // an existing key
                    for _ in 0..<7 { values.bind(nil as Int64?) }
                }
            }
        }
    }
}
