// Rules on ALTER TABLE: columns, constraints, type changes, renames, drops.
#include <doctest/doctest.h>

#include "ddl/expression.hpp"
#include "lint/checks.hpp"
#include "lint_test_support.hpp"

using namespace pgapply::lint;
using test::fires;

TEST_CASE("adding-field-with-default: volatile defaults, generated, identity and serial columns, any default before 11") {
  const char* rule = "adding-field-with-default";
  CHECK(fires("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();", rule));
  CHECK(fires("ALTER TABLE users ADD COLUMN seen timestamptz DEFAULT clock_timestamp();", rule));
  CHECK(fires("ALTER TABLE users ADD COLUMN n int DEFAULT my_function();", rule));  // unknown volatility
  CHECK(fires("ALTER TABLE users ADD COLUMN total int GENERATED ALWAYS AS (a + b) STORED;", rule));
  // PostgreSQL 18's virtual generated columns store nothing: no rewrite.
  CHECK_FALSE(fires("ALTER TABLE users ADD COLUMN total int GENERATED ALWAYS AS (a + b) VIRTUAL;", rule, 180000));
  CHECK_FALSE(fires("ALTER TABLE users ADD COLUMN total int GENERATED ALWAYS AS (a + b);", rule, 180000));
  CHECK(fires("ALTER TABLE users ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;", rule));
  CHECK(fires("ALTER TABLE users ADD COLUMN n bigserial;", rule));
  CHECK(fires("ALTER TABLE users ADD COLUMN plan text DEFAULT 'free';", rule, 100000));  // PostgreSQL 10
  CHECK_FALSE(fires("ALTER TABLE users ADD COLUMN plan text DEFAULT 'free';", rule));
  CHECK_FALSE(fires("ALTER TABLE users ADD COLUMN created timestamptz DEFAULT now();", rule));
  CHECK_FALSE(fires("ALTER TABLE users ADD COLUMN xid bigint DEFAULT txid_current();", rule));
  CHECK_FALSE(fires("ALTER TABLE users ADD COLUMN note text;", rule));
  CHECK_FALSE(fires("ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();", rule));
  // inside a DO block
  CHECK(fires("DO $$ BEGIN ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid(); END $$;", rule));
  // a table created earlier in the run is new
  CHECK_FALSE(fires("CREATE TABLE users (id bigint);\n"
                    "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();", rule));
}

TEST_CASE("adding-field-with-default: a function an earlier migration created is judged by its declared volatility") {
  const char* rule = "adding-field-with-default";
  const std::string function =
      "CREATE OR REPLACE FUNCTION now_utc_micro_seconds() RETURNS BIGINT AS\n$$\n"
      "SELECT CAST(extract(EPOCH from now() at time zone 'utc') * 1000000 as BIGINT) ;\n$$ language sql;\n";
  const std::string add = "ALTER TABLE files ADD COLUMN updated_at bigint NOT NULL DEFAULT now_utc_micro_seconds();\n";
  // no volatility written: VOLATILE, PostgreSQL's default
  auto result = test::lint_files({{"22_fn.sql", function, std::nullopt}, {"30_add.sql", add, std::nullopt}});
  const Finding* finding = test::first_of(result, rule);
  REQUIRE(finding != nullptr);
  CHECK(finding->file == "30_add.sql");
  CHECK(finding->message == "ADD COLUMN updated_at to files: the default calls now_utc_micro_seconds(), created at "
                            "22_fn.sql:1 without IMMUTABLE or STABLE, so VOLATILE: it is computed for every row, "
                            "rewriting the table");
  CHECK(finding->message.find("cannot tell") == std::string::npos);

  CHECK(fires("CREATE FUNCTION f() RETURNS int VOLATILE LANGUAGE sql AS 'SELECT 1';\n"
              "ALTER TABLE users ADD COLUMN n int DEFAULT public.f();", rule));
  CHECK_FALSE(fires("CREATE FUNCTION f() RETURNS int LANGUAGE sql STABLE AS 'SELECT 1';\n"
                    "ALTER TABLE users ADD COLUMN n int DEFAULT f();", rule));
  CHECK_FALSE(fires("CREATE FUNCTION f() RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT 1';\n"
                    "ALTER TABLE users ADD COLUMN n int DEFAULT f() + 1;", rule));
  // replaced since: the latest definition counts
  CHECK(fires("CREATE FUNCTION f() RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT 1';\n"
              "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
              "ALTER TABLE users ADD COLUMN n int DEFAULT f();", rule));
  // a function the run did not create stays unknown
  result = test::lint_sql("ALTER TABLE users ADD COLUMN n int DEFAULT g();");
  REQUIRE(test::first_of(result, rule) != nullptr);
  CHECK(test::first_of(result, rule)->message.find("(pgapply cannot tell)") != std::string::npos);
}

