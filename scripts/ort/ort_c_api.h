/*
 * The small part of the ONNX Runtime C API that the comparison drivers use
 * (through ort_runtime.c), declared here because the onnxruntime-node npm
 * package ships the library without its headers.
 *
 * The C API is one table of function pointers (struct OrtApi) reached through
 * OrtGetApiBase()->GetApi(version). ONNX Runtime only ever appends to that
 * table, so a function keeps its position in every later release: we index
 * the table by position instead of declaring the whole struct.
 *
 * Positions counted from the member order of struct OrtApi in
 *   microsoft/onnxruntime, include/onnxruntime/core/session/onnxruntime_c_api.h
 *   at commit 0017800f6539412b364502d8b59c11463a6411e6 (ORT_API_VERSION 13),
 * where every function used here already exists. ONNX Runtime 1.30.0 (the
 * npm package's library) serves API versions 1 to 30 (ORT_API_VERSION 30;
 * it refuses 31), and GetApi(13) returns the same table as GetApi(30). The
 * driver prints GetVersionString and stops on any call that fails; the
 * positions were also checked by their effects (a garbage model gives
 * ORT_INVALID_PROTOBUF through GetErrorCode/GetErrorMessage, an invalid
 * optimization level is refused, SetIntraOpNumThreads(n) starts n - 1 pool
 * threads, outputs land in the caller's buffers through Run and IoBinding).
 *
 * Signatures follow that header; OrtStatus* NULL means success.
 */
#ifndef QRANGE_ORT_C_API_H
#define QRANGE_ORT_C_API_H

#include <stddef.h>
#include <stdint.h>

/* The header version whose table layout we rely on (see above). */
#define ORT_COMPARE_API_VERSION 13u

typedef struct OrtStatus OrtStatus;
typedef struct OrtEnv OrtEnv;
typedef struct OrtSession OrtSession;
typedef struct OrtSessionOptions OrtSessionOptions;
typedef struct OrtValue OrtValue;
typedef struct OrtMemoryInfo OrtMemoryInfo;
typedef struct OrtRunOptions OrtRunOptions;
typedef struct OrtIoBinding OrtIoBinding;
typedef struct OrtApi OrtApi; /* opaque here: a table of function pointers */

typedef struct OrtApiBase {
  const OrtApi *(*GetApi)(uint32_t version);
  const char *(*GetVersionString)(void);
} OrtApiBase;

typedef const OrtApiBase *(*OrtGetApiBaseFn)(void);

/* enum ONNXTensorElementDataType (also TensorProto.DataType in onnx.proto) */
enum { ORT_ELEM_FLOAT = 1, ORT_ELEM_UINT8 = 2 };
/* enum OrtLoggingLevel */
enum { ORT_LOGGING_LEVEL_WARNING = 2, ORT_LOGGING_LEVEL_ERROR = 3 };
/* enum GraphOptimizationLevel */
enum { ORT_DISABLE_ALL = 0, ORT_ENABLE_BASIC = 1, ORT_ENABLE_EXTENDED = 2, ORT_ENABLE_ALL = 99 };
/* enum OrtAllocatorType, enum OrtMemType */
enum { ORT_DEVICE_ALLOCATOR = 0, ORT_ARENA_ALLOCATOR = 1 };
enum { ORT_MEM_TYPE_DEFAULT = 0 };

/* Positions in struct OrtApi (0-based), from the commit cited above. */
enum {
  ORT_IDX_GetErrorCode = 1,
  ORT_IDX_GetErrorMessage = 2,
  ORT_IDX_CreateEnv = 3,
  ORT_IDX_CreateSessionFromArray = 8,
  ORT_IDX_Run = 9,
  ORT_IDX_CreateSessionOptions = 10,
  ORT_IDX_SetSessionGraphOptimizationLevel = 23,
  ORT_IDX_SetIntraOpNumThreads = 24,
  ORT_IDX_SetInterOpNumThreads = 25,
  ORT_IDX_CreateTensorWithDataAsOrtValue = 49,
  ORT_IDX_GetTensorMutableData = 51,
  ORT_IDX_CreateCpuMemoryInfo = 69,
  ORT_IDX_ReleaseEnv = 92,
  ORT_IDX_ReleaseStatus = 93,
  ORT_IDX_ReleaseMemoryInfo = 94,
  ORT_IDX_ReleaseSession = 95,
  ORT_IDX_ReleaseValue = 96,
  ORT_IDX_ReleaseSessionOptions = 100,
  ORT_IDX_RunWithBinding = 133,
  ORT_IDX_CreateIoBinding = 134,
  ORT_IDX_ReleaseIoBinding = 135,
  ORT_IDX_BindInput = 136,
  ORT_IDX_BindOutput = 137
};

