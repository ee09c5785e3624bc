/// Stable least-significant-digit radix sorts on the bytes of an unsigned key: for random keys (shingle
/// hashes, band keys), where a comparison sort mispredicts about every other branch.
public enum RadixSort {
    /// Sorts `values` by the low `keyBytes` bytes of `key`, stably (elements with equal keys keep their
    /// order): one pass counts every byte's values, then each byte that is not the same in every key
    /// takes a scatter pass.
    /// - Complexity: O(*n* × `keyBytes`), with *n* elements of extra memory.
    @inlinable
    public static func sort<Element>(_ values: inout [Element], keyBytes: Int, by key: (Element) -> UInt64) {
        precondition((1...8).contains(keyBytes), "a key of 1 to 8 bytes")
        let count = values.count
        guard count > 1 else { return }
        var scratch = values
        withUnsafeTemporaryAllocation(of: Int.self, capacity: keyBytes * 256) { counts in
            counts.initialize(repeating: 0)
            values.withUnsafeBufferPointer { input in
                for element in input {
                    var digits = key(element)
                    for digit in 0..<keyBytes {
                        counts[256 * digit + Int(digits & 0xFF)] &+= 1
                        digits >>= 8
                    }
                }
            }
            for digit in 0..<keyBytes {
                let shift = UInt64(8 * digit)
                let histogram = UnsafeMutableBufferPointer(rebasing: counts[(256 * digit)..<(256 * digit + 256)])
                // A byte every key shares leaves the order as it is.
                if histogram[Int((key(values[0]) >> shift) & 0xFF)] == count { continue }
                var offset = 0
                for bucket in 0..<256 {
                    let size = histogram[bucket]
                    histogram[bucket] = offset
                    offset &+= size
                }
                values.withUnsafeBufferPointer { input in
                    scratch.withUnsafeMutableBufferPointer { output in
                        for element in input {
                            let bucket = Int((key(element) >> shift) & 0xFF)
                            output[histogram[bucket]] = element
                            histogram[bucket] &+= 1
                        }
                    }
                }
                swap(&values, &scratch)
            }
        }
    }
}
