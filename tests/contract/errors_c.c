/* The bad-input contract (docs/errors.md), checked from C99: every row calls
 * an entry point with one bad argument and checks the status, a message that
 * names the problem, and that every output is untouched. */
#include <qrange/qrange.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

/* check()'s last argument for the rows whose outputs are `out` below: they
 * are compared inside check(), after the call. (An argument of check() next
 * to the call itself may be evaluated before the call: C leaves the order
 * unspecified, and GCC evaluates the last argument first.) */
#define OUTPUTS_UNTOUCHED (-1)

/* A canary pattern that no qrange output could produce by chance. */
#define CANARY 0xA5

static int untouched(const void *p, size_t size) {
  const unsigned char *b = (const unsigned char *)p;
  size_t i;
  for (i = 0; i < size; ++i)
    if (b[i] != CANARY) return 0;
  return 1;
}

/* Every output buffer of every entry point, refilled with the canary before
 * each row: a row passes only if the call wrote none of it. */
static struct outputs {
  qrange_range range;
  uint64_t nonfinite;
  uint64_t counts[8];
  uint64_t below, above;
  qrange_params params;
  uint8_t u8[4];
  int8_t i8[4];
  uint16_t u16[4];
  int16_t i16[4];
  float f32[4];
  double mse;
} out;

static void reset(void) { memset(&out, CANARY, sizeof out); }

/* outputs_ok: OUTPUTS_UNTOUCHED, or a condition the row computed after its
 * call. */
static void check(const char *row, qrange_status got, qrange_status want, const char *needle, int outputs_ok) {
  const char *msg = qrange_last_error();
  if (outputs_ok == OUTPUTS_UNTOUCHED) outputs_ok = untouched(&out, sizeof out);
  if (got == want && strstr(msg, needle) != NULL && outputs_ok) {
    ++passed;
    return;
  }
  ++failed;
  fprintf(stderr, "FAILED %s: status %s (want %s), message \"%s\" (want \"%s\"), outputs %s\n", row,
          qrange_status_string(got), qrange_status_string(want), msg, needle, outputs_ok ? "untouched" : "WRITTEN");
}

/* Inputs of every element type: zero bytes are a valid float and integer. */
static const double zeros[8];
static const float x4[4] = {1.0f, 2.0f, 3.0f, 4.0f};

static void minmax_rows(void) {
  float bad[2];
  bad[0] = NAN;
  bad[1] = INFINITY;
  reset();
  check("minmax: x NULL, n > 0", qrange_minmax_f32(NULL, 4, &out.range, &out.nonfinite), QRANGE_ERROR_NULL_POINTER,
        "x is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("minmax: out NULL", qrange_minmax_f32(x4, 4, NULL, &out.nonfinite), QRANGE_ERROR_NULL_POINTER, "out is NULL",
        OUTPUTS_UNTOUCHED);
  reset();
  check("minmax: n == 0", qrange_minmax_f32(x4, 0, &out.range, &out.nonfinite), QRANGE_ERROR_EMPTY_INPUT,
        "no finite value", OUTPUTS_UNTOUCHED);
  reset();
  check("minmax: x NULL, n == 0", qrange_minmax_f32(NULL, 0, &out.range, &out.nonfinite), QRANGE_ERROR_EMPTY_INPUT,
        "no finite value", OUTPUTS_UNTOUCHED);
  reset();
  check("minmax: no finite value", qrange_minmax_f32(bad, 2, &out.range, &out.nonfinite), QRANGE_ERROR_EMPTY_INPUT,
        "no finite value", OUTPUTS_UNTOUCHED);
}

static qrange_status histogram(const float *x, size_t n, float lo, float hi, size_t bins, uint64_t *counts) {
  qrange_range r;
  r.min = lo;
  r.max = hi;
  return qrange_histogram_f32(x, n, r, bins, counts, &out.below, &out.above);
}

