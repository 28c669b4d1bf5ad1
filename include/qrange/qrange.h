/*
 * qrange: quantization ranges of float32 tensors, at memory speed.
 *
 * This is the stable C ABI. It changes only with the major version, which is
 * also the SONAME (libqrange.so.MAJOR); QRANGE_VERSION_* in qrange/version.h
 * give the version compiled against, qrange_version() the one loaded. The
 * header compiles as C99, C11 and C++. Only the functions declared here with
 * QRANGE_API are exported.
 *
 * Conventions for every function below:
 *  - It returns QRANGE_OK or an error status. On error no output is written
 *    and qrange_last_error() holds a message that names the problem.
 *  - It is thread-safe: any number of threads may call it at once. Large
 *    inputs are split across OpenMP threads (see qrange_set_num_threads);
 *    called from inside an OpenMP parallel region it runs on the calling
 *    thread only.
 *  - Results are bit-identical on every ISA and for every thread count.
 */
#ifndef QRANGE_QRANGE_H
#define QRANGE_QRANGE_H

#include <stddef.h>
#include <stdint.h>

#include <qrange/version.h>

#if defined(_WIN32)
#  if defined(QRANGE_BUILDING_LIBRARY)
#    define QRANGE_API __declspec(dllexport)
#  else
#    define QRANGE_API
#  endif
#elif defined(__GNUC__)
#  define QRANGE_API __attribute__((visibility("default")))
#else
#  define QRANGE_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum qrange_status {
  QRANGE_OK = 0,
  QRANGE_ERROR_NULL_POINTER = 1,      /* a required pointer is NULL */
  QRANGE_ERROR_INVALID_ARGUMENT = 2,  /* a value is out of its documented domain */
  QRANGE_ERROR_EMPTY_INPUT = 3,       /* the input holds no finite value */
  QRANGE_ERROR_UNSUPPORTED_ISA = 4,   /* the requested ISA is unknown, not built in, or not supported by this CPU */
  QRANGE_ERROR_OUT_OF_MEMORY = 5,     /* an internal allocation failed */
  QRANGE_ERROR_COMMUNICATION = 6,     /* a call of the communication layer failed (qrange::mpi: an MPI error) */
  /* Not a status: pins the enum to 32 bits in every compiler and language;
   * the library reads any int passed in and refuses unknown values. */
  QRANGE_STATUS_MAX_ENUM = 0x7fffffff
} qrange_status;

/* A closed interval of float32 values. */
typedef struct qrange_range {
  float min;
  float max;
} qrange_range;

/* A static, human-readable name of the status ("QRANGE_OK", ...); "unknown
 * qrange_status" for a value outside the enum. Never NULL.
 * Errors: none. Thread safety: any thread, at any time. */
QRANGE_API const char *qrange_status_string(qrange_status s);

/* The calling thread's message about its last failed call, or "" if none has
 * failed yet. Valid until this thread's next qrange call. Never NULL.
 * Errors: none. Thread safety: each thread has its own message; a call on
 * one thread never changes another thread's. */
QRANGE_API const char *qrange_last_error(void);

/* Makes message (NULL: "") the calling thread's qrange_last_error() and
 * returns s: for the libraries layered on this API (qrange::mpi, language
 * bindings), whose failures qrange_last_error() then describes as it does
 * the core's. The message is truncated to 511 bytes.
 * Errors: none. Thread safety: as qrange_last_error(). */
QRANGE_API qrange_status qrange_set_last_error(qrange_status s, const char *message);

/* The version of the library loaded, "MAJOR.MINOR.PATCH" (a static string;
 * compare with QRANGE_VERSION_STRING, the version compiled against).
 * Errors: none. Thread safety: any thread, at any time. */
QRANGE_API const char *qrange_version(void);

/* The ISA whose kernels run: "scalar", "avx2", "avx512" or "neon"; "none"
 * while the QRANGE_ISA environment variable names an ISA that cannot run and
 * qrange_set_isa() has not chosen a valid one. A static string, never NULL.
 * Errors: none. Thread safety: any thread; the first call into qrange reads
 * QRANGE_ISA once for the process. */
QRANGE_API const char *qrange_active_isa(void);

/* Chooses the kernels for the whole process: "auto" (the best this CPU
 * supports) or "scalar", "avx2", "avx512", "neon". The environment variable
 * QRANGE_ISA does the same at the first call into qrange.
 * Errors: QRANGE_ERROR_NULL_POINTER; QRANGE_ERROR_UNSUPPORTED_ISA for a name
 * that is unknown, not compiled in, or not supported by this CPU. On error the
 * active ISA does not change.
 * Thread safety: any thread, at any time. The choice is process-wide: calls
 * that start after it returns use the new kernels, calls already running
 * finish with the ones they started with (same results either way). */
QRANGE_API qrange_status qrange_set_isa(const char *name);

/* One ISA qrange knows: its name ("scalar", "avx2", "avx512", "neon", as
 * qrange_set_isa takes it, a static string), whether its kernels are compiled
 * into this build, and whether this CPU and OS can run it (known even when it
 * is not compiled in). */
typedef struct qrange_isa_info {
  const char *name;
  int compiled;
  int supported;
} qrange_isa_info;

/* The number of ISAs qrange knows, compiled in or not: the valid indices of
 * qrange_isa_info_at. The same for the life of the process.
 * Errors: none. Thread safety: any thread, at any time. */
QRANGE_API size_t qrange_isa_count(void);

/* The i-th known ISA, scalar first; a program can list what this build and
 * CPU can run (as `qrange isa` does) without knowing the names.
 * Errors: QRANGE_ERROR_NULL_POINTER (out NULL); QRANGE_ERROR_INVALID_ARGUMENT
 * for i >= qrange_isa_count().
 * Thread safety: any thread, at any time. */
QRANGE_API qrange_status qrange_isa_info_at(size_t i, qrange_isa_info *out);

/* The number of OpenMP threads for large inputs, for the whole process:
 * 0 means the OpenMP default (OMP_NUM_THREADS or the number of cores).
 * Results do not depend on it, only the speed.
 * Errors: QRANGE_ERROR_INVALID_ARGUMENT for n < 0; the setting is unchanged.
 * Thread safety: any thread, at any time; process-wide, taken into account by
 * calls that start after it returns. */
QRANGE_API qrange_status qrange_set_num_threads(int n);

/* ---- Execution context (docs/api.md, "Threads") ------------------------ */

/* One task of a parallel loop: qrange's work for task index `task`. */
typedef void (*qrange_task_fn)(void *task_arg, size_t task);

/* The caller's parallel-for: runs task(task_arg, i) once for every i in
 * [0, count), on any threads (the calling one included), in any order or
 * concurrently, and returns once all have returned. Tasks never fail and
 * never call back into the pool; count never exceeds the context's
 * num_threads. */
typedef void (*qrange_parallel_for_fn)(void *pool, size_t count, qrange_task_fn task, void *task_arg);

