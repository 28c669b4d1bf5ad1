/*
 * Per-axis and blocked QuantizeLinear / DequantizeLinear (opset 21) through
 * ONNX Runtime against qrange (axis_compare.h).
 *
 * For every case (a shape, an axis, a block size or none) and output type,
 * two parameter sets (random scales and zero points; edge ones: subnormal,
 * tiny and huge scales, zero points at the ends of the type) and each thread
 * count: ORT QuantizeLinear(x, scale, zero_point) with attribute axis (and
 * block_size), the scale and zero point initializers of ONNX's shape, against
 * qrange_quantize_axis_f32_*; then ORT DequantizeLinear against
 * qrange_dequantize_axis_*_f32 on random quantized values (the whole type)
 * and on qrange's quantized output. Quantized values are compared element
 * by element (4-bit ones unpacked, the padding nibble of an odd count
 * apart), dequantized floats bit for bit. Inputs mix ties (x / scale at
 * k + 0.5, and their float neighbours), values within and past the grid,
 * values that saturate, +-0, subnormals, +-Inf, NaN and random bit patterns.
 * ONNX leaves QuantizeLinear of NaN undefined (qrange gives the zero point):
 * NaN inputs are counted apart.
 */
#include "axis_compare.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrange/qrange.h>

#include "common.h"
#include "onnx_pb.h"
#include "ort_runtime.h"

/* ---- output types --------------------------------------------------------- */

typedef struct qtype {
  const char *name;
  int elem; /* ONNX_* */
  int bits; /* 4, 8 or 16 */
  int32_t lo, hi;
} qtype;

static const qtype qtypes[] = {{"uint8", ONNX_UINT8, 8, 0, 255},        {"int8", ONNX_INT8, 8, -128, 127},
                               {"uint16", ONNX_UINT16, 16, 0, 65535},   {"int16", ONNX_INT16, 16, -32768, 32767},
                               {"uint4", ONNX_UINT4, 4, 0, 15},         {"int4", ONNX_INT4, 4, -8, 7}};
enum { NTYPES = sizeof qtypes / sizeof qtypes[0] };

static size_t storage_bytes(const qtype *t, size_t n) {
  return t->bits == 4 ? (n + 1) / 2 : n * (size_t)(t->bits / 8);
}

/* Element i of a tensor of type t (4-bit: element 2k in the low nibble of
 * byte k, two's complement for int4; 16-bit: host order, little-endian). */
static int32_t q_get(const qtype *t, const uint8_t *b, size_t i) {
  if (t->bits == 4) {
    const int v = (b[i / 2] >> (4 * (i & 1))) & 0xf;
    return t->lo < 0 && v >= 8 ? v - 16 : v;
  }
  if (t->bits == 8) return t->lo < 0 ? (int32_t)(int8_t)b[i] : (int32_t)b[i];
  uint16_t u;
  memcpy(&u, b + 2 * i, 2);
  return t->lo < 0 ? (int32_t)(int16_t)u : (int32_t)u;
}

static void q_set(const qtype *t, uint8_t *b, size_t i, int32_t v) {
  if (t->bits == 4) {
    const int sh = 4 * (int)(i & 1);
    b[i / 2] = (uint8_t)((b[i / 2] & ~(0xf << sh)) | ((v & 0xf) << sh));
  } else if (t->bits == 8) {
    b[i] = (uint8_t)v;
  } else {
    const uint16_t u = (uint16_t)v;
    memcpy(b + 2 * i, &u, 2);
  }
}

static qrange_status q_quantize(const qtype *t, const float *x, const qrange_layout *l, const qrange_params *p,
                                size_t count, uint8_t *q) {
  void *v = q;
  switch (t->elem) {
    case ONNX_UINT8: return qrange_quantize_axis_f32_u8(NULL, x, l, p, count, q);
    case ONNX_INT8: return qrange_quantize_axis_f32_i8(NULL, x, l, p, count, (int8_t *)v);
    case ONNX_UINT16: return qrange_quantize_axis_f32_u16(NULL, x, l, p, count, (uint16_t *)v);
    case ONNX_INT16: return qrange_quantize_axis_f32_i16(NULL, x, l, p, count, (int16_t *)v);
    case ONNX_UINT4: return qrange_quantize_axis_f32_u4(NULL, x, l, p, count, q);
    default: return qrange_quantize_axis_f32_i4(NULL, x, l, p, count, q);
  }
}

