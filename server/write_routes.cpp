// Writes over HTTP: POST /api/docs (an NDJSON batch) and DELETE /api/docs/{id}, with the
// admin token, through indexer/doc_writes.h, one writer at a time.
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "indexer/doc_writes.h"
#include "indexer/generations.h"

#include "server/admin_token.h"
#include "server/api_errors.h"
#include "server/route_params.h"
#include "server/routes.h"

namespace prepsearch {

bool Routes::may_write(const httplib::Request& req, httplib::Response& res) const {
  const std::string authorization = req.get_header_value("Authorization");
  const std::string_view token = bearer_token(authorization);
  if (token.empty()) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401, error_code::kUnauthorized,
               "a write needs Authorization: Bearer with the --admin-token-file's token");
    return false;
  }
  if (!same_token(token, options_.admin_token)) {
    send_error(res, 403, error_code::kForbidden, "that is not the admin token");
    return false;
  }
  return true;
}

template <typename Write>
void Routes::as_writer(httplib::Response& res, const Write& write) {
  std::unique_lock<std::mutex> turn(writer_, std::try_to_lock);
  if (!turn.owns_lock()) {
    res.set_header("Retry-After", "1");
    return send_error(res, 429, error_code::kTooManyRequests,
                      "another write is under way; try again in a moment");
  }
  try {
    write();
  } catch (const WriterBusy&) {
    res.set_header("Retry-After", "5");
    return send_error(res, 409, error_code::kConflict,
                      "prepsearch-index is writing the index; try again when it has finished");
  } catch (const Xapian::Error& e) {
    return send_error(res, 500, error_code::kInternal, "the write failed: " + e.get_description());
  } catch (const std::runtime_error& e) {  // the journal could not be written (a full disk)
    return send_error(res, 500, error_code::kInternal,
                      std::string("the write failed: ") + e.what());
  }
  service_.refresh();  // the next search sees it
}

void Routes::handle_write(const httplib::Request& req, const std::string&, httplib::Response& res) {
  if (!may_write(req, res)) return;
  DocBatch batch;
  try {
    batch = parse_doc_batch(req.body, options_.default_lang);
  } catch (const BatchError& bad) {
    return send_error(res, 400, error_code::kInvalidDocument, bad.what());
  }
  as_writer(res, [&] {
    const WriteCounts counts = write_documents(service_.live().path(), batch);
    const nlohmann::json answer = {{"documents", batch.documents.size()},
                                   {"added", counts.added},
                                   {"replaced", counts.replaced},
                                   {"unchanged", counts.unchanged}};
    res.set_content(answer.dump(), kJson);
  });
}

void Routes::handle_delete(const httplib::Request& req, const std::string& id,
                           httplib::Response& res) {
  if (!may_write(req, res)) return;
  check_text("id", id, kMaxQueryBytes);
  as_writer(res, [&] {
    if (!delete_document(service_.live().path(), id))
      return send_error(res, 404, error_code::kNotFound, "no document with id \"" + id + "\"");
    res.set_content(nlohmann::json({{"deleted", id}}).dump(), kJson);
  });
}

}  // namespace prepsearch
