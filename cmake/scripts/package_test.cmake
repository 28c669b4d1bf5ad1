# Packaging tests: install qrange into a prefix and build and run consumers
# against it, the way an engine would pull it in.
#   -DSTEP=install   -DBUILD_DIR= -DPREFIX= -DSOURCE_DIR= -DLIBDIR= -DVERSION= -DREADELF= -DMPI=ON|OFF
#                    [-DPYTHON= -DPYTHON_DIR=]
#       installs BUILD_DIR into PREFIX and checks what was installed (qrange::mpi's files with MPI=ON; with
#       PYTHON_DIR, the Python module there, imported by PYTHON from it)
#   -DSTEP=cmake     -DPROJECT= -DWORK= -DPREFIX= [-DEXE=] [-DDEFINES=a=1,b=2] [-DLAUNCHER=a|b] [-DFAILS=regex]
#       configures PROJECT with CMAKE_PREFIX_PATH=PREFIX, builds, runs EXE (through LAUNCHER, e.g.
#       mpiexec|-n|2); with FAILS, the configure must fail with output matching it, and nothing is built
#   -DSTEP=pkgconfig -DPKG_CONFIG= -DSOURCE= -DWORK= -DPREFIX= -DLIBDIR= [-DPACKAGE=qrange] [-DSTATIC=ON]
#                    [-DLAUNCHER=a|b]
#       compiles SOURCE with `cc $(pkg-config --cflags --libs PACKAGE)`, runs it
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
string(REPLACE "|" ";" launcher "${LAUNCHER}")

# An installed shared library: its SONAME is lib<name>.so.MAJOR, it keeps no
# run path, and the files of its SONAME links are all there.
function(check_shared_library name major)
  foreach(f lib${name}.so lib${name}.so.${major} lib${name}.so.${VERSION})
    if(NOT EXISTS ${PREFIX}/${LIBDIR}/${f})
      message(FATAL_ERROR "not installed: ${LIBDIR}/${f}")
    endif()
  endforeach()
  execute_process(COMMAND ${READELF} -d ${PREFIX}/${LIBDIR}/lib${name}.so.${VERSION} OUTPUT_VARIABLE dynamic)
  if(NOT dynamic MATCHES "\\(SONAME\\)[^\n]*\\[lib${name}\\.so\\.${major}\\]")
    message(FATAL_ERROR "the SONAME is not lib${name}.so.${major}:\n${dynamic}")
  endif()
  if(dynamic MATCHES "\\((RPATH|RUNPATH)\\)")
    message(FATAL_ERROR "the installed lib${name} keeps a run path:\n${dynamic}")
  endif()
  set(dynamic "${dynamic}" PARENT_SCOPE)
