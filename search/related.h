// Documents like a given one: Xapian's relevance feedback (its expand set over the one
// document) as a query, with bonuses for the document's topic and for questions.
#pragma once

#include <string>

#include <xapian.h>

#include "search/ranking.h"

namespace prepsearch {

// The query for documents like `doc` (`docid` in `db`): its `params.related_terms` most
// telling stemmed terms ORed, documents of `topic_term` and questions ranked up, only
// documents in `language` (the document's), `doc` itself left out. An empty
// query if it has no such terms.
Xapian::Query related_query(const Xapian::Database& db, Xapian::docid docid,
                            const std::string& id_term, const std::string& topic_term,
                            const std::string& language, const RankingParams& params);

}  // namespace prepsearch
