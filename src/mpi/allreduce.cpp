// The all-reduce of observer states over MPI (docs/distributed.md), on the
// public C API alone: the grid of a state depends only on its range, so the
// MIN/MAX of the ranges gives every rank the same grid, get_counts puts each
// state's counts on it, one SUM adds them, and set_counts installs the sum.
//
// Every decision that could end the call early is taken by all ranks on the
// result of a collective, never on local data alone: a rank that stopped
// while the others went on into the next collective would hang them.
#include <qrange/mpi.h>

#include <algorithm>
#include <climits>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <new>

#include <sys/mman.h>

namespace {

constexpr std::uint64_t kNoRefusal = std::numeric_limits<std::uint64_t>::max();

// Round 1, reduced by MIN: each rank's refusal of its own arguments as
// rank << 8 | status (kNoRefusal if none), so that the lowest refusing rank
// wins, and its observer count, also complemented to get the MAX.
struct Header {
  std::uint64_t refusal;
  std::uint64_t count;
  std::uint64_t count_complement;
};

// Round 2, one per observer, reduced by reduce_summaries.
struct Summary {
  float min, max;  // {+Inf, -Inf} without a finite value: the identity of both
  std::uint64_t bins_min, bins_max;
  std::uint64_t values[4];  // finite, NaN, +Inf, -Inf
  std::uint64_t overflow;   // bit k: the sum of values[k] passed 2^64 - 1
};

void reduce_summaries(void* in, void* inout, int* len, MPI_Datatype*) {
  const auto* a = static_cast<const Summary*>(in);
  auto* b = static_cast<Summary*>(inout);
  for (int i = 0; i < *len; ++i) {
    b[i].min = std::min(a[i].min, b[i].min);
    b[i].max = std::max(a[i].max, b[i].max);
    b[i].bins_min = std::min(a[i].bins_min, b[i].bins_min);
    b[i].bins_max = std::max(a[i].bins_max, b[i].bins_max);
    for (int k = 0; k < 4; ++k) {
      const std::uint64_t sum = a[i].values[k] + b[i].values[k];
      b[i].overflow |= a[i].overflow | static_cast<std::uint64_t>(sum < b[i].values[k]) << k;
      b[i].values[k] = sum;
    }
  }
}

// Messages are formatted on the stack: a failed allocation must not throw
// out of one rank while the others wait in a collective.
qrange_status fail(qrange_status s, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
qrange_status fail(qrange_status s, const char* fmt, ...) {
  char buf[512];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  return qrange_set_last_error(s, buf);
}

// The packed counts, on 2 MiB pages where the kernel has them (Linux
// transparent huge pages, on request): a fresh buffer of 4 KiB pages made
// the first writes fault once a page, and the shared-memory transport pin
// it page by page for its single copy; together they tripled the round's
// time at 1000 observers of 2048 bins (docs/performance.md, "MPI all-reduce").
std::uint64_t* allocate_counts(std::size_t words) {
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  const std::size_t bytes = ((words ? words : 1) * sizeof(std::uint64_t) + kHuge - 1) / kHuge * kHuge;
  void* p = std::aligned_alloc(kHuge, bytes);
#ifdef MADV_HUGEPAGE
  if (p) madvise(p, bytes, MADV_HUGEPAGE);  // advice only: without huge pages, 4 KiB ones
#endif
  return static_cast<std::uint64_t*>(p);
}
struct FreeCounts {
  void operator()(std::uint64_t* p) const { std::free(p); }
};

// The MPI objects of round 2, freed on every path.
struct SummaryReduction {
  MPI_Datatype type = MPI_DATATYPE_NULL;
  MPI_Op op = MPI_OP_NULL;
  ~SummaryReduction() {
    if (op != MPI_OP_NULL) MPI_Op_free(&op);
    if (type != MPI_DATATYPE_NULL) MPI_Type_free(&type);
  }
};

class Allreduce {
 public:
  // single: the call of qrange_observer_allreduce, whose one observer is
  // "obs" in messages, not "obs[0]".
  Allreduce(const char* fn, bool single, qrange_observer* const* obs, std::size_t count, MPI_Comm comm)
      : fn_(fn), single_(single), obs_(obs), count_(count), comm_(comm) {}

  qrange_status run() {
    qrange_status s = check_communicator();
    if (s != QRANGE_OK) return s;
    check_arguments();
    if ((s = agree_on_arguments()) != QRANGE_OK) return s;
    if ((s = reduce_summaries_round()) != QRANGE_OK) return s;
    return sum_counts();
  }

 private:
  // What cannot go through a collective: without MPI, or on a communicator
  // that is not one, there is nobody to agree with.
  qrange_status check_communicator() {
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (!initialized || finalized)
      return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: MPI is %s", fn_,
                  finalized ? "already finalized" : "not initialized (MPI_Init)");
    if (comm_ == MPI_COMM_NULL) return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: comm is MPI_COMM_NULL", fn_);
    int inter = 0;
    if (qrange_status s = mpi("MPI_Comm_test_inter", MPI_Comm_test_inter(comm_, &inter)); s != QRANGE_OK) return s;
    if (inter)
      return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                  "%s: comm is an intercommunicator; the all-reduce runs within one group", fn_);
    if (qrange_status s = mpi("MPI_Comm_rank", MPI_Comm_rank(comm_, &rank_)); s != QRANGE_OK) return s;
    return mpi("MPI_Comm_size", MPI_Comm_size(comm_, &size_));
  }

