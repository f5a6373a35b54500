#!/usr/bin/python3
"""Writes over HTTP against the indexers, on the same documents, in one run (`make bench`).

Documents: the first COUNT records of the shared corpora under new ids ("w/..."), added to an
index of all of them (BASE, the documents searched in the other benchmarks). Each way starts
from its own fresh index of BASE:
  - POST /api/docs in batches of 1 (the first 50 documents) and of 1,000 (all COUNT);
  - prepsearch-index --update with BASE and the documents as one JSONL file;
  - Omega's scriptindex adding them to its own index of BASE (bench/scriptindex.script).
Then searches during writes: wrk at 10 connections over the bench's queries for SECONDS, alone
and while 100 batches of 10 documents are posted, p50 and p99 of each.
Usage: write_bench.py BUILD_BIN WORK SHARED_DOCS... (prints a markdown table)."""
import http.client
import json
import os
import subprocess
import sys
import threading
import time

BIN, WORK, DOCS = sys.argv[1], sys.argv[2], sys.argv[3:]
COUNT = 3000
TOKEN = "write-bench-token-0123456789abcdef"
SECONDS = 10


def records():
    out = []
    for path in DOCS:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                record["id"] = "w/" + record["id"]
                record.pop("translates", None)
                out.append(json.dumps(record))
                if len(out) == COUNT:
                    return out
    return out


def run(*args, **kwargs):
    return subprocess.run(args, check=True, stdout=subprocess.DEVNULL, **kwargs)


def fresh_index(name):
    db = os.path.join(WORK, name)
    run(f"{BIN}/prepsearch-index", "--quiet", "--db", db, *DOCS)
    return db


class Server:
    def __init__(self, db, port):
        open(os.path.join(WORK, "token"), "w").write(TOKEN + "\n")
        self.process = subprocess.Popen([f"{BIN}/prepsearch-serve", "--db", db, "--port", str(port),
                                         "--quiet", "--search-rate", "0", "--admin-token-file",
                                         os.path.join(WORK, "token")], stderr=subprocess.DEVNULL)
        self.port = port
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                return
            except OSError:
                time.sleep(0.05)

    def post_all(self, lines, batch):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        start = time.monotonic()
        for i in range(0, len(lines), batch):
            body = "\n".join(lines[i:i + batch]) + "\n"
            connection.request("POST", "/api/docs", body=body.encode(),
                               headers={"Authorization": "Bearer " + TOKEN})
            answer = connection.getresponse()
            answer.read()
            assert answer.status == 200, answer.status
        return time.monotonic() - start

    def stop(self):
        self.process.terminate()
        self.process.wait()


def timed(*args):
    start = time.monotonic()
    run(*args)
    return time.monotonic() - start


def wrk(port, queries):
    out = subprocess.run(["wrk", "-t1", "-c10", f"-d{SECONDS}s", "--latency", "-s", queries,
                          f"http://127.0.0.1:{port}"], check=True, capture_output=True, text=True).stdout
    lines = {l.split()[0]: l.split()[1] for l in out.splitlines() if l.strip().startswith(("50%", "99%"))}
    rps = next(l.split()[1] for l in out.splitlines() if l.startswith("Requests/sec"))
    return lines["50%"], lines["99%"], rps


def main():
    lines = records()
    rows = []
    port = 18300 + os.getpid() % 500
    server = Server(fresh_index("one"), port)
    seconds = server.post_all(lines[:50], 1)
    rows.append(("POST /api/docs, batches of 1", 50, seconds))
    server.stop()
    server = Server(fresh_index("thousand"), port + 1)
    seconds = server.post_all(lines, 1000)
    rows.append(("POST /api/docs, batches of 1,000", len(lines), seconds))
    server.stop()

    db = fresh_index("update")
    jsonl = os.path.join(WORK, "new.jsonl")
    open(jsonl, "w").write("\n".join(lines) + "\n")
    rows.append(("prepsearch-index --update", len(lines),
                 timed(f"{BIN}/prepsearch-index", "--quiet", "--update", "--db", db, *DOCS, jsonl)))
    omega = os.path.join(WORK, "omega")
    for name, sources in (("base.si", DOCS), ("new.si", [jsonl])):
        with open(os.path.join(WORK, name), "w") as out:
            subprocess.run(["/usr/bin/python3", "bench/jsonl_to_scriptindex.py"] + sources,
                           check=True, stdout=out)
    run("scriptindex", omega, "bench/scriptindex.script", os.path.join(WORK, "base.si"))
    rows.append(("scriptindex, adding to its index", len(lines),
                 timed("scriptindex", omega, "bench/scriptindex.script", os.path.join(WORK, "new.si"))))

    print("| writer, documents added to an index | documents | seconds | documents/s |")
    print("|---|---|---|---|")
    for name, count, secs in rows:
        print(f"| {name} | {count:,} | {secs:.2f} | {count / secs:,.0f} |")

    queries = os.path.join(WORK, "queries.lua")
    subprocess.run(["python3", "bench/make_queries.py", queries, "600"] + DOCS, check=True,
                   stdout=subprocess.DEVNULL)
    server = Server(fresh_index("searched"), port + 2)
    alone = wrk(port + 2, queries)
    batches = [lines[i:i + 10] for i in range(0, 1000, 10)]
    writer = threading.Thread(target=lambda: [server.post_all(b, 10) or time.sleep(SECONDS / 120)
                                              for b in batches])
    writer.start()
    during = wrk(port + 2, queries)
    writer.join()
    server.stop()
    print()
    print("| searches (wrk, 10 connections, " + str(SECONDS) + " s) | p50 | p99 | requests/s |")
    print("|---|---|---|---|")
    print(f"| alone | {alone[0]} | {alone[1]} | {alone[2]} |")
    print(f"| while 100 batches of 10 documents are posted | {during[0]} | {during[1]} | {during[2]} |")


main()
