// The JSON tree type of the small answers and files (errors, suggestions, health, the query
// log), and how it goes on the wire.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace prepsearch {

// Keys stay in the order they were written: the documented order.
using Json = nlohmann::ordered_json;

// Serialises for the wire; invalid UTF-8 (never expected) is replaced, not thrown.
std::string dump(const Json& json);

}  // namespace prepsearch
