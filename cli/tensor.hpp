// A tensor as it lies in a mapped input file, and its values as float32.
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

// The values of a float tensor as float32. Native float32 that is suitably
// aligned is read in place from the mapping; anything else is converted into
// memory owned here (float64 values beyond the float32 range become +-Inf).
class Float32Values {
 public:
  Float32Values(const Tensor& t, Progress& progress);
  const float* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  std::vector<float> owned_;
  const float* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace qrange::cli
