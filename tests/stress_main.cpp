// 16 threads call every operation at once, for a bounded time, on inputs of
// their own and on one shared read-only input. A third of them run under the
// process-wide settings, which one more thread keeps switching (ISA, thread
// count); the others each under a context of their own: an ISA and 1-4
// OpenMP threads, or an ISA and a pool of their own. Every result must equal
// the single-threaded scalar one.
//   stress_test [seconds]   (default 5)
#include <qrange/qrange.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "examples/thread_pool.hpp"
#include "harness.hpp"
#include "operations.hpp"
#include "src/dispatch.hpp"

using namespace qrange::test;

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 5.0;
  constexpr int kThreads = 16;
  const auto& ops = all_operations();

  // Sizes on both sides of the threading threshold.
  std::vector<std::vector<float>> inputs;
  for (int i = 0; i < kThreads + 1; ++i) {
    auto x = uniform(i % 2 ? 4099 : (1u << 20) + 3 * i, -50.0f, 150.0f, 100 + i);
    x[i] = 1000.0f;
    inputs.push_back(std::move(x));
  }
  const std::vector<float>& shared = inputs.back();

  qrange_set_isa("scalar");
  qrange_set_num_threads(1);
  std::vector<std::vector<OpResult>> want(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i)
    for (const auto& op : ops) want[i].push_back(op(inputs[i].data(), inputs[i].size()));

  std::vector<std::string> isas;
  for (const auto& t : qrange::detail::compiled_targets())
    if (t.supported()) isas.emplace_back(t.name);

  std::atomic<bool> stop{false};
  std::atomic<long> calls{0}, mismatches{0};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      std::optional<qrange_example::ThreadPool> pool;  // only the workers that run on one start it
      if (t % 3 == 2) pool.emplace(2);
      qrange_context ctx = pool ? pool->context() : qrange_context QRANGE_CONTEXT_INIT;
      ctx.isa = isas[static_cast<std::size_t>(t) % isas.size()].c_str();
      if (t % 3 == 1) ctx.num_threads = t % 4 + 1;
      OpParams params;
      params.ctx = t % 3 == 0 ? nullptr : &ctx;
      while (!stop.load()) {
        for (std::size_t k = 0; k < ops.size(); ++k) {
          const std::size_t own = static_cast<std::size_t>(t);
          const std::size_t which = (calls.load() + k) % 2 ? own : inputs.size() - 1;
          const auto& x = which == own ? inputs[own] : shared;
          if (ops[k](x.data(), x.size(), params) != want[which][k]) {
            std::fprintf(stderr, "MISMATCH: thread %d, %s on input %zu\n", t, ops[k].name, which);
            ++mismatches;
          }
          ++calls;
        }
      }
    });
  }
  std::thread switcher([&] {
    for (unsigned i = 0; !stop.load(); ++i) {
      qrange_set_isa(isas[i % isas.size()].c_str());
      qrange_set_num_threads(static_cast<int>(i % 4));
      std::this_thread::sleep_for(std::chrono::milliseconds(3));
    }
  });
  std::this_thread::sleep_until(deadline);
  stop = true;
  for (auto& w : workers) w.join();
  switcher.join();
  (void)shared;

  std::printf("stress: %ld calls from %d threads in %.1f s over ISAs", calls.load(), kThreads, seconds);
  for (const auto& isa : isas) std::printf(" %s", isa.c_str());
  std::printf("; %ld mismatches\n", mismatches.load());
  std::printf("%ld passed, %ld failed\n", calls.load() - mismatches.load(), mismatches.load());
  return mismatches.load() == 0 && calls.load() > 0 ? 0 : 1;
}
