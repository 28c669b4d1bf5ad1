# CI's benchmark check: every benchmark runs once at small sizes (a crash or
# an error fails), then the tracker compares with the committed baseline in
# report mode (timings never fail; a benchmark missing from the run does).
# -DBENCH= -DPYTHON= -DSOURCE_DIR= -DOUT=
execute_process(COMMAND ${BENCH} --smoke --benchmark_repetitions=3 --benchmark_min_time=0.01
                        --benchmark_out=${OUT} --benchmark_out_format=json
                        --benchmark_display_aggregates_only=true
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the benchmark smoke run failed (${rc})")
endif()
file(READ ${OUT} json)
if(json MATCHES "\"error_occurred\": true")
  message(FATAL_ERROR "a benchmark reported an error; see ${OUT}")
endif()
file(GLOB baselines ${SOURCE_DIR}/bench/baselines/*-smoke.json)
if(NOT baselines)
  message(FATAL_ERROR "no smoke baseline in bench/baselines/")
endif()
foreach(baseline IN LISTS baselines)
  execute_process(COMMAND ${PYTHON} ${SOURCE_DIR}/scripts/bench_compare.py ${baseline} ${OUT}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "bench_compare failed against ${baseline} (${rc})")
  endif()
endforeach()
