#include "safetensors.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "error.hpp"

namespace qrange::cli {

namespace {

struct Known {
  const char* name;
  DType dtype;
  std::size_t size;
};
// Types we read or write, and the sizes of the rest so that their byte
// ranges can be checked too.
constexpr Known kDtypes[] = {
    {"F16", DType::f16, 2}, {"BF16", DType::bf16, 2}, {"F32", DType::f32, 4},   {"F64", DType::f64, 8},
    {"U8", DType::u8, 1},   {"I8", DType::i8, 1},     {"U16", DType::u16, 2},   {"I16", DType::i16, 2},
    {"BOOL", DType::other, 1}, {"F8_E4M3", DType::other, 1}, {"F8_E5M2", DType::other, 1},
    {"I32", DType::other, 4},  {"U32", DType::other, 4},    {"I64", DType::other, 8}, {"U64", DType::other, 8},
};

const Known* lookup(const std::string& name) {
  for (const Known& k : kDtypes)
    if (name == k.name) return &k;
  return nullptr;
}

const Json* member(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::uint64_t as_size(const std::string& where, const Json* v) {
  if (!v || !v->is_number()) throw Error(where + " is not a number");
  if (v->is_number_unsigned()) return v->get<std::uint64_t>();
  // Written as a float ("8.0", "1e3") or negative: the integers up to 2^53,
  // which a double holds exactly, are taken, as JSON readers differ there.
  const double d = v->get<double>();
  if (!(d >= 0 && d <= 9007199254740992.0) || d != static_cast<double>(static_cast<std::uint64_t>(d)))
    throw Error(where + " is not a non-negative integer");
  return static_cast<std::uint64_t>(d);
}

Tensor read_entry(const std::string& path, const std::string& name, const Json& entry, const unsigned char* data,
                  std::uint64_t data_size) {
  const std::string where = path + ": tensor '" + name + "'";
  if (!entry.is_object()) throw Error(where + ": header entry is not an object");
  const Json* dtype = member(entry, "dtype");
  const Json* shape = member(entry, "shape");
  const Json* offsets = member(entry, "data_offsets");
  if (!dtype || !dtype->is_string()) throw Error(where + ": no dtype");
  if (!shape || !shape->is_array()) throw Error(where + ": no shape");
  if (!offsets || !offsets->is_array() || offsets->size() != 2) throw Error(where + ": no data_offsets pair");

  Tensor t;
  t.name = name;
  t.stored_dtype = dtype->get<std::string>();
  const Known* k = lookup(t.stored_dtype);
  t.dtype = k ? k->dtype : DType::other;
  std::uint64_t count = 1;
  for (const Json& d : *shape) {
    const std::uint64_t dim = as_size(where + ": a shape dimension", &d);
    if (dim && count > UINT64_MAX / 8 / dim) throw Error(where + ": shape too large");
    t.shape.push_back(dim);
    count *= dim;
  }
  const std::uint64_t begin = as_size(where + ": data_offsets[0]", &(*offsets)[0]);
  const std::uint64_t end = as_size(where + ": data_offsets[1]", &(*offsets)[1]);
  if (begin > end || end > data_size)
    throw Error(where + ": data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                ") lie outside the " + std::to_string(data_size) + " data bytes (truncated file?)");
  if (k && count * k->size != end - begin)
    throw Error(where + ": shape " + shape_string(t.shape) + " of " + t.stored_dtype + " needs " +
                std::to_string(count * k->size) + " bytes, data_offsets give " + std::to_string(end - begin));
  t.data = data + begin;
  t.bytes = static_cast<std::size_t>(end - begin);
  return t;
}

}  // namespace

Safetensors read_safetensors(const std::string& path, const unsigned char* bytes, std::size_t size) {
  if (size < 8) throw file_error(path, "truncated safetensors file (no header length)");
  std::uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | bytes[i];
  if (header_len > size - 8)
    throw file_error(path, "the header claims " + std::to_string(header_len) + " bytes but the file has only " +
                               std::to_string(size - 8) + " after the length");
  Json header;
  try {
    header = parse(reinterpret_cast<const char*>(bytes + 8), header_len);
  } catch (const std::runtime_error& e) {
    throw file_error(path, std::string("malformed safetensors header: ") + e.what());
  }
  if (!header.is_object()) throw file_error(path, "malformed safetensors header: not a JSON object");

  Safetensors st;
  st.metadata = Json::object();
  const unsigned char* data = bytes + 8 + header_len;
  const std::uint64_t data_size = size - 8 - header_len;
  for (const auto& [name, entry] : header.get_ref<const Json::object_t&>()) {
    if (name == "__metadata__") {
      if (entry.is_object()) st.metadata = entry;
      continue;
    }
    st.tensors.push_back(read_entry(path, name, entry, data, data_size));
  }
  std::stable_sort(st.tensors.begin(), st.tensors.end(),
                   [](const Tensor& a, const Tensor& b) { return a.data < b.data; });
  return st;
}

void write_safetensors_header(AtomicOutput& out, const std::vector<OutputTensor>& tensors,
                              const Json& metadata) {
  Json header = Json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::uint64_t offset = 0;
  for (const OutputTensor& t : tensors) {
    Json entry = Json::object();
    entry["dtype"] = t.dtype;
    entry["shape"] = t.shape;
    entry["data_offsets"] = {offset, offset + t.bytes};
    header[t.name] = std::move(entry);
    offset += t.bytes;
  }
  std::string text = dump(header);
  text.append((8 - text.size() % 8) % 8, ' ');  // keeps the data 8-byte aligned, as safetensors does
  unsigned char len[8];
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(static_cast<std::uint64_t>(text.size()) >> (8 * i));
  out.write(len, sizeof len);
  out.write(text);
}

const char* safetensors_dtype(DType d) {
  for (const Known& k : kDtypes)
    if (k.dtype == d) return k.name;
  return "?";
}

}  // namespace qrange::cli
