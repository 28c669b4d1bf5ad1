// Per-axis and blocked quantize, dequantize and error, written once for every
// SIMD target; they give the bits of kernels/scalar/axis.cpp.
//
// Each vector takes its parameters from a ParamStream: loaded when every
// element has its own (run 1), broadcast when the vector lies inside one run,
// gathered lane by lane where a run boundary cuts it. Long runs go to the
// per-tensor kernels, whose reciprocal fast path then applies. Everything
// after the division is exact, as in kernels/simd/quantize.hpp: the quotient
// is clamped to qmin - zp and qmax - zp, which the API keeps within the
// output type and so exact in float.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels/element.hpp"
#include "kernels/kernel_table.hpp"
#include "kernels/simd/convert.hpp"
#include "kernels/simd/dequantize.hpp"
#include "kernels/simd/minmax.hpp"
#include "kernels/simd/mse.hpp"
#include "kernels/simd/prefetch.hpp"
#include "kernels/simd/quantize.hpp"
#include "kernels/simd/quantize_io.hpp"

namespace qrange::kernels::simd {
namespace {

// From this run length on, each run goes to the per-tensor kernel.
constexpr std::size_t kLongRun = 256;

template <class Arch>
struct LaneParams {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  F scale, lo, hi;
  I zero_point;
};

// The parameters of lanes [j, j + W) of an axis kernel's input, for
// non-decreasing multiples j of W; lanes at n and past it repeat element
// n - 1's.
template <class Arch>
class ParamStream {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  static constexpr std::size_t W = F::size;

 public:
  ParamStream(const AxisParams& p, std::size_t n, std::size_t run, std::size_t phase)
      : p_(p), n_(n), run_(run), phase_(phase), end_(run - phase) {}

  LaneParams<Arch> at(std::size_t j) {
    if (run_ == 1) return j + W <= n_ ? load(phase_ + j) : gather(j);
    while (j >= end_) {
      ++index_;
      end_ += run_;
    }
    if (j + W > end_ || j + W > n_) return gather(j);
    if (index_ != cached_index_) {
      const qrange_params one = p_.sets[index_];
      cached_ = make(F(one.scale), I(one.zero_point), I(one.qmin), I(one.qmax));
      cached_index_ = index_;
    }
    return cached_;
  }

 private:
  static LaneParams<Arch> make(const F& scale, const I& zp, const I& qmin, const I& qmax) {
    return {scale, xsimd::batch_cast<float>(qmin - zp), xsimd::batch_cast<float>(qmax - zp), zp};
  }
  LaneParams<Arch> load(std::size_t k) const {
    return make(F::load_unaligned(p_.scale + k), I::load_unaligned(p_.zero_point + k),
                I::load_unaligned(p_.qmin + k), I::load_unaligned(p_.qmax + k));
  }
  LaneParams<Arch> gather(std::size_t j) const {
    alignas(64) float scale[W];
    alignas(64) std::int32_t zp[W], qmin[W], qmax[W];
    for (std::size_t l = 0; l < W; ++l) {
      const std::size_t e = j + l < n_ ? j + l : n_ - 1;
      const qrange_params one = p_.sets[(phase_ + e) / run_];
      scale[l] = one.scale;
      zp[l] = one.zero_point;
      qmin[l] = one.qmin;
      qmax[l] = one.qmax;
    }
    return make(F::load_aligned(scale), I::load_aligned(zp), I::load_aligned(qmin), I::load_aligned(qmax));
  }

