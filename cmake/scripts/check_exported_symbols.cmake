# Fails unless the shared library exports exactly the functions the C header
# declares with its export macro: anything else exported (an internal helper,
# a template instantiation, a symbol of a library linked in) would become part
# of the ABI by accident. The C++ API is inline in qrange.hpp and mpi.hpp, so
# no qrange:: symbol is expected, but one would be allowed as the intended C++
# API.
# -DNM=<nm> -DLIBRARY=<libqrange.so> -DHEADER=<qrange.h> -DMACRO=<QRANGE_API>
cmake_minimum_required(VERSION 3.18)
get_filename_component(header_name ${HEADER} NAME)
execute_process(COMMAND ${NM} -D --defined-only -C ${LIBRARY} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${LIBRARY}")
endif()

file(READ ${HEADER} header)
string(REGEX MATCHALL "${MACRO}[^;(\n]*[ *](qrange_[a-z0-9_]+)[ ]*\\(" decls "${header}")
set(declared "")
foreach(decl IN LISTS decls)
  string(REGEX REPLACE ".*[ *](qrange_[a-z0-9_]+)[ ]*\\($" "\\1" name "${decl}")
  list(APPEND declared ${name})
endforeach()
if(NOT declared)
  message(FATAL_ERROR "no ${MACRO} function found in ${HEADER}")
endif()

set(exported "")
set(bad "")
string(REPLACE "\n" ";" lines "${out}")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^[0-9a-f]+ ([A-Za-z]) (.*)$")
    continue()
  endif()
  set(sym "${CMAKE_MATCH_2}")
  if(sym MATCHES "^qrange_[a-z0-9_]+$")
    list(APPEND exported ${sym})
    if(NOT sym IN_LIST declared)
      list(APPEND bad "${sym} (not declared ${MACRO} in ${header_name})")
    endif()
  elseif(NOT sym MATCHES "^qrange::")
    list(APPEND bad "${sym}")
  endif()
endforeach()
foreach(name IN LISTS declared)
  if(NOT name IN_LIST exported)
    list(APPEND bad "${name} declared in ${header_name} but not exported")
  endif()
endforeach()

if(bad)
  list(JOIN bad "\n  " text)
  message(FATAL_ERROR "${LIBRARY} does not export exactly the API of ${header_name}:\n  ${text}")
endif()
list(LENGTH exported count)
message(STATUS "${count} exported symbols, all declared in ${header_name}: ${exported}")
