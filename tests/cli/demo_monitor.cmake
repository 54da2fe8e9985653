# The demo's steps after planning: the sample person's plan made into a
# file, then `reentry <COMMAND> --input examples/data/<INPUT> --plan <it>`
# (with the sample person's assessments for monitor and summary; for fhir
# the plan is the input, with the assessments); the output
# must hold every line of EXPECTED (a ;-list of substrings).
#   cmake -DPROGRAM=... -DSOURCE=<checkout> -DOUT=<dir> -DCOMMAND=monitor
#         [-DINPUT=monitor_request.json] "-DEXPECTED=a;b" -P demo_monitor.cmake
if(NOT INPUT)
  set(INPUT monitor_request.json)
endif()
set(assess "${SOURCE}/examples/data/person_pattern.json:pattern,${SOURCE}/examples/data/person_needs_screen.json:reentry_needs_screen")
execute_process(COMMAND ${PROGRAM} plan --input ${SOURCE}/examples/data/plan_request.json
                        --assess ${assess} --format json
                OUTPUT_FILE ${OUT}/demo_plan_${COMMAND}.json RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "plan exited with ${code}: ${err}")
endif()
set(more)
set(command_name "${COMMAND}")
if(command_name STREQUAL "monitor" OR command_name STREQUAL "summary")
  set(more --assess ${assess})
endif()
set(args --input ${SOURCE}/examples/data/${INPUT} --plan ${OUT}/demo_plan_${COMMAND}.json)
if(command_name STREQUAL "fhir")
  # The plan itself is the input, with the scores as Observations.
  set(args --input ${OUT}/demo_plan_${COMMAND}.json --patient Patient/demo-001 --quiet)
  set(more --assess ${assess})
endif()
execute_process(COMMAND ${PROGRAM} ${COMMAND} ${args} ${more}
                OUTPUT_VARIABLE out RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "${COMMAND} exited with ${code}: ${err}")
endif()
# A ';' inside [...] does not split a CMake list: hide the brackets (JSON has
# them) while splitting.
string(REPLACE "[" "<lb>" expected "${EXPECTED}")
string(REPLACE "]" "<rb>" expected "${expected}")
foreach(line IN LISTS expected)
  string(REPLACE "<lb>" "[" line "${line}")
  string(REPLACE "<rb>" "]" line "${line}")
  string(FIND "${out}" "${line}" at)
  if(at LESS 0)
    message(FATAL_ERROR "${COMMAND} does not print '${line}':\n${out}")
  endif()
endforeach()
message(STATUS "${COMMAND}: every expected line printed")
