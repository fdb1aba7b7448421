// What a failed statement-by-statement run left in effect, in words.
#include "migrate/ledger_row.hpp"

#include <doctest/doctest.h>

using namespace pgapply::migrate;

namespace {

LedgerRow failed_after(int done, int earlier = 0) {
  LedgerRow row;
  row.state = LedgerState::failed;
  row.statements = 3;
  row.statements_done = done;
  row.earlier_statements_done = earlier;
  return row;
}

}  // namespace

TEST_CASE("taken_effect: this run's statements, then an earlier version's, never a 1-0 range") {
  CHECK(taken_effect(failed_after(0)) == "none of its statements took effect");
  CHECK(taken_effect(failed_after(1)) == "statement 1 took effect");
  CHECK(taken_effect(failed_after(2)) == "statements 1-2 took effect");
  CHECK(taken_effect(failed_after(0, 1)) ==
        "none of its statements took effect, but statement 1 of an earlier run had (one before the file changed, or "
        "before repair --clear-failed)");
  CHECK(taken_effect(failed_after(1, 2)) ==
        "statement 1 took effect, and statements 1-2 of an earlier run had (one before the file changed, or before "
        "repair --clear-failed)");
  CHECK(first_statements(1) == "statement 1");
  CHECK(first_statements(4) == "statements 1-4");
}
