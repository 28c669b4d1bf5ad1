// Per-axis and blocked quantization: the kernels against the scalar
// reference on every ISA, and the API element by element against the
// per-tensor calls with each element's parameters (the group worked out
// here, independently of the library's segments), on every ISA and thread
// count; int4 packing; the errors.
#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "harness.hpp"

using qrange::kernels::AxisParams;
using qrange::kernels::KernelTable;
using namespace qrange::test;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Parameters for many groups, one array per field, as the kernels take them.
struct ParamArrays {
  std::vector<qrange_params> sets;
  std::vector<float> scale;
  std::vector<std::int32_t> zero_point, qmin, qmax;
  AxisParams view(std::size_t offset = 0) const {
    return {sets.data() + offset, scale.data() + offset, zero_point.data() + offset, qmin.data() + offset,
            qmax.data() + offset};
  }
};

template <class T>
ParamArrays random_arrays(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const std::int32_t lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  std::uniform_int_distribution<std::int32_t> zp(lo, hi);
  std::uniform_real_distribution<float> sc(-6.0f, 3.0f);
  ParamArrays p;
  for (std::size_t g = 0; g < count; ++g) {
    std::int32_t a = zp(rng), b = zp(rng);
    if (a > b) std::swap(a, b);
    if (a == b) (b < hi ? b : a) += (b < hi ? 1 : -1);
    p.scale.push_back(std::exp2(sc(rng)));
    p.zero_point.push_back(zp(rng));
    p.qmin.push_back(rng() % 4 == 0 ? a : lo);
    p.qmax.push_back(rng() % 4 == 0 ? b : hi);
    p.sets.push_back({p.scale.back(), p.zero_point.back(), p.qmin.back(), p.qmax.back()});
  }
  return p;
}

std::vector<float> axis_inputs(std::size_t n, std::uint64_t seed) {
  std::vector<float> x = uniform(n, -300.0f, 300.0f, seed);
  const std::vector<float> special = special_values();
  for (std::size_t i = 0; i < n; i += 37) x[i] = special[(i / 37) % special.size()];
  return x;
}

template <class T>
struct Kernels;
template <>
struct Kernels<std::uint8_t> {
  static constexpr auto quantize = &qrange::kernels::InputKernels<qrange::kernels::F32>::quantize_axis_u8;
  static constexpr auto dequantize = &qrange::kernels::OutputKernels<qrange::kernels::F32>::dequantize_axis_u8;
};
template <>
struct Kernels<std::int8_t> {
  static constexpr auto quantize = &qrange::kernels::InputKernels<qrange::kernels::F32>::quantize_axis_i8;
  static constexpr auto dequantize = &qrange::kernels::OutputKernels<qrange::kernels::F32>::dequantize_axis_i8;
};
template <>
struct Kernels<std::uint16_t> {
  static constexpr auto quantize = &qrange::kernels::InputKernels<qrange::kernels::F32>::quantize_axis_u16;
  static constexpr auto dequantize = &qrange::kernels::OutputKernels<qrange::kernels::F32>::dequantize_axis_u16;
};
template <>
struct Kernels<std::int16_t> {
  static constexpr auto quantize = &qrange::kernels::InputKernels<qrange::kernels::F32>::quantize_axis_i16;
  static constexpr auto dequantize = &qrange::kernels::OutputKernels<qrange::kernels::F32>::dequantize_axis_i16;
};

const std::size_t kRuns[] = {1, 2, 3, 7, 16, 17, 32, 33, 100, 255, 256, 1000};
const std::size_t kLengths[] = {0, 1, 5, 15, 16, 17, 63, 64, 65, 127, 129, 300, 1025, 4099};

