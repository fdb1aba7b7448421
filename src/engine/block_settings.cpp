#include "engine/block_settings.hpp"

#include <algorithm>

namespace pgapply::engine {

namespace {

std::string kept_name(std::size_t i) { return "pgapply.block_setting_" + std::to_string(i + 1); }

// What pgapply keeps for a setting that has no value (a custom one not set,
// one of an extension the block creates): given back as NULL, which resets it.
constexpr const char* unset = "'pgapply: not set'";

// SELECT set_config(<to>, <value of from>, true), ... for the names at
// `indexes`, <to> and <from> being what `to` and `from` make of one; `keeping`:
// into pgapply's settings (else back from them).
template <typename To, typename From>
SqlCall set_configs(const std::vector<std::size_t>& indexes, const To& to, const From& from, bool keeping) {
  SqlCall call;
  call.sql = "SELECT ";
  for (const std::size_t i : indexes) {
    const std::size_t n = call.params.size();
    if (n > 0) call.sql += ", ";
    const std::string value = "current_setting($" + std::to_string(n + 2) + ", true)";
    call.sql += "set_config($" + std::to_string(n + 1) + ", " +
                (keeping ? "coalesce(" + value + ", " + unset + ")" : "nullif(" + value + ", " + unset + ")") +
                ", true)";
    call.params.emplace_back(to(i));
    call.params.emplace_back(from(i));
  }
  return call;
}

std::vector<std::size_t> all_of(const std::vector<std::string>& names) {
  std::vector<std::size_t> indexes(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) indexes[i] = i;
  return indexes;
}

}  // namespace

std::vector<std::string> block_local_settings(const LoadedScript& script, std::size_t begin_index) {
  const psql::TransactionPlan& plan = script.analysis().plan;
  std::vector<std::string> names;
  for (std::size_t index = begin_index + 1; index <= script.statements() && !plan.leaves_out(index); ++index) {
    const StatementTraits& traits = script.traits(index);
    // (A SET TRANSACTION must come before any query, pgapply's SELECT too.)
    if (traits.resets_all || traits.precedes_queries) return {};
    if (traits.sets && traits.sets->local &&
        std::find(names.begin(), names.end(), traits.sets->name) == names.end()) {
      names.push_back(traits.sets->name);
    }
  }
  return names;
}

SqlCall keep_block_settings(const std::vector<std::string>& names) {
  return set_configs(all_of(names), kept_name, [&](std::size_t i) { return names[i]; }, true);
}

std::optional<SqlCall> keep_block_session_setting(const std::vector<std::string>& names, const lexer::SetSetting& set) {
  const auto found = std::find(names.begin(), names.end(), set.name);
  if (set.local || found == names.end()) return std::nullopt;
  return set_configs({static_cast<std::size_t>(found - names.begin())}, kept_name,
                     [&](std::size_t i) { return names[i]; }, true);
}

SqlCall give_back_block_settings(const std::vector<std::string>& names) {
  // The role first: what the block's role may not set, the file's may.
  std::vector<std::size_t> indexes = all_of(names);
  std::stable_partition(indexes.begin(), indexes.end(), [&](std::size_t i) {
    return names[i] == "role" || names[i] == "session_authorization";
  });
  return set_configs(indexes, [&](std::size_t i) { return names[i]; }, kept_name, false);
}

}  // namespace pgapply::engine
