// The terminal: colour, the progress line and how it is cleared.
#include "cli/terminal.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "cli/color.hpp"
#include "cli/progress_line.hpp"
#include "cli/terminal_output.hpp"

using namespace pgapply;
using namespace pgapply::cli;

TEST_CASE("colour: auto on a terminal unless NO_COLOR, always and never force it") {
  CHECK(use_color(ColorChoice::automatic, true, false));
  CHECK_FALSE(use_color(ColorChoice::automatic, true, true));
  CHECK_FALSE(use_color(ColorChoice::automatic, false, false));
  CHECK(use_color(ColorChoice::always, false, true));
  CHECK_FALSE(use_color(ColorChoice::never, true, false));
}

TEST_CASE("a message colours the label at its head only") {
  CHECK(colorize_message("pgapply: error: no") == "pgapply: " + paint(Tone::error, "error:") + " no");
  CHECK(visible_width(paint(Tone::bad, "failed")) == 6);
  CHECK(colorize_message("migrations/002_x.sql:4:7: error: unknown meta-command") ==
        "migrations/002_x.sql:4:7: " + paint(Tone::error, "error:") + " unknown meta-command");
  CHECK(colorize_message("pgapply: warning: a") == "pgapply: " + paint(Tone::warning, "warning:") + " a");
  // The same words further on are the message's own: a file name, the server's text.
  CHECK(colorize_message("pgapply: error: cannot read 'error: x.sql': gone") ==
        "pgapply: " + paint(Tone::error, "error:") + " cannot read 'error: x.sql': gone");
  CHECK(colorize_message("a.sql:3: NOTICE:  warning: soon") == "a.sql:3: NOTICE:  warning: soon");
  CHECK(colorize_message("Applied 001_applied.sql: error: none") == "Applied 001_applied.sql: error: none");
}

TEST_CASE("the progress line: statements, rate, file:line, cut to the width") {
  engine::ProgressTick tick;
  tick.file = "migrations/005_big.sql";
  tick.line = 1234;
  tick.statements_done = 12345;
  tick.statements_total = 50000;
  tick.files_done = 2;
  tick.files_total = 12;
  CHECK(format_progress(tick, 5.0, 100) == "[3/12] 12,345/50,000 statements (24%)  2,469/s  migrations/005_big.sql:1234");
  CHECK(format_progress(tick, 0.1, 100) == "[3/12] 12,345/50,000 statements (24%)  migrations/005_big.sql:1234");
  const std::string cut = format_progress(tick, 5.0, 60);
  CHECK(cut.size() == 59);
  CHECK(cut == "[3/12] 12,345/50,000 statements (24%)  2,469/s  ...sql:1234");
  tick.statements_total = 0;
  tick.files_total = 1;
  CHECK(format_progress(tick, 0, 100) == "12,345 statements  migrations/005_big.sql:1234");
  CHECK(group_thousands(0) == "0");
  CHECK(group_thousands(1000000) == "1,000,000");
}

TEST_CASE("the progress line while the server has not answered a batch: for how long, and what it runs") {
  engine::ProgressTick tick;
  tick.file = "migrations/001_a.sql";
  tick.line = 1;
  tick.statements_done = 1;
  tick.statements_total = 203;
  tick.waiting_seconds = 4;
  CHECK(format_progress(tick, 0.1, 100) == "1/203 statements (0%)  no answer for 4 s");
  tick.server.file = "migrations/002_b.sql";
  CHECK(format_progress(tick, 0.1, 100) == "1/203 statements (0%)  migrations/002_b.sql for 4 s");
  tick.server.lock_kind = "relation";
  CHECK(format_progress(tick, 0.1, 200) ==
        "1/203 statements (0%)  migrations/002_b.sql for 4 s, waiting for a lock (relation)");
}

TEST_CASE("the progress line is redrawn at most every 100 ms") {
  ProgressLine line;
  engine::ProgressTick tick;
  const auto start = ProgressLine::Clock::time_point{};
  CHECK(line.update(tick, start, 80).has_value());
  CHECK_FALSE(line.update(tick, start + std::chrono::milliseconds(50), 80).has_value());
  CHECK(line.update(tick, start + std::chrono::milliseconds(100), 80).has_value());
  CHECK_FALSE(line.update(tick, start + std::chrono::milliseconds(199), 80).has_value());
}

TEST_CASE("a progress line is drawn only when enabled and cleared before any other output") {
  std::ostringstream out, err;
  {
    Terminal terminal(out, err, TerminalStyle{false, false, true, 80});
    TerminalOutput output(terminal);
    engine::ProgressTick tick;
    tick.file = "a.sql";
    tick.line = 3;
    tick.statements_done = 7;
    output.tick(tick);
    CHECK(err.str() == "\r7 statements  a.sql:3\x1b[K");
    output.notice("a.sql:3: NOTICE:  hi");
    CHECK(err.str() == "\r7 statements  a.sql:3\x1b[K\r\x1b[Ka.sql:3: NOTICE:  hi\n");
    output.tick(tick);  // within 100 ms: not redrawn
    CHECK(err.str() == "\r7 statements  a.sql:3\x1b[K\r\x1b[Ka.sql:3: NOTICE:  hi\n");
  }
  std::ostringstream quiet_out, quiet_err;
  Terminal plain(quiet_out, quiet_err, TerminalStyle{false, false, false, 80});
  TerminalOutput output(plain);
  output.tick(engine::ProgressTick{});
  CHECK(quiet_err.str().empty());
}

TEST_CASE("a run's echo goes to standard output, or to standard error when standard output carries a document") {
  std::ostringstream out, err;
  Terminal terminal(out, err);
  TerminalOutput text(terminal);
  text.echo("echoed\n", false);
  text.echo("warned\n", true);
  CHECK(out.str() == "echoed\n");
  CHECK(err.str() == "warned\n");

  std::ostringstream json_out, json_err;
  Terminal json_terminal(json_out, json_err);
  TerminalOutput document(json_terminal, true);
  document.echo("echoed\n", false);
  document.echo("warned\n", true);
  document.progress("applied 001_a.sql");
  CHECK(json_out.str().empty());
  CHECK(json_err.str() == "echoed\nwarned\n");
}