TEST_CASE("adding-required-field: NOT NULL without a default") {
  const char* rule = "adding-required-field";
  CHECK(fires("ALTER TABLE users ADD COLUMN plan text NOT NULL;", rule));
  CHECK(fires("DO $$ BEGIN IF true THEN ALTER TABLE users ADD plan text NOT NULL; END IF; END $$;", rule));
  CHECK_FALSE(fires("ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';", rule));
  CHECK_FALSE(fires("ALTER TABLE users ADD COLUMN plan text;", rule));
  CHECK_FALSE(fires("ALTER TABLE users ADD COLUMN total int NOT NULL GENERATED ALWAYS AS (a + b) STORED;", rule));
  CHECK_FALSE(fires("ALTER TABLE users ADD COLUMN id bigint NOT NULL GENERATED ALWAYS AS IDENTITY;", rule));
  // an empty new table has no row to fail on
  CHECK_FALSE(fires("CREATE TABLE users (id bigint);\nALTER TABLE users ADD COLUMN plan text NOT NULL;", rule));
  // ... but one filled since has
  CHECK(fires("CREATE TABLE users (id bigint);\nINSERT INTO users VALUES (1);\n"
              "ALTER TABLE users ADD COLUMN plan text NOT NULL;", rule));
  CHECK(fires("CREATE TABLE users AS SELECT 1 AS id;\nALTER TABLE users ADD COLUMN plan text NOT NULL;", rule));
}

