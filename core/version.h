// The release, as CMakeLists.txt's project(VERSION) says: what --version prints.
#pragma once

namespace prepsearch {

inline constexpr char kVersion[] = "prepsearch " PREPSEARCH_VERSION;

}  // namespace prepsearch
