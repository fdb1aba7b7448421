#pragma once

// A file that runs as one transaction although it has its own BEGIN ...
// COMMIT inside (psql/transaction_plan.hpp: those are left out). Its SET
// LOCALs inside that block would end at that COMMIT under psql -f; in the
// one transaction they would last to the file's end. pgapply keeps each
// such setting's value at the left-out BEGIN, in a setting of its own
// (transaction-local: gone at the file's COMMIT), and gives it back at the
// left-out COMMIT, as that COMMIT would have.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/sql_template.hpp"
#include "engine/loaded_script.hpp"
#include "lexer/setting_statement.hpp"

namespace pgapply::engine {

// The settings the SET LOCALs between the left-out BEGIN at statement
// `begin_index` and the next left-out statement set, once each, in order.
// None for a block with RESET ALL or DISCARD ALL (which clears what pgapply
// kept), or with a SET TRANSACTION (which no query may precede).
std::vector<std::string> block_local_settings(const LoadedScript& script, std::size_t begin_index);

// At the left-out BEGIN: each setting's value now (NULL for a custom one
// not set), kept in pgapply.block_setting_N.
SqlCall keep_block_settings(const std::vector<std::string>& names);

// After a SET (not LOCAL) or RESET of one of them inside the block: its new
// session value, which psql's COMMIT would keep, kept instead; nullopt for
// any other setting.
std::optional<SqlCall> keep_block_session_setting(const std::vector<std::string>& names, const lexer::SetSetting& set);

// At the left-out COMMIT: each setting back to the value kept.
SqlCall give_back_block_settings(const std::vector<std::string>& names);

}  // namespace pgapply::engine
