// The min/max of a small tensor through the C++ API; exits non-zero if the
// result is wrong or qrange reports an error.
#include <qrange/qrange.hpp>

#include <cstdio>
#include <limits>
#include <vector>

int main() {
  const std::vector<float> x = {0.5f, -3.0f, std::numeric_limits<float>::quiet_NaN(), 7.25f, 1.0f};
  try {
    const auto [r, nonfinite] = qrange::minmax(x);
    std::printf("qrange %s (%s): min %g, max %g, %llu non-finite\n", qrange::version().c_str(),
                qrange::active_isa().c_str(), r.min, r.max, static_cast<unsigned long long>(nonfinite));
    return r.min == -3.0f && r.max == 7.25f && nonfinite == 1 ? 0 : 1;
  } catch (const qrange::error& e) {
    std::fprintf(stderr, "qrange: %s\n", e.what());
    return 1;
  }
}
