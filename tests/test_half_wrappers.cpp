// The C++ wrappers of the float16 and bfloat16 functions, without a context:
// each reaches the C function of its element type (the same bits are other
// values as float16 and as bfloat16), and neither type is taken for the
// other, nor are raw bit patterns taken for either.
#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

// Whether qrange::minmax(const X*, n) compiles.
template <class X, class = void>
struct minmax_takes : std::false_type {};
template <class X>
struct minmax_takes<X, std::void_t<decltype(qrange::minmax(std::declval<const X*>(), std::size_t{}))>>
    : std::true_type {};

// Whether qrange::dequantize(const std::uint8_t*, n, p, X*) compiles.
template <class X, class = void>
struct dequantizes_to : std::false_type {};
template <class X>
struct dequantizes_to<X, std::void_t<decltype(qrange::dequantize(std::declval<const std::uint8_t*>(), std::size_t{},
                                                                 std::declval<const qrange::params&>(),
                                                                 std::declval<X*>()))>> : std::true_type {};

// Whether qrange::observer::update(const X*, n) compiles.
template <class X, class = void>
struct observer_takes : std::false_type {};
template <class X>
struct observer_takes<X, std::void_t<decltype(std::declval<qrange::observer&>().update(std::declval<const X*>(),
                                                                                        std::size_t{}))>>
    : std::true_type {};

static_assert(minmax_takes<float>::value && minmax_takes<qrange::float16>::value &&
              minmax_takes<qrange::bfloat16>::value);
static_assert(!minmax_takes<std::uint16_t>::value && !minmax_takes<std::int16_t>::value,
              "bit patterns must say which 16-bit float they are");
static_assert(dequantizes_to<float>::value && dequantizes_to<qrange::float16>::value &&
              dequantizes_to<qrange::bfloat16>::value);
static_assert(!dequantizes_to<std::uint16_t>::value);
static_assert(observer_takes<qrange::float16>::value && observer_takes<qrange::bfloat16>::value &&
              !observer_takes<std::uint16_t>::value);
static_assert(!std::is_convertible_v<const qrange::float16*, const qrange::bfloat16*> &&
                  !std::is_convertible_v<const qrange::bfloat16*, const qrange::float16*>,
              "a tensor of one 16-bit type is not one of the other");
static_assert(!std::is_convertible_v<qrange::float16, qrange::bfloat16> &&
              !std::is_convertible_v<qrange::bfloat16, qrange::float16>);

// The bits 0x3f80 and 0x3c00: 1.875 and 1 as float16, 1 and 2^-7 as
// bfloat16.
constexpr std::uint16_t kBits[2] = {0x3f80, 0x3c00};

template <class H>
std::vector<H> tensor() {
  return {H{kBits[0]}, H{kBits[1]}};
}
template <class H>
std::vector<float> widened() {
  return std::is_same_v<H, qrange::float16> ? std::vector<float>{1.875f, 1.0f} : std::vector<float>{1.0f, 0x1p-7f};
}

bool same(const qrange::params& a, const qrange::params& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

template <class H>
void check_wrappers() {
  const std::vector<H> x = tensor<H>();
  const std::vector<float> f = widened<H>();
  const qrange::minmax_result m = qrange::minmax(x.data(), 2);
  CHECK(m.r.min == f[1]);
  CHECK(m.r.max == f[0]);
  CHECK(qrange::percentile_range(x.data(), 2, 100.0, qrange::percentile_mode::exact).max == f[0]);
  CHECK(qrange::histogram(x.data(), 2, {0.0f, 2.0f}, 4).counts == qrange::histogram(f, {0.0f, 2.0f}, 4).counts);
  const qrange::params p{0.125f, 0, 0, 255};
  CHECK(qrange::quantization_mse(x.data(), 2, p) == qrange::quantization_mse(f, p));
  const qrange::calibration c = qrange::make_calibration(qrange::method::mse);
  CHECK(same(qrange::calibrate(x.data(), 2, c).p, qrange::calibrate(f, c).p));
  qrange::observer o(16);
  o.update(x.data(), 2);
  CHECK(o.stats().range.min == f[1]);

  std::uint8_t q[2] = {}, qf[2] = {};
  qrange::quantize(x.data(), 2, p, q);
  qrange::quantize(f.data(), 2, p, qf);
  CHECK(std::vector<std::uint8_t>(q, q + 2) == std::vector<std::uint8_t>(qf, qf + 2));
  // 8 and 15 eighths: 1 and 1.875.
  const std::uint8_t eighths[2] = {8, 15};
  H back[2] = {};
  qrange::dequantize(eighths, 2, p, back);
  const bool f16 = std::is_same_v<H, qrange::float16>;
  CHECK(back[0].bits == (f16 ? 0x3c00 : 0x3f80));
  CHECK(back[1].bits == (f16 ? 0x3f80 : 0x3ff0));

  // Per axis, one group per value.
  const qrange::axis_view v({2}, 0);
  const std::vector<qrange_range> r = qrange::minmax(x.data(), v);
  CHECK(r[0].min == f[0]);
  CHECK(r[1].max == f[1]);
  const std::vector<qrange::params> gp = qrange::calibrate(x.data(), v, c).p;
  CHECK(gp.size() == 2);
  CHECK(qrange::quantization_mse(x.data(), v, gp) == qrange::quantization_mse(f.data(), v, gp));
  qrange::quantize(x.data(), v, gp, q);
  qrange::quantize(f.data(), v, gp, qf);
  CHECK(std::vector<std::uint8_t>(q, q + 2) == std::vector<std::uint8_t>(qf, qf + 2));
  const std::vector<qrange::params> same_p(2, p);
  qrange::dequantize(eighths, v, same_p, back);
  CHECK(back[0].bits == (f16 ? 0x3c00 : 0x3f80));
}

}  // namespace

TEST_CASE("C++ wrappers: float16 tensors reach the _f16 functions") { check_wrappers<qrange::float16>(); }
TEST_CASE("C++ wrappers: bfloat16 tensors reach the _bf16 functions") { check_wrappers<qrange::bfloat16>(); }