/* How one call runs: the first argument, `const qrange_context *ctx`, of the
 * *_ex functions and of every entry point newer than them. NULL means the
 * process-wide settings (qrange_set_isa, qrange_set_num_threads, OpenMP).
 * Results are the same bits for every context; only the speed changes.
 * Initialize with QRANGE_CONTEXT_INIT, then set what differs:
 *   qrange_context ctx = QRANGE_CONTEXT_INIT;
 *   ctx.num_threads = 4; ctx.parallel_for = my_pool_run; ctx.pool = my_pool; */
typedef struct qrange_context {
  size_t struct_size; /* sizeof(qrange_context): lets the struct grow without new symbols */
  int num_threads;    /* most tasks one call splits into; 0: as qrange_set_num_threads
                       * (required >= 1 with parallel_for: the pool's width) */
  const char *isa;    /* NULL: the active ISA (qrange_active_isa); else a name as for qrange_set_isa */
  qrange_parallel_for_fn parallel_for; /* NULL: OpenMP threads */
  void *pool;                          /* passed to parallel_for */
} qrange_context;

#define QRANGE_CONTEXT_INIT {sizeof(qrange_context), 0, NULL, NULL, NULL}

/* The minimum and maximum of the finite values of x[0..n). NaN and +-Inf are
 * skipped and counted in *nonfinite (which may be NULL). A zero result is
 * +0.0, never -0.0.
 * Errors: QRANGE_ERROR_NULL_POINTER (x NULL with n > 0, or out NULL);
 * QRANGE_ERROR_EMPTY_INPUT if no value is finite (n == 0 included);
 * QRANGE_ERROR_UNSUPPORTED_ISA (see qrange_active_isa);
 * QRANGE_ERROR_OUT_OF_MEMORY if the per-thread partial results cannot be
 * allocated.
 * Thread safety: thread-safe; x is only read, so several threads may scan
 * the same array at once. */
QRANGE_API qrange_status qrange_minmax_f32(const float *x, size_t n, qrange_range *out,
                                           uint64_t *nonfinite);

/* The histogram of the values of x[0..n) over [r.min, r.max] in `bins` equal
 * bins, into counts[0..bins) (overwritten). The bin of x is floor(t) clamped
 * to [0, bins - 1], where, in float32 and in this order,
 *   factor = (float)((double)bins / ((double)r.max - (double)r.min)),
 *   t = (x - r.min) * factor,
 * and a NaN t (0 * inf, only in a zero-width range) is bin 0. So r.max falls
 * in the last bin, a zero-width range counts every value equal to it in bin
 * 0, and ranges as wide as [-FLT_MAX, FLT_MAX] work ((x - r.min) overflowing
 * to +inf is the last bin). Finite values below r.min or above r.max are
 * counted in *below and *above (each may be NULL), not in the edge bins; NaN
 * and +-Inf are skipped. n == 0 gives all counts 0.
 * Errors: QRANGE_ERROR_NULL_POINTER (counts NULL, or x NULL with n > 0);
 * QRANGE_ERROR_INVALID_ARGUMENT (bins outside [1, 2^24], r.min or r.max not
 * finite, r.min > r.max); QRANGE_ERROR_OUT_OF_MEMORY (per-thread histograms:
 * (threads + 1) * (bins + 3) 64-bit counters, threads only when n is at
 * least 8 * bins per thread); QRANGE_ERROR_UNSUPPORTED_ISA. */
QRANGE_API qrange_status qrange_histogram_f32(const float *x, size_t n, qrange_range r, size_t bins,
                                              uint64_t *counts, uint64_t *below, uint64_t *above);

/* A robust quantization range: [P(100 - percentile), P(percentile)] over the
 * finite values of x[0..n), where P(q) is numpy's default np.percentile(x, q)
 * (method 'linear': rank (m - 1) * q / 100 among the m finite values,
 * interpolated between its two neighbouring order statistics). One outlier
 * moves a min/max range; it does not move this one.
 * Computed from a min/max pass and a histogram over [min, max] with `bins`
 * bins (0: 2048):
 *  - exact == 0: each needed order statistic is estimated inside its bin;
 *    guaranteed |result - numpy| <= (max - min) / bins at each end, for every
 *    input (see docs/percentiles.md).
 *  - exact == 1: the values of the one or two bins that hold the needed
 *    ranks are gathered and selected among: numpy's value, computed in
 *    float64 from the float32 order statistics and rounded to float32.
 * For the usual ranges (percentile above about 95, values spread over many
 * bins) the second pass gathers only the values of the lowest and highest
 * bins, picked from a sample, instead of counting every value; otherwise it
 * counts the histogram, and exact mode makes a third, gathering pass. The
 * results are the same bits either way.
 * m == 1 (or all finite values equal) returns that value at both ends. A zero
 * result is +0.0.
 * Errors: QRANGE_ERROR_NULL_POINTER (out NULL, or x NULL with n > 0);
 * QRANGE_ERROR_INVALID_ARGUMENT (percentile NaN or outside [50, 100], bins
 * above 2^24, exact neither 0 nor 1); QRANGE_ERROR_EMPTY_INPUT (no finite
 * value); QRANGE_ERROR_OUT_OF_MEMORY; QRANGE_ERROR_UNSUPPORTED_ISA. */
QRANGE_API qrange_status qrange_percentile_range_f32(const float *x, size_t n, double percentile, size_t bins,
                                                     int exact, qrange_range *out);

/* ---- Quantization (docs/quantization.md) ------------------------------- */

/* Affine quantization parameters: real x <-> integer q by
 * x = (q - zero_point) * scale, q in [qmin, qmax]. */
typedef struct qrange_params {
  float scale;
  int32_t zero_point;
  int32_t qmin;
  int32_t qmax;
} qrange_params;

typedef enum qrange_scheme {
  QRANGE_ASYMMETRIC = 0, /* [min, max] spans [qmin, qmax] */
  QRANGE_SYMMETRIC = 1,  /* [-amax, amax] spans [qmin, qmax], zero_point in the middle */
  /* Not a scheme: pins the enum to 32 bits, as for qrange_status. */
  QRANGE_SCHEME_MAX_ENUM = 0x7fffffff
} qrange_scheme;