static qrange_status q_dequantize(const qtype *t, const uint8_t *q, const qrange_layout *l, const qrange_params *p,
                                  size_t count, float *x) {
  const void *v = q;
  switch (t->elem) {
    case ONNX_UINT8: return qrange_dequantize_axis_u8_f32(NULL, q, l, p, count, x);
    case ONNX_INT8: return qrange_dequantize_axis_i8_f32(NULL, (const int8_t *)v, l, p, count, x);
    case ONNX_UINT16: return qrange_dequantize_axis_u16_f32(NULL, (const uint16_t *)v, l, p, count, x);
    case ONNX_INT16: return qrange_dequantize_axis_i16_f32(NULL, (const int16_t *)v, l, p, count, x);
    case ONNX_UINT4: return qrange_dequantize_axis_u4_f32(NULL, q, l, p, count, x);
    default: return qrange_dequantize_axis_i4_f32(NULL, q, l, p, count, x);
  }
}

/* ---- cases ------------------------------------------------------------------ */

typedef struct axis_case {
  int rank;
  size_t shape[4];
  int64_t axis;
  size_t block; /* 0: per axis */
  const char *note;
} axis_case;

static const axis_case cases[] = {
    {2, {64, 96}, 0, 0, "per axis, first axis"},
    {2, {64, 96}, 1, 0, "per axis, last axis"},
    {2, {64, 96}, -1, 0, "per axis, axis -1"},
    {3, {4, 33, 10}, 1, 0, "per axis, middle axis"},
    {3, {3, 11, 7}, 2, 0, "per axis, odd count"},
    {1, {37}, 0, 0, "per axis, rank 1, odd count"},
    {2, {16, 256}, 1, 1, "blocked, last axis"},
    {2, {16, 256}, 1, 2, "blocked, last axis"},
    {2, {16, 256}, 1, 16, "blocked, last axis"},
    {2, {16, 256}, 1, 32, "blocked, last axis"},
    {2, {16, 256}, 1, 128, "blocked, last axis"},
    {2, {8, 100}, 1, 32, "blocked, 32 does not divide 100"},
    {2, {5, 7}, 1, 2, "blocked, odd count, last block of 1"},
    {3, {4, 33, 10}, 1, 16, "blocked, middle axis, 33 = 16 + 16 + 1"},
    {4, {3, 3, 5, 7}, 2, 2, "blocked, rank 4, odd count"},
    {2, {64, 96}, 0, 16, "blocked, first axis"},
    {2, {100, 8}, 0, 32, "blocked, first axis, 32 does not divide 100"},
    {2, {7, 9}, 0, 4, "blocked, first axis, odd count"},
    {1, {1001}, 0, 512, "blocked, rank 1, odd count, 2 blocks"},
    {1, {1001}, 0, 1001, "blocked, one block (the whole tensor), scale of shape [1]"},
    {2, {1, 1001}, 1, 1001, "blocked, one block, scale of shape [1, 1]"},
    {2, {2048, 512}, 0, 0, "per axis, 1M values"},
    {2, {512, 2048}, 1, 32, "blocked, 1M values"},
};
enum { NCASES = sizeof cases / sizeof cases[0] };

typedef struct geometry {
  size_t a, d, outer, inner, nb, n, groups;
  int srank;
  int64_t dims[4], sdims[4];
} geometry;

static geometry geometry_of(const axis_case *c) {
  geometry g;
  memset(&g, 0, sizeof g);
  g.a = (size_t)(c->axis < 0 ? c->axis + c->rank : c->axis);
  g.d = c->shape[g.a];
  g.outer = g.inner = 1;
  for (size_t k = 0; k < (size_t)c->rank; ++k) {
    if (k < g.a) g.outer *= c->shape[k];
    if (k > g.a) g.inner *= c->shape[k];
    g.dims[k] = g.sdims[k] = (int64_t)c->shape[k];
  }
  g.n = g.outer * g.d * g.inner;
  if (c->block) {
    g.nb = (g.d + c->block - 1) / c->block;
    g.groups = g.outer * g.nb * g.inner;
    g.srank = c->rank;
    g.sdims[g.a] = (int64_t)g.nb;
  } else {
    g.nb = g.d;
    g.groups = g.d;
    g.srank = 1;
    g.sdims[0] = (int64_t)g.d;
  }
  return g;
}

/* The group of element i, worked out here from ONNX's definition. */
static size_t group_of(const axis_case *c, const geometry *g, size_t i) {
  const size_t d = (i / g->inner) % g->d;
  if (!c->block) return d;
  const size_t o = i / (g->inner * g->d), in = i % g->inner;
  return (o * g->nb + d / c->block) * g->inner + in;
}

