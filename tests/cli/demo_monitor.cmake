# The demo's monitoring steps: the sample person's plan made into a file,
# then `reentry <COMMAND>` on the demo's events with it; the output must hold
# every line of EXPECTED (a ;-list of substrings).
#   cmake -DPROGRAM=... -DSOURCE=<checkout> -DOUT=<dir> -DCOMMAND=monitor "-DEXPECTED=a;b"
#         -P demo_monitor.cmake
set(assess "${SOURCE}/examples/data/person_pattern.json:pattern,${SOURCE}/examples/data/person_needs_screen.json:reentry_needs_screen")
execute_process(COMMAND ${PROGRAM} plan --input ${SOURCE}/examples/data/plan_request.json
                        --assess ${assess} --format json
                OUTPUT_FILE ${OUT}/demo_plan_${COMMAND}.json RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "plan exited with ${code}: ${err}")
endif()
execute_process(COMMAND ${PROGRAM} ${COMMAND} --input ${SOURCE}/examples/data/monitor_request.json
                        --plan ${OUT}/demo_plan_${COMMAND}.json --assess ${assess}
                OUTPUT_VARIABLE out RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "${COMMAND} exited with ${code}: ${err}")
endif()
foreach(line IN LISTS EXPECTED)
  string(FIND "${out}" "${line}" at)
  if(at LESS 0)
    message(FATAL_ERROR "${COMMAND} does not print '${line}':\n${out}")
  endif()
endforeach()
message(STATUS "${COMMAND}: every expected line printed")
