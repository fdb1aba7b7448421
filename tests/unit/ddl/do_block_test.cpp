#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "ddl/declarations.hpp"
#include "ddl/plpgsql_block.hpp"
#include "split/splitter.hpp"

using namespace pgapply::ddl;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> statement_texts(std::string_view body) {
  std::vector<std::string> out;
  for (const auto& statement : scan_plpgsql_block(body).statements) out.emplace_back(statement.text);
  return out;
}

}  // namespace

TEST_CASE("the example migration's DO block adds four conditional columns to users") {
  const std::string text = read_file(PGAPPLY_SOURCE_DIR "/migrations/005_user_preferences.sql");
  REQUIRE_FALSE(text.empty());
  std::vector<Declaration> columns;
  std::vector<std::size_t> file_lines;
  for (const auto& item : pgapply::split::split(text)) {
    if (item.kind != pgapply::split::ItemKind::sql) continue;
    const auto facts = facts_of(std::string_view(text).substr(item.start, item.end - item.start));
    if (facts.command != "DO") continue;
    CHECK_FALSE(facts.dynamic_sql);
    CHECK_FALSE(facts.incomplete);
    for (const auto& d : facts.declarations) {
      columns.push_back(d);
      file_lines.push_back(item.line + d.location.line - 1);
    }
  }
  REQUIRE(columns.size() == 4);
  struct Expected {
    const char* name;
    const char* type;
    bool not_null;
    const char* default_expression;
    std::size_t line;
  };
  const Expected expected[] = {
      {"max_reports", "integer", true, "5", 16},
      {"email_digest", "boolean", true, "true", 23},
      {"timezone", "text", false, "'UTC'", 30},
      {"theme", "character varying(20)", true, "'light'", 37},
  };
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& d = columns[i];
    CAPTURE(expected[i].name);
    CHECK(d.kind == ObjectKind::column);
    CHECK(d.action == Action::create);
    CHECK(d.parent == QualifiedName{"", "users"});
    CHECK(d.name.name == expected[i].name);
    REQUIRE(d.column.has_value());
    CHECK(d.column->type == expected[i].type);
    CHECK(d.column->not_null == expected[i].not_null);
    CHECK(d.column->default_expression == expected[i].default_expression);
    CHECK(d.location.from_do_block);
    CHECK(d.location.conditional);
    CHECK_FALSE(d.location.exception_guarded);
    CHECK(file_lines[i] == expected[i].line);
    CHECK_FALSE(d.impact.rewrites());
  }
  CHECK(columns[3].column->declared_type == "varchar(20)");
}

TEST_CASE("statements outside any branch are not conditional") {
  const auto facts = facts_of(R"sql(DO $$
DECLARE
  n integer := 0;
BEGIN
  CREATE TABLE IF NOT EXISTS audit (id bigint);
  n := n + 1;
  RAISE NOTICE 'created %', n;
  PERFORM pg_sleep(0);
END
$$;)sql");
  REQUIRE(facts.declarations.size() == 2);
  CHECK(facts.declarations[0].kind == ObjectKind::table);
  CHECK(facts.declarations[0].location.from_do_block);
  CHECK_FALSE(facts.declarations[0].location.conditional);
  CHECK(facts.declarations[0].location.line == 5);
  CHECK(facts.requirements.size() == 1);
  CHECK(facts.requirements[0].line == 5);
}

