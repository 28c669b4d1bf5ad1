#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "harness.hpp"

using qrange::kernels::KernelTable;
using qrange::kernels::MseSum;
using namespace qrange::test;

namespace {

const float kInf = std::numeric_limits<float>::infinity();

template <class T>
struct Type;
template <>
struct Type<std::uint8_t> {
  static constexpr auto quantize = &qrange::kernels::InputKernels<qrange::kernels::F32>::quantize_u8;
  static constexpr auto dequantize = &qrange::kernels::OutputKernels<qrange::kernels::F32>::dequantize_u8;
};
template <>
struct Type<std::int8_t> {
  static constexpr auto quantize = &qrange::kernels::InputKernels<qrange::kernels::F32>::quantize_i8;
  static constexpr auto dequantize = &qrange::kernels::OutputKernels<qrange::kernels::F32>::dequantize_i8;
};
template <>
struct Type<std::uint16_t> {
  static constexpr auto quantize = &qrange::kernels::InputKernels<qrange::kernels::F32>::quantize_u16;
  static constexpr auto dequantize = &qrange::kernels::OutputKernels<qrange::kernels::F32>::dequantize_u16;
};
template <>
struct Type<std::int16_t> {
  static constexpr auto quantize = &qrange::kernels::InputKernels<qrange::kernels::F32>::quantize_i16;
  static constexpr auto dequantize = &qrange::kernels::OutputKernels<qrange::kernels::F32>::dequantize_i16;
};

// Parameter sets for output type T: ordinary grids, zero points at and
// beyond the type's ends (up to the 2^24 limit), narrow grids, tiny, huge,
// subnormal and non-power-of-two scales.
template <class T>
std::vector<qrange_params> param_sets() {
  const std::int32_t lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  const std::int32_t mid = lo + (hi - lo) / 2;
  return {
      {0.1f, mid, lo, hi},
      {1.0f, lo, lo, hi},
      {1.0f / 3.0f, hi, lo, hi},
      {0.7f, hi + 1000, lo, hi},
      {0.7f, lo - 1000, lo, hi},
      {2.5e-3f, 1 << 24, lo, hi},
      {3.0e7f, -(1 << 24), lo, hi},
      {1e-40f, mid, lo + 3, lo + 10},  // subnormal scale, narrow grid
      {3e38f, mid, lo, hi},
  };
}

std::vector<float> test_data(std::size_t n, std::uint64_t seed) {
  // Most values within a few grid widths; some random bit patterns.
  std::vector<float> v = uniform(n, -400.0f, 400.0f, seed);
  const auto r = random_bit_patterns(n, seed + 1);
  for (std::size_t i = 0; i < n; i += 5) v[i] = r[i];
  return v;
}

template <class T>
std::vector<T> reference_quantize(const std::vector<float>& x, const qrange_params& p) {
  std::vector<T> q(x.size());
  (reference().in_f32.*Type<T>::quantize)(x.data(), x.size(), p, q.data());
  return q;
}

// Runs kernel k on x at every offset in `offsets` and compares with want,
// checking that nothing outside the output is written.
template <class T>
void check_quantize(const KernelTable& k, const std::vector<float>& x, const qrange_params& p,
                    const std::vector<T>& want, std::size_t offsets) {
  const std::size_t n = x.size();
  for (std::size_t offset = 0; offset < offsets; ++offset) {
    const OffsetBuffer in(x, offset);
    std::vector<T> out(n + 64, T(0x5a));
    (k.in_f32.*Type<T>::quantize)(in.data(), n, p, out.data() + offset);
    for (std::size_t i = 0; i < offset; ++i) REQUIRE(out[i] == T(0x5a));
    if (n > 0) REQUIRE(std::memcmp(out.data() + offset, want.data(), n * sizeof(T)) == 0);
    for (std::size_t i = offset + n; i < out.size(); ++i) REQUIRE(out[i] == T(0x5a));
  }
}

template <class T>
void check_dequantize(const KernelTable& k, const std::vector<T>& q, const qrange_params& p, std::size_t offsets) {
  const std::size_t n = q.size();
  std::vector<float> want(n);
  (reference().out_f32.*Type<T>::dequantize)(q.data(), n, p, want.data());
  for (std::size_t offset = 0; offset < offsets; ++offset) {
    std::vector<T> in(n + 16);
    std::copy(q.begin(), q.end(), in.begin() + offset);
    std::vector<float> out(n + 64, -7.0f);
    (k.out_f32.*Type<T>::dequantize)(in.data() + offset, n, p, out.data() + offset);
    if (n > 0) REQUIRE(std::memcmp(out.data() + offset, want.data(), n * sizeof(float)) == 0);
    for (std::size_t i = offset + n; i < out.size(); ++i) REQUIRE(out[i] == -7.0f);
  }
}

void check_mse(const KernelTable& k, const std::vector<float>& x, const qrange_params& p, std::size_t offsets) {
  const MseSum want = reference().in_f32.mse(x.data(), x.size(), p);
  for (std::size_t offset = 0; offset < offsets; ++offset) {
    const OffsetBuffer in(x, offset);
    const MseSum got = k.in_f32.mse(in.data(), x.size(), p);
    REQUIRE(got.count == want.count);
    REQUIRE(std::memcmp(&got.sum, &want.sum, sizeof(double)) == 0);
  }
}

// The widest int32 grids the mse kernels must handle besides the typed ones.
std::vector<qrange_params> mse_param_sets() {
  auto sets = param_sets<std::uint8_t>();
  for (const auto& p : param_sets<std::int16_t>()) sets.push_back(p);
  const std::int32_t imin = std::numeric_limits<std::int32_t>::min(), imax = std::numeric_limits<std::int32_t>::max();
  sets.push_back({1e-3f, 1 << 24, imin, imax});
  sets.push_back({1e-3f, -(1 << 24), imin, imax});
  sets.push_back({3e38f, 5, imin, imax});
  return sets;
}

template <class T>
void sweep_type(const KernelTable& k) {
  const auto sets = param_sets<T>();
  for (std::size_t n : test_lengths()) {
    CAPTURE(n);
    const auto x = test_data(n, n);
    const bool small = n <= 300;
    for (std::size_t s = 0; s < sets.size(); ++s) {
      if (!small && s != n % sets.size()) continue;  // big inputs: one parameter set each
      const qrange_params& p = sets[s];
      CAPTURE(s);
      const auto want = reference_quantize<T>(x, p);
      check_quantize<T>(k, x, p, want, small ? 16 : 1);
      // Every integer of the type, beyond [qmin, qmax] too, dequantizes.
      std::vector<T> q(n);
      for (std::size_t i = 0; i < n; ++i) q[i] = static_cast<T>(want[i] + static_cast<T>(i * 2654435761u));
      check_dequantize<T>(k, q, p, small ? 16 : 1);
    }
  }
}

template <class T>
void specials_type(const KernelTable& k) {
  const auto specials = special_values();
  for (const qrange_params& p : param_sets<T>()) {
    // Every special value at every position: rotations of the whole list
    // interleaved with ordinary values.
    for (std::size_t n : {1u, 2u, 15u, 16u, 17u, 63u, 64u, 65u, 127u, 128u, 129u, 200u}) {
      for (std::size_t shift = 0; shift < specials.size(); ++shift) {
        std::vector<float> x = uniform(n, -3.0f, 3.0f, n + shift);
        for (std::size_t i = 0; i < n; ++i)
          if ((i + shift) % 3 != 0) x[i] = specials[(i + shift) % specials.size()];
        check_quantize<T>(k, x, p, reference_quantize<T>(x, p), 1);
        check_mse(k, x, p, 1);
      }
    }
  }
}

}  // namespace

