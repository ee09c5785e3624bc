"""What both peer pipelines of scripts/bench-peers share: reading the corpus, word 5-shingles, site
names, grouping by LSH candidates and a union-find. Imported by scripts/peer_pipeline.py and scripts/peer_fast.py (this folder is on
their path, as the folder of the script run)."""
import gzip
import json
import re
import time
from urllib.parse import urlsplit

SHINGLE = 5
WORD = re.compile(r"\w+")


def pages(path):
    """Yield the JSON records of a JSONL file (gzip detected by its magic bytes)."""
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    opener = gzip.open if gzipped else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def shingles(text):
    """Word 5-shingles of the lowercased text (a text of 1-4 words is one shingle)."""
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return [" ".join(words)] if words else []
    return [" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]


def site_of(url):
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def group_by_lsh(hashes, count, lsh):
    """Insert every MinHash of `hashes` (index -> MinHash) into `lsh`, then query every one and join each
    candidate pair, unverified, in a union-find over `count` pages. Returns (the seconds inserting took,
    the connected components as lists of indices, the number of candidate pairs)."""
    start = time.perf_counter()
    for i, m in hashes.items():
        lsh.insert(i, m)
    inserted = time.perf_counter() - start
    uf = UnionFind(count)
    candidate_pairs = 0
    for i, m in hashes.items():
        for j in lsh.query(m):
            if j != i:
                candidate_pairs += 1
                uf.union(i, j)
    groups = {}
    for i in range(count):
        groups.setdefault(uf.find(i), []).append(i)
    return inserted, groups, candidate_pairs // 2


class UnionFind:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)
