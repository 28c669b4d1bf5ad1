// The histogram, written once for every SIMD target.
//
// The histogram computes bin indices with vectors and counts with scalar
// increments from a stored index block: no ISA scatters fast enough, and
// a scalar add to memory runs at one or two per cycle as long as
// consecutive increments rarely hit the same counter. Concentrated data hit
// the same counter all the time, and each increment then waits for the
// previous one's store, so lanes count into separate uint16 sub-tables
// (lane j into sub-table j % S; uint16 keeps 8 of 2048 bins within L1) that
// are summed into the uint64 counts before they can wrap. Values outside the range and non-finite ones get index slots of
// their own after the bins, so the counting loop has no branch.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels/kernel_table.hpp"
#include "kernels/simd/prefetch.hpp"

namespace qrange::kernels::simd {
// Anonymous: this header is compiled once per ISA, and nothing of it may be
// shared across those translation units at link time.
namespace {

// Indices stored per round. Small, so that the vector work of one block and
// the adds of the previous one fit in the out-of-order window together.
constexpr std::size_t kHistBlock = 128;
constexpr std::uint32_t kMaxSubTables = 8;
// Stack space of the sub-tables: 8 of the default 2048 bins.
constexpr std::size_t kSubTableWords = kMaxSubTables * (2048 + kHistogramSlots);
// Each sub-table counts every S-th element: a segment of 65535 * S elements
// cannot wrap its uint16 counters before they are summed into the counts.
constexpr std::size_t kSubTableLimit = 65535;

template <class Arch>
xsimd::batch<std::int32_t, Arch> choose(const xsimd::batch_bool<float, Arch>& m, const xsimd::batch<std::int32_t, Arch>& a,
                                        const xsimd::batch<std::int32_t, Arch>& b) {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  const I mi = xsimd::bitwise_cast<I>(xsimd::select(m, xsimd::bitwise_cast<F>(I(-1)), F(0.0f)));
  return (a & mi) | (b & ~mi);  // not xsimd 8.1 bitwise_andnot, which complements its first operand on AVX2
}

// The table index (bin or slot, plus the lane's sub-table offset) of each
// value; the constants are broadcast once per pass, not once per block.
template <class Arch>
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

  // Stores the indices of x[0..len), len a multiple of the batch size.
  void operator()(const float* x, std::size_t len, std::int32_t* out) const {
    const F zero(0.0f), fmax(std::numeric_limits<float>::max());
    for (std::size_t i = 0; i < len; i += F::size) {
      const F v = F::load_unaligned(x + i);
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
  }

 private:
  F lo_, hi_, factor_, last_;
  I below_, above_, skipped_, lane_offset_;
};

// Adds one to table[idx[i]] for i < m.
template <class Counter>
void count_indices(const std::int32_t* idx, std::size_t m, Counter* table) {
  // Two indices per 64-bit load: fewer load operations for the adds' loads.
  std::size_t i = 0;
  for (; i + 4 <= m; i += 4) {
    std::uint64_t p0, p1;
    std::memcpy(&p0, idx + i, sizeof p0);
    std::memcpy(&p1, idx + i + 2, sizeof p1);
    ++table[static_cast<std::uint32_t>(p0)];
    ++table[p0 >> 32];
    ++table[static_cast<std::uint32_t>(p1)];
    ++table[p1 >> 32];
  }
  for (; i < m; ++i) ++table[static_cast<std::uint32_t>(idx[i])];
}

// Counts x[0..len) into table (stride bins + slots per sub-table). The
// indices of each block are computed one round before they are counted, so
// that the vector work of block b + 1 overlaps the adds of block b, whose
// indices are already stored (docs/performance.md, histogram).
template <class Arch, class Counter>
void count_into(const float* x, std::size_t len, const BinIndexer<Arch>& bin_indices, Counter* table) {
  alignas(64) std::int32_t idx[2][kHistBlock];
  if (len == 0) return;
  std::size_t ready = len < kHistBlock ? len : kHistBlock;  // indices in idx[0]
  bin_indices(x, ready, idx[0]);
  int counted = 0;
  for (std::size_t b = kHistBlock; b < len; b += kHistBlock) {
    const std::size_t m = len - b < kHistBlock ? len - b : kHistBlock;
    prefetch_ahead(x, b, kHistBlock, len);
    bin_indices(x + b, m, idx[counted ^ 1]);
    count_indices(idx[counted], ready, table);
    ready = m;
    counted ^= 1;
  }
  count_indices(idx[counted], ready, table);
}

template <class Arch>
void histogram(const float* x, std::size_t n, const HistogramSpec& spec, std::uint64_t* counts) {
  using I = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t W = I::size;
  const std::size_t stride = std::size_t{spec.bins} + kHistogramSlots;
  const std::size_t vec_end = n - n % W;

  // As many sub-tables as fit on the stack and pay for their clearing and
  // summing (a pass over S * stride counters) with at least 8 elements each.
  // Lane j counts into sub-table j % S: no more sub-tables than lanes, so
  // that each gets exactly every S-th element.
  std::uint32_t sub_tables = W < kMaxSubTables ? static_cast<std::uint32_t>(W) : kMaxSubTables;
  while (sub_tables > 0 && (sub_tables * stride > kSubTableWords || sub_tables * stride * 8 > vec_end))
    sub_tables /= 2;

  alignas(64) std::int32_t offsets[W];
  if (sub_tables == 0) {
    for (std::size_t j = 0; j < W; ++j) offsets[j] = 0;
    count_into(x, vec_end, BinIndexer<Arch>(spec, I::load_aligned(offsets)), counts);
  } else {
    for (std::size_t j = 0; j < W; ++j) offsets[j] = static_cast<std::int32_t>((j % sub_tables) * stride);
    const BinIndexer<Arch> bin_indices(spec, I::load_aligned(offsets));
    alignas(64) std::uint16_t sub[kSubTableWords];
    const std::size_t segment = kSubTableLimit * sub_tables / W * W;
    for (std::size_t s = 0; s < vec_end; s += segment) {
      const std::size_t len = vec_end - s < segment ? vec_end - s : segment;
      std::memset(sub, 0, sub_tables * stride * sizeof(std::uint16_t));
      count_into(x + s, len, bin_indices, sub);
      for (std::uint32_t t = 0; t < sub_tables; ++t) {
        const std::uint16_t* part = sub + t * stride;
        for (std::size_t b = 0; b < stride; ++b) counts[b] += part[b];
      }
    }
  }
  scalar::histogram(x + vec_end, n - vec_end, spec, counts);
}

}  // namespace
}  // namespace qrange::kernels::simd
