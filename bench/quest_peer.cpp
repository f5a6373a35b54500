// Xapian's quest path, as the benchmarks run it.
#include "quest_peer.h"

namespace prepsearch::peers {

Xapian::Query quest_query(const Xapian::Database& db, const std::string& text) {
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.add_prefix("title", "S");
  return parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT);
}

Xapian::MSet quest_search(const Xapian::Database& db, const std::string& text, unsigned limit) {
  Xapian::Enquire enquire(db);
  enquire.set_query(quest_query(db, text));
  return enquire.get_mset(0, limit);
}

std::string omega_id(const Xapian::Document& doc) {
  auto it = doc.termlist_begin();
  it.skip_to("Q");
  if (it == doc.termlist_end() || (*it).rfind('Q', 0) != 0) return {};
  return (*it).substr(1);
}

}  // namespace prepsearch::peers
