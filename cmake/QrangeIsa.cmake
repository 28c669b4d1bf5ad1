# The SIMD targets compiled in, and how one source becomes one object per target.
#
# QRANGE_SIMD_ISAS lists the SIMD targets for this processor (the scalar
# reference is always built and is not in the list). For each target:
#   QRANGE_ISA_FLAGS_<isa>  compiler flags of its translation units
#   QRANGE_ISA_XSIMD_<isa>  the xsimd architecture type its kernels use

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(QRANGE_SIMD_ISAS avx2 avx512)
  set(QRANGE_ISA_FLAGS_avx2 -mavx2 -mfma -mf16c)
  set(QRANGE_ISA_XSIMD_avx2 avx2)
  set(QRANGE_ISA_FLAGS_avx512 -mf16c -mavx512f -mavx512cd -mavx512dq -mavx512bw -mavx512vl)
  set(QRANGE_ISA_XSIMD_avx512 avx512bw)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 warns inside its own avx512fintrin.h casts (GCC bug 105593,
    # fixed in 13); without this, -Werror builds cannot use AVX-512 at all.
    list(APPEND QRANGE_ISA_FLAGS_avx512 -Wno-maybe-uninitialized -Wno-uninitialized)
  endif()
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  set(QRANGE_SIMD_ISAS neon)
  set(QRANGE_ISA_FLAGS_neon "")
  set(QRANGE_ISA_XSIMD_neon neon64)
else()
  set(QRANGE_SIMD_ISAS "")
endif()

# qrange_isa_objects(<out-var> <name> SOURCES <src>... INCLUDES <dir>...)
# Compiles the sources once per SIMD target, each with that target's flags and
# QRANGE_ISA=<isa>, QRANGE_XSIMD_ARCH=<xsimd arch>, as object libraries named
# <name>_<isa>; sets <out-var> to their $<TARGET_OBJECTS:...> for linking.
function(qrange_isa_objects out_var name)
  cmake_parse_arguments(ARG "" "" "SOURCES;INCLUDES" ${ARGN})
  set(objects "")
  foreach(isa IN LISTS QRANGE_SIMD_ISAS)
    set(obj ${name}_${isa})
    add_library(${obj} OBJECT ${ARG_SOURCES})
    target_compile_options(${obj} PRIVATE ${QRANGE_ISA_FLAGS_${isa}})
    target_compile_definitions(${obj} PRIVATE QRANGE_ISA=${isa} QRANGE_XSIMD_ARCH=${QRANGE_ISA_XSIMD_${isa}})
    target_include_directories(${obj} PRIVATE ${ARG_INCLUDES})
    target_link_libraries(${obj} PRIVATE qrange_xsimd)
    set_target_properties(${obj} PROPERTIES POSITION_INDEPENDENT_CODE ON
      CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
    list(APPEND objects $<TARGET_OBJECTS:${obj}>)
  endforeach()
  set(${out_var} ${objects} PARENT_SCOPE)
endfunction()

# C preprocessor list of the compiled-in SIMD targets, for the dispatcher.
set(QRANGE_ISA_DEFINES "")
foreach(isa IN LISTS QRANGE_SIMD_ISAS)
  string(TOUPPER ${isa} ISA)
  list(APPEND QRANGE_ISA_DEFINES QRANGE_HAVE_${ISA}=1)
endforeach()
