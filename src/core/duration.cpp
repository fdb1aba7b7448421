#include "core/duration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/error.hpp"

namespace pgapply {

std::chrono::milliseconds parse_duration(std::string_view option, std::string_view text,
                                         std::chrono::milliseconds max) {
  const auto refuse = [&](const std::string& why) -> std::chrono::milliseconds {
    throw Error(ErrorKind::usage, std::string(option) + " " + std::string(text) + ": " + why +
                                      " (a duration: 500ms, 5s, 2min, 1h)");
  };
  std::size_t end = 0;
  while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.')) ++end;
  const std::string number(text.substr(0, end));
  std::string unit(text.substr(end));
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  if (number.empty() || number == "." || number.find('.') != number.rfind('.')) return refuse("not a duration");
  const double value = std::strtod(number.c_str(), nullptr);
  double factor = 0;
  // A bare number is seconds, as the help's 5s reads (never PostgreSQL's
  // milliseconds: `lock_timeout = 5000` there is 5 s, here 83 min).
  if (unit.empty() || unit == "s" || unit == "sec" || unit == "secs" || unit == "second" || unit == "seconds") {
    factor = 1000;
  } else if (unit == "ms") {
    factor = 1;
  } else if (unit == "min" || unit == "mins" || unit == "minute" || unit == "minutes" || unit == "m") {
    factor = 60'000;
  } else if (unit == "h" || unit == "hour" || unit == "hours") {
    factor = 3'600'000;
  } else {
    return refuse("unknown unit '" + unit + "'");
  }
  const double milliseconds = value * factor;
  if (!std::isfinite(milliseconds) || milliseconds < 0) return refuse("not a duration");
  // Rounded to 0 it would mean no limit at all: the opposite of what was asked.
  if (milliseconds > 0 && milliseconds < 1) return refuse("less than 1 ms (0 is no limit)");
  if (milliseconds > static_cast<double>(max.count())) {
    return refuse("more than " + format_duration(max));
  }
  return std::chrono::milliseconds(static_cast<long long>(std::llround(milliseconds)));
}

std::string duration_setting(std::chrono::milliseconds duration) {
  return duration.count() == 0 ? "0" : std::to_string(duration.count()) + "ms";
}

std::string format_duration(std::chrono::milliseconds duration) {
  const long long ms = duration.count();
  if (ms % 3'600'000 == 0 && ms > 0) return std::to_string(ms / 3'600'000) + " h";
  if (ms % 60'000 == 0 && ms > 0) return std::to_string(ms / 60'000) + " min";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

std::string duration_argument(std::chrono::milliseconds duration) {
  const long long ms = duration.count();
  if (ms % 3'600'000 == 0 && ms > 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0 && ms > 0) return std::to_string(ms / 60'000) + "min";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::optional<std::chrono::milliseconds> longer_limit(std::chrono::milliseconds used, std::chrono::milliseconds max,
                                                      std::chrono::milliseconds at_least) {
  if (used >= max) return std::nullopt;
  return std::min(max, std::max(at_least, used * 2));
}

}  // namespace pgapply