  AxisParams p_;
  std::size_t n_, run_, phase_;
  std::size_t index_ = 0;  // the run of element end_ - 1
  std::size_t end_;        // where run index_ ends
  std::size_t cached_index_ = SIZE_MAX;
  LaneParams<Arch> cached_{};
};

// Calls whole(begin, length, params) for each run of x[0, n) when runs are
// long enough for the per-tensor kernels, or the whole input lies in one;
// returns false otherwise.
template <class Whole>
bool by_long_runs(std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase, const Whole& whole) {
  if (phase + n <= run) {
    whole(0, n, p.sets[0]);
    return true;
  }
  if (run < kLongRun) return false;
  std::size_t begin = 0, index = 0, len = run - phase;
  while (begin < n) {
    if (len > n - begin) len = n - begin;
    whole(begin, len, p.sets[index++]);
    begin += len;
    len = run;
  }
  return true;
}

// The quotient of x by its lane's scale, clamped to its grid, plus the zero
// point: QuantizeStepExactBounds with per-lane parameters.
template <class Arch>
xsimd::batch<std::int32_t, Arch> quantize_lanes(const xsimd::batch<float, Arch>& x, const LaneParams<Arch>& lp) {
  using F = xsimd::batch<float, Arch>;
  const F t = divide(xsimd::select(x == x, x, F(0.0f)), lp.scale);
  return xsimd::nearbyint_as_int(xsimd::min(xsimd::max(t, lp.lo), lp.hi)) + lp.zero_point;
}

// Runs of whole vectors (4-bit blocks of 32 and 64): each vector lies in one
// run, whose parameters are broadcast once and kept in registers while the
// run lasts. The ParamStream's bookkeeping per vector would cost more than
// the division.
template <class Arch, class In, class T, Tuning kT>
void quantize_vector_runs(const elem_t<In>* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                          T* q) {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t W = F::size, kBlock = 4 * W;
  const std::size_t per_run = run / W;
  // Vectors left in the current run, and the start of the next run.
  std::size_t left = per_run - phase / W, next_start = run - phase;
  std::size_t g = 0;
  F scale, lo, hi;
  I zp;
  const auto load = [&]() __attribute__((always_inline)) {
    const qrange_params& one = p.sets[g];
    zp = I(one.zero_point);
    scale = F(one.scale);
    lo = xsimd::batch_cast<float>(I(one.qmin) - zp);
    hi = xsimd::batch_cast<float>(I(one.qmax) - zp);
  };
  load();
  // One vector; then the next run's parameters if this run ends and another
  // follows within n.
  const auto one = [&](const F& xv) __attribute__((always_inline)) {
    const F t = divide(xsimd::select(xv == xv, xv, F(0.0f)), scale);
    const I k = xsimd::nearbyint_as_int(xsimd::min(xsimd::max(t, lo), hi)) + zp;
    if (--left == 0 && next_start < n) {
      ++g;
      load();
      left = per_run;
      next_start += run;
    }
    return k;
  };
  const StreamPrefetch<kT> prefetch;
  std::size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    prefetch.ahead(x, i, kBlock, n);
    const I k0 = one(load_float<In, Arch>(x + i));
    const I k1 = one(load_float<In, Arch>(x + i + W));
    const I k2 = one(load_float<In, Arch>(x + i + 2 * W));
    const I k3 = one(load_float<In, Arch>(x + i + 3 * W));
    narrow_store(q + i, k0, k1, k2, k3);
  }
  if (i == n) return;
  // The tail, padded; its vectors past n repeat the last one.
  elem_t<In> in[kBlock] = {};
  T out[kBlock];
  std::memcpy(in, x + i, (n - i) * sizeof(elem_t<In>));
  I k[4];
  for (std::size_t v = 0; v < 4; ++v) k[v] = i + v * W < n ? one(load_float<In, Arch>(in + v * W)) : k[v - 1];
  narrow_store(out, k[0], k[1], k[2], k[3]);
  std::memcpy(q + i, out, (n - i) * sizeof(T));
}

template <class Arch, class In, class T, Tuning kT>
void quantize_axis(const elem_t<In>* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                   T* q) {
  using I = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t W = I::size, kBlock = 4 * W;
  if (by_long_runs(n, p, run, phase, [&](std::size_t b, std::size_t len, const qrange_params& one) {
        quantize<Arch, In, T, kT>(x + b, len, one, q + b);
      }))
    return;
  if (run % W == 0 && phase % W == 0) return quantize_vector_runs<Arch, In, T, kT>(x, n, p, run, phase, q);
  ParamStream<Arch> params(p, n, run, phase);
  const auto block = [&](const elem_t<In>* in, std::size_t i, T* out) {
    I k[4];
    for (std::size_t v = 0; v < 4; ++v)
      k[v] = quantize_lanes(load_float<In, Arch>(in + v * W), params.at(i + v * W));
    narrow_store(out, k[0], k[1], k[2], k[3]);
  };
  const StreamPrefetch<kT> prefetch;
  std::size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    prefetch.ahead(x, i, kBlock, n);
    block(x + i, i, q + i);
  }
  if (i == n) return;
  elem_t<In> in[kBlock] = {};
  T out[kBlock];
  std::memcpy(in, x + i, (n - i) * sizeof(elem_t<In>));
  block(in, i, out);
  std::memcpy(q + i, out, (n - i) * sizeof(T));
}

