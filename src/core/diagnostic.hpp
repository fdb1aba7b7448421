#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pgapply {

// "FILE:LINE:COL: SEVERITY: MESSAGE", the form compilers use, which editors
// and CI logs turn into links. A zero column is left out.
std::string diagnostic(std::string_view file, std::size_t line, std::size_t column,
                       std::string_view severity, std::string_view message);

}  // namespace pgapply
