// The all-ISA test harness: runs a check on every target that is compiled in
// and supported by this CPU, and remembers which ones ran so that main() can
// print them and fail if an expected target was not exercised.
#pragma once

#include <qrange/qrange.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "kernels/kernel_table.hpp"

namespace qrange::test {

// fn(table) for each runnable SIMD target under each kernel tuning (one
// table per kernels::Tuning), so that every path runs on every target here. The scalar
// reference is what fn compares with, so it is not one of them: its own
// checks are known-answer tests and the public-API runs.
void for_each_isa(const std::function<void(const kernels::KernelTable&)>& fn);

// fn(isa name) for each runnable target, with that target active through the
// public qrange_set_isa(); the previous choice is restored afterwards.
void for_each_isa_api(const std::function<void(const char*)>& fn);

const kernels::KernelTable& reference();

// Names of the targets exercised so far, in run order, and the "auto" choice.
std::vector<std::string> covered_isas();

inline std::uint32_t bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
inline float from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

// NaNs (quiet, signalling, negative), infinities, signed zeros, subnormals,
// extremes: what the kernels must get right at every lane position.
std::vector<float> special_values();

// The lengths every kernel test sweeps: 0..300 and sizes around the kernels'
// block and chunk boundaries.
std::vector<std::size_t> test_lengths();

// The user's example: 10,000 values uniform(-50, 150) (seed 2024) and one
// outlier 1000 at the end.
std::vector<float> user_example();

// A float buffer whose data() starts `offset_floats` past a 64-byte boundary,
// so that tests cover every position relative to a cache line.
class OffsetBuffer {
 public:
  OffsetBuffer(const std::vector<float>& values, std::size_t offset_floats)
      : storage_(values.size() + offset_floats + 16) {
    const auto addr = reinterpret_cast<std::uintptr_t>(storage_.data());
    const std::size_t to_line = ((64 - addr % 64) % 64) / sizeof(float);
    data_ = storage_.data() + to_line + offset_floats;
    std::copy(values.begin(), values.end(), data_);
  }
  const float* data() const { return data_; }

 private:
  std::vector<float> storage_;
  float* data_;
};

inline std::vector<float> uniform(std::size_t n, float lo, float hi, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float& f : v) f = d(rng);
  return v;
}

inline std::vector<float> random_bit_patterns(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<float> v(n);
  for (float& f : v) f = from_bits(static_cast<std::uint32_t>(rng()));
  return v;
}

}  // namespace qrange::test

// For the doctest test files, which include doctest before this header; the
// stress and out-of-memory drivers share the header without doctest.
#ifdef DOCTEST_LIBRARY_INCLUDED
#include <qrange/qrange.hpp>

namespace qrange::test {

// call() must throw qrange::error with `status` and a message containing
// `needle`.
template <class Call>
void expect_error(Call&& call, qrange_status status, const std::string& needle) {
  try {
    call();
    FAIL("expected qrange::error with " << qrange_status_string(status) << " (" << needle << ")");
  } catch (const qrange::error& e) {
    const std::string message = e.what();  // a const char* would print as its address
    CHECK_MESSAGE(e.code() == status, message);
    CHECK_MESSAGE(message.find(needle) != std::string::npos, message << " lacks " << needle);
  }
}

}  // namespace qrange::test
#endif
