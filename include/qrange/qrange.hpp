// qrange C++17 API: inline wrappers over the stable C ABI of qrange.h, so that
// no C++ type crosses the library boundary. Errors throw qrange::error, which
// carries the status and the message.
#ifndef QRANGE_QRANGE_HPP
#define QRANGE_QRANGE_HPP

#include <qrange/qrange.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace qrange {

using status = qrange_status;
using range = qrange_range;

class error : public std::runtime_error {
 public:
  error(status s, const std::string& message) : std::runtime_error(message), status_(s) {}
  status code() const noexcept { return status_; }

 private:
  status status_;
};

namespace detail {
inline void check(status s) {
  if (s != QRANGE_OK) throw error(s, qrange_last_error());
}
}  // namespace detail

inline std::string version() { return qrange_version(); }
inline std::string active_isa() { return qrange_active_isa(); }
inline void set_isa(const std::string& name) { detail::check(qrange_set_isa(name.c_str())); }
inline void set_num_threads(int n) { detail::check(qrange_set_num_threads(n)); }

using isa_info = qrange_isa_info;

// Every ISA qrange knows, scalar first, each compiled in or not.
inline std::vector<isa_info> isas() {
  std::vector<isa_info> out(qrange_isa_count());
  for (std::size_t i = 0; i < out.size(); ++i) detail::check(qrange_isa_info_at(i, &out[i]));
  return out;
}

// How one call runs (qrange.h, qrange_context): every function below also
// takes one as its first argument.
using context = qrange_context;
inline context make_context(int num_threads = 0, const char* isa = nullptr,
                            qrange_parallel_for_fn parallel_for = nullptr, void* pool = nullptr) {
  context c = QRANGE_CONTEXT_INIT;
  c.num_threads = num_threads;
  c.isa = isa;
  c.parallel_for = parallel_for;
  c.pool = pool;
  return c;
}

struct minmax_result {
  range r;
  std::uint64_t nonfinite;
};

inline minmax_result minmax(const float* x, std::size_t n) {
  minmax_result res{};
  detail::check(qrange_minmax_f32(x, n, &res.r, &res.nonfinite));
  return res;
}
inline minmax_result minmax(const std::vector<float>& x) { return minmax(x.data(), x.size()); }
inline minmax_result minmax(const context& ctx, const float* x, std::size_t n) {
  minmax_result res{};
  detail::check(qrange_minmax_f32_ex(&ctx, x, n, &res.r, &res.nonfinite));
  return res;
}

struct histogram_result {
  std::vector<std::uint64_t> counts;
  std::uint64_t below;
  std::uint64_t above;
};

namespace detail {
// bins outside [1, 2^24] get no counts: qrange_histogram_f32 checks bins
// first and throws qrange::error, where allocating them could have thrown
// std::length_error or std::bad_alloc (or taken 128 MiB only to be refused).
inline histogram_result histogram_for(std::size_t bins) {
  constexpr std::size_t max_bins = std::size_t{1} << 24;
  return {std::vector<std::uint64_t>(bins >= 1 && bins <= max_bins ? bins : 0), 0, 0};
}
}  // namespace detail

inline histogram_result histogram(const float* x, std::size_t n, range r, std::size_t bins) {
  histogram_result res = detail::histogram_for(bins);
  detail::check(qrange_histogram_f32(x, n, r, bins, res.counts.data(), &res.below, &res.above));
  return res;
}
inline histogram_result histogram(const context& ctx, const float* x, std::size_t n, range r, std::size_t bins) {
  histogram_result res = detail::histogram_for(bins);
  detail::check(qrange_histogram_f32_ex(&ctx, x, n, r, bins, res.counts.data(), &res.below, &res.above));
  return res;
}
inline histogram_result histogram(const std::vector<float>& x, range r, std::size_t bins) {
  return histogram(x.data(), x.size(), r, bins);
}

enum class percentile_mode { approximate = 0, exact = 1 };

inline range percentile_range(const float* x, std::size_t n, double percentile = 99.99,
                              percentile_mode mode = percentile_mode::approximate, std::size_t bins = 0) {
  range r{};
  detail::check(qrange_percentile_range_f32(x, n, percentile, bins, static_cast<int>(mode), &r));
  return r;
}
inline range percentile_range(const context& ctx, const float* x, std::size_t n, double percentile = 99.99,
                              percentile_mode mode = percentile_mode::approximate, std::size_t bins = 0) {
  range r{};
  detail::check(qrange_percentile_range_f32_ex(&ctx, x, n, percentile, bins, static_cast<int>(mode), &r));
  return r;
}
inline range percentile_range(const std::vector<float>& x, double percentile = 99.99,
                              percentile_mode mode = percentile_mode::approximate, std::size_t bins = 0) {
  return percentile_range(x.data(), x.size(), percentile, mode, bins);
}

// ---- Quantization ---------------------------------------------------------

using params = qrange_params;
using scheme = qrange_scheme;

inline params choose_params(range r, std::int32_t qmin, std::int32_t qmax, scheme s = QRANGE_ASYMMETRIC,
                            bool include_zero = true) {
  params p{};
  detail::check(qrange_choose_params(r, qmin, qmax, s, include_zero ? 1 : 0, &p));
  return p;
}

// The integers of a quantization grid, as choose_params takes them.
struct grid {
  std::int32_t qmin, qmax;
};

