"""trafilatura's article bodies for pages of the extraction benchmarks (the peer of scripts/eval-extraction).

usage: VENV/bin/python scripts/peer_extraction.py --out PRED.json PAGE.html.gz...

Runs trafilatura.extract(html_bytes, include_comments=False), other options at their defaults (as the
extraction-wceb README measured its peer baseline), on each page and writes {"<key>": {"articleBody":
"..."}} where the key is the file name without .html.gz. Needs trafilatura (scripts/bench-peers creates a
venv with trafilatura 2.3.1 in .build-peers/venv).
"""
import argparse
import gzip
import importlib.metadata
import json
import logging
import os
import sys
import warnings

logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")

import trafilatura  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("pages", nargs="+")
    args = ap.parse_args()
    pred = {}
    for path in args.pages:
        with gzip.open(path, "rb") as fh:
            html = fh.read()
        key = os.path.basename(path)[: -len(".html.gz")]
        pred[key] = {"articleBody": trafilatura.extract(html, include_comments=False) or ""}
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(pred, fh)
    print(f"trafilatura {importlib.metadata.version('trafilatura')}", file=sys.stderr)


if __name__ == "__main__":
    main()
