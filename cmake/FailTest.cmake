# A test that cannot run here: says why and fails (see ReentryHosts.cmake).
message(FATAL_ERROR "not run: ${WHY}")
