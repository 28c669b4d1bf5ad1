#include "tensor.hpp"

#include <cstdint>
#include <cstring>

#include "float16.hpp"
#include "progress.hpp"

namespace qrange::cli {

namespace {

constexpr bool kHostBigEndian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;

template <class U>
U load(const unsigned char* p, bool swap) {
  U u;
  std::memcpy(&u, p, sizeof u);
  if (!swap) return u;
  U r = 0;
  for (std::size_t i = 0; i < sizeof u; ++i) r = static_cast<U>((r << 8) | ((u >> (8 * i)) & 0xFF));
  return r;
}

float convert_one(DType d, const unsigned char* p, bool swap) {
  switch (d) {
    case DType::f16: return half_to_float(load<std::uint16_t>(p, swap));
    case DType::bf16: return bfloat16_to_float(load<std::uint16_t>(p, swap));
    case DType::f32: {
      std::uint32_t u = load<std::uint32_t>(p, swap);
      float f;
      std::memcpy(&f, &u, sizeof f);
      return f;
    }
    default: {
      std::uint64_t u = load<std::uint64_t>(p, swap);
      double v;
      std::memcpy(&v, &u, sizeof v);
      return static_cast<float>(v);
    }
  }
}

}  // namespace

bool is_float(DType d) { return d == DType::f16 || d == DType::bf16 || d == DType::f32 || d == DType::f64; }

std::size_t item_size(DType d) {
  switch (d) {
    case DType::u8: case DType::i8: return 1;
    case DType::f16: case DType::bf16: case DType::u16: case DType::i16: return 2;
    case DType::f32: return 4;
    case DType::f64: return 8;
    default: return 0;
  }
}

const char* dtype_name(DType d) {
  switch (d) {
    case DType::f16: return "float16";
    case DType::bf16: return "bfloat16";
    case DType::f32: return "float32";
    case DType::f64: return "float64";
    case DType::u8: return "uint8";
    case DType::i8: return "int8";
    case DType::u16: return "uint16";
    case DType::i16: return "int16";
    default: return "other";
  }
}

std::uint64_t Tensor::count() const {
  std::uint64_t n = 1;
  for (std::uint64_t d : shape) n *= d;
  return n;
}

std::string shape_string(const std::vector<std::uint64_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) s += ",";
  return s + ")";
}

Float32Values::Float32Values(const Tensor& t, Progress& progress) : size_(static_cast<std::size_t>(t.count())) {
  const bool swap = t.big_endian != kHostBigEndian;
  if (t.dtype == DType::f32 && !swap && reinterpret_cast<std::uintptr_t>(t.data) % alignof(float) == 0) {
    data_ = reinterpret_cast<const float*>(t.data);
    progress.advance(t.bytes);
    return;
  }
  owned_.resize(size_);
  const std::size_t item = item_size(t.dtype);
  constexpr std::size_t kStep = std::size_t{1} << 22;  // values between progress updates
  for (std::size_t begin = 0; begin < size_; begin += kStep) {
    const std::size_t end = begin + kStep < size_ ? begin + kStep : size_;
    for (std::size_t i = begin; i < end; ++i) owned_[i] = convert_one(t.dtype, t.data + i * item, swap);
    progress.advance((end - begin) * item);
  }
  data_ = owned_.data();
}

}  // namespace qrange::cli
