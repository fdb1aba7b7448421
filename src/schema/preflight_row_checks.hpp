#pragma once

// Internal to preflight: statements that fail on the target's rows, which a
// shadow (a copy of the schema alone) never shows. SET NOT NULL, or a
// PRIMARY KEY, of a column that holds NULL in some row (SQLSTATE 23502); a
// UNIQUE, a PRIMARY KEY or a unique index over columns whose values repeat
// (23505); a CHECK that a row fails (23514); a FOREIGN KEY whose columns in
// a row name no row of the referenced table (23503); a type change a row's
// value does not convert to. The target's rows answer
// (CatalogSnapshot::row_checks, read for PreflightResult::unasked_rows).

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ddl/declaration.hpp"
#include "schema/expected_schema.hpp"
#include "schema/migration_facts.hpp"
#include "schema/preflight_findings.hpp"

namespace pgapply::schema {

// What the run did so far that row checks depend on.
struct RowsSeen {
  // file:line of the first statement that may change rows (and why it was
  // not followed: because()); empty: none
  std::string changed_at;
  // ... that may change or remove rows, not only add some (an INSERT ...
  // VALUES into a table of the target's with no trigger does not), or add
  // some after a TRUNCATE (then they are all that table holds): a row of
  // the target's that fails a check stays, and fails it, unless one did.
  std::string removed_at;
  // A session setting was set (DateStyle, TimeZone...), or an enum label
  // added: an expression the target evaluates in preflight's own session
  // may mean something else there (where it reads a string, a date...).
  bool evaluation_changed = false;
  std::string evaluation_changed_by{};  // which of them, as a clause: "a SET of a setting before it"
  // The file set search_path, or made or changed a function, procedure,
  // type or domain: the types an expression names may be others
  // (its columns, and pg_catalog's functions and operators, which come first
  // whatever the path and are all an evaluated expression calls, are not;
  // nor is a partition's bound, cast to the key's types as the target's
  // catalog names them).
  bool type_names_changed = false;
  std::vector<RowCheck> unasked;  // questions the catalog had no answer for, in order
  // INSERT statements whose keys were asked about (check_inserted_rows asks
  // about max_inserts_asked at most: each question is a round trip).
  std::size_t inserts_asked = 0;
  static constexpr std::size_t max_inserts_asked = 100;
  // The target's tables (schema, name) a TRUNCATE emptied, and nothing that
  // may change rows ran since: their checks have no row to fail on.
  std::set<std::pair<std::string, std::string>> emptied;
  // The target's tables (schema, name) whose persistence, access method or
  // tablespace a statement of the run set: the catalog's no longer says it.
  std::set<std::pair<std::string, std::string>> storage_set{};
  // Of those, the ones a TRUNCATE emptied in the run, whatever ran since:
  // none of the target's rows is in them (what the run put there is the shadow's).
  std::set<std::pair<std::string, std::string>> truncated;
  // A CREATE RULE ran (the facts collector's marker): an INSERT anywhere may
  // fill any table, one a TRUNCATE emptied too.
  bool rule_made = false;
  // A CREATE EVENT TRIGGER ran, or an ALTER EVENT TRIGGER (its ENABLE): its
  // function (not read) may write rows as any DDL after it runs.
  bool event_trigger_made = false;
  // The tables (by name) whose triggers the run enabled or disabled
  // (ALTER TABLE ... ENABLE | DISABLE TRIGGER): which of them fire is not
  // the catalog's to tell.
  std::set<std::string> triggers_toggled;
  // Which of the run's clocks the statement runs under: now() is when up's
  // batch of consecutive files that run in a transaction arrived (one for
  // them all, in all but long runs, which take several batches), and each
  // statement of a file outside one is sent alone. A followed value that
  // reads now() is asked about as that clock would see it.
  std::size_t transaction = 0;
  bool after_own_statements = false;  // the last file ran outside a transaction
  // A DO block made an index or a constraint (it may skip one, or catch its
  // failure): from here on, no key the run made is a seed INSERT's question.
  bool keys_made_in_block = false;

  // The target's tables (schema, name) whose own rows alone a statement
  // changed (a seed INSERT, an UPDATE or DELETE of a plain table that no
  // trigger, rule or foreign key's action takes further, where nothing of
  // the user's can run unseen: rows_before_statement), with where the
  // first did: rows of other tables it left as they are (changed_at and
  // removed_at say where anything may have changed). `tables_removed_at`:
  // of those, the ones that may have changed or lost rows, not only gained
  // some (or gained some after a TRUNCATE): a check whose target's rows fail
  // it asks these (Asking::changed_for), as rows added fix none of them.
  std::map<std::pair<std::string, std::string>, std::string> tables_changed_at;
  std::map<std::pair<std::string, std::string>, std::string> tables_removed_at;