namespace detail {
// grid_of_bits below, naming `caller` when `bits` is outside 1..16.
inline grid grid_of_bits(int bits, bool is_signed, const char* caller) {
  if (bits < 1 || bits > 16)
    throw error(QRANGE_ERROR_INVALID_ARGUMENT,
                std::string(caller) + ": bits = " + std::to_string(bits) + " is outside 1..16");
  const std::int32_t levels = (std::int32_t{1} << bits) - 1;
  const std::int32_t qmin = is_signed ? -(std::int32_t{1} << (bits - 1)) : 0;
  return {qmin, qmin + levels};
}
}  // namespace detail

// The grid of a `bits`-bit integer (1..16): [0, 2^bits - 1] or
// [-2^(bits-1), 2^(bits-1) - 1].
inline grid grid_of_bits(int bits, bool is_signed) {
  return detail::grid_of_bits(bits, is_signed, "qrange::grid_of_bits");
}

// choose_params on grid_of_bits(bits, is_signed).
inline params choose_params(range r, int bits, bool is_signed, scheme s = QRANGE_ASYMMETRIC,
                            bool include_zero = true) {
  const grid g = detail::grid_of_bits(bits, is_signed, "qrange::choose_params");
  return choose_params(r, g.qmin, g.qmax, s, include_zero);
}

// ---- Range by method name --------------------------------------------------

enum class range_method { minmax, percentile, percentile_exact };

inline const char* to_string(range_method m) {
  switch (m) {
    case range_method::minmax: return "minmax";
    case range_method::percentile: return "percentile";
    case range_method::percentile_exact: return "percentile_exact";
  }
  return "unknown range_method";  // a value cast from outside the enum
}

// Exactly the names of to_string: for command lines and configuration files.
inline range_method parse_range_method(std::string_view name) {
  constexpr range_method all[] = {range_method::minmax, range_method::percentile, range_method::percentile_exact};
  for (range_method m : all)
    if (name == to_string(m)) return m;
  throw error(QRANGE_ERROR_INVALID_ARGUMENT, "qrange::parse_range_method: unknown range method \"" + std::string(name) +
                                                 "\"; expected minmax, percentile or percentile_exact");
}

struct range_options {
  range_method method = range_method::percentile;
  double percentile = 99.99;  // the percentile methods only, in [50, 100]
  std::size_t bins = 0;       // the percentile methods only; 0: 2048
};

inline range compute_range(const float* x, std::size_t n, const range_options& o = {}) {
  switch (o.method) {
    case range_method::minmax: return qrange::minmax(x, n).r;
    case range_method::percentile: return percentile_range(x, n, o.percentile, percentile_mode::approximate, o.bins);
    case range_method::percentile_exact: return percentile_range(x, n, o.percentile, percentile_mode::exact, o.bins);
  }
  // A value cast from outside the enum: refused as the C API refuses one.
  throw error(QRANGE_ERROR_INVALID_ARGUMENT,
              "qrange::compute_range: unknown range_method " + std::to_string(static_cast<int>(o.method)));
}
inline range compute_range(const std::vector<float>& x, const range_options& o = {}) {
  return compute_range(x.data(), x.size(), o);
}
inline range compute_range(const float* x, std::size_t n, std::string_view method, double percentile = 99.99) {
  return compute_range(x, n, range_options{parse_range_method(method), percentile});
}

// compute_range, then the grid of a `bits`-bit integer as choose_params;
// `bits` is checked first, before any pass over the data.
inline params calibrate(const float* x, std::size_t n, int bits, bool is_signed, const range_options& o = {},
                        scheme s = QRANGE_ASYMMETRIC, bool include_zero = true) {
  const grid g = detail::grid_of_bits(bits, is_signed, "qrange::calibrate");
  return choose_params(compute_range(x, n, o), g.qmin, g.qmax, s, include_zero);
}
inline params calibrate(const std::vector<float>& x, int bits, bool is_signed, const range_options& o = {},
                        scheme s = QRANGE_ASYMMETRIC, bool include_zero = true) {
  return calibrate(x.data(), x.size(), bits, is_signed, o, s, include_zero);
}

// ---- Calibration: parameters by a method (docs/calibration.md) ------------

enum class method {
  minmax = QRANGE_METHOD_MINMAX,
  percentile = QRANGE_METHOD_PERCENTILE,
  mse = QRANGE_METHOD_MSE,
  entropy = QRANGE_METHOD_ENTROPY
};

inline const char* to_string(method m) {
  switch (m) {
    case method::minmax: return "minmax";
    case method::percentile: return "percentile";
    case method::mse: return "mse";
    case method::entropy: return "entropy";
  }
  return "unknown method";  // a value cast from outside the enum
}

// Exactly the names of to_string, as the command takes them.
inline method parse_method(std::string_view name) {
  constexpr method all[] = {method::minmax, method::percentile, method::mse, method::entropy};
  for (method m : all)
    if (name == to_string(m)) return m;
  throw error(QRANGE_ERROR_INVALID_ARGUMENT, "qrange::parse_method: unknown method \"" + std::string(name) +
                                                 "\"; expected minmax, percentile, mse or entropy");
}

using calibration = qrange_calibration;

