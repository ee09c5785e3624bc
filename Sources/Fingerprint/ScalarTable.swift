/// The Unicode properties normalisation and tokenising ask about, for every scalar below U+0800 (one and
/// two UTF-8 bytes: Latin, Greek, Cyrillic, Hebrew, Arabic and more), looked up once. A lookup of the
/// standard library's Unicode properties costs about a hundred nanoseconds.
@usableFromInline
enum ScalarTable {
    /// Scalars below this value are in the table.
    @usableFromInline static let limit: UInt32 = 0x800
    /// ``TextNormalizer/isStable(_:)``.
    @usableFromInline static let stable: UInt8 = 1
    /// ``Tokenizer/wordClass(of:)`` is `.word`.
    @usableFromInline static let word: UInt8 = 2
    /// ``Tokenizer/wordClass(of:)`` is `.standalone`.
    @usableFromInline static let standalone: UInt8 = 4

    /// One entry of flags per scalar value (surrogates have none: they are not scalars).
    @usableFromInline static let entries: [UInt8] = (0..<limit).map { value in
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        var entry: UInt8 = TextNormalizer.computeIsStable(scalar) ? stable : 0
        switch Tokenizer.computeWordClass(of: scalar) {
        case .word: entry |= word
        case .standalone: entry |= standalone
        case .separator: break
        }
        return entry
    }
}
