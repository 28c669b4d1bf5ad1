// The public headers, compiled as C++17 with -pedantic -Werror: the C header
// on its own, then the C++ wrappers.
#include <qrange/qrange.h>
#include <qrange/qrange.hpp>

#include <cstdio>
#include <string>

int main() {
  if (qrange::version() != QRANGE_VERSION_STRING) {
    std::fprintf(stderr, "compiled against %s, loaded %s\n", QRANGE_VERSION_STRING, qrange::version().c_str());
    return 1;
  }
  const float x[3] = {2.0f, -1.0f, 0.5f};
  const auto res = qrange::minmax(x, 3);
  // The same values as float16 and bfloat16 bit patterns.
  const qrange::float16 x_f16[3] = {{0x4000}, {0xbc00}, {0x3800}};
  const qrange::bfloat16 x_bf16[3] = {{0x4000}, {0xbf80}, {0x3f00}};
  const auto res_f16 = qrange::minmax(x_f16, 3);
  const auto res_bf16 = qrange::minmax(x_bf16, 3);
  if (res_f16.r.min != -1.0f || res_f16.r.max != 2.0f || res_bf16.r.min != -1.0f || res_bf16.r.max != 2.0f) return 1;
  // The literal 0 is the default bin count, not a null handle.
  const qrange::observer obs(0);
  qrange_observer* handle = nullptr;
  if (qrange_observer_create(16, &handle) != QRANGE_OK) return 1;
  const qrange::observer owner(handle);
  if (obs.stats().bins != QRANGE_OBSERVER_DEFAULT_BINS || owner.get() != handle) return 1;
  // Blocks of 32 along the last axis: 2 blocks in each of the 3 rows.
  const qrange::axis_view blocks({3, 40}, -1, 32);
  if (blocks.elements() != 120 || blocks.groups() != 6) return 1;
  return res.r.min == -1.0f && res.r.max == 2.0f && res.nonfinite == 0 ? 0 : 1;
}
