// Work sizes for splitting across threads, measured with bench/
// (docs/performance.md, Thread thresholds), and the kernels' per-CPU
// choices. They change speed, never results.
#pragma once

#include <cstddef>

#include "cpu_features.hpp"
#include "kernels/kernel_table.hpp"

namespace qrange::detail {

// Chunk of the deterministic split: small enough to balance threads, large
// enough that per-chunk overhead vanishes.
inline constexpr std::size_t kChunk = std::size_t{1} << 16;

// The fewest elements a task gets, below which a second thread costs more
// (waking it, joining) than it saves; measured on an idle 2-core machine
// with the thresholds forced low (docs/performance.md, Thread thresholds).
// Min/max, quantize, dequantize and mse also split only at kChunk
// boundaries, so two tasks need at least two chunks.
inline constexpr std::size_t kMinMaxMinPerThread = std::size_t{1} << 16;
inline constexpr std::size_t kQuantizeMinPerThread = std::size_t{1} << 16;
// Dynamic quantize cuts pieces anywhere (a multiple of 16): two passes to
// share the fork cost, a second thread pays from 2^15 each.
inline constexpr std::size_t kDynamicQuantizeMinPerThread = std::size_t{1} << 15;

// Histograms: a task gets at least this many elements, and at least
// kHistogramPerBin per counter of its own histogram, which must be cleared
// and merged.
inline constexpr std::size_t kHistogramMinPerThread = std::size_t{1} << 15;
inline constexpr std::size_t kHistogramPerBin = 8;

// Observers: a task gets what a histogram's does. When a value falls
// outside the range seen so far, the range grows to that of the next
// kObserveLookahead values at once, so that even sorted data regrid once per
// that many values (docs/observers.md).
inline constexpr std::size_t kObserveMinPerThread = kHistogramMinPerThread;
inline constexpr std::size_t kObserveLookahead = std::size_t{1} << 16;

// The kernel tuning for a CPU with these features (src/tuning.cpp says why),
// and this CPU's, read once: which of the tables of an ISA the calls get.
kernels::Tuning tuning_for(const CpuFeatures& cpu);
kernels::Tuning cpu_tuning();

}  // namespace qrange::detail
