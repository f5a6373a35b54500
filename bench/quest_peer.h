// Xapian as its `quest` tool runs a query: the peer every benchmark measures against, set up
// one way everywhere (speed, scale, ranking).
#pragma once

#include <string>

#include <xapian.h>

namespace prepsearch::peers {

// The query as `quest` parses it: QueryParser with the database, the English stemmer,
// STEM_SOME and FLAG_DEFAULT (no stopper: every word counts), `title:` on scriptindex's S.
Xapian::Query quest_query(const Xapian::Database& db, const std::string& text);

// The top `limit` of a `quest` search: Enquire with BM25 (Xapian's default weighting).
Xapian::MSet quest_search(const Xapian::Database& db, const std::string& text, unsigned limit);

// The record id scriptindex stored as the document's Q term ("" if none).
std::string omega_id(const Xapian::Document& doc);

}  // namespace prepsearch::peers
