#pragma once

// The \if ... \elif ... \else ... \endif blocks open in one file, innermost
// last, each in one of psql's branch states (fe_utils/conditional.h). The
// state says both whether the lines of the current branch run and whether a
// later \elif still has to evaluate its condition:
//
//   true         this branch runs (its condition held, every enclosing one runs)
//   false        this branch does not run, no earlier one did: an \elif tests
//   ignored      this branch does not run, and no later \elif or \else will:
//                an earlier branch ran, or the whole block sits in one that
//                does not run (its conditions are never evaluated)
//   else_true    an \else that runs
//   else_false   an \else that does not run
//
// Blocks do not cross files: an included file has a stack of its own, and one
// left open at the end of its file is an error there.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace pgapply::psql {

enum class BranchState { true_branch, false_branch, ignored, else_true, else_false };

class ConditionalStack {
 public:
  // `file` (as shown to people) names the errors: "FILE:LINE: error: ...".
  explicit ConditionalStack(std::string file);

  // The lines read now run: no block is open, or the innermost branch runs.
  bool active() const;
  bool empty() const { return frames_.empty(); }
  std::size_t depth() const { return frames_.size(); }

  // The meta-commands, each at `line`. `condition` is called only when its
  // value decides something (psql neither evaluates nor interpolates the
  // condition of a branch that cannot run); what it throws passes through.
  // Throw Error(input) naming file:line for \elif, \else or \endif without
  // an \if, and for \elif or \else after \else.
  void if_(std::size_t line, const std::function<bool()>& condition);
  void elif(std::size_t line, const std::function<bool()>& condition);
  void else_(std::size_t line);
  void endif(std::size_t line);
  // At the end of the file: throws Error(input) naming the line of the
  // innermost \if still open.
  void check_closed() const;

  // The primitives, as psql's conditional.c has them: open a block, look at
  // or change the innermost one's state, close it.
  void push(BranchState state, std::size_t line);
  BranchState peek() const;  // the stack must not be empty
  void poke(BranchState state);
  void pop();

 private:
  struct Frame {
    BranchState state;
    std::size_t line;  // of the \if
  };
  [[noreturn]] void fail(std::size_t line, const std::string& message) const;
  // The innermost block, for \elif, \else and \endif (`command` names the error).
  Frame& innermost(std::size_t line, const char* command);

  std::string file_;
  std::vector<Frame> frames_;
};

}  // namespace pgapply::psql
