# Builds the HTML report's front end and embeds it in memscope_report.
# Included from src/report/CMakeLists.txt; defines MEMSCOPE_EMBEDDED_ASSETS_SOURCE.
#
# `npm ci` runs in the build tree (node_modules never lands in web/) whenever
# package.json or package-lock.json change, then web/build.mjs bundles
# web/src with esbuild and writes embedded_assets.cpp whenever a source changes.
find_program(MEMSCOPE_NODE node)
find_program(MEMSCOPE_NPM npm)
if(NOT MEMSCOPE_NODE OR NOT MEMSCOPE_NPM)
  message(FATAL_ERROR "The HTML report's front end needs node and npm "
    "(scripts/install-deps.sh installs them)")
endif()

set(MEMSCOPE_WEB_DIR ${PROJECT_SOURCE_DIR}/web)
set(MEMSCOPE_WEB_BUILD_DIR ${CMAKE_BINARY_DIR}/web)
set(MEMSCOPE_WEB_NODE_MODULES ${MEMSCOPE_WEB_BUILD_DIR}/node_modules CACHE INTERNAL
  "npm ci result of web/, also used by the browser tests")
file(GLOB_RECURSE MEMSCOPE_WEB_SOURCES CONFIGURE_DEPENDS
  ${MEMSCOPE_WEB_DIR}/src/*.js ${MEMSCOPE_WEB_DIR}/src/*.css)

set(_npm_stamp ${MEMSCOPE_WEB_BUILD_DIR}/npm-ci.stamp)
file(MAKE_DIRECTORY ${MEMSCOPE_WEB_BUILD_DIR})
add_custom_command(
  OUTPUT ${_npm_stamp}
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${MEMSCOPE_WEB_DIR}/package.json
    ${MEMSCOPE_WEB_DIR}/package-lock.json ${MEMSCOPE_WEB_BUILD_DIR}/
  COMMAND ${MEMSCOPE_NPM} ci --no-audit --no-fund --loglevel=error
  COMMAND ${CMAKE_COMMAND} -E touch ${_npm_stamp}
  WORKING_DIRECTORY ${MEMSCOPE_WEB_BUILD_DIR}
  DEPENDS ${MEMSCOPE_WEB_DIR}/package.json ${MEMSCOPE_WEB_DIR}/package-lock.json
  COMMENT "Installing the report front end's npm packages (npm ci)"
  VERBATIM)

set(MEMSCOPE_EMBEDDED_ASSETS_SOURCE ${MEMSCOPE_WEB_BUILD_DIR}/embedded_assets.cpp)
add_custom_command(
  OUTPUT ${MEMSCOPE_EMBEDDED_ASSETS_SOURCE} ${MEMSCOPE_WEB_BUILD_DIR}/report.js
    ${MEMSCOPE_WEB_BUILD_DIR}/report.css
  COMMAND ${MEMSCOPE_NODE} ${MEMSCOPE_WEB_DIR}/build.mjs ${MEMSCOPE_WEB_NODE_MODULES}
    ${MEMSCOPE_WEB_BUILD_DIR}
  DEPENDS ${_npm_stamp} ${MEMSCOPE_WEB_DIR}/build.mjs ${MEMSCOPE_WEB_SOURCES}
  COMMENT "Bundling the report front end (esbuild)"
  VERBATIM)
