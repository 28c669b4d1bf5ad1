#include <qrange/qrange.h>

#include "dispatch.hpp"
#include "error.hpp"
#include "kernels/kernel_table.hpp"
#include "parallel.hpp"
#include "tuning.hpp"

using qrange::detail::fail;
namespace k = qrange::kernels;

extern "C" qrange_status qrange_minmax_f32(const float* x, size_t n, qrange_range* out, uint64_t* nonfinite) {
  static constexpr const char* kFn = "qrange_minmax_f32";
  if (out == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: out is NULL", kFn);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", kFn, n);
  const k::KernelTable* kt = nullptr;
  if (qrange_status s = qrange::detail::active_kernels(kFn, &kt)) return s;

  const k::MinMax none = k::scalar::minmax(nullptr, 0);
  k::MinMax r{};
  if (qrange_status s = qrange::detail::parallel_reduce(
          kFn, n, qrange::detail::kChunk, qrange::detail::kMinMaxMinPerThread, none,
          [&](std::size_t begin, std::size_t len) { return kt->minmax(x + begin, len); }, &k::scalar::merge, &r))
    return s;
  if (!(r.min <= r.max))
    return fail(QRANGE_ERROR_EMPTY_INPUT, "%s: no finite value among the %zu inputs (%llu NaN or infinite)", kFn, n,
                static_cast<unsigned long long>(r.nonfinite));
  *out = {r.min, r.max};
  if (nonfinite != nullptr) *nonfinite = r.nonfinite;
  return QRANGE_OK;
}
