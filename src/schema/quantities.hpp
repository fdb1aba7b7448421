#pragma once

// Row counts, sizes and durations as operators read them.

#include <string>

namespace pgapply::schema {

std::string format_count(double count);        // 1204000 -> "1,204,000"
std::string format_rows(double row_estimate);  // "~1,204 rows"; -1: "rows unknown (never analysed)"
std::string format_bytes(long long bytes);     // 8192 -> "8192 bytes", 356515840 -> "340 MB" (pg_size_pretty's units)
std::string format_duration(long long seconds);  // 12 -> "12s", 250 -> "4m 10s", 7380 -> "2h 03m"

}  // namespace pgapply::schema
