// `qrange isa`: what a bug report needs to know about the kernels that ran.
#include <qrange/qrange.hpp>

#include <omp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "commands.hpp"
#include "src/cpu_features.hpp"
#include "src/dispatch.hpp"

namespace qrange::cli {

namespace {

// For targets not compiled in, dispatch has no supported() to ask.
bool cpu_has(const char* isa) {
  const auto& f = qrange::detail::cpu_features();
  if (std::strcmp(isa, "avx2") == 0) return f.avx2;
  if (std::strcmp(isa, "avx512") == 0) return f.avx512;
  if (std::strcmp(isa, "neon") == 0) return f.neon;
  return true;  // scalar
}

}  // namespace

int run_isa() {
  const std::string active = qrange::active_isa();
  std::printf("qrange %s\n\n", qrange_version());
  std::printf("%-8s  %-11s  %-8s  %s\n", "ISA", "compiled in", "this CPU", "active");
  for (const char* isa : {"scalar", "avx2", "avx512", "neon"}) {
    bool compiled = false, supported = cpu_has(isa);
    for (const auto& t : qrange::detail::compiled_targets())
      if (std::strcmp(t.name, isa) == 0) {
        compiled = true;
        supported = t.supported();
      }
    std::string line(64, '\0');
    line.resize(static_cast<std::size_t>(std::snprintf(&line[0], line.size(), "%-8s  %-11s  %-8s  %s", isa,
                                                       compiled ? "yes" : "no", supported ? "yes" : "no",
                                                       active == isa ? "*" : "")));
    std::printf("%s\n", line.substr(0, line.find_last_not_of(' ') + 1).c_str());
  }
  const char* env = std::getenv("QRANGE_ISA");
  std::printf("\nQRANGE_ISA: %s\n", env && *env ? env : "(not set: the best this CPU supports)");
  if (active == "none") std::printf("no ISA is active: QRANGE_ISA names one that cannot run here\n");
  std::printf("OpenMP threads: %d\n", omp_get_max_threads());
  return 0;
}

}  // namespace qrange::cli
