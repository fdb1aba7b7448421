#include "psql/conditional_stack.hpp"

#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"

using namespace pgapply;
using namespace pgapply::psql;

namespace {

// A condition that counts its evaluations.
struct Condition {
  bool value;
  int calls = 0;
  std::function<bool()> operator()() {
    return [this] {
      ++calls;
      return value;
    };
  }
};

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::input);
    CHECK(e.located());
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("no open block: everything runs") {
  ConditionalStack stack("m/1_a.sql");
  CHECK(stack.empty());
  CHECK(stack.active());
  CHECK_NOTHROW(stack.check_closed());
}

TEST_CASE("if / elif / else: the first branch whose condition holds runs, later conditions are not evaluated") {
  ConditionalStack stack("m/1_a.sql");
  Condition no{false}, yes{true}, later{true};
  stack.if_(1, no());
  CHECK(stack.peek() == BranchState::false_branch);
  CHECK_FALSE(stack.active());
  stack.elif(3, yes());
  CHECK(stack.peek() == BranchState::true_branch);
  CHECK(stack.active());
  stack.elif(5, later());
  CHECK(stack.peek() == BranchState::ignored);
  CHECK_FALSE(stack.active());
  CHECK(later.calls == 0);
  stack.else_(7);
  CHECK(stack.peek() == BranchState::else_false);
  CHECK_FALSE(stack.active());
  stack.endif(9);
  CHECK(stack.empty());
  CHECK(stack.active());
  CHECK(no.calls == 1);
  CHECK(yes.calls == 1);
}

TEST_CASE("else runs when no branch did") {
  ConditionalStack stack("m/1_a.sql");
  Condition no{false};
  stack.if_(1, no());
  stack.elif(2, no());
  CHECK(no.calls == 2);
  stack.else_(3);
  CHECK(stack.peek() == BranchState::else_true);
  CHECK(stack.active());
  stack.endif(4);
  CHECK(stack.empty());
}

TEST_CASE("nesting: a block inside a branch that does not run is ignored whole, its conditions never evaluated") {
  ConditionalStack stack("m/1_a.sql");
  Condition outer{false}, inner{true};
  stack.if_(1, outer());
  stack.if_(2, inner());
  CHECK(stack.depth() == 2);
  CHECK(stack.peek() == BranchState::ignored);
  stack.elif(3, inner());
  stack.else_(4);
  CHECK(stack.peek() == BranchState::else_false);
  CHECK_FALSE(stack.active());
  CHECK(inner.calls == 0);
  stack.endif(5);
  CHECK(stack.depth() == 1);
  stack.else_(6);  // the outer \else runs, and a block inside it is evaluated
  CHECK(stack.active());
  stack.if_(7, inner());
  CHECK(stack.active());
  CHECK(inner.calls == 1);
  stack.endif(8);
  stack.endif(9);
  CHECK(stack.empty());
}

TEST_CASE("a condition that throws leaves the block as it was") {
  ConditionalStack stack("m/1_a.sql");
  Condition no{false};
  stack.if_(1, no());
  CHECK_THROWS_AS(stack.elif(2, [] () -> bool { throw Error(ErrorKind::input, "bad value"); }), Error);
  CHECK(stack.peek() == BranchState::false_branch);
}

TEST_CASE("unbalanced branches are errors naming file:line") {
  ConditionalStack stack("m/1_a.sql");
  Condition yes{true};
  CHECK(error_of([&] { stack.endif(4); }) == "m/1_a.sql:4: error: \\endif without a matching \\if");
  CHECK(error_of([&] { stack.elif(5, yes()); }) == "m/1_a.sql:5: error: \\elif without a matching \\if");
  CHECK(error_of([&] { stack.else_(6); }) == "m/1_a.sql:6: error: \\else without a matching \\if");
  CHECK(yes.calls == 0);

  stack.if_(10, yes());
  stack.else_(11);
  CHECK(error_of([&] { stack.elif(12, yes()); }) == "m/1_a.sql:12: error: \\elif after \\else");
  CHECK(error_of([&] { stack.else_(13); }) == "m/1_a.sql:13: error: \\else after \\else");
  CHECK(yes.calls == 1);
}

TEST_CASE("an \\if left open at the end of the file names the innermost open \\if") {
  ConditionalStack stack("m/1_a.sql");
  Condition yes{true};
  stack.if_(2, yes());
  stack.if_(5, yes());
  CHECK(error_of([&] { stack.check_closed(); }) == "m/1_a.sql:5: error: \\if without a matching \\endif in this file");
  stack.endif(6);
  CHECK(error_of([&] { stack.check_closed(); }) == "m/1_a.sql:2: error: \\if without a matching \\endif in this file");
  stack.endif(7);
  CHECK_NOTHROW(stack.check_closed());
}

TEST_CASE("the primitives: push, peek, poke, pop") {
  ConditionalStack stack("m/1_a.sql");
  stack.push(BranchState::false_branch, 1);
  CHECK_FALSE(stack.active());
  stack.poke(BranchState::else_true);
  CHECK(stack.peek() == BranchState::else_true);
  CHECK(stack.active());
  stack.pop();
  CHECK(stack.empty());
  CHECK_THROWS_AS(stack.pop(), std::logic_error);
  CHECK_THROWS_AS(stack.peek(), std::logic_error);
  CHECK_THROWS_AS(stack.poke(BranchState::true_branch), std::logic_error);
}
