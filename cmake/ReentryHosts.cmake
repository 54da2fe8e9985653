# Finding the host toolchains the binding and example tests run with (Python
# with pytest and numpy, Java with JNA, Go with cgo), and a test that fails
# saying what is missing when one is absent, so no host test passes silently.

# reentry_add_missing_tool_test(<name> <why>): a test named <name> that fails
# with <why> (what is missing and the Debian package that brings it).
function(reentry_add_missing_tool_test name why)
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} "-DWHY=${why}" -P ${PROJECT_SOURCE_DIR}/cmake/FailTest.cmake)
  message(WARNING "${name} will fail: ${why}")
endfunction()

# REENTRY_PYTHON: a python3 that imports pytest and numpy. Debian's
# /usr/bin/python3 is preferred over others on PATH (pyenv, conda) that may
# lack them; REENTRY_PYTHON_PROBLEM says what is missing when none has both.
function(reentry_find_python)
  set(candidates)
  if(EXISTS /usr/bin/python3)
    list(APPEND candidates /usr/bin/python3)
  endif()
  find_program(REENTRY_PATH_PYTHON NAMES python3 python)
  if(REENTRY_PATH_PYTHON)
    list(APPEND candidates ${REENTRY_PATH_PYTHON})
  endif()
  set(problem "no python3 found (apt-get install python3 python3-numpy python3-pytest)")
  foreach(python IN LISTS candidates)
    execute_process(COMMAND ${python} -c "import pytest, numpy"
                    RESULT_VARIABLE failed OUTPUT_QUIET ERROR_VARIABLE error)
    if(NOT failed)
      set(REENTRY_PYTHON ${python} PARENT_SCOPE)
      set(REENTRY_PYTHON_PROBLEM "" PARENT_SCOPE)
      return()
    endif()
    string(STRIP "${error}" error)
    string(REGEX REPLACE ".*\n" "" error "${error}")
    string(CONCAT problem "${python} cannot import pytest and numpy (${error}): "
                          "apt-get install python3-pytest python3-numpy")
  endforeach()
  set(REENTRY_PYTHON "" PARENT_SCOPE)
  set(REENTRY_PYTHON_PROBLEM "${problem}" PARENT_SCOPE)
endfunction()
