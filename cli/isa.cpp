// `qrange isa`: what a bug report needs to know about the kernels that ran.
#include <qrange/qrange.hpp>

#include <omp.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "commands.hpp"

namespace qrange::cli {

int run_isa() {
  const std::string active = qrange::active_isa();
  std::printf("qrange %s\n\n", qrange_version());
  std::printf("%-8s  %-11s  %-8s  %s\n", "ISA", "compiled in", "this CPU", "active");
  for (const qrange::isa_info& isa : qrange::isas()) {
    std::string line(64, '\0');
    line.resize(static_cast<std::size_t>(std::snprintf(&line[0], line.size(), "%-8s  %-11s  %-8s  %s", isa.name,
                                                       isa.compiled ? "yes" : "no", isa.supported ? "yes" : "no",
                                                       active == isa.name ? "*" : "")));
    std::printf("%s\n", line.substr(0, line.find_last_not_of(' ') + 1).c_str());
  }
  const char* env = std::getenv("QRANGE_ISA");
  std::printf("\nQRANGE_ISA: %s\n", env && *env ? env : "(not set: the best this CPU supports)");
  if (active == "none") std::printf("no ISA is active: QRANGE_ISA names one that cannot run here\n");
  std::printf("OpenMP threads: %d\n", omp_get_max_threads());
  return 0;
}

}  // namespace qrange::cli
