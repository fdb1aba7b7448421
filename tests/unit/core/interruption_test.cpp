#include "core/interruption.hpp"

#include <doctest/doctest.h>

#include <chrono>

#include "core/error.hpp"

using namespace pgapply;

namespace {

// The message and signal of what `call` throws; "" when it throws nothing.
template <typename Call>
std::pair<std::string, int> thrown(Call call) {
  try {
    call();
  } catch (const Interrupted& stop) {
    return {stop.what(), stop.signal};
  }
  return {"", 0};
}

}  // namespace

TEST_CASE("interruption: nothing until a signal is noted, then the first one, named, with what was going on") {
  clear_signal();
  CHECK(signal_received() == 0);
  CHECK(thrown([] { throw_if_interrupted("between two files"); }).first.empty());
  const auto started = std::chrono::steady_clock::now();
  CHECK(thrown([] { sleep_unless_interrupted(std::chrono::milliseconds(120), "while waiting"); }).first.empty());
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(120));

  note_signal(15);
  note_signal(2);  // the first one counts
  CHECK(signal_received() == 15);
  CHECK(thrown([] { throw_if_interrupted("between two files"); }) ==
        std::pair<std::string, int>{"interrupted by SIGTERM between two files", 15});
  // A long sleep ends at once.
  const auto asleep = std::chrono::steady_clock::now();
  CHECK(thrown([] { sleep_unless_interrupted(std::chrono::seconds(30), "while waiting to run f.sql again"); }) ==
        std::pair<std::string, int>{"interrupted by SIGTERM while waiting to run f.sql again", 15});
  CHECK(std::chrono::steady_clock::now() - asleep < std::chrono::seconds(5));
  clear_signal();
  CHECK(signal_received() == 0);

  CHECK(signal_name(1) == "SIGHUP");
  CHECK(signal_name(2) == "SIGINT");
  CHECK(signal_name(9) == "signal 9");
  // What the ledger's error of a file a signal stopped begins with, and how it is read back.
  CHECK(interrupted_by(2) == "interrupted by SIGINT");
  CHECK(says_interrupted(interrupted_by(1) + " at f.sql:3:1"));
  CHECK_FALSE(says_interrupted("division by zero at f.sql:3:1"));
  CHECK_FALSE(says_interrupted(""));
}
