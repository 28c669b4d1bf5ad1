#include "tuning.hpp"

namespace qrange {

namespace detail {

// AMD family 19h, measured on Zen 4 (docs/performance.md).
// - Without the streaming passes' prefetch, min/max went from 0.70 to 0.96 of
//   the read reference at 1M and from 0.83 to 0.97 at 64M, dequantize u8 from
//   0.85 to 0.98, the tail pass's percentile range from 0.36 to 0.41 at 64M;
//   quantize was unchanged. On Intel Emerald Rapids the prefetch took min/max
//   from 0.76 to 0.92 at 64M, and Zen 5's min/max ran at 1.12-1.18 with it.
// - Its division is fast (a zmm vdivps every 6 cycles): quantize u16 on a
//   grid of 2^k values took 5.6 cycles per 16 values by the reciprocal at
//   k = 9, 7.0 at k = 14 and 9.4 at k = 16 with the fallbacks, against 7.0 by
//   the division alone. Elsewhere the reciprocal is tried up to the proof's
//   2^20, as before.
// Zen 3, the rest of family 19h, was not measured.
kernels::KernelTuning tuning_for(const CpuFeatures& cpu) {
  return cpu.amd && cpu.x86_family == 0x19 ? kFamily19hTuning : kDefaultTuning;
}

namespace {
kernels::KernelTuning& current() {
  static kernels::KernelTuning t = tuning_for(cpu_features());
  return t;
}
}  // namespace

void set_kernel_tuning(const kernels::KernelTuning& t) { current() = t; }

}  // namespace detail

const kernels::KernelTuning& kernels::kernel_tuning() { return detail::current(); }

}  // namespace qrange
