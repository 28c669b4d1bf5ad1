// What the running CPU and OS can execute.
#pragma once

namespace qrange::detail {

struct CpuFeatures {
  bool avx2 = false;    // AVX2 + FMA, with YMM state enabled by the OS
  bool avx512 = false;  // AVX-512 F/CD/DQ/BW/VL, with ZMM and opmask state enabled by the OS
  bool neon = false;    // Advanced SIMD (always present on aarch64)
  // For tuning (src/tuning.cpp), never for what may run.
  bool amd = false;         // x86 vendor AuthenticAMD
  unsigned x86_family = 0;  // base family + extended family, as AMD and Intel number them
};

// Detected once; cheap to call.
const CpuFeatures& cpu_features();

}  // namespace qrange::detail
