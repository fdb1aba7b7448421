#include "ddl/row_trigger.hpp"

#include <cstddef>

#include "ddl/writing_routine.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

namespace {

// contrib's moddatetime: `EXECUTE FUNCTION moddatetime(column)` sets the
// column of the row to the transaction's start (what now() gives).
bool is_moddatetime(const TriggerFunction& function) {
  return function.extension == "moddatetime" && function.name == "moddatetime";
}

// Whether a value's tokens read the row, the trigger's variables or
// FOUND (a body with no DECLARE has no other variable), or rows (a subquery).
bool reads_row(const std::vector<lexer::Token>& tokens, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    const lexer::Token& token = tokens[i];
    if (token.kind != lexer::TokenKind::word) continue;
    if (token.value == "new" || token.value == "old" || token.value == "found" || token.value == "select" ||
        token.value.starts_with("tg_")) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool trigger_may_write_rows(const TriggerFunction& function) {
  if (is_moddatetime(function)) return false;
  return routine_may_write_rows(function.language, function.body, true);
}

std::optional<std::vector<std::pair<std::string, std::string>>> row_trigger_sets(const TriggerFunction& function) {
  using Sets = std::vector<std::pair<std::string, std::string>>;
  if (is_moddatetime(function)) {
    if (function.first_argument.empty()) return std::nullopt;
    return Sets{{std::string(function.first_argument), "now()"}};
  }
  if (function.language != "plpgsql") return std::nullopt;
  const auto tokens = lexer::tokenize(function.body);
  if (tokens.empty() || !tokens[0].is_word("begin")) return std::nullopt;
  Sets sets;
  std::size_t at = 1;
  while (at < tokens.size()) {
    // the statement: up to its ';' at depth 0
    std::size_t end = at;
    lexer::BracketDepth depth;
    for (; end < tokens.size(); ++end) {
      depth.step(tokens[end]);
      if (depth.at_top() && tokens[end].is_punct(";")) break;
    }
    if (end == tokens.size()) return std::nullopt;  // (no END after it)
    const auto word = [&](std::size_t i, std::string_view lower) { return i < end && tokens[i].is_word(lower); };
    if (word(at, "return") && word(at + 1, "new") && end == at + 2) {
      // RETURN NEW; END [;]: the body's last statement
      const std::size_t after = end + 1;
      if (after >= tokens.size() || !tokens[after].is_word("end")) return std::nullopt;
      const std::size_t last = after + 1;
      if (last == tokens.size() || (last + 1 == tokens.size() && tokens[last].is_punct(";"))) return sets;
      return std::nullopt;
    }
    // NEW.column := value  (or =)
    if (!word(at, "new") || at + 3 >= end || !tokens[at + 1].is_punct(".") || !tokens[at + 2].is_name()) {
      return std::nullopt;
    }
    std::size_t value = at + 3;
    if (tokens[value].text == ":" && value + 1 < end && tokens[value + 1].text == "=") {
      value += 2;
    } else if (tokens[value].text == "=") {
      value += 1;
    } else {
      return std::nullopt;
    }
    if (value >= end || reads_row(tokens, value, end)) return std::nullopt;
    const std::size_t from = tokens[value].offset;
    const std::size_t to = tokens[end - 1].offset + tokens[end - 1].text.size();
    sets.emplace_back(tokens[at + 2].value, std::string(function.body.substr(from, to - from)));
    at = end + 1;
  }
  return std::nullopt;
}

}  // namespace pgapply::ddl
