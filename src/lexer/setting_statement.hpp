#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lexer/tokenizer.hpp"

namespace pgapply::lexer {

// A statement that sets one session setting, or gives it back:
//   SET [SESSION | LOCAL] name {TO | =} value ...   (value: tokens from `value`)
//   SET [SESSION | LOCAL] name {TO | =} DEFAULT, RESET name, RESET ALL   (to_default)
struct SettingStatement {
  bool local = false;        // SET LOCAL: for the transaction only
  bool to_default = false;   // back to the session's own value
  std::size_t value = 0;     // the value's first token, when not to_default
};

// What `tokens` (one statement's) do to the setting `name` (lower case), or
// to `alias` (SET SCHEMA is SET search_path, and takes no TO); nullopt when
// they do not touch it.
std::optional<SettingStatement> setting_statement(const std::vector<Token>& tokens, std::string_view name,
                                                  std::string_view alias = {});

// The setting a `SET [SESSION | LOCAL] name ...` sets, as PostgreSQL names it
// (lower case; SET SCHEMA is search_path, SET TIME ZONE timezone, SET ROLE
// role, a custom name.with.dots whole), and whether LOCAL (RESET name: the
// name, not LOCAL; it sets the session's value as SET does); nullopt for other
// statements, SET TRANSACTION, SET CONSTRAINTS and SET NAMES (the encoding
// libpq reads).
struct SetSetting {
  std::string name;
  bool local = false;
};
std::optional<SetSetting> set_setting(const std::vector<Token>& tokens);

// Whether a statement may change the settings a new session starts with:
// ALTER DATABASE, ROLE or USER (not USER MAPPING) ... SET or RESET, at its
// top level or in a string or DO block body it holds (EXECUTE format('ALTER
// DATABASE %I SET ...'), 'ALTER ROLE ' || name || ' SET ...').
bool may_change_stored_settings(std::string_view statement);

}  // namespace pgapply::lexer
