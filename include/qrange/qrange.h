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
  /* Not a status: makes the enum a 32-bit int in every compiler and language,
   * so that any int value passed in is well defined. */
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

/* The number of OpenMP threads for large inputs, for the whole process:
 * 0 means the OpenMP default (OMP_NUM_THREADS or the number of cores).
 * Results do not depend on it, only the speed.
 * Errors: QRANGE_ERROR_INVALID_ARGUMENT for n < 0; the setting is unchanged.
 * Thread safety: any thread, at any time; process-wide, taken into account by
 * calls that start after it returns. */
QRANGE_API qrange_status qrange_set_num_threads(int n);

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

#ifdef __cplusplus
}
#endif

#endif /* QRANGE_QRANGE_H */
