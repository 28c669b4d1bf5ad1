#include "input.hpp"

#include <cstring>

#include "error.hpp"
#include "npy.hpp"
#include "safetensors.hpp"

namespace qrange::cli {

namespace {
bool ends_with(const std::string& s, const char* suffix) {
  const std::size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}
}  // namespace

Format format_of_name(const std::string& path) {
  if (ends_with(path, ".npy")) return Format::npy;
  if (ends_with(path, ".safetensors")) return Format::safetensors;
  throw file_error(path, "unknown file type (expected a .npy or .safetensors file)");
}

InputFile open_input(const std::string& path) {
  InputFile in{std::make_unique<MappedFile>(path), Format::npy, {}, Json::object()};
  const MappedFile& f = *in.file;
  const bool npy_magic = f.size() >= 6 && std::memcmp(f.data(), "\x93NUMPY", 6) == 0;
  in.format = npy_magic ? Format::npy : format_of_name(path);
  if (in.format == Format::npy) {
    Tensor t = read_npy(f);
    const auto slash = path.rfind('/');
    t.name = slash == std::string::npos ? path : path.substr(slash + 1);
    in.tensors.push_back(std::move(t));
  } else {
    Safetensors st = read_safetensors(path, f.data(), f.size());
    in.tensors = std::move(st.tensors);
    in.metadata = std::move(st.metadata);
  }
  return in;
}

std::vector<const Tensor*> float_tensors(const InputFile& in) {
  std::vector<const Tensor*> out;
  for (const Tensor& t : in.tensors) {
    if (!is_float(t.dtype)) continue;
    if (t.count() == 0)
      throw file_error(in.file->path(), "tensor '" + t.name + "': empty tensor, shape " + shape_string(t.shape));
    out.push_back(&t);
  }
  if (out.empty()) throw file_error(in.file->path(), "no F32, F16, BF16 or F64 tensor");
  return out;
}

}  // namespace qrange::cli
