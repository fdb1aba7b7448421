#pragma once

// The volatility of PostgreSQL's own functions, by name: what a default
// expression calling one of them does to ALTER TABLE ... ADD COLUMN.

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "ddl/volatility.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

// immutable_or_stable when every pg_catalog function of that name is
// immutable or stable (timezone, to_tsvector, now), volatile_ when every one
// is volatile (random, nextval, clock_timestamp); nullopt for a name with
// both kinds of overload, or no built-in function of that name.
std::optional<Volatility> builtin_volatility(std::string_view name);

// Whether tokens[at], a name followed by '(', calls anything but one of
// PostgreSQL's own immutable or stable functions: a user's function, or a
// volatile one, which may change rows. SQL syntax before a parenthesis
// (COALESCE, CAST, EXISTS, IN, ARRAY, a PL/pgSQL IF or WHILE...) is no call.
bool calls_other_than_stable_builtin(const std::vector<lexer::Token>& tokens, std::size_t at);

// Whether tokens[at], a name followed by '(', calls a function of the user's
// (not one of PostgreSQL's own of any volatility, not SQL syntax before a
// parenthesis: FROM (, OVER (, VALUES (...): what may change rows or the
// session beyond what the statement says.
bool calls_users_function(const std::vector<lexer::Token>& tokens, std::size_t at);

// Whether any call in `text` (an expression, a query) is one of the user's.
bool calls_users_function(std::string_view text);

}  // namespace pgapply::ddl
