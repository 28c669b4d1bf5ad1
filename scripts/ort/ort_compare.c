/*
 * ort_compare: qrange side by side with ONNX Runtime, in one process.
 *
 *   ort_compare --ort LIBONNXRUNTIME [--correctness] [--axis] [--timing]
 *               [--sizes 65536,1048576,16777216] [--threads 1,2]
 *               [--min-time 0.2] [--settle-ms 50] [--ort-run run|binding|alloc]
 *               [--json FILE]
 *
 * ONNX Runtime is loaded with dlopen (--ort, or the ORT_LIB environment
 * variable; ort_runtime.c), so nothing links it at build time; its C API is
 * declared in ort_c_api.h. The ONNX models are protobuf messages encoded by
 * hand (onnx_pb.c).
 * Without --correctness, --axis or --timing all run, correctness first;
 * --axis runs only the per-axis and blocked part of the correctness.
 *
 * Timing: every figure is the minimum over calls repeated for at least
 * --min-time seconds, in ns per input value. ORT runs a session per model and
 * thread count (intra-op threads 1 or 2, inter-op 1, default graph
 * optimization) on caller-owned input and, by default, caller-owned output
 * tensors passed to Run, so that no allocation is timed (--ort-run binding:
 * the same through an IoBinding; --ort-run alloc: ORT allocates the outputs
 * and the driver releases them, inside the timed call). qrange's thread count
 * is set with qrange_set_num_threads. Between an ORT measurement and a qrange
 * one the driver sleeps --settle-ms so that the other pool's spinning threads
 * go to sleep first.
 *
 * Correctness: adversarial inputs through ORT QuantizeLinear and qrange's
 * quantize, and through ORT DynamicQuantizeLinear and qrange's minmax +
 * choose_params(include_zero) + quantize, comparing scale, zero point and
 * every output byte; and per-axis and blocked QuantizeLinear and
 * DequantizeLinear for 8-, 16- and 4-bit types (axis_compare.c); see
 * docs/performance.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrange/qrange.h>

#include "axis_compare.h"
#include "common.h"
#include "onnx_pb.h"
#include "ort_runtime.h"

/* ---- models ------------------------------------------------------------- */

/* QuantizeLinear(x, scale, zero_point: uint8) -> y */
static pb model_quantize_linear(float scale, uint8_t zp) {
  pb g = {0};
  const char *in[] = {"x", "scale", "zp"}, *out[] = {"y"};
  const int64_t n[1] = {-1};
  pb_node(&g, "QuantizeLinear", in, 3, out, 1, NULL, 0);
  pb_str(&g, 2, "quantize_linear");
  pb_initializer(&g, "scale", ONNX_FLOAT, 0, NULL, &scale, 4);
  pb_initializer(&g, "zp", ONNX_UINT8, 0, NULL, &zp, 1);
  pb_value_info(&g, PB_GRAPH_INPUT, "x", ONNX_FLOAT, 1, n);
  pb_value_info(&g, PB_GRAPH_OUTPUT, "y", ONNX_UINT8, 1, n);
  return pb_model(&g);
}

/* ReduceMin(x), ReduceMax(x), keepdims 0, no axes input: over all values */
static pb model_minmax(void) {
  pb g = {0};
  const char *in[] = {"x"}, *mn[] = {"mn"}, *mx[] = {"mx"};
  const int64_t n[1] = {-1};
  const pb_attr_int keepdims = {"keepdims", 0};
  pb_node(&g, "ReduceMin", in, 1, mn, 1, &keepdims, 1);
  pb_node(&g, "ReduceMax", in, 1, mx, 1, &keepdims, 1);
  pb_str(&g, 2, "minmax");
  pb_value_info(&g, PB_GRAPH_INPUT, "x", ONNX_FLOAT, 1, n);
  pb_value_info(&g, PB_GRAPH_OUTPUT, "mn", ONNX_FLOAT, 0, NULL);
  pb_value_info(&g, PB_GRAPH_OUTPUT, "mx", ONNX_FLOAT, 0, NULL);
  return pb_model(&g);
}

/* DynamicQuantizeLinear(x) -> y, y_scale, y_zero_point */
static pb model_dynamic_quantize(void) {
  pb g = {0};
  const char *in[] = {"x"}, *out[] = {"y", "y_scale", "y_zero_point"};
  const int64_t n[1] = {-1};
  pb_node(&g, "DynamicQuantizeLinear", in, 1, out, 3, NULL, 0);
  pb_str(&g, 2, "dynamic_quantize_linear");
  pb_value_info(&g, PB_GRAPH_INPUT, "x", ONNX_FLOAT, 1, n);
  pb_value_info(&g, PB_GRAPH_OUTPUT, "y", ONNX_UINT8, 1, n);
  pb_value_info(&g, PB_GRAPH_OUTPUT, "y_scale", ONNX_FLOAT, 0, NULL);
  pb_value_info(&g, PB_GRAPH_OUTPUT, "y_zero_point", ONNX_UINT8, 0, NULL);
  return pb_model(&g);
}

/* ---- sessions and calls -------------------------------------------------- */

enum { RUN_PREALLOCATED, RUN_BINDING, RUN_ALLOC };
static int ort_run_mode = RUN_PREALLOCATED;
static const char *const ort_run_names[] = {"run", "binding", "alloc"};

typedef struct ort_model {
  OrtSession *s;
  int nout;
  const char *out_names[3];
  int out_elem[3];
  int out_rank[3]; /* 1: shape [n]; 0: a scalar */
} ort_model;

static ort_model ort_session(pb model, int threads, int nout, const char *const *names, const int *elem,
                             const int *rank) {
  ort_model m;
  memset(&m, 0, sizeof m);
  m.s = ort_new_session(model, threads);
  m.nout = nout;
  for (int i = 0; i < nout; ++i) {
    m.out_names[i] = names[i];
    m.out_elem[i] = elem[i];
    m.out_rank[i] = rank[i];
  }
  return m;
}

static ort_model session_quantize(float scale, uint8_t zp, int threads) {
  static const char *const names[] = {"y"};
  static const int elem[] = {ORT_ELEM_UINT8}, rank[] = {1};
  return ort_session(model_quantize_linear(scale, zp), threads, 1, names, elem, rank);
}
static ort_model session_minmax(int threads) {
  static const char *const names[] = {"mn", "mx"};
  static const int elem[] = {ORT_ELEM_FLOAT, ORT_ELEM_FLOAT}, rank[] = {0, 0};
  return ort_session(model_minmax(), threads, 2, names, elem, rank);
}
static ort_model session_dynamic(int threads) {
  static const char *const names[] = {"y", "y_scale", "y_zero_point"};
  static const int elem[] = {ORT_ELEM_UINT8, ORT_ELEM_FLOAT, ORT_ELEM_UINT8}, rank[] = {1, 0, 0};
  return ort_session(model_dynamic_quantize(), threads, 3, names, elem, rank);
}