endfunction()

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE ${PREFIX})
  run("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})
  string(REGEX MATCH "^[0-9]+" major "${VERSION}")
  set(expected include/qrange/qrange.h include/qrange/qrange.hpp include/qrange/version.h
    ${LIBDIR}/cmake/qrange/qrangeConfig.cmake ${LIBDIR}/cmake/qrange/qrangeConfigVersion.cmake
    ${LIBDIR}/cmake/qrange/qrangeTargets.cmake ${LIBDIR}/pkgconfig/qrange.pc)
  # qrange::mpi's files, which an install without MPI must not have: its
  # headers include mpi.h.
  set(mpi_files include/qrange/mpi.h include/qrange/mpi.hpp ${LIBDIR}/cmake/qrange/qrangeMpiTargets.cmake
    ${LIBDIR}/pkgconfig/qrange-mpi.pc)
  set(static OFF)
  if(EXISTS ${PREFIX}/${LIBDIR}/libqrange.a)
    set(static ON)
    list(APPEND expected ${LIBDIR}/libqrange.a)
    list(APPEND mpi_files ${LIBDIR}/libqrange_mpi.a)
  else()
    check_shared_library(qrange ${major})
    # The core never depends on MPI: only libqrange_mpi does.
    if(dynamic MATCHES "\\(NEEDED\\)[^\n]*\\[libmpi")
      message(FATAL_ERROR "libqrange needs MPI:\n${dynamic}")
    endif()
    list(APPEND mpi_files ${LIBDIR}/libqrange_mpi.so)
  endif()
  if(MPI)
    list(APPEND expected ${mpi_files})
    if(NOT static)
      check_shared_library(qrange_mpi ${major})
    endif()
  else()
    foreach(f IN LISTS mpi_files)
      if(EXISTS ${PREFIX}/${f})
        message(FATAL_ERROR "installed without MPI: ${f}")
      endif()
    endforeach()
  endif()
  foreach(f IN LISTS expected)
    if(NOT EXISTS ${PREFIX}/${f})
      message(FATAL_ERROR "not installed: ${f}")
    endif()
  endforeach()
  if(DEFINED PYTHON_DIR)
    if(NOT EXISTS ${PREFIX}/${PYTHON_DIR}/qrange.pyi)
      message(FATAL_ERROR "not installed: ${PYTHON_DIR}/qrange.pyi")
    endif()
    run("import qrange from ${PYTHON_DIR}" ${CMAKE_COMMAND} -E env PYTHONPATH=${PREFIX}/${PYTHON_DIR} ${PYTHON} -c
      "import qrange, os; assert qrange.__file__.startswith(os.environ['PYTHONPATH']); print(qrange.minmax([1, 2]))")
  endif()
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
  # Nor may the text files (headers, CMake and pkg-config files) hold any
  # other absolute path, but for those of the MPI that FindMPI found in that
  # build (its cache entries MPI_*): qrange-mpi.pc names that MPI, which
  # consumers must compile and link with (cmake/QrangeInstall.cmake).
  file(STRINGS ${BUILD_DIR}/CMakeCache.txt mpi_cache REGEX "^MPI_[A-Za-z0-9_]*:(FILEPATH|PATH|STRING)=/")
  list(TRANSFORM mpi_cache REPLACE "^[^=]*=" "")
  file(GLOB_RECURSE text_files LIST_DIRECTORIES false ${PREFIX}/*.h ${PREFIX}/*.hpp ${PREFIX}/*.cmake
    ${PREFIX}/*.pc)
  foreach(f IN LISTS text_files)
    file(READ ${f} text)
    # Words, with a compiler's -I or -L taken off the front.
    string(REGEX MATCHALL "[^ \t\n\"'();=]+" words "${text}")
    list(TRANSFORM words REPLACE "^-[IL]" "")
    list(FILTER words INCLUDE REGEX "^/[^/]+/")
    foreach(path IN LISTS words)
      if(NOT path IN_LIST mpi_cache)
        message(FATAL_ERROR "${f} holds the absolute path ${path}")
      endif()
    endforeach()
  endforeach()
  list(LENGTH installed count)
  message(STATUS "${count} files installed into ${PREFIX}, none naming the build machine but its MPI")

elseif(STEP STREQUAL "cmake")
  file(REMOVE_RECURSE ${WORK})
  set(configure ${CMAKE_COMMAND} -S ${PROJECT} -B ${WORK} ${toolchain}
    -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF ${defines})
  if(DEFINED FAILS)
    execute_process(COMMAND ${configure} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(rc EQUAL 0 OR NOT out MATCHES "${FAILS}")
      message(FATAL_ERROR "configuring ${PROJECT} should fail with \"${FAILS}\" (${rc}):\n${out}")
    endif()
    message(STATUS "the configure failed as it should:\n${out}")
    return()
  endif()
  run("configure ${PROJECT}" ${configure})
  # The package must come from PREFIX, not from anywhere else on the machine.
  file(STRINGS ${WORK}/CMakeCache.txt qrange_dir REGEX "^qrange_DIR:")
  string(FIND "${qrange_dir}" "=${PREFIX}/" at)
  if(qrange_dir AND at EQUAL -1)
    message(FATAL_ERROR "qrange found outside ${PREFIX}: ${qrange_dir}")
  endif()
  run("build ${PROJECT}" ${CMAKE_COMMAND} --build ${WORK} --parallel 2)
  if(EXE)
    run("run ${EXE}" ${launcher} ${WORK}/${EXE})
  endif()

elseif(STEP STREQUAL "pkgconfig")
  file(REMOVE_RECURSE ${WORK})
  file(MAKE_DIRECTORY ${WORK})
  # PREFIX only: a qrange.pc elsewhere on the machine must not answer.
  set(ENV{PKG_CONFIG_PATH} ${PREFIX}/${LIBDIR}/pkgconfig)
  set(ENV{PKG_CONFIG_LIBDIR} ${PREFIX}/${LIBDIR}/pkgconfig)
  if(NOT PACKAGE)
    set(PACKAGE qrange)
  endif()
  set(static "")
  if(STATIC)
    set(static --static)
  endif()
  execute_process(COMMAND ${PKG_CONFIG} ${static} --cflags --libs ${PACKAGE}
    OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config found no ${PACKAGE} in ${PREFIX}/${LIBDIR}/pkgconfig")
  endif()
  string(JOIN " " command pkg-config ${static} --cflags --libs ${PACKAGE})
  message(STATUS "${command}: ${flags}")
  separate_arguments(flags UNIX_COMMAND "${flags}")
  run("pkg-config build" ${C_COMPILER} ${SOURCE} ${flags} -Wl,-rpath,${PREFIX}/${LIBDIR} -o ${WORK}/consumer_pc)
  run("run consumer_pc" ${launcher} ${WORK}/consumer_pc)

else()
  message(FATAL_ERROR "unknown STEP '${STEP}'")
endif()