template <class T>
void check_kernels_for_type() {
  const std::size_t n_max = 4099;
  const std::vector<float> x = axis_inputs(n_max, 7);
  const ParamArrays p = random_arrays<T>(n_max + 1, 11);
  std::vector<T> q(n_max);
  for (std::size_t i = 0; i < n_max; ++i) q[i] = static_cast<T>(static_cast<std::uint32_t>(i * 2654435761u));
  for_each_isa([&](const KernelTable& t) {
    for (std::size_t run : kRuns)
      for (std::size_t n : kLengths)
        for (std::size_t phase : {std::size_t{0}, run / 2, run - 1}) {
          CAPTURE(t.isa);
          CAPTURE(run);
          CAPTURE(n);
          CAPTURE(phase);
          std::vector<T> want(n + 1, 0), got(n + 1, 0);
          (reference().in_f32.*Kernels<T>::quantize)(x.data(), n, p.view(), run, phase, want.data());
          (t.in_f32.*Kernels<T>::quantize)(x.data(), n, p.view(), run, phase, got.data());
          CHECK(want == got);
          std::vector<float> dwant(n + 1, 0.0f), dgot(n + 1, 0.0f);
          (reference().out_f32.*Kernels<T>::dequantize)(q.data(), n, p.view(), run, phase, dwant.data());
          (t.out_f32.*Kernels<T>::dequantize)(q.data(), n, p.view(), run, phase, dgot.data());
          CHECK(std::memcmp(dwant.data(), dgot.data(), n * sizeof(float)) == 0);
        }
  });
}

TEST_CASE("axis kernels: quantize and dequantize equal the reference on every ISA") {
  check_kernels_for_type<std::uint8_t>();
  check_kernels_for_type<std::int8_t>();
  check_kernels_for_type<std::uint16_t>();
  check_kernels_for_type<std::int16_t>();
}

TEST_CASE("axis kernels: mse equals the reference on every ISA") {
  const std::vector<float> x = axis_inputs(4099, 3);
  const ParamArrays p = random_arrays<std::int16_t>(4100, 5);
  for_each_isa([&](const KernelTable& t) {
    for (std::size_t run : kRuns)
      for (std::size_t n : kLengths)
        for (std::size_t phase : {std::size_t{0}, run - 1}) {
          CAPTURE(t.isa);
          CAPTURE(run);
          CAPTURE(n);
          const qrange::kernels::MseSum want = reference().in_f32.mse_axis(x.data(), n, p.view(), run, phase);
          const qrange::kernels::MseSum got = t.in_f32.mse_axis(x.data(), n, p.view(), run, phase);
          CHECK(bits(static_cast<float>(want.sum)) == bits(static_cast<float>(got.sum)));
          CHECK(std::memcmp(&want.sum, &got.sum, sizeof want.sum) == 0);
          CHECK(want.count == got.count);
        }
  });
}

TEST_CASE("axis kernels: row min and max equal the reference on every ISA") {
  const std::vector<float> with_specials = axis_inputs(40 * 131, 9);
  const std::vector<float> finite = uniform(40 * 131, -5.0f, 5.0f, 9);
  for (const std::vector<float>* x : {&with_specials, &finite})
    for_each_isa([&](const KernelTable& t) {
      for (std::size_t rows : {0, 1, 3, 40})
        for (std::size_t len : {1, 16, 33, 131}) {
          CAPTURE(t.isa);
          std::vector<qrange::kernels::MinMax> want(rows), got(rows);
          reference().in_f32.minmax_rows(x->data(), rows, len, 131, want.data());
          t.in_f32.minmax_rows(x->data(), rows, len, 131, got.data());
          for (std::size_t r = 0; r < rows; ++r) {
            CHECK(bits(want[r].min) == bits(got[r].min));
            CHECK(bits(want[r].max) == bits(got[r].max));
            CHECK(want[r].nonfinite == got[r].nonfinite);
          }
        }
    });
}

TEST_CASE("axis kernels: column min and max equal the reference on every ISA") {
  const std::vector<float> with_specials = axis_inputs(40 * 131, 9);
  const std::vector<float> finite = uniform(40 * 131, -5.0f, 5.0f, 9);
  for (const std::vector<float>* xs : {&with_specials, &finite}) {
    const std::vector<float>& x = *xs;
    for_each_isa([&](const KernelTable& t) {
      for (std::size_t rows : {1, 2, 3, 4, 5, 9, 40})
        for (std::size_t cols : {1, 7, 16, 17, 64, 100, 131}) {
          CAPTURE(t.isa);
          CAPTURE(rows);
          CAPTURE(cols);
          std::vector<float> lo0(cols, kInf), hi0(cols, -kInf), lo1(cols, kInf), hi1(cols, -kInf);
          reference().in_f32.minmax_columns(x.data(), rows, cols, 131, lo0.data(), hi0.data());
          t.in_f32.minmax_columns(x.data(), rows, cols, 131, lo1.data(), hi1.data());
          for (std::size_t j = 0; j < cols; ++j) {
            // Zeros are normalized by the caller: compare as values.
            CHECK((lo0[j] == lo1[j] || (std::isnan(lo0[j]) && std::isnan(lo1[j]))));
            CHECK((hi0[j] == hi1[j] || (std::isnan(hi0[j]) && std::isnan(hi1[j]))));
          }
        }
    });
  }
}