// A qrange_calibration (QRANGE_CALIBRATION_INIT) for method m on the grid
// [qmin, qmax]; set percentile, bins or exact on the result as needed.
inline calibration make_calibration(method m, std::int32_t qmin = 0, std::int32_t qmax = 255,
                                    scheme s = QRANGE_ASYMMETRIC, bool include_zero = true) {
  calibration c = QRANGE_CALIBRATION_INIT;
  c.method = static_cast<qrange_method>(m);
  c.qmin = qmin;
  c.qmax = qmax;
  c.scheme = s;
  c.include_zero = include_zero ? 1 : 0;
  return c;
}
// The same with the method by name and the grid of a `bits`-bit integer.
inline calibration make_calibration(std::string_view m, int bits, bool is_signed, scheme s = QRANGE_ASYMMETRIC,
                                    bool include_zero = true) {
  const grid g = detail::grid_of_bits(bits, is_signed, "qrange::make_calibration");
  return make_calibration(parse_method(m), g.qmin, g.qmax, s, include_zero);
}

struct calibration_result {
  params p;
  double mse;  // the exact quantization MSE of p over the data
};

inline calibration_result calibrate(const context& ctx, const float* x, std::size_t n, const calibration& c) {
  calibration_result r{};
  detail::check(qrange_calibrate_f32(&ctx, x, n, &c, &r.p, &r.mse));
  return r;
}
inline calibration_result calibrate(const float* x, std::size_t n, const calibration& c) {
  calibration_result r{};
  detail::check(qrange_calibrate_f32(nullptr, x, n, &c, &r.p, &r.mse));
  return r;
}
inline calibration_result calibrate(const std::vector<float>& x, const calibration& c) {
  return calibrate(x.data(), x.size(), c);
}

inline void quantize(const float* x, std::size_t n, const params& p, std::uint8_t* q) {
  detail::check(qrange_quantize_f32_u8(x, n, &p, q));
}
inline void quantize(const context& ctx, const float* x, std::size_t n, const params& p, std::uint8_t* q) {
  detail::check(qrange_quantize_f32_u8_ex(&ctx, x, n, &p, q));
}
inline void quantize(const float* x, std::size_t n, const params& p, std::int8_t* q) {
  detail::check(qrange_quantize_f32_i8(x, n, &p, q));
}
inline void quantize(const context& ctx, const float* x, std::size_t n, const params& p, std::int8_t* q) {
  detail::check(qrange_quantize_f32_i8_ex(&ctx, x, n, &p, q));
}
inline void quantize(const float* x, std::size_t n, const params& p, std::uint16_t* q) {
  detail::check(qrange_quantize_f32_u16(x, n, &p, q));
}
inline void quantize(const context& ctx, const float* x, std::size_t n, const params& p, std::uint16_t* q) {
  detail::check(qrange_quantize_f32_u16_ex(&ctx, x, n, &p, q));
}
inline void quantize(const float* x, std::size_t n, const params& p, std::int16_t* q) {
  detail::check(qrange_quantize_f32_i16(x, n, &p, q));
}
inline void quantize(const context& ctx, const float* x, std::size_t n, const params& p, std::int16_t* q) {
  detail::check(qrange_quantize_f32_i16_ex(&ctx, x, n, &p, q));
}
// T is std::uint8_t, std::int8_t, std::uint16_t or std::int16_t.
template <class T>
std::vector<T> quantize(const std::vector<float>& x, const params& p) {
  std::vector<T> q(x.size());
  quantize(x.data(), x.size(), p, q.data());
  return q;
}

inline void dequantize(const std::uint8_t* q, std::size_t n, const params& p, float* x) {
  detail::check(qrange_dequantize_u8_f32(q, n, &p, x));
}
inline void dequantize(const context& ctx, const std::uint8_t* q, std::size_t n, const params& p, float* x) {
  detail::check(qrange_dequantize_u8_f32_ex(&ctx, q, n, &p, x));
}
inline void dequantize(const std::int8_t* q, std::size_t n, const params& p, float* x) {
  detail::check(qrange_dequantize_i8_f32(q, n, &p, x));
}
inline void dequantize(const context& ctx, const std::int8_t* q, std::size_t n, const params& p, float* x) {
  detail::check(qrange_dequantize_i8_f32_ex(&ctx, q, n, &p, x));
}
inline void dequantize(const std::uint16_t* q, std::size_t n, const params& p, float* x) {
  detail::check(qrange_dequantize_u16_f32(q, n, &p, x));
}
inline void dequantize(const context& ctx, const std::uint16_t* q, std::size_t n, const params& p, float* x) {
  detail::check(qrange_dequantize_u16_f32_ex(&ctx, q, n, &p, x));
}
inline void dequantize(const std::int16_t* q, std::size_t n, const params& p, float* x) {
  detail::check(qrange_dequantize_i16_f32(q, n, &p, x));
}
inline void dequantize(const context& ctx, const std::int16_t* q, std::size_t n, const params& p, float* x) {
  detail::check(qrange_dequantize_i16_f32_ex(&ctx, q, n, &p, x));
}
template <class T>
std::vector<float> dequantize(const std::vector<T>& q, const params& p) {
  std::vector<float> x(q.size());
  dequantize(q.data(), q.size(), p, x.data());
  return x;
}

inline double quantization_mse(const float* x, std::size_t n, const params& p) {
  double mse = 0.0;
  detail::check(qrange_quantization_mse_f32(x, n, &p, &mse));
  return mse;
}
inline double quantization_mse(const std::vector<float>& x, const params& p) {
  return quantization_mse(x.data(), x.size(), p);
}
inline double quantization_mse(const context& ctx, const float* x, std::size_t n, const params& p) {
  double mse = 0.0;
  detail::check(qrange_quantization_mse_f32_ex(&ctx, x, n, &p, &mse));
  return mse;
}

