#include "psql/variables.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <strings.h>

#include "core/error.hpp"
#include "core/sql_quote.hpp"
#include "core/diagnostic.hpp"

namespace pgapply::psql {

const std::string* Variables::find(const std::string& name) const {
  const auto found = values_.find(name);
  return found == values_.end() ? nullptr : &found->second;
}

const std::string* Variables::find_placeholder(const std::string& name) const {
  if (const std::string* exact = find(name)) return exact;
  for (const auto& [key, value] : values_) {
    if (key.size() == name.size() && strncasecmp(key.c_str(), name.c_str(), key.size()) == 0) return &value;
  }
  return nullptr;
}

namespace {

// A piece of an item's text replaced by something else, offsets in the text.
struct Edit {
  std::size_t start;
  std::size_t end;
  std::string replacement;
};

// ${name}: a name of characters other than braces, '$' and white space.
std::size_t placeholder_end(std::string_view text, std::size_t at) {
  std::size_t i = at + 2;
  while (i < text.size() && text[i] != '}' && text[i] != '{' && text[i] != '$' &&
         std::isspace(static_cast<unsigned char>(text[i])) == 0) {
    ++i;
  }
  return i < text.size() && text[i] == '}' && i > at + 2 ? i + 1 : std::string_view::npos;
}

[[noreturn]] void undefined_placeholder(std::string_view text, std::size_t at, const split::Item& item,
                                        std::string_view file_name, const std::string& name) {
  const auto where = line_column_at(text, at, {item.line, item.column});
  std::string why = "the Flyway placeholder ${" + name + "} has no value: pass it with -v '" + name + "=VALUE'";
  if (name.rfind("flyway:", 0) == 0) {
    why += " (pgapply fills only ${flyway:filename}; Flyway's other built-ins depend on its connection "
           "and settings, so say what they should be)";
  }
  throw located_input_error(diagnostic(file_name, where.line, where.column, "error", why));
}

// Flyway's placeholders in `text`, in order.
void add_placeholders(std::string_view text, const split::Item& item, const Variables& variables,
                      bool allow_undefined, std::string_view file_name, std::vector<Edit>& edits,
                      std::vector<Interpolation>& interpolations) {
  for (std::size_t at = text.find("${"); at != std::string_view::npos; at = text.find("${", at + 1)) {
    const std::size_t end = placeholder_end(text, at);
    if (end == std::string_view::npos) continue;
    const std::string name(text.substr(at + 2, end - at - 3));
    const std::string* value = variables.find_placeholder(name);
    std::string own;
    if (value == nullptr && name == "flyway:filename") {
      own = std::string(std::filesystem::path(std::string(file_name)).filename().string());
      value = &own;
    }
    if (value == nullptr) {
      if (allow_undefined) continue;
      undefined_placeholder(text, at, item, file_name, name);
    }
    interpolations.push_back({"${" + name + "}", *value});
    edits.push_back({at, end, *value});
    at = end - 1;
  }
}

}  // namespace

bool is_variable_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  });
}

std::string with_flyway_placeholders(std::string_view text, const Variables& variables, std::string_view file_name) {
  if (text.find("${") == std::string_view::npos) return std::string(text);
  std::vector<Edit> edits;
  std::vector<Interpolation> values;
  add_placeholders(text, split::Item{}, variables, true, file_name, edits, values);
  std::string out;
  std::size_t from = 0;
  for (const Edit& edit : edits) {  // (in text order)
    out.append(text.substr(from, edit.start - from));
    out += edit.replacement;
    from = edit.end;
  }
  out.append(text.substr(from));
  return out;
}

