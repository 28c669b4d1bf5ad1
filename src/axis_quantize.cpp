// Per-axis and blocked quantize, dequantize and quantization error: the
// per-tensor operations with an array of parameters (docs/per_axis.md).
#include <qrange/qrange.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <vector>

#include "axis.hpp"
#include "context.hpp"
#include "error.hpp"
#include "kernels/kernel_table.hpp"
#include "parallel.hpp"
#include "tuning.hpp"

using qrange::detail::Axis;
using qrange::detail::LaneArrays;
using qrange::detail::fail;
using qrange::detail::Piece;
namespace d = qrange::detail;
namespace k = qrange::kernels;

namespace {

// The 4-bit outputs: the values of the 8-bit kernels, packed.
struct U4 {
  using Wide = std::uint8_t;
  static constexpr std::int32_t kMin = 0, kMax = 15;
};
struct I4 {
  using Wide = std::int8_t;
  static constexpr std::int32_t kMin = -8, kMax = 7;
};
template <class T>
struct OutputType {
  using Wide = T;
  static constexpr std::int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
};
template <>
struct OutputType<U4> : U4 {};
template <>
struct OutputType<I4> : I4 {};
template <class T>
constexpr bool kPacked = std::is_same_v<T, U4> || std::is_same_v<T, I4>;

// The elements of a packed tile: quantized to bytes, then packed; a multiple
// of 2 so that tiles start on a byte.
constexpr std::size_t kTile = 4096;

qrange_status check_each(const char* fn, const qrange_params* params, std::size_t count, std::int32_t tmin,
                         std::int32_t tmax, std::int32_t zmin, std::int32_t zmax, const char* type) {
  for (std::size_t g = 0; g < count; ++g) {
    const qrange_params& p = params[g];
    if (!(p.qmin < p.qmax) || p.qmin < tmin || p.qmax > tmax)
      return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                  "%s: params[%zu]: need %d <= qmin < qmax <= %d for %s (qmin = %d, qmax = %d)", fn, g, tmin, tmax,
                  type, p.qmin, p.qmax);
    if (p.zero_point < zmin || p.zero_point > zmax)
      return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: params[%zu]: zero_point = %d is outside [%d, %d] (%s)", fn, g,
                  p.zero_point, zmin, zmax, type);
    if (!(std::isfinite(p.scale) && p.scale > 0.0f))
      return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: params[%zu]: scale = %g must be finite and > 0", fn, g,
                  static_cast<double>(p.scale));
  }
  return QRANGE_OK;
}

