#include "ddl/rowless_query.hpp"

#include <doctest/doctest.h>

using pgapply::ddl::changes_no_rows;

TEST_CASE("a SELECT of constants, PostgreSQL's own stable functions, an advisory lock or a wait changes no rows") {
  for (const char* query : {"select 1", "SELECT pg_advisory_xact_lock(42)",
                            "select pg_catalog.pg_advisory_xact_lock(hashtext('migrations'))",
                            "select pg_sleep(0.1), now(), extract(epoch from now())::bigint",
                            "select 'a'::text || 'b', 1::int4, coalesce(null, 2)",
                            "select pg_notify('reload', 'schema')", "select gen_random_uuid()",
                            "select nextval('orders_id_seq')", "SELECT setval('orders_id_seq', 1000, false)"}) {
    INFO(query);
    CHECK(changes_no_rows(query));
  }
}

TEST_CASE("a SELECT that reads or makes a relation, calls a function of the user's or sets a setting may") {
  for (const char* query : {"select * from users", "select count(*) from users where id > 0",
                            "select 1 into t", "select (select max(id) from users)",
                            "select exists (select 1 from users)", "select fill_emails()",
                            "select public.random()", "select app.nextval('s')",
                            "select set_config('statement_timeout', '5s', false)", "select 'x'::app.mood",
                            "select cast('x' as mood)", "update t set a = 1", "with x as (delete from t) select 1",
                            "values (1)", "select table_to_xml('v_fill', true, false, '')",
                            "select query_to_xml('select 1', true, false, '')", "select ts_stat('select 1')", ""}) {
    INFO(query);
    CHECK_FALSE(changes_no_rows(query));
  }
}

TEST_CASE("maintenance that runs index and statistics expressions, and an EXPLAIN that runs its statement") {
  using pgapply::ddl::explain_runs;
  using pgapply::ddl::runs_index_expressions;
  CHECK(runs_index_expressions("ANALYZE accounts"));
  CHECK(runs_index_expressions("cluster accounts using accounts_pkey"));
  CHECK(runs_index_expressions("vacuum (analyze) accounts"));
  CHECK(runs_index_expressions("VACUUM FULL accounts"));
  CHECK_FALSE(runs_index_expressions("vacuum accounts"));
  CHECK_FALSE(runs_index_expressions("reindex table accounts"));
  CHECK(explain_runs("explain analyze update t set a = 1"));
  CHECK(explain_runs("explain (analyze, buffers) select 1"));
  CHECK_FALSE(explain_runs("explain (analyze false) select 1"));
  CHECK_FALSE(explain_runs("explain select * from t"));
  CHECK(explain_runs("explain select fill(1)"));
}
