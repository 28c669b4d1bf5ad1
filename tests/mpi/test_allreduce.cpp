// qrange_observer_allreduce(_many) under mpirun -np 1..4 (ctest mpi_np*):
// every rank holds the whole data set (made from fixed seeds), observes only
// its share, all-reduces, and must then hold the serialized state of one
// observer over all of it, byte for byte. Refusals must reach every rank
// with the same status and leave every state as it was.
#include <doctest/doctest.h>

#include <qrange/mpi.hpp>

#include <stdlib.h>

#include <climits>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

int g_fail_allreduce = 0;  // > 0: the n-th next MPI_Allreduce fails, on every rank
bool g_fail_aligned_alloc = false;
int g_allreduce_calls = 0;

int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int size() {
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

constexpr float kInf = std::numeric_limits<float>::infinity();

// n values of a normal distribution scaled by `scale`, with outliers, NaN
// and infinities sprinkled in; the same on every rank.
std::vector<float> data(std::size_t n, unsigned seed, float scale = 1.0f) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> normal(0.0f, scale);
  std::vector<float> x(n);
  for (float& v : x) v = normal(gen);
  for (std::size_t i = 0; i < n; i += 997) x[i] = 40.0f * scale;
  for (std::size_t i = 500; i < n; i += 4099) x[i] = std::numeric_limits<float>::quiet_NaN();
  for (std::size_t i = 700; i < n; i += 7001) x[i] = i % 2 ? kInf : -kInf;
  return x;
}

// Where rank r's share of n values starts, for uneven shares: rank r gets a
// part proportional to (r + 1)^2, the last rank none when `last_empty`.
std::size_t cut(std::size_t n, int r, bool last_empty = false) {
  const int ranks = last_empty && size() > 1 ? size() - 1 : size();
  if (r >= ranks) return n;
  std::size_t total = 0, before = 0;
  for (int k = 0; k < ranks; ++k) {
    total += static_cast<std::size_t>((k + 1) * (k + 1));
    if (k < r) before += static_cast<std::size_t>((k + 1) * (k + 1));
  }
  return n / total * before;
}

std::vector<std::uint8_t> state_of(const std::vector<float>& all, std::size_t bins) {
  qrange::observer o(bins);
  o.update(all);
  return o.serialize();
}

// This rank's share of `all` into a new observer.
qrange::observer observe_share(const std::vector<float>& all, std::size_t bins, bool last_empty = false) {
  qrange::observer o(bins);
  const std::size_t begin = cut(all.size(), rank(), last_empty);
  const std::size_t end = rank() + 1 == size() ? all.size() : cut(all.size(), rank() + 1, last_empty);
  o.update(all.data() + begin, end - begin);
  return o;
}

