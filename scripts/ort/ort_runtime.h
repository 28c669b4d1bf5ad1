/*
 * ONNX Runtime loaded with dlopen (ort_c_api.h declares the part of its C
 * API used here): one environment and one CPU memory description for the
 * process, sessions from in-memory models, tensors on caller memory.
 */
#ifndef QRANGE_ORT_RUNTIME_H
#define QRANGE_ORT_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "onnx_pb.h"
#include "ort_c_api.h"

extern OrtFns ort;
extern OrtEnv *ort_env;
extern OrtMemoryInfo *ort_cpu;
extern char ort_version[64]; /* GetVersionString */

/* Loads the library at path and creates the environment; dies on failure. */
void ort_load(const char *path);
void ort_unload(void);

/* Dies with ORT's message when st is an error (st NULL: success). */
void ort_check(OrtStatus *st, const char *what);
/* Returns 0 for success; else writes "ORT error CODE: MESSAGE" into msg,
 * releases st and returns 1. */
int ort_failed(OrtStatus *st, char *msg, size_t cap);

/* A session on model (freed), intra-op threads `threads`, inter-op 1, graph
 * optimization ORT_ENABLE_ALL (the default); NULL with ORT's message in msg
 * when ORT refuses the model. */
OrtSession *ort_try_session(pb model, int threads, char *msg, size_t cap);
/* The same, dying on failure. */
OrtSession *ort_new_session(pb model, int threads);

/* A tensor of element type elem (ONNX_*) and shape dims[0 .. rank) on
 * bytes bytes of caller memory at data (4-bit types: (n + 1) / 2 bytes). */
OrtValue *ort_tensor(void *data, size_t bytes, const int64_t *dims, size_t rank, int elem);

#endif /* QRANGE_ORT_RUNTIME_H */
