/// Every setting that changes stored fingerprints. A database records the parameters it was built
/// with; fingerprints made with other parameters cannot be compared with it.
public struct FingerprintParameters: Sendable, Hashable, Codable {
    /// Version of the normalisation, tokenising and hashing rules; bumped whenever they change.
    public static let algorithmVersion = 5

    /// Words per shingle, *k*.
    public var shingleSize: Int
    /// MinHash values per document.
    public var signatureSize: Int
    /// Jaccard similarity around which document-level LSH bands are tuned.
    public var lshThreshold: Double
    /// Seed of every hash: token, shingle, densification and band hashes.
    public var seed: UInt64
    /// Most shingles per passage window (one window per paragraph; they find partial copies and quotes).
    public var windowSize: Int
    /// MinHash bins per passage window; each bin is one band key.
    public var windowBins: Int
    /// Most windows indexed per document: the first paragraphs, where truncated copies, localised
    /// copies (a local paragraph or two on top) and roundups (which quote leads) overlap.
    public var maxWindows: Int
    /// Passage anchors: the smallest shingle of every run of this many (winnowing), each one band key,
    /// so that two texts sharing a passage of that many shingles share a key wherever the passage
    /// stands and however either text is cut into paragraphs; 0 indexes none.
    public var anchorWindow: Int
    /// Most anchors indexed per document (the first ones): a huge page adds no more than this.
    public var maxAnchors: Int
    /// Algorithm version the fingerprints were made with.
    public var version: Int

    public init(
        shingleSize: Int = 5,
        signatureSize: Int = 128,
        lshThreshold: Double = 0.5,
        seed: UInt64 = 0x7769_7265_7472_6163,
        windowSize: Int = 40,
        windowBins: Int = 4,
        maxWindows: Int = 16,
        anchorWindow: Int = 12,
        maxAnchors: Int = 32,
        version: Int = FingerprintParameters.algorithmVersion
    ) {
        self.shingleSize = shingleSize
        self.signatureSize = signatureSize
        self.lshThreshold = lshThreshold
        self.seed = seed
        self.windowSize = windowSize
        self.windowBins = windowBins
        self.maxWindows = maxWindows
        self.anchorWindow = anchorWindow
        self.maxAnchors = maxAnchors
        self.version = version
    }

    /// Decodes stored parameters; settings a database made by an earlier version does not name keep
    /// their defaults (its `version` then tells that its fingerprints cannot be compared).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let standard = FingerprintParameters()
        shingleSize = try container.decode(Int.self, forKey: .shingleSize)
        signatureSize = try container.decode(Int.self, forKey: .signatureSize)
        lshThreshold = try container.decode(Double.self, forKey: .lshThreshold)
        seed = try container.decode(UInt64.self, forKey: .seed)
        windowSize = try container.decode(Int.self, forKey: .windowSize)
        windowBins = try container.decode(Int.self, forKey: .windowBins)
        maxWindows = try container.decode(Int.self, forKey: .maxWindows)
        anchorWindow = try container.decodeIfPresent(Int.self, forKey: .anchorWindow) ?? standard.anchorWindow
        maxAnchors = try container.decodeIfPresent(Int.self, forKey: .maxAnchors) ?? standard.maxAnchors
        version = try container.decode(Int.self, forKey: .version)
    }

    /// The default parameters.
    public static let standard = FingerprintParameters()

    /// Problems that make these parameters unusable, in words a user can act on; empty when valid.
    public var problems: [String] {
        var problems: [String] = []
        if !(1...32).contains(shingleSize) { problems.append("shingle size must be between 1 and 32 words") }
        if !(8...1024).contains(signatureSize) { problems.append("MinHash size must be between 8 and 1024") }
        if !(lshThreshold > 0 && lshThreshold < 1) { problems.append("LSH threshold must lie between 0 and 1") }
        if !(8...1000).contains(windowSize) { problems.append("window size must be between 8 and 1000 shingles") }
        if !(1...32).contains(windowBins) { problems.append("window bins must be between 1 and 32") }
        if !(0...256).contains(maxWindows) { problems.append("max windows must be between 0 and 256") }
        if !(0...1000).contains(anchorWindow) { problems.append("anchor window must be between 0 and 1000 shingles") }
        if !(0...4096).contains(maxAnchors) { problems.append("max anchors must be between 0 and 4096") }
        return problems
    }
}
