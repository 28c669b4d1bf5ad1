#include "tensor.hpp"

#include <cstdint>
#include <cstring>

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

// A float32 or float64 value as float32.
float to_float32(DType d, const unsigned char* p, bool swap) {
  if (d == DType::f32) {
    const std::uint32_t u = load<std::uint32_t>(p, swap);
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
  }
  const std::uint64_t u = load<std::uint64_t>(p, swap);
  double v;
  std::memcpy(&v, &u, sizeof v);
  return static_cast<float>(v);
}

// f(i) for each i in [0, n), reporting `item` bytes a value to `progress`.
template <class F>
void for_each_value(std::size_t n, std::size_t item, Progress& progress, F f) {
  constexpr std::size_t kStep = std::size_t{1} << 22;  // values between progress updates
  for (std::size_t begin = 0; begin < n; begin += kStep) {
    const std::size_t end = begin + kStep < n ? begin + kStep : n;
    for (std::size_t i = begin; i < end; ++i) f(i);
    progress.advance((end - begin) * item);
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

TensorValues::TensorValues(const Tensor& t, Progress& progress) {
  const std::size_t n = static_cast<std::size_t>(t.count());
  const std::size_t item = item_size(t.dtype);
  const bool swap = t.big_endian != kHostBigEndian;
  const bool half = t.dtype == DType::f16 || t.dtype == DType::bf16;
  // In place only at the type's alignment, which for these types is their size.
  const bool aligned = reinterpret_cast<std::uintptr_t>(t.data) % item == 0;
  if ((half || t.dtype == DType::f32) && !swap && aligned) {
    values_ = {t.dtype, t.data, n};
    progress.advance(t.bytes);
    return;
  }
  if (half) {
    owned16_.resize(n);
    for_each_value(n, item, progress,
                   [&](std::size_t i) { owned16_[i] = load<std::uint16_t>(t.data + i * item, swap); });
    values_ = {t.dtype, owned16_.data(), n};
    return;
  }
  owned32_.resize(n);
  for_each_value(n, item, progress,
                 [&](std::size_t i) { owned32_[i] = to_float32(t.dtype, t.data + i * item, swap); });
  values_ = {DType::f32, owned32_.data(), n};
}

}  // namespace qrange::cli
