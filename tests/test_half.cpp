// float16 and bfloat16: the reference conversions against their definitions,
// every one of the 65,536 bit patterns through the kernels of every ISA
// against the float32 kernels on the widened values, and every entry point
// on random tensors with non-finite values against the float32 call on the
// widened tensor, on every ISA and thread count.
#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

#include "harness.hpp"
#include "kernels/element.hpp"

namespace k = qrange::kernels;
using namespace qrange::test;

namespace {

template <class In>
std::vector<float> widened(const std::vector<std::uint16_t>& x) {
  std::vector<float> f(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) f[i] = k::to_float<In>(x[i]);
  return f;
}

// Every bit pattern in order, then the same shuffled, so that NaNs and
// infinities also fall in blocks of ordinary values.
std::vector<std::uint16_t> every_pattern() {
  std::vector<std::uint16_t> x(2 * 65536);
  for (std::uint32_t i = 0; i < 65536; ++i) x[i] = x[65536 + i] = static_cast<std::uint16_t>(i);
  std::shuffle(x.begin() + 65536, x.end(), std::mt19937_64(22));
  return x;
}

// The value a float16 pattern stands for, from the definition.
double f16_value(std::uint16_t h) {
  const int e = (h >> 10) & 0x1f, m = h & 0x3ff;
  const double v = e == 0 ? std::ldexp(m, -24) : std::ldexp(1024 + m, e - 25);
  return (h & 0x8000) ? -v : v;
}

// The magnitude of pattern m (sign cleared) on its type's grid, with the
// infinity at the place the next binade would start, as IEEE rounding
// treats it.
double grid_value(bool bf16, std::uint16_t m) {
  if (bf16) return m == 0x7f80 ? std::ldexp(1.0, 128) : static_cast<double>(k::widen_bf16(m));
  return m == 0x7c00 ? 65536.0 : f16_value(m);
}

// Whether h is f rounded to nearest, ties to even, on the grid (NaN to a
// quiet NaN). Plain bools, not doctest checks: millions of values.
bool rounds_right(bool bf16, float f, std::uint16_t h) {
  const std::uint16_t inf = bf16 ? 0x7f80 : 0x7c00, quiet = bf16 ? 0x0040 : 0x0200;
  const std::uint16_t m = h & 0x7fff;
  if (std::isnan(f)) return m > inf && (h & quiet) != 0;
  if (((h & 0x8000) != 0) != std::signbit(f) || m > inf) return false;
  const double a = std::fabs(static_cast<double>(f)), v = grid_value(bf16, m);
  if (m == inf && a >= v) return true;  // beyond the largest finite value's rounding interval
  if (v > a) {
    if (m == 0) return false;
    const double below = grid_value(bf16, static_cast<std::uint16_t>(m - 1));
    return below < a && (a - below > v - a || (a - below == v - a && (m & 1) == 0));
  }
  if (v < a) {
    const double above = grid_value(bf16, static_cast<std::uint16_t>(m + 1));
    return above > a && (above - a > a - v || (above - a == a - v && (m & 1) == 0));
  }
  return true;
}

// Floats around every rounding boundary of both grids: for each sign and
// exponent, mantissas at and next to the multiples and half-multiples of
// the grid's step there (ties included), evenly spread.
std::vector<float> rounding_samples() {
  std::vector<float> out;
  for (std::uint32_t sign : {0u, 1u})
    for (std::uint32_t e = 0; e < 256; ++e)
      for (std::uint32_t shift : {13u, 16u, 126u - std::min(e, 126u)}) {
        const std::uint32_t s = std::min(shift, 23u);
        const std::uint32_t steps = 1u << (23 - s), stride = std::max(1u, steps / 512);
        const std::uint32_t unit = 1u << s, half = unit >> 1;
        for (std::uint32_t j = 0; j < steps; j += stride)
          for (std::uint32_t low : {0u, 1u, half - 1, half, half + 1, unit - 1}) {
            const std::uint32_t mant = (j * unit + low) & 0x7fffffu;
            out.push_back(from_bits((sign << 31) | (e << 23) | mant));
          }
      }
  return out;
}

}  // namespace

