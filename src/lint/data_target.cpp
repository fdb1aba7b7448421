#include "lint/data_target.hpp"

#include "lint/token_scan.hpp"

namespace pgapply::lint {

namespace {

using lexer::Token;

// The names in the parenthesised list at `open`: the first name of each
// comma-separated element (a.b and a[1] name a).
std::vector<NamedColumn> name_list(const std::vector<Token>& tokens, std::size_t open) {
  std::vector<NamedColumn> out;
  const std::size_t end = past_group(tokens, open);
  bool expect_name = true;
  lexer::BracketDepth depth;
  depth.step(tokens[open]);
  for (std::size_t i = open + 1; i + 1 < end; ++i) {
    const bool bracket = depth.step(tokens[i]);
    if (depth.depth != 1 || bracket) continue;
    if (tokens[i].is_punct(",")) {
      expect_name = true;
    } else if (expect_name && tokens[i].is_name()) {
      out.push_back({tokens[i].value, tokens[i].offset});
      expect_name = false;
    } else {
      expect_name = false;
    }
  }
  return out;
}

// UPDATE's SET clause from `i`: a = ..., (b, c) = ..., d.x = ...
std::vector<NamedColumn> set_targets(const std::vector<Token>& tokens, std::size_t i) {
  std::vector<NamedColumn> out;
  bool expect_target = true;
  lexer::BracketDepth depth;
  for (; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (depth.at_top()) {
      if (t.is_word("from") || t.is_word("where") || t.is_word("returning") || t.is_punct(";")) break;
      if (t.is_punct(",")) {
        expect_target = true;
        continue;
      }
      if (expect_target) {
        expect_target = false;
        if (t.is_punct("(")) {
          for (auto& column : name_list(tokens, i)) out.push_back(std::move(column));
          i = past_group(tokens, i) - 1;
          continue;
        }
        if (t.is_name()) out.push_back({t.value, t.offset});
      }
    }
    depth.step(t);
  }
  return out;
}

}  // namespace

std::optional<ddl::QualifiedName> read_qualified_name(const std::vector<Token>& tokens, std::size_t& i) {
  if (i >= tokens.size() || !tokens[i].is_name()) return std::nullopt;
  ddl::QualifiedName name{"", tokens[i].value};
  ++i;
  while (punct_at(tokens, i, ".") && i + 1 < tokens.size() && tokens[i + 1].is_name()) {
    name.schema = name.name;  // database.schema.table keeps schema.table
    name.name = tokens[i + 1].value;
    i += 2;
  }
  return name;
}

std::optional<DataTarget> data_target(const std::vector<Token>& tokens) {
  if (tokens.empty()) return std::nullopt;
  DataTarget out;
  std::size_t i = 1;
  if (tokens[0].is_word("insert") && word_at(tokens, 1, "into")) {
    i = 2;
    out.adds_rows = true;
  } else if (tokens[0].is_word("copy")) {
    if (punct_at(tokens, 1, "(")) return std::nullopt;  // COPY (query) TO
  } else if (tokens[0].is_word("update")) {
    if (word_at(tokens, i, "only")) ++i;
  } else if (tokens[0].is_word("delete") && word_at(tokens, 1, "from")) {
    i = 2;
    if (word_at(tokens, i, "only")) ++i;
  } else {
    return std::nullopt;
  }
  out.table_offset = i < tokens.size() ? tokens[i].offset : 0;
  const auto table = read_qualified_name(tokens, i);
  if (!table) return std::nullopt;
  out.table = *table;
  if (tokens[0].is_word("insert")) {
    if (word_at(tokens, i, "as")) i += 2;
    const bool subquery = word_at(tokens, i + 1, "select") || word_at(tokens, i + 1, "with") ||
                          word_at(tokens, i + 1, "values") || punct_at(tokens, i + 1, "(");
    if (punct_at(tokens, i, "(") && !subquery) out.columns = name_list(tokens, i);
  } else if (tokens[0].is_word("copy")) {
    if (punct_at(tokens, i, "(")) {
      out.columns = name_list(tokens, i);
      i = past_group(tokens, i);
    }
    out.adds_rows = word_at(tokens, i, "from");
  } else if (tokens[0].is_word("update")) {
    if (i < tokens.size() && tokens[i].text == "*") ++i;
    while (i < tokens.size() && !tokens[i].is_word("set")) ++i;  // [AS] alias
    if (i < tokens.size()) out.columns = set_targets(tokens, i + 1);
  }
  return out;
}

}  // namespace pgapply::lint
