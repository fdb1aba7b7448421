#include "core/plural.hpp"

namespace pgapply {

std::string plural(std::size_t count, std::string_view noun) {
  std::string out = std::to_string(count) + " ";
  out += noun;
  if (count != 1) out += "s";
  return out;
}

}  // namespace pgapply
