#include "io/process.hpp"

#include <doctest/doctest.h>

#include <chrono>

#include "core/error.hpp"
#include "support/run_process.hpp"

using namespace pgapply;

TEST_CASE("a background program runs while the caller goes on, and wait gives its status and standard error") {
  test::TempDir dir;
  const std::string errors = dir.path() + "/errors";
  const auto started = std::chrono::steady_clock::now();
  io::BackgroundProgram program({"sh", "-c", "sleep 1; echo \"$WHO\" oops >&2; echo out; exit 3"}, {{"WHO", "sh"}},
                                errors);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(800));  // not waited for
  const io::ProcessOutcome outcome = program.wait();
  CHECK(outcome.status == 3);
  CHECK(outcome.errors == "sh oops\n");  // standard output went elsewhere
  CHECK(program.wait().status == -1);    // once
}

TEST_CASE("a background program never waited for is stopped and reaped") {
  test::TempDir dir;
  const auto started = std::chrono::steady_clock::now();
  {
    io::BackgroundProgram program({"sleep", "30"}, {}, dir.path() + "/errors");
  }
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  CHECK_THROWS_AS(io::BackgroundProgram({"/nonexistent/program"}, {}, dir.path() + "/errors"), Error);
}