// ONNX DynamicQuantizeLinear: quantizes x to q[0..n) and returns the parameters.
inline params dynamic_quantize(const float* x, std::size_t n, std::uint8_t* q) {
  params p{};
  detail::check(qrange_dynamic_quantize_f32_u8(nullptr, x, n, q, &p));
  return p;
}
inline params dynamic_quantize(const context& ctx, const float* x, std::size_t n, std::uint8_t* q) {
  params p{};
  detail::check(qrange_dynamic_quantize_f32_u8(&ctx, x, n, q, &p));
  return p;
}

// ---- float16 and bfloat16 tensors (docs/half_types.md) ---------------------

// A float16 (IEEE binary16) or a bfloat16 value, as its bit pattern. Two
// types, so that a tensor of one cannot be passed as the other; an array of
// either is an array of uint16_t bit patterns, as the C API takes them.
struct float16 {
  std::uint16_t bits;
};
struct bfloat16 {
  std::uint16_t bits;
};
static_assert(sizeof(float16) == 2 && sizeof(bfloat16) == 2, "16-bit floats are their bit patterns");

namespace detail {
template <class H>
using if_half = std::enable_if_t<std::is_same_v<H, float16> || std::is_same_v<H, bfloat16>, int>;
template <class H>
const std::uint16_t* bits(const H* x) {
  return reinterpret_cast<const std::uint16_t*>(x);
}
template <class H>
std::uint16_t* bits(H* x) {
  return reinterpret_cast<std::uint16_t*>(x);
}

// The C function of each operation for each 16-bit type.
template <class H>
struct half_fns;
template <>
struct half_fns<float16> {
  static constexpr auto minmax = &qrange_minmax_f16;
  static constexpr auto histogram = &qrange_histogram_f16;
  static constexpr auto percentile_range = &qrange_percentile_range_f16;
  static constexpr auto mse = &qrange_quantization_mse_f16;
  static constexpr auto observer_update = &qrange_observer_update_f16;
  static constexpr auto calibrate = &qrange_calibrate_f16;
  static constexpr auto minmax_axis = &qrange_minmax_axis_f16;
  static constexpr auto calibrate_axis = &qrange_calibrate_axis_f16;
  static constexpr auto mse_axis = &qrange_quantization_mse_axis_f16;
  static constexpr auto quantize_axis_u4 = &qrange_quantize_axis_f16_u4;
  static constexpr auto quantize_axis_i4 = &qrange_quantize_axis_f16_i4;
  static constexpr auto dequantize_axis_u4 = &qrange_dequantize_axis_u4_f16;
  static constexpr auto dequantize_axis_i4 = &qrange_dequantize_axis_i4_f16;
  static constexpr auto quantize(std::uint8_t*) { return &qrange_quantize_f16_u8; }
  static constexpr auto quantize(std::int8_t*) { return &qrange_quantize_f16_i8; }
  static constexpr auto quantize(std::uint16_t*) { return &qrange_quantize_f16_u16; }
  static constexpr auto quantize(std::int16_t*) { return &qrange_quantize_f16_i16; }
  static constexpr auto quantize_axis(std::uint8_t*) { return &qrange_quantize_axis_f16_u8; }
  static constexpr auto quantize_axis(std::int8_t*) { return &qrange_quantize_axis_f16_i8; }
  static constexpr auto quantize_axis(std::uint16_t*) { return &qrange_quantize_axis_f16_u16; }
  static constexpr auto quantize_axis(std::int16_t*) { return &qrange_quantize_axis_f16_i16; }
  static constexpr auto dequantize(const std::uint8_t*) { return &qrange_dequantize_u8_f16; }
  static constexpr auto dequantize(const std::int8_t*) { return &qrange_dequantize_i8_f16; }
  static constexpr auto dequantize(const std::uint16_t*) { return &qrange_dequantize_u16_f16; }
  static constexpr auto dequantize(const std::int16_t*) { return &qrange_dequantize_i16_f16; }
  static constexpr auto dequantize_axis(const std::uint8_t*) { return &qrange_dequantize_axis_u8_f16; }
  static constexpr auto dequantize_axis(const std::int8_t*) { return &qrange_dequantize_axis_i8_f16; }
  static constexpr auto dequantize_axis(const std::uint16_t*) { return &qrange_dequantize_axis_u16_f16; }
  static constexpr auto dequantize_axis(const std::int16_t*) { return &qrange_dequantize_axis_i16_f16; }
};
template <>
struct half_fns<bfloat16> {
  static constexpr auto minmax = &qrange_minmax_bf16;
  static constexpr auto histogram = &qrange_histogram_bf16;
  static constexpr auto percentile_range = &qrange_percentile_range_bf16;
  static constexpr auto mse = &qrange_quantization_mse_bf16;
  static constexpr auto observer_update = &qrange_observer_update_bf16;
  static constexpr auto calibrate = &qrange_calibrate_bf16;
  static constexpr auto minmax_axis = &qrange_minmax_axis_bf16;
  static constexpr auto calibrate_axis = &qrange_calibrate_axis_bf16;
  static constexpr auto mse_axis = &qrange_quantization_mse_axis_bf16;
  static constexpr auto quantize_axis_u4 = &qrange_quantize_axis_bf16_u4;
  static constexpr auto quantize_axis_i4 = &qrange_quantize_axis_bf16_i4;
  static constexpr auto dequantize_axis_u4 = &qrange_dequantize_axis_u4_bf16;
  static constexpr auto dequantize_axis_i4 = &qrange_dequantize_axis_i4_bf16;
  static constexpr auto quantize(std::uint8_t*) { return &qrange_quantize_bf16_u8; }
  static constexpr auto quantize(std::int8_t*) { return &qrange_quantize_bf16_i8; }
  static constexpr auto quantize(std::uint16_t*) { return &qrange_quantize_bf16_u16; }
  static constexpr auto quantize(std::int16_t*) { return &qrange_quantize_bf16_i16; }
  static constexpr auto quantize_axis(std::uint8_t*) { return &qrange_quantize_axis_bf16_u8; }
  static constexpr auto quantize_axis(std::int8_t*) { return &qrange_quantize_axis_bf16_i8; }
  static constexpr auto quantize_axis(std::uint16_t*) { return &qrange_quantize_axis_bf16_u16; }
  static constexpr auto quantize_axis(std::int16_t*) { return &qrange_quantize_axis_bf16_i16; }
  static constexpr auto dequantize(const std::uint8_t*) { return &qrange_dequantize_u8_bf16; }
  static constexpr auto dequantize(const std::int8_t*) { return &qrange_dequantize_i8_bf16; }
  static constexpr auto dequantize(const std::uint16_t*) { return &qrange_dequantize_u16_bf16; }
  static constexpr auto dequantize(const std::int16_t*) { return &qrange_dequantize_i16_bf16; }
  static constexpr auto dequantize_axis(const std::uint8_t*) { return &qrange_dequantize_axis_u8_bf16; }
  static constexpr auto dequantize_axis(const std::int8_t*) { return &qrange_dequantize_axis_i8_bf16; }
  static constexpr auto dequantize_axis(const std::uint16_t*) { return &qrange_dequantize_axis_u16_bf16; }
  static constexpr auto dequantize_axis(const std::int16_t*) { return &qrange_dequantize_axis_i16_bf16; }
};
}  // namespace detail

