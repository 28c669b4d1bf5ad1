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

// Below this many elements per thread, an OpenMP fork costs more than it saves.
inline constexpr std::size_t kMinMaxMinPerThread = std::size_t{1} << 18;

// Histograms: a thread gets at least this many elements, and at least
// kHistogramPerBin per counter of its own histogram, which must be cleared
// and merged.
inline constexpr std::size_t kHistogramMinPerThread = std::size_t{1} << 18;
inline constexpr std::size_t kHistogramPerBin = 8;

// Quantize, dequantize and the quantization error: per-element work of a few
// cycles, worth a second thread sooner than minmax.
inline constexpr std::size_t kQuantizeMinPerThread = std::size_t{1} << 17;

// The kernel tuning for a CPU with these features (src/tuning.cpp says why),
// and this CPU's, read once: which of the tables of an ISA the calls get.
kernels::Tuning tuning_for(const CpuFeatures& cpu);
kernels::Tuning cpu_tuning();

}  // namespace qrange::detail