// Every rank got the same status, and the same message unless the messages
// name this rank.
void check_everywhere(qrange_status s) {
  int mine = static_cast<int>(s), lo = 0, hi = 0;
  MPI_Allreduce(&mine, &lo, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  MPI_Allreduce(&mine, &hi, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  CHECK(lo == hi);
}

}  // namespace

// Each MPI_Allreduce of the library comes through here: counted, and made
// to fail on demand (before communicating, on every rank at once).
extern "C" int MPI_Allreduce(const void* send, void* recv, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm) {
  ++g_allreduce_calls;
  if (g_fail_allreduce > 0 && --g_fail_allreduce == 0) return MPI_ERR_OTHER;
  return PMPI_Allreduce(send, recv, count, type, op, comm);
}

// The library's buffer of packed counts comes from aligned_alloc: refused on
// demand, as when memory runs out. Otherwise posix_memalign, whose memory
// free() takes, under AddressSanitizer's allocator too.
extern "C" void* aligned_alloc(std::size_t alignment, std::size_t size) {
  void* p = nullptr;
  if (g_fail_aligned_alloc || posix_memalign(&p, alignment, size) != 0) return nullptr;
  return p;
}

TEST_CASE("uneven shares: every rank ends with the state of one observer over all the data") {
  const auto all = data(300007, 1);
  qrange::observer o = observe_share(all, 2048);
  qrange::mpi::allreduce(o, MPI_COMM_WORLD);
  CHECK(o.serialize() == state_of(all, 2048));
}

TEST_CASE("a rank without data, and every rank without data") {
  const auto all = data(100003, 2);
  qrange::observer o = observe_share(all, 2048, true);
  qrange::mpi::allreduce(o, MPI_COMM_WORLD);
  CHECK(o.serialize() == state_of(all, 2048));

  qrange::observer empty(64);
  qrange::mpi::allreduce(empty, MPI_COMM_WORLD);
  CHECK(empty.serialize() == qrange::observer(64).serialize());
}

TEST_CASE("a rank with only non-finite values") {
  // Rank 0's share is NaN and infinities only.
  std::vector<float> all(1000, std::numeric_limits<float>::quiet_NaN());
  for (std::size_t i = 0; i < all.size(); i += 3) all[i] = i % 2 ? kInf : -kInf;
  const auto rest = data(50000, 3);
  const std::size_t nonfinite = all.size();
  all.insert(all.end(), rest.begin(), rest.end());
  qrange::observer o(2048);
  if (rank() == 0) {
    o.update(all.data(), nonfinite);
  } else {
    const std::size_t share = rest.size() / static_cast<std::size_t>(size() - 1);
    const std::size_t begin = nonfinite + share * static_cast<std::size_t>(rank() - 1);
    const std::size_t end = rank() + 1 == size() ? all.size() : begin + share;
    o.update(all.data() + begin, end - begin);
  }
  if (size() == 1) o.update(all.data() + nonfinite, rest.size());
  qrange::mpi::allreduce(o, MPI_COMM_WORLD);
  CHECK(o.serialize() == state_of(all, 2048));
}

TEST_CASE("shares whose grids differ before the reduction") {
  // Rank r's values are scaled by 10^r: each rank's state has its own grid,
  // and the reduced one is the grid of the widest.
  std::vector<float> all;
  std::vector<std::size_t> starts;
  for (int r = 0; r < size(); ++r) {
    starts.push_back(all.size());
    const auto part = data(20000 + 3000 * static_cast<std::size_t>(r), 10 + static_cast<unsigned>(r),
                           std::pow(10.0f, static_cast<float>(r)));
    all.insert(all.end(), part.begin(), part.end());
  }
  starts.push_back(all.size());
  for (std::size_t bins : {16, 2048, 65536}) {
    CAPTURE(bins);
    qrange::observer o(bins);
    o.update(all.data() + starts[rank()], starts[rank() + 1] - starts[rank()]);
    qrange::mpi::allreduce(o, MPI_COMM_WORLD);
    CHECK(o.serialize() == state_of(all, bins));
  }
}

TEST_CASE("many observers of different bins, in one round of three collective calls") {
  const std::size_t bins[] = {16, 2048, 4096, 100, 2048};
  std::vector<std::vector<float>> all;
  std::vector<qrange::observer> obs;
  for (std::size_t i = 0; i < 40; ++i) {
    all.push_back(data(5000 + 1000 * i, 100 + static_cast<unsigned>(i), 1.0f + static_cast<float>(i)));
    obs.push_back(observe_share(all.back(), bins[i % 5], i % 3 == 0));
  }
  g_allreduce_calls = 0;
  qrange::mpi::allreduce(obs, MPI_COMM_WORLD);
  CHECK(g_allreduce_calls == 3);
  for (std::size_t i = 0; i < obs.size(); ++i) {
    CAPTURE(i);
    CHECK(obs[i].serialize() == state_of(all[i], bins[i % 5]));
  }

  CHECK(qrange_observer_allreduce_many(nullptr, 0, MPI_COMM_WORLD) == QRANGE_OK);
}

TEST_CASE("refusals reach every rank with the same status, and change no state") {
  const auto all = data(20000, 4);
  std::vector<qrange::observer> obs;
  for (int i = 0; i < 3; ++i) obs.push_back(observe_share(all, 1024));
  std::vector<std::vector<std::uint8_t>> before;
  for (auto& o : obs) before.push_back(o.serialize());
  std::vector<qrange_observer*> h;
  for (auto& o : obs) h.push_back(o.get());
  const auto unchanged = [&] {
    for (std::size_t i = 0; i < obs.size(); ++i) CHECK(obs[i].serialize() == before[i]);
  };
  const int last = size() - 1;

  SUBCASE("a different bin count on the last rank") {
    qrange::observer other(rank() == last && size() > 1 ? 2048 : 1024);
    other.update(all);
    const auto other_before = other.serialize();
    h[1] = other.get();
    const qrange_status s = qrange_observer_allreduce_many(h.data(), h.size(), MPI_COMM_WORLD);
    check_everywhere(s);
    if (size() > 1) {
      CHECK(s == QRANGE_ERROR_INVALID_ARGUMENT);
      CHECK(std::string(qrange_last_error()).find("obs[1] has different bins on different ranks: from 1024 to 2048") !=
            std::string::npos);
      CHECK(other.serialize() == other_before);
    } else {
      CHECK(s == QRANGE_OK);
    }
    h[1] = obs[1].get();
    unchanged();
  }
  SUBCASE("an observer count that differs between ranks") {
    const std::size_t count = rank() == 0 && size() > 1 ? 3 : 2;
    const qrange_status s = qrange_observer_allreduce_many(h.data(), count, MPI_COMM_WORLD);
    check_everywhere(s);
    if (size() > 1) {
      CHECK(s == QRANGE_ERROR_INVALID_ARGUMENT);
      CHECK(std::string(qrange_last_error()).find("the observer count differs between ranks: from 2 to 3") !=
            std::string::npos);
      unchanged();
    }
  }
  SUBCASE("a NULL observer on the last rank") {
    if (rank() == last) h[2] = nullptr;
    const qrange_status s = qrange_observer_allreduce_many(h.data(), h.size(), MPI_COMM_WORLD);
    check_everywhere(s);
    CHECK(s == QRANGE_ERROR_NULL_POINTER);
    const std::string m = qrange_last_error();
    CAPTURE(m);
    if (rank() == last)
      CHECK(m.find("rank " + std::to_string(last) + " of " + std::to_string(size()) + ": obs[2] is NULL") !=
            std::string::npos);
    else
      CHECK(m.find("rank " + std::to_string(last) + " of " + std::to_string(size()) + " refused its arguments") !=
            std::string::npos);
    h[2] = obs[2].get();
    unchanged();
  }
  SUBCASE("no observer, or no array of them, on every rank") {
    qrange_status s = qrange_observer_allreduce(nullptr, MPI_COMM_WORLD);
    check_everywhere(s);
    CHECK(s == QRANGE_ERROR_NULL_POINTER);
    CHECK(std::string(qrange_last_error()).find("obs is NULL") != std::string::npos);
    s = qrange_observer_allreduce_many(nullptr, 3, MPI_COMM_WORLD);
    check_everywhere(s);
    CHECK(s == QRANGE_ERROR_NULL_POINTER);
    CHECK(std::string(qrange_last_error()).find("obs is NULL with count 3") != std::string::npos);
    unchanged();
  }
  SUBCASE("more observers than an MPI count holds, refused before any is read") {
    const std::size_t count = static_cast<std::size_t>(INT_MAX) + 1;
    const qrange_status s = qrange_observer_allreduce_many(h.data(), count, MPI_COMM_WORLD);
    check_everywhere(s);
    CHECK(s == QRANGE_ERROR_INVALID_ARGUMENT);
    CHECK(std::string(qrange_last_error()).find("count 2147483648 is above 2^31 - 1") != std::string::npos);
    unchanged();
  }
  SUBCASE("out of memory on rank 0") {
    g_fail_aligned_alloc = rank() == 0;
    const qrange_status s = qrange_observer_allreduce_many(h.data(), h.size(), MPI_COMM_WORLD);
    g_fail_aligned_alloc = false;
    check_everywhere(s);
    CHECK(s == QRANGE_ERROR_OUT_OF_MEMORY);
    const std::string m = qrange_last_error();
    CAPTURE(m);
    if (rank() == 0)
      CHECK(m.find("rank 0 of " + std::to_string(size()) + ": cannot allocate the counts of 3 observers") !=
            std::string::npos);
    else
      CHECK(m.find("rank 0 of " + std::to_string(size()) + " refused its arguments (QRANGE_ERROR_OUT_OF_MEMORY)") !=
            std::string::npos);
    unchanged();
  }
  SUBCASE("the C++ wrapper throws the status") {
    std::vector<qrange::observer> three;
    for (int i = 0; i < (rank() == last && size() > 1 ? 2 : 3); ++i) three.push_back(qrange::observer(64));
    if (size() > 1) {
      try {
        qrange::mpi::allreduce(three, MPI_COMM_WORLD);
        FAIL("no error");
      } catch (const qrange::error& e) {
        CHECK(e.code() == QRANGE_ERROR_INVALID_ARGUMENT);
      }
    }
    std::vector<qrange::observer> moved;
    moved.push_back(qrange::observer(64));
    qrange::observer taken = std::move(moved[0]);
    try {
      qrange::mpi::allreduce(moved, MPI_COMM_WORLD);
      FAIL("no error");
    } catch (const qrange::error& e) {
      CHECK(e.code() == QRANGE_ERROR_NULL_POINTER);
    }
  }
  SUBCASE("counts that add up past 2^64 - 1") {
    // Every rank holds 2^63 NaN, or on one observer 2^63 copies of 1.0:
    // from two ranks on, the sums wrap.
    std::vector<std::uint64_t> counts(1024 + QRANGE_OBSERVER_COUNT_SLOTS, 0);
    counts[0] = std::uint64_t{1} << 63;
    qrange::observer nan(1024), ones(1024);
    REQUIRE(qrange_observer_set_counts(nan.get(), {kInf, -kInf}, counts.data(), counts.size()) == QRANGE_OK);
    counts[0] = 0;
    counts[QRANGE_OBSERVER_COUNT_SLOTS] = std::uint64_t{1} << 63;
    REQUIRE(qrange_observer_set_counts(ones.get(), {1.0f, 1.0f}, counts.data(), counts.size()) == QRANGE_OK);
    for (qrange::observer* o : {&nan, &ones}) {
      const auto kept = o->serialize();
      const qrange_status s = qrange_observer_allreduce(o->get(), MPI_COMM_WORLD);
      check_everywhere(s);
      if (size() > 1) {
        CHECK(s == QRANGE_ERROR_INVALID_ARGUMENT);
        const std::string kind = o == &nan ? "NaN" : "finite";
        CHECK(std::string(qrange_last_error()).find("obs: the ranks together count more than 2^64 - 1 " + kind) !=
              std::string::npos);
      } else {
        CHECK(s == QRANGE_OK);
      }
      CHECK(o->serialize() == kept);
    }
  }
  SUBCASE("each of the three collective calls failing") {
    for (int call = 1; call <= 3; ++call) {
      CAPTURE(call);
      g_fail_allreduce = call;
      const qrange_status s = qrange_observer_allreduce_many(h.data(), h.size(), MPI_COMM_WORLD);
      g_fail_allreduce = 0;
      CHECK(s == QRANGE_ERROR_COMMUNICATION);
      CHECK(std::string(qrange_last_error()).find("MPI_Allreduce failed") != std::string::npos);
      unchanged();
    }
  }
  SUBCASE("no communicator to agree on") {
    CHECK(qrange_observer_allreduce_many(h.data(), h.size(), MPI_COMM_NULL) == QRANGE_ERROR_INVALID_ARGUMENT);
    CHECK(std::string(qrange_last_error()) == "qrange_observer_allreduce_many: comm is MPI_COMM_NULL");
    if (size() > 1) {
      MPI_Comm half = MPI_COMM_NULL, inter = MPI_COMM_NULL;
      MPI_Comm_split(MPI_COMM_WORLD, rank() % 2, rank(), &half);
      MPI_Intercomm_create(half, 0, MPI_COMM_WORLD, rank() % 2 ? 0 : 1, 7, &inter);
      CHECK(qrange_observer_allreduce(h[0], inter) == QRANGE_ERROR_INVALID_ARGUMENT);
      CHECK(std::string(qrange_last_error()).find("intercommunicator") != std::string::npos);
      MPI_Comm_free(&inter);
      MPI_Comm_free(&half);
    }
    unchanged();
  }
}

TEST_CASE("a sub-communicator reduces within its ranks only") {
  // Even and odd ranks form two groups, each reducing its own shares.
  MPI_Comm group = MPI_COMM_NULL;
  MPI_Comm_split(MPI_COMM_WORLD, rank() % 2, rank(), &group);
  const auto all = data(40000, 5);
  std::vector<float> mine_group;
  const std::size_t part = all.size() / static_cast<std::size_t>(size());
  for (int r = rank() % 2; r < size(); r += 2)
    mine_group.insert(mine_group.end(), all.begin() + static_cast<std::ptrdiff_t>(part) * r,
                      all.begin() + static_cast<std::ptrdiff_t>(part) * (r + 1));
  qrange::observer o(512);
  o.update(all.data() + part * static_cast<std::size_t>(rank()), part);
  qrange::mpi::allreduce(o, group);
  CHECK(o.serialize() == state_of(mine_group, 512));
  MPI_Comm_free(&group);
}