// The float32 functions above, on a tensor of float16 or bfloat16 values
// (H is qrange::float16 or qrange::bfloat16): the same results as on the
// tensor widened to float32. T is std::uint8_t, std::int8_t, std::uint16_t
// or std::int16_t.
template <class H, detail::if_half<H> = 0>
minmax_result minmax(const context& ctx, const H* x, std::size_t n) {
  minmax_result res{};
  detail::check(detail::half_fns<H>::minmax(&ctx, detail::bits(x), n, &res.r, &res.nonfinite));
  return res;
}
template <class H, detail::if_half<H> = 0>
minmax_result minmax(const H* x, std::size_t n) {
  return minmax(make_context(), x, n);
}
template <class H, detail::if_half<H> = 0>
histogram_result histogram(const context& ctx, const H* x, std::size_t n, range r, std::size_t bins) {
  histogram_result res = detail::histogram_for(bins);
  detail::check(
      detail::half_fns<H>::histogram(&ctx, detail::bits(x), n, r, bins, res.counts.data(), &res.below, &res.above));
  return res;
}
template <class H, detail::if_half<H> = 0>
histogram_result histogram(const H* x, std::size_t n, range r, std::size_t bins) {
  return histogram(make_context(), x, n, r, bins);
}
template <class H, detail::if_half<H> = 0>
range percentile_range(const context& ctx, const H* x, std::size_t n, double percentile = 99.99,
                       percentile_mode mode = percentile_mode::approximate, std::size_t bins = 0) {
  range r{};
  detail::check(detail::half_fns<H>::percentile_range(&ctx, detail::bits(x), n, percentile, bins,
                                                      static_cast<int>(mode), &r));
  return r;
}
template <class H, detail::if_half<H> = 0>
range percentile_range(const H* x, std::size_t n, double percentile = 99.99,
                       percentile_mode mode = percentile_mode::approximate, std::size_t bins = 0) {
  return percentile_range(make_context(), x, n, percentile, mode, bins);
}
template <class H, class T, detail::if_half<H> = 0>
void quantize(const context& ctx, const H* x, std::size_t n, const params& p, T* q) {
  detail::check(detail::half_fns<H>::quantize(q)(&ctx, detail::bits(x), n, &p, q));
}
template <class H, class T, detail::if_half<H> = 0>
void quantize(const H* x, std::size_t n, const params& p, T* q) {
  quantize(make_context(), x, n, p, q);
}
// Dequantized to float16 or bfloat16, rounded to nearest even (overflow:
// +-Inf).
template <class T, class H, detail::if_half<H> = 0>
void dequantize(const context& ctx, const T* q, std::size_t n, const params& p, H* x) {
  detail::check(detail::half_fns<H>::dequantize(q)(&ctx, q, n, &p, detail::bits(x)));
}
template <class T, class H, detail::if_half<H> = 0>
void dequantize(const T* q, std::size_t n, const params& p, H* x) {
  dequantize(make_context(), q, n, p, x);
}
template <class H, detail::if_half<H> = 0>
double quantization_mse(const context& ctx, const H* x, std::size_t n, const params& p) {
  double mse = 0.0;
  detail::check(detail::half_fns<H>::mse(&ctx, detail::bits(x), n, &p, &mse));
  return mse;
}
template <class H, detail::if_half<H> = 0>
double quantization_mse(const H* x, std::size_t n, const params& p) {
  return quantization_mse(make_context(), x, n, p);
}
template <class H, detail::if_half<H> = 0>
calibration_result calibrate(const context& ctx, const H* x, std::size_t n, const calibration& c) {
  calibration_result r{};
  detail::check(detail::half_fns<H>::calibrate(&ctx, detail::bits(x), n, &c, &r.p, &r.mse));
  return r;
}
template <class H, detail::if_half<H> = 0>
calibration_result calibrate(const H* x, std::size_t n, const calibration& c) {
  return calibrate(make_context(), x, n, c);
}

