// Compiler-style formatting of corpus diagnostics, so editors can jump to the line.
#include "core/diagnostic.h"

namespace prepsearch {

std::string to_string(const Diagnostic& diagnostic) {
  return diagnostic.file + ":" + std::to_string(diagnostic.line == 0 ? 1 : diagnostic.line) +
         (diagnostic.warning ? ": warning: " : ": error: ") + diagnostic.message;
}

}  // namespace prepsearch