TEST_CASE("quantize reference: the specification on hand-made cases") {
  using qrange::kernels::scalar::quantize_value;
  const float nan = std::nanf("");
  const qrange_params p{1.0f, 10, 0, 255};
  CHECK(quantize_value(2.5f, p) == 12);   // tie to even, then + zero point
  CHECK(quantize_value(3.5f, p) == 14);
  CHECK(quantize_value(-2.5f, p) == 8);
  CHECK(quantize_value(-0.0f, p) == 10);
  CHECK(quantize_value(nan, p) == 10);
  CHECK(quantize_value(kInf, p) == 255);
  CHECK(quantize_value(-kInf, p) == 0);
  CHECK(quantize_value(1e30f, p) == 255);
  CHECK(quantize_value(-1e30f, p) == 0);
  CHECK(quantize_value(std::numeric_limits<float>::denorm_min(), p) == 10);
  const qrange_params outside{1.0f, 300, 0, 255};  // NaN: the zero point clamped
  CHECK(quantize_value(nan, outside) == 255);
  // Subnormals are not flushed: denorm_min / denorm_min == 1.
  const qrange_params sub{std::numeric_limits<float>::denorm_min(), 0, -128, 127};
  CHECK(quantize_value(std::numeric_limits<float>::denorm_min(), sub) == 1);
  CHECK(quantize_value(-3 * std::numeric_limits<float>::denorm_min(), sub) == -3);
  // Exact for the widest int32 grids.
  const qrange_params wide{1.0f, 1 << 24, std::numeric_limits<std::int32_t>::min(),
                           std::numeric_limits<std::int32_t>::max()};
  CHECK(quantize_value(-0x1p31f - 0x1p24f, wide) == std::numeric_limits<std::int32_t>::min());
  CHECK(quantize_value(-0x1p31f - 0x1p24f * 2, wide) == std::numeric_limits<std::int32_t>::min());
  CHECK(quantize_value(-0x1p31f, wide) == -(std::int64_t{1} << 31) + (1 << 24));
  CHECK(quantize_value(0x1p32f, wide) == std::numeric_limits<std::int32_t>::max());

  std::uint8_t q[3] = {0, 10, 255};
  float x[3];
  qrange::kernels::scalar::dequantize<std::uint8_t, qrange::kernels::F32>(q, 3, {0.5f, 10, 0, 255}, x);
  CHECK(x[0] == -5.0f);
  CHECK(bits(x[1]) == 0u);
  CHECK(x[2] == 122.5f);

  const float v[4] = {0.4f, 1.0f, nan, -kInf};
  const MseSum m = reference().in_f32.mse(v, 4, {1.0f, 0, -128, 127});
  CHECK(m.count == 2);
  CHECK(m.sum == static_cast<double>(0.4f) * static_cast<double>(0.4f));
  const double lanes[16] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};
  CHECK(qrange::kernels::scalar::mse_fold(lanes) == 65535.0);
}

