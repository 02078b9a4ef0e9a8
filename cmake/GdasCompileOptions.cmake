# Project-wide compile options, applied per target through gdas_target_defaults().
add_library(gdas_options INTERFACE)
target_compile_options(gdas_options INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wno-unused-parameter>)
if(GDAS_WARNINGS_AS_ERRORS)
  target_compile_options(gdas_options INTERFACE $<$<CXX_COMPILER_ID:GNU,Clang>:-Werror>)
endif()
if(GDAS_SANITIZE)
  target_compile_options(gdas_options INTERFACE -fsanitize=${GDAS_SANITIZE} -fno-omit-frame-pointer)
  target_link_options(gdas_options INTERFACE -fsanitize=${GDAS_SANITIZE})
endif()

function(gdas_target_defaults target)
  target_link_libraries(${target} PRIVATE gdas_options)
endfunction()
