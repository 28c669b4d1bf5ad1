/*
 * Small helpers shared by the ONNX Runtime comparison drivers: fatal errors,
 * allocation, float bits, clocks, a seeded generator and qrange status checks.
 */
#ifndef QRANGE_ORT_COMMON_H
#define QRANGE_ORT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <qrange/qrange.h>

/* Prints "ort_compare: ..." to stderr and exits with status 2. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void *xmalloc(size_t n);

uint32_t f2u(float f);
float u2f(uint32_t u);
/* "NaN", "+Inf", "-Inf", "+0", "-0", "subnormal" or "normal". */
const char *classify(float v);

double now_s(void);
void sleep_ms(int ms);

/* splitmix64, one process-wide state with a fixed seed: every run draws the
 * same values in the same order. */
uint64_t rng_next(void);
float rng_uniform(float lo, float hi);

/* Dies with qrange's message unless s is QRANGE_OK. */
void qcheck(qrange_status s, const char *what);

#endif /* QRANGE_ORT_COMMON_H */
