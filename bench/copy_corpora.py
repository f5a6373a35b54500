#!/usr/bin/env python3
"""Writes the shared corpora's records N times as JSONL on standard output, for the
million-document comparison with stock Xapian (7,245 records x 138 = 999,810 documents).
Copy k > 0 appends "~k" to each id, so every copy is its own document.

Usage: copy_corpora.py --copies N [--corpora DIR]
"""
import argparse
import glob
import json
import os
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, required=True)
    parser.add_argument("--corpora", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                          "shared", "corpora"))
    args = parser.parse_args()
    records = []
    for path in sorted(glob.glob(os.path.join(args.corpora, "*", "docs.jsonl"))):
        with open(path, encoding="utf-8") as lines:
            records.extend(json.loads(line) for line in lines if line.strip())
    out = sys.stdout
    for copy in range(args.copies):
        for record in records:
            if copy:
                record = dict(record, id=f"{record['id']}~{copy}")
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
