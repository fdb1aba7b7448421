#pragma once

#include <string>
#include <string_view>

namespace pgapply::lexer {

// A query as one line for messages, its string literals and dollar-quoted
// bodies masked ('***'), its comments dropped: what another session is
// running may hold a secret (CREATE ROLE ... PASSWORD '...'). Text after
// something unterminated (a query cut short) is dropped too, and so is a
// final ';' (the message's own punctuation follows).
std::string mask_literals(std::string_view query);

}  // namespace pgapply::lexer