/* Parameters that map the range r onto the integers [qmin, qmax].
 * With include_zero != 0 the range is first widened to contain 0, so that 0.0
 * quantizes exactly (to zero_point). All arithmetic is in double; the scale is
 * stored as float32 and is at least FLT_MIN.
 *  - QRANGE_ASYMMETRIC: scale = (max - min) / (qmax - qmin),
 *    zero_point = qmin - round_half_even(min / scale), clamped to [qmin, qmax]
 *    when include_zero. A constant range [c, c] with c != 0 (no include_zero)
 *    gets scale = |c| so that c dequantizes to exactly c (a subnormal c is
 *    bound by the FLT_MIN floor); [0, 0] gets scale = 1.
 *  - QRANGE_SYMMETRIC: scale = max(|min|, |max|) / ((qmax - qmin) / 2), a real
 *    division (127.5 for [-128, 127]); zero_point = ceil((qmin + qmax) / 2),
 *    i.e. 0 for [-128, 127] and [-127, 127], 128 for [0, 255].
 * Errors: QRANGE_ERROR_NULL_POINTER (out NULL); QRANGE_ERROR_INVALID_ARGUMENT
 * for an unknown scheme, qmin >= qmax, qmax - qmin > 65535, a non-finite range
 * or min > max, a scale above FLT_MAX, or a zero point beyond +-2^24 (a range
 * too far from zero for the grid: use include_zero). Computes on the calling
 * thread only. */
QRANGE_API qrange_status qrange_choose_params(qrange_range r, int32_t qmin, int32_t qmax, qrange_scheme scheme,
                                              int include_zero, qrange_params *out);

/* q[i] = clamp(round_half_even(x[i] / scale) + zero_point, qmin, qmax), ONNX
 * QuantizeLinear, with x / scale a true float32 division. Saturates: +Inf ->
 * qmax, -Inf -> qmin; NaN -> zero_point clamped to [qmin, qmax] (which
 * dequantizes to 0.0 when 0 is in range); -0.0 -> zero_point; subnormals are
 * not flushed. Assumes the default floating-point environment (round to
 * nearest). n == 0 writes nothing.
 * Errors: QRANGE_ERROR_NULL_POINTER (p NULL; x or q NULL with n > 0);
 * QRANGE_ERROR_INVALID_ARGUMENT unless qmin < qmax, [qmin, qmax] fits the
 * output type, |zero_point| <= 2^24 and scale is finite and > 0;
 * QRANGE_ERROR_UNSUPPORTED_ISA (see qrange_active_isa). x and q must not
 * overlap. */
QRANGE_API qrange_status qrange_quantize_f32_u8(const float *x, size_t n, const qrange_params *p, uint8_t *q);
QRANGE_API qrange_status qrange_quantize_f32_i8(const float *x, size_t n, const qrange_params *p, int8_t *q);
QRANGE_API qrange_status qrange_quantize_f32_u16(const float *x, size_t n, const qrange_params *p, uint16_t *q);
QRANGE_API qrange_status qrange_quantize_f32_i16(const float *x, size_t n, const qrange_params *p, int16_t *q);

/* x[i] = (float)(q[i] - zero_point) * scale, the subtraction in int32: ONNX
 * DequantizeLinear. Values of q outside [qmin, qmax] are converted all the
 * same. n == 0 writes nothing.
 * Errors: as the matching qrange_quantize_* (q and x swapped). */
QRANGE_API qrange_status qrange_dequantize_u8_f32(const uint8_t *q, size_t n, const qrange_params *p, float *x);
QRANGE_API qrange_status qrange_dequantize_i8_f32(const int8_t *q, size_t n, const qrange_params *p, float *x);
QRANGE_API qrange_status qrange_dequantize_u16_f32(const uint16_t *q, size_t n, const qrange_params *p, float *x);
QRANGE_API qrange_status qrange_dequantize_i16_f32(const int16_t *q, size_t n, const qrange_params *p, float *x);

/* The mean over the finite x[i] of (x[i] - dequantize(quantize(x[i])))^2,
 * fused (nothing is materialized), summed in double in a fixed order
 * (docs/quantization.md) so that the result is bit-identical on every ISA and
 * thread count. NaN and +-Inf are skipped.
 * Errors: QRANGE_ERROR_NULL_POINTER (mse or p NULL; x NULL with n > 0);
 * QRANGE_ERROR_INVALID_ARGUMENT as for quantize, with [qmin, qmax] any int32
 * interval; QRANGE_ERROR_EMPTY_INPUT if no value is finite (n == 0 included);
 * QRANGE_ERROR_UNSUPPORTED_ISA. */
QRANGE_API qrange_status qrange_quantization_mse_f32(const float *x, size_t n, const qrange_params *p,
                                                     double *mse);

/* ---- The same with an execution context -------------------------------- */

/* Each *_ex function is the function without the suffix, run as ctx says
 * (NULL: exactly the function without the suffix). Besides that function's
 * errors: QRANGE_ERROR_INVALID_ARGUMENT for a ctx whose struct_size is not
 * sizeof(qrange_context), num_threads < 0, a pool without parallel_for, or
 * parallel_for with num_threads < 1; QRANGE_ERROR_UNSUPPORTED_ISA for an isa
 * that qrange_set_isa would refuse. Thread safety: any thread, at any time,
 * each call with its own or a shared context (qrange only reads it). */
QRANGE_API qrange_status qrange_minmax_f32_ex(const qrange_context *ctx, const float *x, size_t n,
                                              qrange_range *out, uint64_t *nonfinite);
QRANGE_API qrange_status qrange_histogram_f32_ex(const qrange_context *ctx, const float *x, size_t n,
                                                 qrange_range r, size_t bins, uint64_t *counts, uint64_t *below,
                                                 uint64_t *above);
QRANGE_API qrange_status qrange_percentile_range_f32_ex(const qrange_context *ctx, const float *x, size_t n,
                                                        double percentile, size_t bins, int exact,
                                                        qrange_range *out);
QRANGE_API qrange_status qrange_quantize_f32_u8_ex(const qrange_context *ctx, const float *x, size_t n,
                                                   const qrange_params *p, uint8_t *q);
QRANGE_API qrange_status qrange_quantize_f32_i8_ex(const qrange_context *ctx, const float *x, size_t n,
                                                   const qrange_params *p, int8_t *q);
QRANGE_API qrange_status qrange_quantize_f32_u16_ex(const qrange_context *ctx, const float *x, size_t n,
                                                    const qrange_params *p, uint16_t *q);
QRANGE_API qrange_status qrange_quantize_f32_i16_ex(const qrange_context *ctx, const float *x, size_t n,
                                                    const qrange_params *p, int16_t *q);
QRANGE_API qrange_status qrange_dequantize_u8_f32_ex(const qrange_context *ctx, const uint8_t *q, size_t n,
                                                     const qrange_params *p, float *x);
QRANGE_API qrange_status qrange_dequantize_i8_f32_ex(const qrange_context *ctx, const int8_t *q, size_t n,
                                                     const qrange_params *p, float *x);
QRANGE_API qrange_status qrange_dequantize_u16_f32_ex(const qrange_context *ctx, const uint16_t *q, size_t n,
                                                      const qrange_params *p, float *x);
QRANGE_API qrange_status qrange_dequantize_i16_f32_ex(const qrange_context *ctx, const int16_t *q, size_t n,
                                                      const qrange_params *p, float *x);
