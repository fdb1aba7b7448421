#include "schema/quantities.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>

namespace pgapply::schema {

std::string format_count(double count) {
  const long long whole = std::llround(std::max(count, 0.0));
  std::string digits = std::to_string(whole);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string format_rows(double row_estimate) {
  if (row_estimate < 0) return "rows unknown (never analysed)";
  std::string out = "~";  // built in pieces: GCC 12 warns falsely (-Wrestrict) on "~" + string
  out += format_count(row_estimate);
  out += std::llround(row_estimate) == 1 ? " row" : " rows";
  return out;
}

std::string format_bytes(long long bytes) {
  static constexpr const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
  double value = static_cast<double>(std::max(bytes, 0LL));
  std::size_t unit = 0;
  // like pg_size_pretty: the next unit once the value reaches 10240 of this one
  while (value >= 10240 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  return std::to_string(std::llround(value)) + " " + units[unit];
}

std::string format_duration(long long seconds) {
  if (seconds < 0) seconds = 0;
  char buffer[48];
  if (seconds < 60) {
    std::snprintf(buffer, sizeof buffer, "%llds", seconds);
  } else if (seconds < 3600) {
    std::snprintf(buffer, sizeof buffer, "%lldm %02llds", seconds / 60, seconds % 60);
  } else if (seconds < 86400) {
    std::snprintf(buffer, sizeof buffer, "%lldh %02lldm", seconds / 3600, seconds % 3600 / 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lldd %02lldh", seconds / 86400, seconds % 86400 / 3600);
  }
  return buffer;
}

}  // namespace pgapply::schema
