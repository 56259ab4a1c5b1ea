# Install rules (LIVECHAT_INSTALL): the public API, i.e. the headers of core/
# and actors/ under include/livechat/, the two libraries, and a CMake package
# so that another project writes find_package(livechat 0.2 REQUIRED) and links
# livechat::runtime or livechat::core. Nothing of sim/, scenarios/ or cli/.
include(CMakePackageConfigHelpers)

set(livechat_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/livechat)

foreach(layer core actors)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${layer}/
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/livechat/${layer}
          FILES_MATCHING PATTERN "*.hpp")
endforeach()

install(TARGETS livechat_core livechat_actors EXPORT livechatTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT livechatTargets NAMESPACE livechat::
        DESTINATION ${livechat_cmake_dir})

# Where this build found CAF: the first place the package looks for it.
get_filename_component(livechat_caf_library_dir ${CAF_CORE_LIBRARY} DIRECTORY)
set(livechat_caf_hints "${CAF_INCLUDE_DIR};${livechat_caf_library_dir}")
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/livechatConfig.cmake.in
  ${PROJECT_BINARY_DIR}/livechatConfig.cmake
  INSTALL_DESTINATION ${livechat_cmake_dir})
# 0.x: a request for 0.2 accepts 0.2.x only.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/livechatConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/livechatConfig.cmake
              ${PROJECT_BINARY_DIR}/livechatConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/livechat_caf.cmake
        DESTINATION ${livechat_cmake_dir})
