#pragma once

// Comparing a column default as a migration declares it with the default the
// server reports, pg_get_expr(adbin, adrelid). The server prints a stored,
// coerced expression, so the same default reads differently (checked against
// PostgreSQL 15):
//
//   declared              type                  server
//   5                     integer               5
//   -1                    integer, bigint       '-1'::integer
//   'UTC'                 text                  'UTC'::text
//   'light'               character varying(20) 'light'::character varying
//   TRUE, 'yes'           boolean               true
//   0.5                   real                  0.5
//   -2.5                  double precision      '-2.5'::numeric
//   1e2                   numeric(5,2)          '100'::numeric
//   current_timestamp     timestamptz           CURRENT_TIMESTAMP
//   '{}'                  text[]                '{}'::text[]
//   nextval('public.s')   bigint                nextval('s'::regclass)
//   extensions.uuid_generate_v4()  uuid         uuid_generate_v4() (extensions on search_path)
//   now() + interval '1 day'                    (now() + '1 day'::interval)
//   NULL                  any                   (no default stored)
//
// Comparison is conservative: `different` only for clear differences (two
// constants with different values, different functions, a default on one
// side only); `unknown` when the texts differ in a way this code cannot
// judge (the server canonicalises dates, jsonb, uuids...).

#include <string_view>

#include "ddl/declaration.hpp"

namespace pgapply::ddl {

enum class DefaultComparison { equal, different, unknown };

std::string_view to_string(DefaultComparison comparison);

// `declared_default` as written after DEFAULT ("" when none), the server's
// pg_get_expr() text ("" when there is no pg_attrdef row), and the column's
// type as normalize_type() or format_type() gives it.
DefaultComparison compare_defaults(std::string_view declared_default, std::string_view server_default,
                                   std::string_view normalized_type);

// The default a declared column gets on the server compared with the server's:
// serial columns expect a nextval(...) default, identity columns none (their
// values come from attidentity, not pg_attrdef), generated columns their
// generation expression.
DefaultComparison compare_column_default(const ColumnSpec& column, std::string_view server_default);

}  // namespace pgapply::ddl
