#pragma once

// Small reads of a statement's tokens shared by the rules that scan them
// (data_target, query_uses): a word or punctuation at an index that may be
// past the end, and the end of a bracket group.

#include <string_view>
#include <vector>

#include "lexer/tokenizer.hpp"

namespace pgapply::lint {

inline bool word_at(const std::vector<lexer::Token>& tokens, std::size_t i, std::string_view word) {
  return i < tokens.size() && tokens[i].is_word(word);
}

inline bool punct_at(const std::vector<lexer::Token>& tokens, std::size_t i, std::string_view punct) {
  return i < tokens.size() && tokens[i].is_punct(punct);
}

// Index just past the bracket group opened at `open`.
inline std::size_t past_group(const std::vector<lexer::Token>& tokens, std::size_t open) {
  lexer::BracketDepth depth;
  for (std::size_t i = open; i < tokens.size(); ++i) {
    depth.step(tokens[i]);
    if (depth.at_top()) return i + 1;
  }
  return tokens.size();
}

}  // namespace pgapply::lint
