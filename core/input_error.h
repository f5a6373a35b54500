// The one error type for input that breaks a rule: a corpus record, a front-matter line, a
// synonyms line, a queries-file line, a request parameter.
//
// Validators below the edges throw it with a message that says what is wrong and what is
// allowed. Each edge reports it where the person who can fix it looks: the indexer and the
// query tool as a Diagnostic (FILE:LINE: error: MESSAGE), the HTTP server as a 400 with the
// JSON error body (server/api_errors.h adds the error code).
#pragma once

#include <stdexcept>

namespace prepsearch {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace prepsearch
