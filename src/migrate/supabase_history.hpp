#pragma once

// The Supabase CLI's migration history, supabase_migrations.schema_migrations
// (version text primary key, statements text[], name text), as the CLI writes
// it (supabase/cli, pkg/migration/file.go and history.go): for a file
// <version>_<name>.sql, its version and name as the file name writes them,
// and its statements as the CLI's parser.SplitAndTrim leaves them. Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/companion_row.hpp"

namespace pgapply::migrate {

// The version ("20240101120000": the digits before the first '_') and name
// ("create_users": the rest, without ".sql") the CLI reads from a file name
// (its pattern ^([0-9]+)_(.*)\.sql$); nullopt for a name it would not read.
std::optional<CompanionRow> supabase_file_name(std::string_view file_name);

// The statements of a file as the CLI records them: the text between one
// statement-ending ';' and the next (comments and blank lines before a
// statement belong to it), trailing ';' and surrounding whitespace trimmed,
// empty pieces dropped; text after the last ';' is a statement of its own
// unless blank. pgapply's splitter finds the ';' (the CLI's own finds the
// same ones in SQL: quotes, dollar quotes and comments are skipped alike).
std::vector<std::string> supabase_statements(std::string_view text);

// A PostgreSQL array literal of text values ({"a","b \"c\""}), for a text[] parameter.
std::string text_array_literal(const std::vector<std::string>& values);

// The values of a text[] as the server prints it ({a,"b c","d \"e\""}; an
// element quoted when it must be, '\' escaping '"' and '\'); nullopt for
// what is not such a one-dimensional array or holds a NULL.
std::optional<std::vector<std::string>> parse_text_array(std::string_view text);

// Why the statements the Supabase CLI stored for a migration are not those
// of its file now, as "statement 2 differs: the Supabase CLI stored 'a', the
// file has 'b'" or "the Supabase CLI stored 1 statement, the file has 2
// (statement 2, only in the file: 'b')"; "" when they are the same.
std::string statements_difference(const std::vector<std::string>& stored, const std::vector<std::string>& file);

}  // namespace pgapply::migrate