/* One prepared call: x[0..n) in, outputs into out[i] (caller memory). */
typedef struct ort_call {
  ort_model *m;
  size_t n;
  OrtValue *in;
  OrtValue *out[3];
  void *out_mem[3];
  OrtIoBinding *binding;
} ort_call;

static OrtValue *tensor_on(void *data, size_t n, int elem, int rank) {
  const int64_t shape[1] = {(int64_t)n};
  const size_t bytes = (rank ? n : 1) * (elem == ORT_ELEM_FLOAT ? 4 : 1);
  return ort_tensor(data, bytes, shape, (size_t)rank, elem);
}

static ort_call ort_prepare(ort_model *m, const float *x, size_t n, void *const *out_mem) {
  ort_call c;
  memset(&c, 0, sizeof c);
  c.m = m;
  c.n = n;
  c.in = tensor_on((void *)x, n, ORT_ELEM_FLOAT, 1);
  for (int i = 0; i < m->nout; ++i) {
    c.out_mem[i] = out_mem[i];
    c.out[i] = tensor_on(out_mem[i], n, m->out_elem[i], m->out_rank[i]);
  }
  if (ort_run_mode == RUN_BINDING) {
    ort_check(ort.CreateIoBinding(m->s, &c.binding), "CreateIoBinding");
    ort_check(ort.BindInput(c.binding, "x", c.in), "BindInput");
    for (int i = 0; i < m->nout; ++i) ort_check(ort.BindOutput(c.binding, m->out_names[i], c.out[i]), "BindOutput");
  }
  return c;
}

static void ort_release_call(ort_call *c) {
  if (c->binding) ort.ReleaseIoBinding(c->binding);
  ort.ReleaseValue(c->in);
  for (int i = 0; i < c->m->nout; ++i) ort.ReleaseValue(c->out[i]);
}

static const char *const input_names[] = {"x"};

/* Runs the call. With copy set (never in the timed calls): in alloc mode
 * copies ORT's outputs to out_mem, otherwise checks that ORT wrote into the
 * caller's tensors. */
static void ort_invoke(ort_call *c, int copy) {
  const ort_model *m = c->m;
  if (ort_run_mode == RUN_BINDING) {
    ort_check(ort.RunWithBinding(m->s, NULL, c->binding), "RunWithBinding");
  } else if (ort_run_mode == RUN_ALLOC) {
    OrtValue *o[3] = {NULL, NULL, NULL};
    ort_check(ort.Run(m->s, NULL, input_names, (const OrtValue *const *)&c->in, 1, m->out_names, (size_t)m->nout, o),
              "Run");
    for (int i = 0; i < m->nout; ++i) {
      if (copy) {
        void *d;
        ort_check(ort.GetTensorMutableData(o[i], &d), "GetTensorMutableData");
        memcpy(c->out_mem[i], d, (m->out_rank[i] ? c->n : 1) * (m->out_elem[i] == ORT_ELEM_FLOAT ? 4 : 1));
      }
      ort.ReleaseValue(o[i]);
    }
  } else {
    OrtValue *o[3] = {c->out[0], c->out[1], c->out[2]};
    ort_check(ort.Run(m->s, NULL, input_names, (const OrtValue *const *)&c->in, 1, m->out_names, (size_t)m->nout, o),
              "Run");
    for (int i = 0; copy && i < m->nout; ++i) {
      void *d;
      ort_check(ort.GetTensorMutableData(o[i], &d), "GetTensorMutableData");
      if (d != c->out_mem[i]) die("ORT did not write output %s into the caller's tensor", m->out_names[i]);
      if (o[i] != c->out[i]) die("ORT replaced the caller's output tensor %s", m->out_names[i]);
    }
  }
}

/* One ORT run on x[0..n) with fresh tensors, outputs into out_mem. */
static void ort_once(ort_model *m, const float *x, size_t n, void *const *out_mem) {
  ort_call c = ort_prepare(m, x, n, out_mem);
  ort_invoke(&c, 1);
  ort_release_call(&c);
}

/* The fused dynamic quantization, under the process's settings (the driver
 * sets the thread count with qrange_set_num_threads). */
static qrange_status q_dynamic_fused(const float *x, size_t n, uint8_t *q, qrange_params *p) {
  return qrange_dynamic_quantize_f32_u8(NULL, x, n, q, p);
}

/* ---- the ONNX DynamicQuantizeLinear formula, in float as ORT computes it - */

typedef struct dql_params {
  float scale;
  int zero_point;
} dql_params;

/* ONNX DynamicQuantizeLinear for uint8: the range widened to contain 0,
 * scale = (max - min) / 255 in float (1 when max == min, as ORT does),
 * zero point = saturate(round_half_even(0 - min / scale)). */
static dql_params onnx_dql_params(float mn, float mx) {
  dql_params d;
  mn = mn < 0.0f ? mn : 0.0f;
  mx = mx > 0.0f ? mx : 0.0f;
  d.scale = mx == mn ? 1.0f : (mx - mn) / 255.0f;
  const float izp = 0.0f - mn / d.scale;
  /* std::max(0.f, std::min(255.f, izp)) as ORT writes it: a NaN izp (0 / 0
   * when the scale is 0) gives 255. */
  const float hi = izp < 255.0f ? izp : 255.0f;
  const float c = 0.0f < hi ? hi : 0.0f;
  d.zero_point = (int)nearbyintf(c);
  return d;
}

/* ---- correctness --------------------------------------------------------- */

static long total_mismatch, total_nan_mismatch, total_checks;
static int ncorr_threads = 2;
static int corr_threads[2] = {1, 2};

/* Compares ORT's bytes with qrange's; prints up to `show` mismatches. NaN
 * inputs are counted apart in *nan_diff (ONNX does not define QuantizeLinear
 * of NaN), with the last pair of results in nan_ort / nan_q. */
static void compare_bytes(const char *label, const float *x, size_t n, const uint8_t *want_ort, const uint8_t *got,
                          float scale, int zp, int show, long *nan_diff, int *nan_ort, int *nan_q) {
  long bad = 0;
  for (size_t i = 0; i < n; ++i) {
    if (want_ort[i] == got[i]) continue;
    if (isnan(x[i])) {
      ++*nan_diff;
      *nan_ort = want_ort[i];
      *nan_q = got[i];
      continue;
    }
    if (bad++ < show)
      printf("    MISMATCH %s [%zu]: x = %.9g (0x%08x, %s), scale = %.9g (0x%08x), zp = %d, x/scale = %.9g: ORT %u, "
             "qrange %u\n",
             label, i, x[i], f2u(x[i]), classify(x[i]), scale, f2u(scale), zp, x[i] / scale, want_ort[i], got[i]);
  }
  if (bad > show) printf("    ... %ld mismatches in all for %s\n", bad, label);
  total_mismatch += bad;
  total_nan_mismatch += *nan_diff;
  ++total_checks;
}