TEST_CASE("axis kernels: nibbles pack and unpack as ONNX lays them out") {
  const std::uint8_t in[] = {1, 2, 15, 0, 0xf8, 7, 9};
  std::uint8_t packed[4] = {0xaa, 0xaa, 0xaa, 0xaa};
  reference().pack_nibbles(in, 7, packed);
  CHECK(packed[0] == 0x21);
  CHECK(packed[1] == 0x0f);
  CHECK(packed[2] == 0x78);
  CHECK(packed[3] == 0x09);  // odd count: 0 in the last high nibble
  std::int8_t s[7];
  reference().unpack_i4(packed, 7, s);
  const std::int8_t want_s[] = {1, 2, -1, 0, -8, 7, -7};
  CHECK(std::memcmp(s, want_s, 7) == 0);
  std::uint8_t u[7];
  reference().unpack_u4(packed, 7, u);
  const std::uint8_t want_u[] = {1, 2, 15, 0, 8, 7, 9};
  CHECK(std::memcmp(u, want_u, 7) == 0);
}

TEST_CASE("axis kernels: packing nibbles equals the reference on every ISA") {
  std::vector<std::uint8_t> in(700);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<std::uint8_t>(i * 37 + (i >> 3));
  for_each_isa([&](const KernelTable& t) {
    for (std::size_t n = 0; n < in.size(); n += (n < 140 ? 1 : 61)) {
      CAPTURE(t.isa);
      CAPTURE(n);
      std::vector<std::uint8_t> want(n / 2 + 2, 0xee), got(n / 2 + 2, 0xee);
      reference().pack_nibbles(in.data(), n, want.data());
      t.pack_nibbles(in.data(), n, got.data());
      CHECK(want == got);
      std::vector<std::uint8_t> uw(n), ug(n);
      reference().unpack_u4(in.data(), n, uw.data());
      t.unpack_u4(in.data(), n, ug.data());
      CHECK(uw == ug);
      std::vector<std::int8_t> sw(n), sg(n);
      reference().unpack_i4(in.data(), n, sw.data());
      t.unpack_i4(in.data(), n, sg.data());
      CHECK(sw == sg);
    }
  });
}

// ---- The API ------------------------------------------------------------

// A layout as the API takes it, with each element's group and the group
// count worked out here, independently of the library (so groups() hides
// axis_view::groups, which asks the library).
struct Layout : qrange::axis_view {
  using axis_view::axis_view;
  std::size_t n() const {
    std::size_t p = 1;
    for (std::size_t d : shape()) p *= d;
    return p;
  }
  std::size_t ax() const {
    return static_cast<std::size_t>(axis() < 0 ? axis() + static_cast<std::int64_t>(shape().size()) : axis());
  }
  std::size_t outer() const {
    std::size_t p = 1;
    for (std::size_t k = 0; k < ax(); ++k) p *= shape()[k];
    return p;
  }
  std::size_t inner() const {
    std::size_t p = 1;
    for (std::size_t k = ax() + 1; k < shape().size(); ++k) p *= shape()[k];
    return p;
  }
  std::size_t blocks() const { return block_size() == 0 ? 1 : (shape()[ax()] + block_size() - 1) / block_size(); }
  std::size_t groups() const { return block_size() == 0 ? shape()[ax()] : outer() * blocks() * inner(); }
  // ONNX's index into the scale tensor of element f.
  std::size_t group_of(std::size_t f) const {
    const std::size_t dim = shape()[ax()], in = inner();
    const std::size_t o = f / (dim * in), d = (f / in) % dim, i = f % in;
    return block_size() == 0 ? d : (o * blocks() + d / block_size()) * in + i;
  }
  // The values of every group, each in row-major order.
  std::vector<std::vector<float>> split(const std::vector<float>& x) const {
    std::vector<std::vector<float>> v(groups());
    for (std::size_t f = 0; f < x.size(); ++f) v[group_of(f)].push_back(x[f]);
    return v;
  }
};