  // The target's tables whose rows the run changed so far by UPDATEs and
  // DELETEs of them alone that preflight follows (DeclaredStatement::edit),
  // and nothing else: their rows as those leave them (RowCheck::rows_as), and
  // where the first and the last were. A check of such a table asks about
  // those rows; one that cannot (an orphan's, a conflict's) counts them as
  // changed at the first. A change of its rows preflight does not follow
  // after them is a tables_changed_at of its own.
  struct FollowedRows {
    std::string rows;
    std::string where;
    std::string last;
  };
  std::map<std::pair<std::string, std::string>, FollowedRows> followed;
  // The columns the run added to those tables, where preflight knows the
  // value each of the target's rows gets (NULL, or a constant DEFAULT:
  // rows_after_column_change), by name, with their types as declared, in
  // order: the followed rows hold them (with no UPDATE or DELETE before,
  // FollowedRows::where is empty), so that a question about one (a SET NOT
  // NULL after a partial backfill) asks about the rows as the run leaves them.
  struct AddedColumn {
    std::string name;
    std::string type;
    bool gone = false;  // dropped or renamed since: no column of that name is it (the rows still hold it)
  };
  std::map<std::pair<std::string, std::string>, std::vector<AddedColumn>> added;
  // The columns that rows an INSERT ... query added to a table hold NULL
  // in (it did not list them, and they had no DEFAULT: ddl::
  // insert_query_head), by table (schema, name, as the model names it) and
  // column, with where the first such INSERT is: a SET NOT NULL fails if it
  // added any, which neither the target nor the shadow (which has none of
  // the target's rows for its query) tells. What may change rows after it,
  // but add them, ends them: it may fill the NULLs.
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> null_rows_added;

  // `where` (file:line), with why preflight could not follow the statement
  // there, if it knows: what the strings above hold, which may_change says.
  static std::string because(const std::string& where, const std::string& why) {
    return why.empty() ? where : where + '\t' + why;
  }
  // "file:line may change rows[: why]"
  static std::string may_change(const std::string& changed) {
    const auto tab = changed.find('\t');
    if (tab == std::string::npos) return changed + " may change rows";
    return changed.substr(0, tab) + " may change rows: " + changed.substr(tab + 1);
  }

  // The statement at `where` may change rows (`adds_alone`: only add some
  // to a table, which leaves what a TRUNCATE emptied of the target's gone).
  void rows_change(const std::string& where, bool adds_alone = false) {
    emptied.clear();
    if (!adds_alone) null_rows_added.clear();
    if (changed_at.empty()) changed_at = where;
    // (rows added where a TRUNCATE took the target's are all a check of that table reads there)
    if ((!adds_alone || !truncated.empty()) && removed_at.empty()) removed_at = where;
  }
  // ... of `table` alone (an UPDATE or DELETE leaves an emptied table empty).
  void table_rows_change(const std::pair<std::string, std::string>& table, const std::string& where,
                         bool adds_alone) {
    if (adds_alone) emptied.erase(table);
    if (!adds_alone) null_rows_added.clear();  // (keyed as the model names tables, which a rename changes)
    // (the rows as the edits before it left them, if followed, are still asked about; this statement is
    // what preflight cannot see)
    tables_changed_at.try_emplace(table, where);
    if (!adds_alone || truncated.count(table) != 0) tables_removed_at.try_emplace(table, where);
  }
};

// Before the declarations of `statement` (at `where`) are checked: one that
// may change rows before any of them (DML and anything not modelled, which
// the facts collector keeps a file's first of, a DO block that runs DML, a
// query, CALL, PERFORM or dynamic SQL, MERGE, a query that makes a table).
// An INSERT ... VALUES into a table the run made (which the target has no
// rows of to ask about), with no trigger and no default, generated column or
// CHECK that calls a function of the user's, changes none that matter. An
// UPDATE or DELETE of one of the target's plain tables, or an INSERT ...
// VALUES into one, changes its rows alone where nothing of the user's can
// run unseen (no function of the user's at all, no trigger, rule or
// foreign key action of it: RowsSeen::tables_changed_at); where a query
// over the rows can follow the UPDATE or DELETE (DeclaredStatement::edit,
// of a table with no generated column, after no other change of its rows,
// SET or definition that the evaluation depends on), the checks after it
// ask about the rows as it leaves them (RowsSeen::followed). A TRUNCATE of the
// target's tables empties them, where no trigger of theirs runs and no
// partition or inheritance child goes with them.
// Before the first migration, where up creates the ledger `ledger` (CREATE
// TABLE, COMMENT): an event trigger of the target's that fires on them and
// may write rows may change any table's rows.
void rows_before_ledger(const CatalogSnapshot& catalog, const std::string& ledger, RowsSeen& seen);

// After a migration (`file`), whose record up inserts into the ledger
// `ledger` (schema.table) in its transaction: a trigger of the target's
// ledger whose function may write rows, or a rule of it (an "audit every
// table" setup), may change any table's rows before the next file.
void rows_after_ledger_record(const CatalogSnapshot& catalog, const std::string& ledger, const std::string& file,
                              RowsSeen& seen);

void rows_before_statement(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                           const DeclaredStatement& statement, const std::string& where, RowsSeen& seen);

// An INSERT ... VALUES (`statement`, at `where`) into the target's table,
// before rows_before_statement: whether a row there has the values one of
// the table's unique indexes (not partial, over columns it sets with
// constants) gets from a row it inserts, which fails it (23505), unless it
// takes ON CONFLICT; of a plain table with no trigger (which may change
// the row or skip it).
void check_inserted_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                         const DeclaredStatement& statement, const std::string& where, RowsSeen& seen,
                         FindingList& findings);

