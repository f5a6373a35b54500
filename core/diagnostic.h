// A problem found in corpus input, reported compiler-style: FILE:LINE: error: MESSAGE.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace prepsearch {

struct Diagnostic {
  std::string file;
  std::size_t line = 1;  // 1-based; 1 when the problem is the file as a whole
  std::string message;
  // A warning says what was changed (cut, flattened) in a document that is still indexed;
  // an error makes the run fail.
  bool warning = false;
};

// "FILE:LINE: error: MESSAGE" (or "warning:").
std::string to_string(const Diagnostic& diagnostic);

struct Document;

// Parsers hand each document to a sink along with the line it starts on, and each problem
// to a reporter; they never throw for bad input.
using DocumentSink = std::function<void(Document&& doc, std::size_t line)>;
using DiagnosticSink = std::function<void(Diagnostic&& diagnostic)>;

}  // namespace prepsearch
