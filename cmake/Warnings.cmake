# Compiler warnings and sanitizers as interface targets: every target of the
# project, tests and benchmarks included, links pgapply_warnings, so one list
# governs them all.
#
#   -DPGAPPLY_WERROR=ON                       warnings are errors (CI)
#   -DPGAPPLY_SANITIZE=address,undefined      build everything with these sanitizers

option(PGAPPLY_WERROR "Treat compiler warnings as errors" OFF)
set(PGAPPLY_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")

add_library(pgapply_warnings INTERFACE)
target_compile_options(pgapply_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
  -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${PGAPPLY_WERROR}>:-Werror>)

if(PGAPPLY_SANITIZE)
  set(pgapply_sanitize_flags -fsanitize=${PGAPPLY_SANITIZE} -fno-omit-frame-pointer
      -fno-sanitize-recover=all -g)
  # GCC 12's flow analysis under ASan reports libstdc++'s own code: its
  # std::function inside std::regex as maybe-uninitialized, and std::string's
  # memcpy as overlapping (-Wrestrict, GCC bug 105329): false positives that
  # -Werror would turn into a failed sanitizer build.
  target_compile_options(pgapply_warnings INTERFACE ${pgapply_sanitize_flags}
                         $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized -Wno-restrict>)
  target_link_options(pgapply_warnings INTERFACE ${pgapply_sanitize_flags})
endif()