TEST_CASE("half: the reference widening is exact") {
  std::size_t wrong = 0;
  for (std::uint32_t i = 0; i < 65536; ++i) {
    const auto h = static_cast<std::uint16_t>(i);
    const float f = k::widen_f16(h);
    const bool right =
        ((h >> 10) & 0x1f) == 0x1f  // Inf and NaN, the fraction kept
            ? bits(f) == ((std::uint32_t{h & 0x8000u} << 16) | 0x7f800000u | (std::uint32_t{h & 0x3ffu} << 13))
            : static_cast<double>(f) == f16_value(h) && std::signbit(f) == ((h & 0x8000) != 0);
    if (!right && wrong++ == 0) FAIL_CHECK("float16 " << i);
    if (bits(k::widen_bf16(h)) != std::uint32_t{h} << 16 && wrong++ == 0) FAIL_CHECK("bfloat16 " << i);
  }
  CHECK(wrong == 0);
}

TEST_CASE("half: the reference narrowing rounds to nearest even, overflowing to infinity") {
  const std::vector<float> samples = rounding_samples();
  std::size_t wrong_f16 = 0, wrong_bf16 = 0;
  for (float f : samples) {
    if (!rounds_right(false, f, k::narrow_f16(f)) && wrong_f16++ == 0) FAIL_CHECK("float16 of " << bits(f));
    if (!rounds_right(true, f, k::narrow_bf16(f)) && wrong_bf16++ == 0) FAIL_CHECK("bfloat16 of " << bits(f));
  }
  CHECK(samples.size() > 1000000);
  CHECK(wrong_f16 == 0);
  CHECK(wrong_bf16 == 0);
  // Every pattern round-trips.
  std::size_t changed = 0;
  for (std::uint32_t i = 0; i < 65536; ++i) {
    const auto h = static_cast<std::uint16_t>(i);
    changed += !std::isnan(k::widen_f16(h)) && k::narrow_f16(k::widen_f16(h)) != h;
    changed += !std::isnan(k::widen_bf16(h)) && k::narrow_bf16(k::widen_bf16(h)) != h;
  }
  CHECK(changed == 0);
  CHECK(k::narrow_f16(65519.996f) == 0x7bff);
  CHECK(k::narrow_f16(65520.0f) == 0x7c00);
  CHECK(k::narrow_f16(-0x1p-25f) == 0x8000);
  CHECK(k::narrow_f16(0x1.000002p-25f) == 0x0001);
  CHECK(k::narrow_bf16(3.4028235e38f) == 0x7f80);
}

