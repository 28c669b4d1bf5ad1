# Packaging tests: install qrange into a prefix and build and run consumers
# against it, the way an engine would pull it in.
#   -DSTEP=install   -DBUILD_DIR= -DPREFIX= -DSOURCE_DIR= -DLIBDIR= -DVERSION= -DREADELF=
#       installs BUILD_DIR into PREFIX and checks what was installed
#   -DSTEP=cmake     -DPROJECT= -DWORK= -DPREFIX= -DEXE= [-DDEFINES=a=1,b=2]
#       configures PROJECT with CMAKE_PREFIX_PATH=PREFIX, builds, runs EXE
#   -DSTEP=pkgconfig -DPKG_CONFIG= -DSOURCE= -DWORK= -DPREFIX= -DLIBDIR= [-DSTATIC=ON]
#       compiles SOURCE with `cc $(pkg-config --cflags --libs qrange)`, runs it
# Every step also takes -DGENERATOR= -DC_COMPILER= -DCXX_COMPILER=, so that
# the consumers are built as qrange was.
cmake_minimum_required(VERSION 3.18)

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "${what} failed (${rc}): ${cmd}")
  endif()
endfunction()

set(toolchain -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release --no-warn-unused-cli
  -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
string(REPLACE "," ";" defines "${DEFINES}")
list(TRANSFORM defines PREPEND -D)

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE ${PREFIX})
  run("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})
  string(REGEX MATCH "^[0-9]+" major "${VERSION}")
  set(expected include/qrange/qrange.h include/qrange/qrange.hpp include/qrange/version.h
    ${LIBDIR}/cmake/qrange/qrangeConfig.cmake ${LIBDIR}/cmake/qrange/qrangeConfigVersion.cmake
    ${LIBDIR}/cmake/qrange/qrangeTargets.cmake ${LIBDIR}/pkgconfig/qrange.pc)
  if(EXISTS ${PREFIX}/${LIBDIR}/libqrange.a)
    list(APPEND expected ${LIBDIR}/libqrange.a)
  else()
    list(APPEND expected ${LIBDIR}/libqrange.so ${LIBDIR}/libqrange.so.${major} ${LIBDIR}/libqrange.so.${VERSION})
    execute_process(COMMAND ${READELF} -d ${PREFIX}/${LIBDIR}/libqrange.so.${VERSION} OUTPUT_VARIABLE dynamic)
    if(NOT dynamic MATCHES "\\(SONAME\\)[^\n]*\\[libqrange\\.so\\.${major}\\]")
      message(FATAL_ERROR "the SONAME is not libqrange.so.${major}:\n${dynamic}")
    endif()
    if(dynamic MATCHES "\\((RPATH|RUNPATH)\\)")
      message(FATAL_ERROR "the installed library keeps a run path:\n${dynamic}")
    endif()
  endif()
  foreach(f IN LISTS expected)
    if(NOT EXISTS ${PREFIX}/${f})
      message(FATAL_ERROR "not installed: ${f}")
    endif()
  endforeach()
  # Relocatable and free of the build machine: no installed file may name
  # the source tree, the build tree or the prefix it was installed into.
  file(GLOB_RECURSE installed LIST_DIRECTORIES false ${PREFIX}/*)
  foreach(f IN LISTS installed)
    if(IS_SYMLINK ${f})
      continue()
    endif()
    file(STRINGS ${f} text)
    foreach(dir SOURCE_DIR BUILD_DIR PREFIX)
      string(FIND "${text}" "${${dir}}" at)
      if(at GREATER -1)
        message(FATAL_ERROR "${f} names the ${dir} ${${dir}}")
      endif()
    endforeach()
  endforeach()
  list(LENGTH installed count)
  message(STATUS "${count} files installed into ${PREFIX}, none naming the build machine")

elseif(STEP STREQUAL "cmake")
  file(REMOVE_RECURSE ${WORK})
  run("configure ${PROJECT}" ${CMAKE_COMMAND} -S ${PROJECT} -B ${WORK} ${toolchain}
    -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF ${defines})
  # The package must come from PREFIX, not from anywhere else on the machine.
  file(STRINGS ${WORK}/CMakeCache.txt qrange_dir REGEX "^qrange_DIR:")
  string(FIND "${qrange_dir}" "=${PREFIX}/" at)
  if(qrange_dir AND at EQUAL -1)
    message(FATAL_ERROR "qrange found outside ${PREFIX}: ${qrange_dir}")
  endif()
  run("build ${PROJECT}" ${CMAKE_COMMAND} --build ${WORK} --parallel 2)
  run("run ${EXE}" ${WORK}/${EXE})

elseif(STEP STREQUAL "pkgconfig")
  file(REMOVE_RECURSE ${WORK})
  file(MAKE_DIRECTORY ${WORK})
  # PREFIX only: a qrange.pc elsewhere on the machine must not answer.
  set(ENV{PKG_CONFIG_PATH} ${PREFIX}/${LIBDIR}/pkgconfig)
  set(ENV{PKG_CONFIG_LIBDIR} ${PREFIX}/${LIBDIR}/pkgconfig)
  set(static "")
  if(STATIC)
    set(static --static)
  endif()
  execute_process(COMMAND ${PKG_CONFIG} ${static} --cflags --libs qrange
    OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config found no qrange in ${PREFIX}/${LIBDIR}/pkgconfig")
  endif()
  string(JOIN " " command pkg-config ${static} --cflags --libs qrange)
  message(STATUS "${command}: ${flags}")
  separate_arguments(flags UNIX_COMMAND "${flags}")
  run("pkg-config build" ${C_COMPILER} ${SOURCE} ${flags} -Wl,-rpath,${PREFIX}/${LIBDIR} -o ${WORK}/consumer_pc)
  run("run consumer_pc" ${WORK}/consumer_pc)

else()
  message(FATAL_ERROR "unknown STEP '${STEP}'")
endif()
