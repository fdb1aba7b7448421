#include "migrate/supabase_history.hpp"

#include "core/utf8.hpp"
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
  text = without_byte_order_mark(text);  // as the CLI reads a file
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
    if (item.kind != split::ItemKind::sql) continue;
    const std::size_t start = gap(previous, item.start);
    if (!item.terminated) {
      // The last statement, with no ';' after it: what remains is one token
      // for the CLI, its strings' and dollar quotes' ';' included (and any
      // comment after it: a ';' outside them would have ended the statement).
      add(text.substr(start));
      return statements;
    }
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

std::optional<std::vector<std::string>> parse_text_array(std::string_view text) {
  // A lower bound other than 1 is printed first: [0:1]={a,b}.
  if (!text.empty() && text.front() == '[') {
    const auto equals = text.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    text.remove_prefix(equals + 1);
  }
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return std::nullopt;
  std::vector<std::string> values;
  if (text.size() == 2) return values;
  std::size_t at = 1;
  const std::size_t end = text.size() - 1;  // the closing '}'
  while (true) {
    std::string value;
    if (text[at] == '"') {
      for (++at; at < end && text[at] != '"'; ++at) {
        if (text[at] == '\\' && at + 1 < end) ++at;
        value += text[at];
      }
      if (at >= end) return std::nullopt;  // no closing quote
      ++at;
    } else {
      const std::size_t start = at;
      while (at < end && text[at] != ',') ++at;
      value = std::string(text.substr(start, at - start));
      if (value == "NULL" || value.empty() || value.front() == '{') return std::nullopt;
    }
    values.push_back(std::move(value));
    if (at == end) return values;
    if (text[at] != ',') return std::nullopt;
    ++at;
  }
}

namespace {

// A statement as a message quotes it: its first line, cut short.
std::string quoted_statement(const std::string& statement) {
  constexpr std::size_t longest = 60;
  std::string line = statement.substr(0, statement.find('\n'));
  if (line.size() > longest) line = line.substr(0, longest) + "...";
  else if (line.size() < statement.size()) line += " ...";
  return "'" + line + "'";
}

}  // namespace

std::string statements_difference(const std::vector<std::string>& stored, const std::vector<std::string>& file) {
  std::size_t same = 0;
  while (same < stored.size() && same < file.size() && stored[same] == file[same]) ++same;
  if (same == stored.size() && same == file.size()) return "";
  const std::string which = "statement " + std::to_string(same + 1);
  if (same < stored.size() && same < file.size()) {
    return which + " differs: the Supabase CLI stored " + quoted_statement(stored[same]) + ", the file has " +
           quoted_statement(file[same]);
  }
  const auto count = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " statement" : " statements"); };
  return "the Supabase CLI stored " + count(stored.size()) + ", the file has " + std::to_string(file.size()) + " (" +
         which + (same < file.size() ? ", only in the file: " + quoted_statement(file[same])
                                     : ", only stored: " + quoted_statement(stored[same])) +
         ")";
}

}  // namespace pgapply::migrate
