#include "psql/conditional_stack.hpp"

#include <stdexcept>
#include <utility>

#include "core/diagnostic.hpp"
#include "core/error.hpp"

namespace pgapply::psql {

ConditionalStack::ConditionalStack(std::string file) : file_(std::move(file)) {}

bool ConditionalStack::active() const {
  if (frames_.empty()) return true;
  const BranchState state = frames_.back().state;
  return state == BranchState::true_branch || state == BranchState::else_true;
}

void ConditionalStack::push(BranchState state, std::size_t line) { frames_.push_back({state, line}); }

BranchState ConditionalStack::peek() const {
  if (frames_.empty()) throw std::logic_error("ConditionalStack::peek: no \\if is open");
  return frames_.back().state;
}

void ConditionalStack::poke(BranchState state) {
  if (frames_.empty()) throw std::logic_error("ConditionalStack::poke: no \\if is open");
  frames_.back().state = state;
}

void ConditionalStack::pop() {
  if (frames_.empty()) throw std::logic_error("ConditionalStack::pop: no \\if is open");
  frames_.pop_back();
}

void ConditionalStack::fail(std::size_t line, const std::string& message) const {
  throw located_input_error(diagnostic(file_, line, 0, "error", message));
}

ConditionalStack::Frame& ConditionalStack::innermost(std::size_t line, const char* command) {
  if (frames_.empty()) fail(line, std::string("\\") + command + " without a matching \\if");
  return frames_.back();
}

void ConditionalStack::if_(std::size_t line, const std::function<bool()>& condition) {
  if (!active()) {
    push(BranchState::ignored, line);  // inside a branch that does not run: nothing of it runs
    return;
  }
  push(condition() ? BranchState::true_branch : BranchState::false_branch, line);
}

void ConditionalStack::elif(std::size_t line, const std::function<bool()>& condition) {
  Frame& frame = innermost(line, "elif");
  switch (frame.state) {
    case BranchState::true_branch:
      frame.state = BranchState::ignored;  // a branch ran: the rest are skipped
      return;
    case BranchState::false_branch:
      // Evaluated before the state changes: a condition that throws leaves it as it was.
      frame.state = condition() ? BranchState::true_branch : BranchState::false_branch;
      return;
    case BranchState::ignored:
      return;
    case BranchState::else_true:
    case BranchState::else_false:
      fail(line, "\\elif after \\else");
  }
}

void ConditionalStack::else_(std::size_t line) {
  Frame& frame = innermost(line, "else");
  switch (frame.state) {
    case BranchState::false_branch:
      frame.state = BranchState::else_true;
      return;
    case BranchState::true_branch:
    case BranchState::ignored:
      frame.state = BranchState::else_false;
      return;
    case BranchState::else_true:
    case BranchState::else_false:
      fail(line, "\\else after \\else");
  }
}

void ConditionalStack::endif(std::size_t line) {
  innermost(line, "endif");
  pop();
}

void ConditionalStack::check_closed() const {
  if (!frames_.empty()) fail(frames_.back().line, "\\if without a matching \\endif in this file");
}

}  // namespace pgapply::psql