static void case_name(const axis_case *c, char *buf, size_t cap) {
  int k = snprintf(buf, cap, "[");
  for (int d = 0; d < c->rank; ++d) k += snprintf(buf + k, cap - (size_t)k, "%s%zu", d ? ", " : "", c->shape[d]);
  k += snprintf(buf + k, cap - (size_t)k, "] axis %lld", (long long)c->axis);
  if (c->block) snprintf(buf + k, cap - (size_t)k, " block %zu", c->block);
}

static void coords_of(const axis_case *c, size_t i, char *buf, size_t cap) {
  size_t idx[4];
  for (int d = c->rank - 1; d >= 0; --d) {
    idx[d] = i % c->shape[d];
    i /= c->shape[d];
  }
  int k = snprintf(buf, cap, "[");
  for (int d = 0; d < c->rank; ++d) k += snprintf(buf + k, cap - (size_t)k, "%s%zu", d ? ", " : "", idx[d]);
  snprintf(buf + k, cap - (size_t)k, "]");
}

/* ---- parameters and inputs ------------------------------------------------- */

static const char *const variant_names[] = {"random", "edge"};

static void make_params(const qtype *t, int variant, size_t groups, qrange_params *p) {
  static const float edge_scales[] = {1e-40f, 1.17549435e-38f /* FLT_MIN */, 1.40129846e-45f /* denorm_min */,
                                      1e-3f, 0.1f, 1.0f / 3.0f, 1.0f, 7.0f, 1e20f, 3e38f};
  const size_t nscales = sizeof edge_scales / sizeof edge_scales[0];
  const int32_t edge_zps[] = {t->lo, t->hi, t->lo + 1, t->hi - 1, t->lo < 0 ? 0 : (t->hi + 1) / 2};
  for (size_t g = 0; g < groups; ++g) {
    float s;
    int32_t zp;
    if (variant == 0) {
      /* Half powers of two (exact ties), half any scale, 2^-12 .. 2^6. */
      s = rng_next() % 2 ? ldexpf(1.0f, (int)(rng_next() % 19) - 12) : exp2f(rng_uniform(-12.0f, 6.0f));
      zp = t->lo + (int32_t)(rng_next() % (uint64_t)(t->hi - t->lo + 1));
    } else {
      s = edge_scales[rng_next() % nscales];
      zp = edge_zps[rng_next() % 5];
    }
    p[g].scale = s;
    p[g].zero_point = zp;
    p[g].qmin = t->lo;
    p[g].qmax = t->hi;
  }
}

static float make_input(const qtype *t, const qrange_params *p) {
  static const float specials[] = {0.0f, -0.0f, NAN, -NAN, INFINITY, -INFINITY, 1.40129846e-45f, -1.40129846e-45f,
                                   FLT_MIN, -FLT_MIN, 16777216.0f, -16777216.0f, 2147483648.0f, -2147483648.0f,
                                   4294967296.0f, 1e-40f};
  const float s = p->scale;
  const int32_t zp = p->zero_point;
  const uint64_t r = rng_next() % 100;
  if (r < 35) { /* a tie k + 0.5 (exact when s is a power of two) or a neighbour */
    const int32_t k = t->lo - zp - 2 + (int32_t)(rng_next() % (uint64_t)(t->hi - t->lo + 5));
    const float c = ((float)k + 0.5f) * s;
    const uint64_t side = rng_next() % 4;
    return side == 1 ? nextafterf(c, -INFINITY) : side == 2 ? nextafterf(c, INFINITY) : c;
  }
  if (r < 60) return rng_uniform((float)(t->lo - zp) - 3.0f, (float)(t->hi - zp) + 3.0f) * s;
  if (r < 70) { /* saturates */
    static const float big[] = {1e30f, FLT_MAX, 2147483648.0f, 4294967296.0f, 1e10f};
    const float v = rng_next() % 2 ? big[rng_next() % 5] : ((float)(t->hi - t->lo) + rng_uniform(1.0f, 1000.0f)) * s;
    return rng_next() % 2 ? v : -v;
  }
  if (r < 80) return specials[rng_next() % (sizeof specials / sizeof specials[0])];
  return u2f((uint32_t)rng_next());
}

/* ---- models and runs ------------------------------------------------------ */

