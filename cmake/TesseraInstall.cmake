# Installs the C++ library, the C ABI shared library, their public headers, a
# CMake package and a pkg-config file, so a host project can
# find_package(tessera CONFIG) and link tessera::tessera (C++) or tessera::c
# (C), or ask `pkg-config --cflags --libs tessera` for the C library.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TESSERA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/tessera)

install(TARGETS tessera
  EXPORT tesseraTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/tessera
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
install(EXPORT tesseraTargets
  NAMESPACE tessera::
  DESTINATION ${TESSERA_CMAKE_DIR})

# The C library has an export set of its own: its C++ dependencies are
# private to the shared object, so a C host loads tesseraCTargets.cmake
# without looking for Abseil.
set(TESSERA_INSTALLS_C_API OFF)
if(TARGET tessera_c)
  set(TESSERA_INSTALLS_C_API ON)
  install(TARGETS tessera_c
    EXPORT tesseraCTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(FILES ${PROJECT_SOURCE_DIR}/capi/include/tessera/tessera.h
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tessera)
  install(EXPORT tesseraCTargets
    NAMESPACE tessera::
    DESTINATION ${TESSERA_CMAKE_DIR})

  # The .pc file finds its prefix from its own location (${pcfiledir}), so a
  # prefix chosen at install time (cmake --install --prefix) or a moved tree
  # still gives the right paths.
  set(pc_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(TESSERA_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
    set(TESSERA_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
  else()
    string(REGEX REPLACE "[^/]+" ".." pc_to_prefix "${pc_dir}")
    set(TESSERA_PC_PREFIX "\${pcfiledir}/${pc_to_prefix}")
    set(TESSERA_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  endif()
  if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(TESSERA_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
  else()
    set(TESSERA_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
  endif()
  configure_file(${PROJECT_SOURCE_DIR}/cmake/tessera.pc.in
    ${PROJECT_BINARY_DIR}/tessera.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/tessera.pc DESTINATION ${pc_dir})
endif()

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/tesseraConfig.cmake.in
  ${PROJECT_BINARY_DIR}/tesseraConfig.cmake
  INSTALL_DESTINATION ${TESSERA_CMAKE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/tesseraConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/tesseraConfig.cmake
  ${PROJECT_BINARY_DIR}/tesseraConfigVersion.cmake
  DESTINATION ${TESSERA_CMAKE_DIR})
