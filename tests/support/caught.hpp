#pragma once

#include <doctest/doctest.h>

#include <stdexcept>
#include <utility>

namespace pgapply::test {

// The exception of type E that `f` throws, to check its fields; fails the
// test when it throws none.
template <typename E, typename F>
E caught(F&& f) {
  try {
    std::forward<F>(f)();
  } catch (const E& error) {
    return error;
  }
  FAIL("no exception was thrown");
  throw std::logic_error("unreachable");
}

}  // namespace pgapply::test
