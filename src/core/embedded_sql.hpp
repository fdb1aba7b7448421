#pragma once

#include <string_view>

namespace pgapply {

// The text of sql/NAME as it was at build time (e.g. embedded_sql("ledger.sql")).
std::string_view embedded_sql(std::string_view name);

}  // namespace pgapply
