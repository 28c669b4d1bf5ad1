#include <qrange/qrange.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "context.hpp"
#include "error.hpp"
#include "kernels/kernel_table.hpp"
#include "parallel.hpp"
#include "quantize.hpp"
#include "tuning.hpp"

using qrange::detail::fail;
namespace k = qrange::kernels;

namespace {

// What every kernel relies on (kernel_table.hpp), for outputs in [tmin, tmax].
qrange_status check_params(const char* fn, const qrange_params& p, std::int64_t tmin, std::int64_t tmax) {
  if (!(p.qmin < p.qmax) || p.qmin < tmin || p.qmax > tmax)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: need %lld <= qmin < qmax <= %lld (qmin = %d, qmax = %d)", fn,
                static_cast<long long>(tmin), static_cast<long long>(tmax), p.qmin, p.qmax);
  if (p.zero_point < -(1 << 24) || p.zero_point > (1 << 24))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: |zero_point| = |%d| exceeds 2^24", fn, p.zero_point);
  if (!(std::isfinite(p.scale) && p.scale > 0.0f))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: scale = %g must be finite and > 0", fn,
                static_cast<double>(p.scale));
  return QRANGE_OK;
}

template <class In, class T>
qrange_status quantize(const char* fn, const qrange_context* ctx, const k::elem_t<In>* x, std::size_t n,
                       const qrange_params* p, T* q, k::quantize_fn<In, T> k::InputKernels<In>::*kernel) {
  if (p == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: p is NULL", fn);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", fn, n);
  if (q == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: q is NULL but n = %zu", fn, n);
  if (qrange_status s = check_params(fn, *p, std::numeric_limits<T>::min(), std::numeric_limits<T>::max())) return s;
  qrange::detail::Exec e{};
  if (qrange_status s = qrange::detail::resolve_context(fn, ctx, &e)) return s;
  const qrange_params params = *p;
  const k::quantize_fn<In, T> run = e.kernels->in<In>().*kernel;
  qrange::detail::parallel_for(e, n, qrange::detail::kChunk, qrange::detail::kQuantizeMinPerThread,
                               [&](std::size_t begin, std::size_t len) { run(x + begin, len, params, q + begin); });
  return QRANGE_OK;
}

template <class T, class Out>
qrange_status dequantize(const char* fn, const qrange_context* ctx, const T* q, std::size_t n,
                         const qrange_params* p, k::elem_t<Out>* x,
                         k::dequantize_fn<T, Out> k::OutputKernels<Out>::*kernel) {
  if (p == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: p is NULL", fn);
  if (q == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: q is NULL but n = %zu", fn, n);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", fn, n);
  if (qrange_status s = check_params(fn, *p, std::numeric_limits<T>::min(), std::numeric_limits<T>::max())) return s;
  qrange::detail::Exec e{};
  if (qrange_status s = qrange::detail::resolve_context(fn, ctx, &e)) return s;
  const qrange_params params = *p;
  const k::dequantize_fn<T, Out> run = e.kernels->out<Out>().*kernel;
  qrange::detail::parallel_for(e, n, qrange::detail::kChunk, qrange::detail::kQuantizeMinPerThread,
                               [&](std::size_t begin, std::size_t len) { run(q + begin, len, params, x + begin); });
  return QRANGE_OK;
}

template <class In>
qrange_status mse(const char* kFn, const qrange_context* ctx, const k::elem_t<In>* x, size_t n,
                  const qrange_params* p, double* mse) {
  if (mse == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: mse is NULL", kFn);
  if (p == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: p is NULL", kFn);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", kFn, n);
  if (qrange_status s = check_params(kFn, *p, std::numeric_limits<std::int32_t>::min(),
                                     std::numeric_limits<std::int32_t>::max()))
    return s;
  qrange::detail::Exec e{};
  if (qrange_status s = qrange::detail::resolve_context(kFn, ctx, &e)) return s;
  return qrange::detail::mse_pass<In>(kFn, e, x, n, *p, mse);
}

}  // namespace

template <class In>
qrange_status qrange::detail::mse_pass(const char* caller, const Exec& e, const k::elem_t<In>* x, std::size_t n,
                                       const qrange_params& p, double* mse) {
  const k::mse_fn<In> run = e.kernels->in<In>().mse;
  k::MseSum total{};
  if (qrange_status s = parallel_reduce(
          caller, e, n, k::kMseBlock, kQuantizeMinPerThread, k::MseSum{0.0, 0},
          [&](std::size_t begin, std::size_t len) { return run(x + begin, len, p); },
          [](k::MseSum a, k::MseSum b) { return k::MseSum{a.sum + b.sum, a.count + b.count}; }, &total))
    return s;
  if (total.count == 0)
    return fail(QRANGE_ERROR_EMPTY_INPUT, "%s: no finite value among the %zu inputs", caller, n);
  *mse = total.sum / static_cast<double>(total.count);
  return QRANGE_OK;
}
template qrange_status qrange::detail::mse_pass<k::F32>(const char*, const Exec&, const float*, std::size_t,
                                                        const qrange_params&, double*);
template qrange_status qrange::detail::mse_pass<k::F16>(const char*, const Exec&, const std::uint16_t*, std::size_t,
                                                        const qrange_params&, double*);
template qrange_status qrange::detail::mse_pass<k::BF16>(const char*, const Exec&, const std::uint16_t*,
                                                         std::size_t, const qrange_params&, double*);

// The float32 entry points twice, without a context and with one (`_ex`);
// the 16-bit ones take one.
#define QRANGE_QUANTIZE(out_t, T, member)                                                                     \
  qrange_status qrange_quantize_f32_##out_t(const float* x, size_t n, const qrange_params* p, T* q) {        \
    return quantize<k::F32>("qrange_quantize_f32_" #out_t, nullptr, x, n, p, q,                              \
                            &k::InputKernels<k::F32>::member);                                                \
  }                                                                                                           \
  qrange_status qrange_quantize_f32_##out_t##_ex(const qrange_context* ctx, const float* x, size_t n,         \
                                                 const qrange_params* p, T* q) {                              \
    return quantize<k::F32>("qrange_quantize_f32_" #out_t "_ex", ctx, x, n, p, q,                            \
                            &k::InputKernels<k::F32>::member);                                                \
  }                                                                                                           \
  qrange_status qrange_quantize_f16_##out_t(const qrange_context* ctx, const uint16_t* x, size_t n,           \
                                            const qrange_params* p, T* q) {                                   \
    return quantize<k::F16>("qrange_quantize_f16_" #out_t, ctx, x, n, p, q,                                  \
                            &k::InputKernels<k::F16>::member);                                                \
  }                                                                                                           \
  qrange_status qrange_quantize_bf16_##out_t(const qrange_context* ctx, const uint16_t* x, size_t n,          \
                                             const qrange_params* p, T* q) {                                  \
    return quantize<k::BF16>("qrange_quantize_bf16_" #out_t, ctx, x, n, p, q,                                \
                             &k::InputKernels<k::BF16>::member);                                              \
  }