static void push(float **v, size_t *n, size_t *cap, float x) {
  if (*n == *cap) {
    *cap = *cap * 2 + 256;
    *v = realloc(*v, *cap * sizeof(float));
    if (!*v) die("out of memory");
  }
  (*v)[(*n)++] = x;
}

/* Adversarial values for QuantizeLinear with (scale, zp) on [0, 255]. */
static float *quantize_inputs(float scale, int zp, size_t *n_out) {
  float *v = NULL;
  size_t n = 0, cap = 0;
  /* Ties k + 0.5 after the division, and their float neighbours. */
  for (int k = -300; k <= 300; ++k) {
    const float c = ((float)k + 0.5f) * scale;
    push(&v, &n, &cap, c);
    push(&v, &n, &cap, nextafterf(c, -INFINITY));
    push(&v, &n, &cap, nextafterf(c, INFINITY));
  }
  /* Around the saturation limits. */
  const float lo = (float)(0 - zp), hi = (float)(255 - zp);
  const float edges[] = {hi + 0.2f, hi + 0.5f, hi + 0.7f, hi + 1.2f, hi - 0.5f, hi - 0.7f,
                         lo - 0.2f, lo - 0.5f, lo - 0.7f, lo - 1.2f, lo + 0.5f, lo + 0.7f};
  for (size_t i = 0; i < sizeof edges / sizeof edges[0]; ++i) {
    const float c = edges[i] * scale;
    push(&v, &n, &cap, c);
    push(&v, &n, &cap, nextafterf(c, -INFINITY));
    push(&v, &n, &cap, nextafterf(c, INFINITY));
  }
  const float specials[] = {0.0f, -0.0f, u2f(1), -u2f(1), u2f(0x007fffff), -u2f(0x007fffff), FLT_MIN, -FLT_MIN,
                            1e-40f, -1e-40f, FLT_MAX, -FLT_MAX, 1e30f, -1e30f, INFINITY, -INFINITY, NAN, -NAN,
                            u2f(0x7fc00001), u2f(0xffbfffff), 16777216.0f, -16777216.0f, 2147483648.0f,
                            -2147483648.0f, 4294967296.0f};
  for (int r = 0; r < 3; ++r)
    for (size_t i = 0; i < sizeof specials / sizeof specials[0]; ++i) push(&v, &n, &cap, specials[i]);
  /* Random bit patterns and ordinary values within the grid. */
  for (int i = 0; i < 2000; ++i) push(&v, &n, &cap, u2f((uint32_t)rng_next()));
  for (int i = 0; i < 2000; ++i) push(&v, &n, &cap, rng_uniform(lo - 20.0f, hi + 20.0f) * scale);
  /* Shuffle so that every class meets the SIMD body and the scalar tail. */
  for (size_t i = n; i > 1; --i) {
    const size_t j = (size_t)(rng_next() % i);
    const float t = v[i - 1];
    v[i - 1] = v[j];
    v[j] = t;
  }
  *n_out = n;
  return v;
}

static void correctness_quantize(void) {
  struct {
    float scale;
    int zp;
  } sets[] = {{0.1f, 127},        {1.0f, 0},          {1.0f / 3.0f, 255}, {0.7f, 255},   {2.5e-3f, 0},
              {8.0f / 255.0f, 96}, {1e-40f, 128},      {3e38f, 128},       {0.25f, 10},   {1050.0f / 255.0f, 3},
              {FLT_MIN, 128},     {u2f(1), 128},      {1e-3f, 200}};
  const size_t nsets = sizeof sets / sizeof sets[0];
  printf("QuantizeLinear f32 -> u8: ORT against qrange_quantize_f32_u8 (%zu parameter sets)\n", nsets);
  for (size_t s = 0; s < nsets; ++s) {
    const float scale = sets[s].scale;
    const int zp = sets[s].zp;
    size_t n;
    float *x = quantize_inputs(scale, zp, &n);
    uint8_t *want = xmalloc(n + 64), *got = xmalloc(n + 64);
    const qrange_params p = {scale, zp, 0, 255};
    long nan_diff = 0, bad_before = total_mismatch, nnan = 0, checks = 0, values = 0;
    int nan_ort = -1, nan_q = -1;
    for (size_t i = 0; i < n; ++i) nnan += isnan(x[i]);
    for (int t = 0; t < ncorr_threads; ++t) {
      ort_model m = session_quantize(scale, (uint8_t)zp, corr_threads[t]);
      qcheck(qrange_set_num_threads(corr_threads[t]), "qrange_set_num_threads");
      /* Lengths n - 0..16 and offsets 0..3 put every value in the vector
       * body and in the tail of both libraries' kernels. */
      for (size_t cut = 0; cut <= 16; ++cut) {
        const size_t off = cut % 4, len = n - cut - off;
        char label[96];
        snprintf(label, sizeof label, "scale %.9g zp %d threads %d len %zu off %zu", scale, zp, corr_threads[t], len,
                 off);
        void *out[1] = {want};
        memset(want, 0xa5, len);
        ort_once(&m, x + off, len, out);
        qcheck(qrange_quantize_f32_u8(x + off, len, &p, got), "qrange_quantize_f32_u8");
        long nd = 0;
        compare_bytes(label, x + off, len, want, got, scale, zp, 8, &nd, &nan_ort, &nan_q);
        nan_diff += nd;
        ++checks;
        values += (long)len;
      }
      ort.ReleaseSession(m.s);
    }
    printf("  scale %-14.9g (0x%08x) zp %3d: %ld runs, %ld values: %ld mismatches", scale, f2u(scale), zp, checks,
           values, total_mismatch - bad_before);
    if (nan_diff)
      printf("; NaN inputs (%ld per run) differ: ORT %d (qmin), qrange %d (the zero point)", nnan, nan_ort, nan_q);
    printf("\n");
    free(x);
    free(want);
    free(got);
  }
  /* A large input through the threaded paths: 1M values of adversarial data. */
  {
    const float scale = 1.0f / 3.0f;
    const int zp = 128;
    size_t n0;
    float *base = quantize_inputs(scale, zp, &n0);
    const size_t n = (size_t)1 << 20;
    float *x = xmalloc(n * sizeof(float));
    for (size_t i = 0; i < n; ++i) x[i] = base[(i * 7919u) % n0];
    uint8_t *want = xmalloc(n), *got = xmalloc(n);
    const qrange_params p = {scale, zp, 0, 255};
    for (int t = 0; t < ncorr_threads; ++t) {
      ort_model m = session_quantize(scale, (uint8_t)zp, corr_threads[t]);
      qcheck(qrange_set_num_threads(corr_threads[t]), "qrange_set_num_threads");
      void *out[1] = {want};
      ort_once(&m, x, n, out);
      qcheck(qrange_quantize_f32_u8(x, n, &p, got), "qrange_quantize_f32_u8");
      char label[64];
      snprintf(label, sizeof label, "1M values, threads %d", corr_threads[t]);
      long nd = 0, before = total_mismatch;
      int no = -1, nq = -1;
      compare_bytes(label, x, n, want, got, scale, zp, 8, &nd, &no, &nq);
      printf("  1M adversarial values, scale %.9g zp %d, threads %d: %ld mismatches, %ld NaN inputs differ (ORT %d, "
             "qrange %d)\n",
             scale, zp, corr_threads[t], total_mismatch - before, nd, no, nq);
      ort.ReleaseSession(m.s);
    }
    free(base);
    free(x);
    free(want);
    free(got);
  }
}