std::vector<Layout> api_layouts() {
  std::vector<Layout> out;
  for (std::int64_t axis : {0, 1, 2, -1}) out.push_back({{7, 33, 10}, axis, 0});
  for (std::size_t b : {1, 2, 16, 32, 7}) {
    out.push_back({{5, 33, 3}, 1, b});    // a middle axis
    out.push_back({{300, 33}, 0, b});      // the first
    out.push_back({{9, 64, 3}, 0, b > 9 ? 9 : b});
  }
  for (std::size_t b : {1, 2, 16, 32, 128, 100}) out.push_back({{5, 257}, -1, b});  // the last, odd count
  out.push_back({{3, 128}, 1, 128});
  out.push_back({{4097}, 0, 4097});  // per tensor, odd
  out.push_back({{5, 3}, 1, 0});     // a tiny last axis
  return out;
}

template <class T>
std::vector<qrange_params> params_for(const Layout& l, std::int32_t lo, std::int32_t hi, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int32_t> zp(lo, hi);
  std::uniform_real_distribution<float> sc(-4.0f, 6.0f);
  std::vector<qrange_params> p(l.groups());
  for (qrange_params& g : p) g = {std::exp2(sc(rng)), zp(rng), lo, hi};
  return p;
}

// The per-tensor quantize of one value into T's storage (8 or 16 bits).
template <class T>
std::int32_t quantize_one(float x, const qrange_params& p) {
  T q{};
  if constexpr (std::is_same_v<T, std::uint8_t>) REQUIRE(qrange_quantize_f32_u8(&x, 1, &p, &q) == QRANGE_OK);
  if constexpr (std::is_same_v<T, std::int8_t>) REQUIRE(qrange_quantize_f32_i8(&x, 1, &p, &q) == QRANGE_OK);
  if constexpr (std::is_same_v<T, std::uint16_t>) REQUIRE(qrange_quantize_f32_u16(&x, 1, &p, &q) == QRANGE_OK);
  if constexpr (std::is_same_v<T, std::int16_t>) REQUIRE(qrange_quantize_f32_i16(&x, 1, &p, &q) == QRANGE_OK);
  return q;
}
template <class T>
float dequantize_one(T q, const qrange_params& p) {
  float x = 0.0f;
  if constexpr (std::is_same_v<T, std::uint8_t>) REQUIRE(qrange_dequantize_u8_f32(&q, 1, &p, &x) == QRANGE_OK);
  if constexpr (std::is_same_v<T, std::int8_t>) REQUIRE(qrange_dequantize_i8_f32(&q, 1, &p, &x) == QRANGE_OK);
  if constexpr (std::is_same_v<T, std::uint16_t>) REQUIRE(qrange_dequantize_u16_f32(&q, 1, &p, &x) == QRANGE_OK);
  if constexpr (std::is_same_v<T, std::int16_t>) REQUIRE(qrange_dequantize_i16_f32(&q, 1, &p, &x) == QRANGE_OK);
  return x;
}

template <class T>
void check_api_type() {
  const std::int32_t lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  for (const Layout& l : api_layouts()) {
    CAPTURE(l.shape().size());
    CAPTURE(l.shape()[0]);
    CAPTURE(l.axis());
    CAPTURE(l.block_size());
    const std::vector<float> x = axis_inputs(l.n(), l.n());
    const std::vector<qrange_params> p = params_for<T>(l, lo, hi, l.n() + l.block_size());
    std::vector<T> want(l.n());
    std::vector<float> dwant(l.n());
    for (std::size_t f = 0; f < l.n(); ++f) {
      want[f] = static_cast<T>(quantize_one<T>(x[f], p[l.group_of(f)]));
      dwant[f] = dequantize_one<T>(want[f], p[l.group_of(f)]);
    }
    for_each_isa_api([&](const char* isa) {
      for (int threads : {1, 2, 3}) {
        CAPTURE(isa);
        CAPTURE(threads);
        const qrange::context ctx = qrange::make_context(threads, isa);
        std::vector<T> got(l.n());
        qrange::quantize(ctx, x.data(), l, p, got.data());
        CHECK(got == want);
        std::vector<float> dgot(l.n());
        qrange::dequantize(ctx, want.data(), l, p, dgot.data());
        CHECK(std::memcmp(dgot.data(), dwant.data(), l.n() * sizeof(float)) == 0);
      }
    });
  }
}