namespace {

bool same(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

const qrange_params kPerTensorParams[] = {
    {1e-4f, 0, 0, 0}, {0.0078125f, 0, 0, 0}, {0.37f, 0, 0, 0}, {1.0f, 0, 0, 0}, {3.7f, 0, 0, 0}, {600.0f, 0, 0, 0}};

// kPerTensorParams on T's whole grid, the zero point in its middle or at 0.
template <class T>
std::vector<qrange_params> params_for(bool zero_in_middle) {
  std::vector<qrange_params> out;
  for (qrange_params p : kPerTensorParams) {
    p.qmin = std::numeric_limits<T>::min();
    p.qmax = std::numeric_limits<T>::max();
    p.zero_point = zero_in_middle ? (p.qmin + p.qmax) / 2 : 0;
    out.push_back(p);
  }
  return out;
}

// 2^20 values, every pattern 16 times in a shuffled order: enough that
// quantize checks the 65536 patterns once instead of each value
// (kernels/simd/quantize.hpp, unchecked_is_exact) for any parameters.
const std::vector<std::uint16_t>& many_patterns() {
  static const std::vector<std::uint16_t> x = [] {
    std::vector<std::uint16_t> v(16 * 65536);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::uint16_t>(i);
    std::shuffle(v.begin(), v.end(), std::mt19937_64(16));
    return v;
  }();
  return x;
}

// For many_patterns: kPerTensorParams with the zero point in the middle, and
// scales where the unchecked product passes (the benchmark's) or fails the
// check for some float16 (132.375 / 0x1.1df984p+0 is near 118.5) or bfloat16
// pattern (58.25 / 0x1.f3257ep-2 is near 119.5), with each side of the grid
// clamped in float or left to the saturating narrow.
template <class T>
std::vector<qrange_params> params_for_many() {
  std::vector<qrange_params> out = params_for<T>(true);
  const std::int32_t lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  for (float scale : {1050.0f / 255.0f, 0x1.1df984p+0f, 0x1.f3257ep-2f}) {
    out.push_back({scale, (lo + hi) / 2, lo, hi});
    out.push_back({scale, 12, lo, hi});
    out.push_back({scale, -5, lo, hi});
    out.push_back({scale, 3, lo + 1, hi - 1});
  }
  return out;
}

template <class In, class T>
void check_quantize_kernels(const k::KernelTable& t, const std::vector<std::uint16_t>& x, const std::vector<float>& xf,
                            k::quantize_fn<In, T> k::InputKernels<In>::*half,
                            k::quantize_fn<k::F32, T> k::InputKernels<k::F32>::*single) {
  const auto same_as_float32 = [&](const std::vector<std::uint16_t>& h, const std::vector<float>& f,
                                   const qrange_params& p) {
    std::vector<T> want(h.size()), got(h.size());
    (reference().in_f32.*single)(f.data(), f.size(), p, want.data());
    (t.in<In>().*half)(h.data(), h.size(), p, got.data());
    return want == got;
  };
  for (bool middle : {false, true})
    for (const qrange_params& p : params_for<T>(middle)) {
      CAPTURE(p.scale);
      CAPTURE(p.zero_point);
      CHECK(same_as_float32(x, xf, p));
      // MSE on the same grid, from every offset of a block.
      for (std::size_t off : {std::size_t{0}, std::size_t{3}, std::size_t{65536}}) {
        const std::size_t n = std::min(k::kMseBlock, x.size() - off);
        const k::MseSum w = reference().in_f32.mse(xf.data() + off, n, p);
        const k::MseSum g = t.in<In>().mse(x.data() + off, n, p);
        CHECK(same(w.sum, g.sum));
        CHECK(w.count == g.count);
      }
    }
  const std::vector<std::uint16_t>& many = many_patterns();
  const std::vector<float> many_f = widened<In>(many);
  for (const qrange_params& p : params_for_many<T>()) {
    CAPTURE(p.scale);
    CAPTURE(p.zero_point);
    CAPTURE(p.qmin);
    CHECK(same_as_float32(many, many_f, p));
  }
}

template <class In>
void check_input_kernels(const k::KernelTable& t) {
  CAPTURE(t.isa);
  const std::vector<std::uint16_t> x = every_pattern();
  const std::vector<float> xf = widened<In>(x);
  const k::InputKernels<In>& h = t.in<In>();
  const k::InputKernels<k::F32>& f = reference().in_f32;
  for (std::size_t off : {std::size_t{0}, std::size_t{1}, std::size_t{65536}, std::size_t{65541}})
    for (std::size_t n : {std::size_t{0}, std::size_t{7}, std::size_t{64}, std::size_t{1000}, x.size() - off}) {
      const k::MinMax w = f.minmax(xf.data() + off, n), g = h.minmax(x.data() + off, n);
      CHECK(bits(w.min) == bits(g.min));
      CHECK(bits(w.max) == bits(g.max));
      CHECK(w.nonfinite == g.nonfinite);
    }
  for (qrange_range r : {qrange_range{-65504.0f, 65504.0f}, qrange_range{-3.0f, 5.0f}})
    for (std::uint32_t bins : {1u, 100u, 2048u}) {
      const k::HistogramSpec spec = {r.min, r.max,
                                     static_cast<float>(bins / (static_cast<double>(r.max) - r.min)), bins};
      std::vector<std::uint64_t> want(bins + k::kHistogramSlots), got(bins + k::kHistogramSlots);
      f.histogram(xf.data(), xf.size(), spec, want.data());
      h.histogram(x.data(), x.size(), spec, got.data());
      CHECK(want == got);
    }
  {
    const k::Interval a{-2.0f, -1.0f}, b{100.0f, 200.0f};
    std::vector<float> wa(x.size()), wb(x.size()), ga(x.size()), gb(x.size());
    const k::GatherCounts w = f.gather(xf.data(), xf.size(), {a, wa.data(), wa.size()}, {b, wb.data(), wb.size()});
    const k::GatherCounts g = h.gather(x.data(), x.size(), {a, ga.data(), ga.size()}, {b, gb.data(), gb.size()});
    CHECK(w.first == g.first);
    CHECK(w.second == g.second);
    CHECK(w.complete == g.complete);
    CHECK(wa == ga);
    CHECK(wb == gb);
  }
  {
    std::vector<k::MinMax> want(256), got(256);
    f.minmax_rows(xf.data(), 256, 250, 256, want.data());
    h.minmax_rows(x.data(), 256, 250, 256, got.data());
    for (std::size_t r = 0; r < 256; ++r) CHECK(std::memcmp(&want[r], &got[r], sizeof(k::MinMax)) == 0);
    std::vector<float> lo0(250, INFINITY), hi0(250, -INFINITY), lo1(lo0), hi1(hi0);
    f.minmax_columns(xf.data(), 256, 250, 256, lo0.data(), hi0.data());
    h.minmax_columns(x.data(), 256, 250, 256, lo1.data(), hi1.data());
    for (std::size_t j = 0; j < 250; ++j) {
      // The columns kernel may leave a zero of either sign (kernel_table.hpp).
      CHECK((lo0[j] == lo1[j] || (std::isnan(lo0[j]) && std::isnan(lo1[j]))));
      CHECK((hi0[j] == hi1[j] || (std::isnan(hi0[j]) && std::isnan(hi1[j]))));
    }
  }
  check_quantize_kernels<In, std::uint8_t>(t, x, xf, &k::InputKernels<In>::quantize_u8,
                                           &k::InputKernels<k::F32>::quantize_u8);
  check_quantize_kernels<In, std::int8_t>(t, x, xf, &k::InputKernels<In>::quantize_i8,
                                          &k::InputKernels<k::F32>::quantize_i8);
  check_quantize_kernels<In, std::uint16_t>(t, x, xf, &k::InputKernels<In>::quantize_u16,
                                            &k::InputKernels<k::F32>::quantize_u16);
  check_quantize_kernels<In, std::int16_t>(t, x, xf, &k::InputKernels<In>::quantize_i16,
                                           &k::InputKernels<k::F32>::quantize_i16);
}

// Every value of T (twice, the second time shuffled), dequantized to Out
// with scales that reach the subnormals and the overflow of both types.
template <class Out, class T>
void check_dequantize_kernel(const k::KernelTable& t, k::dequantize_fn<T, Out> k::OutputKernels<Out>::*half,
                             k::dequantize_fn<T, k::F32> k::OutputKernels<k::F32>::*single) {
  constexpr std::size_t values = std::size_t{1} << (8 * sizeof(T));
  std::vector<T> q(2 * values);
  for (std::size_t i = 0; i < values; ++i) q[i] = q[values + i] = static_cast<T>(i);
  std::shuffle(q.begin() + values, q.end(), std::mt19937_64(5));
  for (float scale : {6e-8f, 1e-5f, 0.37f, 1.0f, 300.0f, 3e33f, 1e34f})
    for (std::int32_t zp : {0, 3}) {
      CAPTURE(scale);
      const qrange_params p{scale, zp, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()};
      for (std::size_t n : {std::size_t{0}, std::size_t{5}, std::size_t{63}, q.size()}) {
        std::vector<float> f(n);
        std::vector<std::uint16_t> got(n + 1, 0xdead);
        (reference().out_f32.*single)(q.data(), n, p, f.data());
        (t.out<Out>().*half)(q.data(), n, p, got.data());
        bool rounded = true;
        for (std::size_t i = 0; i < n; ++i) rounded = rounded && got[i] == k::from_float<Out>(f[i]);
        CHECK(rounded);
        CHECK(got[n] == 0xdead);
      }
    }
}

template <class Out>
void check_output_kernels(const k::KernelTable& t) {
  CAPTURE(t.isa);
  using OK = k::OutputKernels<Out>;
  using FK = k::OutputKernels<k::F32>;
  check_dequantize_kernel<Out, std::uint8_t>(t, &OK::dequantize_u8, &FK::dequantize_u8);
  check_dequantize_kernel<Out, std::int8_t>(t, &OK::dequantize_i8, &FK::dequantize_i8);
  check_dequantize_kernel<Out, std::uint16_t>(t, &OK::dequantize_u16, &FK::dequantize_u16);
  check_dequantize_kernel<Out, std::int16_t>(t, &OK::dequantize_i16, &FK::dequantize_i16);
}

// The reference's 16-bit kernels first (they must equal its float32 ones on
// the widened values), then every ISA's.
template <class Check>
void on_reference_and_every_isa(const Check& check) {
  check(reference());
  for_each_isa([&](const k::KernelTable& t) { check(t); });
}

}  // namespace

TEST_CASE("half kernels: every float16 pattern, every ISA, as float32 on the widened values") {
  on_reference_and_every_isa([](const k::KernelTable& t) { check_input_kernels<k::F16>(t); });
}
TEST_CASE("half kernels: every bfloat16 pattern, every ISA, as float32 on the widened values") {
  on_reference_and_every_isa([](const k::KernelTable& t) { check_input_kernels<k::BF16>(t); });
}
TEST_CASE("half kernels: dequantize to float16 and bfloat16 rounds the float32 result, every ISA") {
  on_reference_and_every_isa([](const k::KernelTable& t) {
    check_output_kernels<k::F16>(t);
    check_output_kernels<k::BF16>(t);
  });
}

namespace {

template <class H>
using kernel_type = std::conditional_t<std::is_same_v<H, qrange::float16>, k::F16, k::BF16>;

// n random values of H: normal with a few large ones, NaN, +-Inf, +-0 and
// the subnormals of each type mixed in.
template <class H>
std::vector<H> random_tensor(std::size_t n, std::uint64_t seed) {
  using In = kernel_type<H>;
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.5f, 3.0f);
  std::vector<H> x(n);
  for (H& v : x) {
    const std::uint64_t r = rng() % 1000;
    if (r == 0) v.bits = std::is_same_v<In, k::F16> ? 0x7e00 : 0x7fc1;  // NaN
    else if (r == 1) v.bits = std::is_same_v<In, k::F16> ? 0xfc00 : 0xff80;  // -Inf
    else if (r == 2) v.bits = std::is_same_v<In, k::F16> ? 0x7c00 : 0x7f80;  // +Inf
    else if (r == 3) v.bits = 0x8000;
    else if (r == 4) v.bits = 0x0003;  // a subnormal of either type
    else if (r == 5) v.bits = k::from_float<In>(normal(rng) * 1000.0f);
    else v.bits = k::from_float<In>(normal(rng));
  }
  return x;
}

template <class H>
std::vector<float> widen_tensor(const std::vector<H>& x) {
  std::vector<float> f(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) f[i] = k::to_float<kernel_type<H>>(x[i].bits);
  return f;
}

bool same(const qrange_params& a, const qrange_params& b) { return std::memcmp(&a, &b, sizeof a) == 0; }
bool same(const std::vector<qrange_params>& a, const std::vector<qrange_params>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(qrange_params)) == 0;
}
bool same(qrange_range a, qrange_range b) { return bits(a.min) == bits(b.min) && bits(a.max) == bits(b.max); }