template <class Arch, class T, class Out, Tuning kT>
void dequantize_axis(const T* q, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                     elem_t<Out>* x) {
  using F = xsimd::batch<float, Arch>;
  constexpr std::size_t W = F::size, kBlock = 4 * W;
  if (by_long_runs(n, p, run, phase, [&](std::size_t b, std::size_t len, const qrange_params& one) {
        dequantize<Arch, T, Out, kT>(q + b, len, one, x + b);
      }))
    return;
  ParamStream<Arch> params(p, n, run, phase);
  const auto block = [&](const T* in, std::size_t i, elem_t<Out>* out) {
    F v[4];
    for (std::size_t k = 0; k < 4; ++k) {
      const LaneParams<Arch> lp = params.at(i + k * W);
      v[k] = xsimd::batch_cast<float>(widen_load(in + k * W, Arch{}) - lp.zero_point) * lp.scale;
    }
    store_floats<Out, Arch>(out, v[0], v[1], v[2], v[3]);
  };
  std::size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) block(q + i, i, x + i);
  if (i == n) return;
  T in[kBlock] = {};
  elem_t<Out> out[kBlock];
  std::memcpy(in, q + i, (n - i) * sizeof(T));
  block(in, i, out);
  std::memcpy(x + i, out, (n - i) * sizeof(elem_t<Out>));
}

// The slow path of kernels/simd/mse.hpp with per-lane parameters; one set for
// the whole input goes to that kernel, whose lanes are the same.
template <class Arch, class In, Tuning kT>
MseSum mse_axis(const elem_t<In>* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase) {
  using F = xsimd::batch<float, Arch>;
  using D = xsimd::batch<double, Arch>;
  constexpr std::size_t W = F::size;
  constexpr std::size_t kAcc = kMseLanes / (W / 2);
  constexpr std::size_t kStep = 64;
  static_assert(kStep % kMseLanes == 0 && kMseLanes % W == 0, "lane i % 16 must stay in place");
  if (phase + n <= run) return mse<Arch, In, kT>(x, n, p.sets[0]);
  ParamStream<Arch> params(p, n, run, phase);
  const F zero(0.0f), inf(INFINITY);
  D acc[kAcc];
  for (D& a : acc) a = D(0.0);
  std::uint64_t count = 0;
  const auto step = [&](const elem_t<In>* in, std::size_t i) {
    xsimd::batch_bool<float, Arch> all_finite(true);
    for (std::size_t v = 0; v < kStep / W; ++v) {
      const LaneParams<Arch> lp = params.at(i + v * W);
      const F xv = load_float<In, Arch>(in + v * W);
      const auto finite = xsimd::abs(xv) < inf;
      all_finite = all_finite & finite;
      const F x0 = xsimd::select(finite, xv, zero);
      const F deq =
          xsimd::select(finite, round_even(xsimd::min(xsimd::max(divide(x0, lp.scale), lp.lo), lp.hi)) * lp.scale,
                        zero);
      const D d_lo = low_to_double(x0) - low_to_double(deq), d_hi = high_to_double(x0) - high_to_double(deq);
      D& a_lo = acc[(2 * v) % kAcc];
      D& a_hi = acc[(2 * v + 1) % kAcc];
      a_lo = a_lo + d_lo * d_lo;
      a_hi = a_hi + d_hi * d_hi;
    }
    if (xsimd::all(all_finite)) {
      count += kStep;
    } else {
      for (std::size_t k = 0; k < kStep; ++k) count += std::isfinite(to_float<In>(in[k]));
    }
  };
  // A padding NaN contributes +0.0 to its lane and is not counted.
  for_each_block<kStep, kT>(
      n, from_float<In>(NAN), [&](const elem_t<In>* in) { step(in, static_cast<std::size_t>(in - x)); }, step, x);
  alignas(64) double lanes[kMseLanes];
  for (std::size_t a = 0; a < kAcc; ++a) acc[a].store_aligned(lanes + a * (W / 2));
  return {scalar::mse_fold(lanes), count};
}

