#include "operations.hpp"

#include <qrange/qrange.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>

#include "kernels/element.hpp"

namespace qrange::test {

namespace {

namespace k = qrange::kernels;

std::atomic<bool> g_inside{false};

// ---- Input and output types ---------------------------------------------------
//
// Each operation is written once over A, the entry points whose tensors
// (A::in, and A::out for what dequantize writes) hold float32, float16 or
// bfloat16 values: Api<E>. The float32 ones are the *_ex functions, which
// take a context first as the 16-bit ones do; the 16-bit ones are those the
// C++ wrappers call (qrange::detail::half_fns). An operation on a 16-bit
// type runs on the float32 input rounded to it; its reference is the same
// operation over Widened<E>, the float32 functions on those values widened
// back, with what they dequantize rounded to E (kernels/element.hpp, the
// library's reference conversions): the two must give the same bytes.

template <class E>
struct Api;

template <>
struct Api<k::F32> {
  using in = float;
  using out = float;
  static constexpr auto minmax = &qrange_minmax_f32_ex;
  static constexpr auto histogram = &qrange_histogram_f32_ex;
  static constexpr auto percentile_range = &qrange_percentile_range_f32_ex;
  static constexpr auto mse = &qrange_quantization_mse_f32_ex;
  static constexpr auto observer_update = &qrange_observer_update_f32;
  static constexpr auto calibrate = &qrange_calibrate_f32;
  static constexpr auto minmax_axis = &qrange_minmax_axis_f32;
  static constexpr auto calibrate_axis = &qrange_calibrate_axis_f32;
  static constexpr auto mse_axis = &qrange_quantization_mse_axis_f32;
  static constexpr auto quantize_axis_i4 = &qrange_quantize_axis_f32_i4;
  static constexpr auto dequantize_axis_u4 = &qrange_dequantize_axis_u4_f32;
  static constexpr auto quantize(std::uint8_t*) { return &qrange_quantize_f32_u8_ex; }
  static constexpr auto quantize(std::int8_t*) { return &qrange_quantize_f32_i8_ex; }
  static constexpr auto quantize(std::uint16_t*) { return &qrange_quantize_f32_u16_ex; }
  static constexpr auto quantize(std::int16_t*) { return &qrange_quantize_f32_i16_ex; }
  static constexpr auto quantize_axis(std::uint8_t*) { return &qrange_quantize_axis_f32_u8; }
  static constexpr auto dequantize(const std::uint8_t*) { return &qrange_dequantize_u8_f32_ex; }
  static constexpr auto dequantize(const std::int8_t*) { return &qrange_dequantize_i8_f32_ex; }
  static constexpr auto dequantize(const std::uint16_t*) { return &qrange_dequantize_u16_f32_ex; }
  static constexpr auto dequantize(const std::int16_t*) { return &qrange_dequantize_i16_f32_ex; }
};
template <>
struct Api<k::F16> : qrange::detail::half_fns<qrange::float16> {
  using in = std::uint16_t;
  using out = std::uint16_t;
};
template <>
struct Api<k::BF16> : qrange::detail::half_fns<qrange::bfloat16> {
  using in = std::uint16_t;
  using out = std::uint16_t;
};

// The float32 dequantize of T, its values rounded to E.
template <class E, class T>
qrange_status dequantize_rounded(const qrange_context* ctx, const T* q, std::size_t n, const qrange_params* p,
                                 k::elem_t<E>* x) {
  // NULL exactly when x is: the float32 call must see what the 16-bit one sees.
  std::vector<float> wide(std::max<std::size_t>(n, 1));
  const qrange_status s = Api<k::F32>::dequantize(q)(ctx, q, n, p, x ? wide.data() : nullptr);
  if (s == QRANGE_OK) std::transform(wide.begin(), wide.begin() + n, x, [](float f) { return k::from_float<E>(f); });
  return s;
}
template <class E>
qrange_status dequantize_axis_u4_rounded(const qrange_context* ctx, const std::uint8_t* q, const qrange_layout* l,
                                         const qrange_params* params, std::size_t count, k::elem_t<E>* x) {
  std::size_t n = 0;
  if (qrange_layout_counts(l, &n, nullptr) != QRANGE_OK) n = 0;  // the call below names the problem
  std::vector<float> wide(std::max<std::size_t>(n, 1));
  const qrange_status s = Api<k::F32>::dequantize_axis_u4(ctx, q, l, params, count, x ? wide.data() : nullptr);
  if (s == QRANGE_OK) std::transform(wide.begin(), wide.begin() + n, x, [](float f) { return k::from_float<E>(f); });
  return s;
}

template <class E>
struct Widened : Api<k::F32> {
  using out = k::elem_t<E>;
  template <class T>
  static constexpr auto dequantize(const T*) {
    return &dequantize_rounded<E, T>;
  }
  static constexpr auto dequantize_axis_u4 = &dequantize_axis_u4_rounded<E>;
};

// x rounded to E, at x's offset in elements from a 64-byte boundary, so
// that the fuzzer's misalignments reach the 16-bit kernels too; valid until
// the thread's next call. The buffer is kept: the tests call an operation
// thousands of times, and a new one's page faults cost as much as rounding.
template <class E>
const k::elem_t<E>* rounded(const float* x, std::size_t n) {
  thread_local std::vector<k::elem_t<E>> storage;
  storage.resize(std::max(storage.size(), n + 64));
  const auto line = reinterpret_cast<std::uintptr_t>(storage.data()) % 64;
  k::elem_t<E>* data = storage.data() + (64 - line) % 64 / sizeof(k::elem_t<E>) +
                       reinterpret_cast<std::uintptr_t>(x) % 64 / sizeof(float);
  std::transform(x, x + n, data, [](float f) { return k::from_float<E>(f); });
  return data;
}

// op on x rounded to E.
template <class E, OpResult (*op)(const k::elem_t<E>*, std::size_t, const OpParams&)>
OpResult on_rounded(const float* x, std::size_t n, const OpParams& p) {
  return op(rounded<E>(x, n), n, p);
}
// op, the float32 operation, on x rounded to E and widened back.
template <class E, OpResult (*op)(const float*, std::size_t, const OpParams&)>
OpResult on_widened(const float* x, std::size_t n, const OpParams& p) {
  const k::elem_t<E>* h = rounded<E>(x, n);
  std::vector<float> wide(std::max<std::size_t>(n, 1));  // never NULL, as h is not
  std::transform(h, h + n, wide.begin(), [](k::elem_t<E> v) { return k::to_float<E>(v); });
  return op(wide.data(), n, p);
}

// ---- Per tensor -------------------------------------------------------------------

template <class A>
OpResult minmax(const typename A::in* x, std::size_t n, const OpParams& p) {
  OpResult r;
  qrange_range out{};
  std::uint64_t nonfinite = 0;
  r.status = api_call([&] { return A::minmax(p.ctx, x, n, &out, &nonfinite); });
  r.append(out);
  r.append(nonfinite);
  return r;
}

template <class A>
OpResult histogram(const typename A::in* x, std::size_t n, const OpParams& p) {
  OpResult r;
  std::vector<std::uint64_t> counts(p.bins ? p.bins : 1);
  std::uint64_t below = 0, above = 0;
  r.status = api_call(
      [&] { return A::histogram(p.ctx, x, n, p.range, p.bins, counts.data(), &below, &above); });
  r.append(counts.data(), counts.size());
  r.append(below);
  r.append(above);
  return r;
}

template <class A>
OpResult percentile(const typename A::in* x, std::size_t n, const OpParams& p, int exact) {
  OpResult r;
  qrange_range out{};
  r.status = api_call([&] { return A::percentile_range(p.ctx, x, n, p.percentile, p.bins, exact, &out); });
  r.append(out);
  return r;
}
template <class A>
OpResult percentile_approximate(const typename A::in* x, std::size_t n, const OpParams& p) {
  return percentile<A>(x, n, p, 0);
}
template <class A>
OpResult percentile_exact(const typename A::in* x, std::size_t n, const OpParams& p) {
  return percentile<A>(x, n, p, 1);
}

OpResult choose_params(const float*, std::size_t, const OpParams& p) {
  OpResult r;
  qrange_params out{};
  r.status = api_call([&] { return qrange_choose_params(p.range, -128, 127, QRANGE_ASYMMETRIC, 1, &out); });
  r.append(out);
  return r;
}

// Quantizes to T with parameters for p.range over T's whole grid, then
// dequantizes the result (to A::out).
template <class A, class T>
OpResult quantize(const typename A::in* x, std::size_t n, const OpParams& p) {
  OpResult r;
  qrange_params params{};
  r.status = qrange_choose_params(p.range, std::numeric_limits<T>::min(), std::numeric_limits<T>::max(),
                                  QRANGE_ASYMMETRIC, 1, &params);
  if (r.status != QRANGE_OK) return r;
  std::vector<T> q(n);
  std::vector<typename A::out> back(n);
  const T* codes = q.data();
  r.status = api_call([&] { return A::quantize(q.data())(p.ctx, x, n, &params, q.data()); });
  if (r.status == QRANGE_OK)
    r.status = api_call([&] { return A::dequantize(codes)(p.ctx, codes, n, &params, back.data()); });
  r.append(q.data(), n);
  r.append(back.data(), n);
  return r;
}

template <class A>
OpResult quantization_mse(const typename A::in* x, std::size_t n, const OpParams& p) {
  OpResult r;
  qrange_params params{};
  r.status = qrange_choose_params(p.range, 0, 255, QRANGE_ASYMMETRIC, 1, &params);
  if (r.status != QRANGE_OK) return r;
  double mse = 0.0;
  r.status = api_call([&] { return A::mse(p.ctx, x, n, &params, &mse); });
  r.append(mse);
  return r;
}

OpResult dynamic_quantize(const float* x, std::size_t n, const OpParams& p) {
  OpResult r;
  std::vector<std::uint8_t> q(n);
  qrange_params params{};
  r.status = api_call([&] { return qrange_dynamic_quantize_f32_u8(p.ctx, x, n, q.data(), &params); });
  r.append(q.data(), n);
  r.append(params);
  return r;
}

// The bytes of an observer's state.
std::vector<unsigned char> state_of(const qrange_observer* o) {
  std::size_t size = 0;
  qrange_observer_serialize(o, nullptr, 0, &size);
  std::vector<unsigned char> bytes(size);
  qrange_observer_serialize(o, bytes.data(), bytes.size(), &size);
  return bytes;
}

// Updates o with x[0..n); a refused update must leave the state as it was.
// On error the result gets no bytes, or the changed state's, so that a test
// of untouched outputs sees the change.
template <class A>
qrange_status update_or_keep(qrange_observer* o, const typename A::in* x, std::size_t n, const OpParams& p,
                             OpResult& r) {
  const std::vector<unsigned char> before = state_of(o);
  const qrange_status s = api_call([&] { return A::observer_update(p.ctx, o, x, n); });
  if (s != QRANGE_OK) {
    const std::vector<unsigned char> after = state_of(o);
    if (after != before) r.bytes = after;
  }
  return s;
}

// An observer of p.bins bins updated with all of x: the first half, then a
// serialize/deserialize round trip, then the rest, so that one run makes
// every allocation an observer makes (the state, a copy of it, the
// per-thread states of both updates). The result is the final state's
// bytes, which the observer's contract makes those of one update over x.
template <class A>
OpResult observer_update(const typename A::in* x, std::size_t n, const OpParams& p) {
  using Owned = std::unique_ptr<qrange_observer, void (*)(qrange_observer*)>;
  OpResult r;
  qrange_observer* raw = nullptr;
  r.status = api_call([&] { return qrange_observer_create(p.bins, &raw); });
  if (r.status != QRANGE_OK) {
    if (raw != nullptr) r.append(raw);  // *out written on error
    return r;
  }
  Owned first(raw, &qrange_observer_destroy);
  r.status = update_or_keep<A>(first.get(), x, n / 2, p, r);
  if (r.status != QRANGE_OK) return r;
  const std::vector<unsigned char> half = state_of(first.get());
  raw = nullptr;
  r.status = api_call([&] { return qrange_observer_deserialize(half.data(), half.size(), &raw); });
  if (r.status != QRANGE_OK) {
    if (raw != nullptr) r.append(raw);
    return r;
  }
  Owned copy(raw, &qrange_observer_destroy);
  r.status = update_or_keep<A>(copy.get(), x + n / 2, n - n / 2, p, r);
  if (r.status != QRANGE_OK) return r;
  r.bytes = state_of(copy.get());
  return r;
}

// A's calibrate by `method` on the grid [qmin, qmax], with p.bins
// (outside [16, 2^20] a refusal, which must write nothing) and p.percentile.
template <class A>
OpResult calibrate(const typename A::in* x, std::size_t n, const OpParams& p, qrange_method method,
                   std::int32_t qmin, std::int32_t qmax, qrange_scheme scheme) {
  OpResult r;
  qrange_calibration c = QRANGE_CALIBRATION_INIT;
  c.method = method;
  c.qmin = qmin;
  c.qmax = qmax;
  c.scheme = scheme;
  c.percentile = p.percentile;
  c.bins = p.bins;
  qrange_params out{};
  double mse = 0.0;
  r.status = api_call([&] { return A::calibrate(p.ctx, x, n, &c, &out, &mse); });
  r.append(out);
  r.append(mse);
  return r;
}
template <class A>
OpResult calibrate_mse_u8(const typename A::in* x, std::size_t n, const OpParams& p) {
  return calibrate<A>(x, n, p, QRANGE_METHOD_MSE, 0, 255, QRANGE_ASYMMETRIC);
}
template <class A>
OpResult calibrate_mse_i4_symmetric(const typename A::in* x, std::size_t n, const OpParams& p) {
  return calibrate<A>(x, n, p, QRANGE_METHOD_MSE, -8, 7, QRANGE_SYMMETRIC);
}
template <class A>
OpResult calibrate_entropy_i8(const typename A::in* x, std::size_t n, const OpParams& p) {
  return calibrate<A>(x, n, p, QRANGE_METHOD_ENTROPY, -128, 127, QRANGE_SYMMETRIC);
}

// A state of p.bins bins over x, then the parameters of every method from it
// (2-bit MSE, where the search runs over the zero points, and 16-bit).
OpResult observer_calibrate(const float* x, std::size_t n, const OpParams& p) {
  OpResult r;
  qrange_observer* raw = nullptr;
  r.status = api_call([&] { return qrange_observer_create(p.bins, &raw); });
  if (r.status != QRANGE_OK) return r;
  const std::unique_ptr<qrange_observer, void (*)(qrange_observer*)> o(raw, &qrange_observer_destroy);
  r.status = api_call([&] { return qrange_observer_update_f32(p.ctx, o.get(), x, n); });
  if (r.status != QRANGE_OK) return r;
  struct Grid {
    qrange_method method;
    std::int32_t qmin, qmax;
  };
  OpResult all;
  for (const Grid g : {Grid{QRANGE_METHOD_MSE, 0, 3}, Grid{QRANGE_METHOD_MSE, 0, 65535},
                       Grid{QRANGE_METHOD_ENTROPY, -128, 127}, Grid{QRANGE_METHOD_PERCENTILE, 0, 255}}) {
    qrange_calibration c = QRANGE_CALIBRATION_INIT;
    c.method = g.method;
    c.qmin = g.qmin;
    c.qmax = g.qmax;
    c.percentile = p.percentile;
    qrange_params out{};
    r.status = api_call([&] { return qrange_observer_calibrate(o.get(), &c, &out); });
    if (r.status != QRANGE_OK) {
      r.append(out);  // the refused call's output alone, which must be untouched
      return r;
    }
    all.append(out);
  }
  r.bytes = all.bytes;
  return r;
}

// ---- Per-axis and blocked operations ----------------------------------------
//
// Each takes a tensor over the first values of x whose shape is worked out
// from n alone (so that a length gives the same layout on every ISA and
// thread count), and leaves out the values past the shape's product. Short
// inputs shrink the shape; n == 0 gives a dimension of 0, which every entry
// point refuses.

struct Tensor {
  std::vector<std::size_t> shape;
  std::int64_t axis = 0;
  std::size_t block = 0;

