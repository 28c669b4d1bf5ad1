# Configures, builds and tests a second build of qrange from the same source
# tree: the aarch64 cross build (tests run under its toolchain's emulator) and
# the sanitizer build use it.
# -DSOURCE_DIR= -DBINARY_DIR= -DGENERATOR= -DARGS=a|b|c (cache arguments)
# -DCTEST_ARGS=a|b (extra ctest arguments)
string(REPLACE "|" ";" args "${ARGS}")
string(REPLACE "|" ";" ctest_args "${CTEST_ARGS}")
set(steps configure build test)
set(cmd_configure ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR} -G ${GENERATOR} ${args})
set(cmd_build ${CMAKE_COMMAND} --build ${BINARY_DIR} --parallel 2)
set(cmd_test ${CMAKE_CTEST_COMMAND} --test-dir ${BINARY_DIR} --output-on-failure ${ctest_args})
foreach(step IN LISTS steps)
  execute_process(COMMAND ${cmd_${step}} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${BINARY_DIR}: ${step} failed (${rc})")
  endif()
endforeach()
