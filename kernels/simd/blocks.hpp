// The block loop that quantize, dequantize and mse share. Each kernel works
// on blocks of a fixed number of values, so that its tail, copied into a
// padded block on the stack, goes through the same vector code.
#pragma once

#include <cstddef>
#include <cstring>

#include "kernels/simd/prefetch.hpp"

namespace qrange::kernels::simd {
namespace {

// run(x + i, y + i...) on each whole block x[i, i + kBlock) and the same
// places of the outputs y, in order, with the streaming prefetch ahead of x;
// then, when n is not a multiple of kBlock, tail(in, i) on the last n - i
// values copied into a block filled with pad.
template <std::size_t kBlock, Tuning kT, class Run, class Tail, class In, class... Out>
void for_each_block(std::size_t n, In pad, const Run& run, const Tail& tail, const In* x, Out*... y) {
  const StreamPrefetch<kT> prefetch;
  std::size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    prefetch.ahead(x, i, kBlock, n);
    run(x + i, y + i...);
  }
  if (i == n) return;
  In in[kBlock];
  for (In& v : in) v = pad;
  std::memcpy(in, x + i, (n - i) * sizeof(In));
  tail(in, i);
}

// run(in, out) from x into y, block by block; the tail is padded with zeros
// and only its first n - i results are copied out.
template <std::size_t kBlock, Tuning kT, class In, class Out, class Run>
void map_blocks(const In* x, std::size_t n, Out* y, const Run& run) {
  const auto tail = [&](const In* in, std::size_t i) {
    Out out[kBlock];
    run(in, out);
    std::memcpy(y + i, out, (n - i) * sizeof(Out));
  };
  for_each_block<kBlock, kT>(n, In{}, run, tail, x, y);
}

}  // namespace
}  // namespace qrange::kernels::simd
