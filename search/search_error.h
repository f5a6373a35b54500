// The engine's one error type. Whatever Xapian raises while the index is opened or read
// (a missing database, another schema version, a remote shard that stays down) leaves
// search/ as a SearchError, so that callers (the server, the query tool) need no Xapian
// header to report it.
#pragma once

#include <stdexcept>
#include <string>

namespace prepsearch {

class SearchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace prepsearch
