# Install rules: headers, the library with its SONAME links, the CMake package
# (target qrange::qrange) and qrange.pc; with QRANGE_MPI also qrange::mpi
# (below). Every installed path is relative to the prefix given at install
# time (cmake --install --prefix), so one build installs anywhere; the one
# exception is the MPI of qrange-mpi.pc, which package_install allows.
#
# Components: qrange_runtime (the shared library) and qrange_development
# (headers, namelink, static library, CMake and pkg-config files).

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(QRANGE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/qrange)

install(TARGETS qrange EXPORT qrangeTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT qrange_runtime NAMELINK_COMPONENT qrange_development
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT qrange_development
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT qrange_runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# qrange/mpi.h* only with libqrange_mpi: they include mpi.h.
if(QRANGE_MPI)
  set(mpi_headers)
else()
  set(mpi_headers PATTERN "mpi.h*" EXCLUDE)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/qrange ${QRANGE_GENERATED_INCLUDE_DIR}/qrange
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT qrange_development
  FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp" ${mpi_headers})

# CMake package. The shared library records its own dependencies (OpenMP and
# C++ runtimes, as DT_NEEDED), so its consumers need nothing more; a static
# libqrange.a exports $<LINK_ONLY:OpenMP::OpenMP_CXX> and the config finds
# OpenMP for it. xsimd is compiled in and never reaches the interface.
install(EXPORT qrangeTargets NAMESPACE qrange:: DESTINATION ${QRANGE_INSTALL_CMAKEDIR}
  COMPONENT qrange_development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/qrangeConfig.cmake.in
  ${PROJECT_BINARY_DIR}/qrangeConfig.cmake INSTALL_DESTINATION ${QRANGE_INSTALL_CMAKEDIR})
# The C ABI changes only with the major version (CHANGELOG.md), 0.x included.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/qrangeConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/qrangeConfig.cmake ${PROJECT_BINARY_DIR}/qrangeConfigVersion.cmake
  DESTINATION ${QRANGE_INSTALL_CMAKEDIR} COMPONENT qrange_development)

# pkg-config. The prefix is found from the .pc file's own location, so the
# file holds no absolute path. Libs.private is what `pkg-config --static`
# adds for libqrange.a: the OpenMP flag and the C++ runtime that a C link
# leaves out.
set(QRANGE_PC_LIBDIR ${CMAKE_INSTALL_LIBDIR})
set(QRANGE_PC_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR})
foreach(dir QRANGE_PC_LIBDIR QRANGE_PC_INCLUDEDIR)
  if(NOT IS_ABSOLUTE "${${dir}}")
    set(${dir} "\${prefix}/${${dir}}")
  endif()
endforeach()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(QRANGE_PC_PREFIX ${CMAKE_INSTALL_PREFIX})
else()
  file(RELATIVE_PATH up /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
  string(REGEX REPLACE "/$" "" up "${up}")
  set(QRANGE_PC_PREFIX "\${pcfiledir}/${up}")
endif()
set(cxx_runtime ${CMAKE_CXX_IMPLICIT_LINK_LIBRARIES})
list(REMOVE_ITEM cxx_runtime ${CMAKE_C_IMPLICIT_LINK_LIBRARIES})
list(REMOVE_DUPLICATES cxx_runtime)
list(TRANSFORM cxx_runtime PREPEND -l)
string(JOIN " " QRANGE_PC_LIBS_PRIVATE ${OpenMP_CXX_FLAGS} ${cxx_runtime})
configure_file(${PROJECT_SOURCE_DIR}/cmake/qrange.pc.in ${PROJECT_BINARY_DIR}/qrange.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/qrange.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT qrange_development)

# qrange::mpi: its own export set, which the package config loads only for
# find_package(qrange COMPONENTS mpi), and qrange-mpi.pc. The MPI it was built
# against is written into qrange-mpi.pc as FindMPI found it: a consumer must
# compile and link with that same MPI (the MPI ABI is per implementation).
if(QRANGE_MPI)
  install(TARGETS qrange_mpi EXPORT qrangeMpiTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT qrange_runtime NAMELINK_COMPONENT qrange_development
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT qrange_development
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT qrange_runtime
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT qrangeMpiTargets NAMESPACE qrange:: DESTINATION ${QRANGE_INSTALL_CMAKEDIR}
    COMPONENT qrange_development)
  list(TRANSFORM MPI_C_INCLUDE_DIRS PREPEND -I OUTPUT_VARIABLE mpi_cflags)
  string(JOIN " " QRANGE_PC_MPI_CFLAGS ${mpi_cflags} ${MPI_C_COMPILE_OPTIONS})
  string(JOIN " " QRANGE_PC_MPI_LIBS ${MPI_C_LINK_FLAGS} ${MPI_C_LIBRARIES})
  configure_file(${PROJECT_SOURCE_DIR}/cmake/qrange-mpi.pc.in ${PROJECT_BINARY_DIR}/qrange-mpi.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/qrange-mpi.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
    COMPONENT qrange_development)
endif()
