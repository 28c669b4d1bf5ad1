/* The bad-input contract (docs/errors.md), checked from C99: every row calls
 * an entry point with one bad argument and checks the status, a message that
 * names the problem, and that every output is untouched. */
#include <qrange/qrange.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

/* A canary pattern that no qrange output could produce by chance. */
#define CANARY 0xA5

static int untouched(const void *p, size_t size) {
  const unsigned char *b = (const unsigned char *)p;
  size_t i;
  for (i = 0; i < size; ++i)
    if (b[i] != CANARY) return 0;
  return 1;
}

static void check(const char *row, qrange_status got, qrange_status want, const char *needle, int outputs_ok) {
  const char *msg = qrange_last_error();
  if (got == want && strstr(msg, needle) != NULL && outputs_ok) {
    ++passed;
    return;
  }
  ++failed;
  fprintf(stderr, "FAILED %s: status %s (want %s), message \"%s\" (want \"%s\"), outputs %s\n", row,
          qrange_status_string(got), qrange_status_string(want), msg, needle, outputs_ok ? "untouched" : "WRITTEN");
}

/* One output buffer per kind, refilled with the canary before each row. */
static qrange_range out_range;
static uint64_t out_u64[4];

static void reset(void) {
  memset(&out_range, CANARY, sizeof out_range);
  memset(out_u64, CANARY, sizeof out_u64);
}
#define OUTPUTS_UNTOUCHED (untouched(&out_range, sizeof out_range) && untouched(out_u64, sizeof out_u64))

static void minmax_rows(void) {
  const float x[4] = {1.0f, 2.0f, 3.0f, 4.0f};
  float bad[2];
  bad[0] = NAN;
  bad[1] = INFINITY;
  reset();
  check("minmax: x NULL, n > 0", qrange_minmax_f32(NULL, 4, &out_range, out_u64), QRANGE_ERROR_NULL_POINTER,
        "x is NULL", OUTPUTS_UNTOUCHED);
  reset();
  check("minmax: out NULL", qrange_minmax_f32(x, 4, NULL, out_u64), QRANGE_ERROR_NULL_POINTER, "out is NULL",
        OUTPUTS_UNTOUCHED);
  reset();
  check("minmax: n == 0", qrange_minmax_f32(x, 0, &out_range, out_u64), QRANGE_ERROR_EMPTY_INPUT,
        "no finite value", OUTPUTS_UNTOUCHED);
  reset();
  check("minmax: no finite value", qrange_minmax_f32(bad, 2, &out_range, out_u64), QRANGE_ERROR_EMPTY_INPUT,
        "no finite value", OUTPUTS_UNTOUCHED);
}

static void dispatch_rows(void) {
  const char *before = qrange_active_isa();
  check("set_isa: NULL", qrange_set_isa(NULL), QRANGE_ERROR_NULL_POINTER, "name is NULL",
        strcmp(qrange_active_isa(), before) == 0);
  check("set_isa: unknown name", qrange_set_isa("sse9"), QRANGE_ERROR_UNSUPPORTED_ISA, "unknown ISA 'sse9'",
        strcmp(qrange_active_isa(), before) == 0);
#if defined(__x86_64__)
  check("set_isa: not compiled in", qrange_set_isa("neon"), QRANGE_ERROR_UNSUPPORTED_ISA,
        "not compiled into this build", strcmp(qrange_active_isa(), before) == 0);
#elif defined(__aarch64__)
  check("set_isa: not compiled in", qrange_set_isa("avx2"), QRANGE_ERROR_UNSUPPORTED_ISA,
        "not compiled into this build", strcmp(qrange_active_isa(), before) == 0);
#endif
  check("set_num_threads: negative", qrange_set_num_threads(-3), QRANGE_ERROR_INVALID_ARGUMENT, "negative", 1);
}

static void quantization_rows(void) {
  const float x[4] = {1.0f, 2.0f, 3.0f, 4.0f};
  const qrange_range r = {0.0f, 1.0f};
  const qrange_params bad_scale = {0.0f, 0, 0, 255};
  qrange_params out_params;
  uint8_t q[4];
  double mse;
  /* Any int is a valid argument value in C; the library must reject it, not misread it. */
  memset(&out_params, CANARY, sizeof out_params);
  check("choose_params: unknown scheme", qrange_choose_params(r, 0, 255, (qrange_scheme)2, 1, &out_params),
        QRANGE_ERROR_INVALID_ARGUMENT, "unknown scheme 2", untouched(&out_params, sizeof out_params));
  check("choose_params: negative scheme", qrange_choose_params(r, 0, 255, (qrange_scheme)-1, 1, &out_params),
        QRANGE_ERROR_INVALID_ARGUMENT, "unknown scheme -1", untouched(&out_params, sizeof out_params));
  memset(q, CANARY, sizeof q);
  check("quantize: scale 0", qrange_quantize_f32_u8(x, 4, &bad_scale, q), QRANGE_ERROR_INVALID_ARGUMENT, "scale",
        untouched(q, sizeof q));
  memset(&mse, CANARY, sizeof mse);
  check("quantization_mse: p NULL", qrange_quantization_mse_f32(x, 4, NULL, &mse), QRANGE_ERROR_NULL_POINTER,
        "p is NULL", untouched(&mse, sizeof mse));
}

int main(void) {
  minmax_rows();
  quantization_rows();
  dispatch_rows();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
