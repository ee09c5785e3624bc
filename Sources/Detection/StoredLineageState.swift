/// A story's stored ``WiretraceLineage/LineageState`` (encoded), with the story's members as they are now:
/// the state holds only while they are the members it was made from.
public struct StoredLineageState: Sendable {
    public var state: [UInt8]
    /// Members of the story now, and the sum of their ids.
    public var memberCount: Int
    public var memberIDSum: Int64

    public init(state: [UInt8], memberCount: Int, memberIDSum: Int64) {
        self.state = state
        self.memberCount = memberCount
        self.memberIDSum = memberIDSum
    }
}
