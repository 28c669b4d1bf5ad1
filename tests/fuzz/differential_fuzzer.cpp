// libFuzzer target: runs one public operation on every ISA this machine
// supports and aborts if any result or status differs from the scalar
// reference's, or (for float16 and bfloat16) from the float32 functions'.
// A few bytes expand to millions of values, so that short inputs reach what
// only large arrays do: OpenMP threads, the percentile range's tail pass
// (from 2^16 values), the histogram merge, the blocks of the MSE.
// Input layout (missing bytes read as zero):
//   byte 0        operation (modulo the number of operations)
//   byte 1        misalignment in floats (0..15)
//   byte 2        bit 0: 1 or 2 threads; bit 1: the ISAs run through a
//                 context whose pool runs the tasks backwards on this thread
//   bytes 3-16    parameters: percentile, bins, histogram range
//   bytes 17-19   length: u16 count, shifted left by the next byte % 7 (up to 4,194,240)
//   byte 20       number of placed values (at most 16)
//   then          that many (u32 position modulo length, float32 value)
//   the rest      the pattern: float32 values repeated over the length (none: zeros)
#include <qrange/qrange.h>

#include <algorithm>
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
  } else {
    left = 0;  // a partial field ends the input: later fields read as zero
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
  const std::uint8_t how = take<std::uint8_t>(p, left);
  const int threads = 1 + (how & 1);
  const bool through_pool = (how & 2) != 0;
  OpParams params;
  params.percentile = 50.0 + take<std::uint16_t>(p, left) / 65535.0 * 51.0;  // a little past 100 too
  params.bins = take<std::uint32_t>(p, left) % ((1u << 16) + 2);            // 0 and 1 included
  params.range.min = take<float>(p, left);
  params.range.max = take<float>(p, left);
  const std::size_t count = take<std::uint16_t>(p, left);
  const std::size_t n = count << (take<std::uint8_t>(p, left) % 7);
  struct Placed {
    std::uint32_t position;
    float value;
  };
  std::vector<Placed> placed(take<std::uint8_t>(p, left) % 17);
  for (Placed& v : placed) v = {take<std::uint32_t>(p, left), take<float>(p, left)};
  std::vector<float> pattern(left / sizeof(float));
  if (!pattern.empty()) std::memcpy(pattern.data(), p, pattern.size() * sizeof(float));
  if (pattern.empty()) pattern.push_back(0.0f);

  // Fill a 64-byte aligned buffer at the chosen misalignment.
  std::vector<float> storage(n + 32);
  const auto addr = reinterpret_cast<std::uintptr_t>(storage.data());
  float* x = storage.data() + ((64 - addr % 64) % 64) / sizeof(float) + offset;
  for (std::size_t i = 0; i < n;) {
    const std::size_t run = std::min(pattern.size(), n - i);
    std::copy(pattern.begin(), pattern.begin() + run, x + i);
    i += run;
  }
  if (n)
    for (const Placed& v : placed) x[v.position % n] = v.value;

  qrange_set_num_threads(threads);
  qrange_set_isa("scalar");
  const OpResult want = op(x, n, params);
  if (op.reference && op.reference(x, n, params) != want) {
    std::fprintf(stderr, "DIFFERENCE: %s (n = %zu, threads %d) differs from the float32 functions\n", op.name, n,
                 threads);
    std::abort();
  }
  for (const std::string& isa : isas) {
    qrange_set_isa(isa.c_str());
    qrange_context ctx = QRANGE_CONTEXT_INIT;
    ctx.isa = isa.c_str();
    ctx.num_threads = threads;
    ctx.parallel_for = &run_backwards;
    params.ctx = through_pool ? &ctx : nullptr;
    if (op(x, n, params) != want) {
      std::fprintf(stderr, "DIFFERENCE: %s on %s (n = %zu, offset %zu, threads %d%s) differs from scalar\n", op.name,
                   isa.c_str(), n, offset, threads, through_pool ? ", backwards pool" : "");
      std::abort();
    }
  }
  return 0;
}