/* QuantizeLinear(x: float, scale, zp) -> y or DequantizeLinear(x: type t,
 * scale, zp) -> y: float; scale and zp initializers of ONNX's shape,
 * attributes axis and (blocked) block_size; x and y of the case's shape. */
static pb model_axis(int quantize, const axis_case *c, const geometry *g, const qtype *t, const qrange_params *p) {
  pb gr = {0};
  float *sc = xmalloc(g->groups * sizeof(float));
  const size_t zbytes = storage_bytes(t, g->groups);
  uint8_t *zp = xmalloc(zbytes);
  memset(zp, 0, zbytes);
  for (size_t k = 0; k < g->groups; ++k) {
    sc[k] = p[k].scale;
    q_set(t, zp, k, p[k].zero_point);
  }
  const char *in[] = {"x", "scale", "zp"}, *out[] = {"y"};
  const pb_attr_int attrs[2] = {{"axis", c->axis}, {"block_size", (int64_t)c->block}};
  pb_node(&gr, quantize ? "QuantizeLinear" : "DequantizeLinear", in, 3, out, 1, attrs, c->block ? 2 : 1);
  pb_str(&gr, 2, quantize ? "quantize_linear_axis" : "dequantize_linear_axis");
  pb_initializer(&gr, "scale", ONNX_FLOAT, g->srank, g->sdims, sc, g->groups * sizeof(float));
  pb_initializer(&gr, "zp", t->elem, g->srank, g->sdims, zp, zbytes);
  pb_value_info(&gr, PB_GRAPH_INPUT, "x", quantize ? ONNX_FLOAT : t->elem, c->rank, g->dims);
  pb_value_info(&gr, PB_GRAPH_OUTPUT, "y", quantize ? t->elem : ONNX_FLOAT, c->rank, g->dims);
  free(sc);
  free(zp);
  return pb_model(&gr);
}

/* One Run: x on in_mem, y into out_mem (checked to be where ORT wrote). */
static int ort_run_axis(OrtSession *s, const geometry *g, int rank, void *in_mem, size_t in_bytes, int in_elem,
                        void *out_mem, size_t out_bytes, int out_elem, char *msg, size_t cap) {
  OrtValue *in = ort_tensor(in_mem, in_bytes, g->dims, (size_t)rank, in_elem);
  OrtValue *out = ort_tensor(out_mem, out_bytes, g->dims, (size_t)rank, out_elem);
  OrtValue *o[1] = {out};
  const char *in_names[1] = {"x"}, *out_names[1] = {"y"};
  const int failed =
      ort_failed(ort.Run(s, NULL, in_names, (const OrtValue *const *)&in, 1, out_names, 1, o), msg, cap);
  if (!failed) {
    void *d;
    ort_check(ort.GetTensorMutableData(o[0], &d), "GetTensorMutableData");
    if (d != out_mem || o[0] != out) die("ORT did not write its output into the caller's tensor");
  }
  ort.ReleaseValue(in);
  ort.ReleaseValue(out);
  return failed;
}

/* ---- tallies ------------------------------------------------------------------ */

typedef struct tally {
  long q_values, q_bad, q_bad_int32, dq_values, dq_bad;
  long nan_in, nan_same, nan_ort_lo, nan_ort_other;
  int nan_other_example;
  long pad_runs, pad_ort_zero, pad_ort_untouched, pad_ort_other, pad_q_zero;
  int pad_other_example;
  int shown;
  char q_refused[240], dq_refused[240]; /* ORT's error, when it refused the model */
} tally;

enum { SHOW = 4 };

/* The ONNX formula, saturate(round_half_even(x / scale) + zero_point), with
 * x / scale in float: what either side should give (x not NaN). */
static int32_t onnx_quantize(const qtype *t, float x, const qrange_params *p) {
  const double r = (double)nearbyintf(x / p->scale) + (double)p->zero_point;
  return r < t->lo ? t->lo : r > t->hi ? t->hi : (int32_t)r;
}

/* What ORT gives where it converts to int32 before saturating,
 * clamp((int32_t)nearbyint(x / scale) + zero_point): x86 converts a value
 * out of int32's range (or NaN) to INT32_MIN, and the addition wraps. */
static int32_t int32_first_quantize(const qtype *t, float x, const qrange_params *p) {
  const float r = nearbyintf(x / p->scale);
  const int32_t i = r >= -2147483648.0f && r < 2147483648.0f ? (int32_t)r : INT32_MIN;
  const int32_t v = (int32_t)((uint32_t)i + (uint32_t)p->zero_point);
  return v < t->lo ? t->lo : v > t->hi ? t->hi : v;
}

