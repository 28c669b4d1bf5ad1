#include "tuning.hpp"

namespace qrange::detail {

// AMD family 19h (measured on Zen 4; docs/performance.md, Per-CPU tuning):
// - the streaming passes' prefetch slows min/max, dequantize and the tail
//   pass down there and does not help quantize; elsewhere it is what brings
//   min/max to the read bandwidth from DRAM.
// - its division is fast enough that, on grids wider than 2^14, the blocks
//   that fall back from the reciprocal to the division cost more than the
//   reciprocal saves. Elsewhere the reciprocal is tried up to the proof's
//   2^20.
// Zen 3, the rest of family 19h, was not measured.
kernels::Tuning tuning_for(const CpuFeatures& cpu) {
  return cpu.amd && cpu.x86_family == 0x19 ? kernels::Tuning::family19h : kernels::Tuning::standard;
}

kernels::Tuning cpu_tuning() {
  static const kernels::Tuning t = tuning_for(cpu_features());
  return t;
}

}  // namespace qrange::detail