// Pairs of bytes as 16-bit lanes (little-endian: the first byte low), each
// folded to one byte: the first's low nibble, then the second's.
template <class Arch>
void pack_nibbles(const std::uint8_t* in, std::size_t n, std::uint8_t* out) {
  using B = xsimd::batch<std::uint8_t, Arch>;
  using U = xsimd::batch<std::uint16_t, Arch>;
  constexpr std::size_t W = U::size;
  std::size_t k = 0;
  for (; 2 * (k + W) <= n; k += W) {
    const U v = xsimd::bitwise_cast<U>(B::load_unaligned(in + 2 * k));
    store_low_bytes(out + k, (v & U(0x0f)) | ((v >> 4) & U(0xf0)));
  }
  scalar::pack_nibbles(in + 2 * k, n - 2 * k, out + k);
}

// Eight rows at a time, so that the running min and max are loaded and
// stored once per eight vectors of input. As in kernels/simd/minmax.hpp,
// plain min and max first while the largest exponent field is tracked; a
// column vector that met a NaN or an infinity is redone with them replaced
// by the identity of each side.
template <class Arch, class In, std::size_t kRows>
void minmax_column_rows(const elem_t<In>* x, std::size_t rows, std::size_t cols, std::size_t stride, float* lo,
                        float* hi) {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t W = F::size;
  const F inf(INFINITY), ninf(-INFINITY);
  const I exp_mask(0x7f800000);
  const std::size_t count = kRows != 0 ? kRows : rows;
  const std::size_t vec_cols = cols - cols % W;
  for (std::size_t j = 0; j < vec_cols; j += W) {
    const F l0 = F::load_unaligned(lo + j), h0 = F::load_unaligned(hi + j);
    F l = l0, h = h0;
    I e(0);
    for (std::size_t k = 0; k < count; ++k) {
      F v = load_float<In, Arch>(x + k * stride + j);
      pin(v);
      l = xsimd::min(l, v);
      h = xsimd::max(h, v);
      e = xsimd::max(e, xsimd::bitwise_cast<I>(v) & exp_mask);
    }
    if (xsimd::any(e == exp_mask)) {
      l = l0, h = h0;
      for (std::size_t k = 0; k < count; ++k) {
        const F v = load_float<In, Arch>(x + k * stride + j);
        const auto finite = xsimd::abs(v) < inf;
        l = xsimd::min(l, xsimd::select(finite, v, inf));
        h = xsimd::max(h, xsimd::select(finite, v, ninf));
      }
    }
    l.store_unaligned(lo + j);
    h.store_unaligned(hi + j);
  }
  if (vec_cols < cols)
    scalar::minmax_columns<In>(x + vec_cols, count, cols - vec_cols, stride, lo + vec_cols, hi + vec_cols);
}

template <class Arch, class In>
void minmax_columns(const elem_t<In>* x, std::size_t rows, std::size_t cols, std::size_t stride, float* lo,
                    float* hi) {
  std::size_t r = 0;
  for (; r + 8 <= rows; r += 8) minmax_column_rows<Arch, In, 8>(x + r * stride, 8, cols, stride, lo, hi);
  if (r < rows) minmax_column_rows<Arch, In, 0>(x + r * stride, rows - r, cols, stride, lo, hi);
}

}  // namespace
}  // namespace qrange::kernels::simd