/* One DynamicQuantizeLinear dataset. */
typedef struct dataset {
  char name[96];
  float *x;
  size_t n;
} dataset;

static dataset ds_new(const char *name) {
  dataset d;
  memset(&d, 0, sizeof d);
  snprintf(d.name, sizeof d.name, "%s", name);
  return d;
}

static long dyn_param_diffs, dyn_minmax_diffs;
static long fused_mismatch;

/* Why qrange's parameters differ from ORT's, in words; NULL when they agree. */
static const char *param_diff_reason(float s_ort, int zp_ort, const qrange_params *p, char *buf, size_t cap) {
  if (f2u(s_ort) == f2u(p->scale) && zp_ort == p->zero_point) return NULL;
  if (isinf(s_ort)) return "ORT's scale is +Inf: max - min overflows float (qrange computes it in double)";
  if (s_ort < FLT_MIN)
    return "ORT's scale is below FLT_MIN (subnormal or 0): qrange floors the scale at FLT_MIN";
  if (f2u(s_ort) != f2u(p->scale)) {
    snprintf(buf, cap,
             "scale differs by %+ld ulp: ORT rounds max - min to float, then divides by 255 in float; qrange divides "
             "in double and rounds once%s",
             (long)f2u(p->scale) - (long)f2u(s_ort), zp_ort != p->zero_point ? "; the zero point differs too" : "");
    return buf;
  }
  snprintf(buf, cap, "same scale, zero point ORT %d, qrange %d", zp_ort, p->zero_point);
  return buf;
}

static void correctness_dynamic_one(const dataset *d, ort_model *dq, ort_model *mm, int threads) {
  const size_t n = d->n;
  uint8_t *y_ort = xmalloc(n + 1), *y_q = xmalloc(n + 1), *y_formula = xmalloc(n + 1);
  float s_ort = -1.0f, mn_ort = 0.0f, mx_ort = 0.0f;
  uint8_t zp_ort = 0;
  void *out[3] = {y_ort, &s_ort, &zp_ort};
  ort_once(dq, d->x, n, out);
  void *out2[2] = {&mn_ort, &mx_ort};
  ort_once(mm, d->x, n, out2);

  int has_nonfinite = 0;
  for (size_t i = 0; i < n; ++i) has_nonfinite |= !isfinite(d->x[i]);

  qrange_range r = {0.0f, 0.0f};
  uint64_t nonfinite = 0;
  qrange_params p = {0.0f, 0, 0, 255};
  const qrange_status smm = qrange_minmax_f32(d->x, n, &r, &nonfinite);
  qrange_status scp = QRANGE_OK;
  char qerr[256] = "";
  if (smm == QRANGE_OK) {
    scp = qrange_choose_params(r, 0, 255, QRANGE_ASYMMETRIC, 1, &p);
    if (scp != QRANGE_OK) snprintf(qerr, sizeof qerr, "choose_params: %s: %s", qrange_status_string(scp), qrange_last_error());
  } else {
    snprintf(qerr, sizeof qerr, "minmax: %s: %s", qrange_status_string(smm), qrange_last_error());
  }
  const int q_ok = smm == QRANGE_OK && scp == QRANGE_OK;
  if (q_ok) qcheck(qrange_quantize_f32_u8(d->x, n, &p, y_q), "qrange_quantize_f32_u8");
  /* The ONNX formula applied to ORT's own ReduceMin/ReduceMax, quantized by qrange. */
  const dql_params f = onnx_dql_params(mn_ort, mx_ort);
  int f_ok = isfinite(f.scale) && f.scale > 0.0f;
  if (f_ok) {
    const qrange_params fp = {f.scale, f.zero_point, 0, 255};
    f_ok = qrange_quantize_f32_u8(d->x, n, &fp, y_formula) == QRANGE_OK;
  }

  long bytes_bad = 0;
  size_t first_bad = 0;
  if (q_ok)
    for (size_t i = 0; i < n; ++i)
      if (y_ort[i] != y_q[i] && bytes_bad++ == 0) first_bad = i;
  long formula_bad = 0;
  if (f_ok)
    for (size_t i = 0; i < n; ++i) formula_bad += y_ort[i] != y_formula[i];
  const int scale_same = q_ok && f2u(p.scale) == f2u(s_ort);
  const int zp_same = q_ok && p.zero_point == (int)zp_ort;
  const int formula_same = f2u(f.scale) == f2u(s_ort) && f.zero_point == (int)zp_ort;
  const int ok = q_ok && scale_same && zp_same && bytes_bad == 0;

  printf("  %-44s n=%-6zu thr %d: %s\n", d->name, n, threads, ok ? "same" : "DIFFERENT");
  if (!ok || has_nonfinite) {
    printf("    ORT    ReduceMin %.9g ReduceMax %.9g -> scale %.9g (0x%08x) zp %u\n", mn_ort, mx_ort, s_ort,
           f2u(s_ort), zp_ort);
    if (smm == QRANGE_OK)
      printf("    qrange minmax    %.9g .. %.9g (%llu non-finite skipped)", r.min, r.max, (unsigned long long)nonfinite);
    if (q_ok)
      printf(" -> scale %.9g (0x%08x) zp %d", p.scale, f2u(p.scale), p.zero_point);
    if (!q_ok) printf("    qrange: %s", qerr);
    printf("\n    ONNX formula in float on ORT's min/max: scale %.9g (0x%08x) zp %d%s\n", f.scale, f2u(f.scale),
           f.zero_point, formula_same ? " (= ORT)" : " (differs from ORT)");
    if (q_ok && bytes_bad)
      printf("    bytes: %ld of %zu differ; first at %zu: x = %.9g (0x%08x, %s): ORT %u, qrange %u\n", bytes_bad, n,
             first_bad, d->x[first_bad], f2u(d->x[first_bad]), classify(d->x[first_bad]), y_ort[first_bad],
             y_q[first_bad]);
    if (f_ok)
      printf("    bytes with the formula's parameters through qrange_quantize: %ld differ from ORT\n", formula_bad);
    char why[256];
    const char *reason = q_ok ? param_diff_reason(s_ort, zp_ort, &p, why, sizeof why) : NULL;
    if (reason) printf("    why: %s\n", reason);
  }
  {
    uint8_t *y_fused = xmalloc(n + 1);
    qrange_params pf = {0.0f, 0, 0, 255};
    const qrange_status sf = q_dynamic_fused(d->x, n, y_fused, &pf);
    long fb = 0;
    if (sf == QRANGE_OK)
      for (size_t i = 0; i < n; ++i) fb += y_fused[i] != y_ort[i];
    const int fused_ok = sf == QRANGE_OK && f2u(pf.scale) == f2u(s_ort) && pf.zero_point == (int)zp_ort && fb == 0;
    if (!fused_ok) {
      if (sf != QRANGE_OK)
        printf("    fused: %s: %s\n", qrange_status_string(sf), qrange_last_error());
      else
        printf("    fused: scale %.9g (0x%08x) zp %d, %ld bytes differ from ORT\n", pf.scale, f2u(pf.scale),
               pf.zero_point, fb);
    }
    if (!has_nonfinite) {
      ++total_checks;
      if (!fused_ok) ++fused_mismatch, ++total_mismatch;
    }
    free(y_fused);
  }
  if (!has_nonfinite) {
    ++total_checks;
    if (!ok) {
      ++total_mismatch;
      if (!(scale_same && zp_same)) ++dyn_param_diffs;
    }
    /* ReduceMin/ReduceMax against qrange minmax on finite data (by value: +0 == -0). */
    if (smm == QRANGE_OK && (r.min != mn_ort || r.max != mx_ort)) {
      printf("    MISMATCH minmax: ORT %.9g .. %.9g, qrange %.9g .. %.9g\n", mn_ort, mx_ort, r.min, r.max);
      ++dyn_minmax_diffs;
      ++total_mismatch;
    }
  } else {
    printf("    (non-finite input: qrange skips NaN and +-Inf by definition, ORT does not; not counted)\n");
  }
  free(y_ort);
  free(y_q);
  free(y_formula);
}

