#include <qrange/qrange.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "dispatch.hpp"
#include "error.hpp"
#include "kernels/kernel_table.hpp"
#include "parallel.hpp"
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

template <class T>
qrange_status quantize(const char* fn, const float* x, std::size_t n, const qrange_params* p, T* q,
                       k::quantize_fn<T> k::KernelTable::*kernel) {
  if (p == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: p is NULL", fn);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", fn, n);
  if (q == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: q is NULL but n = %zu", fn, n);
  if (qrange_status s = check_params(fn, *p, std::numeric_limits<T>::min(), std::numeric_limits<T>::max())) return s;
  const k::KernelTable* kt = nullptr;
  if (qrange_status s = qrange::detail::active_kernels(fn, &kt)) return s;
  const qrange_params params = *p;
  const k::quantize_fn<T> run = kt->*kernel;
  qrange::detail::parallel_for(n, qrange::detail::kChunk, qrange::detail::kQuantizeMinPerThread,
                               [&](std::size_t begin, std::size_t len) { run(x + begin, len, params, q + begin); });
  return QRANGE_OK;
}

template <class T>
qrange_status dequantize(const char* fn, const T* q, std::size_t n, const qrange_params* p, float* x,
                         k::dequantize_fn<T> k::KernelTable::*kernel) {
  if (p == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: p is NULL", fn);
  if (q == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: q is NULL but n = %zu", fn, n);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", fn, n);
  if (qrange_status s = check_params(fn, *p, std::numeric_limits<T>::min(), std::numeric_limits<T>::max())) return s;
  const k::KernelTable* kt = nullptr;
  if (qrange_status s = qrange::detail::active_kernels(fn, &kt)) return s;
  const qrange_params params = *p;
  const k::dequantize_fn<T> run = kt->*kernel;
  qrange::detail::parallel_for(n, qrange::detail::kChunk, qrange::detail::kQuantizeMinPerThread,
                               [&](std::size_t begin, std::size_t len) { run(q + begin, len, params, x + begin); });
  return QRANGE_OK;
}

}  // namespace

extern "C" {

qrange_status qrange_quantize_f32_u8(const float* x, size_t n, const qrange_params* p, uint8_t* q) {
  return quantize("qrange_quantize_f32_u8", x, n, p, q, &k::KernelTable::quantize_u8);
}
qrange_status qrange_quantize_f32_i8(const float* x, size_t n, const qrange_params* p, int8_t* q) {
  return quantize("qrange_quantize_f32_i8", x, n, p, q, &k::KernelTable::quantize_i8);
}
qrange_status qrange_quantize_f32_u16(const float* x, size_t n, const qrange_params* p, uint16_t* q) {
  return quantize("qrange_quantize_f32_u16", x, n, p, q, &k::KernelTable::quantize_u16);
}
qrange_status qrange_quantize_f32_i16(const float* x, size_t n, const qrange_params* p, int16_t* q) {
  return quantize("qrange_quantize_f32_i16", x, n, p, q, &k::KernelTable::quantize_i16);
}

qrange_status qrange_dequantize_u8_f32(const uint8_t* q, size_t n, const qrange_params* p, float* x) {
  return dequantize("qrange_dequantize_u8_f32", q, n, p, x, &k::KernelTable::dequantize_u8);
}
qrange_status qrange_dequantize_i8_f32(const int8_t* q, size_t n, const qrange_params* p, float* x) {
  return dequantize("qrange_dequantize_i8_f32", q, n, p, x, &k::KernelTable::dequantize_i8);
}
qrange_status qrange_dequantize_u16_f32(const uint16_t* q, size_t n, const qrange_params* p, float* x) {
  return dequantize("qrange_dequantize_u16_f32", q, n, p, x, &k::KernelTable::dequantize_u16);
}
qrange_status qrange_dequantize_i16_f32(const int16_t* q, size_t n, const qrange_params* p, float* x) {
  return dequantize("qrange_dequantize_i16_f32", q, n, p, x, &k::KernelTable::dequantize_i16);
}

qrange_status qrange_quantization_mse_f32(const float* x, size_t n, const qrange_params* p, double* mse) {
  static constexpr const char* kFn = "qrange_quantization_mse_f32";
  if (mse == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: mse is NULL", kFn);
  if (p == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: p is NULL", kFn);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", kFn, n);
  if (qrange_status s = check_params(kFn, *p, std::numeric_limits<std::int32_t>::min(),
                                     std::numeric_limits<std::int32_t>::max()))
    return s;
  const k::KernelTable* kt = nullptr;
  if (qrange_status s = qrange::detail::active_kernels(kFn, &kt)) return s;

  const qrange_params params = *p;
  k::MseSum total{};
  if (qrange_status s = qrange::detail::parallel_reduce(
          kFn, n, k::kMseBlock, qrange::detail::kQuantizeMinPerThread, k::MseSum{0.0, 0},
          [&](std::size_t begin, std::size_t len) { return kt->mse(x + begin, len, params); },
          [](k::MseSum a, k::MseSum b) { return k::MseSum{a.sum + b.sum, a.count + b.count}; }, &total))
    return s;
  if (total.count == 0)
    return fail(QRANGE_ERROR_EMPTY_INPUT, "%s: no finite value among the %zu inputs", kFn, n);
  *mse = total.sum / static_cast<double>(total.count);
  return QRANGE_OK;
}

}