TEST_CASE("quantize/dequantize: every ISA equals the reference, every type, length, offset and parameter set") {
  for_each_isa([](const KernelTable& k) {
    const std::string isa = k.isa;
    CAPTURE(isa);
    sweep_type<std::uint8_t>(k);
    sweep_type<std::int8_t>(k);
    sweep_type<std::uint16_t>(k);
    sweep_type<std::int16_t>(k);
  });
}

TEST_CASE("quantize/mse: every ISA equals the reference with special values at every position") {
  for_each_isa([](const KernelTable& k) {
    const std::string isa = k.isa;
    CAPTURE(isa);
    specials_type<std::uint8_t>(k);
    specials_type<std::int8_t>(k);
    specials_type<std::uint16_t>(k);
    specials_type<std::int16_t>(k);
  });
}

TEST_CASE("quantize: exact ties k + 0.5 round to even on every ISA") {
  const float scales[] = {1.0f, 0.25f, 0.1f, 1.0f / 3.0f, 1e-40f, 3e-39f, 1e30f, 1e36f};
  for (float scale : scales) {
    CAPTURE(scale);
    std::vector<float> x;
    std::size_t exact = 0;
    for (int k = -300; k <= 300; ++k) {
      const float t = static_cast<float>(k) + 0.5f;
      const float c = t * scale;
      for (float v : {c, std::nextafter(c, -kInf), std::nextafter(c, kInf)}) {
        x.push_back(v);
        if (v / scale == t) ++exact;
      }
    }
    CHECK(exact >= 100);
    const qrange_params p{scale, 3, -128, 127};
    const auto want = reference_quantize<std::int8_t>(x, p);
    for (std::size_t i = 0; i < x.size(); ++i) {
      const float t = x[i] / scale;
      if (t != std::floor(t) + 0.5f || std::fabs(t) > 100.0f) continue;
      const auto even = static_cast<std::int64_t>(2 * std::nearbyint(t / 2));  // the even neighbour
      REQUIRE(want[i] == even + 3);
    }
    const qrange_params pu{scale, 200, 0, 255};
    const qrange_params pu16{scale, 30000, 0, 65535};
    const qrange_params pi16{scale, -7, -32768, 32767};
    for_each_isa([&](const KernelTable& k) {
      const std::string isa = k.isa;
      CAPTURE(isa);
      check_quantize<std::int8_t>(k, x, p, want, 3);
      check_quantize<std::uint8_t>(k, x, pu, reference_quantize<std::uint8_t>(x, pu), 3);
      check_quantize<std::uint16_t>(k, x, pu16, reference_quantize<std::uint16_t>(x, pu16), 3);
      check_quantize<std::int16_t>(k, x, pi16, reference_quantize<std::int16_t>(x, pi16), 3);
      check_mse(k, x, p, 3);
    });
  }
}

