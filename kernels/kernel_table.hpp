// The contract between the dispatcher and the kernels: one table of function
// pointers per target. ISA-free, so that shared code can include it.
//
// A kernel works on one contiguous piece of the input on the calling thread;
// splitting across threads and merging is the API's job (src/).
#pragma once

#include <cstddef>
#include <cstdint>

namespace qrange::kernels {

// Min and max of the finite values; +inf/-inf when there is none. A zero
// result is +0.0, so that merging partial results cannot depend on order.
struct MinMax {
  float min;
  float max;
  std::uint64_t nonfinite;
};

using minmax_fn = MinMax (*)(const float* x, std::size_t n);

struct KernelTable {
  const char* isa;
  minmax_fn minmax;
};

// The scalar reference: the specification every other target must match bit
// for bit. SIMD kernels also call it for their tails and rare slow paths.
namespace scalar {
MinMax minmax(const float* x, std::size_t n);
// Out of line on purpose: an inline helper shared by translation units with
// different ISA flags could be emitted with AVX-512 code and picked by the
// linker for every caller.
MinMax merge(MinMax a, MinMax b);
}  // namespace scalar

const KernelTable& table_scalar();
const KernelTable& table_avx2();
const KernelTable& table_avx512();
const KernelTable& table_neon();

}  // namespace qrange::kernels
