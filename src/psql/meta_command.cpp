#include "psql/meta_command.hpp"

#include "core/error.hpp"
#include "core/sql_quote.hpp"
#include "core/diagnostic.hpp"

namespace pgapply::psql {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_variable_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

class ArgumentLexer {
 public:
  ArgumentLexer(std::string_view text, const Variables& variables, bool allow_undefined,
                std::string_view file_name, std::size_t line)
      : text_(text), variables_(variables), allow_undefined_(allow_undefined),
        file_name_(file_name), line_(line) {}

  MetaCommand lex() {
    MetaCommand command;
    std::size_t p = 1;  // after the backslash
    while (p < text_.size() && !is_space(text_[p]) && text_[p] != '\\') command.name += text_[p++];
    if (command.name.empty() && p < text_.size() && text_[p] == '\\') {
      fail("a meta-command cannot start with \\\\");
    }
    while (true) {
      while (p < text_.size() && is_space(text_[p])) ++p;
      if (p >= text_.size()) break;
      if (text_[p] == '\\' && p + 1 < text_.size() && text_[p + 1] == '\\') {
        fail("\\\\ (a second command on the same line) is not supported: put each command on its own line");
      }
      command.args.push_back(argument(p));
    }
    command.interpolations = std::move(interpolations_);
    return command;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw located_input_error(diagnostic(file_name_, line_, 0, "error", message));
  }

  std::string argument(std::size_t& p) {
    std::string out;
    while (p < text_.size() && !is_space(text_[p])) {
      const char c = text_[p];
      if (c == '\'') {
        out += single_quoted(p);
      } else if (c == '"') {
        const auto close = text_.find('"', p + 1);
        if (close == std::string_view::npos) fail("unterminated quoted string in meta-command");
        out.append(text_.substr(p, close + 1 - p));
        p = close + 1;
      } else if (c == '`') {
        fail("backquoted shell commands are not supported in meta-commands (pgapply runs no shell): for a "
             "\\set NAME `command`, give the value with -v NAME=VALUE and leave the \\set out");
      } else if (c == ':' && p + 1 < text_.size()) {
        if (!variable(p, out)) out += text_[p++];
      } else if (c == '\\' && p + 1 < text_.size() && text_[p + 1] == '\\') {
        break;
      } else {
        out += c;
        ++p;
      }
    }
    return out;
  }

  std::string single_quoted(std::size_t& p) {
    std::string out;
    ++p;
    while (true) {
      if (p >= text_.size()) fail("unterminated quoted string in meta-command");
      const char c = text_[p];
      if (c == '\'') {
        if (p + 1 < text_.size() && text_[p + 1] == '\'') {
          out += '\'';
          p += 2;
          continue;
        }
        ++p;
        return out;
      }
      if (c == '\\' && p + 1 < text_.size()) {
        const char next = text_[p + 1];
        p += 2;
        switch (next) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'b': out += '\b'; break;
          case 'r': out += '\r'; break;
          case 'f': out += '\f'; break;
          default: out += next; break;
        }
        continue;
      }
      out += c;
      ++p;
    }
  }

  // :name, :'name', :"name" or :{?name} at p; appends the value and returns true.
  bool variable(std::size_t& p, std::string& out) {
    std::size_t q = p + 1;
    if (text_.compare(q, 2, "{?") == 0) {
      std::size_t name_end = q + 2;
      while (name_end < text_.size() && is_variable_char(text_[name_end])) ++name_end;
      if (name_end == q + 2 || name_end >= text_.size() || text_[name_end] != '}') return false;
      const std::string name(text_.substr(q + 2, name_end - q - 2));
      const std::string value = variables_.find(name) != nullptr ? "TRUE" : "FALSE";
      interpolations_.push_back({"{?" + name + "}", value});
      out += value;
      p = name_end + 1;
      return true;
    }
    char quote = 0;
    if (text_[q] == '\'' || text_[q] == '"') quote = text_[q++];
    const std::size_t name_start = q;
    while (q < text_.size() && is_variable_char(text_[q])) ++q;
    if (q == name_start) return false;
    const std::string name(text_.substr(name_start, q - name_start));
    if (quote != 0) {
      if (q >= text_.size() || text_[q] != quote) return false;
      ++q;
    }
    const std::string* value = variables_.find(name);
    if (value == nullptr) {
      if (!allow_undefined_) {
        fail("undefined variable :" + name + " (set it with -v " + name +
             "=VALUE or \\set, or pass --allow-undefined-variables)");
      }
      out.append(text_.substr(p, q - p));
    } else {
      interpolations_.push_back({name, *value});
      out += quote == '\'' ? quote_literal(*value) : quote == '"' ? quote_identifier(*value) : *value;
    }
    p = q;
    return true;
  }

  std::string_view text_;
  const Variables& variables_;
  bool allow_undefined_;
  std::string_view file_name_;
  std::size_t line_;
  std::vector<Interpolation> interpolations_;
};

}  // namespace

MetaCommand parse_meta_command(std::string_view text, const Variables& variables,
                               bool allow_undefined, std::string_view file_name, std::size_t line) {
  return ArgumentLexer(text, variables, allow_undefined, file_name, line).lex();
}

}  // namespace pgapply::psql
