#!/usr/bin/env python3
"""Writes N synthetic interview documents as JSONL on standard output, for scale benchmarks.

The documents have the shape and statistics of ../shared/corpora: title and body lengths are
drawn from the real ones, words follow the real word frequencies (titles and bodies each their
own), and topic, section, kind and level come as they come together in the real records.
Deterministic: the same --count and --seed give the same bytes.

Usage: gen_corpus.py --count N [--seed S] [--corpora DIR]
"""
import argparse
import collections
import glob
import json
import os
import random
import re
import sys

WORD = re.compile(r"[^\s]+")
POOL_WORDS = 1 << 22  # words drawn once by frequency; documents take slices of the pool


def load(corpora):
    titles, bodies = collections.Counter(), collections.Counter()
    title_lengths, body_lengths, shapes = [], [], []
    for path in sorted(glob.glob(os.path.join(corpora, "*", "docs.jsonl"))):
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                title = WORD.findall(record.get("title", ""))
                body = WORD.findall(record.get("text", ""))
                titles.update(title)
                bodies.update(body)
                title_lengths.append(len(title))
                body_lengths.append(len(body))
                shapes.append({key: record[key] for key in ("topic", "section", "kind", "level")
                               if record.get(key)})
    if not shapes:
        sys.exit(f"gen_corpus.py: no */docs.jsonl under {corpora}")
    return titles, bodies, title_lengths, body_lengths, shapes


def pool(rng, counts):
    words = sorted(counts)
    return rng.choices(words, weights=[counts[w] for w in words], k=POOL_WORDS)


def take(rng, words, length):
    start = rng.randrange(len(words) - length) if length < len(words) else 0
    return " ".join(words[start:start + length])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--corpora", default=os.path.join(here, "..", "..", "shared", "corpora"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    titles, bodies, title_lengths, body_lengths, shapes = load(args.corpora)
    title_pool, body_pool = pool(rng, titles), pool(rng, bodies)
    out = sys.stdout
    for i in range(args.count):
        record = {"id": f"gen-{args.seed}-{i}",
                  "title": take(rng, title_pool, max(1, rng.choice(title_lengths))),
                  "text": take(rng, body_pool, rng.choice(body_lengths))}
        record.update(rng.choice(shapes))
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
