#include "migrate/supabase_history.hpp"

#include <cstdint>

#include "core/utf8.hpp"
#include "split/splitter.hpp"

namespace pgapply::migrate {

namespace {

// Whether `text` starts with a character Go's unicode.IsSpace holds for
// (ASCII's six, U+0085, U+00A0 and Unicode's other White_Space): its
// length in UTF-8, else 0.
std::size_t space_at_start(std::string_view text) {
  if (text.empty()) return 0;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  if (text.front() == ' ' || (byte(0) >= '\t' && byte(0) <= '\r')) return 1;
  if (text.size() >= 2 && byte(0) == 0xC2 && (byte(1) == 0x85 || byte(1) == 0xA0)) return 2;
  if (text.size() < 3) return 0;
  const std::uint32_t code = ((byte(0) & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu);
  if ((byte(0) & 0xF0) != 0xE0) return 0;
  const bool space = code == 0x1680 || (code >= 0x2000 && code <= 0x200A) || code == 0x2028 || code == 0x2029 ||
                     code == 0x202F || code == 0x205F || code == 0x3000;
  return space ? 3 : 0;
}

// The same at the end of `text` (a space is 1, 2 or 3 bytes long).
std::size_t space_at_end(std::string_view text) {
  for (const std::size_t length : {std::size_t{1}, std::size_t{2}, std::size_t{3}}) {
    if (text.size() >= length && space_at_start(text.substr(text.size() - length)) == length) return length;
  }
  return 0;
}

// Go's strings.TrimRight(token, ";") then strings.TrimSpace, Unicode's
// spaces included (a no-break space the CLI trims off is no difference).
std::string trimmed(std::string_view text) {
  while (!text.empty() && text.back() == ';') text.remove_suffix(1);
  while (const std::size_t length = space_at_start(text)) text.remove_prefix(length);
  while (const std::size_t length = space_at_end(text)) text.remove_suffix(length);
  return std::string(text);
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
