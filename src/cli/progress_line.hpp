#pragma once

// The progress line of a long run, on standard error when it is a terminal:
//   [3/12] 12,345/50,000 statements (24%)  2,104/s  migrations/005_x.sql:123
// and, while the server runs a batch without answering (it answers a batch
// when it ends), what it runs and for how long, as the server says:
//   [3/12] 12,345/50,000 statements (24%)  2,104/s  migrations/006_y.sql for 12 s, waiting for a lock (relation)
// redrawn at most ten times a second (Terminal clears it before any other
// output). Fed by engine::RunOutput::tick().

#include <chrono>
#include <optional>
#include <string>

#include "engine/run_output.hpp"

namespace pgapply::cli {

// The line for `tick`, `elapsed` seconds into the run, cut to `width`
// columns (the file's path loses its start first, as "...").
std::string format_progress(const engine::ProgressTick& tick, double elapsed, std::size_t width);

// 12345 -> "12,345".
std::string group_thousands(std::size_t value);

class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds interval{100};

  // The line to draw now, or nullopt when the last one is younger than
  // `interval` (the first tick starts the clock for the rate).
  std::optional<std::string> update(const engine::ProgressTick& tick, Clock::time_point now, std::size_t width);

 private:
  std::optional<Clock::time_point> started_;
  std::optional<Clock::time_point> drawn_;
};

}  // namespace pgapply::cli
