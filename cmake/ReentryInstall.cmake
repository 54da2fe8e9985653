# Install rules: headers, libraries, the CMake package, pkg-config, the CLI
# (tools/CMakeLists.txt), the .proto files, the builtin definitions and the
# Python wheel (python/CMakeLists.txt, with REENTRY_BUILD_PYTHON).
#
#   <prefix>/include/reentry.h                 the C ABI
#   <prefix>/include/reentry/...               the C++ API and reentry/v1/*.pb.h
#   <prefix>/lib/libreentry_c.so.1             the C ABI library (SONAME = ABI version)
#   <prefix>/lib/libreentry.a                  the C++ library
#   <prefix>/lib/cmake/reentry/                find_package(reentry)
#   <prefix>/lib/pkgconfig/reentry.pc          pkg-config --cflags --libs reentry
#   <prefix>/bin/reentry                       the command-line program
#   <prefix>/share/reentry/proto/reentry/v1/   the messages, for hosts that generate code
#   <prefix>/share/reentry/instruments/        the builtin definitions (also embedded)
#   <prefix>/share/reentry/catalogs/
include(CMakePackageConfigHelpers)

# Two export sets, so a host of the C ABI needs nothing else to be found: the
# C++ library's set is loaded only where protobuf and Abseil are found.
install(TARGETS reentry_c
  EXPORT reentryCTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS reentry
  EXPORT reentryTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/reentry DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${REENTRY_PROTO_OUT}/reentry/v1 DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/reentry
  FILES_MATCHING PATTERN "*.pb.h")
install(DIRECTORY proto/reentry/v1 DESTINATION ${CMAKE_INSTALL_DATADIR}/reentry/proto/reentry
  FILES_MATCHING PATTERN "*.proto")
install(DIRECTORY instruments/ DESTINATION ${CMAKE_INSTALL_DATADIR}/reentry/instruments
  FILES_MATCHING PATTERN "*.textproto")
install(DIRECTORY catalogs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/reentry/catalogs
  FILES_MATCHING PATTERN "*.textproto")
install(FILES README.md CHANGELOG.md docs/embedding.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(REENTRY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/reentry)
install(EXPORT reentryCTargets NAMESPACE reentry:: DESTINATION ${REENTRY_CMAKE_DIR})
install(EXPORT reentryTargets NAMESPACE reentry:: DESTINATION ${REENTRY_CMAKE_DIR})
configure_package_config_file(cmake/reentryConfig.cmake.in
  ${PROJECT_BINARY_DIR}/reentryConfig.cmake
  INSTALL_DESTINATION ${REENTRY_CMAKE_DIR})
# The major version is the ABI version: hosts accept any release of the same major.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/reentryConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/reentryConfig.cmake
  ${PROJECT_BINARY_DIR}/reentryConfigVersion.cmake
  DESTINATION ${REENTRY_CMAKE_DIR})

# pkg-config: reentry (the C ABI, what most non-CMake hosts want). The prefix is
# found from the .pc file's own place, so an installed tree can be moved.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(REENTRY_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  set(REENTRY_PC_PREFIX "\${pcfiledir}")
  string(REPLACE "/" ";" parts "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
  foreach(part IN LISTS parts)
    string(APPEND REENTRY_PC_PREFIX "/..")
  endforeach()
endif()
configure_file(cmake/reentry.pc.in ${PROJECT_BINARY_DIR}/reentry.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/reentry.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