QRANGE_API qrange_status qrange_quantization_mse_f32_ex(const qrange_context *ctx, const float *x, size_t n,
                                                        const qrange_params *p, double *mse);

/* ---- Streaming observers (docs/observers.md) ---------------------------- */

/* The range state of a stream of float32 values, calibrated over any number
 * of batches: counts of the finite values, NaN, +Inf and -Inf, the exact
 * finite min and max, and a histogram of the finite values with 64-bit
 * counts on a grid of power-of-two bins. The grid depends only on the finite
 * min and max, so the state after any split of the data into batches, in any
 * order, on any threads or processes, merged in any tree shape, is
 * byte-identical to the state of one update over all of it.
 * Calls that change an observer must not overlap with any other call on the
 * same observer; calls that only read it (const) may run together. */
typedef struct qrange_observer qrange_observer;

#define QRANGE_OBSERVER_DEFAULT_BINS 2048
#define QRANGE_OBSERVER_MIN_BINS 16
#define QRANGE_OBSERVER_MAX_BINS 1048576 /* 2^20 */
/* The words before the bins in qrange_observer_get_counts' layout:
 * NaN, +Inf, -Inf. */
#define QRANGE_OBSERVER_COUNT_SLOTS 3

/* What a state holds (qrange_observer_stats). Bin i, for i in
 * [0, used_bins), holds the finite values x with
 * floor(x / 2^bin_exponent) - first_bin == i: the values of
 * [(first_bin + i) * 2^e, (first_bin + i + 1) * 2^e). Bin 0 holds range.min,
 * bin used_bins - 1 holds range.max. */
typedef struct qrange_observer_stats {
  size_t struct_size;  /* sizeof(qrange_observer_stats), set by the caller */
  uint64_t finite;     /* finite values seen */
  uint64_t nan;
  uint64_t pos_inf;
  uint64_t neg_inf;
  qrange_range range;  /* of the finite values; {+Inf, -Inf} when finite == 0; a zero is +0.0 */
  size_t bins;         /* the capacity, as created */
  size_t used_bins;    /* 0 when finite == 0 */
  int32_t bin_exponent;
  int64_t first_bin;
} qrange_observer_stats;

#define QRANGE_OBSERVER_STATS_INIT {sizeof(qrange_observer_stats), 0, 0, 0, 0, {0.0f, 0.0f}, 0, 0, 0, 0}

/* An empty observer with `bins` histogram bins (0: 2048), into *out.
 * Memory: about 16 * bins bytes.
 * Errors: QRANGE_ERROR_NULL_POINTER (out NULL); QRANGE_ERROR_INVALID_ARGUMENT
 * for bins outside [16, 2^20] (0 aside); QRANGE_ERROR_OUT_OF_MEMORY. */
QRANGE_API qrange_status qrange_observer_create(size_t bins, qrange_observer **out);

/* Frees the observer; NULL is fine. */
QRANGE_API void qrange_observer_destroy(qrange_observer *obs);

/* Adds the values of x[0..n) to the state; n == 0 changes nothing. One pass
 * over x, split across threads as ctx says (NULL: the process settings).
 * Errors: those of the context (see the *_ex functions);
 * QRANGE_ERROR_NULL_POINTER (obs NULL, x NULL with n > 0);
 * QRANGE_ERROR_INVALID_ARGUMENT when a count of the state (finite, NaN,
 * +Inf or -Inf values) plus n could pass 2^64 - 1, which only a state given
 * such counts by set_counts or deserialize comes near;
 * QRANGE_ERROR_OUT_OF_MEMORY (per-thread states, 16 * bins bytes each, only
 * when each thread gets at least 2^15 values and 8 * (bins + 3)). The state
 * is unchanged on error. */
QRANGE_API qrange_status qrange_observer_update_f32(const qrange_context *ctx, qrange_observer *obs,
                                                    const float *x, size_t n);

/* dst becomes the state of the union of dst's and src's values (src == dst
 * is fine: every value twice).
 * Errors: QRANGE_ERROR_NULL_POINTER; QRANGE_ERROR_INVALID_ARGUMENT when the
 * two have different bins, or together count more than 2^64 - 1 finite,
 * NaN, +Inf or -Inf values. dst is unchanged on error. */
QRANGE_API qrange_status qrange_observer_merge(qrange_observer *dst, const qrange_observer *src);

/* Back to the empty state, bins kept. Errors: QRANGE_ERROR_NULL_POINTER. */
QRANGE_API qrange_status qrange_observer_reset(qrange_observer *obs);

/* The counts on the grid of range r, for the SUM step of an all-reduce
 * (docs/observers.md): r must contain the state's range (any r, for a state
 * without one) and is finite with r.min <= r.max, or {+Inf, -Inf}, the empty
 * range. Into counts[0..len), len == bins + QRANGE_OBSERVER_COUNT_SLOTS: NaN,
 * +Inf, -Inf, then bins 0 .. bins - 1 of r's grid (zero from r's used bins
 * on). Every state with a range inside r gives counts on the same grid, so
 * they add element-wise. The state does not change.
 * Errors: QRANGE_ERROR_NULL_POINTER; QRANGE_ERROR_INVALID_ARGUMENT for any
 * other len, or an r that is neither finite nor empty, has r.min > r.max, or
 * does not contain the state's range. */
QRANGE_API qrange_status qrange_observer_get_counts(const qrange_observer *obs, qrange_range r, uint64_t *counts,
                                                   size_t len);

/* Makes the state the one of range r and counts[0..len) in
 * qrange_observer_get_counts' layout, on r's grid: after the SUM of every
 * process's counts on the MIN/MAX of their ranges, the state of all their
 * values. Checked as deserialize checks a state: r as for get_counts; no
 * count in a bin from r's used bins on; for the empty range no bin count at
 * all; for another, the first and last bins (those of r.min and r.max, which
 * are values) not zero.
 * Errors: QRANGE_ERROR_NULL_POINTER; QRANGE_ERROR_INVALID_ARGUMENT for a
 * len other than bins + 3, a bad r, counts that fail those checks, or bins
 * that add up to more than 2^64 - 1. The state is unchanged on error. */
QRANGE_API qrange_status qrange_observer_set_counts(qrange_observer *obs, qrange_range r, const uint64_t *counts,
                                                   size_t len);

/* The state as bytes (docs/observers.md, "Serialized form": little-endian,
 * versioned, at most 8 * bins + 80 bytes), into buf[0..cap); *size gets the
 * length. buf == NULL with cap == 0 only sets *size.
 * Errors: QRANGE_ERROR_NULL_POINTER (obs or size NULL, buf NULL with
 * cap > 0); QRANGE_ERROR_INVALID_ARGUMENT when cap is below the length. */
QRANGE_API qrange_status qrange_observer_serialize(const qrange_observer *obs, void *buf, size_t cap,
                                                   size_t *size);

