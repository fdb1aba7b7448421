#include "schema/expected_object.hpp"

namespace pgapply::schema {

std::string Provenance::location() const {
  if (line == 0) return "";
  std::string out = file;
  out += ':';
  out += std::to_string(line);
  return out;
}

}  // namespace pgapply::schema
