#include "migrate/supabase_history.hpp"

#include "split/splitter.hpp"

namespace pgapply::migrate {

namespace {

// Go's strings.TrimRight(token, ";") then strings.TrimSpace (ASCII whitespace here).
std::string trimmed(std::string_view text) {
  while (!text.empty() && text.back() == ';') text.remove_suffix(1);
  constexpr std::string_view space = " \t\n\r\v\f";
  const auto first = text.find_first_not_of(space);
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(space);
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

std::optional<CompanionRow> supabase_file_name(std::string_view file_name) {
  constexpr std::string_view suffix = ".sql";
  if (file_name.size() < suffix.size() || file_name.substr(file_name.size() - suffix.size()) != suffix) {
    return std::nullopt;
  }
  // The ".sql" ends the digits at the latest, so the '_' after them comes before it.
  std::size_t digits = 0;
  while (file_name[digits] >= '0' && file_name[digits] <= '9') ++digits;
  if (digits == 0 || file_name[digits] != '_') return std::nullopt;
  CompanionRow row;
  row.version = std::string(file_name.substr(0, digits));
  row.name = std::string(file_name.substr(digits + 1, file_name.size() - suffix.size() - digits - 1));
  return row;
}

std::vector<std::string> supabase_statements(std::string_view text) {
  std::vector<std::string> statements;
  const auto add = [&statements](std::string_view token) {
    if (auto statement = trimmed(token); !statement.empty()) statements.push_back(std::move(statement));
  };
  // Between statements there are only blanks, comments and empty statements
  // (a bare ';'): each ';' outside a comment ends a token of its own (the CLI
  // keeps one that holds a comment). Returns where the last token starts.
  const auto gap = [&](std::size_t from, std::size_t to) {
    std::size_t token = from;
    for (std::size_t i = from; i < to; ++i) {
      if (text.compare(i, 2, "--") == 0) {
        const auto end = text.find('\n', i);
        i = end == std::string_view::npos || end >= to ? to : end;
      } else if (text.compare(i, 2, "/*") == 0) {
        int depth = 0;
        for (; i < to; ++i) {
          if (text.compare(i, 2, "/*") == 0) {
            ++depth;
            ++i;
          } else if (text.compare(i, 2, "*/") == 0 && --depth == 0) {
            ++i;
            break;
          }
        }
      } else if (text[i] == ';') {
        add(text.substr(token, i + 1 - token));
        token = i + 1;
      }
    }
    return token;
  };
  std::size_t previous = 0;
  for (const auto& item : split::split(text)) {
    if (item.kind != split::ItemKind::sql || !item.terminated) continue;
    const std::size_t start = gap(previous, item.start);
    add(text.substr(start, item.end - start));
    previous = item.end;
  }
  add(text.substr(gap(previous, text.size())));
  return statements;
}

std::string text_array_literal(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace pgapply::migrate
