# Configures, builds and tests a cross build of qrange; the tests run under
# the toolchain's CMAKE_CROSSCOMPILING_EMULATOR.
# -DSOURCE_DIR= -DBINARY_DIR= -DTOOLCHAIN= -DGENERATOR= -DEXPECT_ISAS= -DEXPECT_AUTO=
foreach(step configure build test)
  if(step STREQUAL configure)
    set(cmd ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR} -G ${GENERATOR}
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN}
        -DQRANGE_BUILD_BENCH=OFF -DQRANGE_BUILD_EXAMPLES=OFF -DQRANGE_QEMU_TESTS=OFF
        -DQRANGE_TEST_EXPECT_ISAS=${EXPECT_ISAS} -DQRANGE_TEST_EXPECT_AUTO=${EXPECT_AUTO})
  elseif(step STREQUAL build)
    set(cmd ${CMAKE_COMMAND} --build ${BINARY_DIR} --parallel 2)
  else()
    set(cmd ${CMAKE_CTEST_COMMAND} --test-dir ${BINARY_DIR} --output-on-failure)
  endif()
  execute_process(COMMAND ${cmd} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cross test: ${step} failed (${rc})")
  endif()
endforeach()
