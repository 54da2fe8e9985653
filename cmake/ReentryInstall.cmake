# Install rules: headers, libraries, the CMake package and pkg-config files.
include(CMakePackageConfigHelpers)

install(TARGETS reentry reentry_c
  EXPORT reentryTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/reentry DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${REENTRY_PROTO_OUT}/reentry/v1 DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/reentry
  FILES_MATCHING PATTERN "*.pb.h")
install(DIRECTORY proto/reentry/v1 DESTINATION ${CMAKE_INSTALL_DATADIR}/reentry/proto/reentry
  FILES_MATCHING PATTERN "*.proto")
install(DIRECTORY instruments/ DESTINATION ${CMAKE_INSTALL_DATADIR}/reentry/instruments
  FILES_MATCHING PATTERN "*.textproto")

set(REENTRY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/reentry)
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

# pkg-config: reentry (the C ABI, what most non-CMake hosts want).
configure_file(cmake/reentry.pc.in ${PROJECT_BINARY_DIR}/reentry.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/reentry.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
