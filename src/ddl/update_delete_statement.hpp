#pragma once

// What a plain UPDATE or DELETE changes: the rows of its one table, where
// nothing it runs could reach further (its table's triggers, rules and
// foreign keys that act on other tables are preflight's to know: it asks
// the target about other tables' rows as they are, unchanged by it).

#include <optional>
#include <string_view>

#include "ddl/qualified_name.hpp"

namespace pgapply::ddl {

// The table of `statement`, an `UPDATE [ONLY] table [[AS] alias] SET ...` or
// a `DELETE FROM [ONLY] table ...` (FROM, USING, WHERE and RETURNING only
// read), where it calls no function but PostgreSQL's own; nullopt for
// anything else (a WITH query, which may change other tables, a function of
// the user's, WHERE CURRENT OF a cursor preflight does not follow,
// set_config, which may change what later statements name, or a query
// given as text: query_to_xml, ts_stat, ts_rewrite).
std::optional<QualifiedName> update_or_delete_target(std::string_view statement);

}  // namespace pgapply::ddl