static int beyond_int32(float x, const qrange_params *p) {
  return !(fabsf(nearbyintf(x / p->scale)) < 2147483648.0f);
}

static void compare_quantized(const char *label, const axis_case *c, const geometry *g, const qtype *t,
                              const float *x, const qrange_params *p, const uint8_t *y_ort, const uint8_t *y_q,
                              tally *ty) {
  for (size_t i = 0; i < g->n; ++i) {
    const int32_t vo = q_get(t, y_ort, i), vq = q_get(t, y_q, i);
    const size_t gi = group_of(c, g, i);
    if (isnan(x[i])) {
      ++ty->nan_in;
      if (vo == vq) ++ty->nan_same;
      else if (vo == t->lo) ++ty->nan_ort_lo;
      else ++ty->nan_ort_other, ty->nan_other_example = vo;
      continue;
    }
    if (vo == vq) continue;
    ++ty->q_bad;
    if (beyond_int32(x[i], &p[gi]) && vo == int32_first_quantize(t, x[i], &p[gi])) ++ty->q_bad_int32;
    if (ty->shown < SHOW) {
      char at[64];
      coords_of(c, i, at, sizeof at);
      printf("    MISMATCH QuantizeLinear %s %s: element %zu %s, group %zu: x = %.9g (0x%08x, %s), scale = %.9g "
             "(0x%08x), zp = %d, x/scale = %.9g: ORT %d, qrange %d, ONNX formula %d (converted to int32 first: %d)\n",
             t->name, label, i, at, gi, x[i], f2u(x[i]), classify(x[i]), p[gi].scale, f2u(p[gi].scale),
             p[gi].zero_point, x[i] / p[gi].scale, vo, vq, onnx_quantize(t, x[i], &p[gi]),
             int32_first_quantize(t, x[i], &p[gi]));
      ++ty->shown;
    }
  }
  ty->q_values += (long)g->n;
  if (t->bits == 4 && g->n % 2) { /* the padding nibble */
    const int po = y_ort[g->n / 2] >> 4, pq = y_q[g->n / 2] >> 4;
    ++ty->pad_runs;
    if (po == 0) ++ty->pad_ort_zero;
    else if (po == 0xa) ++ty->pad_ort_untouched; /* the 0xa5 the buffer was filled with */
    else ++ty->pad_ort_other, ty->pad_other_example = po;
    ty->pad_q_zero += pq == 0;
  }
}

static void compare_dequantized(const char *label, const axis_case *c, const geometry *g, const qtype *t,
                                const uint8_t *q, const qrange_params *p, const float *x_ort, const float *x_q,
                                tally *ty) {
  for (size_t i = 0; i < g->n; ++i) {
    if (f2u(x_ort[i]) == f2u(x_q[i])) continue;
    ++ty->dq_bad;
    if (ty->shown < SHOW) {
      const size_t gi = group_of(c, g, i);
      const int32_t v = q_get(t, q, i), zp = p[gi].zero_point;
      const float spec = (float)(v - zp) * p[gi].scale;
      char at[64];
      coords_of(c, i, at, sizeof at);
      printf("    MISMATCH DequantizeLinear %s %s: element %zu %s, group %zu: q = %d, zp = %d, scale = %.9g (0x%08x): "
             "ORT %.9g (0x%08x), qrange %.9g (0x%08x), (float)(q - zp) * scale %.9g (0x%08x), exact %.17g\n",
             t->name, label, i, at, gi, v, zp, p[gi].scale, f2u(p[gi].scale), x_ort[i], f2u(x_ort[i]), x_q[i],
             f2u(x_q[i]), spec, f2u(spec), (double)(v - zp) * (double)p[gi].scale);
      ++ty->shown;
    }
  }
  ty->dq_values += (long)g->n;
}

/* ORT's message without the source location it starts with, nor the
 * newline it ends with (in place). */
static const char *short_message(char *m) {
  size_t n = strlen(m);
  while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) m[--n] = 0;
  const char *s = strstr(m, "Status Message: ");
  if (s) s += 16;
  else s = m;
  const char *w = strstr(s, " was false. ");
  return w ? w + 12 : s;
}

/* ---- one case and type -------------------------------------------------------- */

