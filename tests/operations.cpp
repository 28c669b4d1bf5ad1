#include "operations.hpp"

#include <atomic>
#include <limits>
#include <memory>

namespace qrange::test {

namespace {

std::atomic<bool> g_inside{false};

OpResult minmax(const float* x, std::size_t n, const OpParams& p) {
  OpResult r;
  qrange_range out{};
  std::uint64_t nonfinite = 0;
  r.status = api_call([&] { return qrange_minmax_f32_ex(p.ctx, x, n, &out, &nonfinite); });
  r.append(out);
  r.append(nonfinite);
  return r;
}

OpResult histogram(const float* x, std::size_t n, const OpParams& p) {
  OpResult r;
  std::vector<std::uint64_t> counts(p.bins ? p.bins : 1);
  std::uint64_t below = 0, above = 0;
  r.status = api_call(
      [&] { return qrange_histogram_f32_ex(p.ctx, x, n, p.range, p.bins, counts.data(), &below, &above); });
  r.append(counts.data(), counts.size());
  r.append(below);
  r.append(above);
  return r;
}

OpResult percentile(const float* x, std::size_t n, const OpParams& p, int exact) {
  OpResult r;
  qrange_range out{};
  r.status = api_call([&] { return qrange_percentile_range_f32_ex(p.ctx, x, n, p.percentile, p.bins, exact, &out); });
  r.append(out);
  return r;
}
OpResult percentile_approximate(const float* x, std::size_t n, const OpParams& p) { return percentile(x, n, p, 0); }
OpResult percentile_exact(const float* x, std::size_t n, const OpParams& p) { return percentile(x, n, p, 1); }

OpResult choose_params(const float*, std::size_t, const OpParams& p) {
  OpResult r;
  qrange_params out{};
  r.status = api_call([&] { return qrange_choose_params(p.range, -128, 127, QRANGE_ASYMMETRIC, 1, &out); });
  r.append(out);
  return r;
}

// Quantizes to T with parameters for p.range over T's whole grid, then
// dequantizes the result.
template <class T>
OpResult quantize_roundtrip(const float* x, std::size_t n, const OpParams& p,
                            qrange_status (*quantize)(const qrange_context*, const float*, size_t,
                                                      const qrange_params*, T*),
                            qrange_status (*dequantize)(const qrange_context*, const T*, size_t, const qrange_params*,
                                                        float*)) {
  OpResult r;
  qrange_params params{};
  r.status = qrange_choose_params(p.range, std::numeric_limits<T>::min(), std::numeric_limits<T>::max(),
                                  QRANGE_ASYMMETRIC, 1, &params);
  if (r.status != QRANGE_OK) return r;
  std::vector<T> q(n);
  std::vector<float> back(n);
  r.status = api_call([&] { return quantize(p.ctx, x, n, &params, q.data()); });
  if (r.status == QRANGE_OK) r.status = api_call([&] { return dequantize(p.ctx, q.data(), n, &params, back.data()); });
  r.append(q.data(), n);
  r.append(back.data(), n);
  return r;
}

OpResult quantize_u8(const float* x, std::size_t n, const OpParams& p) {
  return quantize_roundtrip<std::uint8_t>(x, n, p, &qrange_quantize_f32_u8_ex, &qrange_dequantize_u8_f32_ex);
}
OpResult quantize_i8(const float* x, std::size_t n, const OpParams& p) {
  return quantize_roundtrip<std::int8_t>(x, n, p, &qrange_quantize_f32_i8_ex, &qrange_dequantize_i8_f32_ex);
}
OpResult quantize_u16(const float* x, std::size_t n, const OpParams& p) {
  return quantize_roundtrip<std::uint16_t>(x, n, p, &qrange_quantize_f32_u16_ex, &qrange_dequantize_u16_f32_ex);
}
OpResult quantize_i16(const float* x, std::size_t n, const OpParams& p) {
  return quantize_roundtrip<std::int16_t>(x, n, p, &qrange_quantize_f32_i16_ex, &qrange_dequantize_i16_f32_ex);
}

OpResult quantization_mse(const float* x, std::size_t n, const OpParams& p) {
  OpResult r;
  qrange_params params{};
  r.status = qrange_choose_params(p.range, 0, 255, QRANGE_ASYMMETRIC, 1, &params);
  if (r.status != QRANGE_OK) return r;
  double mse = 0.0;
  r.status = api_call([&] { return qrange_quantization_mse_f32_ex(p.ctx, x, n, &params, &mse); });
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
qrange_status update_or_keep(qrange_observer* o, const float* x, std::size_t n, const OpParams& p, OpResult& r) {
  const std::vector<unsigned char> before = state_of(o);
  const qrange_status s = api_call([&] { return qrange_observer_update_f32(p.ctx, o, x, n); });
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
OpResult observer_update(const float* x, std::size_t n, const OpParams& p) {
  using Owned = std::unique_ptr<qrange_observer, void (*)(qrange_observer*)>;
  OpResult r;
  qrange_observer* raw = nullptr;
  r.status = api_call([&] { return qrange_observer_create(p.bins, &raw); });
  if (r.status != QRANGE_OK) {
    if (raw != nullptr) r.append(raw);  // *out written on error
    return r;
  }
  Owned first(raw, &qrange_observer_destroy);
  r.status = update_or_keep(first.get(), x, n / 2, p, r);
  if (r.status != QRANGE_OK) return r;
  const std::vector<unsigned char> half = state_of(first.get());
  raw = nullptr;
  r.status = api_call([&] { return qrange_observer_deserialize(half.data(), half.size(), &raw); });
  if (r.status != QRANGE_OK) {
    if (raw != nullptr) r.append(raw);
    return r;
  }
  Owned copy(raw, &qrange_observer_destroy);
  r.status = update_or_keep(copy.get(), x + n / 2, n - n / 2, p, r);
  if (r.status != QRANGE_OK) return r;
  r.bytes = state_of(copy.get());
  return r;
}

// qrange_calibrate_f32 by `method` on the grid [qmin, qmax], with p.bins
// (outside [16, 2^20] a refusal, which must write nothing) and p.percentile.
OpResult calibrate(const float* x, std::size_t n, const OpParams& p, qrange_method method, std::int32_t qmin,
                   std::int32_t qmax, qrange_scheme scheme) {
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
  r.status = api_call([&] { return qrange_calibrate_f32(p.ctx, x, n, &c, &out, &mse); });
  r.append(out);
  r.append(mse);
  return r;
}
OpResult calibrate_mse_u8(const float* x, std::size_t n, const OpParams& p) {
  return calibrate(x, n, p, QRANGE_METHOD_MSE, 0, 255, QRANGE_ASYMMETRIC);
}
OpResult calibrate_mse_i4_symmetric(const float* x, std::size_t n, const OpParams& p) {
  return calibrate(x, n, p, QRANGE_METHOD_MSE, -8, 7, QRANGE_SYMMETRIC);
}
OpResult calibrate_entropy_i8(const float* x, std::size_t n, const OpParams& p) {
  return calibrate(x, n, p, QRANGE_METHOD_ENTROPY, -128, 127, QRANGE_SYMMETRIC);
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

}  // namespace

void run_backwards(void*, std::size_t count, qrange_task_fn task, void* arg) {
  for (std::size_t i = count; i-- > 0;) task(arg, i);
}

bool inside_api_call() { return g_inside.load(); }
void set_inside_api_call(bool inside) { g_inside.store(inside); }

const std::vector<Operation>& all_operations() {
  static const std::vector<Operation> ops{
      {"minmax", &minmax},
      {"histogram", &histogram},
      {"percentile_approximate", &percentile_approximate},
      {"percentile_exact", &percentile_exact},
      {"choose_params", &choose_params},
      {"quantize_u8", &quantize_u8},
      {"quantize_i8", &quantize_i8},
      {"quantize_u16", &quantize_u16},
      {"quantize_i16", &quantize_i16},
      {"quantization_mse", &quantization_mse},
      {"dynamic_quantize", &dynamic_quantize},
      {"observer_update", &observer_update},
      {"calibrate_mse_u8", &calibrate_mse_u8},
      {"calibrate_mse_i4_symmetric", &calibrate_mse_i4_symmetric},
      {"calibrate_entropy_i8", &calibrate_entropy_i8},
      {"observer_calibrate", &observer_calibrate},
  };
  return ops;
}

}  // namespace qrange::test