/* Random ranges: how often, and how, qrange's parameters differ from ORT's,
 * and whether the ONNX formula in float reproduces ORT. */
static void correctness_dynamic_sweep(ort_model *dq, ort_model *mm, int count) {
  enum { M = 64 };
  float x[M], s_ort, mn_ort, mx_ort;
  uint8_t y_ort[M], y_q[M], y_f[M], zp_ort;
  long same = 0, scale_diff = 0, ulp_plus = 0, ulp_minus = 0, ulp_other = 0, zp_diff_same_scale = 0,
       zp_diff_diff_scale = 0, sets_bytes_diff = 0, bytes_diff = 0, formula_params_same = 0, formula_bytes_same = 0,
       qerrors = 0, fused_diff = 0;
  for (int k = 0; k < count; ++k) {
    const float mag = powf(10.0f, (float)((int)(rng_next() % 13) - 6));
    float lo = -rng_uniform(0.0f, 1.0f) * mag, hi = rng_uniform(0.0f, 1.0f) * mag * powf(10.0f, (float)((int)(rng_next() % 5) - 2));
    if (k % 5 == 1) lo = -lo;             /* both positive */
    if (k % 5 == 2) { hi = -hi; }         /* both negative */
    if (lo > hi) { const float t = lo; lo = hi; hi = t; }
    x[0] = lo;
    x[1] = hi;
    const float step = (hi - lo) / 255.0f;
    for (int i = 2; i < M; ++i)
      x[i] = (i & 1) ? rng_uniform(lo, hi) : lo + ((float)(rng_next() % 255) + 0.5f) * step; /* near ties */
    void *out[3] = {y_ort, &s_ort, &zp_ort};
    ort_once(dq, x, M, out);
    void *out2[2] = {&mn_ort, &mx_ort};
    ort_once(mm, x, M, out2);
    qrange_range r;
    qrange_params p;
    if (qrange_minmax_f32(x, M, &r, NULL) != QRANGE_OK ||
        qrange_choose_params(r, 0, 255, QRANGE_ASYMMETRIC, 1, &p) != QRANGE_OK ||
        qrange_quantize_f32_u8(x, M, &p, y_q) != QRANGE_OK) {
      ++qerrors;
      continue;
    }
    const dql_params f = onnx_dql_params(mn_ort, mx_ort);
    const qrange_params fp = {f.scale, f.zero_point, 0, 255};
    if (f2u(f.scale) == f2u(s_ort) && f.zero_point == zp_ort) ++formula_params_same;
    if (qrange_quantize_f32_u8(x, M, &fp, y_f) == QRANGE_OK && memcmp(y_f, y_ort, M) == 0) ++formula_bytes_same;
    {
      qrange_params pf;
      uint8_t y_fused[M];
      if (q_dynamic_fused(x, M, y_fused, &pf) != QRANGE_OK || f2u(pf.scale) != f2u(s_ort) ||
          pf.zero_point != zp_ort || memcmp(y_fused, y_ort, M) != 0)
        ++fused_diff;
    }
    const int sdiff = f2u(p.scale) != f2u(s_ort), zdiff = p.zero_point != zp_ort;
    long nb = 0;
    for (int i = 0; i < M; ++i) nb += y_q[i] != y_ort[i];
    if (!sdiff && !zdiff && !nb) ++same;
    if (sdiff) {
      ++scale_diff;
      const long u = (long)f2u(p.scale) - (long)f2u(s_ort);
      if (u == 1) ++ulp_plus;
      else if (u == -1) ++ulp_minus;
      else ++ulp_other;
      if (zdiff) ++zp_diff_diff_scale;
    } else if (zdiff) {
      ++zp_diff_same_scale;
    }
    if (nb) {
      ++sets_bytes_diff;
      bytes_diff += nb;
    }
  }
  printf("  random ranges (%d sets of %d values, magnitudes 1e-6..1e6, thr 1):\n", count, M);
  printf("    qrange same as ORT (scale, zero point, bytes): %ld; scale differs: %ld (qrange +1 ulp: %ld, -1 ulp: %ld, "
         "more: %ld; with a different zero point: %ld); zero point differs with the same scale: %ld; sets with "
         "different bytes: %ld (%ld bytes); qrange errors: %ld\n",
         same, scale_diff, ulp_plus, ulp_minus, ulp_other, zp_diff_diff_scale, zp_diff_same_scale, sets_bytes_diff,
         bytes_diff, qerrors);
  printf("    the ONNX formula in float on ORT's min/max gives ORT's scale and zero point in %ld of %d sets, and "
         "qrange_quantize with them ORT's bytes in %ld of %d\n",
         formula_params_same, count, formula_bytes_same, count);
  printf("    qrange_dynamic_quantize_f32_u8: %ld of %d sets differ from ORT (scale, zero point or bytes)\n", fused_diff,
         count);
  total_checks += count;
  total_mismatch += fused_diff;
  fused_mismatch += fused_diff;
  total_checks += count;
  total_mismatch += count - same;
  dyn_param_diffs += scale_diff + zp_diff_same_scale;
}

