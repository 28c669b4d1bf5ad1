#include "context.hpp"

#include "dispatch.hpp"
#include "error.hpp"
#include "parallel.hpp"

namespace qrange::detail {

qrange_status resolve_context(const char* caller, const qrange_context* ctx, Exec* out) {
  Exec e{nullptr, 0, nullptr, nullptr};
  if (ctx == nullptr) {
    if (qrange_status s = active_kernels(caller, &e.kernels)) return s;
    e.threads = openmp_threads(0);
    *out = e;
    return QRANGE_OK;
  }
  // Only the size of this version is known: a larger one comes from a newer
  // header whose fields this library cannot honour, a smaller one is no
  // qrange_context at all.
  if (ctx->struct_size != sizeof(qrange_context))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                "%s: ctx->struct_size = %zu, expected sizeof(qrange_context) = %zu (initialize with "
                "QRANGE_CONTEXT_INIT)",
                caller, ctx->struct_size, sizeof(qrange_context));
  if (ctx->num_threads < 0)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: ctx->num_threads = %d is negative", caller, ctx->num_threads);
  if (ctx->parallel_for == nullptr && ctx->pool != nullptr)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: ctx->pool is set but ctx->parallel_for is NULL", caller);
  if (ctx->parallel_for != nullptr && ctx->num_threads < 1)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                "%s: ctx->parallel_for is set but ctx->num_threads = %d; give the pool's width (>= 1)", caller,
                ctx->num_threads);
  if (qrange_status s = ctx->isa ? named_kernels(caller, ctx->isa, &e.kernels) : active_kernels(caller, &e.kernels))
    return s;
  e.parallel_for = ctx->parallel_for;
  e.pool = ctx->pool;
  e.threads = ctx->parallel_for ? ctx->num_threads : openmp_threads(ctx->num_threads);
  *out = e;
  return QRANGE_OK;
}

}  // namespace qrange::detail
