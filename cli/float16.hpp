// Widening the 16-bit float formats to float32. Both are exact: every half
// and bfloat16 value is a float32 value.
#pragma once

#include <cstdint>

namespace qrange::cli {

float half_to_float(std::uint16_t h);      // IEEE binary16
float bfloat16_to_float(std::uint16_t b);  // the top half of a float32

}  // namespace qrange::cli
