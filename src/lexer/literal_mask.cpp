#include "lexer/literal_mask.hpp"

#include <algorithm>

#include "lexer/tokenizer.hpp"

namespace pgapply::lexer {

std::string mask_literals(std::string_view query) {
  // A backslash before a quote: whether it ends the string depends on
  // standard_conforming_strings, which the session that ran the query may
  // have turned off. Everything from the first quote to the last is masked,
  // a literal under either reading.
  const auto tokens = tokenize(query);
  const bool ambiguous = std::any_of(tokens.begin(), tokens.end(), [](const Token& token) {
    // a standard string ('...', not E'...') with a backslash before a quote in it
    return token.kind == TokenKind::string && token.text.front() == '\'' &&
           token.text.find("\\'") != std::string_view::npos;
  });
  if (ambiguous) {
    const auto first = query.find('\'');
    const auto last = query.rfind('\'');
    if (first != last) {
      std::string before = mask_literals(query.substr(0, first));
      std::string after = mask_literals(query.substr(last + 1));
      const bool glued = after.empty() || after[0] == ',' || after[0] == ')' || after[0] == ';';
      return before + (before.empty() ? "" : " ") + "'***'" + (glued ? "" : " ") + after;
    }
  }
  std::string out;
  bool previous_word = false;
  for (const auto& token : tokens) {
    const bool glued = token.kind == TokenKind::punctuation && (token.text == "," || token.text == ")" ||
                                                               token.text == ";" || token.text == "." ||
                                                               token.text == "::" ||
                                                               (token.text == "(" && previous_word));
    if (!out.empty() && !glued && out.back() != '(' && out.back() != '.' && !out.ends_with("::")) out += ' ';
    previous_word = token.kind == TokenKind::word;
    if (token.kind == TokenKind::string || token.kind == TokenKind::dollar_string) {
      out += "'***'";
    } else {
      out.append(token.text);
    }
  }
  // Its final ';' goes: messages put their own separator after the query
  // ("...; pid 124 ..."), which made "pg_sleep(2);;".
  while (out.ends_with(';')) out.pop_back();
  return out;
}

}  // namespace pgapply::lexer