TEST_CASE("nested IF, ELSIF, ELSE and CASE branches are conditional") {
  const auto facts = facts_of(R"sql(DO LANGUAGE plpgsql $body$
BEGIN
  IF (SELECT count(*) FROM pg_class WHERE relname = 'a') = 0 THEN
    IF CASE WHEN true THEN 1 ELSE 0 END = 1 THEN
      CREATE TABLE a (id int);
    END IF;
  ELSIF current_setting('x', true) = 'y' THEN
    CREATE TABLE b (id int);
  ELSE
    CREATE TABLE c (id int);
  END IF;
  CASE current_user
    WHEN 'admin' THEN CREATE TABLE d (id int);
    ELSE CREATE TABLE e (id int);
  END CASE;
  CREATE TABLE f (id int);
END
$body$)sql");
  std::vector<std::string> tables;
  for (const auto& d : facts.declarations) {
    if (d.kind != ObjectKind::table) continue;
    tables.push_back(d.name.name);
    CAPTURE(d.name.name);
    CHECK(d.location.conditional == (d.name.name != "f"));
  }
  CHECK(tables == std::vector<std::string>{"a", "b", "c", "d", "e", "f"});
  CHECK_FALSE(facts.incomplete);
}

TEST_CASE("loops make statements conditional") {
  const auto facts = facts_of(R"sql(DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'app' LOOP
    ALTER TABLE app.items ADD COLUMN IF NOT EXISTS seen boolean;
  END LOOP;
  WHILE false LOOP
    DROP TABLE IF EXISTS x;
  END LOOP;
  <<outer>>
  LOOP
    CREATE INDEX IF NOT EXISTS i ON app.items (seen);
    EXIT outer WHEN true;
  END LOOP outer;
  FOREACH r IN ARRAY ARRAY[1] LOOP
    COMMENT ON TABLE app.items IS 'x';
  END LOOP;
END $$)sql");
  REQUIRE(facts.declarations.size() == 4);
  for (const auto& d : facts.declarations) {
    CAPTURE(to_string(d.kind));
    CHECK(d.location.conditional);
    CHECK(d.location.from_do_block);
  }
  CHECK(facts.declarations[0].parent == QualifiedName{"app", "items"});
  CHECK(facts.declarations[1].kind == ObjectKind::table);
  CHECK(facts.declarations[2].kind == ObjectKind::index);
  CHECK(facts.declarations[3].kind == ObjectKind::comment);
}

TEST_CASE("exception blocks guard their statements and handlers are conditional") {
  const auto facts = facts_of(R"sql(DO $$
BEGIN
  BEGIN
    ALTER TABLE users ADD COLUMN plan text;
  EXCEPTION
    WHEN duplicate_column THEN
      RAISE NOTICE 'plan exists';
      ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'free';
    WHEN others THEN NULL;
  END;
  ALTER TABLE users ADD COLUMN seats int;
END $$)sql");
  REQUIRE(facts.declarations.size() == 3);
  const auto& add = facts.declarations[0];
  CHECK(add.name.name == "plan");
  CHECK(add.location.exception_guarded);
  CHECK_FALSE(add.location.conditional);
  const auto& handler = facts.declarations[1];
  CHECK(handler.change == Change::set_default);
  CHECK(handler.location.conditional);
  const auto& after = facts.declarations[2];
  CHECK(after.name.name == "seats");
  CHECK_FALSE(after.location.exception_guarded);
  CHECK_FALSE(after.location.conditional);
}