template <class T, class H>
void check_quantize_api(const qrange::context& ctx, const std::vector<H>& x, const std::vector<float>& f,
                        const qrange::axis_view& v, const std::vector<qrange_params>& group_params) {
  using Out = kernel_type<H>;
  qrange_params p{0.05f, 0, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()};
  p.zero_point = (p.qmin + p.qmax) / 2;
  std::vector<T> q1(x.size()), q2(x.size());
  qrange::quantize(ctx, x.data(), x.size(), p, q1.data());
  qrange::quantize(ctx, f.data(), f.size(), p, q2.data());
  CHECK(q1 == q2);
  std::vector<H> d(x.size());
  std::vector<float> df(x.size());
  qrange::dequantize(ctx, q1.data(), q1.size(), p, d.data());
  qrange::dequantize(ctx, q1.data(), q1.size(), p, df.data());
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < d.size(); ++i) wrong += d[i].bits != k::from_float<Out>(df[i]);
  CHECK(wrong == 0);

  std::vector<qrange_params> gp = group_params;
  for (qrange_params& g : gp) {
    g.qmin = std::numeric_limits<T>::min();
    g.qmax = std::numeric_limits<T>::max();
    g.zero_point = std::clamp(g.zero_point, g.qmin, g.qmax);
  }
  qrange::quantize(ctx, x.data(), v, gp, q1.data());
  qrange::quantize(ctx, f.data(), v, gp, q2.data());
  CHECK(q1 == q2);
  qrange::dequantize(ctx, q1.data(), v, gp, d.data());
  qrange::dequantize(ctx, q1.data(), v, gp, df.data());
  wrong = 0;
  for (std::size_t i = 0; i < d.size(); ++i) wrong += d[i].bits != k::from_float<Out>(df[i]);
  CHECK(wrong == 0);
}