/* The functions, typed. */
typedef struct OrtFns {
  int (*GetErrorCode)(const OrtStatus *status);
  const char *(*GetErrorMessage)(const OrtStatus *status);
  OrtStatus *(*CreateEnv)(int log_severity_level, const char *logid, OrtEnv **out);
  OrtStatus *(*CreateSessionFromArray)(const OrtEnv *env, const void *model_data, size_t model_data_length,
                                       const OrtSessionOptions *options, OrtSession **out);
  OrtStatus *(*Run)(OrtSession *session, const OrtRunOptions *run_options, const char *const *input_names,
                    const OrtValue *const *inputs, size_t input_len, const char *const *output_names,
                    size_t output_names_len, OrtValue **outputs);
  OrtStatus *(*CreateSessionOptions)(OrtSessionOptions **options);
  OrtStatus *(*SetSessionGraphOptimizationLevel)(OrtSessionOptions *options, int graph_optimization_level);
  OrtStatus *(*SetIntraOpNumThreads)(OrtSessionOptions *options, int intra_op_num_threads);
  OrtStatus *(*SetInterOpNumThreads)(OrtSessionOptions *options, int inter_op_num_threads);
  OrtStatus *(*CreateTensorWithDataAsOrtValue)(const OrtMemoryInfo *info, void *p_data, size_t p_data_len,
                                               const int64_t *shape, size_t shape_len, int type, OrtValue **out);
  OrtStatus *(*GetTensorMutableData)(OrtValue *value, void **out);
  OrtStatus *(*CreateCpuMemoryInfo)(int type, int mem_type, OrtMemoryInfo **out);
  void (*ReleaseEnv)(OrtEnv *);
  void (*ReleaseStatus)(OrtStatus *);
  void (*ReleaseMemoryInfo)(OrtMemoryInfo *);
  void (*ReleaseSession)(OrtSession *);
  void (*ReleaseValue)(OrtValue *);
  void (*ReleaseSessionOptions)(OrtSessionOptions *);
  OrtStatus *(*RunWithBinding)(OrtSession *session, const OrtRunOptions *run_options, const OrtIoBinding *binding);
  OrtStatus *(*CreateIoBinding)(OrtSession *session, OrtIoBinding **out);
  void (*ReleaseIoBinding)(OrtIoBinding *);
  OrtStatus *(*BindInput)(OrtIoBinding *binding, const char *name, const OrtValue *value);
  OrtStatus *(*BindOutput)(OrtIoBinding *binding, const char *name, const OrtValue *value);
} OrtFns;

/* Fills *f from the table api points to. Function pointers are read through
 * a table of void (*)(void) of the same size and representation as the
 * struct's members on every platform ONNX Runtime supports. */
static inline void ort_fns_load(const OrtApi *api, OrtFns *f) {
  typedef void (*any_fn)(void);
  const any_fn *t = (const any_fn *)(const void *)api;
#define ORT_LOAD(name) f->name = (__typeof__(f->name))t[ORT_IDX_##name]
  ORT_LOAD(GetErrorCode);
  ORT_LOAD(GetErrorMessage);
  ORT_LOAD(CreateEnv);
  ORT_LOAD(CreateSessionFromArray);
  ORT_LOAD(Run);
  ORT_LOAD(CreateSessionOptions);
  ORT_LOAD(SetSessionGraphOptimizationLevel);
  ORT_LOAD(SetIntraOpNumThreads);
  ORT_LOAD(SetInterOpNumThreads);
  ORT_LOAD(CreateTensorWithDataAsOrtValue);
  ORT_LOAD(GetTensorMutableData);
  ORT_LOAD(CreateCpuMemoryInfo);
  ORT_LOAD(ReleaseEnv);
  ORT_LOAD(ReleaseStatus);
  ORT_LOAD(ReleaseMemoryInfo);
  ORT_LOAD(ReleaseSession);
  ORT_LOAD(ReleaseValue);
  ORT_LOAD(ReleaseSessionOptions);
  ORT_LOAD(RunWithBinding);
  ORT_LOAD(CreateIoBinding);
  ORT_LOAD(ReleaseIoBinding);
  ORT_LOAD(BindInput);
  ORT_LOAD(BindOutput);
#undef ORT_LOAD
}

#endif /* QRANGE_ORT_C_API_H */
