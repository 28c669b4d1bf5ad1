// Counting with scalar increments from stored index blocks, shared by the
// histogram and the observer, written once for every SIMD target.
//
// Indices are computed with vectors and counted with scalar increments: no
// ISA scatters fast enough, and a scalar add to memory runs at one or two
// per cycle as long as consecutive increments rarely hit the same counter.
// Concentrated data hit the same counter all the time, and each increment
// then waits for the previous one's store, so lanes count into separate
// uint16 sub-tables (lane j into sub-table j % S; uint16 keeps 8 of 2048
// bins within L1) that are summed into the uint64 counts before they can
// wrap. Values without a bin get index slots of their own after the bins, so
// the counting loop has no branch.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cstdint>
#include <cstring>

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

// Counts the leading values of x[0..len) into table and returns how many:
// indexer(x, m, out) stores the table indices of x[0..m) (m a multiple of the
// batch size) and returns how many of them to count, m or fewer to stop
// there. The indices of each block are computed one round before they are
// counted, so that the vector work of block b + 1 overlaps the adds of block
// b, whose indices are already stored (docs/performance.md, histogram).
template <class E, class Indexer, class Counter>
std::size_t count_into(const E* x, std::size_t len, const Indexer& indexer, Counter* table) {
  alignas(64) std::int32_t idx[2][kHistBlock];
  if (len == 0) return 0;
  const std::size_t first = len < kHistBlock ? len : kHistBlock;
  std::size_t ready = indexer(x, first, idx[0]);  // indices in idx[counted]
  if (ready < first) {
    count_indices(idx[0], ready, table);
    return ready;
  }
  int counted = 0;
  for (std::size_t b = kHistBlock; b < len; b += kHistBlock) {
    const std::size_t m = len - b < kHistBlock ? len - b : kHistBlock;
    prefetch_ahead(x, b, kHistBlock, len);
    const std::size_t stored = indexer(x + b, m, idx[counted ^ 1]);
    count_indices(idx[counted], ready, table);
    if (stored < m) {
      count_indices(idx[counted ^ 1], stored, table);
      return b + stored;
    }
    ready = m;
    counted ^= 1;
  }
  count_indices(idx[counted], ready, table);
  return len;
}

// Counts the leading values of x[0..len) (len a multiple of the batch size)
// into counts (stride entries) as count_into does, through per-lane
// sub-tables where they pay; make_indexer(lane_offsets) builds the indexer
// with each lane's sub-table offset. Returns how many it counted.
template <class Arch, class E, class MakeIndexer>
std::size_t count_table(const E* x, std::size_t len, std::size_t stride, const MakeIndexer& make_indexer,
                        std::uint64_t* counts) {
  using I = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t W = I::size;

  // As many sub-tables as fit on the stack and pay for their clearing and
  // summing (a pass over S * stride counters) with at least 8 elements each.
  // Lane j counts into sub-table j % S: no more sub-tables than lanes, so
  // that each gets exactly every S-th element.
  std::uint32_t sub_tables = W < kMaxSubTables ? static_cast<std::uint32_t>(W) : kMaxSubTables;
  while (sub_tables > 0 && (sub_tables * stride > kSubTableWords || sub_tables * stride * 8 > len)) sub_tables /= 2;

  alignas(64) std::int32_t offsets[W];
  if (sub_tables == 0) {
    for (std::size_t j = 0; j < W; ++j) offsets[j] = 0;
    return count_into(x, len, make_indexer(I::load_aligned(offsets)), counts);
  }
  for (std::size_t j = 0; j < W; ++j) offsets[j] = static_cast<std::int32_t>((j % sub_tables) * stride);
  const auto indexer = make_indexer(I::load_aligned(offsets));
  alignas(64) std::uint16_t sub[kSubTableWords];
  const std::size_t segment = kSubTableLimit * sub_tables / W * W;
  for (std::size_t s = 0; s < len; s += segment) {
    const std::size_t seg_len = len - s < segment ? len - s : segment;
    std::memset(sub, 0, sub_tables * stride * sizeof(std::uint16_t));
    const std::size_t done = count_into(x + s, seg_len, indexer, sub);
    for (std::uint32_t t = 0; t < sub_tables; ++t) {
      const std::uint16_t* part = sub + t * stride;
      for (std::size_t b = 0; b < stride; ++b) counts[b] += part[b];
    }
    if (done < seg_len) return s + done;
  }
  return len;
}

}  // namespace
}  // namespace qrange::kernels::simd