/* A new observer from the bytes of qrange_observer_serialize, into *out.
 * Everything is checked: the length, magic, version, bins, a checksum of the
 * header, the range and grid, and the counts as qrange_observer_set_counts
 * checks them, adding up to the finite count.
 * Errors: QRANGE_ERROR_NULL_POINTER (out NULL, buf NULL with size > 0);
 * QRANGE_ERROR_INVALID_ARGUMENT naming the first problem found;
 * QRANGE_ERROR_OUT_OF_MEMORY. */
QRANGE_API qrange_status qrange_observer_deserialize(const void *buf, size_t size, qrange_observer **out);

/* What the state holds, into *out (out->struct_size set by the caller:
 * QRANGE_OBSERVER_STATS_INIT).
 * Errors: QRANGE_ERROR_NULL_POINTER; QRANGE_ERROR_INVALID_ARGUMENT for a
 * struct_size other than sizeof(qrange_observer_stats). */
QRANGE_API qrange_status qrange_observer_get_stats(const qrange_observer *obs, qrange_observer_stats *out);

/* The used bins: edges[0..len] (len + 1 values, exact in double) and
 * counts[0..len), with len == used_bins; len == 0 (an empty state) writes
 * nothing.
 * Errors: QRANGE_ERROR_NULL_POINTER; QRANGE_ERROR_INVALID_ARGUMENT for any
 * other len. */
QRANGE_API qrange_status qrange_observer_histogram(const qrange_observer *obs, double *edges, uint64_t *counts,
                                                   size_t len);

/* [P(100 - percentile), P(percentile)] of all finite values seen, P as in
 * qrange_percentile_range_f32 (numpy's linear method), estimated from the
 * bins: each order statistic is taken at the middle of the values its bin
 * can hold (exactly when the bin holds one float, or it is the min or max),
 * so each end is within half a bin width plus half a float32 ulp of numpy's
 * value (docs/observers.md). There is no exact mode: a state keeps no
 * values.
 * Errors: QRANGE_ERROR_NULL_POINTER; QRANGE_ERROR_INVALID_ARGUMENT
 * (percentile NaN or outside [50, 100]); QRANGE_ERROR_EMPTY_INPUT (no finite
 * value seen). */
QRANGE_API qrange_status qrange_observer_percentile_range(const qrange_observer *obs, double percentile,
                                                          qrange_range *out);

/* ---- Calibration: the range by a method (docs/calibration.md) ----------- */

typedef enum qrange_method {
  QRANGE_METHOD_MINMAX = 0,     /* [min, max] of the finite values */
  QRANGE_METHOD_PERCENTILE = 1, /* [P(100 - percentile), P(percentile)], as qrange_percentile_range_f32 */
  QRANGE_METHOD_MSE = 2,        /* the parameters of least quantization MSE, searched on a histogram */
  QRANGE_METHOD_ENTROPY = 3,    /* TensorRT's KL-divergence threshold on a histogram of |x| */
  /* Not a method: pins the enum to 32 bits, as for qrange_status. */
  QRANGE_METHOD_MAX_ENUM = 0x7fffffff
} qrange_method;

/* What a calibration computes: the method, then the grid and scheme that
 * qrange_choose_params takes. Initialize with QRANGE_CALIBRATION_INIT (8-bit
 * unsigned, asymmetric, zero included, min-max), then set what differs. Only
 * the fields the method uses are checked:
 *  - percentile: PERCENTILE only, in [50, 100];
 *  - bins: the histogram of PERCENTILE (as qrange_percentile_range_f32: at
 *    most 2^24), MSE and ENTROPY (16 to 2^20) on a tensor; 0: 2048. On a
 *    state the state's own bins are used and this field is ignored;
 *  - exact: PERCENTILE on a tensor only, 0 or 1 (qrange_percentile_range_f32);
 *    a state keeps no values, so qrange_observer_calibrate refuses 1. */
typedef struct qrange_calibration {
  size_t struct_size; /* sizeof(qrange_calibration): lets the struct grow without new symbols */
  qrange_method method;
  int32_t qmin;
  int32_t qmax;
  qrange_scheme scheme;
  int include_zero; /* 0 or 1, as for qrange_choose_params */
  double percentile;
  size_t bins;
  int exact;
} qrange_calibration;

#define QRANGE_CALIBRATION_INIT \
  {sizeof(qrange_calibration), QRANGE_METHOD_MINMAX, 0, 255, QRANGE_ASYMMETRIC, 1, 99.99, 0, 0}

/* The parameters of c->method over the finite values of x[0..n), into *out,
 * as qrange_choose_params computes them from the method's range:
 *  - MINMAX, PERCENTILE: exactly qrange_minmax_f32 / qrange_percentile_range_f32
 *    and then qrange_choose_params.
 *  - MSE: a search of the error of qrange's own quantizer over candidate
 *    ranges, on a histogram of x (an observer state of c->bins bins); the
 *    model's best candidate and the min-max range are then evaluated
 *    exactly (qrange_quantization_mse_f32) and the exact best wins: the
 *    result's MSE is never above min-max's.
 *  - ENTROPY: TensorRT's calibration: the threshold t of least KL divergence
 *    on a histogram of |x|; the range is [max(min, -t), min(max, t)].
 * With mse != NULL, *mse gets the exact MSE of the result over x (one more
 * pass for the methods other than MSE). Data with one distinct finite value
 * gets the min-max parameters from every method.
 * Errors: those of the context (see the *_ex functions);
 * QRANGE_ERROR_NULL_POINTER (c or out NULL, x NULL with n > 0);
 * QRANGE_ERROR_INVALID_ARGUMENT for a c->struct_size other than
 * sizeof(qrange_calibration), an unknown method or scheme, include_zero or
 * exact other than 0 or 1, a grid or range that qrange_choose_params
 * refuses, and the method's fields out of their domains;
 * QRANGE_ERROR_EMPTY_INPUT (no finite value); QRANGE_ERROR_OUT_OF_MEMORY.
 * Nothing is written on error. */
QRANGE_API qrange_status qrange_calibrate_f32(const qrange_context *ctx, const float *x, size_t n,
                                              const qrange_calibration *c, qrange_params *out, double *mse);

/* The parameters of c->method from a state: MINMAX from its range,
 * PERCENTILE from qrange_observer_percentile_range, MSE and ENTROPY from its
 * bins as qrange_calibrate_f32 searches a tensor's histogram; there being no
 * values, the MSE model alone decides (its accuracy: docs/calibration.md).
 * Errors: QRANGE_ERROR_NULL_POINTER; QRANGE_ERROR_INVALID_ARGUMENT as for
 * qrange_calibrate_f32, and for exact = 1; QRANGE_ERROR_EMPTY_INPUT (no
 * finite value seen); QRANGE_ERROR_OUT_OF_MEMORY. */
QRANGE_API qrange_status qrange_observer_calibrate(const qrange_observer *obs, const qrange_calibration *c,
                                                   qrange_params *out);

