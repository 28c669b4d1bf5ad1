// In-run memory references: the simplest loops that move the same bytes as a
// kernel. A kernel's `roofline` counter is its speed divided by the matching
// reference's, measured in the same process, size and thread count, so that
// the ratio, unlike absolute times, holds on a noisy shared machine.
#pragma once

#include <cstddef>
#include <cstdint>

namespace qrange::bench {

struct References {
  const char* isa;
  // Reads n floats (a vectorized sum).
  float (*read)(const float* x, std::size_t n);
  // Reads n floats, writes n bytes.
  void (*read_f32_write_u8)(const float* x, std::size_t n, std::uint8_t* out);
  // Reads n floats, writes n / 2 bytes (two 4-bit values each).
  void (*read_f32_write_u4)(const float* x, std::size_t n, std::uint8_t* out);
  // Reads n bytes, writes n floats.
  void (*read_u8_write_f32)(const std::uint8_t* q, std::size_t n, float* out);
  // Reads n 16-bit values, writes n bytes; and the reverse: the bytes of the
  // float16 and bfloat16 quantize and dequantize.
  void (*read_u16_write_u8)(const std::uint16_t* x, std::size_t n, std::uint8_t* out);
  void (*read_u8_write_u16)(const std::uint8_t* q, std::size_t n, std::uint16_t* out);
};

// The references compiled for the best ISA this CPU runs.
const References& best_references();

}  // namespace qrange::bench
