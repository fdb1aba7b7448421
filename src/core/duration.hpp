#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace pgapply {

// A duration given by a person, for options such as --lock-timeout 5s:
// a number (decimals allowed) and a unit, ms, s, min or h; a bare number is
// seconds. Throws Error(usage) naming `option` for anything else (an unknown
// unit, a negative, infinite or not-a-number value, or one over `max`; the
// message gives the accepted forms).
std::chrono::milliseconds parse_duration(std::string_view option, std::string_view text,
                                         std::chrono::milliseconds max = std::chrono::hours(24 * 365));

// As PostgreSQL reads a setting: "5000ms" ("0" stays 0: no limit).
std::string duration_setting(std::chrono::milliseconds duration);

// For people: "5 s", "500 ms", "2 min".
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace pgapply