static void run_case_type(const axis_case *c, const qtype *t, const int *threads, int nthreads, tally *ty) {
  const geometry g = geometry_of(c);
  qrange_layout layout = QRANGE_LAYOUT_INIT;
  layout.shape = c->shape;
  layout.rank = (size_t)c->rank;
  layout.axis = c->axis;
  layout.block_size = c->block;
  size_t elements = 0, groups = 0;
  qcheck(qrange_layout_counts(&layout, &elements, &groups), "qrange_layout_counts");
  if (elements != g.n || groups != g.groups)
    die("qrange_layout_counts: %zu elements, %zu groups; ONNX's shape gives %zu and %zu", elements, groups, g.n,
        g.groups);

  const size_t qb = storage_bytes(t, g.n);
  qrange_params *p = xmalloc(g.groups * sizeof *p);
  float *x = xmalloc(g.n * sizeof(float)), *x_ort = xmalloc(g.n * sizeof(float)),
        *x_q = xmalloc(g.n * sizeof(float));
  uint8_t *y_ort = xmalloc(qb), *y_q = xmalloc(qb), *q_rand = xmalloc(qb);
  char msg[1024];

  for (int variant = 0; variant < 2; ++variant) {
    make_params(t, variant, g.groups, p);
    for (size_t i = 0; i < g.n; ++i) x[i] = make_input(t, &p[group_of(c, &g, i)]);
    /* Random quantized values over the whole type, the zero point often. */
    memset(q_rand, 0, qb);
    for (size_t i = 0; i < g.n; ++i) {
      const uint64_t r = rng_next() % 8;
      const int32_t v = r == 0   ? t->lo
                        : r == 1 ? t->hi
                        : r == 2 ? p[group_of(c, &g, i)].zero_point
                                 : t->lo + (int32_t)(rng_next() % (uint64_t)(t->hi - t->lo + 1));
      q_set(t, q_rand, i, v);
    }
    if (t->bits == 4 && g.n % 2) q_rand[qb - 1] |= 0x90; /* a padding nibble that must not be read */

    for (int ti = 0; ti < nthreads && !(ty->q_refused[0] && ty->dq_refused[0]); ++ti) {
      char label[96];
      snprintf(label, sizeof label, "(%s parameters, %d thread%s)", variant_names[variant], threads[ti],
               threads[ti] > 1 ? "s" : "");
      qcheck(qrange_set_num_threads(threads[ti]), "qrange_set_num_threads");
      memset(y_q, 0x5a, qb);
      qcheck(q_quantize(t, x, &layout, p, g.groups, y_q), "qrange_quantize_axis");

      if (!ty->q_refused[0]) {
        OrtSession *sq = ort_try_session(model_axis(1, c, &g, t, p), threads[ti], msg, sizeof msg);
        memset(y_ort, 0xa5, qb);
        if (!sq)
          snprintf(ty->q_refused, sizeof ty->q_refused, "session: %.200s", short_message(msg));
        else if (ort_run_axis(sq, &g, c->rank, x, g.n * sizeof(float), ONNX_FLOAT, y_ort, qb, t->elem, msg,
                              sizeof msg))
          snprintf(ty->q_refused, sizeof ty->q_refused, "Run: %.200s", short_message(msg));
        else
          compare_quantized(label, c, &g, t, x, p, y_ort, y_q, ty);
        if (sq) ort.ReleaseSession(sq);
      }

      if (!ty->dq_refused[0]) {
        OrtSession *sd = ort_try_session(model_axis(0, c, &g, t, p), threads[ti], msg, sizeof msg);
        if (!sd) snprintf(ty->dq_refused, sizeof ty->dq_refused, "session: %.200s", short_message(msg));
        /* Random values of the whole type, then qrange's quantized x. */
        const uint8_t *dq_in[2] = {q_rand, y_q};
        for (int k = 0; sd && k < 2; ++k) {
          memset(x_ort, 0xff, g.n * sizeof(float));
          memset(x_q, 0xfe, g.n * sizeof(float));
          if (ort_run_axis(sd, &g, c->rank, (void *)dq_in[k], qb, t->elem, x_ort, g.n * sizeof(float), ONNX_FLOAT,
                           msg, sizeof msg)) {
            snprintf(ty->dq_refused, sizeof ty->dq_refused, "Run: %.200s", short_message(msg));
            break;
          }
          qcheck(q_dequantize(t, dq_in[k], &layout, p, g.groups, x_q), "qrange_dequantize_axis");
          compare_dequantized(label, c, &g, t, dq_in[k], p, x_ort, x_q, ty);
        }
        if (sd) ort.ReleaseSession(sd);
      }
    }
  }
  free(p);
  free(x);
  free(x_ort);
  free(x_q);
  free(y_ort);
  free(y_q);
  free(q_rand);
}

