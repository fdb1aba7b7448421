// Long names, schemas, duplicate columns, and names a rename took away.
#include <doctest/doctest.h>

#include "lint_test_support.hpp"

using namespace pgapply::lint;
using test::fires;

namespace {

const std::string long_name(64, 'x');  // one byte over

}  // namespace

TEST_CASE("identifier-too-long: names over 63 bytes, quoted or not") {
  const char* rule = "identifier-too-long";
  CHECK(fires("CREATE TABLE " + long_name + " (id bigint);", rule));
  CHECK(fires("CREATE INDEX CONCURRENTLY \"" + long_name + "\" ON t (a);", rule));
  CHECK(fires("ALTER TABLE t ADD COLUMN " + long_name + " text;", rule));
  CHECK(fires("DO $$ BEGIN CREATE TABLE " + long_name + " (id bigint); END $$;", rule));
  CHECK_FALSE(fires("CREATE TABLE " + std::string(63, 'x') + " (id bigint);", rule));
  CHECK_FALSE(fires("INSERT INTO t VALUES ('" + long_name + "');", rule));  // a string, not a name
  // 22 three-byte characters are 66 bytes
  std::string wide;
  for (int i = 0; i < 22; ++i) wide += "\xE2\x82\xAC";
  const auto result = test::lint_sql("CREATE TABLE \"" + wide + "\" (id bigint);");
  const Finding* finding = test::first_of(result, rule);
  REQUIRE(finding != nullptr);
  CHECK(finding->column == 14);
  CHECK(finding->message.find("66 bytes") != std::string::npos);
}

TEST_CASE("require-table-schema (opt-in)") {
  const char* rule = "require-table-schema";
  CHECK(fires("CREATE TABLE users (id bigint);", rule));
  CHECK(fires("ALTER TABLE users ADD COLUMN a text, ADD COLUMN b text;", rule));
  CHECK(fires("DROP TABLE users;", rule));
  CHECK(fires("CREATE TABLE users AS SELECT 1;", rule));
  CHECK_FALSE(fires("CREATE TABLE public.users (id bigint);", rule));
  CHECK_FALSE(fires("ALTER TABLE app.users ADD COLUMN a text;", rule));
  CHECK_FALSE(fires("CREATE TEMP TABLE scratch (id bigint);", rule));
  CHECK_FALSE(test::has_rule(test::lint_sql("CREATE TABLE users (id bigint);"), rule));
  const auto result = test::lint_sql("ALTER TABLE users ADD COLUMN a text, ADD COLUMN b text;", test::all_rules_on());
  const auto rules = test::rules_of(result);
  CHECK(std::count(rules.begin(), rules.end(), rule) == 1);
}

TEST_CASE("ban-duplicate-column-assignments") {
  const char* rule = "ban-duplicate-column-assignments";
  CHECK(fires("CREATE TABLE t (a int, b text, a text);", rule));
  CHECK(fires("CREATE VIEW v (a, a) AS SELECT 1, 2;", rule));
  CHECK(fires("INSERT INTO t (a, b, a) VALUES (1, 2, 3);", rule));
  CHECK(fires("UPDATE t SET a = 1, b = 2, a = 3;", rule));
  CHECK(fires("UPDATE ONLY app.t AS x SET (a, b) = (1, 2), a = 3 WHERE true;", rule));
  CHECK(fires("DO $$ BEGIN UPDATE t SET a = 1, a = 2; END $$;", rule));
  CHECK_FALSE(fires("CREATE TABLE t (a int, b text);", rule));
  CHECK_FALSE(fires("INSERT INTO t (a, b) VALUES (1, 1);", rule));
  CHECK_FALSE(fires("UPDATE t SET a = (SELECT a FROM u WHERE u.a = t.a), b = 2;", rule));
  CHECK_FALSE(fires("INSERT INTO t (SELECT a, a FROM u);", rule));
}

