# Fills the ELF fuzz seed directory at test time, from whichever candidates
# exist: the fixtures a host cannot build (no clang for PowerPC, not x86-64)
# are simply missing, as is a system binary on an unusual layout.
#   cmake -DSEEDS=<dir> -DCANDIDATES=<file|file|...> -P collect_elf_seeds.cmake
# ("|" because a ";" list would be split into arguments on the way here.)
string(REPLACE "|" ";" _candidates "${CANDIDATES}")
file(REMOVE_RECURSE "${SEEDS}")
file(MAKE_DIRECTORY "${SEEDS}")
set(_count 0)
foreach(_file IN LISTS _candidates)
  if(EXISTS "${_file}" AND NOT IS_DIRECTORY "${_file}")
    # Two fixtures share the name footprint_fixture.
    get_filename_component(_name "${_file}" NAME)
    file(COPY_FILE "${_file}" "${SEEDS}/${_count}-${_name}")
    math(EXPR _count "${_count} + 1")
  endif()
endforeach()
if(_count EQUAL 0)
  message(FATAL_ERROR "none of the ELF seed candidates exists: ${CANDIDATES}")
endif()
message(STATUS "${_count} ELF seeds in ${SEEDS}")