// SIMD kernels multiply by 1 / scale where that provably rounds like the
// division and divide within a margin of the half-integers; these inputs sit
// on both sides of that margin and of the ties, across whole 16-bit grids.
TEST_CASE("quantize/mse: near ties and the reciprocal's margin on every ISA") {
  const float scales[] = {1.0f / 3.0f, 0.1f, 0.7f, 1e-3f, 3.0f * 1.17549435e-38f, 0x1p126f / 3.0f, 0x1p-126f};
  for (float scale : scales) {
    CAPTURE(scale);
    std::vector<float> x;
    for (int k = -70000; k <= 70000; k += (k > -300 && k < 300) ? 1 : 97) {
      // Half-integers, and the edges of a margin of 2^-22 * 65536 around them.
      for (float off : {0.5f, 0.5f - 0x1p-6f, 0.5f + 0x1p-6f, -0.5f}) {
        const float c = (static_cast<float>(k) + off) * scale;
        float below = c, above = c;
        x.push_back(c);
        for (int u = 0; u < 3; ++u) {
          below = std::nextafter(below, -kInf);
          above = std::nextafter(above, kInf);
          x.push_back(below);
          x.push_back(above);
        }
      }
    }
    const qrange_params grids[] = {{scale, 0, 0, 65535}, {scale, 0, -32768, 32767}, {scale, 128, 0, 255},
                                   {scale, -5, -128, 127}, {scale, 1000, 0, 65535}};
    for_each_isa([&](const KernelTable& k) {
      const std::string isa = k.isa;
      CAPTURE(isa);
      check_quantize<std::uint16_t>(k, x, grids[0], reference_quantize<std::uint16_t>(x, grids[0]), 2);
      check_quantize<std::int16_t>(k, x, grids[1], reference_quantize<std::int16_t>(x, grids[1]), 2);
      check_quantize<std::uint8_t>(k, x, grids[2], reference_quantize<std::uint8_t>(x, grids[2]), 2);
      check_quantize<std::int8_t>(k, x, grids[3], reference_quantize<std::int8_t>(x, grids[3]), 2);
      check_quantize<std::uint16_t>(k, x, grids[4], reference_quantize<std::uint16_t>(x, grids[4]), 2);
      for (const qrange_params& p : grids) check_mse(k, x, p, 2);
    });
  }
}

