#include "harness.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "src/dispatch.hpp"

namespace qrange::test {

namespace {
std::vector<std::string>& coverage() {
  static std::vector<std::string> names;
  return names;
}
void record(const char* isa) {
  auto& c = coverage();
  if (std::find(c.begin(), c.end(), isa) == c.end()) c.emplace_back(isa);
}
}  // namespace

void for_each_isa(const std::function<void(const kernels::KernelTable&)>& fn) {
  for (const detail::Target& t : detail::compiled_targets()) {
    if (!t.supported() || &t.table(kernels::Tuning::standard) == &reference()) continue;
    record(t.name);
    for (kernels::Tuning tuning : kernels::kTunings) fn(t.table(tuning));
  }
}

void for_each_isa_api(const std::function<void(const char*)>& fn) {
  const std::string before = qrange_active_isa();
  for (const detail::Target& t : detail::compiled_targets()) {
    if (!t.supported()) continue;
    record(t.name);
    if (qrange_set_isa(t.name) != QRANGE_OK) throw std::runtime_error(qrange_last_error());
    fn(t.name);
  }
  qrange_set_isa(before == "none" ? "auto" : before.c_str());
}

const kernels::KernelTable& reference() { return kernels::table_scalar(); }

std::vector<std::string> covered_isas() { return coverage(); }

std::vector<float> special_values() {
  const float inf = std::numeric_limits<float>::infinity();
  return {
      from_bits(0x7fc00000u),  // quiet NaN
      from_bits(0x7f800001u),  // signalling NaN
      from_bits(0xffc00000u),  // negative quiet NaN
      from_bits(0x7fffffffu),  // NaN with every payload bit
      inf,
      -inf,
      0.0f,
      -0.0f,
      std::numeric_limits<float>::denorm_min(),
      -std::numeric_limits<float>::denorm_min(),
      from_bits(0x007fffffu),  // largest subnormal
      std::numeric_limits<float>::min(),
      std::numeric_limits<float>::max(),
      std::numeric_limits<float>::lowest(),
      1e30f,
      -1e30f,
  };
}

std::vector<std::size_t> test_lengths() {
  std::vector<std::size_t> n;
  for (std::size_t i = 0; i <= 300; ++i) n.push_back(i);
  for (std::size_t big : {1000u, 2047u, 2048u, 2049u, 4096u + 13u, 65536u + 7u, (1u << 20) + 5u}) n.push_back(big);
  return n;
}

std::vector<float> user_example() {
  auto x = uniform(10000, -50.0f, 150.0f, 2024);
  x.push_back(1000.0f);
  return x;
}

}  // namespace qrange::test