TEST_CASE("a branch hangs on rows when the block reads rows, a catalog check decides the same on the shadow") {
  // the catalog decides: the shadow takes the same branch
  auto facts = facts_of(R"sql(DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'a') THEN
    ALTER TABLE users ADD COLUMN a int;
  END IF;
  IF to_regclass('users_a') IS NULL AND NOT EXISTS (SELECT FROM pg_catalog.pg_index) THEN
    CREATE INDEX users_a ON users (a);
  END IF;
  REVOKE ALL ON users FROM public;
END $$)sql");
  REQUIRE(facts.declarations.size() >= 2);
  for (const auto& d : facts.declarations) CHECK_FALSE(d.location.data_dependent);

  // rows decide: in the condition, through a variable, or through FOUND after DML
  for (const char* body : {
           "IF EXISTS (SELECT 1 FROM t) THEN CREATE INDEX t_i ON t (id); END IF;",
           "SELECT count(*) INTO n FROM public.t; IF n > 0 THEN CREATE INDEX t_i ON t (id); END IF;",
           "n := (SELECT max(id) FROM t JOIN u USING (id)); WHILE n > 0 LOOP CREATE INDEX t_i ON t (id); END LOOP;",
           "UPDATE t SET id = 1; IF FOUND THEN CREATE INDEX t_i ON t (id); END IF;",
           "FOR r IN SELECT id FROM t LOOP CREATE INDEX t_i ON t (id); END LOOP;",
       }) {
    CAPTURE(body);
    facts = facts_of(std::string("DO $$ DECLARE n int; r record; BEGIN ") + body + " END $$");
    REQUIRE(facts.declarations.size() == 1);
    CHECK(facts.declarations[0].location.conditional);
    CHECK(facts.declarations[0].location.data_dependent);
  }
  // a statement outside any branch runs whatever the rows
  facts = facts_of("DO $$ BEGIN PERFORM 1 FROM t; CREATE TABLE v (id int); END $$");
  REQUIRE_FALSE(facts.declarations.empty());
  for (const auto& d : facts.declarations) CHECK_FALSE(d.location.data_dependent);
}

TEST_CASE("an exception handler that catches only class 42 errors is the catalog's, others hang on rows") {
  auto facts = facts_of(R"sql(DO $$
BEGIN
  BEGIN
    CREATE TYPE mood AS ENUM ('sad', 'ok');
  EXCEPTION WHEN duplicate_object OR SQLSTATE '42710' THEN NULL;
  END;
END $$)sql");
  REQUIRE(facts.declarations.size() == 1);
  CHECK(facts.declarations[0].location.exception_guarded);
  CHECK_FALSE(facts.declarations[0].location.data_dependent);
  for (const char* condition : {"unique_violation", "others", "duplicate_object OR check_violation"}) {
    CAPTURE(condition);
    facts = facts_of(std::string("DO $$ BEGIN BEGIN CREATE UNIQUE INDEX t_u ON t (id); EXCEPTION WHEN ") + condition +
                     " THEN DROP INDEX IF EXISTS t_u; END; END $$");
    REQUIRE(facts.declarations.size() == 2);
    CHECK(facts.declarations[0].location.data_dependent);  // the guarded index
    CHECK(facts.declarations[1].location.data_dependent);  // the handler's drop
  }
}