// The checks every entry shares, then each task's parameter arrays.
qrange_status prepare(const char* fn, const qrange_context* ctx, const void* in, const char* in_name,
                      const qrange_layout* layout, const qrange_params* params, std::size_t count, const void* out,
                      const char* out_name, std::int32_t tmin, std::int32_t tmax, std::int32_t zmin,
                      std::int32_t zmax, const char* type, Axis* a, std::vector<LaneArrays>* lanes, d::Exec* e) {
  if (in == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: %s is NULL", fn, in_name);
  if (params == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: params is NULL", fn);
  if (out == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: %s is NULL", fn, out_name);
  if (qrange_status s = d::check_layout(fn, layout, a)) return s;
  if (qrange_status s = d::check_count(fn, *a, count)) return s;
  if (qrange_status s = check_each(fn, params, count, tmin, tmax, zmin, zmax, type)) return s;
  if (qrange_status s = d::resolve_context(fn, ctx, e)) return s;
  return lanes == nullptr ? QRANGE_OK : d::allocate_lanes(fn, *e, *a, lanes);
}

template <class In, class T>
k::quantize_axis_fn<In, T> quantize_kernel(const k::KernelTable& table) {
  const k::InputKernels<In>& t = table.in<In>();
  if constexpr (std::is_same_v<T, std::uint8_t>) return t.quantize_axis_u8;
  else if constexpr (std::is_same_v<T, std::int8_t>) return t.quantize_axis_i8;
  else if constexpr (std::is_same_v<T, std::uint16_t>) return t.quantize_axis_u16;
  else return t.quantize_axis_i16;
}
template <class T, class Out>
k::dequantize_axis_fn<T, Out> dequantize_kernel(const k::KernelTable& table) {
  const k::OutputKernels<Out>& t = table.out<Out>();
  if constexpr (std::is_same_v<T, std::uint8_t>) return t.dequantize_axis_u8;
  else if constexpr (std::is_same_v<T, std::int8_t>) return t.dequantize_axis_i8;
  else if constexpr (std::is_same_v<T, std::uint16_t>) return t.dequantize_axis_u16;
  else return t.dequantize_axis_i16;
}
template <class Wide>
k::unpack_nibbles_fn<Wide> unpack_kernel(const k::KernelTable& t) {
  if constexpr (std::is_same_v<Wide, std::uint8_t>) return t.unpack_u4;
  else return t.unpack_i4;
}

// Out is the output type's tag (U4, I4) or the element type itself; Elem
// what q points to. In is the input's element type (kernels::F32, F16, BF16).
template <class In, class Out, class Elem>
qrange_status quantize(const char* fn, const char* type, const qrange_context* ctx, const k::elem_t<In>* x,
                       const qrange_layout* layout, const qrange_params* params, std::size_t count, Elem* q) {
  using Wide = typename OutputType<Out>::Wide;
  Axis a{};
  std::vector<LaneArrays> lanes;
  d::Exec e{};
  if (qrange_status s = prepare(fn, ctx, x, "x", layout, params, count, q, "q", OutputType<Out>::kMin,
                                OutputType<Out>::kMax, OutputType<Out>::kMin, OutputType<Out>::kMax, type, &a,
                                &lanes, &e))
    return s;
  const k::quantize_axis_fn<In, Wide> run = quantize_kernel<In, Wide>(*e.kernels);
  if constexpr (!kPacked<Out>) {
    d::parallel_pieces(e, lanes, a.n, d::kChunk, d::kQuantizeMinPerThread,
                       [&](LaneArrays& l, std::size_t begin, std::size_t len) {
                         d::for_pieces(a, params, l, begin, begin + len, [&](const Piece& p) {
                           run(x + p.begin, p.len, p.p, p.run, p.phase, q + p.begin);
                         });
                       });
  } else {
    const k::pack_nibbles_fn pack = e.kernels->pack_nibbles;
    d::parallel_pieces(e, lanes, a.n, d::kChunk, d::kQuantizeMinPerThread, [&](LaneArrays& l, std::size_t begin,
                                                                                 std::size_t len) {
      Wide tile[kTile];
      for (std::size_t t = begin; t < begin + len; t += kTile) {
        const std::size_t end = (begin + len - t < kTile) ? begin + len : t + kTile;
        d::for_pieces(a, params, l, t, end,
                      [&](const Piece& p) { run(x + p.begin, p.len, p.p, p.run, p.phase, tile + (p.begin - t)); });
        pack(reinterpret_cast<const std::uint8_t*>(tile), end - t, q + t / 2);
      }
    });
  }
  return QRANGE_OK;
}

// Out as for quantize; To is the output's element type (kernels::F32, F16,
// BF16).
template <class To, class Out, class Elem>
qrange_status dequantize(const char* fn, const char* type, const qrange_context* ctx, const Elem* q,
                         const qrange_layout* layout, const qrange_params* params, std::size_t count,
                         k::elem_t<To>* x) {
  using Wide = typename OutputType<Out>::Wide;
  Axis a{};
  std::vector<LaneArrays> lanes;
  d::Exec e{};
  if (qrange_status s = prepare(fn, ctx, q, "q", layout, params, count, x, "x", OutputType<Out>::kMin,
                                OutputType<Out>::kMax, OutputType<Out>::kMin, OutputType<Out>::kMax, type, &a,
                                &lanes, &e))
    return s;
  const k::dequantize_axis_fn<Wide, To> run = dequantize_kernel<Wide, To>(*e.kernels);
  if constexpr (!kPacked<Out>) {
    d::parallel_pieces(e, lanes, a.n, d::kChunk, d::kQuantizeMinPerThread,
                       [&](LaneArrays& l, std::size_t begin, std::size_t len) {
                         d::for_pieces(a, params, l, begin, begin + len, [&](const Piece& p) {
                           run(q + p.begin, p.len, p.p, p.run, p.phase, x + p.begin);
                         });
                       });
  } else {
    const k::unpack_nibbles_fn<Wide> unpack = unpack_kernel<Wide>(*e.kernels);
    d::parallel_pieces(e, lanes, a.n, d::kChunk, d::kQuantizeMinPerThread, [&](LaneArrays& l, std::size_t begin,
                                                                                 std::size_t len) {
      Wide tile[kTile];
      for (std::size_t t = begin; t < begin + len; t += kTile) {
        const std::size_t end = (begin + len - t < kTile) ? begin + len : t + kTile;
        unpack(q + t / 2, end - t, tile);
        d::for_pieces(a, params, l, t, end,
                      [&](const Piece& p) { run(tile + (p.begin - t), p.len, p.p, p.run, p.phase, x + p.begin); });
      }
    });
  }
  return QRANGE_OK;
}

}  // namespace

// The error's order (docs/per_axis.md): each segment is cut into items of
// kMseBlock elements from its start; the items starting in each window
// [c * kMseBlock, (c + 1) * kMseBlock) of the tensor are summed in order,
// and the windows in order (parallel_reduce's fold). One segment gives the
// per-tensor order.
template <class In>
qrange_status qrange::detail::mse_axis_pass(const char* fn, const Exec& e, const k::elem_t<In>* x, const Axis& a,
                                            const qrange_params* sets, double* mse) {
  const k::mse_axis_fn<In> run = e.kernels->in<In>().mse_axis;
  const auto window = [&](LaneArrays& lanes, std::size_t begin, std::size_t len) {
    k::MseSum sum{0.0, 0};
    // The first item starting at or after begin.
    std::size_t s = begin / a.seg_len, off = begin - s * a.seg_len;
    off = (off + k::kMseBlock - 1) / k::kMseBlock * k::kMseBlock;
    if (off >= a.seg_len) ++s, off = 0;
    for (std::size_t start = s * a.seg_len + off; start < begin + len && start < a.n;) {
      const std::size_t item = (a.seg_len - off < k::kMseBlock) ? a.seg_len - off : k::kMseBlock;
      for_pieces(a, sets, lanes, start, start + item, [&](const Piece& p) {
        const k::MseSum m = run(x + p.begin, p.len, p.p, p.run, p.phase);
        sum = {sum.sum + m.sum, sum.count + m.count};
      });
      start += item;
      off += item;
      if (off == a.seg_len) off = 0;
    }
    return sum;
  };
  std::vector<LaneArrays> lanes;
  if (qrange_status s = allocate_lanes(fn, e, a, &lanes)) return s;
  const std::size_t chunks = chunk_count(a.n, k::kMseBlock);
  std::unique_ptr<k::MseSum[]> partial(new (std::nothrow) k::MseSum[chunks]);
  if (!partial) return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %zu partial sums", fn, chunks);
  parallel_pieces(e, lanes, a.n, k::kMseBlock, kQuantizeMinPerThread,
                  [&](LaneArrays& l, std::size_t begin, std::size_t len) {
                    for (std::size_t c = begin; c < begin + len; c += k::kMseBlock) {
                      const std::size_t w = (begin + len - c < k::kMseBlock) ? begin + len - c : k::kMseBlock;
                      partial[c / k::kMseBlock] = window(l, c, w);
                    }
                  });
  k::MseSum total{0.0, 0};
  for (std::size_t c = 0; c < chunks; ++c) total = {total.sum + partial[c].sum, total.count + partial[c].count};
  if (total.count == 0) return fail(QRANGE_ERROR_EMPTY_INPUT, "%s: no finite value among the %zu inputs", fn, a.n);
  *mse = total.sum / static_cast<double>(total.count);
  return QRANGE_OK;
}

template qrange_status qrange::detail::mse_axis_pass<k::F32>(const char*, const Exec&, const float*, const Axis&,
                                                             const qrange_params*, double*);
template qrange_status qrange::detail::mse_axis_pass<k::F16>(const char*, const Exec&, const std::uint16_t*,
                                                             const Axis&, const qrange_params*, double*);
template qrange_status qrange::detail::mse_axis_pass<k::BF16>(const char*, const Exec&, const std::uint16_t*,
                                                              const Axis&, const qrange_params*, double*);

namespace {

template <class In>
qrange_status mse_axis(const char* kFn, const qrange_context* ctx, const k::elem_t<In>* x,
                       const qrange_layout* layout, const qrange_params* params, std::size_t count, double* mse) {
  if (mse == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: mse is NULL", kFn);
  Axis a{};
  d::Exec e{};
  // The grid within the widest output types, the zero point as for
  // qrange_quantization_mse_f32: qmin - zero_point fits int32.
  if (qrange_status s = prepare(kFn, ctx, x, "x", layout, params, count, mse, "mse", -32768, 65535, -(1 << 24),
                                1 << 24, "the 16-bit grids", &a, nullptr, &e))
    return s;
  return d::mse_axis_pass<In>(kFn, e, x, a, params, mse);
}

}  // namespace

// Each element type of x: float32, float16, bfloat16.
#define QRANGE_AXIS_QUANTIZE(name, Out, Elem)                                                                     \
  qrange_status qrange_quantize_axis_f32_##name(const qrange_context* ctx, const float* x,                        \
                                                const qrange_layout* layout, const qrange_params* params,         \
                                                size_t count, Elem* q) {                                          \
    return quantize<k::F32, Out>("qrange_quantize_axis_f32_" #name, #name, ctx, x, layout, params, count, q);     \
  }                                                                                                               \
  qrange_status qrange_quantize_axis_f16_##name(const qrange_context* ctx, const uint16_t* x,                     \
                                                const qrange_layout* layout, const qrange_params* params,         \
                                                size_t count, Elem* q) {                                          \
    return quantize<k::F16, Out>("qrange_quantize_axis_f16_" #name, #name, ctx, x, layout, params, count, q);     \
  }                                                                                                               \
  qrange_status qrange_quantize_axis_bf16_##name(const qrange_context* ctx, const uint16_t* x,                    \
                                                 const qrange_layout* layout, const qrange_params* params,        \
                                                 size_t count, Elem* q) {                                         \
    return quantize<k::BF16, Out>("qrange_quantize_axis_bf16_" #name, #name, ctx, x, layout, params, count, q);   \
  }                                                                                                               \
  qrange_status qrange_dequantize_axis_##name##_f32(const qrange_context* ctx, const Elem* q,                     \
                                                    const qrange_layout* layout, const qrange_params* params,     \
                                                    size_t count, float* x) {                                     \
    return dequantize<k::F32, Out>("qrange_dequantize_axis_" #name "_f32", #name, ctx, q, layout, params, count,  \
                                   x);                                                                            \
  }                                                                                                               \
  qrange_status qrange_dequantize_axis_##name##_f16(const qrange_context* ctx, const Elem* q,                     \
                                                    const qrange_layout* layout, const qrange_params* params,     \
                                                    size_t count, uint16_t* x) {                                  \
    return dequantize<k::F16, Out>("qrange_dequantize_axis_" #name "_f16", #name, ctx, q, layout, params, count,  \
                                   x);                                                                            \
  }                                                                                                               \
  qrange_status qrange_dequantize_axis_##name##_bf16(const qrange_context* ctx, const Elem* q,                    \
                                                     const qrange_layout* layout, const qrange_params* params,    \
                                                     size_t count, uint16_t* x) {                                 \
    return dequantize<k::BF16, Out>("qrange_dequantize_axis_" #name "_bf16", #name, ctx, q, layout, params,       \
                                    count, x);                                                                    \
  }