static void histogram_rows(void) {
  const size_t limit = (size_t)1 << 24;
  size_t i;
  int zeroed = 1;
  reset();
  check("histogram: bins 0", histogram(x4, 4, 0.0f, 1.0f, 0, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
        "bins = 0 is outside [1, 16777216]", OUTPUTS_UNTOUCHED);
  reset();
  check("histogram: bins 2^24 + 1", histogram(x4, 4, 0.0f, 1.0f, limit + 1, out.counts),
        QRANGE_ERROR_INVALID_ARGUMENT, "bins = 16777217 is outside", OUTPUTS_UNTOUCHED);
  reset();
  check("histogram: bins SIZE_MAX", histogram(x4, 4, 0.0f, 1.0f, (size_t)-1, out.counts),
        QRANGE_ERROR_INVALID_ARGUMENT, "is outside [1, 16777216]", OUTPUTS_UNTOUCHED);
  reset();
  check("histogram: bins 0, counts NULL", histogram(x4, 4, 0.0f, 1.0f, 0, NULL), QRANGE_ERROR_INVALID_ARGUMENT,
        "bins = 0", OUTPUTS_UNTOUCHED);
  reset();
  check("histogram: counts NULL", histogram(x4, 4, 0.0f, 1.0f, 8, NULL), QRANGE_ERROR_NULL_POINTER,
        "counts is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("histogram: x NULL, n > 0", histogram(NULL, 4, 0.0f, 1.0f, 8, out.counts), QRANGE_ERROR_NULL_POINTER,
        "x is NULL but n = 4", OUTPUTS_UNTOUCHED);
  reset();
  check("histogram: min > max", histogram(x4, 4, 2.0f, 1.0f, 8, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
        "need a finite range with min <= max (min = 2, max = 1)", OUTPUTS_UNTOUCHED);
  reset();
  check("histogram: min NaN", histogram(x4, 4, NAN, 1.0f, 8, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
        "need a finite range", OUTPUTS_UNTOUCHED);
  reset();
  check("histogram: max NaN", histogram(x4, 4, 0.0f, NAN, 8, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
        "need a finite range", OUTPUTS_UNTOUCHED);
  reset();
  check("histogram: min -Inf", histogram(x4, 4, -INFINITY, 1.0f, 8, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
        "need a finite range", OUTPUTS_UNTOUCHED);
  reset();
  check("histogram: max +Inf", histogram(x4, 4, 0.0f, INFINITY, 8, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
        "need a finite range", OUTPUTS_UNTOUCHED);
  /* Not an error: n == 0 (x NULL allowed) overwrites counts, below and above with 0. */
  reset();
  {
    const qrange_status s = histogram(NULL, 0, 0.0f, 1.0f, 8, out.counts);
    for (i = 0; i < 8; ++i) zeroed = zeroed && out.counts[i] == 0;
    check("histogram: n == 0 is OK, counts 0", s, QRANGE_OK, "", zeroed && out.below == 0 && out.above == 0);
  }
}

static qrange_status percentile(const float *x, size_t n, double pct, size_t bins, int exact, qrange_range *r) {
  return qrange_percentile_range_f32(x, n, pct, bins, exact, r);
}

static void percentile_rows(void) {
  float bad[2];
  bad[0] = NAN;
  bad[1] = -INFINITY;
  reset();
  check("percentile: out NULL", percentile(x4, 4, 99.0, 0, 0, NULL), QRANGE_ERROR_NULL_POINTER, "out is NULL",
        OUTPUTS_UNTOUCHED);
  reset();
  check("percentile: x NULL, n > 0", percentile(NULL, 4, 99.0, 0, 0, &out.range), QRANGE_ERROR_NULL_POINTER,
        "x is NULL but n = 4", OUTPUTS_UNTOUCHED);
  reset();
  check("percentile: NaN", percentile(x4, 4, NAN, 0, 0, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
        "percentile = nan is outside [50, 100]", OUTPUTS_UNTOUCHED);
  reset();
  check("percentile: +Inf", percentile(x4, 4, INFINITY, 0, 0, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
        "percentile = inf is outside [50, 100]", OUTPUTS_UNTOUCHED);
  reset();
  check("percentile: -Inf", percentile(x4, 4, -INFINITY, 0, 0, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
        "percentile = -inf is outside [50, 100]", OUTPUTS_UNTOUCHED);
  reset();
  check("percentile: 49.9", percentile(x4, 4, 49.9, 0, 0, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
        "percentile = 49.9 is outside [50, 100]", OUTPUTS_UNTOUCHED);
  reset();
  check("percentile: 100.1", percentile(x4, 4, 100.1, 0, 0, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
        "percentile = 100.1 is outside [50, 100]", OUTPUTS_UNTOUCHED);
  reset();
  check("percentile: bins 2^24 + 1", percentile(x4, 4, 99.0, ((size_t)1 << 24) + 1, 0, &out.range),
        QRANGE_ERROR_INVALID_ARGUMENT, "bins = 16777217 is above 16777216", OUTPUTS_UNTOUCHED);
  reset();
  check("percentile: exact 2", percentile(x4, 4, 99.0, 0, 2, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
        "exact = 2 is neither 0 nor 1", OUTPUTS_UNTOUCHED);
  reset();
  check("percentile: exact -1", percentile(x4, 4, 99.0, 0, -1, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
        "exact = -1 is neither 0 nor 1", OUTPUTS_UNTOUCHED);
  reset();
  check("percentile: n == 0", percentile(NULL, 0, 99.0, 0, 0, &out.range), QRANGE_ERROR_EMPTY_INPUT,
        "no finite value among the 0 inputs", OUTPUTS_UNTOUCHED);
  reset();
  check("percentile: no finite value", percentile(bad, 2, 99.0, 0, 1, &out.range), QRANGE_ERROR_EMPTY_INPUT,
        "no finite value among the 2 inputs", OUTPUTS_UNTOUCHED);
}

static qrange_status choose(float lo, float hi, int32_t qmin, int32_t qmax, int scheme, int include_zero,
                            qrange_params *p) {
  qrange_range r;
  r.min = lo;
  r.max = hi;
  return qrange_choose_params(r, qmin, qmax, (qrange_scheme)scheme, include_zero, p);
}

static void choose_params_rows(void) {
  reset();
  check("choose_params: out NULL", choose(-1.0f, 1.0f, 0, 255, QRANGE_ASYMMETRIC, 1, NULL),
        QRANGE_ERROR_NULL_POINTER, "out is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: scheme 7", choose(-1.0f, 1.0f, 0, 255, 7, 1, &out.params), QRANGE_ERROR_INVALID_ARGUMENT,
        "unknown scheme 7", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: scheme -1", choose(-1.0f, 1.0f, 0, 255, -1, 1, &out.params), QRANGE_ERROR_INVALID_ARGUMENT,
        "unknown scheme -1", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: qmin == qmax", choose(-1.0f, 1.0f, 5, 5, QRANGE_ASYMMETRIC, 1, &out.params),
        QRANGE_ERROR_INVALID_ARGUMENT, "need qmin < qmax and qmax - qmin <= 65535 (qmin = 5, qmax = 5)",
        OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: qmin > qmax", choose(-1.0f, 1.0f, 255, 0, QRANGE_SYMMETRIC, 1, &out.params),
        QRANGE_ERROR_INVALID_ARGUMENT, "(qmin = 255, qmax = 0)", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: qmax - qmin 65536", choose(-1.0f, 1.0f, 0, 65536, QRANGE_ASYMMETRIC, 1, &out.params),
        QRANGE_ERROR_INVALID_ARGUMENT, "qmax - qmin <= 65535 (qmin = 0, qmax = 65536)", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: whole int32", choose(-1.0f, 1.0f, INT32_MIN, INT32_MAX, QRANGE_ASYMMETRIC, 1, &out.params),
        QRANGE_ERROR_INVALID_ARGUMENT, "qmax - qmin <= 65535 (qmin = -2147483648, qmax = 2147483647)",
        OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: min > max", choose(2.0f, 1.0f, 0, 255, QRANGE_ASYMMETRIC, 1, &out.params),
        QRANGE_ERROR_INVALID_ARGUMENT, "need a finite range with min <= max (min = 2, max = 1)", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: min NaN", choose(NAN, 1.0f, 0, 255, QRANGE_ASYMMETRIC, 1, &out.params),
        QRANGE_ERROR_INVALID_ARGUMENT, "need a finite range", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: max NaN", choose(0.0f, NAN, 0, 255, QRANGE_SYMMETRIC, 1, &out.params),
        QRANGE_ERROR_INVALID_ARGUMENT, "need a finite range", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: min -Inf", choose(-INFINITY, 1.0f, 0, 255, QRANGE_ASYMMETRIC, 1, &out.params),
        QRANGE_ERROR_INVALID_ARGUMENT, "need a finite range", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: max +Inf", choose(0.0f, INFINITY, -128, 127, QRANGE_SYMMETRIC, 1, &out.params),
        QRANGE_ERROR_INVALID_ARGUMENT, "need a finite range", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: scale above FLT_MAX", choose(-FLT_MAX, FLT_MAX, 0, 1, QRANGE_ASYMMETRIC, 1, &out.params),
        QRANGE_ERROR_INVALID_ARGUMENT, "exceeds FLT_MAX", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: range too far from zero",
        choose(1000000.0f, 1000001.0f, 0, 255, QRANGE_ASYMMETRIC, 0, &out.params), QRANGE_ERROR_INVALID_ARGUMENT,
        "too far from zero for 255 levels (use include_zero)", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: asymmetric zero point beyond 2^24",
        choose(30000000.0f, 30000002.0f, 0, 2, QRANGE_ASYMMETRIC, 0, &out.params), QRANGE_ERROR_INVALID_ARGUMENT,
        "zero point -30000000 exceeds 2^24", OUTPUTS_UNTOUCHED);
  reset();
  check("choose_params: symmetric zero point beyond 2^24",
        choose(-1.0f, 1.0f, 33554432, 33554433, QRANGE_SYMMETRIC, 1, &out.params), QRANGE_ERROR_INVALID_ARGUMENT,
        "zero point 33554433 exceeds 2^24", OUTPUTS_UNTOUCHED);
}

/* The eight quantize and dequantize functions behind one signature, so that
 * each gets every parameter row. */
typedef qrange_status (*convert_fn)(const void *in, size_t n, const qrange_params *p, void *result);
#define ADAPTER(fn, in_type, out_type) \
  static qrange_status call_##fn(const void *in, size_t n, const qrange_params *p, void *result) { \
    return fn((const in_type *)in, n, p, (out_type *)result); \
  }
ADAPTER(qrange_quantize_f32_u8, float, uint8_t)
ADAPTER(qrange_quantize_f32_i8, float, int8_t)
ADAPTER(qrange_quantize_f32_u16, float, uint16_t)
ADAPTER(qrange_quantize_f32_i16, float, int16_t)
ADAPTER(qrange_dequantize_u8_f32, uint8_t, float)
ADAPTER(qrange_dequantize_i8_f32, int8_t, float)
ADAPTER(qrange_dequantize_u16_f32, uint16_t, float)
ADAPTER(qrange_dequantize_i16_f32, int16_t, float)

struct conversion {
  const char *name;
  convert_fn call;
  void *result;
  const char *in_name, *result_name; /* as the messages call them */
  long tmin, tmax;                   /* the output type's integer limits */
};

static qrange_params params(float scale, int32_t zero_point, int32_t qmin, int32_t qmax) {
  qrange_params p;
  p.scale = scale;
  p.zero_point = zero_point;
  p.qmin = qmin;
  p.qmax = qmax;
  return p;
}

static void param_row(const struct conversion *c, const char *what, qrange_params p, qrange_status want,
                      const char *needle) {
  char row[160];
  snprintf(row, sizeof row, "%s: %s", c->name, what);
  reset();
  check(row, c->call(zeros, 4, &p, c->result), want, needle, OUTPUTS_UNTOUCHED);
}

static void conversion_rows(const struct conversion *c) {
  const int32_t tmin = (int32_t)c->tmin, tmax = (int32_t)c->tmax;
  const qrange_params good = params(0.5f, 0, tmin, tmax);
  char row[160], needle[160];

  reset();
  snprintf(row, sizeof row, "%s: p NULL", c->name);
  check(row, c->call(zeros, 4, NULL, c->result), QRANGE_ERROR_NULL_POINTER, "p is NULL", OUTPUTS_UNTOUCHED);
  reset();
  snprintf(row, sizeof row, "%s: %s NULL, n > 0", c->name, c->in_name);
  snprintf(needle, sizeof needle, "%s is NULL but n = 4", c->in_name);
  check(row, c->call(NULL, 4, &good, c->result), QRANGE_ERROR_NULL_POINTER, needle, OUTPUTS_UNTOUCHED);
  reset();
  snprintf(row, sizeof row, "%s: %s NULL, n > 0", c->name, c->result_name);
  snprintf(needle, sizeof needle, "%s is NULL but n = 4", c->result_name);
  check(row, c->call(zeros, 4, &good, NULL), QRANGE_ERROR_NULL_POINTER, needle, OUTPUTS_UNTOUCHED);

  snprintf(needle, sizeof needle, "need %ld <= qmin < qmax <= %ld (qmin = 5, qmax = 5)", c->tmin, c->tmax);
  param_row(c, "qmin == qmax", params(0.5f, 0, 5, 5), QRANGE_ERROR_INVALID_ARGUMENT, needle);
  snprintf(needle, sizeof needle, "(qmin = %ld, qmax = %ld)", c->tmax, c->tmin);
  param_row(c, "qmin > qmax", params(0.5f, 0, tmax, tmin), QRANGE_ERROR_INVALID_ARGUMENT, needle);
  snprintf(needle, sizeof needle, "(qmin = %ld, qmax = %ld)", c->tmin - 1, c->tmax);
  param_row(c, "qmin below the type", params(0.5f, 0, tmin - 1, tmax), QRANGE_ERROR_INVALID_ARGUMENT, needle);
  snprintf(needle, sizeof needle, "(qmin = %ld, qmax = %ld)", c->tmin, c->tmax + 1);
  param_row(c, "qmax above the type", params(0.5f, 0, tmin, tmax + 1), QRANGE_ERROR_INVALID_ARGUMENT, needle);
  param_row(c, "zero_point 2^24 + 1", params(0.5f, 16777217, tmin, tmax), QRANGE_ERROR_INVALID_ARGUMENT,
            "|zero_point| = |16777217| exceeds 2^24");
  param_row(c, "zero_point -2^24 - 1", params(0.5f, -16777217, tmin, tmax), QRANGE_ERROR_INVALID_ARGUMENT,
            "|zero_point| = |-16777217| exceeds 2^24");
  param_row(c, "scale 0", params(0.0f, 0, tmin, tmax), QRANGE_ERROR_INVALID_ARGUMENT,
            "scale = 0 must be finite and > 0");
  param_row(c, "scale -0", params(-0.0f, 0, tmin, tmax), QRANGE_ERROR_INVALID_ARGUMENT,
            "scale = -0 must be finite and > 0");
  param_row(c, "scale negative", params(-0.5f, 0, tmin, tmax), QRANGE_ERROR_INVALID_ARGUMENT,
            "scale = -0.5 must be finite and > 0");
  param_row(c, "scale NaN", params(NAN, 0, tmin, tmax), QRANGE_ERROR_INVALID_ARGUMENT,
            "scale = nan must be finite and > 0");
  param_row(c, "scale +Inf", params(INFINITY, 0, tmin, tmax), QRANGE_ERROR_INVALID_ARGUMENT,
            "scale = inf must be finite and > 0");

  /* n == 0: the parameters are still checked; valid ones make it a no-op
   * that accepts NULL buffers and writes nothing. */
  {
    const qrange_params bad = params(0.0f, 0, tmin, tmax);
    const qrange_params edge = params(FLT_MIN, 16777216, tmin, tmax);
    reset();
    snprintf(row, sizeof row, "%s: n == 0, scale 0", c->name);
    check(row, c->call(zeros, 0, &bad, c->result), QRANGE_ERROR_INVALID_ARGUMENT, "scale = 0", OUTPUTS_UNTOUCHED);
    reset();
    snprintf(row, sizeof row, "%s: n == 0, NULL buffers, valid p is OK", c->name);
    check(row, c->call(NULL, 0, &edge, NULL), QRANGE_OK, "", OUTPUTS_UNTOUCHED);
    reset();
    snprintf(row, sizeof row, "%s: n == 0 writes nothing", c->name);
    check(row, c->call(zeros, 0, &good, c->result), QRANGE_OK, "", OUTPUTS_UNTOUCHED);
  }
}

static void quantize_rows(void) {
  const struct conversion conversions[8] = {
      {"quantize_f32_u8", call_qrange_quantize_f32_u8, out.u8, "x", "q", 0, 255},
      {"quantize_f32_i8", call_qrange_quantize_f32_i8, out.i8, "x", "q", -128, 127},
      {"quantize_f32_u16", call_qrange_quantize_f32_u16, out.u16, "x", "q", 0, 65535},
      {"quantize_f32_i16", call_qrange_quantize_f32_i16, out.i16, "x", "q", -32768, 32767},
      {"dequantize_u8_f32", call_qrange_dequantize_u8_f32, out.f32, "q", "x", 0, 255},
      {"dequantize_i8_f32", call_qrange_dequantize_i8_f32, out.f32, "q", "x", -128, 127},
      {"dequantize_u16_f32", call_qrange_dequantize_u16_f32, out.f32, "q", "x", 0, 65535},
      {"dequantize_i16_f32", call_qrange_dequantize_i16_f32, out.f32, "q", "x", -32768, 32767},
  };
  int i;
  for (i = 0; i < 8; ++i) conversion_rows(&conversions[i]);
}

static void mse_rows(void) {
  const qrange_params good = params(0.5f, 0, -128, 127);
  qrange_params p;
  float bad[2];
  bad[0] = NAN;
  bad[1] = INFINITY;
  reset();
  check("mse: mse NULL", qrange_quantization_mse_f32(x4, 4, &good, NULL), QRANGE_ERROR_NULL_POINTER, "mse is NULL",
        OUTPUTS_UNTOUCHED);
  reset();
  check("mse: p NULL", qrange_quantization_mse_f32(x4, 4, NULL, &out.mse), QRANGE_ERROR_NULL_POINTER, "p is NULL",
        OUTPUTS_UNTOUCHED);
  reset();
  check("mse: x NULL, n > 0", qrange_quantization_mse_f32(NULL, 4, &good, &out.mse), QRANGE_ERROR_NULL_POINTER,
        "x is NULL but n = 4", OUTPUTS_UNTOUCHED);
  reset();
  p = params(0.5f, 0, 7, 7);
  check("mse: qmin == qmax", qrange_quantization_mse_f32(x4, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
        "need -2147483648 <= qmin < qmax <= 2147483647 (qmin = 7, qmax = 7)", OUTPUTS_UNTOUCHED);
  reset();
  p = params(0.5f, 0, INT32_MAX, INT32_MIN);
  check("mse: qmin > qmax", qrange_quantization_mse_f32(x4, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
        "(qmin = 2147483647, qmax = -2147483648)", OUTPUTS_UNTOUCHED);
  reset();
  p = params(0.5f, 16777217, INT32_MIN, INT32_MAX);
  check("mse: zero_point 2^24 + 1", qrange_quantization_mse_f32(x4, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
        "|zero_point| = |16777217| exceeds 2^24", OUTPUTS_UNTOUCHED);
  reset();
  p = params(0.5f, -16777217, 0, 255);
  check("mse: zero_point -2^24 - 1", qrange_quantization_mse_f32(x4, 4, &p, &out.mse),
        QRANGE_ERROR_INVALID_ARGUMENT, "|zero_point| = |-16777217| exceeds 2^24", OUTPUTS_UNTOUCHED);
  reset();
  p = params(0.0f, 0, 0, 255);
  check("mse: scale 0", qrange_quantization_mse_f32(x4, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
        "scale = 0 must be finite and > 0", OUTPUTS_UNTOUCHED);
  reset();
  p = params(-1.0f, 0, 0, 255);
  check("mse: scale negative", qrange_quantization_mse_f32(x4, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
        "scale = -1 must be finite and > 0", OUTPUTS_UNTOUCHED);
  reset();
  p = params(NAN, 0, 0, 255);
  check("mse: scale NaN", qrange_quantization_mse_f32(x4, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
        "scale = nan must be finite and > 0", OUTPUTS_UNTOUCHED);
  reset();
  p = params(INFINITY, 0, 0, 255);
  check("mse: scale +Inf", qrange_quantization_mse_f32(x4, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
        "scale = inf must be finite and > 0", OUTPUTS_UNTOUCHED);
  reset();
  check("mse: n == 0", qrange_quantization_mse_f32(NULL, 0, &good, &out.mse), QRANGE_ERROR_EMPTY_INPUT,
        "no finite value among the 0 inputs", OUTPUTS_UNTOUCHED);
  reset();
  check("mse: no finite value", qrange_quantization_mse_f32(bad, 2, &good, &out.mse), QRANGE_ERROR_EMPTY_INPUT,
        "no finite value among the 2 inputs", OUTPUTS_UNTOUCHED);
}

/* check() of a refused qrange_set_isa, the active ISA compared after it. */
static void check_isa(const char *row, qrange_status got, qrange_status want, const char *needle,
                      const char *before) {
  check(row, got, want, needle, strcmp(qrange_active_isa(), before) == 0);
}

static void dispatch_rows(void) {
  const char *before = qrange_active_isa();
  check_isa("set_isa: NULL", qrange_set_isa(NULL), QRANGE_ERROR_NULL_POINTER, "name is NULL", before);
  check_isa("set_isa: unknown name", qrange_set_isa("sse9"), QRANGE_ERROR_UNSUPPORTED_ISA, "unknown ISA 'sse9'",
            before);
  check_isa("set_isa: empty name", qrange_set_isa(""), QRANGE_ERROR_UNSUPPORTED_ISA, "unknown ISA ''", before);
  check_isa("set_isa: names are case-sensitive", qrange_set_isa("AVX2"), QRANGE_ERROR_UNSUPPORTED_ISA,
            "unknown ISA 'AVX2'", before);
#if defined(__x86_64__)
  check_isa("set_isa: not compiled in", qrange_set_isa("neon"), QRANGE_ERROR_UNSUPPORTED_ISA,
            "not compiled into this build", before);
#elif defined(__aarch64__)
  check_isa("set_isa: not compiled in", qrange_set_isa("avx2"), QRANGE_ERROR_UNSUPPORTED_ISA,
            "not compiled into this build", before);
#endif
  {
    qrange_isa_info info;
    const size_t count = qrange_isa_count();
    qrange_status s;
    check("isa_info_at: out NULL", qrange_isa_info_at(0, NULL), QRANGE_ERROR_NULL_POINTER,
          "qrange_isa_info_at: out is NULL", 1);
    memset(&info, CANARY, sizeof info);
    s = qrange_isa_info_at(count, &info);
    check("isa_info_at: i == count", s, QRANGE_ERROR_INVALID_ARGUMENT, "i = 4 is not below qrange_isa_count() = 4",
          untouched(&info, sizeof info));
    memset(&info, CANARY, sizeof info);
    s = qrange_isa_info_at(SIZE_MAX, &info);
    check("isa_info_at: i = SIZE_MAX", s, QRANGE_ERROR_INVALID_ARGUMENT, "is not below qrange_isa_count()",
          untouched(&info, sizeof info));
  }
  check("set_num_threads: negative", qrange_set_num_threads(-3), QRANGE_ERROR_INVALID_ARGUMENT,
        "n = -3 is negative", 1);
  check("set_num_threads: INT_MIN", qrange_set_num_threads(INT_MIN), QRANGE_ERROR_INVALID_ARGUMENT,
        "is negative (0 means the OpenMP default)", 1);
}

/* ---- The execution context: every *_ex function, every bad context ------ */

static const qrange_params ctx_params = {0.5f, 0, 0, 127}; /* fits every output type */

static void noop_parallel_for(void *pool, size_t count, qrange_task_fn task, void *arg) {
  size_t i;
  (void)pool;
  for (i = 0; i < count; ++i) task(arg, i);
}

static qrange_status ex_minmax(const qrange_context *c) {
  return qrange_minmax_f32_ex(c, x4, 4, &out.range, &out.nonfinite);
}
static qrange_status ex_histogram(const qrange_context *c) {
  qrange_range r;
  r.min = 0.0f;
  r.max = 4.0f;
  return qrange_histogram_f32_ex(c, x4, 4, r, 8, out.counts, &out.below, &out.above);
}
static qrange_status ex_percentile(const qrange_context *c) {
  return qrange_percentile_range_f32_ex(c, x4, 4, 99.0, 0, 0, &out.range);
}
static qrange_status ex_quantize_u8(const qrange_context *c) {
  return qrange_quantize_f32_u8_ex(c, x4, 4, &ctx_params, out.u8);
}
static qrange_status ex_quantize_i8(const qrange_context *c) {
  return qrange_quantize_f32_i8_ex(c, x4, 4, &ctx_params, out.i8);
}
static qrange_status ex_quantize_u16(const qrange_context *c) {
  return qrange_quantize_f32_u16_ex(c, x4, 4, &ctx_params, out.u16);
}
static qrange_status ex_quantize_i16(const qrange_context *c) {
  return qrange_quantize_f32_i16_ex(c, x4, 4, &ctx_params, out.i16);
}
static qrange_status ex_dequantize_u8(const qrange_context *c) {
  return qrange_dequantize_u8_f32_ex(c, (const uint8_t *)zeros, 4, &ctx_params, out.f32);
}
static qrange_status ex_dequantize_i8(const qrange_context *c) {
  return qrange_dequantize_i8_f32_ex(c, (const int8_t *)zeros, 4, &ctx_params, out.f32);
}
static qrange_status ex_dequantize_u16(const qrange_context *c) {
  return qrange_dequantize_u16_f32_ex(c, (const uint16_t *)zeros, 4, &ctx_params, out.f32);
}
static qrange_status ex_dequantize_i16(const qrange_context *c) {
  return qrange_dequantize_i16_f32_ex(c, (const int16_t *)zeros, 4, &ctx_params, out.f32);
}
static qrange_status ex_mse(const qrange_context *c) {
  return qrange_quantization_mse_f32_ex(c, x4, 4, &ctx_params, &out.mse);
}
static qrange_status ex_dynamic(const qrange_context *c) {
  return qrange_dynamic_quantize_f32_u8(c, x4, 4, out.u8, &out.params);
}

static void context_rows(void) {
  const struct {
    const char *name;
    qrange_status (*call)(const qrange_context *);
  } fns[13] = {{"qrange_minmax_f32_ex", ex_minmax},
               {"qrange_histogram_f32_ex", ex_histogram},
               {"qrange_percentile_range_f32_ex", ex_percentile},
               {"qrange_quantize_f32_u8_ex", ex_quantize_u8},
               {"qrange_quantize_f32_i8_ex", ex_quantize_i8},
               {"qrange_quantize_f32_u16_ex", ex_quantize_u16},
               {"qrange_quantize_f32_i16_ex", ex_quantize_i16},
               {"qrange_dequantize_u8_f32_ex", ex_dequantize_u8},
               {"qrange_dequantize_i8_f32_ex", ex_dequantize_i8},
               {"qrange_dequantize_u16_f32_ex", ex_dequantize_u16},
               {"qrange_dequantize_i16_f32_ex", ex_dequantize_i16},
               {"qrange_quantization_mse_f32_ex", ex_mse},
               {"qrange_dynamic_quantize_f32_u8", ex_dynamic}};
  int pool = 0;
  int i, k;
  for (i = 0; i < 13; ++i) {
    for (k = 0; k < 7; ++k) {
      qrange_context c = QRANGE_CONTEXT_INIT;
      qrange_status want = QRANGE_ERROR_INVALID_ARGUMENT;
      const char *what = "";
      char row[160], needle[200];
      switch (k) {
        case 0: c.struct_size = sizeof c - 1; what = "ctx->struct_size = "; break;
        case 1: c.struct_size = sizeof c + 8; what = "(initialize with QRANGE_CONTEXT_INIT)"; break;
        case 2: c.num_threads = -1; what = "ctx->num_threads = -1 is negative"; break;
        case 3: c.pool = &pool; what = "ctx->pool is set but ctx->parallel_for is NULL"; break;
        case 4: c.parallel_for = noop_parallel_for; what = "ctx->parallel_for is set but ctx->num_threads = 0"; break;
        case 5: c.isa = "sse9"; want = QRANGE_ERROR_UNSUPPORTED_ISA; what = "unknown ISA 'sse9'"; break;
        default: c.isa = ""; want = QRANGE_ERROR_UNSUPPORTED_ISA; what = "unknown ISA ''"; break;
      }
      reset();
      snprintf(row, sizeof row, "%s: bad context %d", fns[i].name, k);
      snprintf(needle, sizeof needle, "%s: %s", fns[i].name, what);
      check(row, fns[i].call(&c), want, k == 1 ? what : needle, OUTPUTS_UNTOUCHED);
    }
  }
}

static void dynamic_quantize_rows(void) {
  const float wide[2] = {-FLT_MAX, FLT_MAX};
  const float narrow[2] = {0.0f, 1.4e-45f};
  reset();
  check("dynamic_quantize: p NULL", qrange_dynamic_quantize_f32_u8(NULL, x4, 4, out.u8, NULL),
        QRANGE_ERROR_NULL_POINTER, "qrange_dynamic_quantize_f32_u8: p is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("dynamic_quantize: x NULL, n > 0", qrange_dynamic_quantize_f32_u8(NULL, NULL, 4, out.u8, &out.params),
        QRANGE_ERROR_NULL_POINTER, "x is NULL but n = 4", OUTPUTS_UNTOUCHED);
  reset();
  check("dynamic_quantize: q NULL, n > 0", qrange_dynamic_quantize_f32_u8(NULL, x4, 4, NULL, &out.params),
        QRANGE_ERROR_NULL_POINTER, "q is NULL but n = 4", OUTPUTS_UNTOUCHED);
  reset();
  check("dynamic_quantize: width overflows", qrange_dynamic_quantize_f32_u8(NULL, wide, 2, out.u8, &out.params),
        QRANGE_ERROR_INVALID_ARGUMENT, "is wider than FLT_MAX", OUTPUTS_UNTOUCHED);
  reset();
  check("dynamic_quantize: scale underflows", qrange_dynamic_quantize_f32_u8(NULL, narrow, 2, out.u8, &out.params),
        QRANGE_ERROR_INVALID_ARGUMENT, "is too narrow: (max - min) / 255 is 0 in float32", OUTPUTS_UNTOUCHED);
  reset();
  {
    const qrange_status s = qrange_dynamic_quantize_f32_u8(NULL, NULL, 0, NULL, &out.params);
    check("dynamic_quantize: n == 0, NULL buffers is OK", s, QRANGE_OK, "",
          out.params.scale == 1.0f && out.params.zero_point == 0);
  }
}

static void status_string_rows(void) {
  /* Any int is a valid argument in C; unknown values get a name, never UB. */
  const int values[3] = {-1, 6, 99};
  int i;
  for (i = 0; i < 3; ++i) {
    if (strcmp(qrange_status_string((qrange_status)values[i]), "unknown qrange_status") == 0) {
      ++passed;
    } else {
      ++failed;
      fprintf(stderr, "FAILED status_string(%d): \"%s\"\n", values[i], qrange_status_string((qrange_status)values[i]));
    }
  }
}

int main(void) {
  status_string_rows();
  minmax_rows();
  histogram_rows();
  percentile_rows();
  choose_params_rows();
  quantize_rows();
  mse_rows();
  context_rows();
  dynamic_quantize_rows();
  dispatch_rows();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