TEST_CASE("quantize_axis and dequantize_axis: every element as the per-tensor call with its group's parameters") {
  check_api_type<std::uint8_t>();
  check_api_type<std::int8_t>();
  check_api_type<std::uint16_t>();
  check_api_type<std::int16_t>();
}

template <bool kSigned>
void check_int4() {
  using Wide = std::conditional_t<kSigned, std::int8_t, std::uint8_t>;
  const std::int32_t lo = kSigned ? -8 : 0, hi = kSigned ? 7 : 15;
  for (const Layout& l : api_layouts()) {
    CAPTURE(l.shape()[0]);
    CAPTURE(l.axis());
    CAPTURE(l.block_size());
    const std::vector<float> x = axis_inputs(l.n(), l.n() + 1);
    std::vector<qrange_params> p = params_for<Wide>(l, lo, hi, l.n() * 3);
    for (std::size_t g = 0; g < p.size(); g += 3) p[g].qmin = lo + 1;  // narrower grids too
    std::vector<std::uint8_t> want((l.n() + 1) / 2, 0);
    std::vector<float> dwant(l.n());
    for (std::size_t f = 0; f < l.n(); ++f) {
      const qrange_params& pf = p[l.group_of(f)];
      const std::int32_t v = quantize_one<Wide>(x[f], pf);
      want[f / 2] = static_cast<std::uint8_t>(want[f / 2] | ((v & 0x0f) << (4 * (f % 2))));
      dwant[f] = dequantize_one<Wide>(static_cast<Wide>(v), pf);
    }
    const qrange_layout cl = l.c();
    for_each_isa_api([&](const char* isa) {
      for (int threads : {1, 2}) {
        CAPTURE(isa);
        const qrange_context ctx = qrange::make_context(threads, isa);
        std::vector<std::uint8_t> got(want.size(), 0xee);
        std::vector<float> dgot(l.n());
        if (kSigned) {
          REQUIRE(qrange_quantize_axis_f32_i4(&ctx, x.data(), &cl, p.data(), p.size(), got.data()) == QRANGE_OK);
          REQUIRE(qrange_dequantize_axis_i4_f32(&ctx, want.data(), &cl, p.data(), p.size(), dgot.data()) == QRANGE_OK);
        } else {
          REQUIRE(qrange_quantize_axis_f32_u4(&ctx, x.data(), &cl, p.data(), p.size(), got.data()) == QRANGE_OK);
          REQUIRE(qrange_dequantize_axis_u4_f32(&ctx, want.data(), &cl, p.data(), p.size(), dgot.data()) == QRANGE_OK);
        }
        CHECK(got == want);
        CHECK(std::memcmp(dgot.data(), dwant.data(), l.n() * sizeof(float)) == 0);
      }
    });
  }
}

TEST_CASE("int4 and uint4: packed two per byte, ONNX's order, on every ISA") {
  check_int4<true>();
  check_int4<false>();
}

TEST_CASE("minmax_axis: each group as qrange_minmax_f32 on its values copied out") {
  for (const Layout& l : api_layouts()) {
    CAPTURE(l.shape()[0]);
    CAPTURE(l.axis());
    CAPTURE(l.block_size());
    std::vector<float> x = axis_inputs(l.n(), l.n() + 2);
    for (float& v : x)
      if (v == 0.0f) v = -0.0f;
    std::vector<qrange_range> want(l.groups());
    bool any_empty = false;
    const std::vector<std::vector<float>> groups = l.split(x);
    for (std::size_t g = 0; g < l.groups(); ++g) {
      const std::vector<float>& v = groups[g];
      if (qrange_minmax_f32(v.data(), v.size(), &want[g], nullptr) != QRANGE_OK) any_empty = true;
    }
    if (any_empty) continue;  // groups of one non-finite value: the error test covers them
    for_each_isa_api([&](const char* isa) {
      for (int threads : {1, 2, 3}) {
        const qrange::context ctx = qrange::make_context(threads, isa);
        const std::vector<qrange_range> got = qrange::minmax(ctx, x.data(), l);
        REQUIRE(got.size() == want.size());
        for (std::size_t g = 0; g < want.size(); ++g) {
          CHECK(bits(got[g].min) == bits(want[g].min));
          CHECK(bits(got[g].max) == bits(want[g].max));
        }
      }
    });
  }
}

