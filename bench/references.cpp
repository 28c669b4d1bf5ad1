#include "bench/references.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#include "src/dispatch.hpp"

namespace qrange::bench {

const References& references_avx2();
const References& references_avx512();
const References& references_neon();

namespace {
const References* by_name(const std::string& isa) {
#if defined(QRANGE_HAVE_AVX2)
  if (isa == "avx2") return &references_avx2();
#endif
#if defined(QRANGE_HAVE_AVX512)
  if (isa == "avx512") return &references_avx512();
#endif
#if defined(QRANGE_HAVE_NEON)
  if (isa == "neon") return &references_neon();
#endif
  (void)isa;
  return nullptr;
}
}  // namespace

const References& best_references() {
  const References* best = nullptr;
  for (const detail::Target& t : detail::compiled_targets())
    if (t.supported())
      if (const References* r = by_name(t.name)) best = r;
  if (best == nullptr) throw std::runtime_error("the memory references need a SIMD target this CPU runs");
  return *best;
}

}  // namespace qrange::bench
