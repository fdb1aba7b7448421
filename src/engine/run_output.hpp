#pragma once

#include <cstddef>
#include <string>

namespace pgapply::engine {

// Where a long run stands, for a progress line (the CLI draws one on a
// terminal, never in JSON or when stderr is not a terminal).
// What the migrations session runs, as the server says (pg_stat_activity).
struct ServerActivity {
  std::string file;       // "" when unknown
  std::string lock_kind;  // the kind of lock it waits for (relation, tuple...); "" when none
};

struct ProgressTick {
  std::string file;              // the file running, as shown
  std::size_t line = 0;          // the statement running starts here
  std::size_t statements_done = 0;   // in this run, over all files
  std::size_t statements_total = 0;  // in this run, over all files (0: unknown)
  std::size_t files_done = 0;
  std::size_t files_total = 0;
  // While the server runs a batch without answering (it answers a batch when
  // it ends): for how long, and what it runs if known, instead of `file` and
  // `line`.
  std::size_t waiting_seconds = 0;
  ServerActivity server;
};

// Where a run's messages go; the command line decides how to show them.
class RunOutput {
 public:
  virtual ~RunOutput() = default;
  // A server message (NOTICE, WARNING, INFO...), formatted FILE:LINE: NOTICE:  text.
  virtual void notice(const std::string& text) = 0;
  // \echo and \qecho (to_stderr false), \warn (true); text ends with its newline.
  virtual void echo(const std::string& text, bool to_stderr) = 0;
  // pgapply's own progress ("applied 002_x.sql in 12 ms") and warnings.
  virtual void progress(const std::string& line) = 0;
  // The line that says a run stopped at a failure, and what became of its
  // files: progress, where progress is shown (exec, which shows none, still says it).
  virtual void stopped(const std::string& line) { progress(line); }
  virtual void warning(const std::string& line) = 0;
  // Called often (at most every few milliseconds) during a run; cheap to ignore.
  virtual void tick(const ProgressTick& /*where*/) {}
  // Whether tick() shows anything. When it does not (JSON, standard error
  // not a terminal), the run spares what only the progress line needs: the
  // once-a-second wake-up while the server runs a batch, and the question
  // to the server what the migrations session runs meanwhile.
  virtual bool shows_ticks() const { return false; }
  // Whether, with no progress line (standard error not a terminal: a CI log,
  // `| tee`), progress() should say which file a long batch runs now, the
  // files before it done: a log that shows nothing for minutes looks hung.
  virtual bool logs_long_batches() const { return false; }
  // Whether text reports and progress lines may paint their verdicts
  // (report/paint.hpp): standard output is a terminal that shows colour.
  virtual bool color() const { return false; }
};

}  // namespace pgapply::engine