// ---- Per-axis and blocked quantization (docs/per_axis.md) -----------------

// A tensor's shape and the axis its parameters run along (qrange_layout):
// block_size 0 for one set per index along the axis, B > 0 for blocks of B.
class axis_view {
 public:
  axis_view(std::vector<std::size_t> shape, std::int64_t axis, std::size_t block_size = 0)
      : shape_(std::move(shape)), axis_(axis), block_size_(block_size) {}

  qrange_layout c() const {
    qrange_layout l = QRANGE_LAYOUT_INIT;
    l.shape = shape_.data();
    l.rank = shape_.size();
    l.axis = axis_;
    l.block_size = block_size_;
    return l;
  }
  const std::vector<std::size_t>& shape() const noexcept { return shape_; }
  std::int64_t axis() const noexcept { return axis_; }
  std::size_t block_size() const noexcept { return block_size_; }
  // The element count and the number of parameter sets; throw for a layout
  // that qrange_layout_counts refuses.
  std::size_t elements() const {
    std::size_t n = 0;
    const qrange_layout l = c();
    detail::check(qrange_layout_counts(&l, &n, nullptr));
    return n;
  }
  std::size_t groups() const {
    std::size_t g = 0;
    const qrange_layout l = c();
    detail::check(qrange_layout_counts(&l, nullptr, &g));
    return g;
  }

 private:
  std::vector<std::size_t> shape_;
  std::int64_t axis_;
  std::size_t block_size_;
};

inline std::vector<range> minmax(const context& ctx, const float* x, const axis_view& v) {
  std::vector<range> r(v.groups());
  const qrange_layout l = v.c();
  detail::check(qrange_minmax_axis_f32(&ctx, x, &l, r.data(), r.size()));
  return r;
}
inline std::vector<range> minmax(const float* x, const axis_view& v) { return minmax(make_context(), x, v); }

struct axis_calibration_result {
  std::vector<params> p;  // one per group, in qrange_layout's order
  double mse;             // of the whole tensor
};

inline axis_calibration_result calibrate(const context& ctx, const float* x, const axis_view& v,
                                         const calibration& c) {
  axis_calibration_result r{std::vector<params>(v.groups()), 0.0};
  const qrange_layout l = v.c();
  detail::check(qrange_calibrate_axis_f32(&ctx, x, &l, &c, r.p.data(), r.p.size(), &r.mse));
  return r;
}
inline axis_calibration_result calibrate(const float* x, const axis_view& v, const calibration& c) {
  return calibrate(make_context(), x, v, c);
}

namespace detail {
template <class Fn, class In, class Out>
void axis_call(Fn fn, const context& ctx, const In* in, const axis_view& v, const std::vector<params>& p, Out* out) {
  const qrange_layout l = v.c();
  check(fn(&ctx, in, &l, p.data(), p.size(), out));
}
}  // namespace detail

// Each element with its group's parameters; q has elements() values (8 and
// 16 bits) or (elements() + 1) / 2 bytes (quantize_u4, quantize_i4: two per
// byte, ONNX's order).
inline void quantize(const context& ctx, const float* x, const axis_view& v, const std::vector<params>& p,
                     std::uint8_t* q) {
  detail::axis_call(&qrange_quantize_axis_f32_u8, ctx, x, v, p, q);
}
inline void quantize(const context& ctx, const float* x, const axis_view& v, const std::vector<params>& p,
                     std::int8_t* q) {
  detail::axis_call(&qrange_quantize_axis_f32_i8, ctx, x, v, p, q);
}
inline void quantize(const context& ctx, const float* x, const axis_view& v, const std::vector<params>& p,
                     std::uint16_t* q) {
  detail::axis_call(&qrange_quantize_axis_f32_u16, ctx, x, v, p, q);
}
inline void quantize(const context& ctx, const float* x, const axis_view& v, const std::vector<params>& p,
                     std::int16_t* q) {
  detail::axis_call(&qrange_quantize_axis_f32_i16, ctx, x, v, p, q);
}
inline void quantize_u4(const context& ctx, const float* x, const axis_view& v, const std::vector<params>& p,
                        std::uint8_t* q) {
  detail::axis_call(&qrange_quantize_axis_f32_u4, ctx, x, v, p, q);
}
inline void quantize_i4(const context& ctx, const float* x, const axis_view& v, const std::vector<params>& p,
                        std::uint8_t* q) {
  detail::axis_call(&qrange_quantize_axis_f32_i4, ctx, x, v, p, q);
}
template <class T>
void quantize(const float* x, const axis_view& v, const std::vector<params>& p, T* q) {
  quantize(make_context(), x, v, p, q);
}