TEST_CASE("calibrate_axis: each group as qrange_calibrate_f32 on its values copied out, by every method") {
  const Layout layouts[] = {{{6, 40, 5}, 1, 0}, {{8, 96}, -1, 32}, {{70, 6}, 0, 16}, {{3, 20000}, 0, 0},
                            {{2, 70000}, 0, 0}};
  for (const Layout& l : layouts) {
    std::vector<float> x(l.n());
    std::mt19937_64 rng(l.n());
    std::student_t_distribution<float> t3(3.0f);
    for (float& v : x) v = t3(rng);
    for (qrange_method m : {QRANGE_METHOD_MINMAX, QRANGE_METHOD_PERCENTILE, QRANGE_METHOD_MSE, QRANGE_METHOD_ENTROPY})
      for (int bits4 : {0, 1}) {
        CAPTURE(l.shape()[1]);
        CAPTURE(l.block_size());
        CAPTURE(static_cast<int>(m));
        qrange_calibration c = QRANGE_CALIBRATION_INIT;
        c.method = m;
        if (bits4) c.qmin = -8, c.qmax = 7, c.scheme = QRANGE_SYMMETRIC;
        c.percentile = 99.0;
        std::vector<qrange_params> want(l.groups());
        const std::vector<std::vector<float>> groups = l.split(x);
        for (std::size_t g = 0; g < l.groups(); ++g) {
          const std::vector<float>& v = groups[g];
          REQUIRE(qrange_calibrate_f32(nullptr, v.data(), v.size(), &c, &want[g], nullptr) == QRANGE_OK);
        }
        double want_mse = 0.0;
        const qrange_layout cl = l.c();
        REQUIRE(qrange_quantization_mse_axis_f32(nullptr, x.data(), &cl, want.data(), want.size(), &want_mse) ==
                QRANGE_OK);
        for_each_isa_api([&](const char* isa) {
          for (int threads : {1, 3}) {
            const qrange::context ctx = qrange::make_context(threads, isa);
            const qrange::axis_calibration_result got =
                qrange::calibrate(ctx, x.data(), l, c);
            REQUIRE(got.p.size() == want.size());
            for (std::size_t g = 0; g < want.size(); ++g) {
              CHECK(bits(got.p[g].scale) == bits(want[g].scale));
              CHECK(got.p[g].zero_point == want[g].zero_point);
            }
            CHECK(std::memcmp(&got.mse, &want_mse, sizeof want_mse) == 0);
          }
        });
      }
  }
}

TEST_CASE("quantization_mse_axis: one group is the per-tensor error; every ISA and thread count alike") {
  const std::vector<float> x = axis_inputs(200000, 4);
  const qrange_params p{0.37f, 3, -128, 127};
  double want = 0.0;
  REQUIRE(qrange_quantization_mse_f32(x.data(), x.size(), &p, &want) == QRANGE_OK);
  for (const Layout& l : {Layout{{200000}, 0, 200000}, Layout{{1, 200000}, 0, 0}}) {
    for_each_isa_api([&](const char* isa) {
      const std::vector<qrange_params> ps(1, p);
      CHECK(qrange::quantization_mse(qrange::make_context(2, isa), x.data(), l,
                                     ps) == want);
    });
  }
  for (const Layout& l : api_layouts()) {
    const std::vector<float> v = axis_inputs(l.n(), 8);
    const std::vector<qrange_params> ps = params_for<std::int8_t>(l, -128, 127, 9);
    double naive = 0.0;
    std::size_t count = 0;
    for (std::size_t f = 0; f < l.n(); ++f) {
      if (!std::isfinite(v[f])) continue;
      const qrange_params& pf = ps[l.group_of(f)];
      const double d = static_cast<double>(v[f]) - dequantize_one<std::int8_t>(
                                                        static_cast<std::int8_t>(quantize_one<std::int8_t>(v[f], pf)), pf);
      naive += d * d;
      ++count;
    }
    const double want_l = qrange::quantization_mse(qrange::make_context(1, "scalar"), v.data(),
                                                   l, ps);
    CHECK(std::fabs(want_l - naive / count) <= 1e-12 * naive / count);  // a different order of the same sum
    for_each_isa_api([&](const char* isa) {
      for (int threads : {1, 2, 3}) {
        const double got = qrange::quantization_mse(qrange::make_context(threads, isa), v.data(),
                                                    l, ps);
        CHECK(std::memcmp(&got, &want_l, sizeof got) == 0);
      }
    });
  }
}