TEST_CASE("uses-renamed-column and uses-renamed-table: a later statement of the run using the old name") {
  const auto result = test::lint_files(
      {{"1_rename.sql", "ALTER TABLE users RENAME COLUMN name TO full_name;\n", {}},
       {"2_use.sql",
        "CREATE INDEX CONCURRENTLY users_name ON users (name);\n"
        "COMMENT ON COLUMN users.name IS 'x';\n"
        "UPDATE users SET name = 'x';\n"
        "ALTER TABLE users ALTER COLUMN name SET DEFAULT '';\n"
        "ALTER TABLE users ADD CONSTRAINT n CHECK (length(full_name) > 0) NOT VALID;\n",
        {}}});
  std::vector<std::size_t> lines;
  for (const auto& finding : result.findings) {
    if (finding.rule == "uses-renamed-column") {
      CHECK(finding.file == "2_use.sql");
      CHECK(finding.message.find("renamed to full_name at 1_rename.sql:1") != std::string::npos);
      CHECK(finding.severity == Severity::error);
      lines.push_back(finding.line);
    }
  }
  CHECK(lines == std::vector<std::size_t>{1, 2, 3, 4});

  CHECK(fires("ALTER TABLE users RENAME TO accounts;\nINSERT INTO users (id) VALUES (1);", "uses-renamed-table"));
  CHECK(fires("ALTER TABLE users RENAME TO accounts;\nCREATE INDEX CONCURRENTLY i ON users (id);",
              "uses-renamed-table"));
  CHECK(fires("ALTER TABLE users RENAME TO accounts;\n"
              "DO $$ BEGIN ALTER TABLE users ADD COLUMN x text; END $$;", "uses-renamed-table"));
  // the guard of a file written to run again: a branch that may not run, an error the block catches
  CHECK_FALSE(fires("ALTER TABLE users RENAME COLUMN name TO full_name;\n"
                    "DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'users' "
                    "AND column_name = 'name') THEN ALTER TABLE users RENAME COLUMN name TO full_name; END IF; END $$;",
                    "uses-renamed-column"));
  CHECK_FALSE(fires("ALTER TABLE users RENAME TO accounts;\n"
                    "DO $$ BEGIN ALTER TABLE users RENAME TO accounts; EXCEPTION WHEN undefined_table THEN NULL; "
                    "END $$;", "uses-renamed-table"));
  // anything else in such a branch runs on the first apply, where the old name is gone
  CHECK(fires("ALTER TABLE users RENAME TO accounts;\n"
              "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'x') THEN "
              "ALTER TABLE users ADD COLUMN x text; END IF; END $$;", "uses-renamed-table"));
  CHECK_FALSE(fires("ALTER TABLE users RENAME TO accounts;\nALTER TABLE accounts ADD COLUMN x text;",
                    "uses-renamed-table"));
  // the old name made again is fine
  CHECK_FALSE(fires("ALTER TABLE users RENAME TO accounts;\nCREATE TABLE users (id bigint);\n"
                    "ALTER TABLE users ADD COLUMN x text;", "uses-renamed-table"));
  // ... or a view of the old name over the new table (the safe way to rename)
  CHECK_FALSE(fires("ALTER TABLE users RENAME TO accounts;\nCREATE VIEW users AS SELECT * FROM accounts;\n"
                    "SELECT id FROM users;", "uses-renamed-table"));
  CHECK_FALSE(fires("ALTER TABLE users RENAME COLUMN name TO full_name;\n"
                    "ALTER TABLE users ADD COLUMN name text;\nUPDATE users SET name = full_name;",
                    "uses-renamed-column"));
  CHECK_FALSE(fires("ALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE users RENAME full_name TO name;\n"
                    "UPDATE users SET name = 'x';", "uses-renamed-column"));
  // the column follows its table's rename
  CHECK(fires("ALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE users RENAME TO people;\n"
              "UPDATE people SET name = 'x';", "uses-renamed-column"));
  // another table's column of that name is another column
  CHECK_FALSE(fires("ALTER TABLE users RENAME COLUMN name TO full_name;\nUPDATE teams SET name = 'x';",
                    "uses-renamed-column"));
}

