# Dependencies come from Debian packages; nothing is vendored or downloaded.

find_package(OpenMP REQUIRED COMPONENTS CXX)

# qrange_header_only(<target> <package> <imported-target> <header> [<min-version>])
# An INTERFACE target for a header-only package. Native builds use the
# package's CMake config for its include directory only (Debian's exported
# xsimd target names a link library `xtl` that does not exist). A cross build
# cannot see the host's package configs, and putting the host's /usr/include
# on a cross compiler's path would shadow the target's libc headers, so the
# package's own header directory is linked into the build tree instead.
function(qrange_header_only target package imported header)
  if(TARGET ${target})
    return()
  endif()
  add_library(${target} INTERFACE)
  if(CMAKE_CROSSCOMPILING)
    find_path(host_dir ${header} PATHS /usr/include NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH REQUIRED)
    get_filename_component(subdir ${header} DIRECTORY)
    set(stage ${CMAKE_BINARY_DIR}/host-headers/${package})
    file(MAKE_DIRECTORY ${stage})
    file(CREATE_LINK ${host_dir}/${subdir} ${stage}/${subdir} SYMBOLIC)
    target_include_directories(${target} SYSTEM INTERFACE ${stage})
    unset(host_dir CACHE)
  else()
    find_package(${package} ${ARGN} REQUIRED CONFIG)
    get_target_property(dirs ${imported} INTERFACE_INCLUDE_DIRECTORIES)
    target_include_directories(${target} SYSTEM INTERFACE ${dirs})
  endif()
endfunction()

qrange_header_only(qrange_xsimd xsimd xsimd xsimd/xsimd.hpp)
