#include <algorithm>

#include "lint/checks.hpp"

namespace pgapply::lint {

bool StatementView::starts_with(std::initializer_list<std::string_view> words) const {
  if (tokens.size() < words.size()) return false;
  std::size_t i = 0;
  for (const auto word : words) {
    if (!tokens[i++].is_word(word)) return false;
  }
  return true;
}

std::vector<const ddl::Declaration*> StatementView::declarations() const {
  std::vector<const ddl::Declaration*> out;
  for (const auto& declaration : facts.declarations) {
    if (!declaration.location.from_do_block) out.push_back(&declaration);
  }
  return out;
}

std::size_t StatementView::token_at(std::size_t offset) const {
  const auto found = std::lower_bound(tokens.begin(), tokens.end(), offset,
                                      [](const lexer::Token& token, std::size_t at) { return token.offset < at; });
  return static_cast<std::size_t>(found - tokens.begin());
}

}  // namespace pgapply::lint
