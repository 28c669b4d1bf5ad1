// libFuzzer target: the qrange command's .safetensors reader on any bytes
// (the input is the whole file). A bad file must end in the command's Error,
// never in a crash or a sanitizer report; a file it accepts must give tensors
// that lie inside the input, float tensors whose values can be read, and
// metadata that prints and parses back to the same JSON.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "error.hpp"
#include "json_text.hpp"
#include "progress.hpp"
#include "safetensors.hpp"
#include "tensor.hpp"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "safetensors_fuzzer: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace qrange::cli;
  Safetensors st;
  try {
    st = read_safetensors("fuzz.safetensors", data, size);
  } catch (const Error&) {
    return 0;
  }
  for (const Tensor& t : st.tensors) {
    if (t.data < data || t.bytes > size || t.data > data + size - t.bytes) fail("a tensor lies outside the file");
    if (!is_float(t.dtype)) continue;
    if (t.count() * item_size(t.dtype) != t.bytes) fail("a float tensor's size disagrees with its shape");
    Progress progress("fuzz", t.bytes);
    const TensorValues values(t, progress);
    if (values.values().size != t.count()) fail("a float tensor read as the wrong count");
  }
  const std::string text = dump(st.metadata);
  if (parse(text.data(), text.size()) != st.metadata) fail("the metadata does not print and parse back");
  return 0;
}
