import Benchmark
import Foundation
import WiretraceFingerprint
import WiretraceIngest

/// Article bodies of the sample archive shipped in the repository: real-sized news text.
let corpus: [[String]] = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../../samples/sample-archive.jsonl"
    ).standardized.path
    let reader = InputReader()
    var articles: [[String]] = []
    try? reader.read(InputFile(path: path, format: .jsonl)) { item in
        if case .article(let article) = item { articles.append(article.paragraphs) }
    }
    precondition(!articles.isEmpty, "sample archive not found at \(path)")
    return articles
}()

let corpusBytes = corpus.reduce(0) { $0 + $1.reduce(0) { $0 + $1.utf8.count } }

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .instructions],
        warmupIterations: 3,
        scalingFactor: .one,
        maxDuration: .seconds(3),
        maxIterations: 1000
    )

    // One iteration fingerprints every article of the sample archive (normalise, words, shingles,
    // MinHash-128, band keys, SHA-256). MB/s = corpusBytes × iterations/s.
    Benchmark("Fingerprint.sampleArchive") { benchmark in
        let fingerprinter = Fingerprinter()
        for _ in benchmark.scaledIterations {
            for paragraphs in corpus {
                blackHole(fingerprinter.fingerprint(paragraphs: paragraphs))
            }
        }
    }

    Benchmark("Fingerprint.normalize") { benchmark in
        var output: [UInt8] = []
        output.reserveCapacity(1 << 16)
        for _ in benchmark.scaledIterations {
            for paragraphs in corpus {
                for paragraph in paragraphs {
                    output.removeAll(keepingCapacity: true)
                    TextNormalizer.append(paragraph, to: &output)
                }
            }
            blackHole(output)
        }
    }

    Benchmark("Fingerprint.minHash128") { benchmark in
        let hashes = (0..<300).map { XXHash64.mix(UInt64($0), seed: 7) }
        for _ in benchmark.scaledIterations {
            for _ in corpus {
                blackHole(hashes.withUnsafeBufferPointer { MinHash.signature(of: $0, size: 128, seed: 1) })
            }
        }
    }

    Benchmark("Fingerprint.corpusBytes", configuration: .init(metrics: [.wallClock], maxIterations: 1)) { _ in
        print("sample archive text: \(corpusBytes) bytes in \(corpus.count) articles")
    }
}
