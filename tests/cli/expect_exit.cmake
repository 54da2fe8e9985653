# Runs PROGRAM with ARGS (a ;-list) and checks its exit code is EXPECTED:
#   cmake -DPROGRAM=... "-DARGS=a;b" -DEXPECTED=3 -P expect_exit.cmake
execute_process(COMMAND ${PROGRAM} ${ARGS} RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT code EQUAL EXPECTED)
  message(FATAL_ERROR "${PROGRAM} exited with ${code}, expected ${EXPECTED}: ${err}")
endif()
message(STATUS "exit ${code} as expected: ${err}")
