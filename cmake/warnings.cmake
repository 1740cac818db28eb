# Strict warnings on our own code only; third-party headers come in as SYSTEM includes
# (imported targets are SYSTEM by default), so their warnings do not drown ours.
add_library(wg_warnings INTERFACE)
target_compile_options(wg_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough
  -Wno-missing-field-initializers -Werror=return-type)
if(WG_SANITIZE)
  # No vptr check: it needs the typeinfo of SOCI's internal classes, which Debian's build hides.
  target_compile_options(wg_warnings INTERFACE -fsanitize=address,undefined -fno-sanitize=vptr
                         -fno-omit-frame-pointer)
  target_link_options(wg_warnings INTERFACE -fsanitize=address,undefined -fno-sanitize=vptr)
endif()

# wg_component(NAME SOURCES...) declares one library of ours with the include root at the
# repository root, so that `#include "workflow/engine.hpp"` names the file.
function(wg_component name)
  add_library(${name} STATIC ${ARGN})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE wg_warnings)
endfunction()