TEST_CASE("dynamic SQL is noted, not analysed") {
  const auto facts = facts_of(R"sql(DO $$
BEGIN
  EXECUTE 'ALTER TABLE users ADD COLUMN a int';
  EXECUTE format('ALTER TABLE %I ADD COLUMN b int', 'users');
END $$)sql");
  CHECK(facts.recognised);
  CHECK(facts.dynamic_sql);
  CHECK(facts.declarations.empty());
  bool noted = false;
  for (const auto& hazard : facts.hazards) noted = noted || hazard.explanation.find("EXECUTE") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("EXECUTE inside FOR ... IN EXECUTE, RETURN QUERY EXECUTE and OPEN ... FOR EXECUTE is dynamic SQL too") {
  for (const char* body : {"DECLARE r record; BEGIN FOR r IN EXECUTE 'DELETE FROM t RETURNING *' LOOP END LOOP; END",
                           "DECLARE c refcursor; BEGIN OPEN c FOR EXECUTE format('SELECT * FROM %I', 't'); END"}) {
    INFO(body);
    const auto facts = facts_of(std::string("DO $$ ") + body + " $$");
    CHECK(facts.recognised);
    CHECK(facts.dynamic_sql);
  }
  CHECK_FALSE(facts_of("DO $$ DECLARE r record; BEGIN FOR r IN SELECT 1 LOOP END LOOP; END $$").dynamic_sql);
}

TEST_CASE("a query of PostgreSQL's aggregate or window functions in a DO block is no dynamic SQL, a user's function is") {
  for (const char* body : {"DECLARE n int; BEGIN SELECT count(*) FROM t INTO n; RAISE NOTICE '%', n; END",
                           "DECLARE n int; BEGIN SELECT count(*) INTO n FROM t; END",
                           "DECLARE m text; BEGIN SELECT max(name), string_agg(name, ',') INTO m FROM t; END",
                           "DECLARE r record; BEGIN FOR r IN SELECT row_number() OVER (ORDER BY id) FROM t LOOP "
                           "END LOOP; END"}) {
    INFO(body);
    CHECK_FALSE(facts_of(std::string("DO $$ ") + body + " $$").dynamic_sql);
  }
  CHECK(facts_of("DO $$ DECLARE n int; BEGIN SELECT my_count(t) INTO n FROM t; END $$").dynamic_sql);
  CHECK_FALSE(facts_of("SELECT count(*), max(id) FROM t").dynamic_sql);
}

TEST_CASE("a DO body in a plain string and other languages") {
  const auto quoted = facts_of("DO 'BEGIN CREATE TABLE q (note text DEFAULT ''x''); END'");
  REQUIRE(quoted.declarations.size() == 2);
  CHECK(quoted.declarations[1].column->default_expression == "'x'");
  const auto other = facts_of("DO LANGUAGE plperl $$ my $x = 1; $$");
  CHECK(other.recognised);
  CHECK(other.declarations.empty());
  const auto upper = facts_of("DO $$ BEGIN CREATE TABLE u (a int); END $$ LANGUAGE PLPGSQL");
  CHECK(upper.declarations.size() == 2);
}

TEST_CASE("ALTER TYPE ADD VALUE inside a DO block needs PostgreSQL 12") {
  const auto facts = facts_of("DO $$ BEGIN ALTER TYPE mood ADD VALUE 'meh'; END $$");
  REQUIRE(facts.declarations.size() == 1);
  CHECK(facts.declarations[0].kind == ObjectKind::enum_value);
  CHECK(facts.minimum_server_version() == 120000);
  CHECK(facts_of("ALTER TYPE mood ADD VALUE 'meh'").minimum_server_version() == 90100);
}

TEST_CASE("the PL/pgSQL walker skips what is not SQL") {
  CHECK(statement_texts("BEGIN x := 1; y = 2; a.b[1] := 3; RETURN; END") == std::vector<std::string>{});
  CHECK(statement_texts("BEGIN GET DIAGNOSTICS n = ROW_COUNT; ASSERT n > 0; NULL; END") == std::vector<std::string>{});
  CHECK(statement_texts("BEGIN CREATE TABLE t (a int); INSERT INTO t VALUES (1); END") ==
        std::vector<std::string>{"CREATE TABLE t (a int)", "INSERT INTO t VALUES (1)"});
  CHECK(statement_texts("DECLARE c CURSOR FOR SELECT 1; BEGIN OPEN c; CLOSE c; DROP TABLE t; END") ==
        std::vector<std::string>{"DROP TABLE t"});
  const auto scan = scan_plpgsql_block("BEGIN IF x THEN");
  CHECK(scan.incomplete);
}

TEST_CASE("deep nesting stops the walk without crashing") {
  std::string body = "BEGIN ";
  for (int i = 0; i < 5000; ++i) body += "IF x THEN ";
  body += "CREATE TABLE deep (a int); ";
  for (int i = 0; i < 5000; ++i) body += "END IF; ";
  body += "END";
  BlockScan scan;
  CHECK_NOTHROW(scan = scan_plpgsql_block(body));
  CHECK(scan.incomplete);
  CHECK_NOTHROW(facts_of("DO $$" + body + "$$"));

  std::string nested_do = "CREATE TABLE innermost (a int)";
  for (int i = 0; i < 10; ++i) {
    const std::string tag = "$t" + std::to_string(i) + "$";
    nested_do = "DO " + tag + " BEGIN " + nested_do + "; END " + tag;
  }
  StatementFacts facts;
  CHECK_NOTHROW(facts = facts_of(nested_do));
  CHECK(facts.incomplete);
}

TEST_CASE("dynamic SQL that may differ on a shadow copy of the schema: rows, the moment, chance, the session") {
  const auto varies = [](const std::string& sql) {
    const StatementFacts facts = facts_of(sql);
    REQUIRE(facts.dynamic_sql);
    return facts.dynamic_sql_varies;
  };
  // The same SQL wherever it runs: a shadow makes what it made.
  CHECK_FALSE(varies("DO $$ BEGIN EXECUTE 'CREATE TABLE x (id int)'; END $$"));
  CHECK_FALSE(varies("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app') THEN "
                     "EXECUTE 'CREATE ROLE app NOLOGIN'; END IF; END $$"));
  CHECK_FALSE(varies("DO $$ DECLARE t text; BEGIN FOREACH t IN ARRAY ARRAY['a', 'b'] LOOP "
                     "EXECUTE format('CREATE TABLE IF NOT EXISTS %I (id int)', t); END LOOP; END $$"));
  CHECK_FALSE(varies("DO $$ BEGIN EXECUTE 'CREATE TYPE mood AS ENUM (''a'')'; EXCEPTION WHEN duplicate_object THEN "
                     "NULL; END $$"));
  // Rows, the moment, chance, the session, a handler that catches data errors: perhaps not.
  CHECK(varies("DO $$ DECLARE r record; BEGIN FOR r IN SELECT name FROM tenants LOOP "
               "EXECUTE format('CREATE SCHEMA %I', r.name); END LOOP; END $$"));
  CHECK(varies("DO $$ BEGIN EXECUTE format('CREATE TABLE events_%s (id int)', to_char(now(), 'YYYY_MM')); END $$"));
  CHECK(varies("DO $$ BEGIN EXECUTE format('CREATE TABLE t_%s (id int)', (random() * 10)::int); END $$"));
  CHECK(varies("DO $$ BEGIN EXECUTE format('GRANT ALL ON t TO %I', current_user); END $$"));
  CHECK(varies("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET x.y = 1', current_database()); END $$"));
  CHECK(varies("DO $$ BEGIN EXECUTE 'CREATE TABLE x (id int)'; EXCEPTION WHEN others THEN NULL; END $$"));
  // A column named version is not version().
  CHECK_FALSE(varies("DO $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN version int'; END $$"));
}

TEST_CASE("a DO block changes rows when it runs DML, a query, PERFORM, EXECUTE, a loop over a query or a call of a "
          "function not known to be stable, not when it only makes things") {
  const auto changes = [](const std::string& body) { return facts_of("do $$ " + body + " $$").changes_rows; };
  CHECK_FALSE(changes("begin create type mood as enum ('a'); exception when duplicate_object then null; end"));
  CHECK_FALSE(changes("begin if not exists (select 1 from pg_type where typname = 'mood') then "
                      "create type mood as enum ('a'); end if; end"));
  CHECK_FALSE(changes("begin raise notice '%', format('%s', lower('X')); end"));
  CHECK(changes("begin update users set a = 1; end"));
  CHECK(changes("begin perform fill(); end"));
  CHECK(changes("begin execute 'select 1'; end"));
  CHECK(changes("declare n int; begin n := backfill(); end"));
  CHECK(changes("begin while backfill() > 0 loop null; end loop; end"));
  CHECK(changes("declare r record; begin for r in update users set a = 1 returning id loop null; end loop; end"));
  CHECK(changes("begin call fill(); end"));
  CHECK(facts_of("do language plperl $$ spi_exec_query('update t set a = 1') $$").changes_rows);
  CHECK_FALSE(facts_of("create table t (id int)").changes_rows);  // (not a DO block: the reader's to say)
}
