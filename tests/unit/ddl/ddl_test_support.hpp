#pragma once

// Helpers shared by the ddl tests.

#include <doctest/doctest.h>

#include <string_view>

#include "ddl/declarations.hpp"

namespace pgapply::ddl::test {

// The one declaration a statement makes.
inline Declaration only(std::string_view statement) {
  const auto declarations = declarations_of(statement);
  REQUIRE(declarations.size() == 1);
  return declarations[0];
}

inline bool requires_feature(const StatementFacts& facts, Feature feature) {
  for (const auto& requirement : facts.requirements) {
    if (requirement.feature == feature) return true;
  }
  return false;
}

}  // namespace pgapply::ddl::test
