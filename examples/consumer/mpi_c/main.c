/* qrange_observer_allreduce from C, under mpirun (any number of ranks):
 * every rank observes its share of the same values, all-reduces, and must
 * then hold the state of one observer over all of them, byte for byte.
 * Exits non-zero if the state differs or qrange reports an error. */
#include <qrange/mpi.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 100003

/* Values whose range differs between the shares, so that the reduced grid
 * is none of the ranks' own; a few NaN, one outlier. */
static float value(size_t i) {
  if (i % 4099 == 7) return NAN;
  if (i == 12345) return 1.0e4f;
  return (float)((int)(i % 2001) - 1000) * 0.001f * (float)(1 + i % 3) * (float)(1 + i / 20000);
}

static int same_state(const qrange_observer *a, const qrange_observer *b) {
  static unsigned char bytes_a[8 * QRANGE_OBSERVER_DEFAULT_BINS + 80], bytes_b[sizeof bytes_a];
  size_t size_a = 0, size_b = 0;
  return qrange_observer_serialize(a, bytes_a, sizeof bytes_a, &size_a) == QRANGE_OK &&
         qrange_observer_serialize(b, bytes_b, sizeof bytes_b, &size_b) == QRANGE_OK && size_a == size_b &&
         memcmp(bytes_a, bytes_b, size_a) == 0;
}

static int check(int rank, int ranks) {
  static float x[N];
  const size_t begin = (size_t)N * (size_t)rank / (size_t)ranks;
  const size_t end = (size_t)N * (size_t)(rank + 1) / (size_t)ranks;
  qrange_observer *mine = NULL, *all = NULL;
  qrange_observer_stats st = QRANGE_OBSERVER_STATS_INIT;
  qrange_status s;
  size_t i;
  int ok = 0;

  for (i = 0; i < N; ++i) x[i] = value(i);
  if (qrange_observer_create(0, &mine) != QRANGE_OK || qrange_observer_create(0, &all) != QRANGE_OK ||
      qrange_observer_update_f32(NULL, mine, x + begin, end - begin) != QRANGE_OK ||
      qrange_observer_update_f32(NULL, all, x, N) != QRANGE_OK) {
    fprintf(stderr, "rank %d: %s\n", rank, qrange_last_error());
  } else if ((s = qrange_observer_allreduce(mine, MPI_COMM_WORLD)) != QRANGE_OK) {
    fprintf(stderr, "rank %d: %s: %s\n", rank, qrange_status_string(s), qrange_last_error());
  } else if (!same_state(mine, all) || qrange_observer_get_stats(mine, &st) != QRANGE_OK) {
    fprintf(stderr, "rank %d: the all-reduced state is not the state of all the values\n", rank);
  } else {
    printf("rank %d of %d: %llu finite values, %llu NaN, range [%g, %g], as one observer over all\n", rank, ranks,
           (unsigned long long)st.finite, (unsigned long long)st.nan, st.range.min, st.range.max);
    ok = 1;
  }
  qrange_observer_destroy(mine);
  qrange_observer_destroy(all);
  return ok;
}

int main(int argc, char **argv) {
  int rank = 0, ranks = 1, ok;
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  ok = check(rank, ranks);
  MPI_Finalize();
  return ok ? 0 : 1;
}
