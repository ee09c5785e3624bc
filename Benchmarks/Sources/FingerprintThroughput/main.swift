import Foundation
import WiretraceFingerprint
import WiretraceIngest

// Usage: FingerprintThroughput CORPUS.jsonl[.gz] [ROUNDS]
// Loads every article of the corpus into memory, then fingerprints all of them ROUNDS times on one
// core (normalise, words, 5-shingles, MinHash-128, band keys, SHA-256) and prints the throughput.
let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: FingerprintThroughput CORPUS.jsonl[.gz] [ROUNDS]\n".utf8))
    exit(64)
}
let rounds = arguments.count >= 3 ? max(1, Int(arguments[2]) ?? 3) : 3
var articles: [[String]] = []
try InputReader().read(InputFile(path: arguments[1], format: .jsonl)) { item in
    if case .article(let article) = item { articles.append(article.paragraphs) }
}
let bytes = articles.reduce(0) { $0 + $1.reduce(0) { $0 + $1.utf8.count } }
let fingerprinter = Fingerprinter()
var best = Double.infinity
var checksum: UInt64 = 0
for _ in 0..<rounds {
    let start = DispatchTime.now().uptimeNanoseconds
    for paragraphs in articles {
        let fingerprint = fingerprinter.fingerprint(paragraphs: paragraphs)
        checksum &+= UInt64(fingerprint.signature.first ?? 0)
    }
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
let megabytes = Double(bytes) / 1_000_000
print(
    String(
        format: "%d articles, %.1f MB of text: best of %d rounds %.3f s = %.1f MB/s, %.0f articles/s (checksum %llu)",
        articles.count,
        megabytes,
        rounds,
        best,
        megabytes / best,
        Double(articles.count) / best,
        checksum
    )
)
