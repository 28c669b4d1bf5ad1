#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <string>
#include <vector>

#include "harness.hpp"
#include "src/dispatch.hpp"
#include "src/tuning.hpp"

TEST_CASE("qrange_set_isa honours every runnable ISA, and auto picks the best") {
  std::string best;
  for (const auto& t : qrange::detail::compiled_targets())
    if (t.supported()) best = t.name;
  qrange::test::for_each_isa_api([](const char* isa) { CHECK(std::string(qrange_active_isa()) == isa); });
  REQUIRE(qrange_set_isa("auto") == QRANGE_OK);
  CHECK(std::string(qrange_active_isa()) == best);
}

TEST_CASE("qrange_set_isa refuses what cannot run and changes nothing") {
  REQUIRE(qrange_set_isa("scalar") == QRANGE_OK);
  CHECK(qrange_set_isa("sse9") == QRANGE_ERROR_UNSUPPORTED_ISA);
  CHECK(std::string(qrange_last_error()).find("unknown ISA 'sse9'") != std::string::npos);
  CHECK(qrange_set_isa(nullptr) == QRANGE_ERROR_NULL_POINTER);
  for (const char* isa : {"avx2", "avx512", "neon"}) {
    bool runnable = false, compiled = false;
    for (const auto& t : qrange::detail::compiled_targets())
      if (std::string(t.name) == isa) compiled = true, runnable = t.supported();
    if (runnable) continue;
    CAPTURE(isa);
    CHECK(qrange_set_isa(isa) == QRANGE_ERROR_UNSUPPORTED_ISA);
    const std::string msg = qrange_last_error();
    CHECK(msg.find(isa) != std::string::npos);
    CHECK(msg.find(compiled ? "not supported by this CPU" : "not compiled into this build") != std::string::npos);
  }
  CHECK(std::string(qrange_active_isa()) == "scalar");
  REQUIRE(qrange_set_isa("auto") == QRANGE_OK);
}

TEST_CASE("qrange::isas lists every known ISA: the compiled-in targets in order, scalar runnable, the active one runnable") {
  const auto isas = qrange::isas();
  REQUIRE(isas.size() == qrange_isa_count());
  std::vector<std::string> names, compiled;
  for (const auto& i : isas) {
    names.push_back(i.name);
    if (i.compiled) compiled.push_back(i.name);
  }
  CHECK(names == std::vector<std::string>{"scalar", "avx2", "avx512", "neon"});
  std::vector<std::string> targets;
  for (const auto& t : qrange::detail::compiled_targets()) {
    targets.push_back(t.name);
    for (const auto& i : isas)
      if (t.name == std::string(i.name)) CHECK(i.supported == (t.supported() ? 1 : 0));
  }
  CHECK(compiled == targets);
  CHECK(isas[0].compiled == 1);
  CHECK(isas[0].supported == 1);
  for (const auto& i : isas)
    if (qrange::active_isa() == i.name) CHECK(i.supported == 1);
}

TEST_CASE("kernel tuning: AMD family 19h gets its own tables, every other CPU the standard ones") {
  using namespace qrange::detail;
  using qrange::kernels::Tuning;
  CpuFeatures zen4, zen5, intel;
  zen4.amd = zen5.amd = true;
  zen4.x86_family = 0x19;
  zen5.x86_family = 0x1a;
  intel.x86_family = 6;
  CHECK(tuning_for(zen4) == Tuning::family19h);
  for (const CpuFeatures& other : {zen5, intel, CpuFeatures{}}) CHECK(tuning_for(other) == Tuning::standard);
  // A SIMD target has one table per tuning, so that the harness runs every
  // path; the scalar reference has one for all.
  for (const Target& t : compiled_targets())
    CHECK((&t.table(Tuning::standard) != &t.table(Tuning::family19h)) == (std::string(t.name) != "scalar"));
}

TEST_CASE("qrange_set_num_threads refuses a negative count") {
  CHECK(qrange_set_num_threads(-1) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(qrange_last_error()).find("negative") != std::string::npos);
  CHECK(qrange_set_num_threads(0) == QRANGE_OK);
}

TEST_CASE("status strings and version") {
  CHECK(std::string(qrange_status_string(QRANGE_ERROR_UNSUPPORTED_ISA)) == "QRANGE_ERROR_UNSUPPORTED_ISA");
  CHECK(std::string(qrange_status_string(static_cast<qrange_status>(99))) == "unknown qrange_status");
  CHECK(qrange::version() == QRANGE_TEST_VERSION);
}
