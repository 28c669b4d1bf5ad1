/* The public C header, compiled as strict C (C99 and C11, -pedantic
 * -Werror): it must not lean on C++ or compiler extensions. Also checks that
 * the version it was compiled against is the version of the library loaded. */
#include <qrange/qrange.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  const float x[3] = {2.0f, -1.0f, 0.5f};
  /* The same values as bit patterns: float16, then bfloat16. */
  const uint16_t x_f16[3] = {0x4000, 0xbc00, 0x3800};
  const uint16_t x_bf16[3] = {0x4000, 0xbf80, 0x3f00};
  qrange_calibration c = QRANGE_CALIBRATION_INIT; /* the initializers are plain C */
  qrange_layout layout = QRANGE_LAYOUT_INIT;
  const size_t shape[2] = {3, 40};
  size_t elements = 0, groups = 0;
  qrange_params p;
  qrange_range r;
  uint64_t nonfinite = 0;
  if (strcmp(qrange_version(), QRANGE_VERSION_STRING) != 0) {
    fprintf(stderr, "compiled against %s, loaded %s\n", QRANGE_VERSION_STRING, qrange_version());
    return 1;
  }
  if (qrange_minmax_f32(x, 3, &r, &nonfinite) != QRANGE_OK || r.min != -1.0f || r.max != 2.0f || nonfinite != 0) {
    fprintf(stderr, "qrange_minmax_f32: %s\n", qrange_last_error());
    return 1;
  }
  if (qrange_minmax_f16(NULL, x_f16, 3, &r, NULL) != QRANGE_OK || r.min != -1.0f || r.max != 2.0f) {
    fprintf(stderr, "qrange_minmax_f16: %s\n", qrange_last_error());
    return 1;
  }
  if (qrange_minmax_bf16(NULL, x_bf16, 3, &r, NULL) != QRANGE_OK || r.min != -1.0f || r.max != 2.0f) {
    fprintf(stderr, "qrange_minmax_bf16: %s\n", qrange_last_error());
    return 1;
  }
  c.method = QRANGE_METHOD_MSE;
  if (qrange_calibrate_f32(NULL, x, 3, &c, &p, NULL) != QRANGE_OK || p.qmax != 255) {
    fprintf(stderr, "qrange_calibrate_f32: %s\n", qrange_last_error());
    return 1;
  }
  /* Blocks of 32 along the last axis: 2 blocks in each of the 3 rows. */
  layout.shape = shape;
  layout.rank = 2;
  layout.axis = -1;
  layout.block_size = 32;
  if (qrange_layout_counts(&layout, &elements, &groups) != QRANGE_OK || elements != 120 || groups != 6) {
    fprintf(stderr, "qrange_layout_counts: %s\n", qrange_last_error());
    return 1;
  }
  return 0;
}
