/* The bad-input contract (docs/errors.md), checked from C99: every row calls
 * an entry point with one bad argument and checks the status, a message that
 * names the problem, and that every output is untouched. */
#include <qrange/qrange.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
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

/* The observers of these rows have at most this many bins, so that their
 * states fit fixed buffers. */
#define OBS_MAX_BINS 32
#define OBS_STATE_BYTES (80 + 8 * OBS_MAX_BINS)

/* The per-axis rows' tensor: {2, 3, 2} with its parameters along axis 1,
 * 3 groups of 4 values (two runs of 2: group d holds the elements
 * 2d, 2d + 1, 6 + 2d, 7 + 2d). */
#define AXIS_N 12
#define AXIS_GROUPS 3

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
  /* The observers' outputs (states of at most OBS_MAX_BINS bins). */
  qrange_observer *observer; /* *out of create and deserialize */
  qrange_observer_stats stats;
  uint64_t obs_counts[OBS_MAX_BINS + QRANGE_OBSERVER_COUNT_SLOTS];
  double edges[OBS_MAX_BINS + 1];
  unsigned char state[OBS_STATE_BYTES];
  size_t size;
  /* The per-axis functions' outputs: a range or parameters per group, a
   * value per element (two per byte for 4 bits), the layout's counts. */
  qrange_range ranges[AXIS_GROUPS];
  qrange_params group_params[AXIS_GROUPS];
  uint8_t axis_u8[AXIS_N];
  int8_t axis_i8[AXIS_N];
  uint16_t axis_u16[AXIS_N];
  int16_t axis_i16[AXIS_N];
  uint8_t axis_packed[(AXIS_N + 1) / 2];
  float axis_f32[AXIS_N];
  size_t elements, groups;
} out;

static void reset(void) { memset(&out, CANARY, sizeof out); }

/* outputs_ok: OUTPUTS_UNTOUCHED, or a condition the row computed after its
 * call. fn: NULL, or the function whose name a refusal's message must start
 * with ("fn: ..."). */
static void check_named(const char *row, const char *fn, qrange_status got, qrange_status want, const char *needle,
                        int outputs_ok) {
  const char *msg = qrange_last_error();
  const size_t len = fn != NULL ? strlen(fn) : 0;
  const int named = fn == NULL || want == QRANGE_OK || (strncmp(msg, fn, len) == 0 && msg[len] == ':');
  if (outputs_ok == OUTPUTS_UNTOUCHED) outputs_ok = untouched(&out, sizeof out);
  if (got == want && strstr(msg, needle) != NULL && named && outputs_ok) {
    ++passed;
    return;
  }
  ++failed;
  fprintf(stderr, "FAILED %s: status %s (want %s), message \"%s\" (want \"%s\"%s%s), outputs %s\n", row,
          qrange_status_string(got), qrange_status_string(want), msg, needle, named ? "" : " after the name ",
          named ? "" : fn, outputs_ok ? "untouched" : "WRITTEN");
}

static void check(const char *row, qrange_status got, qrange_status want, const char *needle, int outputs_ok) {
  check_named(row, NULL, got, want, needle, outputs_ok);
}

/* Inputs of every element type: zero bytes are a valid float and integer. */
static const double zeros[8];
static const float x4[4] = {1.0f, 2.0f, 3.0f, 4.0f};

static const size_t axis_shape[3] = {2, 3, 2};
static const float axis_x[AXIS_N] = {-3.0f, 5.0f, 0.5f, 2.0f, -1.0f, 8.0f, 4.0f, -2.5f, 1.5f, 3.0f, 6.0f, -0.25f};
/* Valid for every output type, the 4-bit ones included. */
static const qrange_params axis_good[AXIS_GROUPS] = {{0.5f, 0, 0, 7}, {0.25f, 1, 0, 7}, {1.0f, 2, 0, 7}};

static qrange_layout axis_layout(void) {
  qrange_layout l = QRANGE_LAYOUT_INIT;
  l.shape = axis_shape;
  l.rank = 3;
  l.axis = 1;
  return l;
}

/* ---- Input types: float32, float16, bfloat16 ------------------------------ */

/* Each function on a tensor has a float32 form and, for 16-bit floats given
 * as their bit patterns, an _f16 and a _bf16 form with the same rows
 * (docs/errors.md, "float16 and bfloat16 tensors"): the rows below run on
 * all three through adapters of one signature. The 16-bit forms take a
 * context first; the float32 rows are those of the forms without one (the
 * _ex forms have context_rows), so their adapters drop it. */
typedef qrange_status (*minmax_fn)(const qrange_context *c, const void *x, size_t n, qrange_range *out,
                                   uint64_t *nonfinite);
typedef qrange_status (*histogram_fn)(const qrange_context *c, const void *x, size_t n, qrange_range r, size_t bins,
                                      uint64_t *counts, uint64_t *below, uint64_t *above);
typedef qrange_status (*percentile_fn)(const qrange_context *c, const void *x, size_t n, double percentile,
                                       size_t bins, int exact, qrange_range *out);
typedef qrange_status (*mse_fn)(const qrange_context *c, const void *x, size_t n, const qrange_params *p,
                                double *mse);
typedef qrange_status (*update_fn)(const qrange_context *c, qrange_observer *obs, const void *x, size_t n);
typedef qrange_status (*calibrate_fn)(const qrange_context *c, const void *x, size_t n,
                                      const qrange_calibration *cal, qrange_params *out, double *mse);
typedef qrange_status (*calibrate_axis_fn)(const qrange_context *c, const void *x, const qrange_layout *l,
                                           const qrange_calibration *cal, qrange_params *params, size_t count,
                                           double *mse);
/* Quantize (in x, result q) or dequantize (in q, result x). */
typedef qrange_status (*convert_fn)(const qrange_context *c, const void *in, size_t n, const qrange_params *p,
                                    void *result);

static qrange_status minmax_f32(const qrange_context *c, const void *x, size_t n, qrange_range *out,
                                uint64_t *nonfinite) {
  (void)c;
  return qrange_minmax_f32((const float *)x, n, out, nonfinite);
}
static qrange_status histogram_f32(const qrange_context *c, const void *x, size_t n, qrange_range r, size_t bins,
                                   uint64_t *counts, uint64_t *below, uint64_t *above) {
  (void)c;
  return qrange_histogram_f32((const float *)x, n, r, bins, counts, below, above);
}
static qrange_status percentile_f32(const qrange_context *c, const void *x, size_t n, double percentile, size_t bins,
                                    int exact, qrange_range *out) {
  (void)c;
  return qrange_percentile_range_f32((const float *)x, n, percentile, bins, exact, out);
}
static qrange_status mse_f32(const qrange_context *c, const void *x, size_t n, const qrange_params *p, double *mse) {
  (void)c;
  return qrange_quantization_mse_f32((const float *)x, n, p, mse);
}
#define TENSOR_ADAPTERS(t, elem)                                                                                  \
  static qrange_status update_##t(const qrange_context *c, qrange_observer *obs, const void *x, size_t n) {       \
    return qrange_observer_update_##t(c, obs, (const elem *)x, n);                                                \
  }                                                                                                               \
  static qrange_status calibrate_##t(const qrange_context *c, const void *x, size_t n,                           \
                                     const qrange_calibration *cal, qrange_params *out, double *mse) {            \
    return qrange_calibrate_##t(c, (const elem *)x, n, cal, out, mse);                                            \
  }                                                                                                               \
  static qrange_status calibrate_axis_##t(const qrange_context *c, const void *x, const qrange_layout *l,         \
                                          const qrange_calibration *cal, qrange_params *params, size_t count,     \
                                          double *mse) {                                                          \
    return qrange_calibrate_axis_##t(c, (const elem *)x, l, cal, params, count, mse);                             \
  }
#define HALF_ADAPTERS(t)                                                                                          \
  TENSOR_ADAPTERS(t, uint16_t)                                                                                    \
  static qrange_status minmax_##t(const qrange_context *c, const void *x, size_t n, qrange_range *out,           \
                                  uint64_t *nonfinite) {                                                          \
    return qrange_minmax_##t(c, (const uint16_t *)x, n, out, nonfinite);                                          \
  }                                                                                                               \
  static qrange_status histogram_##t(const qrange_context *c, const void *x, size_t n, qrange_range r,           \
                                     size_t bins, uint64_t *counts, uint64_t *below, uint64_t *above) {           \
    return qrange_histogram_##t(c, (const uint16_t *)x, n, r, bins, counts, below, above);                        \
  }                                                                                                               \
  static qrange_status percentile_##t(const qrange_context *c, const void *x, size_t n, double percentile,       \
                                      size_t bins, int exact, qrange_range *out) {                                \
    return qrange_percentile_range_##t(c, (const uint16_t *)x, n, percentile, bins, exact, out);                  \
  }                                                                                                               \
  static qrange_status mse_##t(const qrange_context *c, const void *x, size_t n, const qrange_params *p,         \
                               double *mse) {                                                                     \
    return qrange_quantization_mse_##t(c, (const uint16_t *)x, n, p, mse);                                        \
  }
TENSOR_ADAPTERS(f32, float)
HALF_ADAPTERS(f16)
HALF_ADAPTERS(bf16)

#define CONVERT_ADAPTER(fn, in_type, out_type)                                                                    \
  static qrange_status call_##fn(const qrange_context *c, const void *in, size_t n, const qrange_params *p,      \
                                 void *result) {                                                                  \
    return fn(c, (const in_type *)in, n, p, (out_type *)result);                                                  \
  }
#define CONVERT_ADAPTER_F32(fn, in_type, out_type)                                                                \
  static qrange_status call_##fn(const qrange_context *c, const void *in, size_t n, const qrange_params *p,      \
                                 void *result) {                                                                  \
    (void)c;                                                                                                      \
    return fn((const in_type *)in, n, p, (out_type *)result);                                                     \
  }
CONVERT_ADAPTER_F32(qrange_quantize_f32_u8, float, uint8_t)
CONVERT_ADAPTER_F32(qrange_quantize_f32_i8, float, int8_t)
CONVERT_ADAPTER_F32(qrange_quantize_f32_u16, float, uint16_t)
CONVERT_ADAPTER_F32(qrange_quantize_f32_i16, float, int16_t)
CONVERT_ADAPTER_F32(qrange_dequantize_u8_f32, uint8_t, float)
CONVERT_ADAPTER_F32(qrange_dequantize_i8_f32, int8_t, float)
CONVERT_ADAPTER_F32(qrange_dequantize_u16_f32, uint16_t, float)
CONVERT_ADAPTER_F32(qrange_dequantize_i16_f32, int16_t, float)
CONVERT_ADAPTER(qrange_quantize_f16_u8, uint16_t, uint8_t)
CONVERT_ADAPTER(qrange_quantize_f16_i8, uint16_t, int8_t)
CONVERT_ADAPTER(qrange_quantize_f16_u16, uint16_t, uint16_t)
CONVERT_ADAPTER(qrange_quantize_f16_i16, uint16_t, int16_t)
CONVERT_ADAPTER(qrange_dequantize_u8_f16, uint8_t, uint16_t)
CONVERT_ADAPTER(qrange_dequantize_i8_f16, int8_t, uint16_t)
CONVERT_ADAPTER(qrange_dequantize_u16_f16, uint16_t, uint16_t)
CONVERT_ADAPTER(qrange_dequantize_i16_f16, int16_t, uint16_t)
CONVERT_ADAPTER(qrange_quantize_bf16_u8, uint16_t, uint8_t)
CONVERT_ADAPTER(qrange_quantize_bf16_i8, uint16_t, int8_t)
CONVERT_ADAPTER(qrange_quantize_bf16_u16, uint16_t, uint16_t)
CONVERT_ADAPTER(qrange_quantize_bf16_i16, uint16_t, int16_t)
CONVERT_ADAPTER(qrange_dequantize_u8_bf16, uint8_t, uint16_t)
CONVERT_ADAPTER(qrange_dequantize_i8_bf16, int8_t, uint16_t)
CONVERT_ADAPTER(qrange_dequantize_u16_bf16, uint16_t, uint16_t)
CONVERT_ADAPTER(qrange_dequantize_i16_bf16, int16_t, uint16_t)

struct conversion {
  const char *name;
  convert_fn call;
  void *result;
  const char *in_name, *result_name; /* as the messages call them */
  long tmin, tmax;                   /* the output type's integer limits */
};

#define CONVERSIONS 8
struct input_type {
  const char *suffix;    /* the end of the functions' names: f32, f16, bf16 */
  size_t size;           /* bytes per value */
  const void *x4;        /* 1, 2, 3, 4 */
  const void *nonfinite; /* NaN, +Inf, -Inf; the 16-bit NaNs signaling, with the least payload */
  const void *subnormal; /* the least positive value */
  float subnormal_value; /* and what it is in float32 */
  /* Two values whose range qrange_choose_params refuses on [0, far_qmax]
   * without include_zero, and the end of its message. */
  const void *far;
  int32_t far_qmax;
  const char *far_needle;
  const void *axis_x; /* axis_x in this type */
  minmax_fn minmax;
  histogram_fn histogram;
  percentile_fn percentile;
  mse_fn mse;
  update_fn observer_update;
  calibrate_fn calibrate;
  calibrate_axis_fn calibrate_axis;
  struct conversion conversions[CONVERSIONS];
};

static const float nonfinite_f32[3] = {NAN, INFINITY, -INFINITY};
static const float subnormal_f32 = 0x1p-149f;
static const float far_f32[2] = {1e6f, 1e6f + 1.0f};

static const uint16_t x4_f16[4] = {0x3c00, 0x4000, 0x4200, 0x4400};
static const uint16_t nonfinite_f16[3] = {0x7c01, 0x7c00, 0xfc00};
static const uint16_t subnormal_half = 0x0001; /* 2^-24 in float16, 2^-133 in bfloat16 */
static const uint16_t far_f16[2] = {0x7b53, 0x7b54}; /* 60000, 60032 */
static const uint16_t axis_x_f16[AXIS_N] = {0xc200, 0x4500, 0x3800, 0x4000, 0xbc00, 0x4800,
                                            0x4400, 0xc100, 0x3e00, 0x4200, 0x4600, 0xb400};

static const uint16_t x4_bf16[4] = {0x3f80, 0x4000, 0x4040, 0x4080};
static const uint16_t nonfinite_bf16[3] = {0xff81, 0x7f80, 0xff80};
/* -+3.38953e38, the largest finite values. No two bfloat16 values are 2^25
 * steps of a 16-bit grid from 0 (8 bits of precision), but these give a
 * scale above FLT_MAX on [0, 1]. */
static const uint16_t far_bf16[2] = {0xff7f, 0x7f7f};
static const uint16_t axis_x_bf16[AXIS_N] = {0xc040, 0x40a0, 0x3f00, 0x4000, 0xbf80, 0x4100,
                                             0x4080, 0xc020, 0x3fc0, 0x4040, 0x40c0, 0xbe80};

