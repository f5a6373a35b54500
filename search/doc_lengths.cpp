// One pass over the length list: the postings of the empty term are every document's.
#include "search/doc_lengths.h"

namespace prepsearch {

DocLengths::DocLengths(const Xapian::Database& db)
    : by_docid(db.get_lastdocid() + 1), average(db.get_avlength()), documents(db.get_doccount()) {
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
    by_docid[*it] = it.get_doclength();
  shortest = db.get_doclength_lower_bound();
}

}  // namespace prepsearch
