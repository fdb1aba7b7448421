#include "ddl/update_delete_statement.hpp"

#include <doctest/doctest.h>

using pgapply::ddl::update_or_delete_target;

TEST_CASE("an UPDATE or DELETE of one table is read for its table, where it calls nothing of the user's") {
  auto table = update_or_delete_target("UPDATE ONLY app.\"Orders\" AS o SET qty = 1 FROM u WHERE o.id = u.id");
  REQUIRE(table);
  CHECK(table->schema == "app");
  CHECK(table->name == "Orders");
  table = update_or_delete_target("delete from orders using users u where orders.user_id = u.id and u.gone "
                                  "returning orders.id, now()");
  REQUIRE(table);
  CHECK(table->name == "orders");
  // a function of the user's, a data-modifying WITH inside, a cursor's row, anything else: not read
  CHECK_FALSE(update_or_delete_target("update orders set qty = recompute(qty)"));
  CHECK_FALSE(update_or_delete_target("delete from orders where id in (with d as (delete from u returning id) "
                                      "select id from d)"));
  CHECK_FALSE(update_or_delete_target("delete from orders where current of c"));
  CHECK_FALSE(update_or_delete_target("with d as (delete from u returning id) update orders set qty = 0"));
  CHECK_FALSE(update_or_delete_target("insert into orders values (1)"));
}

TEST_CASE("an UPDATE or DELETE that changes a setting or runs a query given as text is not one table's alone") {
  CHECK_FALSE(update_or_delete_target("update o set w = length(set_config('search_path', 's, public', false))"));
  CHECK_FALSE(update_or_delete_target("update o set w = length(query_to_xml('select fix()', true, true, '')::text)"));
  CHECK_FALSE(update_or_delete_target("delete from o where ts_rewrite('a'::tsquery, 'select 1') is null"));
  CHECK(update_or_delete_target("update o set w = length(current_setting('search_path'))"));
}
