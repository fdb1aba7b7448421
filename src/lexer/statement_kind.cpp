#include "lexer/statement_kind.hpp"

#include <algorithm>
#include <cctype>

namespace pgapply::lexer {

namespace {

// Words of the statement's head, skipping parenthesised option lists such as
// REINDEX (VERBOSE) or VACUUM (ANALYZE): enough to recognise the statement.
std::vector<std::string> head_words(const std::vector<Token>& tokens, std::size_t count) {
  std::vector<std::string> words;
  int depth = 0;
  for (const auto& token : tokens) {
    if (words.size() == count) break;
    if (token.is_punct("(")) {
      ++depth;
    } else if (token.is_punct(")")) {
      if (depth > 0) --depth;
    } else if (depth == 0) {
      if (token.kind != TokenKind::word) break;
      words.push_back(token.value);
    }
  }
  return words;
}

bool starts_with(const std::vector<std::string>& words, std::initializer_list<const char*> prefix) {
  if (words.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), words.begin());
}

bool contains(const std::vector<std::string>& words, const char* word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

}  // namespace

TransactionControl transaction_control(const std::vector<Token>& tokens) {
  const auto words = head_words(tokens, 3);
  if (words.empty()) return TransactionControl::none;
  const std::string& first = words[0];
  if (first == "begin") {
    return TransactionControl::begin;
  }
  if (first == "start" && words.size() > 1 && words[1] == "transaction") {
    return TransactionControl::begin;
  }
  if (first == "commit" || first == "end") {
    if (words.size() > 1 && words[1] == "prepared") return TransactionControl::none;
    return TransactionControl::commit;
  }
  if (first == "rollback" || first == "abort") {
    if (contains(words, "to")) return TransactionControl::savepoint;
    if (words.size() > 1 && words[1] == "prepared") return TransactionControl::none;
    return TransactionControl::rollback;
  }
  if (first == "savepoint" || first == "release") return TransactionControl::savepoint;
  if (first == "prepare" && words.size() > 1 && words[1] == "transaction") {
    return TransactionControl::prepare_transaction;
  }
  return TransactionControl::none;
}

bool chains(const std::vector<Token>& tokens) {
  const auto words = head_words(tokens, 4);
  if (words.empty()) return false;
  if (words[0] != "commit" && words[0] != "end" && words[0] != "rollback" && words[0] != "abort") return false;
  const auto at = std::find(words.begin(), words.end(), "and");
  return at != words.end() && at + 1 != words.end() && at[1] == "chain";
}

std::optional<std::string> needs_autocommit(const std::vector<Token>& tokens) {
  const auto words = head_words(tokens, 6);
  if (words.empty()) return std::nullopt;
  // CREATE [UNIQUE] INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY
  if (starts_with(words, {"create", "index", "concurrently"}) ||
      starts_with(words, {"create", "unique", "index", "concurrently"})) {
    return "CREATE INDEX CONCURRENTLY";
  }
  if (starts_with(words, {"drop", "index", "concurrently"})) return "DROP INDEX CONCURRENTLY";
  if (words[0] == "reindex") {
    if (contains(words, "concurrently")) return "REINDEX CONCURRENTLY";
    if (words.size() > 1 && (words[1] == "database" || words[1] == "system")) {
      return "REINDEX " + std::string(words[1] == "database" ? "DATABASE" : "SYSTEM");
    }
    return std::nullopt;
  }
  if (words[0] == "vacuum") return "VACUUM";
  if (starts_with(words, {"create", "database"})) return "CREATE DATABASE";
  if (starts_with(words, {"drop", "database"})) return "DROP DATABASE";
  if (starts_with(words, {"alter", "database"}) && contains(words, "tablespace") &&
      contains(words, "set")) {
    return "ALTER DATABASE ... SET TABLESPACE";
  }
  // ALTER TABLE [IF EXISTS] [ONLY] t DETACH PARTITION p CONCURRENTLY (a
  // statement of its own: it cannot be combined with other subcommands)
  if (starts_with(words, {"alter", "table"})) {
    std::size_t end = tokens.size();
    while (end > 0 && tokens[end - 1].is_punct(";")) --end;
    const bool concurrently = end > 0 && tokens[end - 1].is_word("concurrently");
    for (std::size_t i = 2; concurrently && i + 1 < end; ++i) {
      if (tokens[i].is_word("detach") && tokens[i + 1].is_word("partition")) {
        return "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY";
      }
    }
  }
  if (starts_with(words, {"create", "tablespace"})) return "CREATE TABLESPACE";
  if (starts_with(words, {"drop", "tablespace"})) return "DROP TABLESPACE";
  if (starts_with(words, {"alter", "system"})) return "ALTER SYSTEM";
  if (starts_with(words, {"create", "subscription"})) return "CREATE SUBSCRIPTION";
  if (starts_with(words, {"drop", "subscription"})) return "DROP SUBSCRIPTION";
  if (starts_with(words, {"alter", "subscription"})) return "ALTER SUBSCRIPTION";
  if ((words[0] == "commit" || words[0] == "rollback") && words.size() > 1 &&
      words[1] == "prepared") {
    return words[0] == "commit" ? "COMMIT PREPARED" : "ROLLBACK PREPARED";
  }
  if (starts_with(words, {"discard", "all"})) return "DISCARD ALL";
  // CLUSTER with no table re-clusters every table and cannot run in a transaction.
  if (words[0] == "cluster") {
    const bool has_name = std::any_of(tokens.begin() + 1, tokens.end(), [](const Token& token) {
      return token.kind == TokenKind::quoted_identifier ||
             (token.kind == TokenKind::word && token.value != "verbose");
    });
    if (!has_name) return "CLUSTER (all tables)";
  }
  return std::nullopt;
}

bool is_session_setting(const std::vector<Token>& tokens) {
  const auto words = head_words(tokens, 2);
  if (words.empty()) return false;
  if (words[0] == "reset") return true;
  return words[0] == "set" && !(words.size() > 1 && (words[1] == "transaction" || words[1] == "constraints"));
}

bool resets_all(const std::vector<Token>& tokens) {
  return tokens.size() >= 2 && (tokens[0].is_word("reset") || tokens[0].is_word("discard")) && tokens[1].is_word("all");
}

bool sets_transaction(const std::vector<Token>& tokens) {
  const auto words = head_words(tokens, 3);
  // BEGIN [WORK | TRANSACTION] or START TRANSACTION, then a mode (ISOLATION
  // LEVEL, READ ONLY, DEFERRABLE): it sets them as SET TRANSACTION would.
  if (!words.empty() && (words[0] == "begin" || starts_with(words, {"start", "transaction"}))) {
    const std::size_t keyword = words[0] == "start" || (words.size() > 1 && (words[1] == "work" ||
                                                                             words[1] == "transaction"))
                                    ? 2
                                    : 1;
    return words.size() > keyword;
  }
  if (words.size() < 2 || words[0] != "set") return false;
  const bool scoped = words[1] == "local" || words[1] == "session";  // SET LOCAL name, SET SESSION name
  if (scoped && words.size() < 3) return false;
  const std::string& name = words[scoped ? 2 : 1];
  return name == "transaction" || name.starts_with("transaction_");
}

bool may_make_read_only(const std::vector<Token>& tokens) {
  // A setting's name, in any letter case: set_config's string, SET's word.
  const auto names = [](const Token& token, std::string_view setting) {
    return token.kind != TokenKind::dollar_string && token.value.size() == setting.size() &&
           std::equal(setting.begin(), setting.end(), token.value.begin(),
                      [](char want, char got) { return std::tolower(static_cast<unsigned char>(got)) == want; });
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (token.is_word("read") && i + 1 < tokens.size() && tokens[i + 1].is_word("only")) return true;
    if (names(token, "transaction_read_only") || names(token, "default_transaction_read_only")) return true;
  }
  return false;
}

bool may_change_role_unseen(const std::vector<Token>& tokens, std::string_view statement) {
  if (tokens.empty()) return false;
  if (tokens[0].is_word("call")) return true;
  if (!tokens[0].is_word("do")) return false;
  return contains_ignoring_case(statement, "role") || contains_ignoring_case(statement, "authorization");
}

}  // namespace pgapply::lexer
