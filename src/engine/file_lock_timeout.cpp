#include "engine/file_lock_timeout.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/duration.hpp"
#include "lexer/setting_statement.hpp"
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
    const auto set = lexer::setting_statement(tokens, "lock_timeout");
    if (!set) return;
    if (set->to_default) {
      found.reset();
      return;
    }
    const lexer::Token& value = tokens[set->value];
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