/* ---- 4-bit packing, against literal values --------------------------------- */

/* ORT alone on known answers, so that a packing both libraries got wrong
 * the same way would still show: per axis over [3] with scales 1 and zero
 * points 0, DequantizeLinear of given bytes (the last high nibble 9: padding
 * not to be read) and QuantizeLinear of the values back. Returns the number
 * of wrong values. */
static long check_packing(void) {
  static const axis_case c = {1, {3}, 0, 0, "packing"};
  const geometry g = geometry_of(&c);
  static const struct {
    int elem;
    uint8_t bytes[2];
    float values[3];
  } known[] = {{ONNX_UINT4, {0x21, 0x93}, {1, 2, 3}},
               {ONNX_UINT4, {0xf8, 0x97}, {8, 15, 7}},
               {ONNX_INT4, {0x21, 0x93}, {1, 2, 3}},
               {ONNX_INT4, {0xf8, 0x97}, {-8, -1, 7}}};
  long bad = 0;
  char msg[1024];
  printf("4-bit packing, ORT alone against known answers (shape [3], per axis, scale 1, zero point 0):\n");
  for (size_t k = 0; k < sizeof known / sizeof known[0]; ++k) {
    const qtype *t = &qtypes[known[k].elem == ONNX_UINT4 ? 4 : 5];
    qrange_params p[3];
    for (int i = 0; i < 3; ++i) p[i] = (qrange_params){1.0f, 0, t->lo, t->hi};
    float out[3] = {NAN, NAN, NAN};
    uint8_t in[2], q[2] = {0xa5, 0xa5};
    memcpy(in, known[k].bytes, 2);
    OrtSession *sd = ort_new_session(model_axis(0, &c, &g, t, p), 1);
    if (ort_run_axis(sd, &g, 1, in, 2, t->elem, out, sizeof out, ONNX_FLOAT, msg, sizeof msg))
      die("DequantizeLinear %s: %s", t->name, msg);
    ort.ReleaseSession(sd);
    OrtSession *sq = ort_new_session(model_axis(1, &c, &g, t, p), 1);
    float x[3];
    memcpy(x, known[k].values, sizeof x);
    if (ort_run_axis(sq, &g, 1, x, sizeof x, ONNX_FLOAT, q, 2, t->elem, msg, sizeof msg))
      die("QuantizeLinear %s: %s", t->name, msg);
    ort.ReleaseSession(sq);
    long wrong = 0;
    for (int i = 0; i < 3; ++i) wrong += f2u(out[i]) != f2u(known[k].values[i]);
    wrong += q[0] != known[k].bytes[0] || (q[1] & 0xf) != (known[k].bytes[1] & 0xf);
    printf("  %-5s bytes %02x %02x -> DequantizeLinear %g %g %g; QuantizeLinear back: %02x, low nibble %x: %s\n",
           t->name, known[k].bytes[0], known[k].bytes[1], out[0], out[1], out[2], q[0], q[1] & 0xf,
           wrong ? "WRONG" : "as ONNX packs (element 2k in the low nibble, two's complement for int4)");
    bad += wrong;
  }
  return bad;
}

/* ---- the table ------------------------------------------------------------------ */

