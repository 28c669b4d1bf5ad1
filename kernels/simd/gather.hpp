// The gather pass of the percentile tails (kernel_table.hpp, gather_fn),
// written once for every SIMD target.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cstddef>

#include "kernels/kernel_table.hpp"
#include "kernels/simd/compress.hpp"
#include "kernels/simd/convert.hpp"
#include "kernels/simd/prefetch.hpp"

namespace qrange::kernels::simd {
// Anonymous: this header is compiled once per ISA, and nothing of it may be
// shared across those translation units at link time.
namespace {

// The part of a target after its first `used` values.
GatherTarget rest(const GatherTarget& t, std::size_t used) { return {t.values, t.out + used, t.capacity - used}; }

template <class Arch, class In, Tuning kT>
GatherCounts gather(const elem_t<In>* x, std::size_t n, const GatherTarget& a, const GatherTarget& b) {
  using F = xsimd::batch<float, Arch>;
  constexpr std::size_t W = F::size;
  const F alo(a.values.lo), ahi(a.values.hi), blo(b.values.lo), bhi(b.values.hi);
  GatherCounts c{0, 0, true};
  const StreamPrefetch<kT> prefetch;
  const std::size_t vec_end = n - n % W;
  // The wanted values are rare (a few bins of many): test whole vectors and
  // append the lanes of the few that hold one.
  for (std::size_t i = 0; i < vec_end; i += W) {
    if (i % 16 == 0) prefetch.ahead(x, i, 16, n);  // a line of floats, half a line of halves
    const F v = load_float<In, Arch>(x + i);
    const auto in_a = (v >= alo) & (v <= ahi), in_b = (v >= blo) & (v <= bhi);
    if (xsimd::any(in_a | in_b)) {
      GatherCounts g;
      if (a.capacity - c.first >= W && b.capacity - c.second >= W) {
        g = append_lanes<In>(x + i, v, in_a, in_b, a.values, a.out + c.first, b.values, b.out + c.second);
      } else {  // a target is nearly full: the reference stops where it must
        g = scalar::gather<In>(x + i, W, rest(a, c.first), rest(b, c.second));
        if (!g.complete) return {c.first + g.first, c.second + g.second, false};
      }
      c.first += g.first;
      c.second += g.second;
    }
  }
  const GatherCounts g = scalar::gather<In>(x + vec_end, n - vec_end, rest(a, c.first), rest(b, c.second));
  return {c.first + g.first, c.second + g.second, g.complete};
}

}  // namespace
}  // namespace qrange::kernels::simd