/* ---- Per-axis and blocked quantization (docs/per_axis.md) ------------- */

/* How a tensor's parameters are laid out, as ONNX QuantizeLinear and
 * DequantizeLinear (opset 21) define them. The tensor has `shape` (row-major,
 * `rank` dimensions, each at least 1); `axis` picks a dimension D (negative
 * counts from the end, as in ONNX).
 *  - block_size == 0, per axis: one set of parameters per index d along the
 *    axis, for every element with that index: D groups.
 *  - block_size == B > 0, blocked: the axis is cut into ceil(D / B) blocks
 *    (the last one possibly shorter); one set per block and per index of
 *    every other dimension, laid out as ONNX's scale tensor is, i.e. the
 *    shape with D replaced by ceil(D / B). A per-tensor call is the blocked
 *    layout {n}, axis 0, B = n, with one group (how to quantize a whole
 *    tensor to 4 bits).
 * Parameter arrays are indexed by group; the functions take their length
 * and refuse any other.
 * Initialize with QRANGE_LAYOUT_INIT, then set shape, rank, axis, block_size. */
typedef struct qrange_layout {
  size_t struct_size;   /* sizeof(qrange_layout): lets the struct grow without new symbols */
  const size_t *shape;  /* shape[0 .. rank) */
  size_t rank;          /* 1 to QRANGE_MAX_RANK */
  int64_t axis;         /* in [-rank, rank) */
  size_t block_size;    /* 0: per axis; else 1 to D */
} qrange_layout;

#define QRANGE_MAX_RANK 64
#define QRANGE_LAYOUT_INIT {sizeof(qrange_layout), NULL, 0, 0, 0}

/* The number of elements of the tensor (the product of its shape) into
 * *elements and of parameter groups into *groups; either may be NULL.
 * Errors: QRANGE_ERROR_NULL_POINTER (layout NULL, shape NULL);
 * QRANGE_ERROR_INVALID_ARGUMENT for a struct_size other than
 * sizeof(qrange_layout), a rank outside [1, QRANGE_MAX_RANK], a dimension of
 * 0, a product above SIZE_MAX / 4 (no float array is that large), an axis
 * outside [-rank, rank), a block size larger than the axis' dimension.
 * Every function below checks its layout the same way, with these errors. */
QRANGE_API qrange_status qrange_layout_counts(const qrange_layout *layout, size_t *elements, size_t *groups);

/* ranges[g] = the min and max of the finite values of group g, as
 * qrange_minmax_f32 computes them on those values (a zero is +0.0), for the
 * `count` groups of the layout.
 * Errors: those of the context and the layout; QRANGE_ERROR_NULL_POINTER
 * (x or ranges NULL); QRANGE_ERROR_INVALID_ARGUMENT when count is not the
 * layout's number of groups; QRANGE_ERROR_EMPTY_INPUT when a group holds no
 * finite value (the message names the first); QRANGE_ERROR_OUT_OF_MEMORY.
 * Nothing is written on error. */
QRANGE_API qrange_status qrange_minmax_axis_f32(const qrange_context *ctx, const float *x,
                                                const qrange_layout *layout, qrange_range *ranges, size_t count);

/* params[g] = qrange_calibrate_f32 of c over the values of group g, for
 * every group: bit-identical to that call on the group's values copied out
 * in row-major order. With mse != NULL, *mse gets the quantization MSE of
 * the whole tensor with those parameters (qrange_quantization_mse_axis_f32).
 * Groups of at most 256 values (4-bit blocks of 32 to 256) are calibrated
 * by method MSE with a direct search, not a histogram (docs/calibration.md).
 * Errors: those of qrange_calibrate_f32 for any group (the message names
 * it), of the context and of the layout; QRANGE_ERROR_NULL_POINTER (x or
 * params NULL); QRANGE_ERROR_INVALID_ARGUMENT when count is not the
 * layout's number of groups. Nothing is written on error. */
QRANGE_API qrange_status qrange_calibrate_axis_f32(const qrange_context *ctx, const float *x,
                                                   const qrange_layout *layout, const qrange_calibration *c,
                                                   qrange_params *params, size_t count, double *mse);

/* Each element quantized with its group's parameters, ONNX QuantizeLinear
 * with a scale and zero-point tensor: bit-identical to qrange_quantize_f32_*
 * on that element with params[its group].
 * u4 and i4 write 4-bit values packed two per byte as ONNX does: element 2k
 * in the low nibble of q[k], element 2k + 1 in the high nibble, two's
 * complement for i4; an odd element count leaves 0 in the last high nibble.
 * q then has (n + 1) / 2 bytes for n elements.
 * Errors: those of the context and the layout; QRANGE_ERROR_NULL_POINTER
 * (x, params or q NULL); QRANGE_ERROR_INVALID_ARGUMENT when count is not the
 * layout's number of groups, or a params[g] (the message names g) has not
 * qmin < qmax, both within the output type ([-8, 7] for i4, [0, 15] for
 * u4), a zero point within the output type (ONNX's zero-point tensor has
 * the output type), a finite scale > 0. Nothing is written on error. x and
 * q must not overlap. */
QRANGE_API qrange_status qrange_quantize_axis_f32_u8(const qrange_context *ctx, const float *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, uint8_t *q);
QRANGE_API qrange_status qrange_quantize_axis_f32_i8(const qrange_context *ctx, const float *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, int8_t *q);
QRANGE_API qrange_status qrange_quantize_axis_f32_u16(const qrange_context *ctx, const float *x,
                                                      const qrange_layout *layout, const qrange_params *params,
                                                      size_t count, uint16_t *q);
QRANGE_API qrange_status qrange_quantize_axis_f32_i16(const qrange_context *ctx, const float *x,
                                                      const qrange_layout *layout, const qrange_params *params,
                                                      size_t count, int16_t *q);
QRANGE_API qrange_status qrange_quantize_axis_f32_u4(const qrange_context *ctx, const float *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, uint8_t *q);
QRANGE_API qrange_status qrange_quantize_axis_f32_i4(const qrange_context *ctx, const float *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, uint8_t *q);

/* Each element dequantized with its group's parameters, ONNX
 * DequantizeLinear: bit-identical to qrange_dequantize_*_f32 on that element
 * with params[its group]. u4 and i4 read the packed layout above (a high
 * nibble past the last element is not read).
 * Errors: as the matching qrange_quantize_axis_* (q and x swapped). */
QRANGE_API qrange_status qrange_dequantize_axis_u8_f32(const qrange_context *ctx, const uint8_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, float *x);
QRANGE_API qrange_status qrange_dequantize_axis_i8_f32(const qrange_context *ctx, const int8_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, float *x);
QRANGE_API qrange_status qrange_dequantize_axis_u16_f32(const qrange_context *ctx, const uint16_t *q,
                                                        const qrange_layout *layout, const qrange_params *params,
                                                        size_t count, float *x);
