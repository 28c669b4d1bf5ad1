// Every public operation as a uniform callable over a float input, so that
// the whole-API tests (thread counts, concurrency, allocation failure, the
// differential fuzzer) cover each operation without a copy of the calls.
// Those of float16 and bfloat16 take the input rounded to their type.
#pragma once

#include <qrange/qrange.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace qrange::test {

// The status and the bytes of every output, for bit-exact comparison.
struct OpResult {
  qrange_status status = QRANGE_OK;
  std::vector<unsigned char> bytes;
  bool operator==(const OpResult& o) const { return status == o.status && bytes == o.bytes; }
  bool operator!=(const OpResult& o) const { return !(*this == o); }

  template <class T>
  void append(const T* p, std::size_t count) {
    const auto* b = reinterpret_cast<const unsigned char*>(p);
    bytes.insert(bytes.end(), b, b + count * sizeof(T));
  }
  template <class T>
  void append(const T& v) {
    append(&v, 1);
  }
};

// The arguments besides the input; tests use the defaults, the fuzzer fills
// them from its bytes.
struct OpParams {
  double percentile = 99.99;
  std::size_t bins = 2048;
  qrange_range range{-100.0f, 200.0f};
  const qrange_context* ctx = nullptr;  // how every call runs (the *_ex functions)
};

struct Operation {
  const char* name;
  OpResult (*run)(const float* x, std::size_t n, const OpParams& p);
  // For an operation on float16 or bfloat16 (x rounded to it) or writing
  // them: the same through the float32 functions, on x rounded and widened
  // back, their dequantized values rounded; it must give the same result.
  // NULL for the float32 operations.
  OpResult (*reference)(const float* x, std::size_t n, const OpParams& p) = nullptr;
  OpResult operator()(const float* x, std::size_t n, const OpParams& p = {}) const { return run(x, n, p); }
};

const std::vector<Operation>& all_operations();

// A qrange_parallel_for_fn that runs the tasks on the calling thread, last
// first: results must not depend on where or in which order tasks run.
void run_backwards(void* pool, std::size_t count, qrange_task_fn task, void* arg);

// Runs one qrange call with inside_api_call() true, so that a test can act on
// the library's allocations only (oom_main.cpp), not on the test's own.
bool inside_api_call();
void set_inside_api_call(bool inside);

template <class Call>
qrange_status api_call(Call&& call) {
  set_inside_api_call(true);
  const qrange_status s = call();
  set_inside_api_call(false);
  return s;
}

}  // namespace qrange::test