static void ds_push(dataset *d, size_t *cap, float v) { push(&d->x, &d->n, cap, v); }

static void correctness_dynamic(void) {
  dataset ds[64];
  int nds = 0;
  size_t cap;
#define NEW(name) (ds[nds] = ds_new(name), cap = 0, &ds[nds++])
  dataset *d;
  d = NEW("uniform [-3, 5]");
  for (int i = 0; i < 1031; ++i) ds_push(d, &cap, rng_uniform(-3.0f, 5.0f));
  d = NEW("uniform [0.5, 2] (min widened to 0)");
  for (int i = 0; i < 1031; ++i) ds_push(d, &cap, rng_uniform(0.5f, 2.0f));
  d = NEW("uniform [-2, -0.5] (max widened to 0)");
  for (int i = 0; i < 1031; ++i) ds_push(d, &cap, rng_uniform(-2.0f, -0.5f));
  d = NEW("all +0");
  for (int i = 0; i < 77; ++i) ds_push(d, &cap, 0.0f);
  d = NEW("all -0");
  for (int i = 0; i < 77; ++i) ds_push(d, &cap, -0.0f);
  d = NEW("constant 3");
  for (int i = 0; i < 77; ++i) ds_push(d, &cap, 3.0f);
  d = NEW("constant -3");
  for (int i = 0; i < 77; ++i) ds_push(d, &cap, -3.0f);
  d = NEW("one value 5");
  ds_push(d, &cap, 5.0f);
  d = NEW("scale 1, ties k+0.5 everywhere, zp tie 10.5");
  for (int k = -11; k <= 244; ++k) ds_push(d, &cap, (float)k + 0.5f);
  d = NEW("scale 1, zp tie 11.5 (rounds to 12)");
  for (int k = -12; k <= 243; ++k) ds_push(d, &cap, (float)k + 0.5f);
  d = NEW("scale 0.25, ties, zp tie 100.5");
  for (int k = -101; k <= 154; ++k) ds_push(d, &cap, ((float)k + 0.5f) * 0.25f);
  /* Ranges [-(k + 0.5) * s, (254.5 - k) * s]: the zero point is a tie. */
  {
    const float scales[] = {1.0f / 3.0f, 0.1f, 1e-3f, 7.0f, 1e-20f, 1e20f};
    for (size_t si = 0; si < sizeof scales / sizeof scales[0]; ++si) {
      char name[96];
      snprintf(name, sizeof name, "zp ties, s = %g, k = 0..254 step 23", scales[si]);
      d = NEW(name);
      for (int k = 0; k <= 254; k += 23) {
        ds_push(d, &cap, -((float)k + 0.5f) * scales[si]);
        ds_push(d, &cap, (254.5f - (float)k) * scales[si]);
      }
      for (int j = 0; j < 300; ++j) ds_push(d, &cap, ((float)(j % 255) - 127.5f) * scales[si]);
    }
  }
  d = NEW("subnormals only: {0, denorm_min}");
  ds_push(d, &cap, 0.0f);
  ds_push(d, &cap, u2f(1));
  d = NEW("subnormals: [-3 denorm_min, 100 denorm_min]");
  for (int k = -3; k <= 100; ++k) ds_push(d, &cap, (float)k * u2f(1));
  d = NEW("subnormal range with normals: [-FLT_MIN, FLT_MIN]");
  for (int k = -64; k <= 64; ++k) ds_push(d, &cap, (float)k * (FLT_MIN / 64.0f));
  d = NEW("tiny normal range [0, 1e-36]");
  for (int k = 0; k <= 300; ++k) ds_push(d, &cap, (float)k * (1e-36f / 300.0f));
  d = NEW("huge: [-3e38, 3e38] (max - min overflows float)");
  for (int k = -50; k <= 50; ++k) ds_push(d, &cap, (float)k * 6e36f);
  d = NEW("huge: [-FLT_MAX, FLT_MAX]");
  ds_push(d, &cap, -FLT_MAX);
  ds_push(d, &cap, FLT_MAX);
  ds_push(d, &cap, 0.0f);
  ds_push(d, &cap, 1e38f);
  d = NEW("huge: [0, FLT_MAX]");
  for (int k = 0; k < 100; ++k) ds_push(d, &cap, (float)k * (FLT_MAX / 100.0f));
  ds_push(d, &cap, FLT_MAX);
  d = NEW("huge: [-1e38, 2e38]");
  for (int k = -10; k <= 20; ++k) ds_push(d, &cap, (float)k * 1e37f);
  d = NEW("narrow around 1: {1, nextafter(1)} and 0");
  ds_push(d, &cap, 1.0f);
  ds_push(d, &cap, nextafterf(1.0f, 2.0f));
  ds_push(d, &cap, 0.0f);
  d = NEW("far from zero: [1000, 1000.001]");
  for (int k = 0; k <= 100; ++k) ds_push(d, &cap, 1000.0f + (float)k * 1e-5f);
  d = NEW("random finite bit patterns");
  while (d->n < 4099) {
    const float v = u2f((uint32_t)rng_next());
    if (isfinite(v)) ds_push(d, &cap, v);
  }
  d = NEW("random finite bit patterns, |x| < 1e3");
  while (d->n < 4099) {
    const float v = u2f((uint32_t)rng_next());
    if (isfinite(v) && fabsf(v) < 1e3f) ds_push(d, &cap, v);
  }
  /* 1M uniform values: the threaded paths of both. */
  d = NEW("uniform [-1.7, 9.3], 1M values");
  for (int i = 0; i < (1 << 20); ++i) ds_push(d, &cap, rng_uniform(-1.7f, 9.3f));
  /* Non-finite: reported, not counted. */
  d = NEW("uniform [-3, 5] with one NaN");
  for (int i = 0; i < 1031; ++i) ds_push(d, &cap, i == 500 ? NAN : rng_uniform(-3.0f, 5.0f));
  d = NEW("uniform [-3, 5] with +Inf");
  for (int i = 0; i < 1031; ++i) ds_push(d, &cap, i == 17 ? INFINITY : rng_uniform(-3.0f, 5.0f));
#undef NEW

  printf("\nDynamicQuantizeLinear: ORT against qrange minmax + choose_params(0, 255, asymmetric, include_zero) + "
         "quantize (%d datasets)\n",
         nds);
  for (int t = 0; t < ncorr_threads; ++t) {
    ort_model dq = session_dynamic(corr_threads[t]), mm = session_minmax(corr_threads[t]);
    qcheck(qrange_set_num_threads(corr_threads[t]), "qrange_set_num_threads");
    for (int i = 0; i < nds; ++i) correctness_dynamic_one(&ds[i], &dq, &mm, corr_threads[t]);
    if (t == 0) correctness_dynamic_sweep(&dq, &mm, 3000);
    ort.ReleaseSession(dq.s);
    ort.ReleaseSession(mm.s);
  }
  for (int i = 0; i < nds; ++i) free(ds[i].x);
}

