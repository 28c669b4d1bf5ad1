#include "states.hpp"

#include <vector>

#include "atomic_output.hpp"
#include "error.hpp"
#include "mapped_file.hpp"
#include "state_file.hpp"

namespace qrange::cli {

States read_states(const std::string& path) {
  const MappedFile file(path);
  States states;
  std::string first_name;
  std::size_t bins = 0;
  for (NamedState& s : parse_state_file(path, file.data(), file.size())) {
    try {
      qrange::observer o = qrange::observer::deserialize(s.bytes);
      const std::size_t b = o.stats().bins;
      if (bins == 0) {
        bins = b;
        first_name = s.name;
      } else if (b != bins) {
        throw file_error(path, "states '" + first_name + "' and '" + s.name + "' have different bins (" +
                                   std::to_string(bins) + " and " + std::to_string(b) + ")");
      }
      states.emplace(std::move(s.name), std::move(o));
    } catch (const qrange::error& e) {
      throw file_error(path, "state '" + s.name + "': " + e.what());
    }
  }
  return states;
}

std::size_t bins_of(const States& states) { return states.empty() ? 0 : states.begin()->second.stats().bins; }

void write_states(const std::string& path, const States& states, bool force) {
  std::vector<NamedState> named;
  for (const auto& [name, o] : states) named.push_back({name, o.serialize()});
  AtomicOutput out(path, force);
  out.write(state_file_bytes(std::move(named)));
  out.commit();
}

}  // namespace qrange::cli
