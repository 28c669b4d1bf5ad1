#include <qrange/qrange.h>

#include "minmax.hpp"

#include "dispatch.hpp"
#include "error.hpp"
#include "kernels/kernel_table.hpp"
#include "parallel.hpp"
#include "tuning.hpp"

using qrange::detail::fail;
namespace k = qrange::kernels;

qrange_status qrange::detail::minmax_pass(const char* caller, const k::KernelTable& kt, const float* x,
                                         std::size_t n, k::MinMax* out) {
  return parallel_reduce(
      caller, n, kChunk, kMinMaxMinPerThread, k::scalar::minmax(nullptr, 0),
      [&](std::size_t begin, std::size_t len) { return kt.minmax(x + begin, len); }, &k::scalar::merge, out);
}

extern "C" qrange_status qrange_minmax_f32(const float* x, size_t n, qrange_range* out, uint64_t* nonfinite) {
  static constexpr const char* kFn = "qrange_minmax_f32";
  if (out == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: out is NULL", kFn);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", kFn, n);
  const k::KernelTable* kt = nullptr;
  if (qrange_status s = qrange::detail::active_kernels(kFn, &kt)) return s;

  k::MinMax r{};
  if (qrange_status s = qrange::detail::minmax_pass(kFn, *kt, x, n, &r)) return s;
  if (!(r.min <= r.max))
    return fail(QRANGE_ERROR_EMPTY_INPUT, "%s: no finite value among the %zu inputs (%llu NaN or infinite)", kFn, n,
                static_cast<unsigned long long>(r.nonfinite));
  *out = {r.min, r.max};
  if (nonfinite != nullptr) *nonfinite = r.nonfinite;
  return QRANGE_OK;
}
