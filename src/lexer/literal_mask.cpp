#include "lexer/literal_mask.hpp"

#include "lexer/tokenizer.hpp"

namespace pgapply::lexer {

std::string mask_literals(std::string_view query) {
  std::string out;
  bool previous_word = false;
  for (const auto& token : tokenize(query)) {
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
