#!/usr/bin/python3
"""Converts docs.jsonl records into scriptindex's input format (field=value lines, a blank
line between records, continuation lines starting with '='), for the indexing benchmark."""
import json
import sys

FIELDS = ("id", "title", "text", "topic", "section", "kind", "url", "source")

def write_field(out, name, value):
    lines = str(value).split("\n")
    out.write(f"{name}={lines[0]}\n")
    for line in lines[1:]:
        out.write(f"={line}\n")

def main():
    out = sys.stdout
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                record = json.loads(line)
                for name in FIELDS:
                    if record.get(name):
                        write_field(out, name, record[name])
                out.write("\n")

if __name__ == "__main__":
    main()