#define QRANGE_DEQUANTIZE(in_t, T, member)                                                                    \
  qrange_status qrange_dequantize_##in_t##_f32(const T* q, size_t n, const qrange_params* p, float* x) {     \
    return dequantize<T, k::F32>("qrange_dequantize_" #in_t "_f32", nullptr, q, n, p, x,                     \
                                 &k::OutputKernels<k::F32>::member);                                          \
  }                                                                                                           \
  qrange_status qrange_dequantize_##in_t##_f32_ex(const qrange_context* ctx, const T* q, size_t n,            \
                                                  const qrange_params* p, float* x) {                         \
    return dequantize<T, k::F32>("qrange_dequantize_" #in_t "_f32_ex", ctx, q, n, p, x,                      \
                                 &k::OutputKernels<k::F32>::member);                                          \
  }                                                                                                           \
  qrange_status qrange_dequantize_##in_t##_f16(const qrange_context* ctx, const T* q, size_t n,               \
                                               const qrange_params* p, uint16_t* x) {                         \
    return dequantize<T, k::F16>("qrange_dequantize_" #in_t "_f16", ctx, q, n, p, x,                         \
                                 &k::OutputKernels<k::F16>::member);                                          \
  }                                                                                                           \
  qrange_status qrange_dequantize_##in_t##_bf16(const qrange_context* ctx, const T* q, size_t n,              \
                                                const qrange_params* p, uint16_t* x) {                        \
    return dequantize<T, k::BF16>("qrange_dequantize_" #in_t "_bf16", ctx, q, n, p, x,                       \
                                  &k::OutputKernels<k::BF16>::member);                                        \
  }

extern "C" {

QRANGE_QUANTIZE(u8, uint8_t, quantize_u8)
QRANGE_QUANTIZE(i8, int8_t, quantize_i8)
QRANGE_QUANTIZE(u16, uint16_t, quantize_u16)
QRANGE_QUANTIZE(i16, int16_t, quantize_i16)
QRANGE_DEQUANTIZE(u8, uint8_t, dequantize_u8)
QRANGE_DEQUANTIZE(i8, int8_t, dequantize_i8)
QRANGE_DEQUANTIZE(u16, uint16_t, dequantize_u16)
QRANGE_DEQUANTIZE(i16, int16_t, dequantize_i16)

qrange_status qrange_quantization_mse_f32(const float* x, size_t n, const qrange_params* p, double* out) {
  return mse<k::F32>("qrange_quantization_mse_f32", nullptr, x, n, p, out);
}
qrange_status qrange_quantization_mse_f32_ex(const qrange_context* ctx, const float* x, size_t n,
                                             const qrange_params* p, double* out) {
  return mse<k::F32>("qrange_quantization_mse_f32_ex", ctx, x, n, p, out);
}
qrange_status qrange_quantization_mse_f16(const qrange_context* ctx, const uint16_t* x, size_t n,
                                          const qrange_params* p, double* out) {
  return mse<k::F16>("qrange_quantization_mse_f16", ctx, x, n, p, out);
}
qrange_status qrange_quantization_mse_bf16(const qrange_context* ctx, const uint16_t* x, size_t n,
                                           const qrange_params* p, double* out) {
  return mse<k::BF16>("qrange_quantization_mse_bf16", ctx, x, n, p, out);
}

}
