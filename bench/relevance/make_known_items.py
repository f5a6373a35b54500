#!/usr/bin/env python3
"""Known-item queries from the corpora's own titles: what someone types who half remembers a
question or section they saw. Each query is either the title's first 3 to 5 words as typed
(lower case, the last word sometimes unfinished) or 2 or 3 of its content words in order.
The documents whose title is the same (folded) are the relevant ones.

Deterministic: the same --seed and corpora give the same files. Tune on one seed (train),
report another (test); bench/relevance/known_items.sh uses seeds 1 (train) and 2 (test).

Usage: make_known_items.py --seed S --count N --out PREFIX CORPUS.jsonl...
  writes PREFIX.queries.jsonl ({"id", "text"}) and PREFIX.qrels.tsv (qid docid grade).
"""
import argparse
import json
import random
import re
import sys

# The stopwords of search/ranking.cc, for choosing content words.
STOPWORDS = set("""a about an and are as at be been but by can could do does did for from had has
have how i if in into is it its me my of on or our should so than that the their them then there
these they this those to was we were what when where which while who whom why will with would you
your""".split())
WORD = re.compile(r"[\w][\w'\u2019+#.\-]*", re.UNICODE)


def words_of(title):
    return [w.strip(".-'\u2019") for w in WORD.findall(title) if w.strip(".-'\u2019")]


def fold(title):
    return " ".join(w.lower() for w in words_of(title))


def load(paths):
    docs = []
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    record = json.loads(line)
                    docs.append((record["id"], record.get("title", "")))
    return docs


# How a query is drawn from a title (known_items_ceiling.py reads them too): the typed
# beginning with this chance, else content words; its word count; the chance the last word is
# unfinished (when that long), cut to at least MIN_TYPED letters; the content words' count.
TYPED_CHANCE = 0.5
TYPED_WORDS = (3, 5)
UNFINISHED_CHANCE = 0.3
UNFINISHED_MIN_LETTERS = 5
MIN_TYPED = 3
CONTENT_WORDS = (2, 3)


def title_words(title):
    """The title's words as typed (lower case), and its content words."""
    words = [w.lower() for w in words_of(title)]
    return words, [w for w in words if w not in STOPWORDS]


def typed_titles(docs):
    """The (id, title) pairs a query is drawn from: one line titles of a readable length (a
    title holding a code block is not typed)."""
    return [(i, t) for i, t in docs if "\n" not in t and 2 <= len(words_of(t)) <= 20]


def query_for(title, rng):
    words, content = title_words(title)
    if rng.random() < TYPED_CHANCE or len(content) < 2:
        if len(words) < TYPED_WORDS[0]:
            return None
        typed = words[: rng.randint(*TYPED_WORDS)]
        last = typed[-1]
        if rng.random() < UNFINISHED_CHANCE and len(last) >= UNFINISHED_MIN_LETTERS:
            typed[-1] = last[: rng.randint(MIN_TYPED, len(last) - 1)]  # still typing it
        return " ".join(typed)
    count = rng.randint(*CONTENT_WORDS)
    picked = sorted(rng.sample(range(len(content)), min(len(content), count)))
    return " ".join(content[i] for i in picked)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--out", required=True)
    parser.add_argument("corpora", nargs="+")
    args = parser.parse_args()
    docs = load(args.corpora)
    by_title = {}
    for doc_id, title in docs:
        by_title.setdefault(fold(title), []).append(doc_id)
    candidates = typed_titles(docs)
    rng = random.Random(args.seed)
    rng.shuffle(candidates)
    made = 0
    with open(args.out + ".queries.jsonl", "w", encoding="utf-8") as queries, \
            open(args.out + ".qrels.tsv", "w", encoding="utf-8") as qrels:
        for doc_id, title in candidates:
            if made == args.count:
                break
            text = query_for(title, rng)
            if not text:
                continue
            qid = f"k{made + 1}"
            queries.write(json.dumps({"id": qid, "text": text}, ensure_ascii=False) + "\n")
            for relevant in by_title[fold(title)]:
                qrels.write(f"{qid}\t{relevant}\t1\n")
            made += 1
    print(f"{made} known-item queries in {args.out}.queries.jsonl", file=sys.stderr)


if __name__ == "__main__":
    main()