// The fast paths take a whole block only when every lane is inside the grid
// and clear of ties: one lane just past either end, or just inside it, among
// lanes well inside, at every position of two blocks.
TEST_CASE("quantize/mse: one lane at or past a grid end in a block of easy lanes, on every ISA") {
  const float scales[] = {0.1f, 1.0f / 3.0f, 1050.0f / 255.0f};
  const std::int32_t zero_points[] = {128, -5, 0};
  const std::int32_t qmins[] = {0, -128, -32768}, qmaxs[] = {255, 127, 32767};
  for (float scale : scales) {
    for (std::size_t g = 0; g < 3; ++g) {
      const qrange_params p{scale, zero_points[g], qmins[g], qmaxs[g]};
      CAPTURE(scale);
      CAPTURE(g);
      const float lo = static_cast<float>(p.qmin - p.zero_point), hi = static_cast<float>(p.qmax - p.zero_point);
      const std::vector<float> easy(128, ((lo + hi) / 2 + 0.2f) * scale);
      // Quotients rounding to each end, to one and two past it, and to one inside it.
      const float edges[] = {hi + 0.2f, hi + 0.7f, hi + 1.2f, lo - 0.2f, lo - 0.7f, lo - 1.2f, hi - 0.7f, lo + 0.7f};
      for_each_isa([&](const KernelTable& k) {
        const std::string isa = k.isa;
        CAPTURE(isa);
        for (float edge : edges) {
          CAPTURE(edge);
          for (std::size_t pos = 0; pos < easy.size(); ++pos) {
            std::vector<float> x = easy;
            x[pos] = edge * scale;
            check_mse(k, x, p, 1);
            if (g == 0) check_quantize<std::uint8_t>(k, x, p, reference_quantize<std::uint8_t>(x, p), 1);
            if (g == 1) check_quantize<std::int8_t>(k, x, p, reference_quantize<std::int8_t>(x, p), 1);
          }
        }
      });
    }
  }
}

TEST_CASE("mse: every ISA equals the reference bit for bit, int32 grids included") {
  const auto sets = mse_param_sets();
  for_each_isa([&](const KernelTable& k) {
    const std::string isa = k.isa;
    CAPTURE(isa);
    for (std::size_t n : test_lengths()) {
      CAPTURE(n);
      const auto x = test_data(n, 77 + n);
      for (std::size_t s = 0; s < sets.size(); ++s) {
        if (n > 300 && s != n % sets.size()) continue;
        CAPTURE(s);
        check_mse(k, x, sets[s], n > 300 ? 2 : 16);
      }
    }
  });
}

namespace {

// The API's mse from the reference: blocks of kMseBlock folded in order.
double reference_api_mse(const std::vector<float>& x, const qrange_params& p) {
  MseSum total{0.0, 0};
  for (std::size_t b = 0; b < x.size(); b += qrange::kernels::kMseBlock) {
    const MseSum s = reference().in_f32.mse(x.data() + b, std::min(qrange::kernels::kMseBlock, x.size() - b), p);
    total = {total.sum + s.sum, total.count + s.count};
  }
  return total.sum / static_cast<double>(total.count);
}

template <class T>
void api_roundtrip(const std::vector<float>& x, const qrange_params& p, const std::vector<int>& thread_counts) {
  const auto want_q = reference_quantize<T>(x, p);
  std::vector<float> want_x(x.size());
  (reference().out_f32.*Type<T>::dequantize)(want_q.data(), x.size(), p, want_x.data());
  for (int threads : thread_counts) {
    CAPTURE(threads);
    REQUIRE(qrange_set_num_threads(threads) == QRANGE_OK);
    const auto q = qrange::quantize<T>(x, p);
    REQUIRE(q == want_q);
    const auto back = qrange::dequantize(q, p);
    REQUIRE(std::memcmp(back.data(), want_x.data(), x.size() * sizeof(float)) == 0);
  }
}

}  // namespace

