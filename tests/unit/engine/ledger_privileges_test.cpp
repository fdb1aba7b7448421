// What preflight says when the role cannot use the ledger (the catalog's
// answers given by hand; tests/integration/engine/preflight_findings_test.cpp
// asks a real server).
#include "engine/ledger_privileges.hpp"

#include <doctest/doctest.h>

using namespace pgapply::engine;

namespace {

LedgerName name() {
  LedgerName out;
  out.schema = "ops";
  out.table = "ledger";
  out.schema_given = true;
  return out;
}

LedgerPrivileges everything() {
  LedgerPrivileges out;
  out.role = "app";
  out.database = "prod";
  out.schema_exists = out.schema_usage = out.schema_create = out.database_create = true;
  out.ledger_exists = out.ledger_read = out.ledger_write = true;
  out.history_exists = out.history_write = out.sequence_usage = true;
  return out;
}

}  // namespace

TEST_CASE("ledger privileges: each missing one is named with the GRANT that gives it") {
  CHECK(ledger_privilege_problem(everything(), name()).empty());

  auto p = everything();
  p.schema_usage = false;
  CHECK(ledger_privilege_problem(p, name()).starts_with(
      "the role app cannot read the ledger ops.ledger (no USAGE on the schema ops)"));

  p = everything();
  p.sequence_usage = false;
  const std::string sequence = ledger_privilege_problem(p, name());
  CHECK(sequence.starts_with("the role app cannot write the ledger ops.ledger (no USAGE on the sequence "
                             "ops.ledger_history_id_seq)"));
  CHECK(sequence.find("GRANT USAGE ON SEQUENCE \"ops\".\"ledger_history_id_seq\" TO \"app\";") != std::string::npos);

  p = everything();
  p.ledger_exists = p.history_exists = false;
  p.schema_create = false;
  CHECK(ledger_privilege_problem(p, name()).find("(no CREATE on the schema ops)") != std::string::npos);

  p.schema_exists = p.schema_usage = false;
  CHECK(ledger_privilege_problem(p, name()).empty());  // up creates the schema: CREATE on the database suffices
  p.database_create = false;
  const std::string database = ledger_privilege_problem(p, name());
  CHECK(database.find("its schema ops does not exist and the role has no CREATE on the database prod") !=
        std::string::npos);
  CHECK(database.find("GRANT CREATE ON DATABASE \"prod\" TO \"app\"") != std::string::npos);
}

TEST_CASE("--ledger-format: the tool's table must be writable too, dbmate's without UPDATE, the others' with it") {
  LedgerPrivileges p = everything();
  p.companion_exists = p.companion_schema_usage = p.companion_select = p.companion_insert = p.companion_delete = true;
  LedgerName dbmate = name();
  dbmate.format = LedgerFormat::dbmate;
  dbmate.companion_schema = "public";
  CHECK(ledger_privilege_problem(p, dbmate) == "");  // dbmate's rows are inserted and deleted, never updated
  LedgerName golang = dbmate;
  golang.format = LedgerFormat::golang_migrate;
  CHECK(ledger_privilege_problem(p, golang) ==
        "the role app cannot write golang-migrate's table \"public\".\"schema_migrations\", which --ledger-format "
        "golang-migrate keeps in step with the ledger (it lacks UPDATE): up would fail when it first writes it. Grant "
        "it, as that table's owner: GRANT USAGE ON SCHEMA \"public\" TO \"app\"; GRANT SELECT, INSERT, UPDATE, DELETE "
        "ON \"public\".\"schema_migrations\" TO \"app\";");
  LedgerName supabase = name();
  supabase.format = LedgerFormat::supabase;
  p.companion_update = true;
  p.companion_schema_usage = false;
  CHECK(ledger_privilege_problem(p, supabase, "down") ==
        "the role app cannot write the Supabase CLI's table supabase_migrations.schema_migrations, which "
        "--ledger-format supabase keeps in step with the ledger (it lacks USAGE on its schema): down would fail when "
        "it first writes it. Grant it, as that table's owner: GRANT USAGE ON SCHEMA \"supabase_migrations\" TO \"app\"; "
        "GRANT SELECT, INSERT, UPDATE, DELETE ON supabase_migrations.schema_migrations TO \"app\";");
  // Not made yet: up makes it with the ledger.
  p.companion_exists = false;
  CHECK(ledger_privilege_problem(p, golang) == "");
}
