#pragma once

// What an event trigger's function may do to rows as DDL fires it: an
// audit trigger that writes a table, or one that fixes rows on CREATE
// TABLE, changes what a later statement's check of the rows finds, as a
// data statement would; one that only notifies or grants (Supabase's
// pgrst_ddl_watch, its grant_pg_*_access) changes none.

#include <string_view>

namespace pgapply::ddl {

// Whether a function of `language` with `body` (prosrc) may change a
// table's rows when it runs: another language than PL/pgSQL (not read),
// a block that does not parse, dynamic SQL (EXECUTE), a statement other
// than a query, GRANT/REVOKE, COMMENT, NOTIFY, SET/RESET or a function's or
// role's CREATE/ALTER/DROP, a query that writes (a data-modifying WITH), or a
// call of a function of the user's anywhere (PERFORM f(), x := f()).
bool event_trigger_may_write_rows(std::string_view language, std::string_view body);

}  // namespace pgapply::ddl
