#include "dispatch.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "cpu_features.hpp"
#include "error.hpp"
#include "tuning.hpp"

namespace qrange::detail {

namespace {

bool always() { return true; }
bool has_avx2() { return cpu_features().avx2; }
bool has_avx512() { return cpu_features().avx512; }
bool has_neon() { return cpu_features().neon; }

constexpr Target kTargets[] = {
    {"scalar", &kernels::table_scalar, &always},
#if defined(QRANGE_HAVE_AVX2)
    {"avx2", &kernels::table_avx2, &has_avx2},
#endif
#if defined(QRANGE_HAVE_AVX512)
    {"avx512", &kernels::table_avx512, &has_avx512},
#endif
#if defined(QRANGE_HAVE_NEON)
    {"neon", &kernels::table_neon, &has_neon},
#endif
};

constexpr const char* kKnownIsas = "auto, scalar, avx2, avx512, neon";

// Every ISA some build of qrange has kernels for, so that qrange_isa_info_at
// can say what this CPU supports of those not compiled in as well.
struct KnownIsa {
  const char* name;
  bool (*supported)();
};
constexpr KnownIsa kKnown[] = {{"scalar", &always}, {"avx2", &has_avx2}, {"avx512", &has_avx512}, {"neon", &has_neon}};
constexpr std::size_t kKnownCount = sizeof kKnown / sizeof kKnown[0];

bool known_isa(const char* name) {
  for (const KnownIsa& k : kKnown)
    if (std::strcmp(name, k.name) == 0) return true;
  return false;
}

const kernels::KernelTable* best_table() {
  const kernels::KernelTable* best = nullptr;
  for (const Target& t : kTargets)
    if (t.supported()) best = &t.table(cpu_tuning());
  return best;
}

// Resolves a name to a runnable table, or explains (into `why`) what is wrong.
const kernels::KernelTable* resolve(const char* name, char* why, std::size_t why_size) {
  if (std::strcmp(name, "auto") == 0) return best_table();
  for (const Target& t : kTargets) {
    if (std::strcmp(name, t.name) != 0) continue;
    if (t.supported()) return &t.table(cpu_tuning());
    std::snprintf(why, why_size, "ISA '%s' is compiled in but not supported by this CPU", name);
    return nullptr;
  }
  if (known_isa(name))
    std::snprintf(why, why_size, "ISA '%s' is not compiled into this build of qrange", name);
  else
    std::snprintf(why, why_size, "unknown ISA '%s' (expected one of: %s)", name, kKnownIsas);
  return nullptr;
}

std::atomic<const kernels::KernelTable*> g_active{nullptr};
std::once_flag g_init_once;
char g_env_error[256] = "";  // written once, inside call_once

void init_from_environment() {
  std::call_once(g_init_once, [] {
    const char* env = std::getenv("QRANGE_ISA");
    if (env == nullptr || *env == '\0') {
      g_active.store(best_table());
      return;
    }
    char why[160];
    const kernels::KernelTable* t = resolve(env, why, sizeof why);
    if (t == nullptr)
      std::snprintf(g_env_error, sizeof g_env_error, "environment variable QRANGE_ISA=\"%s\": %s", env, why);
    g_active.store(t);
  });
}

}  // namespace

TargetList compiled_targets() { return {kTargets, sizeof kTargets / sizeof kTargets[0]}; }

qrange_status active_kernels(const char* caller, const kernels::KernelTable** out) {
  init_from_environment();
  const kernels::KernelTable* t = g_active.load(std::memory_order_acquire);
  if (t == nullptr)
    return fail(QRANGE_ERROR_UNSUPPORTED_ISA, "%s: %s; call qrange_set_isa() to choose a valid one", caller,
                g_env_error);
  *out = t;
  return QRANGE_OK;
}

qrange_status named_kernels(const char* caller, const char* name, const kernels::KernelTable** out) {
  char why[160];
  const kernels::KernelTable* t = resolve(name, why, sizeof why);
  if (t == nullptr) return fail(QRANGE_ERROR_UNSUPPORTED_ISA, "%s: %s", caller, why);
  *out = t;
  return QRANGE_OK;
}

}  // namespace qrange::detail

extern "C" {

const char* qrange_active_isa(void) {
  qrange::detail::init_from_environment();
  const qrange::kernels::KernelTable* t = qrange::detail::g_active.load(std::memory_order_acquire);
  return t ? t->isa : "none";
}

size_t qrange_isa_count(void) { return qrange::detail::kKnownCount; }

qrange_status qrange_isa_info_at(size_t i, qrange_isa_info* out) {
  using namespace qrange::detail;
  if (out == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "qrange_isa_info_at: out is NULL");
  if (i >= kKnownCount)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "qrange_isa_info_at: i = %zu is not below qrange_isa_count() = %zu", i,
                kKnownCount);
  const KnownIsa& k = kKnown[i];
  bool compiled = false;
  for (const Target& t : compiled_targets())
    if (std::strcmp(t.name, k.name) == 0) compiled = true;
  *out = {k.name, compiled ? 1 : 0, k.supported() ? 1 : 0};
  return QRANGE_OK;
}

qrange_status qrange_set_isa(const char* name) {
  using namespace qrange::detail;
  if (name == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "qrange_set_isa: name is NULL");
  init_from_environment();  // so that a later first call cannot override this choice
  const qrange::kernels::KernelTable* t = nullptr;
  if (qrange_status s = named_kernels("qrange_set_isa", name, &t)) return s;
  g_active.store(t, std::memory_order_release);
  return QRANGE_OK;
}

}
