#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pgapply {

// The longest --lock-wait; and the longest --lock-timeout and
// --statement-timeout, PostgreSQL's timeouts being int milliseconds.
inline constexpr std::chrono::milliseconds longest_wait = std::chrono::hours(24 * 365);
inline constexpr std::chrono::milliseconds longest_server_timeout{2'147'483'647};

// A duration given by a person, for options such as --lock-timeout 5s:
// a number (decimals allowed) and a unit, ms, s, min or h; a bare number is
// seconds. Throws Error(usage) naming `option` for anything else (an unknown
// unit, a negative, infinite or not-a-number value, or one over `max`; the
// message gives the accepted forms).
std::chrono::milliseconds parse_duration(std::string_view option, std::string_view text,
                                         std::chrono::milliseconds max = longest_wait);

// As PostgreSQL reads a setting: "5000ms" ("0" stays 0: no limit).
std::string duration_setting(std::chrono::milliseconds duration);

// For people: "5 s", "500 ms", "2 min".
std::string format_duration(std::chrono::milliseconds duration);

// As an option takes it, so that a hint runs as printed: "2min", "60s",
// "500ms" (the largest unit it is a whole number of; parse_duration reads it back).
std::string duration_argument(std::chrono::milliseconds duration);

// The limit to suggest after one of `used` ran out: twice it, at least
// `at_least`, at most `max`; nullopt when `used` is `max` already.
std::optional<std::chrono::milliseconds> longer_limit(std::chrono::milliseconds used, std::chrono::milliseconds max,
                                                      std::chrono::milliseconds at_least = {});

}  // namespace pgapply