TEST_CASE("uses-renamed-column and uses-renamed-table: what a view or a query reads") {
  const std::string renamed = "ALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE teams RENAME TO squads;\n";
  const std::string column = "uses-renamed-column";
  const std::string table = "uses-renamed-table";
  CHECK(fires(renamed + "CREATE VIEW v AS SELECT name FROM users;", column));
  CHECK(fires(renamed + "SELECT id FROM users WHERE name IS NOT NULL;", column));
  CHECK(fires(renamed + "CREATE MATERIALIZED VIEW v AS SELECT u.name FROM users u ORDER BY 1;", column));
  CHECK(fires(renamed + "INSERT INTO archive (n) SELECT upper(name) FROM users;", column));
  CHECK(fires(renamed + "CREATE VIEW v AS SELECT * FROM teams;", table));
  CHECK(fires(renamed + "CREATE VIEW v AS SELECT u.id FROM users u JOIN teams t ON t.id = u.team_id;", table));
  CHECK(fires(renamed + "CREATE POLICY p ON users USING (team_id IN (SELECT id FROM teams));", table));
  // Not the old column: an alias, a type, another table's column, a
  // function, what a subquery reads, EXTRACT's FROM, IS DISTINCT FROM.
  CHECK_FALSE(fires(renamed + "CREATE VIEW v AS SELECT full_name AS name, count(*) AS name2 FROM users;", column));
  CHECK_FALSE(fires(renamed + "SELECT full_name::name, cast(full_name AS name) FROM users;", column));
  // The old name given back as an output name (a compatibility view), bare
  // or after AS, and named again where ORDER BY and GROUP BY see it.
  CHECK_FALSE(fires(renamed + "CREATE VIEW v1 AS SELECT id, full_name name FROM users;", column));
  CHECK_FALSE(fires(renamed + "CREATE VIEW v2 AS SELECT id, lower(full_name) AS name FROM users ORDER BY name;", column));
  CHECK_FALSE(fires(renamed + "CREATE TABLE snap AS SELECT full_name AS name FROM users GROUP BY name;", column));
  CHECK_FALSE(fires(renamed + "SELECT 'x' name, (full_name) name2 FROM users;", column));
  // WHERE does not see output names: there it is the old column.
  CHECK(fires(renamed + "SELECT full_name AS name FROM users WHERE name <> '';", column));
  CHECK(fires(renamed + "SELECT DISTINCT name FROM users;", column));
  CHECK_FALSE(fires(renamed + "SELECT u.id, s.name FROM users u JOIN squads s ON s.id = u.team_id;", column));
  CHECK_FALSE(fires(renamed + "SELECT name(full_name) FROM users;", column));
  CHECK_FALSE(fires(renamed + "SELECT id FROM users WHERE id IN (SELECT owner FROM pets WHERE name = 'x');", column));
  CHECK_FALSE(fires(renamed + "SELECT extract(epoch FROM teams) FROM squads;", table));
  CHECK_FALSE(fires(renamed + "SELECT id FROM users WHERE full_name IS DISTINCT FROM teams;", table));
  CHECK_FALSE(fires(renamed + "REVOKE SELECT ON squads FROM teams;", table));
}