QRANGE_API qrange_status qrange_dequantize_axis_i16_f32(const qrange_context *ctx, const int16_t *q,
                                                        const qrange_layout *layout, const qrange_params *params,
                                                        size_t count, float *x);
QRANGE_API qrange_status qrange_dequantize_axis_u4_f32(const qrange_context *ctx, const uint8_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, float *x);
QRANGE_API qrange_status qrange_dequantize_axis_i4_f32(const qrange_context *ctx, const uint8_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, float *x);

/* The mean over the finite elements of the squared quantization error, each
 * element with its group's parameters, summed in a fixed order
 * (docs/per_axis.md) so that it is bit-identical on every ISA and thread
 * count; with one group it is qrange_quantization_mse_f32's value.
 * Errors: those of the context and the layout; QRANGE_ERROR_NULL_POINTER
 * (x, params or mse NULL); QRANGE_ERROR_INVALID_ARGUMENT when count is not
 * the layout's number of groups, or a params[g] that
 * qrange_quantization_mse_f32 refuses or whose grid is not within
 * [-32768, 65535], the widest output types; QRANGE_ERROR_EMPTY_INPUT if no
 * element is finite; QRANGE_ERROR_OUT_OF_MEMORY. */
QRANGE_API qrange_status qrange_quantization_mse_axis_f32(const qrange_context *ctx, const float *x,
                                                          const qrange_layout *layout, const qrange_params *params,
                                                          size_t count, double *mse);

/* ---- Dynamic quantization ---------------------------------------------- */

/* ONNX DynamicQuantizeLinear, with its float32 arithmetic as ONNX Runtime
 * computes it: over the finite values, lo = min(0, min x), hi = max(0, max x);
 * p->scale = (hi - lo) / 255.0f (1.0 when hi == lo, i.e. [0, 0]),
 * p->zero_point = round_half_even(clamp(0.0f - lo / p->scale, 0, 255)),
 * p->qmin = 0, p->qmax = 255; then q as qrange_quantize_f32_u8 with p. One
 * call: each thread quantizes the piece it has just scanned, its last MiB
 * (still in cache) first.
 * NaN and +-Inf are left out of the range (ONNX Runtime lets them in) and
 * quantize as in qrange_quantize_f32_u8 (NaN -> zero_point, +Inf -> 255,
 * -Inf -> 0); n == 0 and all-non-finite inputs give [0, 0].
 * Errors: those of the context (see the *_ex functions);
 * QRANGE_ERROR_NULL_POINTER (p NULL; x or q NULL with n > 0);
 * QRANGE_ERROR_INVALID_ARGUMENT when hi - lo overflows float32 or
 * (hi - lo) / 255.0f is 0 (where ONNX Runtime computes an infinite or zero
 * scale); QRANGE_ERROR_OUT_OF_MEMORY. Nothing is written on error, q
 * included. x and q must not overlap. */
QRANGE_API qrange_status qrange_dynamic_quantize_f32_u8(const qrange_context *ctx, const float *x, size_t n,
                                                        uint8_t *q, qrange_params *p);

/* ---- float16 and bfloat16 tensors (docs/half_types.md) ------------------ */

/* Each function below is its float32 namesake (the suffix _f32 read as _f16
 * or _bf16) on a tensor of 16-bit floats, given as their bit patterns:
 *  - _f16: IEEE 754 binary16 (float16), 1 sign, 5 exponent, 10 fraction bits;
 *  - _bf16: bfloat16, the upper 16 bits of a float32.
 * Every value is widened to float32 exactly (both conversions are exact:
 * +-0, subnormal float16 values, which are normal float32 ones, +-Inf and
 * NaN keep their meaning), in registers, and everything else is the float32
 * function's: the results are bit-identical to converting the tensor to
 * float32 first and calling the float32 function, on every ISA and thread
 * count, and so are the errors and their order. No float32 copy of the
 * tensor is made. Each takes a context first (NULL: the process settings),
 * with its errors as for the *_ex functions. The C++ API takes them as
 * qrange::float16 and qrange::bfloat16 (qrange.hpp), so that one cannot be
 * passed for the other. Dynamic quantization stays float32 only, as ONNX's
 * DynamicQuantizeLinear is. */
QRANGE_API qrange_status qrange_minmax_f16(const qrange_context *ctx, const uint16_t *x, size_t n, qrange_range *out,
                                           uint64_t *nonfinite);
QRANGE_API qrange_status qrange_histogram_f16(const qrange_context *ctx, const uint16_t *x, size_t n,
                                              qrange_range r, size_t bins, uint64_t *counts, uint64_t *below,
                                              uint64_t *above);
QRANGE_API qrange_status qrange_percentile_range_f16(const qrange_context *ctx, const uint16_t *x, size_t n,
                                                     double percentile, size_t bins, int exact, qrange_range *out);
QRANGE_API qrange_status qrange_quantize_f16_u8(const qrange_context *ctx, const uint16_t *x, size_t n,
                                                const qrange_params *p, uint8_t *q);
QRANGE_API qrange_status qrange_quantize_f16_i8(const qrange_context *ctx, const uint16_t *x, size_t n,
                                                const qrange_params *p, int8_t *q);
QRANGE_API qrange_status qrange_quantize_f16_u16(const qrange_context *ctx, const uint16_t *x, size_t n,
                                                const qrange_params *p, uint16_t *q);
QRANGE_API qrange_status qrange_quantize_f16_i16(const qrange_context *ctx, const uint16_t *x, size_t n,
                                                const qrange_params *p, int16_t *q);
QRANGE_API qrange_status qrange_quantization_mse_f16(const qrange_context *ctx, const uint16_t *x, size_t n,
                                                     const qrange_params *p, double *mse);
QRANGE_API qrange_status qrange_observer_update_f16(const qrange_context *ctx, qrange_observer *obs,
                                                    const uint16_t *x, size_t n);
QRANGE_API qrange_status qrange_calibrate_f16(const qrange_context *ctx, const uint16_t *x, size_t n,
                                              const qrange_calibration *c, qrange_params *out, double *mse);
QRANGE_API qrange_status qrange_minmax_axis_f16(const qrange_context *ctx, const uint16_t *x,
                                                const qrange_layout *layout, qrange_range *ranges, size_t count);
QRANGE_API qrange_status qrange_calibrate_axis_f16(const qrange_context *ctx, const uint16_t *x,
                                                   const qrange_layout *layout, const qrange_calibration *c,
                                                   qrange_params *params, size_t count, double *mse);
