# Sourced by the benchmarks: the SQLite FTS5 peer, built the same way everywhere.

# Writes the JSONL files given as one JSON array to stdout: FTS5's input, made untimed.
jsonl_to_json_array() {
  cat "$@" | sed '1s/^/[/; $!s/$/,/; $s/$/]/'
}

# The SQL that indexes a JSON array file of records with the porter unicode61 tokenizer.
fts5_load_sql() {  # JSON_ARRAY_FILE
  echo "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text, tokenize='porter unicode61');
        INSERT INTO docs SELECT json_extract(value, '\$.id'), json_extract(value, '\$.title'),
          json_extract(value, '\$.text') FROM json_each(readfile('$1'));"
}