TEST_CASE("uses-renamed-table and uses-renamed-column: a WITH query of the old name is not the table") {
  const std::string renamed = "ALTER TABLE users RENAME TO accounts;\nALTER TABLE teams RENAME COLUMN name TO title;\n";
  const std::string table = "uses-renamed-table";
  const std::string column = "uses-renamed-column";
  // the tester's case: the CTE takes the old name over the new table
  CHECK_FALSE(fires(renamed + "WITH users AS (SELECT id FROM accounts) INSERT INTO logs (id) SELECT id FROM users;",
                    table));
  CHECK_FALSE(fires(renamed + "WITH a AS (SELECT 1), users (id) AS MATERIALIZED (SELECT id FROM accounts)\n"
                              "SELECT u.id FROM users u JOIN logs l ON l.id = u.id;", table));
  CHECK_FALSE(fires(renamed + "SELECT * FROM logs WHERE id IN (WITH users AS (SELECT id FROM accounts) "
                              "SELECT id FROM users);", table));
  CHECK_FALSE(fires(renamed + "WITH RECURSIVE users (id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM users "
                              "WHERE id < 3) SELECT id FROM users;", table));
  CHECK_FALSE(fires(renamed + "WITH teams AS (SELECT id, title AS name FROM teams) SELECT name FROM teams;", column));
  // still the table: outside the WITH, in the WITH query's own body, before
  // it in the list, schema-qualified, DELETE's target, another statement
  CHECK(fires(renamed + "SELECT id FROM users;", table));
  CHECK(fires(renamed + "WITH users AS (SELECT id FROM users) SELECT id FROM users;", table));
  CHECK(fires(renamed + "WITH a AS (SELECT id FROM users), users AS (SELECT 1) SELECT * FROM a;", table));
  CHECK(fires(renamed + "WITH users AS (SELECT id FROM accounts) SELECT id FROM public.users;", table));
  CHECK(fires(renamed + "WITH users AS (SELECT 1 AS id) DELETE FROM users WHERE id = 1;", table));
  CHECK(fires(renamed + "SELECT * FROM (WITH users AS (SELECT 1) SELECT 1) s JOIN users u ON true;", table));
  CHECK(fires(renamed + "SELECT * FROM t1;\nINSERT INTO logs (id) SELECT id FROM users;", table));
  CHECK(fires(renamed + "WITH t AS (SELECT 1) SELECT name FROM teams;", column));
}

TEST_CASE("uses-renamed-column in a query of several tables: the names qualified by the renamed column's table") {
  const std::string renamed = "ALTER TABLE users RENAME COLUMN email TO email_address;\n";
  const std::string rule = "uses-renamed-column";
  CHECK(fires(renamed + "CREATE VIEW v AS SELECT u.email, o.id FROM users u JOIN orders o ON o.user_id = u.id;", rule));
  CHECK(fires(renamed + "CREATE VIEW v AS SELECT o.id FROM orders o JOIN users AS u ON u.email = o.email;", rule));
  CHECK(fires(renamed + "UPDATE orders o SET note = u.email FROM users u WHERE u.id = o.user_id;", rule));
  CHECK(fires(renamed + "SELECT users.email FROM users, orders WHERE orders.user_id = users.id;", rule));
  CHECK(fires(renamed + "UPDATE users u SET note = 'x' FROM orders o WHERE u.email = o.email;", rule));
  // another table's column of that name, an unqualified name (whose table the
  // server decides), the new name, a qualifier two tables share
  CHECK_FALSE(fires(renamed + "SELECT o.email FROM users u JOIN orders o ON o.user_id = u.id;", rule));
  CHECK_FALSE(fires(renamed + "SELECT email FROM users u JOIN orders o ON o.user_id = u.id;", rule));
  CHECK_FALSE(fires(renamed + "SELECT u.email_address FROM users u JOIN orders o ON o.user_id = u.id;", rule));
  CHECK_FALSE(fires(renamed + "SELECT x.email FROM users x JOIN (SELECT 1) s ON true JOIN orders x2 ON true "
                                "WHERE false UNION SELECT x.email FROM orders x JOIN teams t ON true;", rule));
  CHECK_FALSE(fires(renamed + "SELECT public.lower(o.email) FROM users u JOIN orders o ON true;", rule));
}
