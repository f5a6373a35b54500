// Web origins as browsers send them in the Origin header, for --cors-origin.
#pragma once

#include <string>
#include <string_view>

namespace prepsearch {

// `value` as a browser would send it: "scheme://host[:port]", scheme http or https, scheme
// and host lower-cased, the scheme's default port left out; "*" stays "*". Throws
// std::invalid_argument naming the value and what to write instead if it is not an origin
// (no scheme, a path or a trailing slash, a user, a bad port): such an origin would never
// match, and a site's embed would fail without a word.
std::string normal_origin(std::string_view value);

}  // namespace prepsearch
