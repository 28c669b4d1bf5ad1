// A tensor as it lies in a mapped input file, and its values as the library
// reads them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace qrange::cli {

class Progress;

enum class DType { f16, bf16, f32, f64, u8, i8, u16, i16, other };

bool is_float(DType d);
std::size_t item_size(DType d);  // 0 for `other`
const char* dtype_name(DType d);  // numpy's names: float32, uint8, ...

struct Tensor {
  std::string name;
  DType dtype = DType::other;
  std::string stored_dtype;  // as the file spells it ("<f4", "BF16"): for messages and pass-through
  bool big_endian = false;
  std::vector<std::uint64_t> shape;
  const unsigned char* data = nullptr;  // inside the mapped file
  std::size_t bytes = 0;

  std::uint64_t count() const;
};

std::string shape_string(const std::vector<std::uint64_t>& shape);  // "(3, 4)"

// A float tensor's values in a type the library reads: float32, or the bit
// patterns of float16 or bfloat16, which its _f16 and _bf16 functions read as
// they are, with the float32 function's results (values.hpp calls them).
struct Values {
  DType dtype = DType::f32;  // f32, f16 or bf16
  const void* data = nullptr;  // host byte order, aligned for the type
  std::size_t size = 0;
};

// The Values of a float tensor. Native float32, float16 and bfloat16 that is
// suitably aligned is read in place from the mapping. The mapping starts on a
// page, so that is a matter of the tensor's offset in the file: numpy pads
// .npy headers to 64 bytes, and safetensors' data starts after a header
// usually padded to 8, but neither format requires it. A misaligned or
// byte-swapped float16 or bfloat16 tensor is copied as 16-bit values, which
// the library takes aligned and in host order (half the memory of a float32
// copy, and the same native calls); anything else is converted to float32 in
// memory owned here (float64 values beyond the float32 range become +-Inf).
class TensorValues {
 public:
  TensorValues(const Tensor& t, Progress& progress);
  TensorValues(const TensorValues&) = delete;  // values() may point into it
  TensorValues& operator=(const TensorValues&) = delete;
  const Values& values() const { return values_; }

 private:
  std::vector<std::uint16_t> owned16_;
  std::vector<float> owned32_;
  Values values_;
};

}  // namespace qrange::cli
