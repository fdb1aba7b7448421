#pragma once

// Whether ALTER COLUMN ... TYPE rewrites the table, when the column's old
// type is known (preflight: the catalog's; lint: a CREATE TABLE or ADD
// COLUMN earlier in the run). PostgreSQL keeps the rows as they are
// (ATColumnChangeRequiresRewrite finds nothing to do) when the new type is
// binary-coercible from the old and its type modifier allows every old value:
//
//   character varying(n) -> character varying(m >= n), character varying, text
//   text                 -> character varying (no length)
//   bit varying(n)       -> bit varying(m >= n), bit varying
//   numeric(p,s)         -> numeric(q >= p,s), numeric
//   timestamp(p) [with or without time zone], time(p)
//                        -> the same type with (q >= p), or no precision
//   cidr                 -> inet
//
// Anything else (another type, a shorter length, another scale, a USING
// clause, a COLLATE, arrays, domains) counts as a rewrite: pgapply cannot
// tell that it is not.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddl/declaration.hpp"
#include "ddl/impact.hpp"

namespace pgapply::ddl {

// Why the change from `old_type` (as format_type prints it) to `column`
// (an ALTER COLUMN ... TYPE's) rewrites nothing ("character varying(200) to
// text is binary-coercible"), or nullopt when it rewrites the table or may.
std::optional<std::string> type_change_without_rewrite(std::string_view old_type, const ColumnSpec& column);

// Whether values of `old_type` that differ may be equal once converted to
// `column`'s type, so that a unique index PostgreSQL rebuilds over the
// column fails where it held: to citext, or with a COLLATE (a
// nondeterministic one equates what differs); from a string type to another
// kind ('01' and '1' to integer, a uuid's case) or to char(n); to an integer
// type or real from a fractional one, to a smaller numeric scale or time
// precision, timestamps to date, timestamptz to timestamp (rounding).
// False for what keeps each value distinct (integer to bigint, varchar to
// text, anything to text) and where the old type is not known.
bool may_equate_values(std::string_view old_type, const ColumnSpec& column);

// Whether an ALTER COLUMN ... TYPE from `old_type` changes the equality
// operator a foreign key referencing the column compares with: PostgreSQL
// re-creates every such key, and checks its rows again unless that operator
// stays the same (ATAddForeignKeyConstraint's old_check_ok: varchar(n) to
// text, numeric(10,2) to numeric(12,2), a binary-coercible change keep it;
// integer to bigint, timestamp to timestamptz change it). False where the
// old type is not known.
bool changes_key_equality(std::string_view old_type, const ColumnSpec& column);

// The hazards of an ALTER COLUMN ... TYPE declaration whose column had
// `old_type` (empty: unknown): its own, with the rewrite replaced, when there
// is none, by a note saying why, or, when a CHECK constraint names the
// column (`checked`: PostgreSQL checks it again, reading every row), by a
// scan under the lock.
std::vector<Hazard> type_change_hazards(const Declaration& d, std::string_view old_type, bool checked);

}  // namespace pgapply::ddl
