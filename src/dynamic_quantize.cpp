// ONNX DynamicQuantizeLinear in one call: a min/max pass and a quantize pass
// over the same pieces, so that each thread quantizes what it has just read.
#include <qrange/qrange.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <new>

#include "context.hpp"
#include "error.hpp"
#include "kernels/kernel_table.hpp"
#include "parallel.hpp"
#include "tuning.hpp"

using qrange::detail::fail;
namespace k = qrange::kernels;

namespace {

// What a core's cache keeps of the piece it has just read: 1 MiB, the L2 of
// the smaller cores qrange runs on (docs/performance.md, Threads, the
// caller's pool and dynamic quantize).
constexpr std::size_t kCachedValues = (std::size_t{1} << 20) / sizeof(float);

// ONNX's formula in float32, as ONNX Runtime computes it, so that the
// parameters match it bit for bit; the range holds 0, so max == min only
// for [0, 0].
qrange_status dynamic_params(const char* fn, const k::MinMax& mm, qrange_params* out) {
  const float lo = std::min(0.0f, mm.min), hi = std::max(0.0f, mm.max);
  const float scale = hi == lo ? 1.0f : (hi - lo) / 255.0f;
  if (!std::isfinite(scale))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: the range [%g, %g] is wider than FLT_MAX", fn,
                static_cast<double>(lo), static_cast<double>(hi));
  if (scale == 0.0f)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                "%s: the range [%g, %g] is too narrow: (max - min) / 255 is 0 in float32", fn,
                static_cast<double>(lo), static_cast<double>(hi));
  const float zero_point = std::max(0.0f, std::min(255.0f, 0.0f - lo / scale));
  *out = {scale, static_cast<int32_t>(std::nearbyint(zero_point)), 0, 255};  // ties to even
  return QRANGE_OK;
}

}  // namespace

extern "C" qrange_status qrange_dynamic_quantize_f32_u8(const qrange_context* ctx, const float* x, size_t n,
                                                        uint8_t* q, qrange_params* p) {
  using namespace qrange::detail;
  static constexpr const char* kFn = "qrange_dynamic_quantize_f32_u8";
  if (p == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: p is NULL", kFn);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", kFn, n);
  if (q == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: q is NULL but n = %zu", kFn, n);
  Exec e{};
  if (qrange_status s = resolve_context(kFn, ctx, &e)) return s;

  // min/max merges exactly in any order, so pieces per task need no chunks.
  const Parts parts = split(n, tasks_for(e, n, kDynamicQuantizeMinPerThread));
  // One piece is scanned here, with no partial results to allocate.
  const k::minmax_fn<k::F32> minmax = e.kernels->in_f32.minmax;
  k::MinMax mm = minmax(x, parts.count == 1 ? n : 0);
  if (parts.count > 1) {
    std::unique_ptr<k::MinMax[]> partial(new (std::nothrow) k::MinMax[static_cast<std::size_t>(parts.count)]);
    if (!partial)
      return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %d partial results", kFn, parts.count);
    parallel_parts(e, parts, [&](int t, std::size_t begin, std::size_t len) { partial[t] = minmax(x + begin, len); });
    for (int t = 0; t < parts.count; ++t) mm = k::scalar::merge(mm, partial[t]);
  }

  qrange_params params{};
  if (qrange_status s = dynamic_params(kFn, mm, &params)) return s;
  // The end of each piece is what its min/max pass left in the core's cache:
  // its last kCachedValues are quantized first, last chunk first, and the
  // rest, which a large piece reads from memory again, from the start.
  const k::quantize_fn<k::F32, std::uint8_t> quantize = e.kernels->in_f32.quantize_u8;
  parallel_parts(e, parts, [&](int, std::size_t begin, std::size_t len) {
    const std::size_t cold = len > kCachedValues ? len - kCachedValues : 0;
    for (std::size_t at = len; at > cold;) {
      const std::size_t step = std::min(kChunk, at - cold);
      at -= step;
      quantize(x + begin + at, step, params, q + begin + at);
    }
    quantize(x + begin, cold, params, q + begin);
  });
  *p = params;
  return QRANGE_OK;
}