#define INPUT_TYPES 3
static const struct input_type input_types[INPUT_TYPES] = {
    {"f32", sizeof(float), x4, nonfinite_f32, &subnormal_f32, 0x1p-149f, far_f32, 65535,
     "is too far from zero for 65535 levels (use include_zero)", axis_x, minmax_f32, histogram_f32,
     percentile_f32, mse_f32, update_f32, calibrate_f32, calibrate_axis_f32,
     {{"qrange_quantize_f32_u8", call_qrange_quantize_f32_u8, out.u8, "x", "q", 0, 255},
      {"qrange_quantize_f32_i8", call_qrange_quantize_f32_i8, out.i8, "x", "q", -128, 127},
      {"qrange_quantize_f32_u16", call_qrange_quantize_f32_u16, out.u16, "x", "q", 0, 65535},
      {"qrange_quantize_f32_i16", call_qrange_quantize_f32_i16, out.i16, "x", "q", -32768, 32767},
      {"qrange_dequantize_u8_f32", call_qrange_dequantize_u8_f32, out.f32, "q", "x", 0, 255},
      {"qrange_dequantize_i8_f32", call_qrange_dequantize_i8_f32, out.f32, "q", "x", -128, 127},
      {"qrange_dequantize_u16_f32", call_qrange_dequantize_u16_f32, out.f32, "q", "x", 0, 65535},
      {"qrange_dequantize_i16_f32", call_qrange_dequantize_i16_f32, out.f32, "q", "x", -32768, 32767}}},
    {"f16", sizeof(uint16_t), x4_f16, nonfinite_f16, &subnormal_half, 0x1p-24f, far_f16, 65535,
     "is too far from zero for 65535 levels (use include_zero)", axis_x_f16, minmax_f16, histogram_f16,
     percentile_f16, mse_f16, update_f16, calibrate_f16, calibrate_axis_f16,
     {{"qrange_quantize_f16_u8", call_qrange_quantize_f16_u8, out.u8, "x", "q", 0, 255},
      {"qrange_quantize_f16_i8", call_qrange_quantize_f16_i8, out.i8, "x", "q", -128, 127},
      {"qrange_quantize_f16_u16", call_qrange_quantize_f16_u16, out.u16, "x", "q", 0, 65535},
      {"qrange_quantize_f16_i16", call_qrange_quantize_f16_i16, out.i16, "x", "q", -32768, 32767},
      {"qrange_dequantize_u8_f16", call_qrange_dequantize_u8_f16, out.u16, "q", "x", 0, 255},
      {"qrange_dequantize_i8_f16", call_qrange_dequantize_i8_f16, out.u16, "q", "x", -128, 127},
      {"qrange_dequantize_u16_f16", call_qrange_dequantize_u16_f16, out.u16, "q", "x", 0, 65535},
      {"qrange_dequantize_i16_f16", call_qrange_dequantize_i16_f16, out.u16, "q", "x", -32768, 32767}}},
    {"bf16", sizeof(uint16_t), x4_bf16, nonfinite_bf16, &subnormal_half, 0x1p-133f, far_bf16, 1, "exceeds FLT_MAX",
     axis_x_bf16, minmax_bf16, histogram_bf16, percentile_bf16, mse_bf16, update_bf16, calibrate_bf16,
     calibrate_axis_bf16,
     {{"qrange_quantize_bf16_u8", call_qrange_quantize_bf16_u8, out.u8, "x", "q", 0, 255},
      {"qrange_quantize_bf16_i8", call_qrange_quantize_bf16_i8, out.i8, "x", "q", -128, 127},
      {"qrange_quantize_bf16_u16", call_qrange_quantize_bf16_u16, out.u16, "x", "q", 0, 65535},
      {"qrange_quantize_bf16_i16", call_qrange_quantize_bf16_i16, out.i16, "x", "q", -32768, 32767},
      {"qrange_dequantize_u8_bf16", call_qrange_dequantize_u8_bf16, out.u16, "q", "x", 0, 255},
      {"qrange_dequantize_i8_bf16", call_qrange_dequantize_i8_bf16, out.u16, "q", "x", -128, 127},
      {"qrange_dequantize_u16_bf16", call_qrange_dequantize_u16_bf16, out.u16, "q", "x", 0, 65535},
      {"qrange_dequantize_i16_bf16", call_qrange_dequantize_i16_bf16, out.u16, "q", "x", -32768, 32767}}},
};

/* The name of t's function: pattern with %s where the type's suffix goes. */
static const char *fn_name(char *buf, size_t size, const char *pattern, const struct input_type *t) {
  const char *end = strstr(pattern, "%s");
  snprintf(buf, size, "%.*s%s%s", (int)(end - pattern), pattern, t->suffix, end + 2);
  return buf;
}

/* check_named() of the row `what` of the function fn. */
static void check_fn(const char *fn, const char *what, qrange_status got, qrange_status want, const char *needle,
                     int outputs_ok) {
  char row[200];
  snprintf(row, sizeof row, "%s: %s", fn, what);
  check_named(row, fn, got, want, needle, outputs_ok);
}

static void minmax_rows(const struct input_type *t) {
  char fn[64];
  fn_name(fn, sizeof fn, "qrange_minmax_%s", t);
  reset();
  check_fn(fn, "x NULL, n > 0", t->minmax(NULL, NULL, 4, &out.range, &out.nonfinite), QRANGE_ERROR_NULL_POINTER,
           "x is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "out NULL", t->minmax(NULL, t->x4, 4, NULL, &out.nonfinite), QRANGE_ERROR_NULL_POINTER,
           "out is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "n == 0", t->minmax(NULL, t->x4, 0, &out.range, &out.nonfinite), QRANGE_ERROR_EMPTY_INPUT,
           "no finite value", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "x NULL, n == 0", t->minmax(NULL, NULL, 0, &out.range, &out.nonfinite), QRANGE_ERROR_EMPTY_INPUT,
           "no finite value", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "no finite value", t->minmax(NULL, t->nonfinite, 3, &out.range, &out.nonfinite),
           QRANGE_ERROR_EMPTY_INPUT, "no finite value among the 3 inputs (3 NaN or infinite)", OUTPUTS_UNTOUCHED);
  /* Not an error: the least subnormal is a finite value. */
  reset();
  {
    const qrange_status s = t->minmax(NULL, t->subnormal, 1, &out.range, &out.nonfinite);
    check_fn(fn, "a subnormal alone is OK", s, QRANGE_OK, "",
             out.range.min == t->subnormal_value && out.range.max == t->subnormal_value && out.nonfinite == 0);
  }
}

static qrange_status histogram(const struct input_type *t, const void *x, size_t n, float lo, float hi, size_t bins,
                               uint64_t *counts) {
  qrange_range r;
  r.min = lo;
  r.max = hi;
  return t->histogram(NULL, x, n, r, bins, counts, &out.below, &out.above);
}

