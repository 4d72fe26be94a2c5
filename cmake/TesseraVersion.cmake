# The version lives in include/tessera/version.h and nowhere else; CMake reads it
# from there so the header, the package and the library can never disagree.
function(tessera_read_version header)
  # A new version in the header reconfigures existing build trees too.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${header}")
  file(STRINGS "${header}" lines REGEX "^#define TESSERA_VERSION_(MAJOR|MINOR|PATCH) +[0-9]+$")
  foreach(part MAJOR MINOR PATCH)
    if(NOT lines MATCHES "TESSERA_VERSION_${part} +([0-9]+)")
      message(FATAL_ERROR "TESSERA_VERSION_${part} not found in ${header}")
    endif()
    set(${part} ${CMAKE_MATCH_1})
  endforeach()
  set(TESSERA_VERSION "${MAJOR}.${MINOR}.${PATCH}" PARENT_SCOPE)
  set(TESSERA_VERSION_MAJOR "${MAJOR}" PARENT_SCOPE)
endfunction()