TEST_CASE("axis API: bad layouts, counts and parameters are refused and nothing is written") {
  const std::vector<float> x(24, 1.0f);
  std::vector<std::size_t> shape{2, 3, 4};
  qrange_layout l = QRANGE_LAYOUT_INIT;
  l.shape = shape.data();
  l.rank = 3;
  l.axis = 1;
  std::vector<qrange_params> p(3, qrange_params{0.1f, 0, -8, 7});
  std::vector<std::uint8_t> q(24, 0xee);
  const auto expect = [&](qrange_status want, const char* needle) {
    CHECK(qrange_quantize_axis_f32_i4(nullptr, x.data(), &l, p.data(), p.size(), q.data()) == want);
    const std::string message = qrange_last_error();
    CHECK_MESSAGE(message.find(needle) != std::string::npos, message);
    for (std::uint8_t b : q) CHECK(b == 0xee);
  };
  CHECK(qrange_quantize_axis_f32_i4(nullptr, x.data(), &l, p.data(), p.size(), q.data()) == QRANGE_OK);
  std::fill(q.begin(), q.end(), 0xee);
  l.axis = 3;
  expect(QRANGE_ERROR_INVALID_ARGUMENT, "axis = 3");
  l.axis = -4;
  expect(QRANGE_ERROR_INVALID_ARGUMENT, "axis = -4");
  l.axis = 1;
  shape[2] = 0;
  expect(QRANGE_ERROR_INVALID_ARGUMENT, "shape[2] is 0");
  shape[2] = SIZE_MAX / 2;
  expect(QRANGE_ERROR_INVALID_ARGUMENT, "overflows");
  shape[2] = 4;
  l.block_size = 4;
  expect(QRANGE_ERROR_INVALID_ARGUMENT, "exceeds the axis' dimension 3");
  l.block_size = 0;
  l.rank = 0;
  expect(QRANGE_ERROR_INVALID_ARGUMENT, "rank = 0");
  l.rank = 3;
  l.struct_size = 8;
  expect(QRANGE_ERROR_INVALID_ARGUMENT, "struct_size");
  l.struct_size = sizeof l;
  CHECK(qrange_quantize_axis_f32_i4(nullptr, x.data(), &l, p.data(), 2, q.data()) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(qrange_last_error()).find("count = 2, but the layout has 3 groups") != std::string::npos);
  p[2].zero_point = 8;
  expect(QRANGE_ERROR_INVALID_ARGUMENT, "params[2]: zero_point = 8 is outside [-8, 7]");
  p[2] = {0.1f, 0, -9, 7};
  expect(QRANGE_ERROR_INVALID_ARGUMENT, "params[2]: need -8 <= qmin < qmax <= 7");
  p[2] = {0.0f, 0, -8, 7};
  expect(QRANGE_ERROR_INVALID_ARGUMENT, "params[2]: scale = 0");
  p[2] = {0.1f, 0, -8, 7};
  CHECK(qrange_quantize_axis_f32_i4(nullptr, x.data(), &l, p.data(), p.size(), q.data()) == QRANGE_OK);
  // A group without a finite value.
  std::vector<float> y(24, 1.0f);
  for (std::size_t o = 0; o < 2; ++o)
    for (std::size_t i = 0; i < 4; ++i) y[o * 12 + 2 * 4 + i] = std::nanf("");
  std::vector<qrange_range> r(3, qrange_range{5.0f, 5.0f});
  CHECK(qrange_minmax_axis_f32(nullptr, y.data(), &l, r.data(), 3) == QRANGE_ERROR_EMPTY_INPUT);
  CHECK(std::string(qrange_last_error()).find("group 2 (of 8 values) has no finite value") != std::string::npos);
  for (const qrange_range& g : r) CHECK(g.min == 5.0f);
  qrange_calibration c = QRANGE_CALIBRATION_INIT;
  c.method = QRANGE_METHOD_MSE;
  std::vector<qrange_params> out(3, qrange_params{9.0f, 9, 9, 9});
  CHECK(qrange_calibrate_axis_f32(nullptr, y.data(), &l, &c, out.data(), 3, nullptr) == QRANGE_ERROR_EMPTY_INPUT);
  CHECK(std::string(qrange_last_error()).find("(group 2)") != std::string::npos);
  for (const qrange_params& g : out) CHECK(g.scale == 9.0f);
}

}  // namespace
