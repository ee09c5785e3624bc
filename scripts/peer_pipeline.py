"""The peer pipeline that scripts/bench-peers measures wiretrace against.

usage: VENV/bin/python scripts/peer_pipeline.py --corpus ARTICLES.jsonl[.gz] --out EXPORT.jsonl
                                                [--stats STATS.json] [--metadata] [--minhash update|batch]

Needs datasketch, trafilatura and lxml_html_clean (scripts/bench-peers installs them in a venv and
runs this file with the venv's python). The usual Python recipe for near-duplicate grouping, in one
process:

  1. read the JSONL pages ({"url", "html", "fetched"}), gzip or plain;
  2. extract each page with trafilatura.bare_extraction (what trafilatura.extract runs before it
     serialises) with trafilatura's defaults except include_comments=False: tables kept,
     fast=False so the fallback extractors (readability, jusText) run too, with_metadata=False;
     a page seen again under the same URL (a re-crawl) replaces the earlier one;
  3. normalise the text (lowercase, \\w+ words) and cut it into word 5-shingles (a text of 1-4
     words is one shingle; a page with no text is left out of the index);
  4. datasketch.MinHash(num_perm=128), fed one shingle at a time with update(), as datasketch's README
     shows (--minhash update, the default), or all at once with update_batch() (--minhash batch: the
     same hash values, computed in one numpy pass, so about 7 times faster);
  5. datasketch.MinHashLSH(threshold=0.5, num_perm=128): insert every page, then query every page;
     each candidate pair is joined, unverified, in a union-find;
  6. connected components of 2+ pages are stories; the origin is the earliest page by fetch time
     (then URL); every other member's parent is the origin;
  7. write one record per URL in the form of `wiretrace export` (url, site, story, origin, parent,
     published, fetched, title); a page in no story has story null, origin false, parent null.

--metadata turns on trafilatura's metadata (with_metadata=True: title, site name, and a date found
by htmldate, day precision); the origin is then the page with the earliest such date, then fetch
time. On the dev corpus it makes extraction about 70% slower and origins worse, so it is off.
--stats writes the time spent in each phase, the counts and the package versions as JSON.
"""
import argparse
import importlib.metadata
import json
import logging
import sys
import time
import warnings

# trafilatura, htmldate and courlan log warnings for odd pages; the benchmark wants a quiet run.
logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")

import trafilatura  # noqa: E402  (after the logging switch, so import-time messages are quiet too)
from datasketch import MinHash, MinHashLSH  # noqa: E402
from peer_common import group_by_lsh, pages, shingles, site_of  # noqa: E402

NUM_PERM = 128
THRESHOLD = 0.5


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--stats")
    ap.add_argument("--minhash", choices=("update", "batch"), default="update",
                    help="feed MinHash one shingle at a time (update) or all at once (update_batch)")
    ap.add_argument("--metadata", action="store_true",
                    help="with_metadata=True: title and date; the origin is the earliest date, then fetch time")
    args = ap.parse_args()

    phase = dict.fromkeys(("read", "extract", "minhash", "lsh_insert", "lsh_query", "write"), 0.0)
    docs = []       # (url, fetched, date, title) per distinct URL, in input order
    position = {}   # url -> index in docs
    hashes = {}     # index in docs -> MinHash, for pages with text
    clock = time.perf_counter

    # 1-4: read, extract, shingle and hash, one page at a time (the HTML is not kept).
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
        result = None
        if html:
            try:
                result = trafilatura.bare_extraction(html, url=url, include_comments=False,
                                                     with_metadata=args.metadata)
            except Exception:  # a page trafilatura cannot handle is a page with no text
                result = None
        extracted = clock()
        phase["extract"] += extracted - start
        text = (result.text or "") if result is not None else ""
        date = (result.date or None) if result is not None else None
        title = (result.title or None) if result is not None else None
        grams = [gram.encode() for gram in shingles(text)]  # datasketch hashes bytes
        index = position.setdefault(url, len(docs))
        if index == len(docs):
            docs.append(None)
        docs[index] = (url, record.get("fetched"), date, title)  # a re-crawl replaces the earlier fetch
        hashes.pop(index, None)
        if grams:
            m = MinHash(num_perm=NUM_PERM)
            if args.minhash == "batch":
                m.update_batch(grams)
            else:
                for gram in grams:
                    m.update(gram)
            hashes[index] = m
        mark = clock()
        phase["minhash"] += mark - extracted

    # 5: LSH at 0.5, every page inserted, then every page queried; candidates joined as they come.
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    start = clock()
    phase["lsh_insert"], components, candidate_pairs = group_by_lsh(hashes, len(docs), lsh)
    phase["lsh_query"] = clock() - start - phase["lsh_insert"]

    # 6-7: stories, origins, parents, export.
    start = clock()
    stories = 0
    with open(args.out, "w", encoding="utf-8") as out:
        records = [None] * len(docs)
        for members in components.values():
            story = None
            origin = None
            if len(members) > 1:
                stories += 1
                story = stories
                # Earliest first: trafilatura's date (YYYY-MM-DD, only with --metadata; a page with no
                # date sorts after every dated one), then the fetch time, then the URL.
                origin = min(members, key=lambda i: (docs[i][2] is None, docs[i][2] or "", docs[i][1] or "", docs[i][0] or ""))
            for i in members:
                url, fetched, date, title = docs[i]
                records[i] = {
                    "url": url,
                    "site": site_of(url or ""),
                    "story": story,
                    "origin": story is not None and i == origin,
                    "parent": docs[origin][0] if story is not None and i != origin else None,
                    "published": date,
                    "fetched": fetched,
                    "title": title,
                }
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    phase["write"] = clock() - start

    if args.stats:
        versions = {name: importlib.metadata.version(name)
                    for name in ("datasketch", "trafilatura", "lxml_html_clean", "lxml", "numpy", "scipy")}
        versions["python"] = sys.version.split()[0]
        stats = dict(minhash=args.minhash, pages=pages_read, urls=len(docs), with_text=len(hashes), stories=stories,
                     in_stories=sum(len(ms) for ms in components.values() if len(ms) > 1),
                     candidate_pairs=candidate_pairs,
                     phase_seconds={k: round(v, 3) for k, v in phase.items()}, versions=versions)
        with open(args.stats, "w") as fh:
            json.dump(stats, fh)


if __name__ == "__main__":
    main()