inline void dequantize(const context& ctx, const std::uint8_t* q, const axis_view& v, const std::vector<params>& p,
                       float* x) {
  detail::axis_call(&qrange_dequantize_axis_u8_f32, ctx, q, v, p, x);
}
inline void dequantize(const context& ctx, const std::int8_t* q, const axis_view& v, const std::vector<params>& p,
                       float* x) {
  detail::axis_call(&qrange_dequantize_axis_i8_f32, ctx, q, v, p, x);
}
inline void dequantize(const context& ctx, const std::uint16_t* q, const axis_view& v, const std::vector<params>& p,
                       float* x) {
  detail::axis_call(&qrange_dequantize_axis_u16_f32, ctx, q, v, p, x);
}
inline void dequantize(const context& ctx, const std::int16_t* q, const axis_view& v, const std::vector<params>& p,
                       float* x) {
  detail::axis_call(&qrange_dequantize_axis_i16_f32, ctx, q, v, p, x);
}
inline void dequantize_u4(const context& ctx, const std::uint8_t* q, const axis_view& v, const std::vector<params>& p,
                          float* x) {
  detail::axis_call(&qrange_dequantize_axis_u4_f32, ctx, q, v, p, x);
}
inline void dequantize_i4(const context& ctx, const std::uint8_t* q, const axis_view& v, const std::vector<params>& p,
                          float* x) {
  detail::axis_call(&qrange_dequantize_axis_i4_f32, ctx, q, v, p, x);
}
template <class T>
void dequantize(const T* q, const axis_view& v, const std::vector<params>& p, float* x) {
  dequantize(make_context(), q, v, p, x);
}

inline double quantization_mse(const context& ctx, const float* x, const axis_view& v, const std::vector<params>& p) {
  double mse = 0.0;
  const qrange_layout l = v.c();
  detail::check(qrange_quantization_mse_axis_f32(&ctx, x, &l, p.data(), p.size(), &mse));
  return mse;
}
inline double quantization_mse(const float* x, const axis_view& v, const std::vector<params>& p) {
  return quantization_mse(make_context(), x, v, p);
}

// Per axis and blocked, on float16 and bfloat16 tensors (H as above).
template <class H, detail::if_half<H> = 0>
std::vector<range> minmax(const context& ctx, const H* x, const axis_view& v) {
  std::vector<range> r(v.groups());
  const qrange_layout l = v.c();
  detail::check(detail::half_fns<H>::minmax_axis(&ctx, detail::bits(x), &l, r.data(), r.size()));
  return r;
}
template <class H, detail::if_half<H> = 0>
axis_calibration_result calibrate(const context& ctx, const H* x, const axis_view& v, const calibration& c) {
  axis_calibration_result r{std::vector<params>(v.groups()), 0.0};
  const qrange_layout l = v.c();
  detail::check(detail::half_fns<H>::calibrate_axis(&ctx, detail::bits(x), &l, &c, r.p.data(), r.p.size(), &r.mse));
  return r;
}
template <class H, class T, detail::if_half<H> = 0>
void quantize(const context& ctx, const H* x, const axis_view& v, const std::vector<params>& p, T* q) {
  detail::axis_call(detail::half_fns<H>::quantize_axis(q), ctx, detail::bits(x), v, p, q);
}
template <class H, detail::if_half<H> = 0>
void quantize_u4(const context& ctx, const H* x, const axis_view& v, const std::vector<params>& p, std::uint8_t* q) {
  detail::axis_call(detail::half_fns<H>::quantize_axis_u4, ctx, detail::bits(x), v, p, q);
}
template <class H, detail::if_half<H> = 0>
void quantize_i4(const context& ctx, const H* x, const axis_view& v, const std::vector<params>& p, std::uint8_t* q) {
  detail::axis_call(detail::half_fns<H>::quantize_axis_i4, ctx, detail::bits(x), v, p, q);
}
template <class T, class H, detail::if_half<H> = 0>
void dequantize(const context& ctx, const T* q, const axis_view& v, const std::vector<params>& p, H* x) {
  detail::axis_call(detail::half_fns<H>::dequantize_axis(q), ctx, q, v, p, detail::bits(x));
}
template <class H, detail::if_half<H> = 0>
void dequantize_u4(const context& ctx, const std::uint8_t* q, const axis_view& v, const std::vector<params>& p, H* x) {
  detail::axis_call(detail::half_fns<H>::dequantize_axis_u4, ctx, q, v, p, detail::bits(x));
}
template <class H, detail::if_half<H> = 0>
void dequantize_i4(const context& ctx, const std::uint8_t* q, const axis_view& v, const std::vector<params>& p, H* x) {
  detail::axis_call(detail::half_fns<H>::dequantize_axis_i4, ctx, q, v, p, detail::bits(x));
}
template <class H, detail::if_half<H> = 0>
double quantization_mse(const context& ctx, const H* x, const axis_view& v, const std::vector<params>& p) {
  double mse = 0.0;
  const qrange_layout l = v.c();
  detail::check(detail::half_fns<H>::mse_axis(&ctx, detail::bits(x), &l, p.data(), p.size(), &mse));
  return mse;
}

template <class H, detail::if_half<H> = 0>
std::vector<range> minmax(const H* x, const axis_view& v) {
  return minmax(make_context(), x, v);
}
template <class H, detail::if_half<H> = 0>
axis_calibration_result calibrate(const H* x, const axis_view& v, const calibration& c) {
  return calibrate(make_context(), x, v, c);
}
template <class H, class T, detail::if_half<H> = 0>
void quantize(const H* x, const axis_view& v, const std::vector<params>& p, T* q) {
  quantize(make_context(), x, v, p, q);
}
template <class T, class H, detail::if_half<H> = 0>
void dequantize(const T* q, const axis_view& v, const std::vector<params>& p, H* x) {
  dequantize(make_context(), q, v, p, x);
}
template <class H, detail::if_half<H> = 0>
double quantization_mse(const H* x, const axis_view& v, const std::vector<params>& p) {
  return quantization_mse(make_context(), x, v, p);
}

