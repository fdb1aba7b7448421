#include "core/diagnostic.hpp"

namespace pgapply {

std::string diagnostic(std::string_view file, std::size_t line, std::size_t column,
                       std::string_view severity, std::string_view message) {
  std::string out(file);
  out += ':' + std::to_string(line);
  if (column != 0) out += ':' + std::to_string(column);
  out += ": ";
  out += severity;
  out += ": ";
  out += message;
  return out;
}

}  // namespace pgapply
