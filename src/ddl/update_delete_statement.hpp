#pragma once

// What a plain UPDATE or DELETE changes: the rows of its one table, where
// nothing it runs could reach further (its table's triggers, rules and
// foreign keys that act on other tables are preflight's to know: it asks
// the target about other tables' rows as they are, unchanged by it).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ddl/qualified_name.hpp"

namespace pgapply::ddl {

// The table of `statement`, an `UPDATE [ONLY] table [[AS] alias] SET ...` or
// a `DELETE FROM [ONLY] table ...` (FROM, USING, WHERE and RETURNING only
// read), where it calls no function but PostgreSQL's own; nullopt for
// anything else (a WITH query, which may change other tables, a function of
// the user's, WHERE CURRENT OF a cursor preflight does not follow,
// set_config, which may change what later statements name, or a query
// given as text: query_to_xml, ts_stat, ts_rewrite). `why`, if given, is
// told why not, as a clause ("it calls recompute, a function of the user's").
std::optional<QualifiedName> update_or_delete_target(std::string_view statement, std::string* why = nullptr);

// What an UPDATE or DELETE of one table does to its rows, as SQL that a
// query over the table's rows as they were can follow: the rows it changes
// (`where`), and in each the new values of the columns it sets.
struct RowsEdit {
  bool deletes = false;
  std::string alias;  // the name its expressions give the table's row (its alias, or the table's name)
  std::vector<std::pair<std::string, std::string>> sets;  // column (folded), its new value as written
  std::string where;  // as written; "": every row
};

// The edit of `statement`, one update_or_delete_target takes, where it is
// as plain as `UPDATE [ONLY] t [[AS] a] SET col = value [, ...] [WHERE ...]`
// or `DELETE FROM [ONLY] t [[AS] a] [WHERE ...]` (a RETURNING is only read):
// no FROM or USING (other tables' rows), no column list, field or element
// set, no DEFAULT, no subquery, no function but PostgreSQL's own immutable or
// stable ones (a volatile one gives each row its own value), no name of
// three parts (schema.table.column, which names the table and not its rows).
// nullopt otherwise, and `why`, if given, says which of those it holds (as
// update_or_delete_target's).
std::optional<RowsEdit> rows_edit(std::string_view statement, std::string* why = nullptr);

}  // namespace pgapply::ddl
