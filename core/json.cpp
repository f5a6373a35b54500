#include "core/json.h"

namespace prepsearch {

std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace prepsearch