TEST_CASE("quantize/dequantize/mse: the public API on every ISA and thread count") {
  auto x = test_data((1u << 20) + 17, 5);
  x[100] = std::nanf("");
  x[700001] = kInf;
  const qrange_params p8{0.37f, 3, 0, 255};
  const auto small = test_data(300007, 6);
  const double want_mse = reference_api_mse(x, p8);
  const qrange_params wide{0.01f, -5, std::numeric_limits<std::int32_t>::min(), 77777};
  const double want_wide = reference_api_mse(x, wide);
  for_each_isa_api([&](const char* isa) {
    CAPTURE(isa);
    api_roundtrip<std::uint8_t>(x, p8, {1, 2, 3, 4, 5, 6, 7, 8});
    api_roundtrip<std::int8_t>(small, {0.37f, -3, -128, 127}, {1, 2, 3});
    api_roundtrip<std::uint16_t>(small, {0.01f, 30000, 0, 65535}, {1, 2, 3});
    api_roundtrip<std::int16_t>(small, {0.01f, 40000, -32768, 32767}, {1, 2, 3});
    for (int threads = 1; threads <= 8; ++threads) {
      CAPTURE(threads);
      REQUIRE(qrange_set_num_threads(threads) == QRANGE_OK);
      double mse = -1.0;
      REQUIRE(qrange_quantization_mse_f32(x.data(), x.size(), &p8, &mse) == QRANGE_OK);
      CHECK(std::memcmp(&mse, &want_mse, sizeof mse) == 0);
      const double wide_mse = qrange::quantization_mse(x, wide);
      CHECK(std::memcmp(&wide_mse, &want_wide, sizeof mse) == 0);
    }
  });
  REQUIRE(qrange_set_num_threads(0) == QRANGE_OK);
}