static void note(char *buf, size_t cap, size_t *k, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void note(char *buf, size_t cap, size_t *k, const char *fmt, ...) {
  if (*k >= cap) return;
  va_list ap;
  va_start(ap, fmt);
  const int w = vsnprintf(buf + *k, cap - *k, fmt, ap);
  va_end(ap);
  if (w > 0) *k += (size_t)w;
}

int run_axis_correctness(const int *threads, int nthreads) {
  printf("Per-axis and blocked QuantizeLinear / DequantizeLinear (opset 21): ORT against qrange_quantize_axis_* and "
         "qrange_dequantize_axis_* (%d cases x %d types, random and edge parameters, threads",
         (int)NCASES, (int)NTYPES);
  for (int i = 0; i < nthreads; ++i) printf(" %d", threads[i]);
  printf(")\n");
  const long packing_bad = check_packing();
  printf("  %-34s %-7s %9s %7s %12s %9s %7s  %s\n", "case", "type", "Q values", "Q diff", "NaN in/diff", "DQ values",
         "DQ diff", "notes");
  long total_q = 0, total_q_bad = 0, total_q_int32 = 0, total_dq = 0, total_dq_bad = 0, total_nan = 0,
       total_nan_diff = 0, refused = 0, pad_unwritten = 0;
  for (int ci = 0; ci < NCASES; ++ci) {
    const axis_case *c = &cases[ci];
    char name[64], last_refusal[2][sizeof ((tally *)0)->q_refused] = {"", ""};
    case_name(c, name, sizeof name);
    for (int ti = 0; ti < NTYPES; ++ti) {
      const qtype *t = &qtypes[ti];
      tally ty;
      memset(&ty, 0, sizeof ty);
      run_case_type(c, t, threads, nthreads, &ty);
      const long nan_diff = ty.nan_in - ty.nan_same;
      char nan_col[32], notes[1024];
      size_t k = 0;
      snprintf(nan_col, sizeof nan_col, "%ld/%ld", ty.nan_in, nan_diff);
      notes[0] = 0;
      if (ti == 0) note(notes, sizeof notes, &k, "%s; ", c->note);
      if (ty.q_bad)
        note(notes, sizeof notes, &k, "%ld of %ld differences: |x/scale| >= 2^31 or Inf, ORT converts to int32 before "
             "saturating; ", ty.q_bad_int32, ty.q_bad);
      if (nan_diff) {
        note(notes, sizeof notes, &k, "NaN: ORT qmin %ld", ty.nan_ort_lo);
        if (ty.nan_ort_other)
          note(notes, sizeof notes, &k, ", other %ld (e.g. %d)", ty.nan_ort_other, ty.nan_other_example);
        note(notes, sizeof notes, &k, ", qrange zp; ");
      }
      if (ty.pad_runs) {
        if (ty.pad_ort_untouched == ty.pad_runs) note(notes, sizeof notes, &k, "pad nibble: ORT leaves it unwritten");
        else if (ty.pad_ort_zero == ty.pad_runs) note(notes, sizeof notes, &k, "pad nibble: ORT 0");
        else
          note(notes, sizeof notes, &k, "pad nibble: ORT 0 in %ld, unwritten in %ld, other in %ld (e.g. %d) of %ld",
               ty.pad_ort_zero, ty.pad_ort_untouched, ty.pad_ort_other, ty.pad_other_example, ty.pad_runs);
        note(notes, sizeof notes, &k, ", qrange %s; ", ty.pad_q_zero == ty.pad_runs ? "0" : "NOT 0");
        pad_unwritten += ty.pad_ort_untouched;
      }
      for (int op = 0; op < 2; ++op) {
        const char *r = op ? ty.dq_refused : ty.q_refused;
        if (!r[0]) continue;
        if (strcmp(r, last_refusal[op]) == 0) {
          note(notes, sizeof notes, &k, "ORT REFUSED %s (the same); ", op ? "DequantizeLinear" : "QuantizeLinear");
        } else {
          note(notes, sizeof notes, &k, "ORT REFUSED %s: %s; ", op ? "DequantizeLinear" : "QuantizeLinear", r);
          snprintf(last_refusal[op], sizeof last_refusal[op], "%s", r);
        }
        ++refused;
      }
      if (k >= 2 && k < sizeof notes) notes[k - 2] = 0;
      printf("  %-34s %-7s %9ld %7ld %12s %9ld %7ld  %s\n", ti == 0 ? name : "", t->name, ty.q_values, ty.q_bad,
             nan_col, ty.dq_values, ty.dq_bad, notes);
      fflush(stdout);
      total_q += ty.q_values;
      total_q_bad += ty.q_bad;
      total_q_int32 += ty.q_bad_int32;
      total_dq += ty.dq_values;
      total_dq_bad += ty.dq_bad;
      total_nan += ty.nan_in;
      total_nan_diff += nan_diff;
    }
  }
  printf("per-axis and blocked: %ld quantized values, %ld differ (%ld of them |x/scale| >= 2^31 or Inf where ORT "
         "converts to int32 before saturating); %ld dequantized floats, %ld differ; %ld NaN inputs, %ld quantized "
         "differently (not counted: ONNX leaves them undefined); %ld padding nibbles ORT left unwritten (not counted: "
         "ONNX leaves them unspecified); %ld models ORT refused (per case, type and operator)\n",
         total_q, total_q_bad, total_q_int32, total_dq, total_dq_bad, total_nan, total_nan_diff, pad_unwritten,
         refused);
  if (packing_bad) printf("4-bit packing: %ld known answers wrong (above)\n", packing_bad);
  return total_q_bad || total_dq_bad || refused || packing_bad ? 1 : 0;
}
