#include <qrange/qrange.h>

#include "minmax.hpp"

#include "error.hpp"
#include "kernels/kernel_table.hpp"
#include "parallel.hpp"
#include "tuning.hpp"

using qrange::detail::fail;
namespace k = qrange::kernels;

template <class In>
qrange_status qrange::detail::minmax_pass(const char* caller, const Exec& e, const k::elem_t<In>* x, std::size_t n,
                                         k::MinMax* out) {
  const k::minmax_fn<In> run = e.kernels->in<In>().minmax;
  return parallel_reduce(
      caller, e, n, kChunk, kMinMaxMinPerThread, k::scalar::minmax<In>(nullptr, 0),
      [&](std::size_t begin, std::size_t len) { return run(x + begin, len); }, &k::scalar::merge, out);
}
template qrange_status qrange::detail::minmax_pass<k::F32>(const char*, const Exec&, const float*, std::size_t,
                                                           k::MinMax*);
template qrange_status qrange::detail::minmax_pass<k::F16>(const char*, const Exec&, const std::uint16_t*,
                                                           std::size_t, k::MinMax*);
template qrange_status qrange::detail::minmax_pass<k::BF16>(const char*, const Exec&, const std::uint16_t*,
                                                            std::size_t, k::MinMax*);

namespace {

template <class In>
qrange_status minmax(const char* kFn, const qrange_context* ctx, const k::elem_t<In>* x, size_t n,
                     qrange_range* out, uint64_t* nonfinite) {
  if (out == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: out is NULL", kFn);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", kFn, n);
  qrange::detail::Exec e{};
  if (qrange_status s = qrange::detail::resolve_context(kFn, ctx, &e)) return s;

  k::MinMax r{};
  if (qrange_status s = qrange::detail::minmax_pass<In>(kFn, e, x, n, &r)) return s;
  if (!(r.min <= r.max))
    return fail(QRANGE_ERROR_EMPTY_INPUT, "%s: no finite value among the %zu inputs (%llu NaN or infinite)", kFn, n,
                static_cast<unsigned long long>(r.nonfinite));
  *out = {r.min, r.max};
  if (nonfinite != nullptr) *nonfinite = r.nonfinite;
  return QRANGE_OK;
}

}  // namespace

extern "C" {

qrange_status qrange_minmax_f32(const float* x, size_t n, qrange_range* out, uint64_t* nonfinite) {
  return minmax<k::F32>("qrange_minmax_f32", nullptr, x, n, out, nonfinite);
}
qrange_status qrange_minmax_f32_ex(const qrange_context* ctx, const float* x, size_t n, qrange_range* out,
                                   uint64_t* nonfinite) {
  return minmax<k::F32>("qrange_minmax_f32_ex", ctx, x, n, out, nonfinite);
}
qrange_status qrange_minmax_f16(const qrange_context* ctx, const uint16_t* x, size_t n, qrange_range* out,
                                uint64_t* nonfinite) {
  return minmax<k::F16>("qrange_minmax_f16", ctx, x, n, out, nonfinite);
}
qrange_status qrange_minmax_bf16(const qrange_context* ctx, const uint16_t* x, size_t n, qrange_range* out,
                                 uint64_t* nonfinite) {
  return minmax<k::BF16>("qrange_minmax_bf16", ctx, x, n, out, nonfinite);
}

}
