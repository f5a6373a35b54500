#!/usr/bin/env python3
"""The best MRR@10 any engine can expect on a known-item set of make_known_items.py: each
title that could have given the query is weighed by the chance that it did (the generator's
own rules and chances, its documents equally likely), the titles are ranked by that chance,
and a tie is broken at random. Ranking by that chance maximises the expected reciprocal rank
of the one relevant title, so no ranking of the same documents expects more. Exact words only
(no stems, no spelling), which only gives the engine less to tell titles apart with.

Usage: known_items_ceiling.py QRELS QUERIES CORPUS.jsonl...   prints the expected MRR@10
"""
import collections
import itertools
import json
import sys
from math import comb

from make_known_items import (CONTENT_WORDS, MIN_TYPED, TYPED_CHANCE, TYPED_WORDS,
                              UNFINISHED_CHANCE, UNFINISHED_MIN_LETTERS, fold, load,
                              title_words, typed_titles)


def chance_typed(query, words):
    """The chance that the typed branch gives `query` from a title of `words`."""
    chance = 0.0
    counts = range(TYPED_WORDS[0], TYPED_WORDS[1] + 1)
    for count in counts:
        typed = words[:count]
        if len(words) < TYPED_WORDS[0] or len(typed) != len(query) or typed[:-1] != query[:-1]:
            continue
        last, wanted = typed[-1], query[-1]
        long_enough = len(last) >= UNFINISHED_MIN_LETTERS
        if wanted == last:
            chance += (1 - (UNFINISHED_CHANCE if long_enough else 0)) / len(counts)
        elif long_enough and last.startswith(wanted) and MIN_TYPED <= len(wanted) < len(last):
            chance += UNFINISHED_CHANCE / (len(last) - MIN_TYPED) / len(counts)
    return chance


def chance_content(query, content):
    """The chance that the content-word branch gives `query` from these content words."""
    chance = 0.0
    counts = range(CONTENT_WORDS[0], CONTENT_WORDS[1] + 1)
    for count in counts:
        picked = min(len(content), count)
        if picked != len(query):
            continue
        ways = sum(1 for at in itertools.combinations(range(len(content)), picked)
                   if [content[i] for i in at] == query)
        chance += ways / comb(len(content), picked) / len(counts)
    return chance


def chance_of(query, title):
    words, content = title_words(title)
    if len(content) < 2:
        return chance_typed(query, words)
    return (TYPED_CHANCE * chance_typed(query, words)
            + (1 - TYPED_CHANCE) * chance_content(query, content))


def expected_rr(chances, relevant):
    """Expected reciprocal rank (at 10) of `relevant` among titles ranked by chance."""
    mine = chances.get(relevant, 0)
    if mine == 0:
        return 0.0
    above = sum(1 for c in chances.values() if c > mine)
    tied = sum(1 for c in chances.values() if c == mine)
    return sum(1 / (above + i + 1) for i in range(tied) if above + i < 10) / tied


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    relevant = collections.defaultdict(set)
    with open(sys.argv[1], encoding="utf-8") as lines:
        for line in lines:
            qid, doc, grade = line.split()[:3]
            if int(grade) > 0:
                relevant[qid].add(doc)
    with open(sys.argv[2], encoding="utf-8") as lines:
        queries = [json.loads(line) for line in lines if line.strip()]
    docs = typed_titles(load(sys.argv[3:]))
    titles = {}  # folded title -> (a title as written, its documents)
    title_of = {}
    for doc, title in docs:
        titles.setdefault(fold(title), [title, 0])[1] += 1
        title_of[doc] = fold(title)
    total = 0.0
    for query in queries:
        words = query["text"].split()
        chances = {}
        for folded, (title, documents) in titles.items():
            chance = chance_of(words, title)
            if chance > 0:
                chances[folded] = chance * documents
        wanted = next((title_of[d] for d in relevant[query["id"]] if d in title_of), None)
        total += expected_rr(chances, wanted)
    print(f"{total / len(queries):.4f}")


if __name__ == "__main__":
    main()
