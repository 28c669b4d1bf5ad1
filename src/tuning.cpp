#include "tuning.hpp"

namespace qrange {

namespace detail {

// AMD family 19h, measured on Zen 4 (docs/performance.md): without the
// streaming passes' prefetch, min/max went from 0.70 to 0.96 of the read
// reference at 1M and from 0.83 to 0.97 at 64M, dequantize u8 from 0.85 to
// 0.98, the tail pass's percentile range from 0.36 to 0.41 at 64M; quantize
// was unchanged. On Intel Emerald Rapids the prefetch took min/max from 0.76
// to 0.92 at 64M, and Zen 5's min/max ran at 1.12-1.18 with it. Zen 3, the
// rest of family 19h, was not measured.
kernels::KernelTuning tuning_for(const CpuFeatures& cpu) { return {!(cpu.amd && cpu.x86_family == 0x19)}; }

}  // namespace detail

const kernels::KernelTuning& kernels::kernel_tuning() {
  static const KernelTuning t = detail::tuning_for(detail::cpu_features());
  return t;
}

}  // namespace qrange
