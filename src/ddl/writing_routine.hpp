#pragma once

// What a function of the user's may do to rows when it runs, read from its
// body: one that writes a table (an audit trigger's INSERT, an event
// trigger that fixes rows on CREATE TABLE) may change what a later check of
// the rows finds wherever it runs unseen (an operator, a cast, a domain's
// CHECK, a view, a policy, a DEFAULT); one that only reads, computes, sets
// NEW's fields, raises, notifies or grants (an updated_at trigger,
// Supabase's auth.uid(), its pgrst_ddl_watch) changes none.

#include <optional>
#include <string_view>
#include <vector>

#include "ddl/qualified_name.hpp"

namespace pgapply::ddl {

// Whether a routine of `language` with `body` (pg_proc.prosrc) may change a
// table's rows when it runs: another language than PL/pgSQL or SQL (not
// read), an empty body (SQL-standard BEGIN ATOMIC, kept elsewhere), a block
// that does not parse, dynamic SQL (EXECUTE), a statement other than a
// query, GRANT/REVOKE, COMMENT, NOTIFY, SET/RESET or a function's or role's
// CREATE/ALTER/DROP, a query that writes (a data-modifying WITH), or a call
// of any function but PostgreSQL's own anywhere (PERFORM f(), x := f():
// another function of the user's, or an extension's, may write).
// `strict` (a function a statement may reach, not an event trigger's,
// which DDL alone runs): also one that reads a relation (a view may call a
// function that writes), casts to a type of the user's (a domain's CHECK),
// changes a setting or a routine (SET search_path, set_config, CREATE OR
// REPLACE FUNCTION: what runs next), or runs a query given as text
// (query_to_xml, ts_stat, ts_rewrite).
bool routine_may_write_rows(std::string_view language, std::string_view body, bool strict);

// The tables a PL/pgSQL routine writes where all it writes is rows it adds
// to them with INSERT ... VALUES (of PostgreSQL's own functions, no ON
// CONFLICT DO UPDATE), and the rest of it changes no rows, strictly
// (routine_may_write_rows): an audit trigger's `INSERT INTO audit_log
// VALUES (TG_OP, to_jsonb(NEW))`, which adds rows to audit_log and changes
// no other table's. nullopt for anything else (another language, dynamic
// SQL, an UPDATE, an INSERT ... SELECT, a call of the user's).
std::optional<std::vector<QualifiedName>> routine_appends_to(std::string_view language, std::string_view body);

}  // namespace pgapply::ddl