TEST_CASE("adding-not-nullable-field: SET NOT NULL, unless a validated CHECK (col IS NOT NULL) proves it on 12+") {
  const char* rule = "adding-not-nullable-field";
  CHECK(fires("ALTER TABLE users ALTER COLUMN email SET NOT NULL;", rule));
  CHECK(fires("DO $$ BEGIN ALTER TABLE users ALTER email SET NOT NULL; END $$;", rule));
  const std::string proven =
      "ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;\n"
      "ALTER TABLE users VALIDATE CONSTRAINT email_nn;\n"
      "ALTER TABLE users ALTER COLUMN email SET NOT NULL;";
  CHECK_FALSE(fires(proven, rule, 120000));
  CHECK(fires(proven, rule, 110000));  // before 12 the scan happens anyway
  CHECK(fires("ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;\n"
              "ALTER TABLE users ALTER COLUMN email SET NOT NULL;", rule));  // not validated
  CHECK(fires("ALTER TABLE users ADD CONSTRAINT name_nn CHECK (name IS NOT NULL) NOT VALID;\n"
              "ALTER TABLE users VALIDATE CONSTRAINT name_nn;\n"
              "ALTER TABLE users ALTER COLUMN email SET NOT NULL;", rule));  // another column
  // validated in an earlier migration of the run
  const auto result = test::lint_files(
      {{"1_add.sql", "ALTER TABLE users ADD CONSTRAINT email_nn CHECK ((email IS NOT NULL)) NOT VALID;", {}},
       {"2_validate.sql", "ALTER TABLE users VALIDATE CONSTRAINT email_nn;", {}},
       {"3_set.sql", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;", {}}});
  CHECK_FALSE(test::has_rule(result, rule));
  CHECK_FALSE(fires("CREATE TABLE users (email text);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;", rule));
}

TEST_CASE("adding-not-nullable-field: a VALIDATE of another constraint proves nothing for the column") {
  const char* rule = "adding-not-nullable-field";
  // Each file a run of its own, as `pgapply lint DIR` lints them: the CHECK's
  // expression is known from 001, and it is not about nickname.
  const auto dir = test::lint_files(
      {{"001.sql", "ALTER TABLE users ADD CONSTRAINT users_email_chk CHECK (email <> '') NOT VALID;", {}, true},
       {"002.sql", "ALTER TABLE users VALIDATE CONSTRAINT users_email_chk;", {}, true},
       {"003.sql", "ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;", {}, true}});
  CHECK(test::has_rule(dir, rule));
  // One run (preflight's pending files): the same.
  const auto run = test::lint_files(
      {{"001.sql", "ALTER TABLE users ADD CONSTRAINT users_email_chk CHECK (email <> '') NOT VALID;", {}},
       {"002.sql", "ALTER TABLE users VALIDATE CONSTRAINT users_email_chk;", {}},
       {"003.sql", "ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;", {}}});
  CHECK(test::has_rule(run, rule));
  // A constraint of CREATE TABLE is known too.
  const auto created = test::lint_files(
      {{"001.sql", "CREATE TABLE users (nickname text, email text, CONSTRAINT users_email_chk CHECK (email <> ''));",
        {}, true},
       {"002.sql", "ALTER TABLE users VALIDATE CONSTRAINT users_email_chk;", {}, true},
       {"003.sql", "ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;", {}, true}});
  CHECK(test::has_rule(created, rule));
  // An unnamed CHECK (col IS NOT NULL) is validated by the name the server gives it.
  CHECK_FALSE(fires("ALTER TABLE users ADD CHECK (nickname IS NOT NULL) NOT VALID;\n"
                    "ALTER TABLE users VALIDATE CONSTRAINT users_nickname_check;\n"
                    "ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;", rule));
  // A constraint the run never saw (added before it): its expression is not
  // known. One whose name names the column is taken for its CHECK (col IS NOT
  // NULL); it excuses no other column.
  CHECK_FALSE(fires("ALTER TABLE users VALIDATE CONSTRAINT users_nickname_not_null;\n"
                    "ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;", rule));
  CHECK(fires("ALTER TABLE users VALIDATE CONSTRAINT users_email_chk;\n"
              "ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;", rule));
  CHECK(fires("ALTER TABLE users VALIDATE CONSTRAINT users_nickname_not_null;\n"
              "ALTER TABLE users ALTER COLUMN nick SET NOT NULL;", rule));
  CHECK(fires("ALTER TABLE users VALIDATE CONSTRAINT users_nickname_not_null;\n"
              "ALTER TABLE accounts ALTER COLUMN nickname SET NOT NULL;", rule));
  // A foreign key, key or exclusion constraint names its columns and proves nothing about NULLs.
  CHECK(fires("ALTER TABLE events VALIDATE CONSTRAINT events_user_id_fkey;\n"
              "ALTER TABLE events ALTER COLUMN user_id SET NOT NULL;", rule));
  CHECK(fires("ALTER TABLE events VALIDATE CONSTRAINT events_user_id_key;\n"
              "ALTER TABLE events ALTER COLUMN user_id SET NOT NULL;", rule));
  // The database's constraints known (preflight): judged by their definitions, whatever their names.
  LintSettings known = test::all_rules_on();
  known.check_constraints = std::vector<LintSettings::CheckConstraint>{
      {{"public", "users"}, "chk1", "CHECK ((nickname IS NOT NULL)) NOT VALID", false},
      {{"public", "users"}, "users_nickname_len", "CHECK ((length(nickname) > 0)) NOT VALID", false},
      {{"public", "users"}, "users_email_nn", "CHECK ((email IS NOT NULL))", true}};
  const auto linted = [&](const std::string& sql) { return test::has_rule(test::lint_sql(sql, known), rule); };
  CHECK_FALSE(linted("ALTER TABLE users VALIDATE CONSTRAINT chk1;\n"
                     "ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;"));
  CHECK(linted("ALTER TABLE users VALIDATE CONSTRAINT users_nickname_len;\n"
               "ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;"));
  CHECK(linted("ALTER TABLE users VALIDATE CONSTRAINT users_nickname_nn;\n"  // not there: it fails
               "ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;"));
  CHECK(linted("ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;"));  // chk1 not valid yet
  CHECK_FALSE(linted("ALTER TABLE users ALTER COLUMN email SET NOT NULL;"));  // valid already
  CHECK(pgapply::ddl::not_null_check_column_of_definition("CHECK ((\"Nick\" IS NOT NULL)) NO INHERIT") == "Nick");
  CHECK(pgapply::ddl::not_null_check_column_of_definition("CHECK ((a IS NOT NULL) AND (b IS NOT NULL))").empty());
  CHECK(pgapply::ddl::not_null_check_column_of_definition("UNIQUE (a)").empty());
}

TEST_CASE("adding-serial-primary-key-field and disallowed-unique-constraint: without an existing index") {
  CHECK(fires("ALTER TABLE accounts ADD PRIMARY KEY (id);", "adding-serial-primary-key-field"));
  CHECK(fires("ALTER TABLE accounts ADD COLUMN id bigint PRIMARY KEY;", "adding-serial-primary-key-field"));
  CHECK_FALSE(fires("ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_id;",
                    "adding-serial-primary-key-field"));
  CHECK(fires("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);", "disallowed-unique-constraint"));
  CHECK(fires("ALTER TABLE users ADD COLUMN code text UNIQUE;", "disallowed-unique-constraint"));
  CHECK(fires("DO $$ BEGIN ALTER TABLE users ADD UNIQUE (email); END $$;", "disallowed-unique-constraint"));
  CHECK_FALSE(fires("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email;",
                    "disallowed-unique-constraint"));
  CHECK_FALSE(fires("CREATE TABLE users (email text);\nALTER TABLE users ADD UNIQUE (email);",
                    "disallowed-unique-constraint"));
  CHECK_FALSE(fires("CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE);", "disallowed-unique-constraint"));
}

TEST_CASE("SELECT ... INTO makes a new table, as CREATE TABLE AS does: its constraints are added to no one's table") {
  const char* rule = "adding-serial-primary-key-field";
  auto result = test::lint_files(
      {{"001_customers.sql", "create table customers (id bigint primary key, email text);\n", std::nullopt},
       {"002_ids.sql", "select id into customer_ids from customers;\nalter table customer_ids add primary key (id);\n",
        std::nullopt}});
  CHECK(test::first_of(result, rule) == nullptr);
  CHECK_FALSE(fires("SELECT id INTO TEMP TABLE ids FROM customers;\nALTER TABLE ids ADD PRIMARY KEY (id);", rule));
  CHECK_FALSE(fires("SELECT id INTO UNLOGGED ids FROM customers;\nALTER TABLE ids ADD PRIMARY KEY (id);", rule));
  // in a DO block INTO is a variable: the table is not made
  CHECK(fires("DO $$ DECLARE ids bigint; BEGIN SELECT id INTO ids FROM customers; END $$;\n"
              "ALTER TABLE ids ADD PRIMARY KEY (id);", rule));
  CHECK(fires("SELECT id FROM customers;\nALTER TABLE ids ADD PRIMARY KEY (id);", rule));
}

TEST_CASE("adding-foreign-key-constraint and constraint-missing-not-valid") {
  const char* fk = "adding-foreign-key-constraint";
  const char* not_valid = "constraint-missing-not-valid";
  CHECK(fires("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);", fk));
  // PostgreSQL 18: NOT ENFORCED checks no row, now or later.
  CHECK_FALSE(fires("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT ENFORCED;",
                    fk, 180000));
  CHECK_FALSE(fires("ALTER TABLE orders ADD CONSTRAINT c CHECK (n > 0) NOT ENFORCED;", not_valid, 180000));
  CHECK(fires("ALTER TABLE orders ADD CONSTRAINT c CHECK (n > 0) ENFORCED;", not_valid, 180000));
  CHECK(fires("ALTER TABLE orders ADD COLUMN user_id bigint DEFAULT 1 REFERENCES users;", fk));
  CHECK_FALSE(fires("ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users;", fk));  // all NULL: no check
  // DEFAULT NULL is no value either (supabase/auth's add_flow_state_to_relay_state).
  CHECK_FALSE(fires("ALTER TABLE orders ADD COLUMN user_id uuid REFERENCES users(id) ON DELETE CASCADE DEFAULT NULL;", fk));
  CHECK_FALSE(fires("ALTER TABLE orders ADD COLUMN user_id uuid DEFAULT (NULL::uuid) REFERENCES users;", fk));
  CHECK_FALSE(fires("ALTER TABLE orders ADD COLUMN user_id uuid DEFAULT CAST(NULL AS uuid) REFERENCES users;", fk));
  CHECK(fires("ALTER TABLE orders ADD COLUMN user_id uuid DEFAULT COALESCE(NULL, gen_random_uuid()) REFERENCES users;",
              fk));
  CHECK_FALSE(fires("ALTER TABLE orders ADD COLUMN note text DEFAULT NULL;", "adding-field-with-default", 100000));
  // NOT NULL with a NULL default still has no value for the rows there.
  CHECK(fires("ALTER TABLE orders ADD COLUMN note text NOT NULL DEFAULT NULL;", "adding-required-field"));
  CHECK_FALSE(fires("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;", fk));
  CHECK_FALSE(fires("CREATE TABLE orders (user_id bigint REFERENCES users);", fk));
  CHECK_FALSE(fires("CREATE TABLE orders (user_id bigint);\n"
                    "ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users;", fk));
  CHECK(fires("DO $$ BEGIN ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users; END $$;", fk));

  CHECK(fires("ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0);", not_valid));
  CHECK_FALSE(fires("ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0) NOT VALID;", not_valid));
  CHECK_FALSE(fires("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users;", not_valid));
  // NOT VALID then VALIDATE in one transaction holds the ACCESS EXCLUSIVE lock for the check
  CHECK(fires("ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0) NOT VALID;\n"
              "ALTER TABLE accounts VALIDATE CONSTRAINT positive;", not_valid));
  CHECK(fires("DO $$ BEGIN ALTER TABLE accounts ADD CONSTRAINT p CHECK (b >= 0) NOT VALID;"
              " ALTER TABLE accounts VALIDATE CONSTRAINT p; END $$;", not_valid));
  // in separate migrations (transactions) it is the safe way
  const auto result = test::lint_files(
      {{"1.sql", "ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0) NOT VALID;", {}},
       {"2.sql", "ALTER TABLE accounts VALIDATE CONSTRAINT positive;", {}}},
      test::all_rules_on());
  CHECK_FALSE(test::has_rule(result, not_valid));
  // statement by statement, each commits on its own
  CHECK_FALSE(test::has_rule(test::lint_files({{"1.sql",
                                                "ALTER TABLE a ADD CONSTRAINT p CHECK (b >= 0) NOT VALID;\n"
                                                "ALTER TABLE a VALIDATE CONSTRAINT p;",
                                                FileMode::autocommit}}),
                             not_valid));
}

TEST_CASE("changing-column-type: not when the old type is known and the change rewrites nothing") {
  const char* rule = "changing-column-type";
  // Each file a run of its own (pgapply lint DIR): the table is no longer
  // new in 002, but its column's type is known from 001.
  const auto change = [&](const std::string& alter) {
    return test::lint_files({{"001.sql", "CREATE TABLE big (memo varchar(200), amount numeric(10,2));", {}, true},
                             {"002.sql", alter, {}, true}});
  };
  CHECK_FALSE(test::has_rule(change("ALTER TABLE big ALTER COLUMN memo TYPE text;"), rule));
  CHECK_FALSE(test::has_rule(change("ALTER TABLE big ALTER COLUMN memo TYPE varchar(500);"), rule));
  CHECK_FALSE(test::has_rule(change("ALTER TABLE big ALTER COLUMN memo TYPE varchar;"), rule));
  CHECK_FALSE(test::has_rule(change("ALTER TABLE big ALTER COLUMN amount TYPE numeric;"), rule));
  CHECK(test::has_rule(change("ALTER TABLE big ALTER COLUMN memo TYPE varchar(100);"), rule));
  CHECK(test::has_rule(change("ALTER TABLE big ALTER COLUMN amount TYPE numeric(10,3);"), rule));
  CHECK(test::has_rule(change("ALTER TABLE big ALTER COLUMN memo TYPE text USING upper(memo);"), rule));
  // The type as the last change left it, under the column's new name.
  CHECK(test::has_rule(change("ALTER TABLE big ALTER COLUMN memo TYPE varchar(20);\n"
                              "ALTER TABLE big ALTER COLUMN memo TYPE varchar(200);"), rule));
  CHECK_FALSE(test::has_rule(change("ALTER TABLE big RENAME COLUMN memo TO note;\n"
                                    "ALTER TABLE big ALTER COLUMN note TYPE text;"), rule));
  // Unknown old type: as before.
  CHECK(fires("ALTER TABLE big ALTER COLUMN memo TYPE text;", rule));
  // The database's types, when known (preflight).
  LintSettings known = test::all_rules_on();
  known.column_types = {{{"public", "big"}, "memo", "character varying(200)"}};
  CHECK_FALSE(test::has_rule(test::lint_sql("ALTER TABLE big ALTER COLUMN memo TYPE text;", known), rule));
  CHECK(test::has_rule(test::lint_sql("ALTER TABLE big ALTER COLUMN memo TYPE varchar(10);", known), rule));
  CHECK(test::has_rule(test::lint_sql("ALTER TABLE big ADD COLUMN IF NOT EXISTS memo int;\n"
                                      "ALTER TABLE big ALTER COLUMN memo TYPE text;", known), rule));
  // A CHECK naming the column is checked again, reading every row: in the run, or the database's.
  const auto checked = [&](const std::string& create) {
    return test::lint_files({{"001.sql", create, {}, true},
                             {"002.sql", "ALTER TABLE big ALTER COLUMN memo TYPE text;", {}, true}});
  };
  CHECK(test::has_rule(checked("CREATE TABLE big (memo varchar(200) CHECK (memo <> ''));"), rule));
  CHECK(test::has_rule(checked("CREATE TABLE big (memo varchar(200), CONSTRAINT c CHECK (length(\"memo\") > 1));"),
                       rule));
  // a NOT VALID one is not checked again, until VALIDATE CONSTRAINT makes it valid
  CHECK_FALSE(test::has_rule(checked("CREATE TABLE big (memo varchar(200));\n"
                                     "ALTER TABLE big ADD CONSTRAINT c CHECK (memo <> '') NOT VALID;"), rule));
  CHECK(test::has_rule(test::lint_files({{"001.sql", "CREATE TABLE big (memo varchar(200));\n"
                                                     "ALTER TABLE big ADD CONSTRAINT c CHECK (memo <> '') NOT VALID;",
                                          {}, true},
                                         {"002.sql", "ALTER TABLE big VALIDATE CONSTRAINT c;", {}, true},
                                         {"003.sql", "ALTER TABLE big ALTER COLUMN memo TYPE text;", {}, true}}),
                       rule));
  // the safe way: dropped in the same ALTER TABLE (PostgreSQL drops before it changes types), added NOT VALID
  CHECK_FALSE(test::has_rule(
      test::lint_files({{"001.sql", "CREATE TABLE big (memo varchar(200) CHECK (memo <> ''));", {}, true},
                        {"002.sql", "ALTER TABLE big ALTER COLUMN memo TYPE text, DROP CONSTRAINT big_memo_check, "
                                    "ADD CONSTRAINT big_memo_check CHECK (memo <> '') NOT VALID;", {}, true}}),
      rule));
  // an unnamed table CHECK dropped by the name PostgreSQL gives it
  CHECK_FALSE(test::has_rule(checked("CREATE TABLE big (memo varchar(200), CHECK (memo <> ''));\n"
                                     "ALTER TABLE big DROP CONSTRAINT big_memo_check;"), rule));
  // a function's or a type's name is no column
  CHECK_FALSE(test::has_rule(
      test::lint_files({{"001.sql", "CREATE TABLE big (length varchar(20), text varchar(9), "
                                    "sku text CHECK (length(sku) = 8 AND sku::text <> ''));", {}, true},
                        {"002.sql", "ALTER TABLE big ALTER COLUMN length TYPE text, ALTER COLUMN text TYPE text;",
                         {}, true}}),
      rule));
  // renames follow the column and the table; a dropped column takes its CHECKs with it
  CHECK(test::has_rule(checked("CREATE TABLE big (memo varchar(200) CHECK (memo <> ''));\n"
                               "ALTER TABLE big RENAME COLUMN memo TO note;\n"
                               "ALTER TABLE big RENAME COLUMN note TO memo;"), rule));
  CHECK_FALSE(test::has_rule(checked("CREATE TABLE big (memo varchar(200) CHECK (memo <> ''));\n"
                                     "ALTER TABLE big RENAME COLUMN memo TO note;\n"
                                     "ALTER TABLE big ADD COLUMN memo varchar(20);"), rule));
  CHECK_FALSE(test::has_rule(checked("CREATE TABLE big (memo varchar(200) CHECK (memo <> ''));\n"
                                     "ALTER TABLE big DROP COLUMN memo;\n"
                                     "ALTER TABLE big ADD COLUMN memo varchar(20);"), rule));
  CHECK(test::has_rule(test::lint_files({{"001.sql", "CREATE TABLE big (memo varchar(200) CHECK (memo <> ''));\n"
                                                     "ALTER TABLE big RENAME TO big2;", {}, true},
                                         {"002.sql", "ALTER TABLE big2 ALTER COLUMN memo TYPE text;", {}, true}}),
                       rule));
  CHECK_FALSE(test::has_rule(checked("CREATE TABLE big (memo varchar(200), n int CHECK (n > 0 OR 'memo' <> ''));"),
                             rule));
  CHECK_FALSE(test::has_rule(checked("CREATE TABLE big (memo varchar(200) CHECK (memo <> ''));\nDROP TABLE big;\n"
                                     "CREATE TABLE big (memo varchar(200));"), rule));
  // dropped before the change: nothing checks the column again
  CHECK_FALSE(test::has_rule(checked("CREATE TABLE big (memo varchar(200) CHECK (memo <> ''));\n"
                                     "ALTER TABLE big DROP CONSTRAINT big_memo_check;"), rule));
  CHECK_FALSE(test::has_rule(checked("CREATE TABLE big (memo varchar(200), CONSTRAINT c CHECK (memo <> ''));\n"
                                     "ALTER TABLE big DROP CONSTRAINT IF EXISTS c;"), rule));
  CHECK(test::has_rule(checked("CREATE TABLE big (memo varchar(200), CONSTRAINT c CHECK (memo <> ''));\n"
                               "ALTER TABLE big DROP CONSTRAINT other;"), rule));
  LintSettings known_check = known;
  known_check.check_constraints = {{{{"public", "big"}, "big_memo_check", "CHECK ((memo <> ''::text))", true}}};
  CHECK(test::has_rule(test::lint_sql("ALTER TABLE big ALTER COLUMN memo TYPE text;", known_check), rule));
  known_check.check_constraints->front().validated = false;  // NOT VALID on the target
  CHECK_FALSE(test::has_rule(test::lint_sql("ALTER TABLE big ALTER COLUMN memo TYPE text;", known_check), rule));
  // CREATE TABLE IF NOT EXISTS may have found an old table, with other types.
  CHECK(test::has_rule(test::lint_files({{"001.sql", "CREATE TABLE IF NOT EXISTS big (memo varchar(200));", {}, true},
                                         {"002.sql", "ALTER TABLE big ALTER COLUMN memo TYPE text;", {}, true}}),
                       rule));
}

TEST_CASE("changing-column-type, renames, drops, DROP NOT NULL") {
  CHECK(fires("ALTER TABLE events ALTER COLUMN id TYPE bigint;", "changing-column-type"));
  CHECK(fires("ALTER TABLE events ALTER id SET DATA TYPE bigint USING id::bigint;", "changing-column-type"));
  CHECK_FALSE(fires("ALTER TABLE events ALTER COLUMN id SET DEFAULT 0;", "changing-column-type"));
  CHECK(fires("ALTER TABLE users RENAME COLUMN name TO full_name;", "renaming-column"));
  CHECK(fires("ALTER TABLE users RENAME name TO full_name;", "renaming-column"));
  CHECK_FALSE(fires("ALTER TABLE users RENAME TO people;", "renaming-column"));
  CHECK(fires("ALTER TABLE users RENAME TO people;", "renaming-table"));
  CHECK_FALSE(fires("ALTER TABLE users RENAME CONSTRAINT a TO b;", "renaming-table"));
  CHECK(fires("ALTER TABLE users DROP COLUMN legacy;", "ban-drop-column"));
  CHECK(fires("ALTER TABLE users DROP COLUMN IF EXISTS legacy CASCADE;", "ban-drop-column"));
  CHECK_FALSE(fires("ALTER TABLE users DROP CONSTRAINT legacy;", "ban-drop-column"));
  CHECK(fires("DROP TABLE sessions;", "ban-drop-table"));
  CHECK(fires("DROP TABLE IF EXISTS a, b;", "ban-drop-table"));
  CHECK_FALSE(fires("DROP VIEW sessions;", "ban-drop-table"));
  CHECK(fires("ALTER TABLE users ALTER COLUMN email DROP NOT NULL;", "ban-drop-not-null"));
  CHECK_FALSE(fires("ALTER TABLE users ALTER COLUMN email SET NOT NULL;", "ban-drop-not-null"));
  CHECK(fires("DO $$ BEGIN ALTER TABLE users DROP COLUMN legacy; END $$;", "ban-drop-column"));
  // nobody uses a table created in this run yet
  const std::string fresh = "CREATE TABLE t (a int, b text);\n";
  CHECK_FALSE(fires(fresh + "ALTER TABLE t ALTER COLUMN a TYPE bigint;", "changing-column-type"));
  CHECK_FALSE(fires(fresh + "ALTER TABLE t RENAME COLUMN a TO c;", "renaming-column"));
  CHECK_FALSE(fires(fresh + "ALTER TABLE t DROP COLUMN b;", "ban-drop-column"));
  CHECK_FALSE(fires(fresh + "DROP TABLE t;", "ban-drop-table"));
  CHECK_FALSE(fires(fresh + "ALTER TABLE t RENAME TO u;", "renaming-table"));
  // a table created IF NOT EXISTS may be an old one
  CHECK(fires("CREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE t DROP COLUMN a;", "ban-drop-column"));
  CHECK(fires("CREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE t ADD COLUMN b int NOT NULL;",
              "adding-required-field"));  // it may have rows
  CHECK(fires("CREATE TABLE t (a int);\nCREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE t ADD COLUMN b int NOT NULL;",
              "adding-required-field") == false);  // the IF NOT EXISTS found the run's own table
  // ... though its constraints count it as new, as squawk counts it (run_state.hpp)
  CHECK_FALSE(fires("CREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);",
                    "constraint-missing-not-valid"));
  CHECK_FALSE(fires("CREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE t ADD CONSTRAINT u UNIQUE (a);",
                    "disallowed-unique-constraint"));
  CHECK(fires("CREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE o ADD CONSTRAINT c CHECK (a > 0);",
              "constraint-missing-not-valid"));
  // ... and so may one created in a DO block's IF
  CHECK(fires("DO $$ BEGIN IF NOT EXISTS (SELECT 1) THEN CREATE TABLE t (a int); END IF; END $$;\n"
              "ALTER TABLE t DROP COLUMN a;", "ban-drop-column"));
  // ... but not one created unconditionally in a DO block
  CHECK_FALSE(fires("DO $$ BEGIN CREATE TABLE t (a int); END $$;\nALTER TABLE t DROP COLUMN a;", "ban-drop-column"));
}

TEST_CASE("ADD ... EXCLUDE is constraint-missing-not-valid with no online way, ADD CONSTRAINT ... NOT NULL col (PostgreSQL 18) adding-not-nullable-field") {
  const char* not_valid = "constraint-missing-not-valid";
  CHECK(fires("ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);",
              not_valid));
  CHECK(fires("ALTER TABLE bookings ADD EXCLUDE USING gist (room WITH =);", not_valid));
  CHECK(fires("ALTER TABLE bookings ADD COLUMN r tstzrange, ADD CONSTRAINT x EXCLUDE USING gist (r WITH &&);",
              not_valid));
  const auto result = test::lint_sql("ALTER TABLE bookings ADD EXCLUDE USING gist (room WITH =);\n");
  REQUIRE(test::first_of(result, not_valid) != nullptr);
  CHECK(test::first_of(result, not_valid)->safe_way.find("no online way") != std::string::npos);
  // on a table of the run (new, empty): nothing to wait for
  CHECK_FALSE(fires("CREATE TABLE bookings (room int);\nALTER TABLE bookings ADD EXCLUDE USING gist (room WITH =);",
                    not_valid));
  CHECK_FALSE(fires("CREATE TABLE bookings (room int, EXCLUDE USING gist (room WITH =));", not_valid));

  const char* not_null = "adding-not-nullable-field";
  CHECK(fires("ALTER TABLE users ADD CONSTRAINT users_email_nn NOT NULL email;", not_null));
  CHECK_FALSE(fires("ALTER TABLE users ADD CONSTRAINT users_email_nn NOT NULL email NOT VALID;", not_null));
}

TEST_CASE("adding-field-with-default: a column of a domain with constraints the database has (preflight)") {
  LintSettings settings;
  settings.constrained_domains.push_back({"public", "positive_count"});
  auto result = test::lint_files({{"011_likes.sql", "ALTER TABLE articles ADD COLUMN likes positive_count;\n",
                                   std::nullopt}},
                                 settings);
  const Finding* finding = test::first_of(result, "adding-field-with-default");
  REQUIRE(finding != nullptr);
  CHECK(finding->message == "ADD COLUMN likes to articles: its type positive_count is a domain with constraints "
                            "(the database's), checked for every row, rewriting the table");
  // another of the database's types, or the domain dropped and made again without constraints
  const auto other = test::lint_files({{"011_likes.sql", "ALTER TABLE articles ADD COLUMN likes bigint;", std::nullopt}},
                                      settings);
  CHECK(test::first_of(other, "adding-field-with-default") == nullptr);
  const auto remade = test::lint_files({{"011_likes.sql",
                                         "DROP DOMAIN positive_count;\nCREATE DOMAIN positive_count AS bigint;\n"
                                         "ALTER TABLE articles ADD COLUMN likes positive_count;",
                                         std::nullopt}},
                                       settings);
  CHECK(test::first_of(remade, "adding-field-with-default") == nullptr);
}

TEST_CASE("rewriting-table: SET LOGGED, UNLOGGED, TABLESPACE, ACCESS METHOD of a table the run did not make") {
  const char* rule = "rewriting-table";
  auto result = test::lint_files({{"020_logged.sql", "ALTER TABLE public.events SET LOGGED;\n", std::nullopt}});
  const Finding* finding = test::first_of(result, rule);
  REQUIRE(finding != nullptr);
  CHECK(finding->severity == Severity::error);
  CHECK(finding->message == "SET LOGGED rewrites public.events under ACCESS EXCLUSIVE");
  CHECK(finding->table.to_string() == "public.events");
  CHECK(fires("ALTER TABLE events SET UNLOGGED;", rule));
  CHECK(fires("ALTER TABLE IF EXISTS events SET TABLESPACE archive;", rule));
  CHECK(fires("ALTER TABLE events SET ACCESS METHOD heap2;", rule, 150000));
  CHECK(fires("ALTER TABLE events ADD COLUMN note text, SET UNLOGGED;", rule));
  // made in the run: empty, nobody waits
  CHECK_FALSE(fires("CREATE TABLE events (id int);\nALTER TABLE events SET LOGGED;", rule));
  // a partitioned table has no rows of its own
  CHECK_FALSE(fires("CREATE TABLE m (id int) PARTITION BY RANGE (id);\nALTER TABLE m SET TABLESPACE archive;", rule));
  // what does not rewrite
  CHECK_FALSE(fires("ALTER TABLE events SET (fillfactor = 70);", rule));
  CHECK_FALSE(fires("ALTER TABLE events SET SCHEMA archive;", rule));
  CHECK_FALSE(fires("ALTER TABLE events SET WITHOUT CLUSTER;", rule));
}

TEST_CASE("adding-field-with-default: a column of a domain with constraints the run made is checked row by row") {
  const char* rule = "adding-field-with-default";
  const std::string add = "alter table public.articles add column likes public.positive_count;\n";
  auto result = test::lint_files(
      {{"010_domain.sql", "create domain public.positive_count as bigint check (value >= 0);\n", std::nullopt},
       {"011_likes.sql", add, std::nullopt}});
  const Finding* finding = test::first_of(result, rule);
  REQUIRE(finding != nullptr);
  CHECK(finding->file == "011_likes.sql");
  CHECK(finding->message == "ADD COLUMN likes to public.articles: its type public.positive_count is a domain with "
                            "constraints (created at 010_domain.sql:1), checked for every row, rewriting the table");
  CHECK(fires("CREATE DOMAIN code AS text NOT NULL;\nALTER TABLE users ADD COLUMN c code;", rule));
  CHECK(fires("CREATE DOMAIN code AS text CONSTRAINT c CHECK (VALUE <> '');\n"
              "ALTER TABLE users ADD COLUMN c public.code;", rule));
  CHECK(fires("CREATE DOMAIN code AS text CHECK (VALUE <> '');\n"
              "ALTER TABLE users ADD COLUMN c code DEFAULT 'x';", rule));
  // no constraint: stored as the base type, no rewrite
  CHECK_FALSE(fires("CREATE DOMAIN code AS text;\nALTER TABLE users ADD COLUMN c code;", rule));
  CHECK_FALSE(fires("CREATE DOMAIN code AS text DEFAULT 'x';\nALTER TABLE users ADD COLUMN c code;", rule));
  // an array of it is not the domain; another schema's type of that name neither
  CHECK_FALSE(fires("CREATE DOMAIN code AS text CHECK (VALUE <> '');\nALTER TABLE users ADD COLUMN c code[];", rule));
  CHECK_FALSE(fires("CREATE DOMAIN app.code AS text CHECK (VALUE <> '');\nALTER TABLE users ADD COLUMN c other.code;",
                    rule));
  // dropped, or made again without constraints
  CHECK_FALSE(fires("CREATE DOMAIN code AS text CHECK (VALUE <> '');\nDROP DOMAIN code;\nCREATE DOMAIN code AS text;\n"
                    "ALTER TABLE users ADD COLUMN c code;", rule));
  // a table made in the run is new
  CHECK_FALSE(fires("CREATE DOMAIN code AS text CHECK (VALUE <> '');\nCREATE TABLE t (id int);\n"
                    "ALTER TABLE t ADD COLUMN c code;", rule));
  // a constraint the run adds to a domain (a hunt's find)
  CHECK(fires("CREATE DOMAIN code AS text;\nALTER DOMAIN code ADD CONSTRAINT c CHECK (VALUE <> '');\n"
              "ALTER TABLE users ADD COLUMN c code;", rule));
  CHECK(fires("ALTER DOMAIN public.code SET NOT NULL;\nALTER TABLE users ADD COLUMN c public.code DEFAULT 'x';", rule));
  CHECK_FALSE(fires("CREATE DOMAIN code AS text;\nALTER DOMAIN code SET DEFAULT 'x';\n"
                    "ALTER TABLE users ADD COLUMN c code;", rule));
  // the database's, its constraint dropped in the run: not known to have one left (no false finding)
  LintSettings settings;
  settings.constrained_domains.push_back({"public", "code"});
  const auto dropped = test::lint_files({{"012_c.sql", "ALTER DOMAIN code DROP CONSTRAINT code_check;\n"
                                                       "ALTER TABLE users ADD COLUMN c code;", std::nullopt}},
                                        settings);
  CHECK(test::first_of(dropped, rule) == nullptr);
}
