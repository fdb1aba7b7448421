#pragma once

// What each statement of a migration declares, in file order: the input of
// verify, preflight and baseline. Built by engine/facts_collector.cpp, which
// walks a migration with the script interpreter (so included files, variables
// and \if branches count as they would run) and calls ddl::facts_of on each
// statement.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddl/declarations.hpp"
#include "ddl/insert_statement.hpp"
#include "ddl/update_delete_statement.hpp"

namespace pgapply::schema {

// The facts collector's markers: statements kept with no declarations,
// whose command (StatementFacts::command) says what the file did there.
inline constexpr std::string_view rule_marker = "CREATE RULE";  // an INSERT anywhere may fill any table from here
inline constexpr std::string_view setting_marker = "SET";  // the first setting that may change what an expression means
inline constexpr std::string_view search_path_marker = "SET search_path";  // the first change of search_path
inline constexpr std::string_view set_role_marker = "SET ROLE";  // the file's own SET [SESSION | LOCAL] ROLE
// A SELECT that changes no rows unless an operator or a function of the
// user's stands in for one of PostgreSQL's own (ddl::changes_no_rows)
inline constexpr std::string_view rowless_query_marker = "SELECT (no rows)";
// CREATE OPERATOR, CAST or AGGREGATE (not modelled): what it calls, a
// statement may run where it names no function
inline constexpr std::string_view unseen_caller_marker = "CREATE OPERATOR";
// ANALYZE, VACUUM or CLUSTER (REINDEX is kept with its facts): it runs the
// expressions of indexes and extended statistics over the rows
inline constexpr std::string_view maintenance_marker = "ANALYZE";
// SET SESSION AUTHORIZATION, set_config('role', ...), a DO block's SET ROLE
inline constexpr std::string_view other_role_marker = "SET ROLE (other)";
// A statement that makes what only attribution reads (ddl::UnmodelledObject:
// CREATE RULE, STATISTICS, AGGREGATE, ALTER DOMAIN ... ADD CONSTRAINT), its
// facts' unmodelled alone
inline constexpr std::string_view unmodelled_marker = "CREATE (unmodelled)";

struct DeclaredStatement {
  std::string file;       // the file it is written in, as shown (an included file's own path)
  std::size_t line = 1;   // where the statement starts in that file
  ddl::StatementFacts facts;
  // The file's own search_path where it set one of several schemas (or
  // "$user"), its names left unqualified; empty: the connection's (a single
  // schema qualifies the names: engine/facts_collector.cpp).
  std::vector<std::string> search_path;
  // An INSERT ... VALUES that may change its table's rows alone (no function
  // of the user's: ddl::insert_values), with no facts: its table and values.
  std::optional<ddl::InsertValues> inserts;
  // A TRUNCATE of these tables alone (ddl::truncate_targets), with no facts:
  // they hold none of the target's rows after it.
  std::vector<ddl::QualifiedName> truncates;
  // An UPDATE or DELETE of this table alone (ddl::update_or_delete_target),
  // with no facts: whether it changes other tables' rows too, preflight
  // tells from the target's catalog (rows_before_statement).
  std::optional<ddl::QualifiedName> updates;
  // Of those, one whose edit a query over the table's rows can follow
  // (ddl::rows_edit): checks after it ask about the rows as it leaves them.
  std::optional<ddl::RowsEdit> edit;
  // The role the file's own SET ROLE (or SET SESSION AUTHORIZATION) made
  // current before it, folded; empty: the connection's.
  std::string role;
  // Why preflight does not follow what it does to rows, where it may change
  // some (an UPDATE with no edit: ddl::rows_edit's reason; the facts
  // collector's marker of a MERGE, an INSERT ... SELECT...), as a clause
  // the warnings that count on rows as they were quote; empty: not said.
  std::string unfollowed{};  // ({}: the facts collector's other statements leave it out)
  // An INSERT whose rows come from a query (ddl::insert_query_head), with
  // no facts: the columns it does not list hold their DEFAULT in each row
  // it adds, NULL where there is none; neither the shadow, which has none
  // of the target's rows, nor the target tells how many it adds.
  std::optional<ddl::InsertQueryHead> inserts_query{};

  // The file line of a declaration found in this statement.
  std::size_t line_of(const ddl::Declaration& declaration) const { return line_of(declaration.location); }
  std::size_t line_of(const ddl::ClusterChange& change) const { return line_of(change.location); }
  std::size_t line_of(const ddl::Location& location) const { return line + location.line - 1; }
};

struct MigrationFacts {
  std::string version;    // canonical
  std::string file_name;  // NNN_name.sql
  std::string shown;      // DIR/NNN_name.sql
  std::vector<DeclaredStatement> statements;
};

}  // namespace pgapply::schema
