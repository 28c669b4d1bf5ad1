// The bad-input contract of docs/errors.md through the C++ API: each row
// throws qrange::error with the status and a message naming the problem.
#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace {

template <class Call>
void expect_error(Call&& call, qrange_status status, const std::string& needle) {
  try {
    call();
    FAIL("expected qrange::error with " << qrange_status_string(status));
  } catch (const qrange::error& e) {
    CHECK(e.code() == status);
    CHECK_MESSAGE(std::string(e.what()).find(needle) != std::string::npos, e.what());
  }
}

}  // namespace

TEST_CASE("contract (C++): minmax") {
  const std::vector<float> nonfinite{NAN, INFINITY};
  expect_error([] { qrange::minmax(nullptr, 4); }, QRANGE_ERROR_NULL_POINTER, "x is NULL");
  expect_error([] { qrange::minmax(std::vector<float>{}); }, QRANGE_ERROR_EMPTY_INPUT, "no finite value");
  expect_error([&] { qrange::minmax(nonfinite); }, QRANGE_ERROR_EMPTY_INPUT, "no finite value");
}

TEST_CASE("contract (C++): dispatch and threads") {
  const std::string before = qrange::active_isa();
  expect_error([] { qrange::set_isa("sse9"); }, QRANGE_ERROR_UNSUPPORTED_ISA, "unknown ISA 'sse9'");
  CHECK(qrange::active_isa() == before);
  expect_error([] { qrange::set_num_threads(-1); }, QRANGE_ERROR_INVALID_ARGUMENT, "negative");
}
