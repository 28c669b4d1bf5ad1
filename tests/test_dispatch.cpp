#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <string>

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

TEST_CASE("kernel tuning: AMD family 19h skips the streaming prefetch and divides on wide grids") {
  using qrange::detail::CpuFeatures;
  using qrange::detail::tuning_for;
  CpuFeatures zen4, zen5, intel;
  zen4.amd = zen5.amd = true;
  zen4.x86_family = 0x19;
  zen5.x86_family = 0x1a;
  intel.x86_family = 6;
  CHECK_FALSE(tuning_for(zen4).prefetch_streams);
  CHECK(tuning_for(zen4).reciprocal_grid_max == 0x1p14f);
  for (const CpuFeatures& other : {zen5, intel, CpuFeatures{}}) {
    CHECK(tuning_for(other).prefetch_streams);
    CHECK(tuning_for(other).reciprocal_grid_max == 0x1p20f);
  }
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
