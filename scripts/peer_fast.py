"""The fast peer pipeline that scripts/bench-peers measures wiretrace against: resiliparse + rensa.

usage: VENV/bin/python scripts/peer_fast.py --corpus ARTICLES.jsonl[.gz] --out EXPORT.jsonl [--stats STATS.json]

Needs resiliparse and rensa (scripts/bench-peers installs them in its venv and runs this file with the
venv's python). The fastest near-duplicate recipe a user can put together from PyPI packages, in one
process on one core:

  1. read the JSONL pages ({"url", "html", "fetched"}), gzip or plain; a page seen again under the
     same URL (a re-crawl) replaces the earlier one;
  2. extract the main content with resiliparse (C++):
     resiliparse.extract.html2text.extract_plain_text(html, main_content=True);
  3. normalise the text (lowercase, \\w+ words) and cut it into word 5-shingles (a text of 1-4 words is
     one shingle; a page with no text is left out of the index) — the same shingles as the trafilatura
     peer (scripts/peer_pipeline.py);
  4. rensa.RMinHash(128, seed 42) (Rust), fed all shingles in one update();
  5. rensa.RMinHashLSH(threshold 0.5, 128 permutations, 16 bands): insert every page, then query every
     page; each candidate pair is joined, unverified, in a union-find;
  6. connected components of 2+ pages are stories; the origin is the earliest page by fetch time (then
     URL); every other member's parent is the origin;
  7. write one record per URL in the form of `wiretrace export`.

--stats writes the time spent in each phase, the counts and the package versions as JSON.
"""
import argparse
import importlib.metadata
import json
import sys
import time

from resiliparse.extract.html2text import extract_plain_text
from rensa import RMinHash, RMinHashLSH

from peer_common import group_by_lsh, pages, shingles, site_of

NUM_PERM = 128
SEED = 42
THRESHOLD = 0.5
BANDS = 16


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--stats")
    args = ap.parse_args()

    phase = dict.fromkeys(("read", "extract", "minhash", "lsh_insert", "lsh_query", "write"), 0.0)
    docs = []       # (url, fetched) per distinct URL, in input order
    position = {}   # url -> index in docs
    hashes = {}     # index in docs -> RMinHash, for pages with text
    clock = time.perf_counter

    pages_read = 0
    mark = clock()
    for record in pages(args.corpus):
        pages_read += 1
        url, html = record.get("url"), record.get("html")
        start = clock()
        phase["read"] += start - mark
        if not url:  # wiretrace skips such records too
            mark = start
            continue
        text = ""
        if html:
            try:
                text = extract_plain_text(html, main_content=True) or ""
            except Exception:  # a page resiliparse cannot handle is a page with no text
                text = ""
        extracted = clock()
        phase["extract"] += extracted - start
        grams = shingles(text)
        index = position.setdefault(url, len(docs))
        if index == len(docs):
            docs.append(None)
        docs[index] = (url, record.get("fetched"))  # a re-crawl replaces the earlier fetch
        hashes.pop(index, None)
        if grams:
            m = RMinHash(NUM_PERM, SEED)
            m.update(grams)
            hashes[index] = m
        mark = clock()
        phase["minhash"] += mark - extracted

    lsh = RMinHashLSH(THRESHOLD, NUM_PERM, BANDS)
    start = clock()
    phase["lsh_insert"], components, candidate_pairs = group_by_lsh(hashes, len(docs), lsh)
    phase["lsh_query"] = clock() - start - phase["lsh_insert"]

    start = clock()
    stories = 0
    records = [None] * len(docs)
    for members in components.values():
        story = origin = None
        if len(members) > 1:
            stories += 1
            story = stories
            origin = min(members, key=lambda i: (docs[i][1] or "", docs[i][0] or ""))
        for i in members:
            url, fetched = docs[i]
            records[i] = {
                "url": url,
                "site": site_of(url or ""),
                "story": story,
                "origin": story is not None and i == origin,
                "parent": docs[origin][0] if story is not None and i != origin else None,
                "published": None,
                "fetched": fetched,
                "title": None,
            }
    with open(args.out, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    phase["write"] = clock() - start

    if args.stats:
        versions = {name: importlib.metadata.version(name) for name in ("resiliparse", "rensa")}
        versions["python"] = sys.version.split()[0]
        stats = dict(pages=pages_read, urls=len(docs), with_text=len(hashes), stories=stories,
                     in_stories=sum(len(ms) for ms in components.values() if len(ms) > 1),
                     candidate_pairs=candidate_pairs,
                     phase_seconds={k: round(v, 3) for k, v in phase.items()}, versions=versions)
        with open(args.stats, "w") as fh:
            json.dump(stats, fh)


if __name__ == "__main__":
    main()
