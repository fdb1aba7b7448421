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

TEST_CASE("a data statement that reads another relation than its target says so") {
  using pgapply::ddl::reads_other_relations;
  CHECK_FALSE(reads_other_relations("insert into app.roles (id, name) values (1, 'admin') on conflict do nothing"));
  CHECK_FALSE(reads_other_relations("update only accounts set note = '' where note is null"));
  CHECK_FALSE(reads_other_relations("delete from accounts a where a.id > 10 returning id"));
  CHECK(reads_other_relations("update accounts set note = o.name from owners o where o.id = accounts.owner"));
  CHECK(reads_other_relations("delete from accounts using owners where owners.id = accounts.owner"));
  CHECK(reads_other_relations("delete from accounts where owner in (select id from owners)"));
  CHECK(reads_other_relations("insert into roles (id) values ((select max(id) + 1 from roles))"));
  CHECK(reads_other_relations("update accounts set note = 'x' where note is distinct from 'y'"));  // (a word too many)
  CHECK(reads_other_relations("merge into accounts using owners on true when matched then do nothing"));
  // (a query given as text, which may call anything)
  CHECK(reads_other_relations("update accounts set note = query_to_xml('values (fix())', true, true, '')::text"));
  CHECK(reads_other_relations("insert into roles (name) values (ts_rewrite('a'::tsquery, 'values (1)')::text)"));
}
