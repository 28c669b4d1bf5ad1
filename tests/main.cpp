// doctest main that also reports which ISAs the all-ISA harness exercised.
// QRANGE_TEST_EXPECT_ISAS (comma-separated) and QRANGE_TEST_EXPECT_AUTO make
// the run fail when an expected target did not run or auto-detection chose
// another one: a target that cannot be tested fails loudly instead of
// silently passing.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <qrange/qrange.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "harness.hpp"

namespace {

int check_expectations(const std::vector<std::string>& covered, const std::string& auto_isa) {
  int failures = 0;
  if (const char* want = std::getenv("QRANGE_TEST_EXPECT_ISAS"); want && *want) {
    std::stringstream ss(want);
    for (std::string isa; std::getline(ss, isa, ',');) {
      if (isa.empty()) continue;
      if (std::find(covered.begin(), covered.end(), isa) == covered.end()) {
        std::fprintf(stderr, "FAILED: ISA '%s' was expected (QRANGE_TEST_EXPECT_ISAS) but was not tested\n",
                     isa.c_str());
        ++failures;
      }
    }
  }
  if (const char* want = std::getenv("QRANGE_TEST_EXPECT_AUTO"); want && *want && auto_isa != want) {
    std::fprintf(stderr, "FAILED: auto-detection chose '%s', expected '%s' (QRANGE_TEST_EXPECT_AUTO)\n",
                 auto_isa.c_str(), want);
    ++failures;
  }
  return failures;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string auto_isa = qrange_active_isa();
  doctest::Context context(argc, argv);
  const int rc = context.run();
  if (context.shouldExit()) return rc;

  const auto covered = qrange::test::covered_isas();
  std::string list;
  for (const auto& isa : covered) list += (list.empty() ? "" : " ") + isa;
  std::printf("ISAs tested: %s (auto-detected: %s)\n", list.empty() ? "(none)" : list.c_str(), auto_isa.c_str());
  if (rc != 0) return rc;
  return check_expectations(covered, auto_isa) ? 1 : 0;
}