RenderedStatement render_statement(std::string_view text, const split::Item& item,
                                   const Variables& variables, bool allow_undefined,
                                   std::string_view file_name, bool flyway_placeholders) {
  RenderedStatement out;
  out.map = SourceMap(item.start);
  const bool any_placeholder = flyway_placeholders && text.find("${") != std::string_view::npos;
  if (item.substitutions.empty() && !any_placeholder) {
    out.text = std::string(text);
    return out;
  }
  std::vector<Edit> placeholders;
  std::vector<Interpolation> placeholder_values;
  if (any_placeholder) {
    add_placeholders(text, item, variables, allow_undefined, file_name, placeholders, placeholder_values);
  }
  const auto in_placeholder = [&](std::size_t start) {
    return std::any_of(placeholders.begin(), placeholders.end(),
                       [&](const Edit& edit) { return start >= edit.start && start < edit.end; });
  };
  std::vector<Edit> edits;
  std::vector<std::pair<std::size_t, Interpolation>> used;  // by offset, to keep file order
  for (const auto& substitution : item.substitutions) {
    const std::size_t start = substitution.start - item.start;
    const std::size_t end = substitution.end - item.start;
    if (in_placeholder(start)) continue;  // the :filename of ${flyway:filename}
    // Flyway sends :name as written: its values are the ${name} placeholders
    // (a slice labels[1:n] must not become labels[15] with -v n=5).
    if (flyway_placeholders && substitution.kind != split::Substitution::Kind::escaped_char) continue;
    std::string replacement;
    if (substitution.kind == split::Substitution::Kind::escaped_char) {
      replacement = std::string(1, text[start + 1]);
      if (replacement == ";") out.has_escaped_semicolon = true;
    } else {
      const std::string name(text.substr(substitution.name_start() - item.start,
                                         substitution.name_end() - substitution.name_start()));
      const std::string* value = variables.find(name);
      if (substitution.kind == split::Substitution::Kind::variable_test) {
        // psql's :{?name}: whether the variable is set, never an error.
        replacement = value != nullptr ? "TRUE" : "FALSE";
        used.emplace_back(start, Interpolation{"{?" + name + "}", replacement});
      } else if (value == nullptr) {
        if (allow_undefined) continue;  // left as written, like psql
        const auto at = line_column_at(text, start, {item.line, item.column});
        throw located_input_error(
                    diagnostic(file_name, at.line, at.column, "error",
                                       "undefined variable :" + name +
                                           " (set it with -v " + name +
                                           "=VALUE or \\set, or pass --allow-undefined-variables)"));
      } else {
        used.emplace_back(start, Interpolation{name, *value});
        switch (substitution.kind) {
          case split::Substitution::Kind::variable_literal:
            replacement = quote_literal(*value);
            break;
          case split::Substitution::Kind::variable_identifier:
            replacement = quote_identifier(*value);
            break;
          default:
            replacement = *value;
            // psql reads a ; in the value as the end of a statement: several, sent as one
            if (value->find(';') != std::string::npos) out.has_escaped_semicolon = true;
            break;
        }
      }
    }
    edits.push_back({start, end, std::move(replacement)});
  }
  for (std::size_t i = 0; i < placeholders.size(); ++i) {
    used.emplace_back(placeholders[i].start, std::move(placeholder_values[i]));
    edits.push_back(std::move(placeholders[i]));
  }
  const auto by_start = [](const auto& a, const auto& b) { return a.first < b.first; };
  std::stable_sort(used.begin(), used.end(), by_start);
  for (auto& [offset, interpolation] : used) out.interpolations.push_back(std::move(interpolation));
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.start < b.start; });

  std::size_t copied = 0;  // offset in `text` up to which bytes were copied
  for (const auto& edit : edits) {
    out.text.append(text.substr(copied, edit.start - copied));
    out.map.add_piece({out.text.size(), item.start + edit.start, true});
    out.text += edit.replacement;
    out.map.add_piece({out.text.size(), item.start + edit.end, false});
    copied = edit.end;
  }
  out.text.append(text.substr(copied));
  return out;
}

std::optional<bool> parse_psql_bool(std::string_view value) {
  // psql's ParseVariableBool: a prefix of true/false/yes/no; on/off need two letters.
  const std::string text(value);
  const std::size_t length = text.size();
  auto prefix_of = [&](const char* word, std::size_t minimum) {
    return length >= minimum && length <= std::strlen(word) &&
           strncasecmp(text.c_str(), word, length) == 0;
  };
  if (prefix_of("true", 1)) return true;
  if (prefix_of("false", 1)) return false;
  if (prefix_of("yes", 1)) return true;
  if (prefix_of("no", 1)) return false;
  if (prefix_of("on", 2)) return true;
  if (prefix_of("off", 2)) return false;
  if (text == "1") return true;
  if (text == "0") return false;
  return std::nullopt;
}

}  // namespace pgapply::psql