extern "C" {

QRANGE_AXIS_QUANTIZE(u8, std::uint8_t, uint8_t)
QRANGE_AXIS_QUANTIZE(i8, std::int8_t, int8_t)
QRANGE_AXIS_QUANTIZE(u16, std::uint16_t, uint16_t)
QRANGE_AXIS_QUANTIZE(i16, std::int16_t, int16_t)
QRANGE_AXIS_QUANTIZE(u4, U4, uint8_t)
QRANGE_AXIS_QUANTIZE(i4, I4, uint8_t)

qrange_status qrange_quantization_mse_axis_f32(const qrange_context* ctx, const float* x, const qrange_layout* layout,
                                               const qrange_params* params, size_t count, double* mse) {
  return mse_axis<k::F32>("qrange_quantization_mse_axis_f32", ctx, x, layout, params, count, mse);
}
qrange_status qrange_quantization_mse_axis_f16(const qrange_context* ctx, const uint16_t* x,
                                               const qrange_layout* layout, const qrange_params* params, size_t count,
                                               double* mse) {
  return mse_axis<k::F16>("qrange_quantization_mse_axis_f16", ctx, x, layout, params, count, mse);
}
qrange_status qrange_quantization_mse_axis_bf16(const qrange_context* ctx, const uint16_t* x,
                                                const qrange_layout* layout, const qrange_params* params,
                                                size_t count, double* mse) {
  return mse_axis<k::BF16>("qrange_quantization_mse_axis_bf16", ctx, x, layout, params, count, mse);
}

}  // extern "C"