// An UPDATE (`statement`, at `where`) that preflight follows (RowsSeen::
// followed), before rows_before_statement: whether the rows as it leaves
// them break its table's own rules, which fails it: a value it sets that
// does not convert to its column's type, a NULL in a NOT NULL column it
// sets (23502), a unique index over a column it sets (plain columns, not
// partial, not DEFERRABLE) whose values then repeat (23505), a CHECK that
// reads a column it sets, or a NOT VALID one, that a row it changes then
// fails (23514). Not of a table the run changed before it (a rule the
// target's catalog lists may be gone).
void check_edited_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                       const DeclaredStatement& statement, const std::string& where, RowsSeen& seen,
                       FindingList& findings);

// The row checks of declaration `d` of `statement` (at `where`), with the
// model as it stands before `d`, as findings at `location`: an error where
// the target's rows make it fail and nothing before it could have changed
// them; a warning where something could (an earlier statement, another
// subcommand of its ALTER TABLE that changes rows), or where the target
// could not be read; nothing for a declaration a DO block may skip or whose
// failure it catches. A question CatalogSnapshot::row_checks has no answer
// for goes to `seen.unasked`.
void check_declaration_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                            const ddl::StatementFacts& statement, const std::string& where,
                            const ddl::Declaration& d, const std::string& location, RowsSeen& seen,
                            FindingList& findings);

// ADD COLUMN `d` that its hazards say fails on a table with any row (NOT
// NULL or PRIMARY KEY, and no DEFAULT, identity, serial, generated
// expression or domain's DEFAULT gives the rows a value): asks whether its
// table on the target has a row (an inheritance child too, unless ONLY or
// a child has a column of its name), at `location`, as
// check_declaration_rows asks. True where that settles it, so that the
// table's statistics need not: the target answered (or said why it could
// not), or a TRUNCATE before it emptied the table.
bool check_empty_table(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                       const ddl::Declaration& d, const std::string& location, RowsSeen& seen,
                       FindingList& findings);

// ADD COLUMN `d` (at `where`, the model as it stands before it) of a plain
// table of the target's with no parent or child, whose value in each row
// preflight knows (NULL, or a constant DEFAULT): the table's followed rows
// hold it (RowsSeen::added). A column of a name the table had, or the run
// added before, leaves its rows unfollowed from here on. A DROP or RENAME
// COLUMN of one it added: that name is no longer it.
void rows_after_column_change(const CatalogSnapshot& catalog, const ExpectedSchema& model, const ddl::Declaration& d,
                              const std::string& where, RowsSeen& seen);

// After `statement`'s declarations: what they change that later checks
// depend on (rows, definitions, the facts collector's SET marker).
void rows_after_statement(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                          const ddl::StatementFacts& statement, const std::string& where, RowsSeen& seen);

}  // namespace pgapply::schema
