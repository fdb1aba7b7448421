#include "ddl/update_delete_statement.hpp"

#include <doctest/doctest.h>

using pgapply::ddl::rows_edit;
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

TEST_CASE("a plain UPDATE or DELETE is read for the rows it changes and the values it sets") {
  auto edit = rows_edit("UPDATE ONLY app.\"Orders\" AS o SET qty = o.qty + 1, \"Note\" = 'a, b' "
                        "WHERE o.id IN (1, 2) RETURNING o.id;");
  REQUIRE(edit);
  CHECK_FALSE(edit->deletes);
  CHECK(edit->alias == "o");
  REQUIRE(edit->sets.size() == 2);
  CHECK(edit->sets[0] == std::make_pair(std::string("qty"), std::string("o.qty + 1")));
  CHECK(edit->sets[1] == std::make_pair(std::string("Note"), std::string("'a, b'")));
  CHECK(edit->where == "o.id IN (1, 2)");
  edit = rows_edit("update orders set note = coalesce(note, '')");
  REQUIRE(edit);
  CHECK(edit->alias == "orders");
  CHECK(edit->where.empty());
  edit = rows_edit("delete from orders o where o.qty = 0");
  REQUIRE(edit);
  CHECK(edit->deletes);
  CHECK(edit->alias == "o");
  CHECK(edit->where == "o.qty = 0");
  edit = rows_edit("delete from orders");
  REQUIRE(edit);
  CHECK(edit->where.empty());
}

TEST_CASE("an UPDATE or DELETE whose rows a query over its table alone cannot follow is not read for them") {
  // other tables' rows (FROM, USING, a subquery), a column list, an element or a field, DEFAULT
  CHECK_FALSE(rows_edit("update orders o set qty = 1 from u where o.id = u.id"));
  CHECK_FALSE(rows_edit("delete from orders using u where orders.id = u.id"));
  CHECK_FALSE(rows_edit("update orders set qty = (select max(qty) from orders)"));
  CHECK_FALSE(rows_edit("delete from orders where id in (select id from gone)"));
  CHECK_FALSE(rows_edit("update orders set (qty, note) = (1, 'x')"));
  CHECK_FALSE(rows_edit("update orders set tags[1] = 'x'"));
  CHECK_FALSE(rows_edit("update orders set point.x = 1"));
  CHECK_FALSE(rows_edit("update orders set qty = default"));
  // a volatile function (each row its own value), a parameter, a name of three parts
  CHECK_FALSE(rows_edit("update orders set token = gen_random_uuid()"));
  CHECK_FALSE(rows_edit("update orders set qty = random() * 10"));
  CHECK_FALSE(rows_edit("update orders set qty = $1"));
  CHECK_FALSE(rows_edit("update orders set qty = 1 where public.orders.id = 1"));
  // what update_or_delete_target refuses
  CHECK_FALSE(rows_edit("update orders set qty = recompute(qty)"));
  CHECK_FALSE(rows_edit("insert into orders values (1)"));
  // the stable and immutable built-ins are the target's to evaluate
  CHECK(rows_edit("update orders set note = lower(trim(note)), at = now() where at < now() - interval '1 day'"));
}

TEST_CASE("an UPDATE or DELETE that is not followed says which of its forms a query over its table cannot follow") {
  const auto why_not = [](const std::string& statement) {
    std::string why;
    CHECK_FALSE(rows_edit(statement, &why));
    return why;
  };
  CHECK(why_not("update orders o set qty = 1 from u where o.id = u.id") == "its FROM reads other tables' rows");
  CHECK(why_not("delete from orders using u where orders.id = u.id") == "its USING reads other tables' rows");
  CHECK(why_not("update orders set qty = (select max(qty) from orders)") == "its SET holds a subquery");
  CHECK(why_not("delete from orders where id in (select id from gone)") == "its WHERE holds a subquery");
  CHECK(why_not("update orders set (qty, note) = (1, 'x')") ==
        "its SET assigns a column list, a field or an array element");
  CHECK(why_not("update orders set tags[1] = 'x'") == "its SET assigns a column list, a field or an array element");
  CHECK(why_not("update orders set qty = default") == "its SET sets a column to its DEFAULT");
  CHECK(why_not("update orders set token = gen_random_uuid()") ==
        "its SET calls gen_random_uuid, a volatile function, which gives each row its own value");
  CHECK(why_not("update orders set qty = $1") == "its SET reads a parameter ($1)");
  CHECK(why_not("update orders set qty = 1 where public.orders.id = 1") ==
        "its WHERE names a column by three parts, which names the table and not its rows");
  CHECK(why_not("update orders set qty = recompute(qty)") ==
        "it calls recompute, which is not one of PostgreSQL's own functions");
  CHECK(why_not("delete from orders where current of c") == "it changes the row a cursor is on (WHERE CURRENT OF)");
  CHECK(why_not("delete from orders where id in (with d as (delete from u returning id) select id from d)") ==
        "it holds a WITH query, which may change other tables' rows");
  CHECK(why_not("update o set w = length(set_config('search_path', 's, public', false))") ==
        "it calls set_config, which may change a setting");
  CHECK(why_not("delete from o where ts_rewrite('a'::tsquery, 'select 1') is null") ==
        "it calls ts_rewrite, which runs a query given as text");
  // a type's WITH TIME ZONE is no WITH query: followed
  const auto edit = rows_edit("update orders set at = '2026-01-01'::timestamp with time zone where at is null");
  REQUIRE(edit);
  CHECK(edit->sets[0].second == "'2026-01-01'::timestamp with time zone");
}