  // This rank's own arguments and buffers; a refusal waits for round 1.
  void check_arguments() {
    if (count_ > 0 && !obs_) return refuse(QRANGE_ERROR_NULL_POINTER, "obs is NULL with count %zu", count_);
    if (count_ > static_cast<std::size_t>(INT_MAX))
      return refuse(QRANGE_ERROR_INVALID_ARGUMENT, "count %zu is above 2^31 - 1", count_);
    for (std::size_t i = 0; i < count_; ++i) {
      if (obs_[i]) continue;
      if (single_) return refuse(QRANGE_ERROR_NULL_POINTER, "obs is NULL");
      return refuse(QRANGE_ERROR_NULL_POINTER, "obs[%zu] is NULL", i);
    }
    summaries_.reset(new (std::nothrow) Summary[count_ ? count_ : 1]);
    if (!summaries_)
      return refuse(QRANGE_ERROR_OUT_OF_MEMORY, "cannot allocate the summaries of %zu observers", count_);
    // Round 2's summaries, the input of its reduction.
    std::size_t words = 0;
    for (std::size_t i = 0; i < count_; ++i) {
      qrange_observer_stats st = QRANGE_OBSERVER_STATS_INIT;
      qrange_observer_get_stats(obs_[i], &st);
      summaries_[i] = Summary{st.range.min, st.range.max, st.bins, st.bins, {st.finite, st.nan, st.pos_inf, st.neg_inf},
                              0};
      words += st.bins + QRANGE_OBSERVER_COUNT_SLOTS;
    }
    counts_.reset(allocate_counts(words));
    if (!counts_)
      return refuse(QRANGE_ERROR_OUT_OF_MEMORY, "cannot allocate the counts of %zu observers (%zu bytes)", count_,
                    words * sizeof(std::uint64_t));
    words_ = words;
  }

  void refuse(qrange_status s, const char* fmt, ...) __attribute__((format(printf, 3, 4))) {
    refusal_ = s;
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(refusal_message_, sizeof refusal_message_, fmt, args);
    va_end(args);
  }

