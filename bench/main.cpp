// qrange benchmark suite. Google Benchmark flags apply; in addition:
//   --smoke          every benchmark at small sizes only (for CI)
//   --sizes=A,B,...  these element counts instead of 4K, 64K, 1M, 16M, 64M
#include <benchmark/benchmark.h>
#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/suite.hpp"
#include "src/dispatch.hpp"

namespace qrange::bench {
void register_all(const Config& config);
}

int main(int argc, char** argv) {
  bool smoke = false;
  std::vector<std::size_t> sizes;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--smoke") == 0) {
      smoke = true;
    } else if (std::strncmp(argv[i], "--sizes=", 8) == 0) {
      for (const char* p = argv[i] + 8; *p;) {
        char* end = nullptr;
        sizes.push_back(std::strtoull(p, &end, 10));
        p = *end == ',' ? end + 1 : end;
        if (end == p && *p) return std::fprintf(stderr, "bad --sizes list: %s\n", argv[i]), 1;
      }
    } else {
      args.push_back(argv[i]);
    }
  }
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;

  qrange::bench::Config config;
  if (!sizes.empty())
    config.sizes = sizes;
  else if (smoke)
    config.sizes = {std::size_t{1} << 12, std::size_t{1} << 16};
  else
    config.sizes = {std::size_t{1} << 12, std::size_t{1} << 16, std::size_t{1} << 20, std::size_t{1} << 24,
                    std::size_t{1} << 26};
  config.thread_counts = {1};
  if (omp_get_max_threads() > 1) config.thread_counts.push_back(omp_get_max_threads());
  for (const auto& t : qrange::detail::compiled_targets())
    if (t.supported()) config.isas.emplace_back(t.name);

  qrange::bench::register_all(config);
  benchmark::AddCustomContext("qrange_isas", [&] {
    std::string s;
    for (const auto& isa : config.isas) s += (s.empty() ? "" : ",") + isa;
    return s;
  }());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
