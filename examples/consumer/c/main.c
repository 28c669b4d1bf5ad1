/* The min/max of a small tensor through the C ABI; exits non-zero if the
 * result is wrong, qrange reports an error, or the library loaded has another
 * major version (another ABI) than the header compiled against. */
#include <qrange/qrange.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  const float x[5] = {0.5f, -3.0f, INFINITY, 7.25f, 1.0f};
  qrange_range r;
  uint64_t nonfinite = 0;
  qrange_status s;

  if (atoi(qrange_version()) != QRANGE_VERSION_MAJOR) {
    fprintf(stderr, "compiled against qrange %s, loaded %s\n", QRANGE_VERSION_STRING, qrange_version());
    return 1;
  }
  s = qrange_minmax_f32(x, 5, &r, &nonfinite);
  if (s != QRANGE_OK) {
    fprintf(stderr, "%s: %s\n", qrange_status_string(s), qrange_last_error());
    return 1;
  }
  printf("qrange %s (%s): min %g, max %g, %llu non-finite\n", qrange_version(), qrange_active_isa(), r.min, r.max,
         (unsigned long long)nonfinite);
  return r.min == -3.0f && r.max == 7.25f && nonfinite == 1 ? 0 : 1;
}
