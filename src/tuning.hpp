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

// The kernel tunings there are (src/tuning.cpp says why): AMD family 19h
// gets kFamily19hTuning, every other CPU kDefaultTuning.
inline constexpr kernels::KernelTuning kDefaultTuning{true, 0x1p20f};
inline constexpr kernels::KernelTuning kFamily19hTuning{false, 0x1p14f};

// What kernels::kernel_tuning() holds on a CPU with these features.
kernels::KernelTuning tuning_for(const CpuFeatures& cpu);

// Replaces this CPU's tuning, so that tests run every kernel path on one
// machine. Only while no kernel runs.
void set_kernel_tuning(const kernels::KernelTuning& t);

}  // namespace qrange::detail