  // Round 1: every rank learns whether any rank refused, and whether all
  // have the same count, before any buffer of a size that depends on count
  // goes through a collective.
  qrange_status agree_on_arguments() {
    Header h{refusal_ == QRANGE_OK ? kNoRefusal : (static_cast<std::uint64_t>(rank_) << 8 | refusal_), count_, ~count_};
    if (qrange_status s = mpi("MPI_Allreduce", MPI_Allreduce(MPI_IN_PLACE, &h, 3, MPI_UINT64_T, MPI_MIN, comm_));
        s != QRANGE_OK)
      return s;
    if (h.refusal != kNoRefusal) {
      const int rank = static_cast<int>(h.refusal >> 8);
      const auto status = static_cast<qrange_status>(h.refusal & 0xff);
      if (rank == rank_) return fail(status, "%s: rank %d of %d: %s", fn_, rank_, size_, refusal_message_);
      if (refusal_ == QRANGE_OK)
        return fail(status, "%s: rank %d of %d refused its arguments (%s), so every rank returns that status", fn_,
                    rank, size_, qrange_status_string(status));
      return fail(status, "%s: rank %d of %d refused its arguments (%s), so every rank returns that status; this "
                  "rank, %d: %s", fn_, rank, size_, qrange_status_string(status), rank_, refusal_message_);
    }
    const std::uint64_t most = ~h.count_complement;
    if (h.count != most)
      return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                  "%s: the observer count differs between ranks: from %llu to %llu (this rank, %d: %zu)", fn_,
                  static_cast<unsigned long long>(h.count), static_cast<unsigned long long>(most), rank_, count_);
    return QRANGE_OK;
  }

  // Round 2: each observer's reduced range, bins and counts of values.
  qrange_status reduce_summaries_round() {
    SummaryReduction r;
    qrange_status s = mpi("MPI_Type_contiguous", MPI_Type_contiguous(sizeof(Summary), MPI_BYTE, &r.type));
    if (s == QRANGE_OK) s = mpi("MPI_Type_commit", MPI_Type_commit(&r.type));
    if (s == QRANGE_OK) s = mpi("MPI_Op_create", MPI_Op_create(&reduce_summaries, 1, &r.op));
    if (s == QRANGE_OK)
      s = mpi("MPI_Allreduce",
              MPI_Allreduce(MPI_IN_PLACE, summaries_.get(), static_cast<int>(count_), r.type, r.op, comm_));
    if (s != QRANGE_OK) return s;
    static const char* const kinds[4] = {"finite", "NaN", "+Inf", "-Inf"};
    for (std::size_t i = 0; i < count_; ++i) {
      const Summary& m = summaries_[i];
      if (m.bins_min != m.bins_max)
        return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                    "%s: %s has different bins on different ranks: from %llu to %llu (this rank, %d: %zu); states "
                    "reduce only at equal bins",
                    fn_, name(i).text, static_cast<unsigned long long>(m.bins_min),
                    static_cast<unsigned long long>(m.bins_max), rank_, own_bins(i));
      for (int k = 0; k < 4; ++k)
        if (m.overflow >> k & 1)
          return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: %s: the ranks together count more than 2^64 - 1 %s values",
                      fn_, name(i).text, kinds[k]);
    }
    return QRANGE_OK;
  }

  // Round 3: the counts of every observer on its reduced range's grid, in
  // one buffer, one SUM; then each state is made from its sum.
  qrange_status sum_counts() {
    std::size_t offset = 0;
    for (std::size_t i = 0; i < count_; ++i) {
      // Cannot fail: the reduced range contains this state's range and is
      // finite or empty.
      qrange_observer_get_counts(obs_[i], range(i), counts_.get() + offset, counts_len(i));
      offset += counts_len(i);
    }
    for (std::size_t done = 0; done < words_;) {
      const int n = static_cast<int>(std::min<std::size_t>(words_ - done, INT_MAX));
      if (qrange_status s = mpi("MPI_Allreduce", MPI_Allreduce(MPI_IN_PLACE, counts_.get() + done, n, MPI_UINT64_T,
                                                               MPI_SUM, comm_));
          s != QRANGE_OK)
        return s;
      done += static_cast<std::size_t>(n);
    }
    offset = 0;
    for (std::size_t i = 0; i < count_; ++i) {
      // Cannot fail either: the bins of the range's ends hold the values
      // that made them on some rank, and no sum wrapped (round 2).
      qrange_observer_set_counts(obs_[i], range(i), counts_.get() + offset, counts_len(i));
      offset += counts_len(i);
    }
    return QRANGE_OK;
  }

  struct Name {
    char text[32];
  };
  Name name(std::size_t i) const {
    Name n{};
    if (single_)
      std::snprintf(n.text, sizeof n.text, "obs");
    else
      std::snprintf(n.text, sizeof n.text, "obs[%zu]", i);
    return n;
  }
  std::size_t own_bins(std::size_t i) const {
    qrange_observer_stats st = QRANGE_OBSERVER_STATS_INIT;
    qrange_observer_get_stats(obs_[i], &st);
    return st.bins;
  }
  qrange_range range(std::size_t i) const { return {summaries_[i].min, summaries_[i].max}; }
  std::size_t counts_len(std::size_t i) const {
    return static_cast<std::size_t>(summaries_[i].bins_min) + QRANGE_OBSERVER_COUNT_SLOTS;
  }

  qrange_status mpi(const char* call, int rc) const {
    if (rc == MPI_SUCCESS) return QRANGE_OK;
    char text[MPI_MAX_ERROR_STRING] = "";
    int len = 0;
    MPI_Error_string(rc, text, &len);
    return fail(QRANGE_ERROR_COMMUNICATION, "%s: %s failed: %s", fn_, call, text);
  }

  const char* fn_;
  bool single_;
  qrange_observer* const* obs_;
  std::size_t count_;
  MPI_Comm comm_;
  int rank_ = 0, size_ = 1;
  qrange_status refusal_ = QRANGE_OK;
  char refusal_message_[256] = "";
  std::unique_ptr<Summary[]> summaries_;
  std::unique_ptr<std::uint64_t[], FreeCounts> counts_;
  std::size_t words_ = 0;
};

}  // namespace

extern "C" {

qrange_status qrange_observer_allreduce(qrange_observer* obs, MPI_Comm comm) {
  return Allreduce("qrange_observer_allreduce", true, &obs, 1, comm).run();
}

qrange_status qrange_observer_allreduce_many(qrange_observer* const* obs, size_t count, MPI_Comm comm) {
  return Allreduce("qrange_observer_allreduce_many", false, obs, count, comm).run();
}

}
