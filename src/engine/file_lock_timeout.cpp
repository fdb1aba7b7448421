#include "engine/file_lock_timeout.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/duration.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::engine {

namespace {

// "500ms", "'2s'", "1000" as PostgreSQL reads a lock_timeout (a bare number
// is milliseconds); 0 when it cannot tell.
std::chrono::milliseconds limit_of(std::string value) {
  if (!value.empty() && std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    value += "ms";
  }
  value.erase(std::remove(value.begin(), value.end(), ' '), value.end());
  try {
    return parse_duration("lock_timeout", value);
  } catch (const std::exception&) {
    return std::chrono::milliseconds(0);
  }
}

class LockTimeoutSets : public psql::Backend {
 public:
  explicit LockTimeoutSets(std::size_t before) : before_(before) {}
  std::optional<FileLockTimeout> found;

  void statement(const psql::Statement& statement) override {
    if (statement.index >= before_) return;
    const auto tokens = lexer::tokenize(statement.rendered.text, 8);
    if (tokens.size() >= 2 && tokens[0].is_word("reset") &&
        (tokens[1].is_word("all") || tokens[1].is_word("lock_timeout"))) {
      found.reset();
      return;
    }
    std::size_t i = 1;
    if (tokens.empty() || !tokens[0].is_word("set")) return;
    if (i < tokens.size() && (tokens[i].is_word("session") || tokens[i].is_word("local"))) ++i;
    if (i + 2 >= tokens.size() || !tokens[i].is_word("lock_timeout")) return;
    const lexer::Token& assign = tokens[i + 1];
    if (!assign.is_word("to") && !(assign.kind == lexer::TokenKind::op && assign.text == "=")) return;
    const lexer::Token& value = tokens[i + 2];
    if (value.is_word("default")) {
      found.reset();
      return;
    }
    std::string text(value.kind == lexer::TokenKind::string ? value.value : value.text);
    found = FileLockTimeout{text, limit_of(text), statement.file + ":" + std::to_string(statement.line)};
  }
  void copy_data(std::string_view, std::size_t, bool) override {}
  void gexec(const psql::Statement&) override {}
  void echo(const std::string&, bool) override {}

 private:
  std::size_t before_;
};

}  // namespace

std::optional<FileLockTimeout> file_lock_timeout(const LoadedScript& script, std::size_t statement_index) {
  LockTimeoutSets sets(statement_index);
  script.replay(sets);
  return sets.found;
}

}  // namespace pgapply::engine
