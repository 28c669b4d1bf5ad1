// The observer's update, written once for every SIMD target: exact bin
// indices on a power-of-two grid with vectors, counted by
// kernels/simd/counting.hpp.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/kernel_table.hpp"
#include "kernels/element.hpp"
#include "kernels/simd/convert.hpp"
#include "kernels/simd/counting.hpp"

namespace qrange::kernels::simd {
// Anonymous: this header is compiled once per ISA, and nothing of it may be
// shared across those translation units at link time.
namespace {

template <class Arch, class In>
class ObserveIndexer {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;

 public:
  ObserveIndexer(const ObserveGrid& g, const I& lane_offset)
      : lo_s_(g.lo), hi_s_(g.hi), lo_(g.lo), hi_(g.hi), scale1_(g.scale1), scale2_(g.scale2), first_(g.first_f),
        nan_(static_cast<std::int32_t>(g.bins + kSlotNaN)),
        pos_inf_(static_cast<std::int32_t>(g.bins + kSlotPosInf)),
        neg_inf_(static_cast<std::int32_t>(g.bins + kSlotNegInf)),
        lane_offset_(lane_offset) {}

  // Stores the indices of x[0..len), len a multiple of the batch size, and
  // returns how many come before the first finite value outside [lo, hi].
  std::size_t operator()(const elem_t<In>* x, std::size_t len, std::int32_t* out) const {
    const F zero(0.0f), minus_one(-1.0f);
    for (std::size_t i = 0; i < len; i += F::size) {
      const F v = load_float<In, Arch>(x + i);
      // Exact but for underflow (kernel_table.hpp, ObserveGrid), and
      // underflow to zero changes the floor only of a negative value, whose
      // bin is below that of zero: hence the min with -1.
      const F f = xsimd::floor(v * scale1_ * scale2_);
      const F cell = xsimd::select(v < zero, xsimd::min(f, minus_one), f);
      I idx = xsimd::batch_cast<std::int32_t>(cell - first_);
      const auto inside = (v >= lo_) & (v <= hi_);
      if (!xsimd::all(inside)) {
        idx = choose<Arch>(inside, idx, choose<Arch>(xsimd::isnan(v), nan_, choose<Arch>(v > zero, pos_inf_, neg_inf_)));
        (idx + lane_offset_).store_unaligned(out + i);
        if (const std::size_t j = first_finite_outside(x + i); j < F::size) return i + j;
        continue;
      }
      (idx + lane_offset_).store_unaligned(out + i);
    }
    return len;
  }

 private:
  std::size_t first_finite_outside(const elem_t<In>* x) const {
    std::size_t j = 0;
    for (; j < F::size; ++j) {
      const float v = to_float<In>(x[j]);
      if (std::isfinite(v) && !(v >= lo_s_ && v <= hi_s_)) break;
    }
    return j;
  }

  float lo_s_, hi_s_;
  F lo_, hi_, scale1_, scale2_, first_;
  I nan_, pos_inf_, neg_inf_, lane_offset_;
};

template <class Arch, class In>
std::size_t observe(const elem_t<In>* x, std::size_t n, const ObserveGrid& grid, std::uint64_t* counts) {
  using I = xsimd::batch<std::int32_t, Arch>;
  const std::size_t vec_end = n - n % I::size;
  const std::size_t done = count_table<Arch>(
      x, vec_end, std::size_t{grid.bins} + kObserveSlots,
      [&](const I& lane_offset) { return ObserveIndexer<Arch, In>(grid, lane_offset); }, counts);
  if (done < vec_end) return done;
  return vec_end + scalar::observe<In>(x + vec_end, n - vec_end, grid, counts);
}

}  // namespace
}  // namespace qrange::kernels::simd