QRANGE_API qrange_status qrange_quantize_axis_f16_u8(const qrange_context *ctx, const uint16_t *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, uint8_t *q);
QRANGE_API qrange_status qrange_quantize_axis_f16_i8(const qrange_context *ctx, const uint16_t *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, int8_t *q);
QRANGE_API qrange_status qrange_quantize_axis_f16_u16(const qrange_context *ctx, const uint16_t *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, uint16_t *q);
QRANGE_API qrange_status qrange_quantize_axis_f16_i16(const qrange_context *ctx, const uint16_t *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, int16_t *q);
QRANGE_API qrange_status qrange_quantize_axis_f16_u4(const qrange_context *ctx, const uint16_t *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, uint8_t *q);
QRANGE_API qrange_status qrange_quantize_axis_f16_i4(const qrange_context *ctx, const uint16_t *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, uint8_t *q);
QRANGE_API qrange_status qrange_quantization_mse_axis_f16(const qrange_context *ctx, const uint16_t *x,
                                                          const qrange_layout *layout, const qrange_params *params,
                                                          size_t count, double *mse);

QRANGE_API qrange_status qrange_minmax_bf16(const qrange_context *ctx, const uint16_t *x, size_t n, qrange_range *out,
                                           uint64_t *nonfinite);
QRANGE_API qrange_status qrange_histogram_bf16(const qrange_context *ctx, const uint16_t *x, size_t n,
                                              qrange_range r, size_t bins, uint64_t *counts, uint64_t *below,
                                              uint64_t *above);
QRANGE_API qrange_status qrange_percentile_range_bf16(const qrange_context *ctx, const uint16_t *x, size_t n,
                                                     double percentile, size_t bins, int exact, qrange_range *out);
QRANGE_API qrange_status qrange_quantize_bf16_u8(const qrange_context *ctx, const uint16_t *x, size_t n,
                                                const qrange_params *p, uint8_t *q);
QRANGE_API qrange_status qrange_quantize_bf16_i8(const qrange_context *ctx, const uint16_t *x, size_t n,
                                                const qrange_params *p, int8_t *q);
QRANGE_API qrange_status qrange_quantize_bf16_u16(const qrange_context *ctx, const uint16_t *x, size_t n,
                                                const qrange_params *p, uint16_t *q);
QRANGE_API qrange_status qrange_quantize_bf16_i16(const qrange_context *ctx, const uint16_t *x, size_t n,
                                                const qrange_params *p, int16_t *q);
QRANGE_API qrange_status qrange_quantization_mse_bf16(const qrange_context *ctx, const uint16_t *x, size_t n,
                                                     const qrange_params *p, double *mse);
QRANGE_API qrange_status qrange_observer_update_bf16(const qrange_context *ctx, qrange_observer *obs,
                                                    const uint16_t *x, size_t n);
QRANGE_API qrange_status qrange_calibrate_bf16(const qrange_context *ctx, const uint16_t *x, size_t n,
                                              const qrange_calibration *c, qrange_params *out, double *mse);
QRANGE_API qrange_status qrange_minmax_axis_bf16(const qrange_context *ctx, const uint16_t *x,
                                                const qrange_layout *layout, qrange_range *ranges, size_t count);
QRANGE_API qrange_status qrange_calibrate_axis_bf16(const qrange_context *ctx, const uint16_t *x,
                                                   const qrange_layout *layout, const qrange_calibration *c,
                                                   qrange_params *params, size_t count, double *mse);
QRANGE_API qrange_status qrange_quantize_axis_bf16_u8(const qrange_context *ctx, const uint16_t *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, uint8_t *q);
QRANGE_API qrange_status qrange_quantize_axis_bf16_i8(const qrange_context *ctx, const uint16_t *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, int8_t *q);
QRANGE_API qrange_status qrange_quantize_axis_bf16_u16(const qrange_context *ctx, const uint16_t *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, uint16_t *q);
QRANGE_API qrange_status qrange_quantize_axis_bf16_i16(const qrange_context *ctx, const uint16_t *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, int16_t *q);
QRANGE_API qrange_status qrange_quantize_axis_bf16_u4(const qrange_context *ctx, const uint16_t *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, uint8_t *q);
QRANGE_API qrange_status qrange_quantize_axis_bf16_i4(const qrange_context *ctx, const uint16_t *x,
                                                     const qrange_layout *layout, const qrange_params *params,
                                                     size_t count, uint8_t *q);
QRANGE_API qrange_status qrange_quantization_mse_axis_bf16(const qrange_context *ctx, const uint16_t *x,
                                                          const qrange_layout *layout, const qrange_params *params,
                                                          size_t count, double *mse);

/* Dequantize to 16-bit floats (ONNX DequantizeLinear, opset 19 and later,
 * with a float16 or bfloat16 scale): each value is the float32 function's
 * result, (float)(q - zero_point) * scale, rounded to the nearest float16
 * or bfloat16, ties to even, as IEEE 754 conversion does: a result beyond
 * the largest finite value (65504 for float16) becomes +-Inf, a tiny one a
 * subnormal or +-0. x receives bit patterns as above. Errors: as the float32
 * namesake. */
QRANGE_API qrange_status qrange_dequantize_u8_f16(const qrange_context *ctx, const uint8_t *q, size_t n,
                                                  const qrange_params *p, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_i8_f16(const qrange_context *ctx, const int8_t *q, size_t n,
                                                  const qrange_params *p, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_u16_f16(const qrange_context *ctx, const uint16_t *q, size_t n,
                                                  const qrange_params *p, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_i16_f16(const qrange_context *ctx, const int16_t *q, size_t n,
                                                  const qrange_params *p, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_axis_u8_f16(const qrange_context *ctx, const uint8_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_axis_i8_f16(const qrange_context *ctx, const int8_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_axis_u16_f16(const qrange_context *ctx, const uint16_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_axis_i16_f16(const qrange_context *ctx, const int16_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_axis_u4_f16(const qrange_context *ctx, const uint8_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_axis_i4_f16(const qrange_context *ctx, const uint8_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, uint16_t *x);

QRANGE_API qrange_status qrange_dequantize_u8_bf16(const qrange_context *ctx, const uint8_t *q, size_t n,
                                                  const qrange_params *p, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_i8_bf16(const qrange_context *ctx, const int8_t *q, size_t n,
                                                  const qrange_params *p, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_u16_bf16(const qrange_context *ctx, const uint16_t *q, size_t n,
                                                  const qrange_params *p, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_i16_bf16(const qrange_context *ctx, const int16_t *q, size_t n,
                                                  const qrange_params *p, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_axis_u8_bf16(const qrange_context *ctx, const uint8_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_axis_i8_bf16(const qrange_context *ctx, const int8_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_axis_u16_bf16(const qrange_context *ctx, const uint16_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_axis_i16_bf16(const qrange_context *ctx, const int16_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_axis_u4_bf16(const qrange_context *ctx, const uint8_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, uint16_t *x);
QRANGE_API qrange_status qrange_dequantize_axis_i4_bf16(const qrange_context *ctx, const uint8_t *q,
                                                       const qrange_layout *layout, const qrange_params *params,
                                                       size_t count, uint16_t *x);

#ifdef __cplusplus
}
#endif

#endif /* QRANGE_QRANGE_H */
