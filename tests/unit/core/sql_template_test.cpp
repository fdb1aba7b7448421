#include "core/sql_template.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

#include "core/embedded_sql.hpp"

using namespace pgapply;

TEST_CASE("embedded SQL templates render with quoted names") {
  CHECK(render_sql("select * from {{ledger}} where {{ledger}}.x = 1", {{"ledger", "\"s\".\"t\""}}) ==
        "select * from \"s\".\"t\" where \"s\".\"t\".x = 1");
  CHECK_THROWS_AS(render_sql("{{other}}", {}), std::logic_error);
  const auto ddl = render_sql(embedded_sql("ledger_create.sql"),
                              {{"ledger", "\"public\".\"m\""}, {"history", "\"public\".\"m_history\""}});
  CHECK(ddl.find("CREATE TABLE IF NOT EXISTS \"public\".\"m\" (") != std::string::npos);
  CHECK(ddl.find("{{") == std::string::npos);
  CHECK_THROWS_AS(embedded_sql("no_such_file.sql"), std::logic_error);
}