static int run_correctness(void) {
  printf("== correctness: ONNX Runtime %s against qrange %s (ISA %s) ==\n", ort_version, qrange_version(),
         qrange_active_isa());
  correctness_quantize();
  const long ql_mismatch = total_mismatch, ql_nan = total_nan_mismatch;
  correctness_dynamic();
  printf("\ncorrectness: %ld checks, %ld mismatches: QuantizeLinear %ld values (and %ld NaN inputs quantized "
         "differently, not counted: ONNX leaves them undefined); DynamicQuantizeLinear %ld datasets (%ld with a "
         "different scale or zero point); ReduceMin/ReduceMax %ld\n",
         total_checks, total_mismatch, ql_mismatch, ql_nan, total_mismatch - ql_mismatch - dyn_minmax_diffs,
         dyn_param_diffs, dyn_minmax_diffs);
  printf("qrange_dynamic_quantize_f32_u8 against ORT DynamicQuantizeLinear: %ld datasets differ (counted above)\n",
         fused_mismatch);
  return total_mismatch ? 1 : 0;
}

/* ---- timing -------------------------------------------------------------- */

static double min_time = 0.2;
static int settle_ms = 50;

typedef void (*bench_fn)(void *ctx);

/* The minimum time of one call, repeated for at least min_time seconds
 * (and at least 5 times) after 2 warm-up calls. */
static double time_min(bench_fn fn, void *ctx) {
  fn(ctx);
  fn(ctx);
  double best = 1e30, start = now_s(), t1 = start;
  long reps = 0;
  while (reps < 5 || t1 - start < min_time) {
    const double t0 = now_s();
    fn(ctx);
    t1 = now_s();
    if (t1 - t0 < best) best = t1 - t0;
    ++reps;
  }
  return best;
}

static void bench_ort(void *ctx) { ort_invoke((ort_call *)ctx, 0); }

/* Times model m on x[0..n), outputs into out_mem, then releases m. */
static double time_ort(ort_model m, const float *x, size_t n, void *const *out_mem) {
  ort_call c = ort_prepare(&m, x, n, out_mem);
  ort_invoke(&c, 1); /* checked once, then timed */
  const double t = time_min(bench_ort, &c);
  ort_release_call(&c);
  ort.ReleaseSession(m.s);
  return t;
}

typedef struct qctx {
  const float *x;
  size_t n;
  uint8_t *q;
  qrange_params p;
  qrange_range r;
} qctx;

static void bench_q_quantize(void *ctx) {
  qctx *c = ctx;
  qcheck(qrange_quantize_f32_u8(c->x, c->n, &c->p, c->q), "qrange_quantize_f32_u8");
}
static void bench_q_minmax(void *ctx) {
  qctx *c = ctx;
  qcheck(qrange_minmax_f32(c->x, c->n, &c->r, NULL), "qrange_minmax_f32");
}
/* Dynamic quantization as two passes today: min/max, parameters, quantize. */
static void bench_q_dynamic_two_calls(void *ctx) {
  qctx *c = ctx;
  qrange_params p;
  qcheck(qrange_minmax_f32(c->x, c->n, &c->r, NULL), "qrange_minmax_f32");
  qcheck(qrange_choose_params(c->r, 0, 255, QRANGE_ASYMMETRIC, 1, &p), "qrange_choose_params");
  qcheck(qrange_quantize_f32_u8(c->x, c->n, &p, c->q), "qrange_quantize_f32_u8");
}

static void bench_q_dynamic_fused(void *ctx) {
  qctx *c = ctx;
  qrange_params p;
  qcheck(q_dynamic_fused(c->x, c->n, c->q, &p), "qrange_dynamic_quantize_f32_u8");
}

typedef struct row {
  const char *op;
  size_t n;
  int threads;
  double ort_ns, q_ns; /* per value */
} row;

static row rows[256];
static int nrows;

static void add_row(const char *op, size_t n, int threads, double ort_s, double q_s) {
  row *r = &rows[nrows++];
  r->op = op;
  r->n = n;
  r->threads = threads;
  r->ort_ns = ort_s * 1e9 / (double)n;
  r->q_ns = q_s * 1e9 / (double)n;
  printf("%-34s %10zu %4d %12.4f %12.4f %10.2fx\n", op, n, threads, r->ort_ns, r->q_ns, r->ort_ns / r->q_ns);
  fflush(stdout);
}

