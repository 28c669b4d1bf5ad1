// The block loop of the element-wise kernels. Tails go through the same
// vector code on a padded copy in the stack.
#pragma once

#include <cstddef>
#include <cstring>

#include "kernels/simd/prefetch.hpp"

namespace qrange::kernels::simd {
namespace {

// Runs run(in, out) on blocks of kBlock elements; the tail goes through a
// zero-padded copy on the stack.
template <std::size_t kBlock, class In, class Out, class Run>
void map_blocks(const In* x, std::size_t n, Out* y, const Run& run) {
  const StreamPrefetch prefetch;
  std::size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    prefetch.ahead(x, i, kBlock, n);
    run(x + i, y + i);
  }
  if (i == n) return;
  In in[kBlock] = {};
  Out out[kBlock];
  std::memcpy(in, x + i, (n - i) * sizeof(In));
  run(in, out);
  std::memcpy(y + i, out, (n - i) * sizeof(Out));
}

}  // namespace
}  // namespace qrange::kernels::simd