  qrange_layout layout() const {
    qrange_layout l = QRANGE_LAYOUT_INIT;
    l.shape = shape.data();
    l.rank = shape.size();
    l.axis = axis;
    l.block_size = block;
    return l;
  }
  std::size_t elements() const {
    std::size_t n = 1;
    for (std::size_t d : shape) n *= d;
    return n;
  }
  // The layout's groups; 0 for a layout the library refuses, so that the
  // call itself reports it.
  std::size_t groups() const {
    const qrange_layout l = layout();
    std::size_t g = 0;
    return qrange_layout_counts(&l, nullptr, &g) == QRANGE_OK ? g : 0;
  }
};

// {outer, dim, inner} with inner = n / (outer * dim): parameters along the
// middle axis. An input shorter than outer * dim gets {1, min(dim, n), ...}.
Tensor middle_axis(std::size_t n, std::size_t outer, std::size_t dim, std::size_t block = 0) {
  if (n < outer * dim) {
    outer = 1;
    dim = std::max<std::size_t>(1, std::min(dim, n));
  }
  return {{outer, dim, n / (outer * dim)}, 1, std::min(block, dim)};
}

// {rows, cols} with rows = n / cols, at most max_rows: an input shorter than
// cols is one row of n.
Tensor matrix(std::size_t n, std::size_t cols, std::int64_t axis, std::size_t block,
              std::size_t max_rows = std::numeric_limits<std::size_t>::max()) {
  if (n < cols) cols = n;
  const std::size_t rows = cols == 0 ? 1 : std::min(n / cols, max_rows);
  const std::size_t along = axis == 0 ? rows : cols;
  return {{rows, cols}, axis, std::min(block, along)};
}

// Parameters on [qmin, qmax] for every group: those of p.range, each
// group's scale stretched and zero point moved by its index, so that
// neighbouring groups differ. A range qrange_choose_params refuses is the
// operation's status.
qrange_status group_params(const OpParams& p, std::int32_t qmin, std::int32_t qmax, std::size_t groups,
                           std::vector<qrange_params>& out) {
  qrange_params base{};
  const qrange_status s = qrange_choose_params(p.range, qmin, qmax, QRANGE_ASYMMETRIC, 1, &base);
  if (s != QRANGE_OK) return s;
  out.assign(std::max<std::size_t>(groups, 1), base);
  for (std::size_t g = 0; g < out.size(); ++g) {
    out[g].scale = base.scale * (1.0f + 0.25f * static_cast<float>(g % 5));
    const std::int32_t z = base.zero_point + static_cast<std::int32_t>(g % 3) - 1;
    out[g].zero_point = std::min(qmax, std::max(qmin, z));
  }
  return QRANGE_OK;
}

template <class A>
OpResult minmax_axis(const typename A::in* x, const Tensor& t, const OpParams& p) {
  OpResult r;
  const std::size_t groups = t.groups();
  std::vector<qrange_range> ranges(std::max<std::size_t>(groups, 1));
  const qrange_layout l = t.layout();
  r.status = api_call([&] { return A::minmax_axis(p.ctx, x, &l, ranges.data(), groups); });
  r.append(ranges.data(), ranges.size());
  return r;
}
// Channels in the middle of {2, C, inner}, C from 3 to 7: two runs of inner
// values each; with more threads than channels, each split across tasks.
template <class A>
OpResult minmax_axis_channels(const typename A::in* x, std::size_t n, const OpParams& p) {
  return minmax_axis<A>(x, middle_axis(n, 2, 3 + n % 5), p);
}
// One range per column of {rows, cols}, 64 to 124 columns: the columns split
// across tasks.
template <class A>
OpResult minmax_axis_last(const typename A::in* x, std::size_t n, const OpParams& p) {
  return minmax_axis<A>(x, matrix(n, 64 + n % 61, -1, 0), p);
}
// Blocks of 8 rows of {rows, 40 to 56 columns}, one range per block and
// column.
template <class A>
OpResult minmax_axis_blocked_rows(const typename A::in* x, std::size_t n, const OpParams& p) {
  return minmax_axis<A>(x, matrix(n, 40 + n % 17, 0, 8), p);
}

template <class A>
OpResult calibrate_axis(const typename A::in* x, const Tensor& t, const OpParams& p, const qrange_calibration& c) {
  OpResult r;
  const std::size_t groups = t.groups();
  std::vector<qrange_params> out(std::max<std::size_t>(groups, 1));
  double mse = 0.0;
  const qrange_layout l = t.layout();
  r.status = api_call([&] { return A::calibrate_axis(p.ctx, x, &l, &c, out.data(), groups, &mse); });
  r.append(out.data(), out.size());
  r.append(mse);
  return r;
}
// 4-bit symmetric blocks of 32 along the rows of {rows, 100 to 149 columns}
// (the last block of a row shorter), by MSE: the direct search of small
// groups. At most 2048 rows, which still split across tasks.
template <class A>
OpResult calibrate_axis_mse_i4_blocked32(const typename A::in* x, std::size_t n, const OpParams& p) {
  qrange_calibration c = QRANGE_CALIBRATION_INIT;
  c.method = QRANGE_METHOD_MSE;
  c.qmin = -8;
  c.qmax = 7;
  c.scheme = QRANGE_SYMMETRIC;
  return calibrate_axis<A>(x, matrix(n, 100 + n % 50, -1, 32, 2048), p, c);
}
// 8-bit percentile ranges of p.percentile with p.bins per channel of
// {2, C, inner}, C from 3 to 6: each channel's values gathered from two runs.
template <class A>
OpResult calibrate_axis_percentile_channels(const typename A::in* x, std::size_t n, const OpParams& p) {
  qrange_calibration c = QRANGE_CALIBRATION_INIT;
  c.method = QRANGE_METHOD_PERCENTILE;
  c.percentile = p.percentile;
  c.bins = p.bins;
  return calibrate_axis<A>(x, middle_axis(n, 2, 3 + n % 4), p, c);
}

// int4, blocks of 16 rows of {rows, 200 to 256 columns}: one set per block
// and column, two values a byte (an odd count leaves the last high nibble).
template <class A>
OpResult quantize_axis_i4_blocked(const typename A::in* x, std::size_t n, const OpParams& p) {
  OpResult r;
  const Tensor t = matrix(n, 200 + n % 57, 0, 16);
  const std::size_t groups = t.groups();
  std::vector<qrange_params> params;
  r.status = group_params(p, -8, 7, groups, params);
  if (r.status != QRANGE_OK) return r;
  std::vector<std::uint8_t> q((t.elements() + 1) / 2);
  const qrange_layout l = t.layout();
  r.status = api_call([&] { return A::quantize_axis_i4(p.ctx, x, &l, params.data(), groups, q.data()); });
  r.append(q.data(), q.size());
  return r;
}
// uint8 per channel of the NCHW tensor {2, C, 3, W}, C from 3 to 15.
template <class A>
OpResult quantize_axis_u8_channels(const typename A::in* x, std::size_t n, const OpParams& p) {
  OpResult r;
  Tensor t = middle_axis(n / 3, 2, 3 + n % 13);
  t.shape.insert(t.shape.begin() + 2, n < 3 ? 1 : 3);  // n < 3: W is 0, a layout refused
  const std::size_t groups = t.groups();
  std::vector<qrange_params> params;
  r.status = group_params(p, 0, 255, groups, params);
  if (r.status != QRANGE_OK) return r;
  std::vector<std::uint8_t> q(t.elements());
  const qrange_layout l = t.layout();
  r.status = api_call([&] { return A::quantize_axis(q.data())(p.ctx, x, &l, params.data(), groups, q.data()); });
  r.append(q.data(), q.size());
  return r;
}
// uint4 blocks of 32 along the rows of {rows, 50 to 126 columns}, the packed
// input being x's own bytes: every nibble pattern, and a last high nibble
// that must not be read. The values go to A::out.
template <class A>
OpResult dequantize_axis_u4_blocked(const float* x, std::size_t n, const OpParams& p) {
  OpResult r;
  const Tensor t = matrix(n, 50 + n % 77, -1, 32);
  const std::size_t groups = t.groups();
  std::vector<qrange_params> params;
  r.status = group_params(p, 0, 15, groups, params);
  if (r.status != QRANGE_OK) return r;
  std::vector<typename A::out> back(t.elements());
  const auto* q = reinterpret_cast<const std::uint8_t*>(x);
  const qrange_layout l = t.layout();
  r.status = api_call([&] { return A::dequantize_axis_u4(p.ctx, q, &l, params.data(), groups, back.data()); });
  r.append(back.data(), back.size());
  return r;
}
// The int8 error with one set per column of {rows, 7 to 46 columns}: each
// element's parameters differ from its neighbour's.
template <class A>
OpResult quantization_mse_axis(const typename A::in* x, std::size_t n, const OpParams& p) {
  OpResult r;
  const Tensor t = matrix(n, 7 + n % 40, -1, 0);
  const std::size_t groups = t.groups();
  std::vector<qrange_params> params;
  r.status = group_params(p, -128, 127, groups, params);
  if (r.status != QRANGE_OK) return r;
  double mse = 0.0;
  const qrange_layout l = t.layout();
  r.status = api_call([&] { return A::mse_axis(p.ctx, x, &l, params.data(), groups, &mse); });
  r.append(mse);
  return r;
}

}  // namespace

void run_backwards(void*, std::size_t count, qrange_task_fn task, void* arg) {
  for (std::size_t i = count; i-- > 0;) task(arg, i);
}

bool inside_api_call() { return g_inside.load(); }
void set_inside_api_call(bool inside) { g_inside.store(inside); }

const std::vector<Operation>& all_operations() {
  using F32 = Api<k::F32>;
  // The operation op (a template over A) on float16 or bfloat16, with its
  // float32 reference.
#define QRANGE_HALF_OP(op, E) &on_rounded<E, &op<Api<E>>>, &on_widened<E, &op<Widened<E>>>
#define QRANGE_HALF_OPS(E, t)                                                                                    \
  {"minmax_" t, QRANGE_HALF_OP(minmax, E)}, {"histogram_" t, QRANGE_HALF_OP(histogram, E)},                      \
      {"percentile_approximate_" t, QRANGE_HALF_OP(percentile_approximate, E)},                                  \
      {"percentile_exact_" t, QRANGE_HALF_OP(percentile_exact, E)},                                              \
      {"quantize_u8_" t, &on_rounded<E, &quantize<Api<E>, std::uint8_t>>,                                       \
       &on_widened<E, &quantize<Widened<E>, std::uint8_t>>},                                                     \
      {"quantize_i8_" t, &on_rounded<E, &quantize<Api<E>, std::int8_t>>,                                        \
       &on_widened<E, &quantize<Widened<E>, std::int8_t>>},                                                      \
      {"quantize_u16_" t, &on_rounded<E, &quantize<Api<E>, std::uint16_t>>,                                     \
       &on_widened<E, &quantize<Widened<E>, std::uint16_t>>},                                                    \
      {"quantize_i16_" t, &on_rounded<E, &quantize<Api<E>, std::int16_t>>,                                      \
       &on_widened<E, &quantize<Widened<E>, std::int16_t>>},                                                     \
      {"quantization_mse_" t, QRANGE_HALF_OP(quantization_mse, E)},                                              \
      {"observer_update_" t, QRANGE_HALF_OP(observer_update, E)},                                                \
      {"calibrate_mse_u8_" t, QRANGE_HALF_OP(calibrate_mse_u8, E)},                                              \
      {"minmax_axis_channels_" t, QRANGE_HALF_OP(minmax_axis_channels, E)},                                      \
      {"minmax_axis_last_" t, QRANGE_HALF_OP(minmax_axis_last, E)},                                              \
      {"calibrate_axis_mse_i4_blocked32_" t, QRANGE_HALF_OP(calibrate_axis_mse_i4_blocked32, E)},                \
      {"calibrate_axis_percentile_channels_" t, QRANGE_HALF_OP(calibrate_axis_percentile_channels, E)},          \
      {"quantize_axis_i4_blocked_" t, QRANGE_HALF_OP(quantize_axis_i4_blocked, E)},                              \
      {"quantize_axis_u8_channels_" t, QRANGE_HALF_OP(quantize_axis_u8_channels, E)},                            \
      {"dequantize_axis_u4_blocked_" t, &dequantize_axis_u4_blocked<Api<E>>,                                     \
       &dequantize_axis_u4_blocked<Widened<E>>},                                                                 \
      {"quantization_mse_axis_" t, QRANGE_HALF_OP(quantization_mse_axis, E)}
  static const std::vector<Operation> ops{
      {"minmax", &minmax<F32>},
      {"histogram", &histogram<F32>},
      {"percentile_approximate", &percentile_approximate<F32>},
      {"percentile_exact", &percentile_exact<F32>},
      {"choose_params", &choose_params},
      {"quantize_u8", &quantize<F32, std::uint8_t>},
      {"quantize_i8", &quantize<F32, std::int8_t>},
      {"quantize_u16", &quantize<F32, std::uint16_t>},
      {"quantize_i16", &quantize<F32, std::int16_t>},
      {"quantization_mse", &quantization_mse<F32>},
      {"dynamic_quantize", &dynamic_quantize},
      {"observer_update", &observer_update<F32>},
      {"calibrate_mse_u8", &calibrate_mse_u8<F32>},
      {"calibrate_mse_i4_symmetric", &calibrate_mse_i4_symmetric<F32>},
      {"calibrate_entropy_i8", &calibrate_entropy_i8<F32>},
      {"observer_calibrate", &observer_calibrate},
      {"minmax_axis_channels", &minmax_axis_channels<F32>},
      {"minmax_axis_last", &minmax_axis_last<F32>},
      {"minmax_axis_blocked_rows", &minmax_axis_blocked_rows<F32>},
      {"calibrate_axis_mse_i4_blocked32", &calibrate_axis_mse_i4_blocked32<F32>},
      {"calibrate_axis_percentile_channels", &calibrate_axis_percentile_channels<F32>},
      {"quantize_axis_i4_blocked", &quantize_axis_i4_blocked<F32>},
      {"quantize_axis_u8_channels", &quantize_axis_u8_channels<F32>},
      {"dequantize_axis_u4_blocked", &dequantize_axis_u4_blocked<F32>},
      {"quantization_mse_axis", &quantization_mse_axis<F32>},
      QRANGE_HALF_OPS(k::F16, "f16"),
      QRANGE_HALF_OPS(k::BF16, "bf16"),
  };
#undef QRANGE_HALF_OPS
#undef QRANGE_HALF_OP
  return ops;
}

}  // namespace qrange::test
