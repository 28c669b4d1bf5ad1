// libFuzzer target: runs one public operation on every ISA this machine
// supports and aborts if any result or status differs from the scalar
// reference's. Input layout:
//   byte 0      operation (modulo the number of operations)
//   byte 1      misalignment in floats (0..15)
//   byte 2      thread count (0..3)
//   bytes 3-18  parameters: percentile, bins, histogram range
//   the rest    float32 values
#include <qrange/qrange.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "src/dispatch.hpp"
#include "tests/operations.hpp"

using namespace qrange::test;

namespace {

template <class T>
T take(const std::uint8_t*& p, std::size_t& left) {
  T v{};
  if (left >= sizeof v) {
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    left -= sizeof v;
  }
  return v;
}

std::vector<std::string> runnable_isas() {
  std::vector<std::string> isas;
  for (const auto& t : qrange::detail::compiled_targets())
    if (t.supported()) isas.emplace_back(t.name);
  return isas;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<std::string> isas = runnable_isas();
  const auto& ops = all_operations();
  const std::uint8_t* p = data;
  std::size_t left = size;
  const Operation& op = ops[take<std::uint8_t>(p, left) % ops.size()];
  const std::size_t offset = take<std::uint8_t>(p, left) % 16;
  const int threads = take<std::uint8_t>(p, left) % 4;
  OpParams params;
  params.percentile = 50.0 + take<std::uint16_t>(p, left) / 65535.0 * 51.0;  // a little past 100 too
  params.bins = take<std::uint32_t>(p, left) % ((1u << 16) + 2);            // 0 and 1 included
  params.range.min = take<float>(p, left);
  params.range.max = take<float>(p, left);

  // Copy into a 64-byte aligned buffer at the chosen misalignment.
  const std::size_t n = left / sizeof(float);
  std::vector<float> storage(n + 32);
  const auto addr = reinterpret_cast<std::uintptr_t>(storage.data());
  float* x = storage.data() + ((64 - addr % 64) % 64) / sizeof(float) + offset;
  if (n) std::memcpy(x, p, n * sizeof(float));

  qrange_set_num_threads(threads);
  qrange_set_isa("scalar");
  const OpResult want = op(x, n, params);
  for (const std::string& isa : isas) {
    qrange_set_isa(isa.c_str());
    if (op(x, n, params) != want) {
      std::fprintf(stderr, "DIFFERENCE: %s on %s (n = %zu, offset %zu, threads %d) differs from scalar\n", op.name,
                   isa.c_str(), n, offset, threads);
      std::abort();
    }
  }
  return 0;
}
