#include "psql/variables.hpp"

#include <cstring>
#include <strings.h>

#include "core/error.hpp"
#include "core/sql_quote.hpp"
#include "core/diagnostic.hpp"

namespace pgapply::psql {

const std::string* Variables::find(const std::string& name) const {
  const auto found = values_.find(name);
  return found == values_.end() ? nullptr : &found->second;
}

RenderedStatement render_statement(std::string_view text, const split::Item& item,
                                   const Variables& variables, bool allow_undefined,
                                   std::string_view file_name) {
  RenderedStatement out;
  if (item.substitutions.empty()) {
    out.text = std::string(text);
    out.map = SourceMap(item.start);
    return out;
  }
  out.map = SourceMap(item.start);
  std::size_t copied = 0;  // offset in `text` up to which bytes were copied
  for (const auto& substitution : item.substitutions) {
    const std::size_t start = substitution.start - item.start;
    const std::size_t end = substitution.end - item.start;
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
        out.interpolations.push_back({"{?" + name + "}", replacement});
      } else if (value == nullptr) {
        if (allow_undefined) continue;  // left as written, like psql
        const auto at = line_column_at(text, start, {item.line, item.column});
        throw located_input_error(
                    diagnostic(file_name, at.line, at.column, "error",
                                       "undefined variable :" + name +
                                           " (set it with -v " + name +
                                           "=VALUE or \\set, or pass --allow-undefined-variables)"));
      } else {
        out.interpolations.push_back({name, *value});
        switch (substitution.kind) {
          case split::Substitution::Kind::variable_literal:
            replacement = quote_literal(*value);
            break;
          case split::Substitution::Kind::variable_identifier:
            replacement = quote_identifier(*value);
            break;
          default:
            replacement = *value;
            break;
        }
      }
    }
    out.text.append(text.substr(copied, start - copied));
    out.map.add_piece({out.text.size(), item.start + start, true});
    out.text += replacement;
    out.map.add_piece({out.text.size(), item.start + end, false});
    copied = end;
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
