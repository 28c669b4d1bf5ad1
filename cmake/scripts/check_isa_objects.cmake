# Fails if two groups of objects compiled with different ISA flags define the
# same shareable (global or weak) symbol. The linker keeps one copy of an
# inline function or template instantiation; if that copy was compiled with
# AVX-512 flags, every caller runs AVX-512 code, including the scalar path on
# a CPU without it.
# -DNM=<nm> -DGROUPS=name1,name2 -DOBJECTS_<name>=a.o,b.o
string(REPLACE "," ";" groups "${GROUPS}")
foreach(group IN LISTS groups)
  string(REPLACE "," ";" objects "${OBJECTS_${group}}")
  foreach(obj IN LISTS objects)
    execute_process(COMMAND ${NM} --defined-only ${obj} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${NM} failed on ${obj}")
    endif()
    string(REPLACE "\n" ";" lines "${out}")
    foreach(line IN LISTS lines)
      # Only global (T) and weak (W) code matters: data such as typeinfo
      # objects (V, R, D, B) holds no instructions.
      if(line MATCHES "^[0-9a-f]+ [TW] (.*)$")
        string(MAKE_C_IDENTIFIER "${CMAKE_MATCH_1}" key)
        list(APPEND defined_${key} ${group})
        list(REMOVE_DUPLICATES defined_${key})
        list(APPEND symbols ${CMAKE_MATCH_1})
      endif()
    endforeach()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES symbols)
set(bad "")
foreach(sym IN LISTS symbols)
  string(MAKE_C_IDENTIFIER "${sym}" key)
  list(LENGTH defined_${key} count)
  if(count GREATER 1)
    list(APPEND bad "${sym} (in: ${defined_${key}})")
  endif()
endforeach()
if(bad)
  list(JOIN bad "\n  " text)
  message(FATAL_ERROR "symbols defined under different ISA flags:\n  ${text}")
endif()
list(LENGTH symbols count)
message(STATUS "${count} shareable symbols, each compiled under one set of ISA flags only")