template <class H>
void check_int4_api(const qrange::context& ctx, const std::vector<H>& x, const std::vector<float>& f,
                    const qrange::axis_view& v, std::vector<qrange_params> gp, bool is_signed) {
  using Out = kernel_type<H>;
  for (qrange_params& g : gp) {
    g.qmin = is_signed ? -8 : 0;
    g.qmax = is_signed ? 7 : 15;
    g.zero_point = std::clamp(g.zero_point, g.qmin, g.qmax);
  }
  std::vector<std::uint8_t> q1((x.size() + 1) / 2), q2(q1.size());
  std::vector<H> d(x.size());
  std::vector<float> df(x.size());
  if (is_signed) {
    qrange::quantize_i4(ctx, x.data(), v, gp, q1.data());
    qrange::quantize_i4(ctx, f.data(), v, gp, q2.data());
    qrange::dequantize_i4(ctx, q1.data(), v, gp, d.data());
    qrange::dequantize_i4(ctx, q1.data(), v, gp, df.data());
  } else {
    qrange::quantize_u4(ctx, x.data(), v, gp, q1.data());
    qrange::quantize_u4(ctx, f.data(), v, gp, q2.data());
    qrange::dequantize_u4(ctx, q1.data(), v, gp, d.data());
    qrange::dequantize_u4(ctx, q1.data(), v, gp, df.data());
  }
  CHECK(q1 == q2);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < d.size(); ++i) wrong += d[i].bits != k::from_float<Out>(df[i]);
  CHECK(wrong == 0);
}

