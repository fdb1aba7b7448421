#include "cli/exit_status.hpp"

#include <doctest/doctest.h>

#include <csignal>

#include "cli/error_report.hpp"

using namespace pgapply;

TEST_CASE("exit status: each kind its documented status, an interruption 128 + its signal") {
  CHECK(cli::exit_status(Error(ErrorKind::usage, "x")) == 1);
  CHECK(cli::exit_status(Error(ErrorKind::connection, "x")) == 2);
  CHECK(cli::exit_status(Error(ErrorKind::lock, "x")) == 5);
  CHECK(cli::exit_status(Error(ErrorKind::connection_lost, "x")) == 7);
  CHECK(cli::exit_status(ErrorKind::interrupted) == 130);
  CHECK(cli::exit_status(Interrupted(SIGINT, "x")) == 130);
  CHECK(cli::exit_status(Interrupted(SIGTERM, "x")) == 143);
  CHECK(cli::exit_status(Interrupted(SIGHUP, "x")) == 129);
  // The JSON error object carries the same status.
  CHECK(cli::describe_error(Interrupted(SIGTERM, "stopped")).exit_status == 143);
  CHECK(cli::describe_error(Interrupted(SIGTERM, "stopped")).kind == "interrupted");
}