// ---- Streaming observers (docs/observers.md) -----------------------------

using observer_stats = qrange_observer_stats;

struct observer_histogram {
  std::vector<double> edges;  // counts.size() + 1 bin edges, exact
  std::vector<std::uint64_t> counts;
};

// Owns a qrange_observer: movable, not copyable (copy() copies).
class observer {
 public:
  // bins: 0 for 2048, else in [16, 2^20].
  explicit observer(std::size_t bins = 0) { detail::check(qrange_observer_create(bins, &obs_)); }
  // Takes ownership of a handle from the C API (not NULL). A template that
  // takes exactly qrange_observer*, so that observer(0) is bins = 0 (2048):
  // a plain pointer parameter would also take the literal 0, as a null
  // pointer, and make observer(0) ambiguous.
  template <class Handle, std::enable_if_t<std::is_same_v<Handle, qrange_observer*>, int> = 0>
  explicit observer(Handle owned) noexcept : obs_(owned) {}
  observer(observer&& o) noexcept : obs_(o.obs_) { o.obs_ = nullptr; }
  observer& operator=(observer&& o) noexcept {
    if (this != &o) {
      qrange_observer_destroy(obs_);
      obs_ = o.obs_;
      o.obs_ = nullptr;
    }
    return *this;
  }
  observer(const observer&) = delete;
  observer& operator=(const observer&) = delete;
  ~observer() { qrange_observer_destroy(obs_); }

  // The handle for the C API; NULL once moved from.
  qrange_observer* get() const noexcept { return obs_; }

  void update(const float* x, std::size_t n) { detail::check(qrange_observer_update_f32(nullptr, obs_, x, n)); }
  void update(const context& ctx, const float* x, std::size_t n) {
    detail::check(qrange_observer_update_f32(&ctx, obs_, x, n));
  }
  void update(const std::vector<float>& x) { update(x.data(), x.size()); }
  // float16 or bfloat16 values, as their float32 widening.
  template <class H, detail::if_half<H> = 0>
  void update(const context& ctx, const H* x, std::size_t n) {
    detail::check(detail::half_fns<H>::observer_update(&ctx, obs_, detail::bits(x), n));
  }
  template <class H, detail::if_half<H> = 0>
  void update(const H* x, std::size_t n) {
    update(make_context(), x, n);
  }

  void merge(const observer& other) { detail::check(qrange_observer_merge(obs_, other.obs_)); }
  void reset() { detail::check(qrange_observer_reset(obs_)); }

  observer_stats stats() const {
    observer_stats s = QRANGE_OBSERVER_STATS_INIT;
    detail::check(qrange_observer_get_stats(obs_, &s));
    return s;
  }
  observer_histogram histogram() const {
    const std::size_t used = stats().used_bins;
    observer_histogram h{std::vector<double>(used + 1), std::vector<std::uint64_t>(used)};
    detail::check(qrange_observer_histogram(obs_, h.edges.data(), h.counts.data(), used));
    if (used == 0) h.edges.clear();
    return h;
  }
  // NaN, +Inf, -Inf, then every bin of the grid of r, a range containing
  // the state's (qrange_observer_get_counts): for all-reduce.
  std::vector<std::uint64_t> counts(range r) const {
    std::vector<std::uint64_t> c(stats().bins + QRANGE_OBSERVER_COUNT_SLOTS);
    detail::check(qrange_observer_get_counts(obs_, r, c.data(), c.size()));
    return c;
  }
  // The state of range r with these counts (qrange_observer_set_counts).
  void set_counts(range r, const std::vector<std::uint64_t>& c) {
    detail::check(qrange_observer_set_counts(obs_, r, c.data(), c.size()));
  }
  range percentile_range(double percentile = 99.99) const {
    range r{};
    detail::check(qrange_observer_percentile_range(obs_, percentile, &r));
    return r;
  }
  // The parameters of c.method from the state (qrange_observer_calibrate).
  params calibrate(const calibration& c) const {
    params p{};
    detail::check(qrange_observer_calibrate(obs_, &c, &p));
    return p;
  }

  std::vector<std::uint8_t> serialize() const {
    std::size_t size = 0;
    detail::check(qrange_observer_serialize(obs_, nullptr, 0, &size));
    std::vector<std::uint8_t> bytes(size);
    detail::check(qrange_observer_serialize(obs_, bytes.data(), bytes.size(), &size));
    return bytes;
  }
  static observer deserialize(const void* data, std::size_t size) {
    qrange_observer* o = nullptr;
    detail::check(qrange_observer_deserialize(data, size, &o));
    return observer(o);
  }
  static observer deserialize(const std::vector<std::uint8_t>& bytes) {
    return deserialize(bytes.data(), bytes.size());
  }
  observer copy() const {
    const std::vector<std::uint8_t> bytes = serialize();
    return deserialize(bytes);
  }

 private:
  qrange_observer* obs_ = nullptr;
};

}  // namespace qrange

#endif  // QRANGE_QRANGE_HPP