template <class H>
void check_every_entry_point(const char* isa, int threads) {
  CAPTURE(isa);
  CAPTURE(threads);
  const qrange::context ctx = qrange::make_context(threads, isa);
  const std::size_t rows = 97, cols = 1031;  // 100,007 values: the percentile tails need 2^16
  const std::vector<H> x = random_tensor<H>(rows * cols, 7);
  const std::vector<float> f = widen_tensor(x);
  const std::size_t n = x.size();

  const qrange::minmax_result m1 = qrange::minmax(ctx, x.data(), n), m2 = qrange::minmax(ctx, f.data(), n);
  CHECK(same(m1.r, m2.r));
  CHECK(m1.nonfinite == m2.nonfinite);
  for (qrange_range r : {m1.r, qrange_range{-1.0f, 2.0f}}) {
    const qrange::histogram_result h1 = qrange::histogram(ctx, x.data(), n, r, 300);
    const qrange::histogram_result h2 = qrange::histogram(ctx, f.data(), n, r, 300);
    CHECK(h1.counts == h2.counts);
    CHECK(h1.below == h2.below);
    CHECK(h1.above == h2.above);
  }
  for (double pct : {99.9, 60.0})
    for (auto mode : {qrange::percentile_mode::approximate, qrange::percentile_mode::exact}) {
      CAPTURE(pct);
      CHECK(same(qrange::percentile_range(ctx, x.data(), n, pct, mode),
                 qrange::percentile_range(ctx, f.data(), n, pct, mode)));
    }
  const qrange_params p = qrange::choose_params(m1.r, 8, false);
  CHECK(same(qrange::quantization_mse(ctx, x.data(), n, p), qrange::quantization_mse(ctx, f.data(), n, p)));
  {
    qrange::observer o1, o2;
    o1.update(ctx, x.data(), n / 2);
    o1.update(ctx, x.data() + n / 2, n - n / 2);
    o2.update(ctx, f.data(), n / 2);
    o2.update(ctx, f.data() + n / 2, n - n / 2);
    CHECK(o1.serialize() == o2.serialize());
  }
  for (auto method : {qrange::method::minmax, qrange::method::percentile, qrange::method::mse,
                      qrange::method::entropy}) {
    CAPTURE(qrange::to_string(method));
    qrange::calibration c = qrange::make_calibration(method, -128, 127, QRANGE_SYMMETRIC);
    if (method == qrange::method::percentile) c.exact = 1;
    const qrange::calibration_result c1 = qrange::calibrate(ctx, x.data(), n, c);
    const qrange::calibration_result c2 = qrange::calibrate(ctx, f.data(), n, c);
    CHECK(same(c1.p, c2.p));
    CHECK(same(c1.mse, c2.mse));
    // Blocks of 32 along the rows, and channels along the columns.
    for (const qrange::axis_view& v : {qrange::axis_view({rows, cols}, 1, 32), qrange::axis_view({rows, cols}, 0)}) {
      const qrange::axis_calibration_result a1 = qrange::calibrate(ctx, x.data(), v, c);
      const qrange::axis_calibration_result a2 = qrange::calibrate(ctx, f.data(), v, c);
      CHECK(same(a1.p, a2.p));
      CHECK(same(a1.mse, a2.mse));
    }
  }
  for (const qrange::axis_view& v :
       {qrange::axis_view({rows, cols}, 1, 32), qrange::axis_view({rows, cols}, 0), qrange::axis_view({rows, cols}, 1)}) {
    const std::vector<qrange_range> r1 = qrange::minmax(ctx, x.data(), v), r2 = qrange::minmax(ctx, f.data(), v);
    REQUIRE(r1.size() == r2.size());
    bool ranges_same = true;
    for (std::size_t g = 0; g < r1.size(); ++g) ranges_same = ranges_same && same(r1[g], r2[g]);
    CHECK(ranges_same);
    const std::vector<qrange_params> gp =
        qrange::calibrate(ctx, f.data(), v, qrange::make_calibration(qrange::method::minmax, -128, 127)).p;
    CHECK(same(qrange::quantization_mse(ctx, x.data(), v, gp), qrange::quantization_mse(ctx, f.data(), v, gp)));
    check_quantize_api<std::uint8_t>(ctx, x, f, v, gp);
    check_quantize_api<std::int8_t>(ctx, x, f, v, gp);
    check_quantize_api<std::uint16_t>(ctx, x, f, v, gp);
    check_quantize_api<std::int16_t>(ctx, x, f, v, gp);
    check_int4_api(ctx, x, f, v, gp, false);
    check_int4_api(ctx, x, f, v, gp, true);
  }
}

}  // namespace

TEST_CASE("half API: every entry point on float16 tensors, every ISA and thread count, as on float32") {
  for_each_isa_api([](const char* isa) {
    for (int threads : {1, 3}) check_every_entry_point<qrange::float16>(isa, threads);
  });
}
TEST_CASE("half API: every entry point on bfloat16 tensors, every ISA and thread count, as on float32") {
  for_each_isa_api([](const char* isa) {
    for (int threads : {1, 3}) check_every_entry_point<qrange::bfloat16>(isa, threads);
  });
}