static int run_timing(const size_t *sizes, int nsizes, const int *threads, int nthreads, const char *json) {
  size_t nmax = 0;
  for (int i = 0; i < nsizes; ++i)
    if (sizes[i] > nmax) nmax = sizes[i];
  float *x = xmalloc(nmax * sizeof(float));
  uint8_t *q_ort = xmalloc(nmax), *q_q = xmalloc(nmax);
  for (size_t i = 0; i < nmax; ++i) x[i] = rng_uniform(-3.0f, 5.0f);
  memset(q_ort, 0, nmax);
  memset(q_q, 0, nmax);

  printf("== timing: ONNX Runtime %s (outputs: %s) against qrange %s (ISA %s); min over >= %.2f s per figure ==\n",
         ort_version, ort_run_names[ort_run_mode], qrange_version(), qrange_active_isa(), min_time);
  printf("%-34s %10s %4s %12s %12s %11s\n", "operation", "n", "thr", "ORT ns/val", "qrange ns/val",
         "qrange speed");
  for (int ti = 0; ti < nthreads; ++ti) {
    const int t = threads[ti];
    qcheck(qrange_set_num_threads(t), "qrange_set_num_threads");
    for (int si = 0; si < nsizes; ++si) {
      const size_t n = sizes[si];
      qctx qc = {x, n, q_q, {0.0f, 0, 0, 255}, {0.0f, 0.0f}};
      /* The static parameters: those of dynamic quantization of this x. */
      qcheck(qrange_minmax_f32(x, n, &qc.r, NULL), "qrange_minmax_f32");
      qcheck(qrange_choose_params(qc.r, 0, 255, QRANGE_ASYMMETRIC, 1, &qc.p), "qrange_choose_params");

      /* Each ORT session lives only while it is timed: its pool threads
       * are gone before qrange runs (and qrange's OpenMP threads have gone
       * to sleep during settle_ms before ORT runs). */
      void *oq[1] = {q_ort};
      const double t_ort_q = time_ort(session_quantize(qc.p.scale, (uint8_t)qc.p.zero_point, t), x, n, oq);
      sleep_ms(settle_ms);
      const double t_q_q = time_min(bench_q_quantize, &qc);
      if (ort_run_mode != RUN_ALLOC && memcmp(q_ort, q_q, n) != 0)
        printf("  (warning: QuantizeLinear outputs differ at n = %zu)\n", n);
      add_row("QuantizeLinear f32->u8", n, t, t_ort_q, t_q_q);
      sleep_ms(settle_ms);

      /* ReduceMin + ReduceMax against minmax */
      float mn = 0.0f, mx = 0.0f;
      void *om[2] = {&mn, &mx};
      const double t_ort_m = time_ort(session_minmax(t), x, n, om);
      sleep_ms(settle_ms);
      const double t_q_m = time_min(bench_q_minmax, &qc);
      add_row("ReduceMin+ReduceMax / minmax", n, t, t_ort_m, t_q_m);
      sleep_ms(settle_ms);

      /* DynamicQuantizeLinear against minmax + choose_params + quantize */
      float ys = 0.0f;
      uint8_t yzp = 0;
      void *od[3] = {q_ort, &ys, &yzp};
      const double t_ort_d = time_ort(session_dynamic(t), x, n, od);
      sleep_ms(settle_ms);
      const double t_q_d = time_min(bench_q_dynamic_two_calls, &qc);
      add_row("DynamicQuantizeLinear / 2 calls", n, t, t_ort_d, t_q_d);
      sleep_ms(settle_ms);
      const double t_q_f = time_min(bench_q_dynamic_fused, &qc);
      add_row("DynamicQuantizeLinear / fused", n, t, t_ort_d, t_q_f);
      sleep_ms(settle_ms);
    }
  }
  if (json) {
    FILE *f = strcmp(json, "-") == 0 ? stdout : fopen(json, "w");
    if (!f) die("cannot write %s", json);
    fprintf(f, "{\"ort_version\": \"%s\", \"qrange_version\": \"%s\", \"isa\": \"%s\", \"ort_outputs\": \"%s\", "
               "\"min_time_s\": %g, \"rows\": [\n",
            ort_version, qrange_version(), qrange_active_isa(), ort_run_names[ort_run_mode], min_time);
    for (int i = 0; i < nrows; ++i)
      fprintf(f, "  {\"op\": \"%s\", \"n\": %zu, \"threads\": %d, \"ort_ns_per_value\": %.6f, "
                 "\"qrange_ns_per_value\": %.6f, \"qrange_speedup\": %.4f}%s\n",
              rows[i].op, rows[i].n, rows[i].threads, rows[i].ort_ns, rows[i].q_ns, rows[i].ort_ns / rows[i].q_ns,
              i + 1 < nrows ? "," : "");
    fprintf(f, "]}\n");
    if (f != stdout) fclose(f);
  }
  free(x);
  free(q_ort);
  free(q_q);
  return 0;
}

/* ---- main ---------------------------------------------------------------- */

static int parse_list(const char *s, size_t *out, int max) {
  int k = 0;
  while (*s && k < max) {
    char *end;
    const unsigned long long v = strtoull(s, &end, 10);
    if (end == s || v == 0) die("bad number list: %s", s);
    out[k++] = (size_t)v;
    s = *end == ',' ? end + 1 : end;
    if (*end && *end != ',') die("bad number list: %s", s);
  }
  return k;
}

int main(int argc, char **argv) {
  const char *lib = getenv("ORT_LIB");
  const char *json = NULL;
  int do_corr = 0, do_time = 0, do_axis = 0;
  size_t sizes[16] = {65536, 1048576, 16777216};
  int nsizes = 3;
  size_t tlist[8] = {1, 2};
  int nthreads = 2;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDV() \
  do {          \
    if (!v) die("%s needs a value", a); \
    ++i;        \
  } while (0)
    if (!strcmp(a, "--ort")) { NEEDV(); lib = v; }
    else if (!strcmp(a, "--correctness")) do_corr = 1;
    else if (!strcmp(a, "--timing")) do_time = 1;
    else if (!strcmp(a, "--axis")) do_axis = 1;
    else if (!strcmp(a, "--sizes")) { NEEDV(); nsizes = parse_list(v, sizes, 16); }
    else if (!strcmp(a, "--threads")) { NEEDV(); nthreads = parse_list(v, tlist, 8); }
    else if (!strcmp(a, "--min-time")) { NEEDV(); min_time = atof(v); }
    else if (!strcmp(a, "--settle-ms")) { NEEDV(); settle_ms = atoi(v); }
    else if (!strcmp(a, "--json")) { NEEDV(); json = v; }
    else if (!strcmp(a, "--ort-run")) {
      NEEDV();
      if (!strcmp(v, "run")) ort_run_mode = RUN_PREALLOCATED;
      else if (!strcmp(v, "binding")) ort_run_mode = RUN_BINDING;
      else if (!strcmp(v, "alloc")) ort_run_mode = RUN_ALLOC;
      else die("--ort-run: run, binding or alloc");
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      printf("usage: ort_compare --ort LIBONNXRUNTIME [--correctness] [--axis] [--timing] [--sizes N,N,..]\n"
             "                   [--threads T,..] [--min-time SECONDS] [--settle-ms MS] [--ort-run run|binding|alloc]\n"
             "                   [--json FILE|-]\n"
             "--correctness: per-tensor and per-axis/blocked comparisons; --axis: per-axis/blocked only;\n"
             "--timing: the timing; none of them: all\n");
      return 0;
    } else die("unknown argument %s (see --help)", a);
#undef NEEDV
  }
  if (!lib) die("give the ONNX Runtime library with --ort PATH or ORT_LIB");
  if (!do_corr && !do_time && !do_axis) do_corr = do_time = 1;
  if (do_corr) do_axis = 1;
  int threads[8];
  for (int i = 0; i < nthreads; ++i) threads[i] = (int)tlist[i];
  ncorr_threads = nthreads < 2 ? nthreads : 2;
  for (int i = 0; i < ncorr_threads; ++i) corr_threads[i] = threads[i];

  ort_load(lib);
  printf("ONNX Runtime %s loaded from the C API table of version %u\n", ort_version, ORT_COMPARE_API_VERSION);
  int status = 0;
  if (do_corr) status |= run_correctness();
  if (do_axis) {
    if (do_corr) printf("\n");
    status |= run_axis_correctness(corr_threads, ncorr_threads);
  }
  if (do_time) {
    if (do_corr || do_axis) printf("\n");
    status |= run_timing(sizes, nsizes, threads, nthreads, json);
  }
  ort_unload();
  return status;
}
