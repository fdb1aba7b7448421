#include "ddl/predicted_names.hpp"

#include <algorithm>

#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

namespace {

constexpr std::size_t kMaxNameBytes = lexer::max_name_bytes;
using lexer::clip_name;

// ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: the
// names joined by '_', stopping once the result is a full name long.
std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += '_';
    out += name.substr(0, kMaxNameBytes);
    if (out.size() > kMaxNameBytes) break;
  }
  return out;
}

// The elements of an EXCLUDE's list, each without its WITH operator.
std::vector<std::string> exclusion_elements(const std::string& list) {
  const auto tokens = lexer::tokenize(list);
  std::vector<std::string> out;
  int depth = 0;
  std::size_t start = 0;
  std::size_t end = std::string::npos;  // where the element's WITH starts
  for (std::size_t i = 0; i <= tokens.size(); ++i) {
    if (i < tokens.size()) {
      if (tokens[i].is_punct("(") || tokens[i].is_punct("[")) ++depth;
      if (tokens[i].is_punct(")") || tokens[i].is_punct("]")) --depth;
      if (depth == 0 && tokens[i].is_word("with") && end == std::string::npos) end = tokens[i].offset;
      if (depth != 0 || !tokens[i].is_punct(",")) continue;
    }
    const std::size_t stop = i < tokens.size() ? tokens[i].offset : list.size();
    const std::string element = list.substr(start, std::min(end, stop) - start);
    if (element.find_first_not_of(" \t\n") != std::string::npos) out.push_back(element);
    start = stop + 1;
    end = std::string::npos;
  }
  return out;
}

// The one table column a CHECK expression uses, or nullopt (none or several).
std::optional<std::string> single_column(const std::string& expression, const std::vector<std::string>& columns) {
  const auto tokens = lexer::tokenize(expression);
  std::optional<std::string> found;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& token = tokens[i];
    if (!token.is_name()) continue;
    if (i + 1 < tokens.size() && tokens[i + 1].is_punct("(")) continue;  // a function
    if (i > 0 && tokens[i - 1].is_punct("::")) continue;                // a type
    if (std::find(columns.begin(), columns.end(), token.value) == columns.end()) continue;
    if (found && *found != token.value) return std::nullopt;
    found = token.value;
  }
  return found;
}

}  // namespace

std::string make_object_name(const NameParts& parts, int pass) {
  std::string label = parts.label;
  if (pass > 0) label += std::to_string(pass);
  std::size_t overhead = label.size() + 1;
  if (parts.name2) ++overhead;
  const std::size_t available = kMaxNameBytes > overhead ? kMaxNameBytes - overhead : 0;
  std::size_t length1 = parts.name1.size();
  std::size_t length2 = parts.name2 ? parts.name2->size() : 0;
  while (length1 + length2 > available) {
    if (length1 > length2) --length1;
    else --length2;
  }
  std::string out = clip_name(parts.name1, length1);
  if (parts.name2) {
    out += '_';
    out += clip_name(*parts.name2, length2);
  }
  out += '_';
  out += label;
  return out;
}

NameParts constraint_name_parts(const std::string& table, const ddl::ConstraintSpec& constraint,
                                const std::vector<std::string>& table_columns) {
  using ddl::ConstraintKind;
  switch (constraint.kind) {
    case ConstraintKind::primary_key:
      return {table, std::nullopt, "pkey"};
    case ConstraintKind::unique: {
      // ChooseIndexColumnNames names the index after its INCLUDE columns too
      std::vector<std::string> columns = constraint.columns;
      columns.insert(columns.end(), constraint.include.begin(), constraint.include.end());
      return {table, join_names(columns), "key"};
    }
    case ConstraintKind::foreign_key:
      return {table, join_names(constraint.columns), "fkey"};
    case ConstraintKind::exclusion: {
      if (!constraint.columns.empty()) return {table, join_names(constraint.columns), "excl"};
      // EXCLUDE USING gist (code WITH =, during WITH &&): named after its
      // elements as an index is, each without its WITH operator
      std::vector<std::string> columns;
      for (const auto& element : exclusion_elements(constraint.expression)) {
        columns.push_back(index_element_column(element));
      }
      return {table, columns.empty() ? std::nullopt : std::optional(join_names(columns)), "excl"};
    }
    case ConstraintKind::check: {
      std::vector<std::string> columns = table_columns;
      columns.insert(columns.end(), constraint.columns.begin(), constraint.columns.end());
      return {table, single_column(constraint.expression, columns), "check"};
    }
    case ConstraintKind::not_null:
      return {table, join_names(constraint.columns), "not_null"};
  }
  return {table, std::nullopt, "check"};
}

std::string index_element_column(const std::string& element) {
  auto tokens = lexer::tokenize(element);
  std::size_t begin = 0;
  std::size_t end = tokens.size();
  // (expression) [options]: look inside the parentheses
  if (!tokens.empty() && tokens[0].is_punct("(")) {
    int depth = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].is_punct("(")) ++depth;
      if (tokens[i].is_punct(")") && --depth == 0) {
        end = i;
        break;
      }
    }
    begin = 1;
  }
  if (begin >= end || !tokens[begin].is_name()) return "expr";
  // FigureColname's own names: CASE, ARRAY[...]; CAST(column AS type) and
  // column COLLATE "x" are the column's
  if (tokens[begin].is_word("case") || tokens[begin].is_word("array")) return tokens[begin].value;
  if (tokens[begin].is_word("cast") && begin + 3 < end && tokens[begin + 1].is_punct("(") &&
      tokens[begin + 2].is_name() && tokens[begin + 3].is_word("as")) {
    return tokens[begin + 2].value;
  }
  if (begin + 1 < end && tokens[begin + 1].is_word("collate")) return tokens[begin].value;
  // [schema.]function(...): named after the function (FigureColname)
  std::size_t at = begin;
  if (at + 2 < end && tokens[at + 1].is_punct(".") && tokens[at + 2].is_name()) at += 2;
  if (at + 1 < end && tokens[at + 1].is_punct("(")) return tokens[at].value;
  if (at != begin) return "expr";
  // a column, possibly cast or followed by COLLATE, an operator class, ASC/DESC, NULLS
  if (begin + 1 == end || tokens[begin + 1].is_punct("::") || begin == 0) return tokens[begin].value;
  return "expr";
}

NameParts index_name_parts(const std::string& table, const ddl::IndexSpec& index) {
  std::vector<std::string> columns;
  for (const auto& element : index.elements) columns.push_back(index_element_column(element));
  for (const auto& element : index.include) columns.push_back(index_element_column(element));
  return {table, join_names(columns), "idx"};
}

}  // namespace pgapply::ddl