TEST_CASE("quantize/dequantize/mse: bad input is refused and outputs are untouched") {
  const float x[4] = {1.0f, 2.0f, std::nanf(""), 4.0f};
  const qrange_params good{0.5f, 0, 0, 255};
  std::uint8_t q8[4] = {9, 9, 9, 9};
  std::int16_t q16[4] = {9, 9, 9, 9};
  float out[4] = {-7.0f, -7.0f, -7.0f, -7.0f};
  double mse = -7.0;
  const auto untouched = [&] {
    for (int i = 0; i < 4; ++i) {
      CHECK(q8[i] == 9);
      CHECK(q16[i] == 9);
      CHECK(out[i] == -7.0f);
    }
    CHECK(mse == -7.0);
  };
  const auto message_has = [](const char* what) {
    CHECK(std::string(qrange_last_error()).find(what) != std::string::npos);
  };

  CHECK(qrange_quantize_f32_u8(x, 4, nullptr, q8) == QRANGE_ERROR_NULL_POINTER);
  message_has("p is NULL");
  CHECK(qrange_quantize_f32_u8(nullptr, 4, &good, q8) == QRANGE_ERROR_NULL_POINTER);
  message_has("x is NULL");
  CHECK(qrange_quantize_f32_u8(x, 4, &good, nullptr) == QRANGE_ERROR_NULL_POINTER);
  message_has("q is NULL");
  CHECK(qrange_dequantize_u8_f32(nullptr, 4, &good, out) == QRANGE_ERROR_NULL_POINTER);
  CHECK(qrange_dequantize_u8_f32(q8, 4, &good, nullptr) == QRANGE_ERROR_NULL_POINTER);
  CHECK(qrange_dequantize_u8_f32(q8, 4, nullptr, out) == QRANGE_ERROR_NULL_POINTER);
  CHECK(qrange_quantization_mse_f32(x, 4, &good, nullptr) == QRANGE_ERROR_NULL_POINTER);
  CHECK(qrange_quantization_mse_f32(nullptr, 4, &good, &mse) == QRANGE_ERROR_NULL_POINTER);
  CHECK(qrange_quantization_mse_f32(x, 4, nullptr, &mse) == QRANGE_ERROR_NULL_POINTER);

  const float nan = std::nanf("");
  const qrange_params bad[] = {
      {0.5f, 0, 0, 256},         // beyond u8
      {0.5f, 0, -1, 255},        // beyond u8
      {0.5f, 0, 5, 5},           // qmin == qmax
      {0.5f, 0, 9, 5},           // qmin > qmax
      {0.5f, (1 << 24) + 1, 0, 255},
      {0.5f, -(1 << 24) - 1, 0, 255},
      {0.0f, 0, 0, 255},
      {-0.5f, 0, 0, 255},
      {nan, 0, 0, 255},
      {kInf, 0, 0, 255},
  };
  for (const qrange_params& p : bad) {
    CAPTURE(p.scale);
    CAPTURE(p.qmin);
    CAPTURE(p.qmax);
    CAPTURE(p.zero_point);
    CHECK(qrange_quantize_f32_u8(x, 4, &p, q8) == QRANGE_ERROR_INVALID_ARGUMENT);
    CHECK(qrange_quantize_f32_u8(x, 0, &p, q8) == QRANGE_ERROR_INVALID_ARGUMENT);
    CHECK(qrange_dequantize_u8_f32(q8, 4, &p, out) == QRANGE_ERROR_INVALID_ARGUMENT);
    const bool int32_ok = p.qmin < p.qmax && (p.qmin < 0 || p.qmax > 255);
    if (!int32_ok) CHECK(qrange_quantization_mse_f32(x, 4, &p, &mse) == QRANGE_ERROR_INVALID_ARGUMENT);
  }
  message_has("scale");
  const qrange_params i16_only{0.5f, 0, -300, 300};
  CHECK(qrange_quantize_f32_i8(x, 4, &i16_only, reinterpret_cast<std::int8_t*>(q8)) == QRANGE_ERROR_INVALID_ARGUMENT);
  message_has("qmin");
  CHECK(qrange_dequantize_i8_f32(reinterpret_cast<const std::int8_t*>(q8), 4, &i16_only, out) ==
        QRANGE_ERROR_INVALID_ARGUMENT);
  const qrange_params u16_only{0.5f, 0, 0, 65535};
  CHECK(qrange_quantize_f32_i16(x, 4, &u16_only, q16) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(qrange_dequantize_i16_f32(q16, 4, &u16_only, out) == QRANGE_ERROR_INVALID_ARGUMENT);
  const qrange_params i16_wide{0.5f, 0, -32769, 0};
  std::uint16_t qu16[4] = {9, 9, 9, 9};
  CHECK(qrange_quantize_f32_u16(x, 4, &i16_wide, qu16) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(qrange_quantize_f32_i16(x, 4, &i16_wide, q16) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(qu16[0] == 9);
  untouched();

  const float none[2] = {nan, -kInf};
  CHECK(qrange_quantization_mse_f32(none, 2, &good, &mse) == QRANGE_ERROR_EMPTY_INPUT);
  message_has("no finite value");
  CHECK(qrange_quantization_mse_f32(nullptr, 0, &good, &mse) == QRANGE_ERROR_EMPTY_INPUT);
  untouched();

  // n == 0 is a no-op, NULL buffers allowed.
  CHECK(qrange_quantize_f32_u8(nullptr, 0, &good, nullptr) == QRANGE_OK);
  CHECK(qrange_dequantize_u8_f32(nullptr, 0, &good, nullptr) == QRANGE_OK);
}

TEST_CASE("C++ API: typed quantize/dequantize/mse and qrange::error") {
  const std::vector<float> x{-0.5f, 0.0f, 0.26f, 100.0f, std::nanf("")};
  const qrange::params p = qrange::choose_params(qrange::range{-1.0f, 1.0f}, 8, true, QRANGE_SYMMETRIC);
  CHECK(p.zero_point == 0);
  const auto q = qrange::quantize<std::int8_t>(x, p);
  CHECK(q == std::vector<std::int8_t>{-64, 0, 33, 127, 0});
  const auto back = qrange::dequantize(q, p);
  CHECK(back[1] == 0.0f);
  CHECK(back[4] == 0.0f);
  std::uint16_t q16[5];
  qrange::quantize(x.data(), x.size(), qrange::choose_params(qrange::range{-1.0f, 1.0f}, 16, false), q16);
  CHECK(q16[4] == q16[1]);  // NaN and 0.0 both to the zero point
  CHECK(qrange::quantization_mse(x.data(), 3, p) < 1e-4);
  try {
    qrange::quantize<std::uint8_t>(x, p);  // zero point 0 with [-128, 127]: outside u8
    FAIL("expected qrange::error");
  } catch (const qrange::error& e) {
    CHECK(e.code() == QRANGE_ERROR_INVALID_ARGUMENT);
  }
  CHECK_THROWS_AS(qrange::choose_params(qrange::range{0.0f, 1.0f}, 17, false), qrange::error);
  CHECK_THROWS_AS(qrange::quantization_mse(std::vector<float>{}, p), qrange::error);
}
