# Locates CAF 0.17 (caf_core) and defines the imported target
# livechat::caf_core. Included by actors/CMakeLists.txt and by the installed
# livechatConfig.cmake, so the build and every consumer find CAF the same way.
#
# Debian's libcaf-dev ships no CMake package config: the header and the
# library are found directly. Set CAF_INCLUDE_DIR and CAF_CORE_LIBRARY to use
# another CAF; livechat_caf_hints (a list of directories, may be empty) are
# searched before the default places. Sets livechat_caf_FOUND; does not fail,
# so that the caller decides how to report a missing CAF.
find_path(CAF_INCLUDE_DIR caf/all.hpp HINTS ${livechat_caf_hints}
          DOC "Directory holding caf/all.hpp (CAF 0.17)")
find_library(CAF_CORE_LIBRARY caf_core HINTS ${livechat_caf_hints}
             DOC "CAF 0.17's caf_core library")

set(livechat_caf_FOUND FALSE)
if(CAF_INCLUDE_DIR AND CAF_CORE_LIBRARY)
  set(livechat_caf_FOUND TRUE)
  # Guarded: find_package(livechat) may run in several directories.
  if(NOT TARGET livechat::caf_core)
    # Imported include directories are system ones for consumers: CAF's
    # headers never fail a -Werror build of livechat or of its users.
    add_library(livechat::caf_core UNKNOWN IMPORTED)
    set_target_properties(livechat::caf_core PROPERTIES
      IMPORTED_LOCATION "${CAF_CORE_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${CAF_INCLUDE_DIR}")
  endif()
endif()
