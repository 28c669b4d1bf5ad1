/* ONNX Runtime through dlopen (ort_runtime.h). */
#define _POSIX_C_SOURCE 200809L
#include "ort_runtime.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

OrtFns ort;
OrtEnv *ort_env;
OrtMemoryInfo *ort_cpu;
char ort_version[64];

void ort_check(OrtStatus *st, const char *what) {
  if (st) {
    fprintf(stderr, "ort_compare: %s: ORT error %d: %s\n", what, ort.GetErrorCode(st), ort.GetErrorMessage(st));
    ort.ReleaseStatus(st);
    exit(2);
  }
}

int ort_failed(OrtStatus *st, char *msg, size_t cap) {
  if (!st) return 0;
  snprintf(msg, cap, "ORT error %d: %s", ort.GetErrorCode(st), ort.GetErrorMessage(st));
  ort.ReleaseStatus(st);
  return 1;
}

void ort_load(const char *path) {
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) die("dlopen %s: %s", path, dlerror());
  OrtGetApiBaseFn get_base;
  *(void **)&get_base = dlsym(h, "OrtGetApiBase");
  if (!get_base) die("%s has no OrtGetApiBase", path);
  const OrtApiBase *base = get_base();
  snprintf(ort_version, sizeof ort_version, "%s", base->GetVersionString());
  const OrtApi *api = base->GetApi(ORT_COMPARE_API_VERSION);
  if (!api) die("ONNX Runtime %s refuses API version %u", ort_version, ORT_COMPARE_API_VERSION);
  ort_fns_load(api, &ort);
  if (strncmp(ort_version, "1.30.", 5) == 0 && base->GetApi(30) != api)
    die("ONNX Runtime %s: GetApi(30) is not the table of GetApi(%u)", ort_version, ORT_COMPARE_API_VERSION);
  ort_check(ort.CreateEnv(ORT_LOGGING_LEVEL_ERROR, "ort_compare", &ort_env), "CreateEnv");
  ort_check(ort.CreateCpuMemoryInfo(ORT_ARENA_ALLOCATOR, ORT_MEM_TYPE_DEFAULT, &ort_cpu), "CreateCpuMemoryInfo");
}

void ort_unload(void) {
  ort.ReleaseMemoryInfo(ort_cpu);
  ort.ReleaseEnv(ort_env);
}

OrtSession *ort_try_session(pb model, int threads, char *msg, size_t cap) {
  OrtSessionOptions *o;
  OrtSession *s = NULL;
  ort_check(ort.CreateSessionOptions(&o), "CreateSessionOptions");
  ort_check(ort.SetIntraOpNumThreads(o, threads), "SetIntraOpNumThreads");
  ort_check(ort.SetInterOpNumThreads(o, 1), "SetInterOpNumThreads");
  ort_check(ort.SetSessionGraphOptimizationLevel(o, ORT_ENABLE_ALL), "SetSessionGraphOptimizationLevel");
  if (ort_failed(ort.CreateSessionFromArray(ort_env, model.p, model.n, o, &s), msg, cap)) s = NULL;
  ort.ReleaseSessionOptions(o);
  free(model.p);
  return s;
}

OrtSession *ort_new_session(pb model, int threads) {
  char msg[1024];
  OrtSession *s = ort_try_session(model, threads, msg, sizeof msg);
  if (!s) die("CreateSessionFromArray: %s", msg);
  return s;
}

OrtValue *ort_tensor(void *data, size_t bytes, const int64_t *dims, size_t rank, int elem) {
  OrtValue *v;
  ort_check(ort.CreateTensorWithDataAsOrtValue(ort_cpu, data, bytes, dims, rank, elem, &v),
            "CreateTensorWithDataAsOrtValue");
  return v;
}