static void histogram_rows(const struct input_type *t) {
  const size_t limit = (size_t)1 << 24;
  const void *x = t->x4;
  char fn[64];
  size_t i;
  int zeroed = 1;
  fn_name(fn, sizeof fn, "qrange_histogram_%s", t);
  reset();
  check_fn(fn, "bins 0", histogram(t, x, 4, 0.0f, 1.0f, 0, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
           "bins = 0 is outside [1, 16777216]", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "bins 2^24 + 1", histogram(t, x, 4, 0.0f, 1.0f, limit + 1, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
           "bins = 16777217 is outside", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "bins SIZE_MAX", histogram(t, x, 4, 0.0f, 1.0f, (size_t)-1, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
           "is outside [1, 16777216]", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "bins 0, counts NULL", histogram(t, x, 4, 0.0f, 1.0f, 0, NULL), QRANGE_ERROR_INVALID_ARGUMENT,
           "bins = 0", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "counts NULL", histogram(t, x, 4, 0.0f, 1.0f, 8, NULL), QRANGE_ERROR_NULL_POINTER, "counts is NULL",
           OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "x NULL, n > 0", histogram(t, NULL, 4, 0.0f, 1.0f, 8, out.counts), QRANGE_ERROR_NULL_POINTER,
           "x is NULL but n = 4", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "min > max", histogram(t, x, 4, 2.0f, 1.0f, 8, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
           "need a finite range with min <= max (min = 2, max = 1)", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "min NaN", histogram(t, x, 4, NAN, 1.0f, 8, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
           "need a finite range", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "max NaN", histogram(t, x, 4, 0.0f, NAN, 8, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
           "need a finite range", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "min -Inf", histogram(t, x, 4, -INFINITY, 1.0f, 8, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
           "need a finite range", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "max +Inf", histogram(t, x, 4, 0.0f, INFINITY, 8, out.counts), QRANGE_ERROR_INVALID_ARGUMENT,
           "need a finite range", OUTPUTS_UNTOUCHED);
  /* Not an error: n == 0 (x NULL allowed) overwrites counts, below and above with 0. */
  reset();
  {
    const qrange_status s = histogram(t, NULL, 0, 0.0f, 1.0f, 8, out.counts);
    for (i = 0; i < 8; ++i) zeroed = zeroed && out.counts[i] == 0;
    check_fn(fn, "n == 0 is OK, counts 0", s, QRANGE_OK, "", zeroed && out.below == 0 && out.above == 0);
  }
}

static void percentile_rows(const struct input_type *t) {
  const void *x = t->x4;
  char fn[64];
  fn_name(fn, sizeof fn, "qrange_percentile_range_%s", t);
  reset();
  check_fn(fn, "out NULL", t->percentile(NULL, x, 4, 99.0, 0, 0, NULL), QRANGE_ERROR_NULL_POINTER, "out is NULL",
           OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "x NULL, n > 0", t->percentile(NULL, NULL, 4, 99.0, 0, 0, &out.range), QRANGE_ERROR_NULL_POINTER,
           "x is NULL but n = 4", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "NaN", t->percentile(NULL, x, 4, NAN, 0, 0, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
           "percentile = nan is outside [50, 100]", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "+Inf", t->percentile(NULL, x, 4, INFINITY, 0, 0, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
           "percentile = inf is outside [50, 100]", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "-Inf", t->percentile(NULL, x, 4, -INFINITY, 0, 0, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
           "percentile = -inf is outside [50, 100]", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "49.9", t->percentile(NULL, x, 4, 49.9, 0, 0, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
           "percentile = 49.9 is outside [50, 100]", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "100.1", t->percentile(NULL, x, 4, 100.1, 0, 0, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
           "percentile = 100.1 is outside [50, 100]", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "bins 2^24 + 1", t->percentile(NULL, x, 4, 99.0, ((size_t)1 << 24) + 1, 0, &out.range),
           QRANGE_ERROR_INVALID_ARGUMENT, "bins = 16777217 is above 16777216", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "exact 2", t->percentile(NULL, x, 4, 99.0, 0, 2, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
           "exact = 2 is neither 0 nor 1", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "exact -1", t->percentile(NULL, x, 4, 99.0, 0, -1, &out.range), QRANGE_ERROR_INVALID_ARGUMENT,
           "exact = -1 is neither 0 nor 1", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "n == 0", t->percentile(NULL, NULL, 0, 99.0, 0, 0, &out.range), QRANGE_ERROR_EMPTY_INPUT,
           "no finite value among the 0 inputs", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "no finite value", t->percentile(NULL, t->nonfinite, 3, 99.0, 0, 1, &out.range),
           QRANGE_ERROR_EMPTY_INPUT, "no finite value among the 3 inputs", OUTPUTS_UNTOUCHED);
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
  reset();
  check_fn(c->name, what, c->call(NULL, zeros, 4, &p, c->result), want, needle, OUTPUTS_UNTOUCHED);
}

/* Every quantize and dequantize function gets every parameter row. */
static void conversion_rows(const struct conversion *c) {
  const int32_t tmin = (int32_t)c->tmin, tmax = (int32_t)c->tmax;
  const qrange_params good = params(0.5f, 0, tmin, tmax);
  char what[160], needle[160];

  reset();
  check_fn(c->name, "p NULL", c->call(NULL, zeros, 4, NULL, c->result), QRANGE_ERROR_NULL_POINTER, "p is NULL",
           OUTPUTS_UNTOUCHED);
  reset();
  snprintf(what, sizeof what, "%s NULL, n > 0", c->in_name);
  snprintf(needle, sizeof needle, "%s is NULL but n = 4", c->in_name);
  check_fn(c->name, what, c->call(NULL, NULL, 4, &good, c->result), QRANGE_ERROR_NULL_POINTER, needle,
           OUTPUTS_UNTOUCHED);
  reset();
  snprintf(what, sizeof what, "%s NULL, n > 0", c->result_name);
  snprintf(needle, sizeof needle, "%s is NULL but n = 4", c->result_name);
  check_fn(c->name, what, c->call(NULL, zeros, 4, &good, NULL), QRANGE_ERROR_NULL_POINTER, needle,
           OUTPUTS_UNTOUCHED);

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
    check_fn(c->name, "n == 0, scale 0", c->call(NULL, zeros, 0, &bad, c->result), QRANGE_ERROR_INVALID_ARGUMENT,
             "scale = 0", OUTPUTS_UNTOUCHED);
    reset();
    check_fn(c->name, "n == 0, NULL buffers, valid p is OK", c->call(NULL, NULL, 0, &edge, NULL), QRANGE_OK, "",
             OUTPUTS_UNTOUCHED);
    reset();
    check_fn(c->name, "n == 0 writes nothing", c->call(NULL, zeros, 0, &good, c->result), QRANGE_OK, "",
             OUTPUTS_UNTOUCHED);
  }
}

static void mse_rows(const struct input_type *t) {
  const qrange_params good = params(0.5f, 0, -128, 127);
  const void *x = t->x4;
  qrange_params p;
  char fn[64];
  fn_name(fn, sizeof fn, "qrange_quantization_mse_%s", t);
  reset();
  check_fn(fn, "mse NULL", t->mse(NULL, x, 4, &good, NULL), QRANGE_ERROR_NULL_POINTER, "mse is NULL",
           OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "p NULL", t->mse(NULL, x, 4, NULL, &out.mse), QRANGE_ERROR_NULL_POINTER, "p is NULL",
           OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "x NULL, n > 0", t->mse(NULL, NULL, 4, &good, &out.mse), QRANGE_ERROR_NULL_POINTER,
           "x is NULL but n = 4", OUTPUTS_UNTOUCHED);
  reset();
  p = params(0.5f, 0, 7, 7);
  check_fn(fn, "qmin == qmax", t->mse(NULL, x, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
           "need -2147483648 <= qmin < qmax <= 2147483647 (qmin = 7, qmax = 7)", OUTPUTS_UNTOUCHED);
  reset();
  p = params(0.5f, 0, INT32_MAX, INT32_MIN);
  check_fn(fn, "qmin > qmax", t->mse(NULL, x, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
           "(qmin = 2147483647, qmax = -2147483648)", OUTPUTS_UNTOUCHED);
  reset();
  p = params(0.5f, 16777217, INT32_MIN, INT32_MAX);
  check_fn(fn, "zero_point 2^24 + 1", t->mse(NULL, x, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
           "|zero_point| = |16777217| exceeds 2^24", OUTPUTS_UNTOUCHED);
  reset();
  p = params(0.5f, -16777217, 0, 255);
  check_fn(fn, "zero_point -2^24 - 1", t->mse(NULL, x, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
           "|zero_point| = |-16777217| exceeds 2^24", OUTPUTS_UNTOUCHED);
  reset();
  p = params(0.0f, 0, 0, 255);
  check_fn(fn, "scale 0", t->mse(NULL, x, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
           "scale = 0 must be finite and > 0", OUTPUTS_UNTOUCHED);
  reset();
  p = params(-1.0f, 0, 0, 255);
  check_fn(fn, "scale negative", t->mse(NULL, x, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
           "scale = -1 must be finite and > 0", OUTPUTS_UNTOUCHED);
  reset();
  p = params(NAN, 0, 0, 255);
  check_fn(fn, "scale NaN", t->mse(NULL, x, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
           "scale = nan must be finite and > 0", OUTPUTS_UNTOUCHED);
  reset();
  p = params(INFINITY, 0, 0, 255);
  check_fn(fn, "scale +Inf", t->mse(NULL, x, 4, &p, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
           "scale = inf must be finite and > 0", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "n == 0", t->mse(NULL, NULL, 0, &good, &out.mse), QRANGE_ERROR_EMPTY_INPUT,
           "no finite value among the 0 inputs", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(fn, "no finite value", t->mse(NULL, t->nonfinite, 3, &good, &out.mse), QRANGE_ERROR_EMPTY_INPUT,
           "no finite value among the 3 inputs", OUTPUTS_UNTOUCHED);
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

/* ---- Observer states ---------------------------------------------------- */

/* All of a state: its serialized bytes and every count, the bins past
 * used_bins included, so that a refused call can be shown to change none of
 * it. */
struct state {
  size_t size;
  unsigned char bytes[OBS_STATE_BYTES];
  uint64_t counts[OBS_MAX_BINS + QRANGE_OBSERVER_COUNT_SLOTS];
};

/* These calls succeed and so leave qrange_last_error() as it is. */
static size_t bins_of(const qrange_observer *o) {
  qrange_observer_stats st = QRANGE_OBSERVER_STATS_INIT;
  qrange_observer_get_stats(o, &st);
  return st.bins;
}
static size_t used_bins_of(const qrange_observer *o) {
  qrange_observer_stats st = QRANGE_OBSERVER_STATS_INIT;
  qrange_observer_get_stats(o, &st);
  return st.used_bins;
}

/* The state's range: {+Inf, -Inf} for a state without one. */
static qrange_range range_of(const qrange_observer *o) {
  qrange_observer_stats st = QRANGE_OBSERVER_STATS_INIT;
  qrange_observer_get_stats(o, &st);
  return st.range;
}

/* The counts are those on the grid of the state's own range: its own bins. */
static void snapshot(const qrange_observer *o, struct state *s) {
  memset(s, 0, sizeof *s);
  if (qrange_observer_serialize(o, s->bytes, sizeof s->bytes, &s->size) != QRANGE_OK ||
      qrange_observer_get_counts(o, range_of(o), s->counts, bins_of(o) + QRANGE_OBSERVER_COUNT_SLOTS) !=
          QRANGE_OK) {
    fprintf(stderr, "snapshot of an observer failed: %s\n", qrange_last_error());
    ++failed;
  }
}

static int same_state(const qrange_observer *o, const struct state *before) {
  struct state now;
  snapshot(o, &now);
  return memcmp(&now, before, sizeof now) == 0;
}

/* check() for a call on an observer, taken after the call has returned
 * `got`: the outputs untouched and the state `before` it (o NULL: no
 * state to compare). */
static void check_state(const char *row, qrange_status got, qrange_status want, const char *needle,
                        const qrange_observer *o, const struct state *before) {
  const int same = o == NULL || same_state(o, before);
  check(row, got, want, needle, same ? OUTPUTS_UNTOUCHED : 0);
}

/* check_state() of the row `what` of the function fn, named as check_fn(). */
static void check_fn_state(const char *fn, const char *what, qrange_status got, qrange_status want,
                           const char *needle, const qrange_observer *o, const struct state *before) {
  const int same = o == NULL || same_state(o, before);
  check_fn(fn, what, got, want, needle, same ? OUTPUTS_UNTOUCHED : 0);
}

static qrange_observer *observer_of(size_t bins, const float *x, size_t n) {
  qrange_observer *o = NULL;
  if (qrange_observer_create(bins, &o) != QRANGE_OK || qrange_observer_update_f32(NULL, o, x, n) != QRANGE_OK) {
    fprintf(stderr, "setting up an observer failed: %s\n", qrange_last_error());
    ++failed;
  }
  return o;
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
static qrange_observer *ctx_observer; /* the state ex_observer_update must leave as it is */
static qrange_status ex_observer_update(const qrange_context *c) {
  return qrange_observer_update_f32(c, ctx_observer, x4, 4);
}

/* Call k of the TENSOR_CALLS functions of t on a tensor, with the context
 * c (valid arguments otherwise); the function's name into fn. */
#define TENSOR_CALLS (6 + CONVERSIONS)
static qrange_status tensor_call(const struct input_type *t, int k, const qrange_context *c, char *fn, size_t size) {
  static const char *const names[6] = {"qrange_minmax_%s",           "qrange_histogram_%s",
                                       "qrange_percentile_range_%s", "qrange_quantization_mse_%s",
                                       "qrange_observer_update_%s",  "qrange_calibrate_%s"};
  const qrange_calibration cal = QRANGE_CALIBRATION_INIT;
  qrange_range r;
  r.min = 0.0f;
  r.max = 4.0f;
  if (k >= 6) {
    const struct conversion *conv = &t->conversions[k - 6];
    snprintf(fn, size, "%s", conv->name);
    return conv->call(c, zeros, 4, &ctx_params, conv->result);
  }
  fn_name(fn, size, names[k], t);
  switch (k) {
    case 0: return t->minmax(c, t->x4, 4, &out.range, &out.nonfinite);
    case 1: return t->histogram(c, t->x4, 4, r, 8, out.counts, &out.below, &out.above);
    case 2: return t->percentile(c, t->x4, 4, 99.0, 0, 0, &out.range);
    case 3: return t->mse(c, t->x4, 4, &ctx_params, &out.mse);
    case 4: return t->observer_update(c, ctx_observer, t->x4, 4);
    default: return t->calibrate(c, t->x4, 4, &cal, &out.params, &out.mse);
  }
}

/* Bad context k of 7 into *c (from QRANGE_CONTEXT_INIT): the status it
 * gets and what the message says after the function's name. */
static qrange_status bad_context(int k, qrange_context *c, const char **what) {
  static int pool;
  const qrange_context init = QRANGE_CONTEXT_INIT;
  *c = init;
  switch (k) {
    case 0: c->struct_size = sizeof *c - 1; *what = "ctx->struct_size = "; break;
    case 1: c->struct_size = sizeof *c + 8; *what = "(initialize with QRANGE_CONTEXT_INIT)"; break;
    case 2: c->num_threads = -1; *what = "ctx->num_threads = -1 is negative"; break;
    case 3: c->pool = &pool; *what = "ctx->pool is set but ctx->parallel_for is NULL"; break;
    case 4: c->parallel_for = noop_parallel_for; *what = "ctx->parallel_for is set but ctx->num_threads = 0"; break;
    case 5: c->isa = "sse9"; *what = "unknown ISA 'sse9'"; return QRANGE_ERROR_UNSUPPORTED_ISA;
    default: c->isa = ""; *what = "unknown ISA ''"; return QRANGE_ERROR_UNSUPPORTED_ISA;
  }
  return QRANGE_ERROR_INVALID_ARGUMENT;
}

static void context_rows(void) {
  const struct {
    const char *name;
    qrange_status (*call)(const qrange_context *);
  } fns[14] = {{"qrange_minmax_f32_ex", ex_minmax},
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
               {"qrange_dynamic_quantize_f32_u8", ex_dynamic},
               {"qrange_observer_update_f32", ex_observer_update}};
  const float seen[3] = {-1.0f, 0.5f, 8.0f};
  struct state before;
  int i, j, k;
  ctx_observer = observer_of(16, seen, 3);
  snapshot(ctx_observer, &before);
  for (i = 0; i < 14; ++i) {
    for (k = 0; k < 7; ++k) {
      qrange_context c;
      const char *what = "";
      const qrange_status want = bad_context(k, &c, &what);
      char row[160], needle[200];
      reset();
      snprintf(row, sizeof row, "%s: bad context %d", fns[i].name, k);
      snprintf(needle, sizeof needle, "%s: %s", fns[i].name, what);
      check_state(row, fns[i].call(&c), want, k == 1 ? what : needle, ctx_observer, &before);
    }
  }
  /* The 16-bit forms take a context first: the same rows, in each of them. */
  for (i = 1; i < INPUT_TYPES; ++i) {
    for (j = 0; j < TENSOR_CALLS; ++j) {
      for (k = 0; k < 7; ++k) {
        qrange_context c;
        const char *what = "";
        const qrange_status want = bad_context(k, &c, &what);
        char fn[64], row[100];
        qrange_status s;
        reset();
        s = tensor_call(&input_types[i], j, &c, fn, sizeof fn);
        snprintf(row, sizeof row, "bad context %d", k);
        check_fn_state(fn, row, s, want, what, ctx_observer, &before);
      }
    }
  }
  qrange_observer_destroy(ctx_observer);
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

/* ---- Observers ---------------------------------------------------------- */

/* x4 with one NaN, +Inf and -Inf: 13 of 16 bins used (width 0.25 from 1). */
static qrange_observer *observed(size_t bins) {
  float x[7];
  memcpy(x, x4, sizeof x4);
  x[4] = NAN;
  x[5] = INFINITY;
  x[6] = -INFINITY;
  return observer_of(bins, x, 7);
}

static void observer_create_rows(void) {
  qrange_observer *o = NULL;
  reset();
  check("observer_create: bins 15", qrange_observer_create(15, &out.observer), QRANGE_ERROR_INVALID_ARGUMENT,
        "qrange_observer_create: bins = 15 is outside [16, 1048576]", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_create: bins 1", qrange_observer_create(1, &out.observer), QRANGE_ERROR_INVALID_ARGUMENT,
        "bins = 1 is outside [16, 1048576]", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_create: bins 2^20 + 1", qrange_observer_create(((size_t)1 << 20) + 1, &out.observer),
        QRANGE_ERROR_INVALID_ARGUMENT, "bins = 1048577 is outside [16, 1048576]", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_create: bins SIZE_MAX", qrange_observer_create(SIZE_MAX, &out.observer),
        QRANGE_ERROR_INVALID_ARGUMENT, "is outside [16, 1048576]", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_create: bins 15, out NULL", qrange_observer_create(15, NULL), QRANGE_ERROR_INVALID_ARGUMENT,
        "bins = 15", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_create: out NULL", qrange_observer_create(16, NULL), QRANGE_ERROR_NULL_POINTER,
        "qrange_observer_create: out is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_create: bins 0 (the default), out NULL", qrange_observer_create(0, NULL),
        QRANGE_ERROR_NULL_POINTER, "out is NULL", OUTPUTS_UNTOUCHED);
  /* Not errors: 0 means 2048, and both limits are accepted. */
  {
    static const size_t asked[3] = {0, 16, (size_t)1 << 20}, got[3] = {2048, 16, (size_t)1 << 20};
    int i;
    for (i = 0; i < 3; ++i) {
      char row[160];
      const qrange_status s = qrange_observer_create(asked[i], &o);
      snprintf(row, sizeof row, "observer_create: bins %zu is OK", asked[i]);
      check(row, s, QRANGE_OK, "", o != NULL && bins_of(o) == got[i]);
      qrange_observer_destroy(o);
      o = NULL;
    }
  }
  qrange_observer_destroy(NULL); /* no error to report: NULL is fine */
}

static void observer_update_rows(const struct input_type *t) {
  qrange_observer *o = observed(16);
  qrange_context bad = QRANGE_CONTEXT_INIT;
  struct state before;
  char fn[64];
  qrange_status s;
  fn_name(fn, sizeof fn, "qrange_observer_update_%s", t);
  snapshot(o, &before);
  reset();
  s = t->observer_update(NULL, NULL, t->x4, 4);
  check_fn(fn, "obs NULL", s, QRANGE_ERROR_NULL_POINTER, "obs is NULL", OUTPUTS_UNTOUCHED);
  reset();
  s = t->observer_update(NULL, o, NULL, 4);
  check_fn_state(fn, "x NULL, n > 0", s, QRANGE_ERROR_NULL_POINTER, "x is NULL but n = 4", o, &before);
  reset();
  bad.struct_size = sizeof bad - 1;
  s = t->observer_update(&bad, o, t->x4, 4);
  check_fn_state(fn, "ctx->struct_size wrong", s, QRANGE_ERROR_INVALID_ARGUMENT, "ctx->struct_size = ", o, &before);
  reset();
  s = t->observer_update(&bad, o, NULL, 0);
  check_fn_state(fn, "n == 0 still checks the context", s, QRANGE_ERROR_INVALID_ARGUMENT, "ctx->struct_size = ", o,
                 &before);
  reset();
  s = t->observer_update(NULL, o, NULL, 0);
  check_fn_state(fn, "n == 0, x NULL is OK and changes nothing", s, QRANGE_OK, "", o, &before);
  {
    /* A NaN count that n more values could take past 2^64 - 1: refused. */
    uint64_t counts[16 + QRANGE_OBSERVER_COUNT_SLOTS];
    memcpy(counts, before.counts, sizeof counts);
    counts[0] = UINT64_MAX - 3;
    if (qrange_observer_set_counts(o, range_of(o), counts, 19) != QRANGE_OK) ++failed;
    snapshot(o, &before);
    reset();
    s = t->observer_update(NULL, o, t->x4, 4);
    check_fn_state(fn, "counts that could pass 2^64 - 1", s, QRANGE_ERROR_INVALID_ARGUMENT,
                   "the state counts 18446744073709551612 NaN values; n = 4 more could pass 2^64 - 1", o, &before);
    reset();
    s = t->observer_update(NULL, o, t->x4, 3);
    check_fn(fn, "counts up to 2^64 - 1 are OK", s, QRANGE_OK, "", !same_state(o, &before));
  }
  qrange_observer_destroy(o);
}

static void observer_merge_rows(void) {
  qrange_observer *a = observed(16), *b = observed(32);
  struct state before_a, before_b;
  qrange_status s;
  snapshot(a, &before_a);
  snapshot(b, &before_b);
  reset();
  s = qrange_observer_merge(NULL, b);
  check_state("observer_merge: dst NULL", s, QRANGE_ERROR_NULL_POINTER, "qrange_observer_merge: dst is NULL", b,
              &before_b);
  reset();
  s = qrange_observer_merge(a, NULL);
  check_state("observer_merge: src NULL", s, QRANGE_ERROR_NULL_POINTER, "qrange_observer_merge: src is NULL", a,
              &before_a);
  reset();
  s = qrange_observer_merge(a, b);
  check_state("observer_merge: different bins", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "qrange_observer_merge: dst has 16 bins but src has 32", a, &before_a);
  check("observer_merge: different bins, src unchanged", s, QRANGE_ERROR_INVALID_ARGUMENT, "src has 32",
        same_state(b, &before_b));
  {
    /* Counts that merged with themselves would pass 2^64 - 1: refused. */
    uint64_t counts[16 + QRANGE_OBSERVER_COUNT_SLOTS];
    struct state big;
    memcpy(counts, before_a.counts, sizeof counts);
    counts[QRANGE_OBSERVER_COUNT_SLOTS] = UINT64_MAX / 2;
    counts[1] = UINT64_MAX / 2 + 1; /* +Inf: 2^63, twice 2^64 */
    if (qrange_observer_set_counts(a, range_of(a), counts, 19) != QRANGE_OK) ++failed;
    snapshot(a, &big);
    reset();
    s = qrange_observer_merge(a, a);
    check_state("observer_merge: finite counts past 2^64 - 1", s, QRANGE_ERROR_INVALID_ARGUMENT,
                "qrange_observer_merge: dst and src count more than 2^64 - 1 finite values together", a, &big);
    counts[QRANGE_OBSERVER_COUNT_SLOTS] = 1;
    if (qrange_observer_set_counts(a, range_of(a), counts, 19) != QRANGE_OK) ++failed;
    snapshot(a, &big);
    reset();
    s = qrange_observer_merge(a, a);
    check_state("observer_merge: +Inf counts past 2^64 - 1", s, QRANGE_ERROR_INVALID_ARGUMENT,
                "dst and src count more than 2^64 - 1 +Inf values together (9223372036854775808 + "
                "9223372036854775808)",
                a, &big);
  }
  reset();
  check("observer_reset: obs NULL", qrange_observer_reset(NULL), QRANGE_ERROR_NULL_POINTER,
        "qrange_observer_reset: obs is NULL", OUTPUTS_UNTOUCHED);
  qrange_observer_destroy(a);
  qrange_observer_destroy(b);
}

static qrange_range make_range(float min, float max) {
  qrange_range r;
  r.min = min;
  r.max = max;
  return r;
}

/* The ranges get_counts and set_counts refuse: neither finite with
 * min <= max nor exactly {+Inf, -Inf}. */
static const struct {
  const char *what;
  float min, max;
  const char *values;
} bad_ranges[8] = {{"min > max", 2.0f, 1.0f, "(min = 2, max = 1)"},
                   {"min NaN", NAN, 1.0f, "(min = nan, max = 1)"},
                   {"max NaN", 0.0f, NAN, "(min = 0, max = nan)"},
                   {"min -Inf", -INFINITY, 1.0f, "(min = -inf, max = 1)"},
                   {"max +Inf", 0.0f, INFINITY, "(min = 0, max = inf)"},
                   {"{-Inf, +Inf}", -INFINITY, INFINITY, "(min = -inf, max = inf)"},
                   {"{+Inf, +Inf}", INFINITY, INFINITY, "(min = inf, max = inf)"},
                   {"{-Inf, -Inf}", -INFINITY, -INFINITY, "(min = -inf, max = -inf)"}};

static void observer_get_counts_rows(void) {
  qrange_observer *o = observed(16), *empty = observer_of(16, NULL, 0);
  const qrange_range own = make_range(1.0f, 4.0f), none = make_range(INFINITY, -INFINITY);
  struct state before, before_empty;
  qrange_status s;
  char row[160], needle[200];
  int i;
  snapshot(o, &before);
  snapshot(empty, &before_empty);

  reset();
  check("observer_get_counts: obs NULL", qrange_observer_get_counts(NULL, own, out.obs_counts, 19),
        QRANGE_ERROR_NULL_POINTER, "qrange_observer_get_counts: obs is NULL", OUTPUTS_UNTOUCHED);
  reset();
  s = qrange_observer_get_counts(o, own, out.obs_counts, 18);
  check_state("observer_get_counts: len bins + 2", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "qrange_observer_get_counts: len = 18, but a state of 16 bins has 19 counts", o, &before);
  reset();
  s = qrange_observer_get_counts(o, own, out.obs_counts, 20);
  check_state("observer_get_counts: len bins + 4", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "len = 20, but a state of 16 bins has 19 counts", o, &before);
  reset();
  s = qrange_observer_get_counts(o, own, NULL, 0);
  check_state("observer_get_counts: len 0, counts NULL", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "len = 0, but a state of 16 bins has 19 counts", o, &before);
  reset();
  s = qrange_observer_get_counts(o, make_range(NAN, NAN), out.obs_counts, 18);
  check_state("observer_get_counts: len checked before r", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "qrange_observer_get_counts: len = 18", o, &before);
  reset();
  s = qrange_observer_get_counts(o, own, NULL, 19);
  check_state("observer_get_counts: counts NULL", s, QRANGE_ERROR_NULL_POINTER,
              "qrange_observer_get_counts: counts is NULL", o, &before);
  reset();
  s = qrange_observer_get_counts(o, make_range(NAN, NAN), NULL, 19);
  check_state("observer_get_counts: counts checked before r", s, QRANGE_ERROR_NULL_POINTER,
              "qrange_observer_get_counts: counts is NULL", o, &before);
  for (i = 0; i < 8; ++i) {
    const qrange_range r = make_range(bad_ranges[i].min, bad_ranges[i].max);
    snprintf(needle, sizeof needle,
             "qrange_observer_get_counts: need a finite range with min <= max, or {+inf, -inf} %s",
             bad_ranges[i].values);
    reset();
    snprintf(row, sizeof row, "observer_get_counts: r %s", bad_ranges[i].what);
    s = qrange_observer_get_counts(o, r, out.obs_counts, 19);
    check_state(row, s, QRANGE_ERROR_INVALID_ARGUMENT, needle, o, &before);
    reset();
    snprintf(row, sizeof row, "observer_get_counts: r %s, state without a range", bad_ranges[i].what);
    s = qrange_observer_get_counts(empty, r, out.obs_counts, 19);
    check_state(row, s, QRANGE_ERROR_INVALID_ARGUMENT, needle, empty, &before_empty);
  }
  /* Ranges that do not contain the state's [1, 4]; the empty one included. */
  reset();
  s = qrange_observer_get_counts(o, make_range(1.5f, 4.0f), out.obs_counts, 19);
  check_state("observer_get_counts: r without the state's min", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "qrange_observer_get_counts: r = [1.5, 4] does not contain the state's range [1, 4]", o, &before);
  reset();
  s = qrange_observer_get_counts(o, make_range(1.0f, 3.5f), out.obs_counts, 19);
  check_state("observer_get_counts: r without the state's max", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "qrange_observer_get_counts: r = [1, 3.5] does not contain the state's range [1, 4]", o, &before);
  reset();
  s = qrange_observer_get_counts(o, make_range(5.0f, 6.0f), out.obs_counts, 19);
  check_state("observer_get_counts: r beside the state's range", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "r = [5, 6] does not contain the state's range [1, 4]", o, &before);
  reset();
  s = qrange_observer_get_counts(o, none, out.obs_counts, 19);
  check_state("observer_get_counts: the empty r, a state with a range", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "qrange_observer_get_counts: r = [inf, -inf] does not contain the state's range [1, 4]", o, &before);

  /* Not errors: its own range gives its own counts; a wider one (here
   * [0, 8]: 9 bins of width 1) the same values on that grid; a state
   * without a range takes any r, and has only NaN / Inf counts. */
  reset();
  s = qrange_observer_get_counts(o, own, out.obs_counts, 19);
  check("observer_get_counts: its own range gives its own counts", s, QRANGE_OK, "",
        memcmp(out.obs_counts, before.counts, 19 * sizeof(uint64_t)) == 0 && same_state(o, &before));
  reset();
  s = qrange_observer_get_counts(o, make_range(-0.0f, 8.0f), out.obs_counts, 19);
  {
    static const uint64_t want[19] = {1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    check("observer_get_counts: a wider r regrids, the state unchanged", s, QRANGE_OK, "",
          memcmp(out.obs_counts, want, sizeof want) == 0 && same_state(o, &before));
  }
  for (i = 0; i < 2; ++i) {
    static const uint64_t zeros19[19];
    reset();
    s = qrange_observer_get_counts(empty, i == 0 ? own : none, out.obs_counts, 19);
    snprintf(row, sizeof row, "observer_get_counts: a state without a range, r %s", i == 0 ? "[1, 4]" : "empty");
    check(row, s, QRANGE_OK, "",
          memcmp(out.obs_counts, zeros19, sizeof zeros19) == 0 && same_state(empty, &before_empty));
  }
  qrange_observer_destroy(o);
  qrange_observer_destroy(empty);
}

static void observer_set_counts_rows(void) {
  qrange_observer *o = observed(16), *empty = observer_of(16, NULL, 0), *fresh = observer_of(16, NULL, 0);
  const size_t used = used_bins_of(o);
  const qrange_range own = make_range(1.0f, 4.0f), none = make_range(INFINITY, -INFINITY);
  const char *const no_values = "qrange_observer_set_counts: counts that no values of [1, 4] give: ";
  struct state before, before_empty, after;
  uint64_t counts[16 + QRANGE_OBSERVER_COUNT_SLOTS];
  qrange_status s;
  char row[160], needle[200];
  int i;
  snapshot(o, &before);
  snapshot(empty, &before_empty);
  if (used != 13) {
    fprintf(stderr, "FAILED observer rows: the state uses %zu bins, the rows expect 13\n", used);
    ++failed;
  }

  memcpy(counts, before.counts, sizeof counts);
  reset();
  check("observer_set_counts: obs NULL", qrange_observer_set_counts(NULL, own, counts, 19), QRANGE_ERROR_NULL_POINTER,
        "qrange_observer_set_counts: obs is NULL", OUTPUTS_UNTOUCHED);
  reset();
  s = qrange_observer_set_counts(o, own, counts, 18);
  check_state("observer_set_counts: len bins + 2", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "qrange_observer_set_counts: len = 18, but a state of 16 bins has 19 counts", o, &before);
  reset();
  s = qrange_observer_set_counts(o, own, counts, 20);
  check_state("observer_set_counts: len bins + 4", s, QRANGE_ERROR_INVALID_ARGUMENT, "len = 20", o, &before);
  reset();
  s = qrange_observer_set_counts(o, own, NULL, 0);
  check_state("observer_set_counts: len 0, counts NULL", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "len = 0, but a state of 16 bins has 19 counts", o, &before);
  reset();
  s = qrange_observer_set_counts(o, own, NULL, 19);
  check_state("observer_set_counts: counts NULL", s, QRANGE_ERROR_NULL_POINTER,
              "qrange_observer_set_counts: counts is NULL", o, &before);
  reset();
  s = qrange_observer_set_counts(o, make_range(NAN, NAN), NULL, 19);
  check_state("observer_set_counts: counts checked before r", s, QRANGE_ERROR_NULL_POINTER,
              "qrange_observer_set_counts: counts is NULL", o, &before);
  for (i = 0; i < 8; ++i) {
    const qrange_range r = make_range(bad_ranges[i].min, bad_ranges[i].max);
    snprintf(needle, sizeof needle,
             "qrange_observer_set_counts: need a finite range with min <= max, or {+inf, -inf} %s",
             bad_ranges[i].values);
    reset();
    snprintf(row, sizeof row, "observer_set_counts: r %s", bad_ranges[i].what);
    s = qrange_observer_set_counts(o, r, before.counts, 19);
    check_state(row, s, QRANGE_ERROR_INVALID_ARGUMENT, needle, o, &before);
    reset();
    snprintf(row, sizeof row, "observer_set_counts: r %s, state without a range", bad_ranges[i].what);
    s = qrange_observer_set_counts(empty, r, before_empty.counts, 19);
    check_state(row, s, QRANGE_ERROR_INVALID_ARGUMENT, needle, empty, &before_empty);
  }

  /* Counts that no values of r give. */
  counts[QRANGE_OBSERVER_COUNT_SLOTS + used] = 1;
  reset();
  s = qrange_observer_set_counts(o, own, counts, 19);
  snprintf(needle, sizeof needle, "%sa bin past the range's counts values", no_values);
  check_state("observer_set_counts: a bin from used_bins on", s, QRANGE_ERROR_INVALID_ARGUMENT, needle, o, &before);
  counts[QRANGE_OBSERVER_COUNT_SLOTS + used] = 0;
  counts[QRANGE_OBSERVER_COUNT_SLOTS + 15] = 7;
  reset();
  s = qrange_observer_set_counts(o, own, counts, 19);
  check_state("observer_set_counts: the last bin", s, QRANGE_ERROR_INVALID_ARGUMENT, needle, o, &before);
  reset();
  s = qrange_observer_set_counts(o, make_range(-1.0f, 1.0f), before.counts, 19);
  check_state("observer_set_counts: counts of [1, 4] on the grid of [-1, 1] (9 bins)", s,
              QRANGE_ERROR_INVALID_ARGUMENT,
              "qrange_observer_set_counts: counts that no values of [-1, 1] give: a bin past the range's counts values",
              o, &before);
  memcpy(counts, before.counts, sizeof counts);
  counts[QRANGE_OBSERVER_COUNT_SLOTS] = 0;
  reset();
  s = qrange_observer_set_counts(o, own, counts, 19);
  snprintf(needle, sizeof needle, "%sthe bin of the range's min or max counts no value", no_values);
  check_state("observer_set_counts: the bin of the min 0", s, QRANGE_ERROR_INVALID_ARGUMENT, needle, o, &before);
  memcpy(counts, before.counts, sizeof counts);
  counts[QRANGE_OBSERVER_COUNT_SLOTS + used - 1] = 0;
  reset();
  s = qrange_observer_set_counts(o, own, counts, 19);
  check_state("observer_set_counts: the bin of the max 0", s, QRANGE_ERROR_INVALID_ARGUMENT, needle, o, &before);
  memset(counts, 0, sizeof counts);
  reset();
  s = qrange_observer_set_counts(empty, own, counts, 19);
  check_state("observer_set_counts: a range, no count at all", s, QRANGE_ERROR_INVALID_ARGUMENT, needle, empty,
              &before_empty);
  /* A range wider than the values: the counts of [1, 4] on the grid of
   * [0, 8] (get_counts gives them), with the range [0, 8], whose ends no
   * value was. */
  if (qrange_observer_get_counts(o, make_range(0.0f, 8.0f), counts, 19) != QRANGE_OK) ++failed;
  reset();
  s = qrange_observer_set_counts(empty, make_range(0.0f, 8.0f), counts, 19);
  check_state("observer_set_counts: counts of [1, 4] with the range [0, 8]", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "qrange_observer_set_counts: counts that no values of [0, 8] give: the bin of the range's min or max "
              "counts no value",
              empty, &before_empty);
  memcpy(counts, before.counts, sizeof counts);
  counts[QRANGE_OBSERVER_COUNT_SLOTS] = UINT64_MAX;
  counts[QRANGE_OBSERVER_COUNT_SLOTS + used - 1] = 1;
  reset();
  s = qrange_observer_set_counts(o, own, counts, 19);
  snprintf(needle, sizeof needle, "%sthe bins count more than 2^64 - 1 values", no_values);
  check_state("observer_set_counts: bins above 2^64 - 1 in all", s, QRANGE_ERROR_INVALID_ARGUMENT, needle, o,
              &before);
  memset(counts, 0, sizeof counts);
  counts[QRANGE_OBSERVER_COUNT_SLOTS + 4] = 2;
  reset();
  s = qrange_observer_set_counts(empty, none, counts, 19);
  check_state("observer_set_counts: a bin with the empty range", s, QRANGE_ERROR_INVALID_ARGUMENT,
              "qrange_observer_set_counts: counts that no values of [inf, -inf] give: a bin counts values, but there "
              "is no range",
              empty, &before_empty);
  reset();
  s = qrange_observer_set_counts(o, none, counts, 19);
  check_state("observer_set_counts: a bin with the empty range, a state with a range", s,
              QRANGE_ERROR_INVALID_ARGUMENT, "a bin counts values, but there is no range", o, &before);

  /* Not errors: its own counts and range; another state's counts and range
   * (the last step of an all-reduce) give that state; NaN / Inf counts
   * without a range; a -0.0 end is stored as +0.0. */
  reset();
  s = qrange_observer_set_counts(o, own, before.counts, 19);
  check_state("observer_set_counts: its own counts and range are OK", s, QRANGE_OK, "", o, &before);
  s = qrange_observer_set_counts(fresh, own, before.counts, 19);
  snapshot(fresh, &after);
  check("observer_set_counts: a state without a range takes another's counts and range", s, QRANGE_OK, "",
        memcmp(&after, &before, sizeof after) == 0);
  s = qrange_observer_set_counts(fresh, none, before_empty.counts, 19);
  snapshot(fresh, &after);
  check("observer_set_counts: the empty range and no count empty a state", s, QRANGE_OK, "",
        memcmp(&after, &before_empty, sizeof after) == 0);
  memset(counts, 0, sizeof counts);
  counts[QRANGE_OBSERVER_COUNT_SLOTS] = 3;
  s = qrange_observer_set_counts(fresh, make_range(-0.0f, -0.0f), counts, 19);
  {
    qrange_observer_stats st = QRANGE_OBSERVER_STATS_INIT;
    const int got = qrange_observer_get_stats(fresh, &st) == QRANGE_OK;
    check("observer_set_counts: r {-0.0, -0.0} gives the range [+0.0, +0.0]", s, QRANGE_OK, "",
          got && st.finite == 3 && st.used_bins == 1 && st.range.min == 0.0f && !signbit(st.range.min) &&
              !signbit(st.range.max));
  }
  memset(counts, 0, sizeof counts);
  counts[0] = UINT64_MAX;
  counts[2] = 5;
  s = qrange_observer_set_counts(empty, none, counts, 19);
  check("observer_set_counts: NaN and -Inf counts without a range are OK", s, QRANGE_OK, "",
        qrange_observer_get_counts(empty, none, out.obs_counts, 19) == QRANGE_OK && out.obs_counts[0] == UINT64_MAX &&
            out.obs_counts[1] == 0 && out.obs_counts[2] == 5 && out.obs_counts[3] == 0);
  qrange_observer_destroy(o);
  qrange_observer_destroy(empty);
  qrange_observer_destroy(fresh);
}

static void observer_serialize_rows(void) {
  qrange_observer *o = observed(16);
  struct state before;
  char needle[200];
  snapshot(o, &before);
  reset();
  check("observer_serialize: obs NULL", qrange_observer_serialize(NULL, out.state, sizeof out.state, &out.size),
        QRANGE_ERROR_NULL_POINTER, "qrange_observer_serialize: obs is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_serialize: size NULL", qrange_observer_serialize(o, out.state, sizeof out.state, NULL),
        QRANGE_ERROR_NULL_POINTER, "qrange_observer_serialize: size is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_serialize: buf NULL, cap > 0", qrange_observer_serialize(o, NULL, 8, &out.size),
        QRANGE_ERROR_NULL_POINTER, "qrange_observer_serialize: buf is NULL but cap = 8", OUTPUTS_UNTOUCHED);
  reset();
  snprintf(needle, sizeof needle, "qrange_observer_serialize: cap = %zu bytes, but the state needs %zu",
           before.size - 1, before.size);
  check("observer_serialize: cap one byte short", qrange_observer_serialize(o, out.state, before.size - 1, &out.size),
        QRANGE_ERROR_INVALID_ARGUMENT, needle, OUTPUTS_UNTOUCHED);
  reset();
  check("observer_serialize: cap 0", qrange_observer_serialize(o, out.state, 0, &out.size),
        QRANGE_ERROR_INVALID_ARGUMENT, "cap = 0 bytes, but the state needs", OUTPUTS_UNTOUCHED);
  /* Not an error: buf NULL with cap 0 asks for the size, writing only it. */
  reset();
  {
    const qrange_status s = qrange_observer_serialize(o, NULL, 0, &out.size);
    const size_t size = out.size;
    memset(&out.size, CANARY, sizeof out.size);
    check("observer_serialize: buf NULL, cap 0 gives the size", s, QRANGE_OK, "",
          size == before.size && size == 80 + 8 * 13 && untouched(&out, sizeof out));
  }
  qrange_observer_destroy(o);
}

/* The header checksum of the serialized form: FNV-1a 64 of bytes [0, 72),
 * stored little-endian at 72 (docs/observers.md, "Serialized form"). */
static void reseal(unsigned char *b) {
  uint64_t h = 0xcbf29ce484222325ull;
  int i;
  for (i = 0; i < 72; ++i) h = (h ^ b[i]) * 0x100000001b3ull;
  for (i = 0; i < 8; ++i) b[72 + i] = (unsigned char)(h >> (8 * i));
}
static void put_u32(unsigned char *b, uint32_t v) {
  int i;
  for (i = 0; i < 4; ++i) b[i] = (unsigned char)(v >> (8 * i));
}
static void put_u64(unsigned char *b, uint64_t v) {
  int i;
  for (i = 0; i < 8; ++i) b[i] = (unsigned char)(v >> (8 * i));
}
static void put_float(unsigned char *b, float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  put_u32(b, u);
}

static void deserialize_row(const char *what, const unsigned char *b, size_t size, const char *needle) {
  char row[160];
  snprintf(row, sizeof row, "observer_deserialize: %s", what);
  reset();
  check(row, qrange_observer_deserialize(b, size, &out.observer), QRANGE_ERROR_INVALID_ARGUMENT, needle,
        OUTPUTS_UNTOUCHED);
}

static void observer_deserialize_rows(void) {
  qrange_observer *o = observed(16), *back = NULL;
  struct state good, after;
  unsigned char b[OBS_STATE_BYTES + 1];
  unsigned char garbage[OBS_STATE_BYTES];
  snapshot(o, &good);

  reset();
  check("observer_deserialize: out NULL", qrange_observer_deserialize(good.bytes, good.size, NULL),
        QRANGE_ERROR_NULL_POINTER, "qrange_observer_deserialize: out is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_deserialize: buf NULL, size > 0", qrange_observer_deserialize(NULL, 80, &out.observer),
        QRANGE_ERROR_NULL_POINTER, "qrange_observer_deserialize: buf is NULL but size = 80", OUTPUTS_UNTOUCHED);
  deserialize_row("buf NULL, size 0", NULL, 0,
                  "qrange_observer_deserialize: not a valid observer state: shorter than the 80-byte header");
  deserialize_row("79 bytes", good.bytes, 79, "not a valid observer state: shorter than the 80-byte header");
  memset(garbage, CANARY, sizeof garbage);
  deserialize_row("garbage", garbage, sizeof garbage,
                  "not a valid observer state: wrong magic (expected \"QRANGEOB\")");
  deserialize_row("truncated by one byte", good.bytes, good.size - 1,
                  "not a valid observer state: the length is not 80 + 8 * used bins");
  memcpy(b, good.bytes, good.size);
  b[good.size] = 0;
  deserialize_row("one byte too long", b, good.size + 1, "the length is not 80 + 8 * used bins");
  deserialize_row("only the header of a state with bins", good.bytes, 80, "the length is not 80 + 8 * used bins");

  memcpy(b, good.bytes, good.size);
  put_u32(b + 8, 2);
  deserialize_row("version 2", b, good.size, "not a valid observer state: version 2, this library reads 1");
  memcpy(b, good.bytes, good.size);
  b[72] ^= 1;
  deserialize_row("checksum changed", b, good.size, "not a valid observer state: the header checksum does not match");
  memcpy(b, good.bytes, good.size);
  b[16] ^= 1; /* the finite count, without resealing */
  deserialize_row("header changed, checksum not", b, good.size, "the header checksum does not match");

  /* Resealed headers: each field checked for itself. */
  memcpy(b, good.bytes, good.size);
  put_u32(b + 12, 15);
  reseal(b);
  deserialize_row("bins 15", b, good.size, "not a valid observer state: bins outside [16, 2^20]");
  memcpy(b, good.bytes, good.size);
  put_u32(b + 12, (1u << 20) + 1);
  reseal(b);
  deserialize_row("bins 2^20 + 1", b, good.size, "bins outside [16, 2^20]");
  memcpy(b, good.bytes, good.size);
  put_float(b + 48, NAN);
  reseal(b);
  deserialize_row("min NaN", b, good.size, "not a valid observer state: a range that is neither finite nor empty");
  memcpy(b, good.bytes, good.size);
  put_float(b + 52, INFINITY);
  reseal(b);
  deserialize_row("max +Inf", b, good.size, "a range that is neither finite nor empty");
  memcpy(b, good.bytes, good.size);
  put_float(b + 48, 5.0f);
  reseal(b);
  deserialize_row("min > max", b, good.size, "not a valid observer state: min > max");
  memcpy(b, good.bytes, good.size);
  put_float(b + 48, -0.0f);
  reseal(b);
  deserialize_row("min -0.0", b, good.size, "not a valid observer state: min is -0.0 (zeros are stored as +0.0)");
  memcpy(b, good.bytes, good.size);
  put_float(b + 48, -1.0f);
  put_float(b + 52, -0.0f);
  reseal(b);
  deserialize_row("max -0.0", b, good.size, "not a valid observer state: max is -0.0 (zeros are stored as +0.0)");
  memcpy(b, good.bytes, good.size);
  put_u32(b + 56, 0); /* the bin exponent: -2 for [1, 4] on 16 bins */
  reseal(b);
  deserialize_row("exponent not the range's", b, good.size,
                  "not a valid observer state: the grid is not the one of the range");
  memcpy(b, good.bytes, good.size);
  put_u32(b + 60, 12);
  reseal(b);
  deserialize_row("used bins not the range's", b, good.size, "the grid is not the one of the range");
  memcpy(b, good.bytes, good.size);
  put_u64(b + 64, 3);
  reseal(b);
  deserialize_row("first bin not the range's", b, good.size, "the grid is not the one of the range");
  memcpy(b, good.bytes, good.size);
  b[80] ^= 2; /* a count: outside the checksum */
  deserialize_row("a bin changed", b, good.size,
                  "not a valid observer state: the bins do not add up to the finite count");
  memcpy(b, good.bytes, good.size);
  put_u64(b + 16, 5);
  reseal(b);
  deserialize_row("finite count changed", b, good.size, "the bins do not add up to the finite count");
  memcpy(b, good.bytes, good.size);
  put_u64(b + 80, UINT64_MAX);
  deserialize_row("bins above 2^64 - 1 in all", b, good.size,
                  "not a valid observer state: the bins count more than 2^64 - 1 values");
  /* The bins of the min and the max hold values: a range wider than its
   * values is not a state. */
  memcpy(b, good.bytes, good.size);
  put_u64(b + 80, 0);
  put_u64(b + 16, 3);
  reseal(b);
  deserialize_row("the bin of the min 0", b, good.size,
                  "not a valid observer state: the bin of the range's min or max counts no value");
  memcpy(b, good.bytes, good.size);
  put_u64(b + 80 + 8 * 12, 0);
  put_u64(b + 16, 3);
  reseal(b);
  deserialize_row("the bin of the max 0", b, good.size, "the bin of the range's min or max counts no value");
  memcpy(b, good.bytes, good.size);
  put_u64(b + 80, 0); /* the finite count not changed: this is found first */
  deserialize_row("the bin of the min 0, checked before the finite count", b, good.size,
                  "the bin of the range's min or max counts no value");
  memcpy(b, good.bytes, good.size);
  put_u64(b + 80, 0);
  put_u64(b + 80 + 8 * 12, UINT64_MAX); /* the bins wrap: found before the ends */
  deserialize_row("bins above 2^64 - 1, the bin of the min 0", b, good.size,
                  "the bins count more than 2^64 - 1 values");

  /* Not an error: the state's own bytes give it back. */
  {
    const qrange_status s = qrange_observer_deserialize(good.bytes, good.size, &back);
    if (back != NULL) snapshot(back, &after);
    check("observer_deserialize: a state's bytes are OK", s, QRANGE_OK, "",
          back != NULL && memcmp(&after, &good, sizeof good) == 0);
    qrange_observer_destroy(back);
  }
  qrange_observer_destroy(o);
}

static void stats_row(const char *what, const qrange_observer *o, qrange_observer_stats *stats, size_t struct_size,
                      qrange_status want, const char *needle) {
  char row[160];
  snprintf(row, sizeof row, "observer_get_stats: %s", what);
  reset();
  if (stats != NULL) stats->struct_size = struct_size;
  {
    const qrange_status s = qrange_observer_get_stats(o, stats);
    /* Everything but the struct_size set above is still the canary. */
    const size_t at = offsetof(struct outputs, stats) + sizeof out.stats.struct_size;
    const int ok = untouched(&out, offsetof(struct outputs, stats)) &&
                   untouched((const unsigned char *)&out + at, sizeof out - at) &&
                   (stats == NULL || stats->struct_size == struct_size);
    check(row, s, want, needle, ok);
  }
}

static void observer_query_rows(void) {
  qrange_observer *o = observed(16), *empty = observer_of(16, NULL, 0);
  const size_t size = sizeof(qrange_observer_stats);
  const double bad[5] = {NAN, INFINITY, -INFINITY, 49.9, 100.1};
  const char *const bad_needles[5] = {"nan", "inf", "-inf", "49.9", "100.1"};
  float nonfinite[2];
  qrange_observer *only_nonfinite;
  char needle[200];
  int i;
  nonfinite[0] = NAN;
  nonfinite[1] = INFINITY;
  only_nonfinite = observer_of(16, nonfinite, 2);

  stats_row("obs NULL", NULL, &out.stats, size, QRANGE_ERROR_NULL_POINTER, "qrange_observer_get_stats: obs is NULL");
  stats_row("out NULL", o, NULL, size, QRANGE_ERROR_NULL_POINTER, "qrange_observer_get_stats: out is NULL");
  snprintf(needle, sizeof needle,
           "qrange_observer_get_stats: out->struct_size = %zu, expected sizeof(qrange_observer_stats) = %zu "
           "(initialize with QRANGE_OBSERVER_STATS_INIT)",
           size - 8, size);
  stats_row("struct_size 8 short", o, &out.stats, size - 8, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  snprintf(needle, sizeof needle, "out->struct_size = %zu, expected", size + 8);
  stats_row("struct_size 8 long", o, &out.stats, size + 8, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  stats_row("struct_size 0", o, &out.stats, 0, QRANGE_ERROR_INVALID_ARGUMENT, "out->struct_size = 0, expected");

  reset();
  check("observer_histogram: obs NULL", qrange_observer_histogram(NULL, out.edges, out.obs_counts, 13),
        QRANGE_ERROR_NULL_POINTER, "qrange_observer_histogram: obs is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_histogram: len used_bins - 1", qrange_observer_histogram(o, out.edges, out.obs_counts, 12),
        QRANGE_ERROR_INVALID_ARGUMENT, "qrange_observer_histogram: len = 12, but the state uses 13 bins",
        OUTPUTS_UNTOUCHED);
  reset();
  check("observer_histogram: len used_bins + 1", qrange_observer_histogram(o, out.edges, out.obs_counts, 14),
        QRANGE_ERROR_INVALID_ARGUMENT, "len = 14, but the state uses 13 bins", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_histogram: len bins", qrange_observer_histogram(o, out.edges, out.obs_counts, 16),
        QRANGE_ERROR_INVALID_ARGUMENT, "len = 16, but the state uses 13 bins", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_histogram: len 0", qrange_observer_histogram(o, NULL, NULL, 0), QRANGE_ERROR_INVALID_ARGUMENT,
        "len = 0, but the state uses 13 bins", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_histogram: edges NULL", qrange_observer_histogram(o, NULL, out.obs_counts, 13),
        QRANGE_ERROR_NULL_POINTER, "qrange_observer_histogram: edges is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_histogram: counts NULL", qrange_observer_histogram(o, out.edges, NULL, 13),
        QRANGE_ERROR_NULL_POINTER, "qrange_observer_histogram: counts is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_histogram: len 1 on an empty state", qrange_observer_histogram(empty, out.edges, out.obs_counts, 1),
        QRANGE_ERROR_INVALID_ARGUMENT, "len = 1, but the state uses 0 bins", OUTPUTS_UNTOUCHED);
  /* Not an error: an empty state has no bins, and len 0 writes nothing. */
  reset();
  check("observer_histogram: len 0 on an empty state writes nothing",
        qrange_observer_histogram(empty, NULL, NULL, 0), QRANGE_OK, "", OUTPUTS_UNTOUCHED);

  reset();
  check("observer_percentile_range: obs NULL", qrange_observer_percentile_range(NULL, 99.0, &out.range),
        QRANGE_ERROR_NULL_POINTER, "qrange_observer_percentile_range: obs is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_percentile_range: out NULL", qrange_observer_percentile_range(o, 99.0, NULL),
        QRANGE_ERROR_NULL_POINTER, "qrange_observer_percentile_range: out is NULL", OUTPUTS_UNTOUCHED);
  for (i = 0; i < 5; ++i) {
    char row[160];
    snprintf(row, sizeof row, "observer_percentile_range: %g", bad[i]);
    snprintf(needle, sizeof needle, "qrange_observer_percentile_range: percentile = %s is outside [50, 100]",
             bad_needles[i]);
    reset();
    check(row, qrange_observer_percentile_range(o, bad[i], &out.range), QRANGE_ERROR_INVALID_ARGUMENT, needle,
          OUTPUTS_UNTOUCHED);
  }
  reset();
  check("observer_percentile_range: 49.9 on an empty state", qrange_observer_percentile_range(empty, 49.9, &out.range),
        QRANGE_ERROR_INVALID_ARGUMENT, "percentile = 49.9", OUTPUTS_UNTOUCHED);
  reset();
  check("observer_percentile_range: empty state", qrange_observer_percentile_range(empty, 99.0, &out.range),
        QRANGE_ERROR_EMPTY_INPUT, "qrange_observer_percentile_range: the state has seen no finite value",
        OUTPUTS_UNTOUCHED);
  reset();
  check("observer_percentile_range: NaN and Inf only",
        qrange_observer_percentile_range(only_nonfinite, 100.0, &out.range), QRANGE_ERROR_EMPTY_INPUT,
        "the state has seen no finite value", OUTPUTS_UNTOUCHED);
  qrange_observer_destroy(o);
  qrange_observer_destroy(empty);
  qrange_observer_destroy(only_nonfinite);
}

static void observer_rows(void) {
  observer_create_rows();
  observer_merge_rows();
  observer_get_counts_rows();
  observer_set_counts_rows();
  observer_serialize_rows();
  observer_deserialize_rows();
  observer_query_rows();
}

static void status_string_rows(void) {
  /* Any int is a valid argument in C; unknown values get a name, never UB. */
  const int values[3] = {-1, 7, 99};
  int i;
  for (i = 0; i < 3; ++i) {
    if (strcmp(qrange_status_string((qrange_status)values[i]), "unknown qrange_status") == 0) {
      ++passed;
    } else {
      ++failed;
      fprintf(stderr, "FAILED status_string(%d): \"%s\"\n", values[i], qrange_status_string((qrange_status)values[i]));
    }
  }
  if (strcmp(qrange_status_string(QRANGE_ERROR_COMMUNICATION), "QRANGE_ERROR_COMMUNICATION") == 0) {
    ++passed;
  } else {
    ++failed;
    fprintf(stderr, "FAILED status_string(QRANGE_ERROR_COMMUNICATION)\n");
  }
}

/* The layered libraries' way into qrange_last_error(): s back, the message
 * set (NULL as ""), truncated to the buffer, never overflowing it. */
static void set_last_error_rows(void) {
  char longer[700];
  memset(longer, 'x', sizeof longer - 1);
  longer[sizeof longer - 1] = '\0';
  int ok = qrange_set_last_error(QRANGE_ERROR_COMMUNICATION, "MPI_Allreduce: broken") == QRANGE_ERROR_COMMUNICATION &&
           strcmp(qrange_last_error(), "MPI_Allreduce: broken") == 0;
  ok = ok && qrange_set_last_error(QRANGE_OK, NULL) == QRANGE_OK && strcmp(qrange_last_error(), "") == 0;
  ok = ok && qrange_set_last_error(QRANGE_ERROR_INVALID_ARGUMENT, longer) == QRANGE_ERROR_INVALID_ARGUMENT &&
       strlen(qrange_last_error()) == 511 && strncmp(qrange_last_error(), longer, 511) == 0;
  if (ok) {
    ++passed;
  } else {
    ++failed;
    fprintf(stderr, "FAILED qrange_set_last_error\n");
  }
}

/* ---- Calibration ---------------------------------------------------------- */

/* One row of t's calibrate with c changed from an 8-bit min-max calibration
 * by the row; outputs (params, mse) must stay the canary. */
static void calibrate_row(const struct input_type *t, const char *what, const qrange_context *ctx, const void *x,
                          size_t n, const qrange_calibration *c, int with_out, qrange_status want,
                          const char *needle) {
  char fn[64];
  fn_name(fn, sizeof fn, "qrange_calibrate_%s", t);
  reset();
  check_fn(fn, what, t->calibrate(ctx, x, n, c, with_out ? &out.params : NULL, &out.mse), want, needle,
           OUTPUTS_UNTOUCHED);
}

static void observer_calibrate_row(const char *what, const qrange_observer *o, const qrange_calibration *c,
                                   int with_out, qrange_status want, const char *needle) {
  char row[160];
  snprintf(row, sizeof row, "observer_calibrate: %s", what);
  reset();
  check(row, qrange_observer_calibrate(o, c, with_out ? &out.params : NULL), want, needle, OUTPUTS_UNTOUCHED);
}

static void calibrate_rows(const struct input_type *t) {
  const qrange_calibration init = QRANGE_CALIBRATION_INIT;
  const size_t size = sizeof(qrange_calibration);
  const void *x = t->x4;
  qrange_calibration c = init;
  qrange_context ctx = QRANGE_CONTEXT_INIT;
  char needle[200];
  int m;

  calibrate_row(t, "out NULL", NULL, x, 4, &c, 0, QRANGE_ERROR_NULL_POINTER, "out is NULL");
  calibrate_row(t, "x NULL, n > 0", NULL, NULL, 4, &c, 1, QRANGE_ERROR_NULL_POINTER, "x is NULL but n = 4");
  calibrate_row(t, "c NULL", NULL, x, 4, NULL, 1, QRANGE_ERROR_NULL_POINTER, "c is NULL");
  c.struct_size = size - 8;
  snprintf(needle, sizeof needle,
           "c->struct_size = %zu, expected sizeof(qrange_calibration) = %zu (initialize with QRANGE_CALIBRATION_INIT)",
           size - 8, size);
  calibrate_row(t, "struct_size 8 short", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  c.struct_size = size + 8;
  calibrate_row(t, "struct_size 8 long", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT, "c->struct_size = ");
  c.struct_size = 0;
  calibrate_row(t, "struct_size 0", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT, "c->struct_size = 0, expected");
  c = init;
  m = 4;
  memcpy(&c.method, &m, sizeof m);
  calibrate_row(t, "method 4", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT, "unknown method 4");
  m = -1;
  memcpy(&c.method, &m, sizeof m);
  calibrate_row(t, "method -1", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT, "unknown method -1");
  c = init;
  m = 2;
  memcpy(&c.scheme, &m, sizeof m);
  calibrate_row(t, "scheme 2", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT, "unknown scheme 2");
  c = init;
  c.qmin = 5;
  c.qmax = 5;
  calibrate_row(t, "qmin == qmax", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT,
                "need qmin < qmax and qmax - qmin <= 65535 (qmin = 5, qmax = 5)");
  c.qmin = 0;
  c.qmax = 65536;
  calibrate_row(t, "qmax - qmin 65536", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT,
                "(qmin = 0, qmax = 65536)");
  c = init;
  c.include_zero = 2;
  calibrate_row(t, "include_zero 2", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT,
                "include_zero = 2 is neither 0 nor 1");
  c = init;
  c.method = QRANGE_METHOD_PERCENTILE;
  c.percentile = NAN;
  calibrate_row(t, "percentile NaN", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT,
                "percentile = nan is outside");
  c.percentile = 49.9;
  calibrate_row(t, "percentile 49.9", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT,
                "percentile = 49.9 is outside [50, 100]");
  c.percentile = 100.1;
  calibrate_row(t, "percentile 100.1", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT, "percentile = 100.1");
  c.percentile = 99.0;
  c.exact = 2;
  calibrate_row(t, "exact 2", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT, "exact = 2 is neither 0 nor 1");
  c.exact = 0;
  c.bins = ((size_t)1 << 24) + 1;
  calibrate_row(t, "percentile bins 2^24 + 1", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT,
                "bins = 16777217 exceeds 2^24 (method percentile)");
  c = init;
  c.method = QRANGE_METHOD_MSE;
  c.bins = 15;
  calibrate_row(t, "mse bins 15", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT,
                "bins = 15 is outside [16, 2^20] (method mse)");
  c.method = QRANGE_METHOD_ENTROPY;
  c.bins = ((size_t)1 << 20) + 1;
  calibrate_row(t, "entropy bins 2^20 + 1", NULL, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT,
                "bins = 1048577 is outside [16, 2^20] (method entropy)");
  for (m = QRANGE_METHOD_MINMAX; m <= QRANGE_METHOD_ENTROPY; ++m) {
    char what[100];
    c = init;
    c.method = (qrange_method)m;
    snprintf(what, sizeof what, "method %d, no finite value", m);
    calibrate_row(t, what, NULL, t->nonfinite, 3, &c, 1, QRANGE_ERROR_EMPTY_INPUT,
                  "no finite value among the 3 inputs");
    snprintf(what, sizeof what, "method %d, n == 0", m);
    calibrate_row(t, what, NULL, NULL, 0, &c, 1, QRANGE_ERROR_EMPTY_INPUT, "no finite value among the 0 inputs");
    c.qmax = t->far_qmax;
    c.include_zero = 0;
    snprintf(what, sizeof what, "method %d, a range refused for the grid", m);
    calibrate_row(t, what, NULL, t->far, 2, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT, t->far_needle);
  }
  c = init;
  ctx.struct_size = 0;
  calibrate_row(t, "ctx struct_size 0", &ctx, x, 4, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT, "ctx->struct_size = 0");
  /* What a method does not use is not checked. */
  c.percentile = NAN;
  c.bins = 7;
  c.exact = 9;
  reset();
  {
    char fn[64];
    const qrange_status s = t->calibrate(NULL, x, 4, &c, &out.params, NULL);
    check_fn(fn_name(fn, sizeof fn, "qrange_calibrate_%s", t), "min-max ignores percentile, bins, exact", s,
             QRANGE_OK, "", out.params.qmax == 255);
  }
}

static void observer_calibrate_rows(void) {
  const qrange_calibration init = QRANGE_CALIBRATION_INIT;
  qrange_calibration c = init;
  qrange_observer *o = observed(16), *empty = observer_of(16, NULL, 0);
  int m;
  observer_calibrate_row("obs NULL", NULL, &c, 1, QRANGE_ERROR_NULL_POINTER, "qrange_observer_calibrate: obs is NULL");
  observer_calibrate_row("out NULL", o, &c, 0, QRANGE_ERROR_NULL_POINTER, "qrange_observer_calibrate: out is NULL");
  observer_calibrate_row("c NULL", o, NULL, 1, QRANGE_ERROR_NULL_POINTER, "qrange_observer_calibrate: c is NULL");
  c.struct_size = 0;
  observer_calibrate_row("struct_size 0", o, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT, "c->struct_size = 0, expected");
  c = init;
  m = 4;
  memcpy(&c.method, &m, sizeof m);
  observer_calibrate_row("method 4", o, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT, "unknown method 4");
  c = init;
  c.method = QRANGE_METHOD_PERCENTILE;
  c.exact = 1;
  observer_calibrate_row("exact 1", o, &c, 1, QRANGE_ERROR_INVALID_ARGUMENT,
                         "exact = 1, but a state keeps no values (exact percentiles: qrange_calibrate_f32)");
  c = init;
  c.method = QRANGE_METHOD_MSE;
  observer_calibrate_row("no finite value seen", empty, &c, 1, QRANGE_ERROR_EMPTY_INPUT,
                         "qrange_observer_calibrate: the state has seen no finite value");
  c.bins = 7; /* a state's own bins: the field is not read */
  reset();
  {
    const qrange_status s = qrange_observer_calibrate(o, &c, &out.params);
    check("observer_calibrate: bins ignored", s, QRANGE_OK, "", out.params.qmax == 255);
  }
  qrange_observer_destroy(o);
  qrange_observer_destroy(empty);
}

/* ---- Per-axis and blocked quantization ------------------------------------ */

/* Every per-axis entry point behind one signature: in and result are its
 * input and output arrays (result unused by qrange_layout_counts, which
 * writes out.elements and out.groups), p its parameters (quantize,
 * dequantize, the error). The calibrations per axis calibrate by
 * axis_calibration and write out.mse. */
typedef qrange_status (*axis_call)(const qrange_context *ctx, const void *in, const qrange_layout *l,
                                   const qrange_params *p, size_t count, void *result);
static qrange_calibration axis_calibration;

static qrange_status ax_layout_counts(const qrange_context *c, const void *in, const qrange_layout *l,
                                      const qrange_params *p, size_t count, void *result) {
  (void)c;
  (void)in;
  (void)p;
  (void)count;
  (void)result;
  return qrange_layout_counts(l, &out.elements, &out.groups);
}
#define AXIS_ADAPTER(fn, in_type, out_type)                                                                      \
  static qrange_status ax_##fn(const qrange_context *c, const void *in, const qrange_layout *l,                 \
                               const qrange_params *p, size_t count, void *result) {                            \
    return fn(c, (const in_type *)in, l, p, count, (out_type *)result);                                          \
  }
/* The fifteen per-axis functions on tensors of t (elements elem). */
#define AXIS_ADAPTERS(t, elem)                                                                                   \
  static qrange_status ax_minmax_##t(const qrange_context *c, const void *in, const qrange_layout *l,           \
                                     const qrange_params *p, size_t count, void *result) {                      \
    (void)p;                                                                                                     \
    return qrange_minmax_axis_##t(c, (const elem *)in, l, (qrange_range *)result, count);                        \
  }                                                                                                              \
  static qrange_status ax_calibrate_##t(const qrange_context *c, const void *in, const qrange_layout *l,        \
                                        const qrange_params *p, size_t count, void *result) {                   \
    (void)p;                                                                                                     \
    return qrange_calibrate_axis_##t(c, (const elem *)in, l, &axis_calibration, (qrange_params *)result, count,  \
                                     &out.mse);                                                                  \
  }                                                                                                              \
  static qrange_status ax_mse_##t(const qrange_context *c, const void *in, const qrange_layout *l,              \
                                  const qrange_params *p, size_t count, void *result) {                         \
    return qrange_quantization_mse_axis_##t(c, (const elem *)in, l, p, count, (double *)result);                 \
  }                                                                                                              \
  AXIS_ADAPTER(qrange_quantize_axis_##t##_u8, elem, uint8_t)                                                     \
  AXIS_ADAPTER(qrange_quantize_axis_##t##_i8, elem, int8_t)                                                      \
  AXIS_ADAPTER(qrange_quantize_axis_##t##_u16, elem, uint16_t)                                                   \
  AXIS_ADAPTER(qrange_quantize_axis_##t##_i16, elem, int16_t)                                                    \
  AXIS_ADAPTER(qrange_quantize_axis_##t##_u4, elem, uint8_t)                                                     \
  AXIS_ADAPTER(qrange_quantize_axis_##t##_i4, elem, uint8_t)                                                     \
  AXIS_ADAPTER(qrange_dequantize_axis_u8_##t, uint8_t, elem)                                                     \
  AXIS_ADAPTER(qrange_dequantize_axis_i8_##t, int8_t, elem)                                                      \
  AXIS_ADAPTER(qrange_dequantize_axis_u16_##t, uint16_t, elem)                                                   \
  AXIS_ADAPTER(qrange_dequantize_axis_i16_##t, int16_t, elem)                                                    \
  AXIS_ADAPTER(qrange_dequantize_axis_u4_##t, uint8_t, elem)                                                     \
  AXIS_ADAPTER(qrange_dequantize_axis_i4_##t, uint8_t, elem)
AXIS_ADAPTERS(f32, float)
AXIS_ADAPTERS(f16, uint16_t)
AXIS_ADAPTERS(bf16, uint16_t)

/* What a per-axis function does, for the rows that apply to it. */
enum axis_role { AXIS_COUNTS, AXIS_MINMAX, AXIS_CALIBRATE, AXIS_CONVERT, AXIS_MSE };

#define AXIS_FNS (1 + 15 * INPUT_TYPES)
static struct axis_fn {
  const char *name;
  axis_call call;
  enum axis_role role;
  const struct input_type *input; /* the tensor's type (dequantize: the result's); NULL: no tensor */
  const void *in;
  void *result;
  const char *in_name, *result_name; /* as the messages call them; NULL: no such pointer */
  const char *type;                  /* the parameter rows' type; NULL: takes no parameters */
  long tmin, tmax, zmin, zmax;       /* the grid's and the zero point's limits */
} axis_fns[AXIS_FNS];

/* The entries of axis_fns for the input type t, input_types[i], whose
 * dequantized values go to deq. */
#define AXIS_FNS_OF(t, i, deq)                                                                                    \
  {"qrange_minmax_axis_" #t, ax_minmax_##t, AXIS_MINMAX, &input_types[i], input_types[i].axis_x, out.ranges, "x", \
   "ranges", NULL, 0, 0, 0, 0},                                                                                    \
      {"qrange_calibrate_axis_" #t, ax_calibrate_##t, AXIS_CALIBRATE, &input_types[i], input_types[i].axis_x,      \
       out.group_params, "x", "params", NULL, 0, 0, 0, 0},                                                         \
      {"qrange_quantize_axis_" #t "_u8", ax_qrange_quantize_axis_##t##_u8, AXIS_CONVERT, &input_types[i],         \
       input_types[i].axis_x, out.axis_u8, "x", "q", "u8", 0, 255, 0, 255},                                        \
      {"qrange_quantize_axis_" #t "_i8", ax_qrange_quantize_axis_##t##_i8, AXIS_CONVERT, &input_types[i],         \
       input_types[i].axis_x, out.axis_i8, "x", "q", "i8", -128, 127, -128, 127},                                  \
      {"qrange_quantize_axis_" #t "_u16", ax_qrange_quantize_axis_##t##_u16, AXIS_CONVERT, &input_types[i],       \
       input_types[i].axis_x, out.axis_u16, "x", "q", "u16", 0, 65535, 0, 65535},                                  \
      {"qrange_quantize_axis_" #t "_i16", ax_qrange_quantize_axis_##t##_i16, AXIS_CONVERT, &input_types[i],       \
       input_types[i].axis_x, out.axis_i16, "x", "q", "i16", -32768, 32767, -32768, 32767},                        \
      {"qrange_quantize_axis_" #t "_u4", ax_qrange_quantize_axis_##t##_u4, AXIS_CONVERT, &input_types[i],         \
       input_types[i].axis_x, out.axis_packed, "x", "q", "u4", 0, 15, 0, 15},                                      \
      {"qrange_quantize_axis_" #t "_i4", ax_qrange_quantize_axis_##t##_i4, AXIS_CONVERT, &input_types[i],         \
       input_types[i].axis_x, out.axis_packed, "x", "q", "i4", -8, 7, -8, 7},                                      \
      {"qrange_dequantize_axis_u8_" #t, ax_qrange_dequantize_axis_u8_##t, AXIS_CONVERT, &input_types[i], zeros,   \
       deq, "q", "x", "u8", 0, 255, 0, 255},                                                                       \
      {"qrange_dequantize_axis_i8_" #t, ax_qrange_dequantize_axis_i8_##t, AXIS_CONVERT, &input_types[i], zeros,   \
       deq, "q", "x", "i8", -128, 127, -128, 127},                                                                 \
      {"qrange_dequantize_axis_u16_" #t, ax_qrange_dequantize_axis_u16_##t, AXIS_CONVERT, &input_types[i],        \
       zeros, deq, "q", "x", "u16", 0, 65535, 0, 65535},                                                           \
      {"qrange_dequantize_axis_i16_" #t, ax_qrange_dequantize_axis_i16_##t, AXIS_CONVERT, &input_types[i],        \
       zeros, deq, "q", "x", "i16", -32768, 32767, -32768, 32767},                                                 \
      {"qrange_dequantize_axis_u4_" #t, ax_qrange_dequantize_axis_u4_##t, AXIS_CONVERT, &input_types[i], zeros,   \
       deq, "q", "x", "u4", 0, 15, 0, 15},                                                                         \
      {"qrange_dequantize_axis_i4_" #t, ax_qrange_dequantize_axis_i4_##t, AXIS_CONVERT, &input_types[i], zeros,   \
       deq, "q", "x", "i4", -8, 7, -8, 7},                                                                         \
      {"qrange_quantization_mse_axis_" #t, ax_mse_##t, AXIS_MSE, &input_types[i], input_types[i].axis_x, &out.mse, \
       "x", "mse", "the 16-bit grids", -32768, 65535, -16777216, 16777216 }

static void axis_fns_init(void) {
  const struct axis_fn fns[AXIS_FNS] = {
      {"qrange_layout_counts", ax_layout_counts, AXIS_COUNTS, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0},
      AXIS_FNS_OF(f32, 0, out.axis_f32),
      AXIS_FNS_OF(f16, 1, out.axis_u16),
      AXIS_FNS_OF(bf16, 2, out.axis_u16),
  };
  const qrange_calibration init = QRANGE_CALIBRATION_INIT;
  memcpy(axis_fns, fns, sizeof fns);
  axis_calibration = init;
}

/* One row of f: the call with these arguments must return `want` with a
 * message "<f's name>: <needle>..." and write nothing. */
static void axis_row(const struct axis_fn *f, const char *what, const qrange_context *ctx, const void *in,
                     const qrange_layout *l, const qrange_params *p, size_t count, void *result, qrange_status want,
                     const char *needle) {
  char row[200], full[320];
  snprintf(row, sizeof row, "%s: %s", f->name, what);
  snprintf(full, sizeof full, "%s: %s", f->name, needle);
  reset();
  check(row, f->call(ctx, in, l, p, count, result), want, full, OUTPUTS_UNTOUCHED);
}

/* A row with f's valid input, output and parameters: only l, count, ctx bad. */
static void layout_row(const struct axis_fn *f, const char *what, const qrange_context *ctx, const qrange_layout *l,
                       size_t count, qrange_status want, const char *needle) {
  axis_row(f, what, ctx, f->in, l, axis_good, count, f->result, want, needle);
}

/* The layout and count rows, through every function. */
static void axis_layout_rows(const struct axis_fn *f) {
  const qrange_layout good = axis_layout();
  const size_t zero[3] = {2, 0, 2};
  const size_t huge[3] = {4, SIZE_MAX / 8, 1}; /* 2^63 - 4 elements: more than SIZE_MAX / 4 */
  size_t ones[QRANGE_MAX_RANK + 1];
  qrange_layout l;
  char needle[200];
  int i;
  for (i = 0; i <= QRANGE_MAX_RANK; ++i) ones[i] = 1;

  layout_row(f, "layout NULL", NULL, NULL, AXIS_GROUPS, QRANGE_ERROR_NULL_POINTER, "layout is NULL");
  l = good;
  l.struct_size = 0;
  snprintf(needle, sizeof needle,
           "layout->struct_size = 0, expected sizeof(qrange_layout) = %zu (initialize with QRANGE_LAYOUT_INIT)",
           sizeof(qrange_layout));
  layout_row(f, "struct_size 0", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  l.struct_size = sizeof l + 8;
  snprintf(needle, sizeof needle, "layout->struct_size = %zu, expected", sizeof l + 8);
  layout_row(f, "struct_size 8 long", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  l = good;
  l.rank = 0;
  layout_row(f, "rank 0", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT, "layout->rank = 0 is outside [1, 64]");
  l.shape = NULL;
  layout_row(f, "rank 0, shape NULL: rank first", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT,
             "layout->rank = 0 is outside [1, 64]");
  l = good;
  l.shape = ones;
  l.rank = QRANGE_MAX_RANK + 1;
  layout_row(f, "rank 65", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT,
             "layout->rank = 65 is outside [1, 64]");
  l = good;
  l.shape = NULL;
  layout_row(f, "shape NULL", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_NULL_POINTER, "layout->shape is NULL");
  l = good;
  l.axis = 3;
  layout_row(f, "axis 3", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT, "layout->axis = 3 is outside [-3, 3)");
  l.axis = -4;
  layout_row(f, "axis -4", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT,
             "layout->axis = -4 is outside [-3, 3)");
  l.axis = INT64_MIN;
  layout_row(f, "axis INT64_MIN", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT,
             "layout->axis = -9223372036854775808 is outside [-3, 3)");
  l.axis = 3;
  l.shape = zero;
  layout_row(f, "axis 3, a dimension 0: axis first", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT,
             "layout->axis = 3");
  l = good;
  l.shape = zero;
  layout_row(f, "a dimension 0", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT, "layout->shape[1] is 0");
  l.shape = huge;
  layout_row(f, "product above SIZE_MAX / 4", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT,
             "the shape's product overflows (at dimension 1)");
  l = good;
  l.block_size = 4;
  layout_row(f, "block_size 4 on a dimension of 3", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT,
             "layout->block_size = 4 exceeds the axis' dimension 3");
  l.block_size = SIZE_MAX;
  snprintf(needle, sizeof needle, "layout->block_size = %zu exceeds the axis' dimension 3", (size_t)SIZE_MAX);
  layout_row(f, "block_size SIZE_MAX", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  if (f->role == AXIS_COUNTS) return;

  l = good;
  layout_row(f, "count 2", NULL, &l, 2, QRANGE_ERROR_INVALID_ARGUMENT, "count = 2, but the layout has 3 groups");
  layout_row(f, "count 4", NULL, &l, 4, QRANGE_ERROR_INVALID_ARGUMENT, "count = 4, but the layout has 3 groups");
  layout_row(f, "count 0", NULL, &l, 0, QRANGE_ERROR_INVALID_ARGUMENT, "count = 0, but the layout has 3 groups");
  l.block_size = 2; /* blocks {0, 1} and {2} along the axis, for each outer and inner index: 8 groups */
  layout_row(f, "count 3, blocked layout of 8 groups", NULL, &l, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT,
             "count = 3, but the layout has 8 groups");
  l.block_size = 4;
  layout_row(f, "bad layout and count: the layout first", NULL, &l, 2, QRANGE_ERROR_INVALID_ARGUMENT,
             "layout->block_size = 4");
}

/* The pointer rows of every function but qrange_layout_counts, checked
 * before the layout. */
static void axis_pointer_rows(const struct axis_fn *f) {
  const qrange_layout good = axis_layout();
  char what[100], needle[100];
  if (f->in_name == NULL) return;
  if (f->role == AXIS_MSE) {
    axis_row(f, "mse NULL", NULL, f->in, &good, axis_good, AXIS_GROUPS, NULL, QRANGE_ERROR_NULL_POINTER,
             "mse is NULL");
    axis_row(f, "mse NULL, x NULL, layout NULL: mse first", NULL, NULL, NULL, axis_good, AXIS_GROUPS, NULL,
             QRANGE_ERROR_NULL_POINTER, "mse is NULL");
  }
  snprintf(what, sizeof what, "%s NULL", f->in_name);
  snprintf(needle, sizeof needle, "%s is NULL", f->in_name);
  axis_row(f, what, NULL, NULL, &good, axis_good, AXIS_GROUPS, f->result, QRANGE_ERROR_NULL_POINTER, needle);
  snprintf(what, sizeof what, "%s NULL, layout NULL, count 0: %s first", f->in_name, f->in_name);
  axis_row(f, what, NULL, NULL, NULL, axis_good, 0, f->result, QRANGE_ERROR_NULL_POINTER, needle);
  if (f->type != NULL) {
    axis_row(f, "params NULL", NULL, f->in, &good, NULL, AXIS_GROUPS, f->result, QRANGE_ERROR_NULL_POINTER,
             "params is NULL");
    axis_row(f, "params NULL, layout NULL: params first", NULL, f->in, NULL, NULL, AXIS_GROUPS, f->result,
             QRANGE_ERROR_NULL_POINTER, "params is NULL");
  }
  if (f->role != AXIS_MSE) {
    snprintf(what, sizeof what, "%s NULL", f->result_name);
    snprintf(needle, sizeof needle, "%s is NULL", f->result_name);
    axis_row(f, what, NULL, f->in, &good, axis_good, AXIS_GROUPS, NULL, QRANGE_ERROR_NULL_POINTER, needle);
    snprintf(what, sizeof what, "%s NULL, layout NULL", f->result_name);
    axis_row(f, what, NULL, f->in, NULL, axis_good, AXIS_GROUPS, NULL, QRANGE_ERROR_NULL_POINTER, needle);
  }
}

/* The bad contexts, after every other argument. */
static void axis_context_rows(const struct axis_fn *f) {
  const qrange_layout good = axis_layout();
  qrange_layout blocked = good;
  qrange_context c;
  char what[100], needle[200];
  const char *says = "";
  int k;
  if (f->role == AXIS_COUNTS) return; /* takes no context */
  for (k = 0; k < 7; ++k) {
    const qrange_status want = bad_context(k, &c, &says);
    snprintf(what, sizeof what, "bad context %d", k);
    layout_row(f, what, &c, &good, AXIS_GROUPS, want, k == 1 ? "" : says);
    if (k == 1) { /* the message of row 1 has the size before its distinctive end */
      reset();
      check(what, f->call(&c, f->in, &good, axis_good, AXIS_GROUPS, f->result), want, says, OUTPUTS_UNTOUCHED);
    }
  }
  bad_context(2, &c, &says);
  blocked.block_size = 2;
  layout_row(f, "bad context and count: the count first", &c, &blocked, AXIS_GROUPS, QRANGE_ERROR_INVALID_ARGUMENT,
             "count = 3, but the layout has 8 groups");
  if (f->type != NULL) {
    qrange_params p[AXIS_GROUPS];
    memcpy(p, axis_good, sizeof p);
    p[1].scale = 0.0f;
    snprintf(needle, sizeof needle, "params[1]: scale = 0 must be finite and > 0");
    axis_row(f, "bad context and parameters: the parameters first", &c, f->in, &good, p, AXIS_GROUPS, f->result,
             QRANGE_ERROR_INVALID_ARGUMENT, needle);
  }
}

/* The parameter rows of quantize, dequantize and the error: params[1]
 * changed from a valid set. */
static void axis_param_rows(const struct axis_fn *f) {
  const qrange_layout good = axis_layout();
  qrange_params p[AXIS_GROUPS];
  char need[120], needle[200];
  if (f->type == NULL) return;
  snprintf(need, sizeof need, "params[1]: need %ld <= qmin < qmax <= %ld for %s", f->tmin, f->tmax, f->type);
#define PARAM_ROW(what, change, needle_text)                                                                     \
  do {                                                                                                           \
    memcpy(p, axis_good, sizeof p);                                                                              \
    change;                                                                                                      \
    axis_row(f, what, NULL, f->in, &good, p, AXIS_GROUPS, f->result, QRANGE_ERROR_INVALID_ARGUMENT, needle_text); \
  } while (0)
  snprintf(needle, sizeof needle, "%s (qmin = 5, qmax = 5)", need);
  PARAM_ROW("params[1] qmin == qmax", (p[1].qmin = 5, p[1].qmax = 5), needle);
  snprintf(needle, sizeof needle, "%s (qmin = 7, qmax = 0)", need);
  PARAM_ROW("params[1] qmin > qmax", (p[1].qmin = 7, p[1].qmax = 0), needle);
  snprintf(needle, sizeof needle, "%s (qmin = %ld, qmax = 7)", need, f->tmin - 1);
  PARAM_ROW("params[1] qmin below the type", p[1].qmin = (int32_t)(f->tmin - 1), needle);
  snprintf(needle, sizeof needle, "%s (qmin = 0, qmax = %ld)", need, f->tmax + 1);
  PARAM_ROW("params[1] qmax above the type", p[1].qmax = (int32_t)(f->tmax + 1), needle);
  snprintf(needle, sizeof needle, "params[1]: zero_point = %ld is outside [%ld, %ld] (%s)", f->zmin - 1, f->zmin,
           f->zmax, f->type);
  PARAM_ROW("params[1] zero_point below", p[1].zero_point = (int32_t)(f->zmin - 1), needle);
  snprintf(needle, sizeof needle, "params[1]: zero_point = %ld is outside [%ld, %ld] (%s)", f->zmax + 1, f->zmin,
           f->zmax, f->type);
  PARAM_ROW("params[1] zero_point above", p[1].zero_point = (int32_t)(f->zmax + 1), needle);
  PARAM_ROW("params[1] scale 0", p[1].scale = 0.0f, "params[1]: scale = 0 must be finite and > 0");
  PARAM_ROW("params[1] scale -0", p[1].scale = -0.0f, "params[1]: scale = -0 must be finite and > 0");
  PARAM_ROW("params[1] scale negative", p[1].scale = -0.5f, "params[1]: scale = -0.5 must be finite and > 0");
  PARAM_ROW("params[1] scale NaN", p[1].scale = NAN, "params[1]: scale = nan must be finite and > 0");
  PARAM_ROW("params[1] scale +Inf", p[1].scale = INFINITY, "params[1]: scale = inf must be finite and > 0");
  snprintf(needle, sizeof needle, "%s (qmin = 5, qmax = 5)", need);
  PARAM_ROW("params[1] qmin == qmax and scale 0: the grid first", (p[1].qmin = 5, p[1].qmax = 5, p[1].scale = 0.0f),
            needle);
  PARAM_ROW("params[0] and params[2] bad: the first named", (p[0].scale = NAN, p[2].scale = 0.0f),
            "params[0]: scale = nan");
  PARAM_ROW("params[2] bad", p[2].zero_point = (int32_t)(f->zmax + 1), "params[2]: zero_point = ");
#undef PARAM_ROW
  /* Not an error: a zero point outside [qmin, qmax] but within the type. */
  memcpy(p, axis_good, sizeof p);
  p[1].zero_point = (int32_t)f->zmax;
  p[2].zero_point = (int32_t)f->zmin;
  reset();
  {
    char row[200];
    const qrange_status s = f->call(NULL, f->in, &good, p, AXIS_GROUPS, f->result);
    snprintf(row, sizeof row, "%s: zero points at the type's ends, outside [qmin, qmax], are OK", f->name);
    check(row, s, QRANGE_OK, "", !untouched(&out, sizeof out));
  }
}

/* qrange_layout_counts on valid layouts: what it writes. */
static void layout_counts_ok_rows(void) {
  const size_t limit[3] = {2, SIZE_MAX / 8, 1}; /* 2^62 - 2 elements: at most SIZE_MAX / 4 */
  size_t ones[QRANGE_MAX_RANK];
  qrange_layout l = axis_layout();
  qrange_status s;
  int i;
  for (i = 0; i < QRANGE_MAX_RANK; ++i) ones[i] = 1;
  reset();
  s = qrange_layout_counts(&l, &out.elements, &out.groups);
  check("layout_counts: per axis", s, QRANGE_OK, "", out.elements == 12 && out.groups == 3);
  l.axis = -2;
  reset();
  s = qrange_layout_counts(&l, &out.elements, &out.groups);
  check("layout_counts: axis -2 is axis 1", s, QRANGE_OK, "", out.elements == 12 && out.groups == 3);
  l.block_size = 2;
  reset();
  s = qrange_layout_counts(&l, &out.elements, &out.groups);
  check("layout_counts: blocks of 2 on a dimension of 3", s, QRANGE_OK, "", out.elements == 12 && out.groups == 8);
  l.block_size = 3;
  reset();
  s = qrange_layout_counts(&l, &out.elements, &out.groups);
  check("layout_counts: block_size equal to the dimension", s, QRANGE_OK, "", out.groups == 4);
  l = axis_layout();
  l.shape = limit;
  reset();
  s = qrange_layout_counts(&l, &out.elements, NULL);
  check("layout_counts: a product of at most SIZE_MAX / 4, groups NULL", s, QRANGE_OK, "",
        out.elements == 2 * (SIZE_MAX / 8) && untouched(&out.groups, sizeof out.groups));
  l = axis_layout();
  l.shape = ones;
  l.rank = QRANGE_MAX_RANK;
  l.axis = -1;
  reset();
  s = qrange_layout_counts(&l, NULL, &out.groups);
  check("layout_counts: rank 64, elements NULL", s, QRANGE_OK, "",
        out.groups == 1 && untouched(&out.elements, sizeof out.elements));
}

/* x = axis_x of t with element i set to value k of t's array a. */
static void axis_put(const struct input_type *t, void *x, size_t i, const void *a, size_t k) {
  memcpy((unsigned char *)x + i * t->size, (const unsigned char *)a + k * t->size, t->size);
}

/* axis_x of t into x (room for AXIS_N floats, aligned for either type)
 * with group 1 (elements 2, 3, 8, 9) without a finite value, and with
 * groups_far group 2 (elements 4, 5, 10, 11) on t->far instead. */
static void axis_x_with(const struct input_type *t, float *x, int group1_empty, int group2_far) {
  memcpy(x, t->axis_x, AXIS_N * t->size);
  if (group1_empty) {
    axis_put(t, x, 2, t->nonfinite, 0);
    axis_put(t, x, 3, t->nonfinite, 1);
    axis_put(t, x, 8, t->nonfinite, 2);
    axis_put(t, x, 9, t->nonfinite, 0);
  }
  if (group2_far) {
    axis_put(t, x, 4, t->far, 0);
    axis_put(t, x, 5, t->far, 1);
    axis_put(t, x, 10, t->far, 0);
    axis_put(t, x, 11, t->far, 0);
  }
}

/* The calibration rows of qrange_calibrate_f32 (or its 16-bit form), through
 * the axis function, then its own: the grid of the axis types and the
 * groups' failures. */
static void calibrate_axis_rows(const struct axis_fn *f) {
  const qrange_calibration init = QRANGE_CALIBRATION_INIT;
  const qrange_layout good = axis_layout();
  const size_t size = sizeof(qrange_calibration);
  const struct input_type *t = f->input;
  float x[AXIS_N];
  char needle[200];
  qrange_context ctx;
  const char *says;
  int m;
#define CAL_ROW(what, change, want, needle_text)                                                           \
  do {                                                                                                     \
    axis_calibration = init;                                                                               \
    change;                                                                                                \
    axis_row(f, what, NULL, f->in, &good, axis_good, AXIS_GROUPS, f->result, want, needle_text);           \
  } while (0)
  axis_calibration = init;
  reset();
  check_fn(f->name, "c NULL", t->calibrate_axis(NULL, f->in, &good, NULL, out.group_params, AXIS_GROUPS, &out.mse),
           QRANGE_ERROR_NULL_POINTER, "c is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check_fn(f->name, "c NULL, count 2: the count first",
           t->calibrate_axis(NULL, f->in, &good, NULL, out.group_params, 2, &out.mse), QRANGE_ERROR_INVALID_ARGUMENT,
           "count = 2", OUTPUTS_UNTOUCHED);
  snprintf(needle, sizeof needle,
           "c->struct_size = %zu, expected sizeof(qrange_calibration) = %zu (initialize with QRANGE_CALIBRATION_INIT)",
           size - 8, size);
  CAL_ROW("struct_size 8 short", axis_calibration.struct_size = size - 8, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  CAL_ROW("struct_size 0", axis_calibration.struct_size = 0, QRANGE_ERROR_INVALID_ARGUMENT,
          "c->struct_size = 0, expected");
  m = 4;
  CAL_ROW("method 4", memcpy(&axis_calibration.method, &m, sizeof m), QRANGE_ERROR_INVALID_ARGUMENT,
          "unknown method 4");
  m = -1;
  CAL_ROW("method -1", memcpy(&axis_calibration.method, &m, sizeof m), QRANGE_ERROR_INVALID_ARGUMENT,
          "unknown method -1");
  m = 2;
  CAL_ROW("scheme 2", memcpy(&axis_calibration.scheme, &m, sizeof m), QRANGE_ERROR_INVALID_ARGUMENT,
          "unknown scheme 2");
  CAL_ROW("qmin == qmax", (axis_calibration.qmin = 5, axis_calibration.qmax = 5), QRANGE_ERROR_INVALID_ARGUMENT,
          "need qmin < qmax and qmax - qmin <= 65535 (qmin = 5, qmax = 5)");
  CAL_ROW("qmax - qmin 65536", axis_calibration.qmax = 65536, QRANGE_ERROR_INVALID_ARGUMENT,
          "need qmin < qmax and qmax - qmin <= 65535 (qmin = 0, qmax = 65536)");
  CAL_ROW("include_zero 2", axis_calibration.include_zero = 2, QRANGE_ERROR_INVALID_ARGUMENT,
          "include_zero = 2 is neither 0 nor 1");
  CAL_ROW("percentile NaN", (axis_calibration.method = QRANGE_METHOD_PERCENTILE, axis_calibration.percentile = NAN),
          QRANGE_ERROR_INVALID_ARGUMENT, "percentile = nan is outside [50, 100]");
  CAL_ROW("percentile 100.1",
          (axis_calibration.method = QRANGE_METHOD_PERCENTILE, axis_calibration.percentile = 100.1),
          QRANGE_ERROR_INVALID_ARGUMENT, "percentile = 100.1 is outside [50, 100]");
  CAL_ROW("percentile exact 2", (axis_calibration.method = QRANGE_METHOD_PERCENTILE, axis_calibration.exact = 2),
          QRANGE_ERROR_INVALID_ARGUMENT, "exact = 2 is neither 0 nor 1");
  CAL_ROW("percentile bins 2^24 + 1",
          (axis_calibration.method = QRANGE_METHOD_PERCENTILE, axis_calibration.bins = ((size_t)1 << 24) + 1),
          QRANGE_ERROR_INVALID_ARGUMENT, "bins = 16777217 exceeds 2^24 (method percentile)");
  CAL_ROW("mse bins 15", (axis_calibration.method = QRANGE_METHOD_MSE, axis_calibration.bins = 15),
          QRANGE_ERROR_INVALID_ARGUMENT, "bins = 15 is outside [16, 2^20] (method mse)");
  CAL_ROW("entropy bins 2^20 + 1",
          (axis_calibration.method = QRANGE_METHOD_ENTROPY, axis_calibration.bins = ((size_t)1 << 20) + 1),
          QRANGE_ERROR_INVALID_ARGUMENT, "bins = 1048577 is outside [16, 2^20] (method entropy)");
  CAL_ROW("grid [-32769, 0]", (axis_calibration.qmin = -32769, axis_calibration.qmax = 0),
          QRANGE_ERROR_INVALID_ARGUMENT,
          "the grid [-32769, 0] is not within [-32768, 65535], the range of the axis quantizers' types");
  CAL_ROW("grid [65000, 65536]", (axis_calibration.qmin = 65000, axis_calibration.qmax = 65536),
          QRANGE_ERROR_INVALID_ARGUMENT, "the grid [65000, 65536] is not within [-32768, 65535]");
  CAL_ROW("grid and method bad: the method first",
          (axis_calibration.qmin = -40000, axis_calibration.qmax = -30000, axis_calibration.method = QRANGE_METHOD_MSE,
           axis_calibration.bins = 3),
          QRANGE_ERROR_INVALID_ARGUMENT, "bins = 3 is outside [16, 2^20] (method mse)");
  bad_context(2, &ctx, &says);
  axis_calibration = init;
  axis_calibration.qmin = -40000;
  axis_calibration.qmax = -30000;
  axis_row(f, "grid and context bad: the grid first", &ctx, f->in, &good, axis_good, AXIS_GROUPS, f->result,
           QRANGE_ERROR_INVALID_ARGUMENT, "the grid [-40000, -30000] is not within");
#undef CAL_ROW

  /* A group without a finite value, by every method: min-max finds it from
   * the groups' ranges, the others calibrate group by group. */
  axis_x_with(t, x, 1, 0);
  for (m = QRANGE_METHOD_MINMAX; m <= QRANGE_METHOD_ENTROPY; ++m) {
    char what[100];
    axis_calibration = init;
    axis_calibration.method = (qrange_method)m;
    snprintf(what, sizeof what, "method %d, group 1 without a finite value", m);
    axis_row(f, what, NULL, x, &good, axis_good, AXIS_GROUPS, f->result, QRANGE_ERROR_EMPTY_INPUT,
             m == QRANGE_METHOD_MINMAX ? "group 1 (of 4 values) has no finite value"
                                       : "no finite value among the 4 inputs (group 1)");
  }
  /* Group 2 on t->far, without include_zero: qrange_choose_params refuses
   * its range, and the group is named. */
  axis_x_with(t, x, 0, 1);
  for (m = QRANGE_METHOD_MINMAX; m <= QRANGE_METHOD_ENTROPY; ++m) {
    char what[100];
    qrange_status s;
    axis_calibration = init;
    axis_calibration.method = (qrange_method)m;
    axis_calibration.qmax = t->far_qmax;
    axis_calibration.include_zero = 0;
    snprintf(what, sizeof what, "method %d, group 2's range refused for the grid", m);
    reset();
    s = f->call(NULL, x, &good, axis_good, AXIS_GROUPS, f->result);
    check_fn(f->name, what, s, QRANGE_ERROR_INVALID_ARGUMENT, t->far_needle, OUTPUTS_UNTOUCHED);
    check_fn(f->name, what, s, QRANGE_ERROR_INVALID_ARGUMENT, ") (group 2)", OUTPUTS_UNTOUCHED);
  }
  /* Not errors: mse NULL; what a method does not use is not checked. */
  axis_calibration = init;
  axis_calibration.percentile = NAN;
  axis_calibration.bins = 7;
  axis_calibration.exact = 9;
  reset();
  {
    const qrange_status s =
        t->calibrate_axis(NULL, f->in, &good, &axis_calibration, out.group_params, AXIS_GROUPS, NULL);
    check_fn(f->name, "mse NULL; min-max ignores percentile, bins, exact", s, QRANGE_OK, "",
             out.group_params[2].qmax == 255 && untouched(&out.mse, sizeof out.mse));
  }
  axis_calibration = init;
}

/* The groups' own failures of min/max and the error. */
static void axis_empty_rows(const struct axis_fn *f) {
  const qrange_layout good = axis_layout();
  const struct input_type *t = f->input;
  float x[AXIS_N];
  size_t i;
  axis_x_with(t, x, 1, 0);
  if (f->role == AXIS_MINMAX) {
    axis_row(f, "group 1 without a finite value", NULL, x, &good, axis_good, AXIS_GROUPS, f->result,
             QRANGE_ERROR_EMPTY_INPUT, "group 1 (of 4 values) has no finite value");
  }
  for (i = 4; i < 6; ++i) {
    axis_put(t, x, i, t->nonfinite, 0);
    axis_put(t, x, i + 6, t->nonfinite, 1);
  }
  if (f->role == AXIS_MINMAX) {
    axis_row(f, "groups 1 and 2 without a finite value: the first named", NULL, x, &good, axis_good, AXIS_GROUPS,
             f->result, QRANGE_ERROR_EMPTY_INPUT, "group 1 (of 4 values)");
    return;
  }
  /* The error needs one finite element in the whole tensor. */
  reset();
  {
    const qrange_status s = f->call(NULL, x, &good, axis_good, AXIS_GROUPS, f->result);
    check_fn(f->name, "groups without a finite value are OK", s, QRANGE_OK, "", !untouched(&out.mse, sizeof out.mse));
  }
  for (i = 0; i < AXIS_N; ++i) axis_put(t, x, i, t->nonfinite, i % 3);
  axis_row(f, "no finite value", NULL, x, &good, axis_good, AXIS_GROUPS, f->result, QRANGE_ERROR_EMPTY_INPUT,
           "no finite value among the 12 inputs");
}

static void axis_rows(void) {
  int i;
  axis_fns_init();
  for (i = 0; i < AXIS_FNS; ++i) {
    axis_pointer_rows(&axis_fns[i]);
    axis_layout_rows(&axis_fns[i]);
    axis_param_rows(&axis_fns[i]);
    axis_context_rows(&axis_fns[i]);
    if (axis_fns[i].role == AXIS_CALIBRATE) calibrate_axis_rows(&axis_fns[i]);
    if (axis_fns[i].role == AXIS_MINMAX || axis_fns[i].role == AXIS_MSE) axis_empty_rows(&axis_fns[i]);
  }
  layout_counts_ok_rows();
}

/* Not an error: a dequantized value past the largest finite one of t (0 +
 * 255 * scale) rounds to +Inf, whose pattern is inf. */
static void dequantize_overflow_row(const struct input_type *t, float scale, uint16_t inf) {
  const struct conversion *c = &t->conversions[CONVERSIONS / 2]; /* dequantize from uint8 */
  const uint8_t q[4] = {0, 1, 255, 255};
  const qrange_params p = params(scale, 0, 0, 255);
  qrange_status s;
  reset();
  s = c->call(NULL, q, 4, &p, c->result);
  check_fn(c->name, "past the largest finite value: +Inf, not an error", s, QRANGE_OK, "",
           out.u16[0] == 0 && out.u16[2] == inf && out.u16[3] == inf);
}

/* Every row of the functions on a tensor, for one input type. */
static void tensor_rows(const struct input_type *t) {
  int i;
  minmax_rows(t);
  histogram_rows(t);
  percentile_rows(t);
  for (i = 0; i < CONVERSIONS; ++i) conversion_rows(&t->conversions[i]);
  mse_rows(t);
  observer_update_rows(t);
  calibrate_rows(t);
}

int main(void) {
  int i;
  status_string_rows();
  set_last_error_rows();
  for (i = 0; i < INPUT_TYPES; ++i) tensor_rows(&input_types[i]);
  dequantize_overflow_row(&input_types[1], 1000.0f, 0x7c00);  /* 255000 > 65504 */
  dequantize_overflow_row(&input_types[2], 1.3333e36f, 0x7f80); /* 3.39991e38: nearer +Inf than 3.38953e38 */
  choose_params_rows();
  context_rows();
  dynamic_quantize_rows();
  observer_rows();
  observer_calibrate_rows();
  axis_rows();
  dispatch_rows();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
