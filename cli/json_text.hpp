// JSON in the command: nlohmann::ordered_json values (members stay in the
// order they were added, so output reads as it was built), a parser with the
// limits an untrusted .safetensors header needs, and a printer that keeps the
// command's number format.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace qrange::cli {

using Json = nlohmann::ordered_json;

// A float32 as a JSON number (null for NaN and +-Inf) that dump() prints as
// the shortest text reading back as f, both straight into a float32 and
// through a double (json.loads then np.float32). A float passed as a plain
// double would print as the double's 9 to 17 digits instead.
Json json_float(float f);

// Compact when indent < 0; otherwise one object member per line, indented by
// `indent` spaces a level, and arrays on one line. Numbers print with
// std::to_chars (the shortest text that reads back as the same double),
// -0.0 as "-0.0", non-finite ones as null.
std::string dump(const Json& v, int indent = -1);

// Parses one complete JSON text. Refuses a key repeated in an object (which
// of two tensors would be meant?) and nesting deeper than 64 levels; throws
// std::runtime_error naming the problem.
Json parse(const char* text, std::size_t size);

}  // namespace qrange::cli
