// The histogram, written once for every SIMD target: bin indices with
// vectors, counted by kernels/simd/counting.hpp. Values outside the range
// and non-finite ones get the slots after the bins.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cstdint>
#include <limits>

#include "kernels/kernel_table.hpp"
#include "kernels/simd/convert.hpp"
#include "kernels/simd/counting.hpp"

namespace qrange::kernels::simd {
// Anonymous: this header is compiled once per ISA, and nothing of it may be
// shared across those translation units at link time.
namespace {

// The table index (bin or slot, plus the lane's sub-table offset) of each
// value; the constants are broadcast once per pass, not once per block.
template <class Arch, class In>
class BinIndexer {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;

 public:
  BinIndexer(const HistogramSpec& spec, const I& lane_offset)
      : lo_(spec.lo), hi_(spec.hi), factor_(spec.factor),
        last_(static_cast<float>(spec.bins - 1)),
        below_(static_cast<std::int32_t>(spec.bins + kSlotBelow)),
        above_(static_cast<std::int32_t>(spec.bins + kSlotAbove)),
        skipped_(static_cast<std::int32_t>(spec.bins + kSlotSkipped)),
        lane_offset_(lane_offset) {}

  // Stores the indices of x[0..len), len a multiple of the batch size; every
  // value has one.
  std::size_t operator()(const elem_t<In>* x, std::size_t len, std::int32_t* out) const {
    const F zero(0.0f), fmax(std::numeric_limits<float>::max());
    for (std::size_t i = 0; i < len; i += F::size) {
      const F v = load_float<In, Arch>(x + i);
      const F t = (v - lo_) * factor_;
      // t >= 0 or NaN (only 0 * inf) in the range; clamped before converting,
      // so truncation is floor and never overflows. A NaN t must end in bin
      // 0: x86 max returns its second operand, 0, when one is NaN; NEON's
      // keeps the NaN, and its conversion turns NaN into 0. One max and one
      // min are fewer instructions than two compares and blends.
      I idx = xsimd::batch_cast<std::int32_t>(xsimd::min(xsimd::max(t, zero), last_));
      const auto inside = (v >= lo_) & (v <= hi_);
      if (!xsimd::all(inside)) {
        const I outside = choose<Arch>(v < lo_, below_, above_);
        idx = choose<Arch>(inside, idx, choose<Arch>(xsimd::abs(v) <= fmax, outside, skipped_));
      }
      (idx + lane_offset_).store_unaligned(out + i);
    }
    return len;
  }

 private:
  F lo_, hi_, factor_, last_;
  I below_, above_, skipped_, lane_offset_;
};

template <class Arch, class In>
void histogram(const elem_t<In>* x, std::size_t n, const HistogramSpec& spec, std::uint64_t* counts) {
  using I = xsimd::batch<std::int32_t, Arch>;
  const std::size_t vec_end = n - n % I::size;
  count_table<Arch>(x, vec_end, std::size_t{spec.bins} + kHistogramSlots,
                    [&](const I& lane_offset) { return BinIndexer<Arch, In>(spec, lane_offset); }, counts);
  scalar::histogram<In>(x + vec_end, n - vec_end, spec, counts);
}

}  // namespace
}  // namespace qrange::kernels::simd
