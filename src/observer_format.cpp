// The serialized form of an observer state (docs/observers.md, "Serialized
// form"): little-endian whatever the host, checked field by field on the way
// in.
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include "error.hpp"
#include "observer.hpp"

using qrange::detail::fail;
namespace k = qrange::kernels;

namespace {

constexpr char kMagic[8] = {'Q', 'R', 'A', 'N', 'G', 'E', 'O', 'B'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kHeaderBytes = 80;  // then 8 bytes per used bin
constexpr std::size_t kChecksumAt = 72;    // FNV-1a 64 of bytes [0, 72)

void put(unsigned char* p, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}
std::uint64_t get(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}
std::uint32_t float_bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
float bits_float(std::uint64_t u) {
  const auto v = static_cast<std::uint32_t>(u);
  float f;
  std::memcpy(&f, &v, sizeof f);
  return f;
}

// Every single-byte change of the header changes it: each step is a
// bijection of the running hash.
std::uint64_t fnv1a(const unsigned char* p, std::size_t n) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

std::size_t serialized_size(const qrange_observer& o) { return kHeaderBytes + 8 * std::size_t{o.grid.used}; }

}  // namespace

extern "C" {

qrange_status qrange_observer_serialize(const qrange_observer* obs, void* buf, size_t cap, size_t* size) {
  constexpr const char* kFn = "qrange_observer_serialize";
  if (obs == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: obs is NULL", kFn);
  if (size == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: size is NULL", kFn);
  const std::size_t need = serialized_size(*obs);
  if (buf == nullptr && cap == 0) {
    *size = need;
    return QRANGE_OK;
  }
  if (buf == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: buf is NULL but cap = %zu", kFn, cap);
  if (cap < need)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: cap = %zu bytes, but the state needs %zu", kFn, cap, need);
  auto* p = static_cast<unsigned char*>(buf);
  std::memcpy(p, kMagic, sizeof kMagic);
  put(p + 8, kVersion, 4);
  put(p + 12, obs->bins, 4);
  put(p + 16, obs->finite, 8);
  put(p + 24, obs->counts[obs->bins + k::kSlotNaN], 8);
  put(p + 32, obs->counts[obs->bins + k::kSlotPosInf], 8);
  put(p + 40, obs->counts[obs->bins + k::kSlotNegInf], 8);
  put(p + 48, float_bits(obs->min), 4);
  put(p + 52, float_bits(obs->max), 4);
  put(p + 56, static_cast<std::uint32_t>(obs->grid.exponent), 4);
  put(p + 60, obs->grid.used, 4);
  put(p + 64, static_cast<std::uint64_t>(obs->grid.first), 8);
  put(p + kChecksumAt, fnv1a(p, kChecksumAt), 8);
  for (std::uint32_t i = 0; i < obs->grid.used; ++i) put(p + kHeaderBytes + 8 * std::size_t{i}, obs->counts[i], 8);
  *size = need;
  return QRANGE_OK;
}

qrange_status qrange_observer_deserialize(const void* buf, size_t size, qrange_observer** out) {
  constexpr const char* kFn = "qrange_observer_deserialize";
  if (out == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: out is NULL", kFn);
  if (buf == nullptr && size > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: buf is NULL but size = %zu", kFn, size);
  const auto* p = static_cast<const unsigned char*>(buf);
  const auto bad = [&](const char* what) {
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: not a valid observer state: %s", kFn, what);
  };
  if (size < kHeaderBytes) return bad("shorter than the 80-byte header");
  if (std::memcmp(p, kMagic, sizeof kMagic) != 0) return bad("wrong magic (expected \"QRANGEOB\")");
  if (get(p + 8, 4) != kVersion)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: not a valid observer state: version %llu, this library reads %u",
                kFn, static_cast<unsigned long long>(get(p + 8, 4)), kVersion);
  if (get(p + kChecksumAt, 8) != fnv1a(p, kChecksumAt)) return bad("the header checksum does not match");
  const std::uint64_t bins = get(p + 12, 4);
  if (bins < QRANGE_OBSERVER_MIN_BINS || bins > QRANGE_OBSERVER_MAX_BINS) return bad("bins outside [16, 2^20]");
  const float min = bits_float(get(p + 48, 4)), max = bits_float(get(p + 52, 4));
  const bool empty = min == std::numeric_limits<float>::infinity() && max == -std::numeric_limits<float>::infinity();
  if (!empty) {
    if (!std::isfinite(min) || !std::isfinite(max)) return bad("a range that is neither finite nor empty");
    if (!(min <= max)) return bad("min > max");
    if (std::signbit(min) && min == 0.0f) return bad("min is -0.0 (zeros are stored as +0.0)");
    if (std::signbit(max) && max == 0.0f) return bad("max is -0.0 (zeros are stored as +0.0)");
  }
  const qrange::detail::Grid g = qrange::detail::grid_for(min, max, static_cast<std::uint32_t>(bins));
  if (static_cast<std::int32_t>(static_cast<std::uint32_t>(get(p + 56, 4))) != g.exponent ||
      get(p + 60, 4) != g.used || static_cast<std::int64_t>(get(p + 64, 8)) != g.first)
    return bad("the grid is not the one of the range");
  if (size != kHeaderBytes + 8 * std::size_t{g.used}) return bad("the length is not 80 + 8 * used bins");
  const std::uint64_t finite = get(p + 16, 8);

  std::unique_ptr<qrange_observer> o(qrange::detail::new_observer(static_cast<std::uint32_t>(bins)));
  if (!o) return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate a state of %llu bins", kFn,
                      static_cast<unsigned long long>(bins));
  for (std::uint32_t i = 0; i < g.used; ++i) o->counts[i] = get(p + kHeaderBytes + 8 * std::size_t{i}, 8);
  std::uint64_t sum = 0;
  if (const char* problem = qrange::detail::check_bins(g, o->counts.get(), g.used, &sum)) return bad(problem);
  if (sum != finite) return bad("the bins do not add up to the finite count");
  o->min = min;
  o->max = max;
  o->grid = g;
  o->finite = finite;
  o->counts[o->bins + k::kSlotNaN] = get(p + 24, 8);
  o->counts[o->bins + k::kSlotPosInf] = get(p + 32, 8);
  o->counts[o->bins + k::kSlotNegInf] = get(p + 40, 8);
  *out = o.release();
  return QRANGE_OK;
}

}  // extern "C"
