// Checks how QRANGE_ISA from the environment is honoured; one process per
// setting, since the variable is read once. Usage: env_isa_test EXPECTED
// where EXPECTED is the ISA that must be active, or "none" when QRANGE_ISA
// names one that cannot run.
#include <qrange/qrange.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {
int failures = 0;
void expect(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "FAILED: %s\n", what.c_str());
    ++failures;
  }
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s EXPECTED_ISA|none\n", argv[0]);
    return 2;
  }
  const std::string expected = argv[1];
  const char* env = std::getenv("QRANGE_ISA");
  const std::string value = env ? env : "";
  const float x[4] = {1.0f, -2.0f, 3.0f, 0.5f};
  qrange_range r{9.0f, 9.0f};

  expect(qrange_active_isa() == expected, "active ISA is '" + std::string(qrange_active_isa()) + "', expected '" +
                                              expected + "' with QRANGE_ISA='" + value + "'");
  const qrange_status s = qrange_minmax_f32(x, 4, &r, nullptr);
  if (expected == "none") {
    expect(s == QRANGE_ERROR_UNSUPPORTED_ISA, "minmax must fail with QRANGE_ERROR_UNSUPPORTED_ISA");
    const std::string msg = qrange_last_error();
    expect(msg.find("QRANGE_ISA=\"" + value + "\"") != std::string::npos,
           "the message names the variable and its value: " + msg);
    expect(r.min == 9.0f && r.max == 9.0f, "output untouched");
    // An observer needs no kernels until it counts: create and serialize
    // work, the update is refused with the state unchanged.
    qrange_observer* obs = nullptr;
    expect(qrange_observer_create(16, &obs) == QRANGE_OK, "an observer is created without kernels");
    unsigned char before[80], after[80];
    std::size_t size = 0;
    expect(qrange_observer_serialize(obs, before, sizeof before, &size) == QRANGE_OK && size == 80,
           "an empty state serializes");
    expect(qrange_observer_update_f32(nullptr, obs, x, 4) == QRANGE_ERROR_UNSUPPORTED_ISA,
           "observer update must fail with QRANGE_ERROR_UNSUPPORTED_ISA");
    const std::string obs_msg = qrange_last_error();
    expect(obs_msg.find("qrange_observer_update_f32") != std::string::npos &&
               obs_msg.find("QRANGE_ISA=\"" + value + "\"") != std::string::npos,
           "the message names the function and the variable: " + obs_msg);
    expect(qrange_observer_serialize(obs, after, sizeof after, &size) == QRANGE_OK && size == 80 &&
               std::memcmp(before, after, sizeof before) == 0,
           "the observer state is unchanged");
    // A layout is counted without kernels; the per-axis functions need them.
    const std::size_t shape[2] = {2, 2};
    qrange_layout layout = QRANGE_LAYOUT_INIT;
    layout.shape = shape;
    layout.rank = 2;
    std::size_t groups = 0;
    expect(qrange_layout_counts(&layout, nullptr, &groups) == QRANGE_OK && groups == 2,
           "qrange_layout_counts works without kernels");
    qrange_range ranges[2] = {{9.0f, 9.0f}, {9.0f, 9.0f}};
    expect(qrange_minmax_axis_f32(nullptr, x, &layout, ranges, 2) == QRANGE_ERROR_UNSUPPORTED_ISA,
           "minmax per axis must fail with QRANGE_ERROR_UNSUPPORTED_ISA");
    const std::string axis_msg = qrange_last_error();
    expect(axis_msg.find("qrange_minmax_axis_f32") != std::string::npos &&
               axis_msg.find("QRANGE_ISA=\"" + value + "\"") != std::string::npos,
           "the message names the function and the variable: " + axis_msg);
    expect(ranges[0].min == 9.0f && ranges[1].max == 9.0f, "ranges untouched");
    // The float16 and bfloat16 functions need them too.
    const std::uint16_t x_f16[4] = {0x3c00, 0xc000, 0x4200, 0x3800};  // x as float16
    expect(qrange_minmax_f16(nullptr, x_f16, 4, &r, nullptr) == QRANGE_ERROR_UNSUPPORTED_ISA,
           "minmax of float16 must fail with QRANGE_ERROR_UNSUPPORTED_ISA");
    const std::string f16_msg = qrange_last_error();
    expect(f16_msg.find("qrange_minmax_f16") != std::string::npos &&
               f16_msg.find("QRANGE_ISA=\"" + value + "\"") != std::string::npos,
           "the message names the function and the variable: " + f16_msg);
    expect(r.min == 9.0f && r.max == 9.0f, "output untouched");
    const std::uint16_t x_bf16[4] = {0x3f80, 0xc000, 0x4040, 0x3f00};  // x as bfloat16
    expect(qrange_observer_update_bf16(nullptr, obs, x_bf16, 4) == QRANGE_ERROR_UNSUPPORTED_ISA,
           "observer update of bfloat16 must fail with QRANGE_ERROR_UNSUPPORTED_ISA");
    expect(qrange_observer_serialize(obs, after, sizeof after, &size) == QRANGE_OK && size == 80 &&
               std::memcmp(before, after, sizeof before) == 0,
           "the observer state is unchanged");
    expect(qrange_set_isa("no-such-isa") == QRANGE_ERROR_UNSUPPORTED_ISA, "a bad name is refused");
    expect(std::string(qrange_active_isa()) == "none", "a refused qrange_set_isa changes nothing");
    expect(qrange_set_isa("scalar") == QRANGE_OK, "qrange_set_isa(\"scalar\") repairs it");
    expect(qrange_minmax_f32(x, 4, &r, nullptr) == QRANGE_OK && r.min == -2.0f && r.max == 3.0f,
           "minmax works after the repair");
    expect(qrange_observer_update_f32(nullptr, obs, x, 4) == QRANGE_OK, "observer update works after the repair");
    expect(qrange_minmax_f16(nullptr, x_f16, 4, &r, nullptr) == QRANGE_OK && r.min == -2.0f && r.max == 3.0f,
           "minmax of float16 works after the repair");
    qrange_observer_destroy(obs);
  } else {
    expect(s == QRANGE_OK && r.min == -2.0f && r.max == 3.0f, "minmax works on the forced ISA");
  }
  std::printf("QRANGE_ISA='%s': active '%s'; %s\n", value.c_str(), qrange_active_isa(),
              failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
