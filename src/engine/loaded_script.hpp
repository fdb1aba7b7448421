#pragma once

// A file read, split and interpreted ONCE per run.
//
// Loading walks the file with the psql interpreter (includes read, variables
// interpolated, \if branches chosen) and records what would reach the server:
// the statements, COPY data, \gexec queries and \echo output, in order. The
// same walk plans the file's transaction mode, counts its statements and
// computes its checksum. Everything that follows replays the recording: the
// run against the server, the dry-run script, the facts verify and preflight
// read. So the checksum the ledger records is the checksum of exactly the
// bytes that ran, however often the file is looked at.
//
// Memory: the recorded texts are kept in one arena per file (about the size of
// the statements themselves) plus a small record per step. A script loaded for
// exec may exceed `memory_limit`; it is then not kept but read again from disk
// when it runs (a file of gigabytes streams, as psql -f would read it).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lexer/setting_statement.hpp"
#include "lexer/statement_kind.hpp"
#include "migrate/file_sections.hpp"
#include "psql/file_reader.hpp"
#include "psql/directives.hpp"
#include "psql/interpreter.hpp"
#include "psql/transaction_plan.hpp"

namespace pgapply::engine {

// What a file will do, found by walking it once without a database.
struct ScriptAnalysis {
  psql::Directives directives;
  psql::TransactionPlan plan;
  std::string checksum;       // of what runs: the file's own, or with includes and variables
  std::string file_checksum;  // of the file's own bytes
  bool has_dependencies = false;
  // Besides the file's text, what its checksum covers, as a user changes
  // it: "-v tenant" for each variable (or Flyway placeholder) it
  // interpolates, "\\i PATH" for each file it includes; each once, in order.
  std::vector<std::string> checksum_inputs;
  // A statement (or \gexec) may have changed session settings that bear on
  // parsing (SET, RESET, set_config): the session reset after the file must
  // not share a batch with the next file's statements.
  bool changes_session = false;
  // A DO block or CALL may have changed the role the file runs as
  // (lexer::may_change_role_unseen): the ledger's writes take the connecting
  // user back for themselves, as after a SET ROLE (as_connecting_user).
  bool may_change_role = false;
  // The first line that names current_query() (an audit trigger's, say):
  // what a statement reads of the query it belongs to, which in a batch is
  // the whole batch (up then sends one statement per query, as psql does).
  std::optional<std::size_t> reads_query_text_line;
  // A statement may change the settings a new session starts with (ALTER
  // DATABASE or ALTER ROLE ... SET or RESET; in a DO block's text too): the
  // next file starts with them, as it would in its own psql -f.
  bool changes_stored_settings = false;
  // The first line of the file that only psql reads (a meta-command, a
  // :variable): what another tool running the file itself would fail on.
  std::optional<std::size_t> psql_only_line;
  // SQL stood in a \if branch that did not run (-v is_prod=off): a file
  // that runs no statement so is not an empty one.
  bool skipped_statements = false;
  // A `-- pgapply:` directive below the first statement, which is not read
  // (psql::misplaced_directive): its diagnostic, or "". up refuses to run
  // the file (an applied one stays as it is), lint reports it.
  std::string misplaced_directive;
};

// Per statement, what the runner needs to know to run it outside a
// transaction block (see Runner).
struct StatementTraits {
  lexer::TransactionControl control = lexer::TransactionControl::none;
  bool needs_autocommit = false;  // CREATE INDEX CONCURRENTLY, VACUUM...
  // May commit on its own (CALL, a DO block whose body has COMMIT or
  // ROLLBACK): must not be wrapped in a transaction block.
  bool may_commit = false;
  // RESET ALL or DISCARD ALL: clears every setting set in the session,
  // pgapply's clock and the file's application_name too.
  bool resets_all = false;
  // Names pg_advisory_unlock_all or pg_advisory_unlock_shared (not a COPY's
  // column): may let go of the session's hand-over lock, taken again after it.
  bool may_release_handover = false;
  // May make a transaction read-only (BEGIN READ ONLY, SET TRANSACTION READ
  // ONLY, default_transaction_read_only...): a no-transaction file's own
  // transaction can then not hold the ledger's progress (Runner).
  bool may_make_read_only = false;
  // Must come before the transaction's first query (SET TRANSACTION
  // ISOLATION LEVEL...): pgapply's clock waits for it.
  bool precedes_queries = false;
  // SET or RESET: takes no snapshot, so a SET TRANSACTION may still follow.
  bool session_setting = false;
  // SET [LOCAL] name or RESET name: the setting, and whether LOCAL.
  std::optional<lexer::SetSetting> sets{};

  // Outside a transaction, pgapply may run it in a transaction of its own
  // with its progress (BEGIN; it; progress; COMMIT): a failure or a signal
  // then rolls both back. Otherwise it runs alone and takes effect when
  // answered.
  bool wrappable() const {
    return control == lexer::TransactionControl::none && !needs_autocommit && !may_commit;
  }
};

// The part of a file that runs, for files written for other tools: the up
// or down section of a dbmate or goose file (migrate/file_sections.hpp).
struct ScriptPart {
  std::optional<psql::FileRange> range;  // none: the whole file
  bool no_transaction = false;           // dbmate transaction:false, goose NO TRANSACTION
  // Why, as the operator is told: "the file says -- +goose NO TRANSACTION (line 1)".
  std::string no_transaction_reason;
  // goose's StatementBegin ... StatementEnd blocks: the statements inside one
  // are sent as ONE query, as goose sends them.
  std::vector<migrate::FileSpan> statement_blocks;
};

enum class ScriptUse {
  migration,  // must be recordable atomically (see psql::TransactionPlanner)
  exec,       // runs as written, however it controls transactions
};

class LoadedScript {
 public:
  const std::filesystem::path& path() const { return path_; }
  const std::string& shown() const { return shown_; }
  const ScriptAnalysis& analysis() const { return analysis_; }
  std::size_t statements() const { return analysis_.plan.statements; }
  // Those that run (see psql::TransactionPlan::statements_run).
  std::size_t statements_run() const { return analysis_.plan.statements_run(); }
  // The traits of statement `index` (1-based; \gexec counts as one).
  const StatementTraits& traits(std::size_t index) const { return traits_.at(index - 1); }
  // The line statement `index` starts at, in the file it is written in.
  std::size_t line_of(std::size_t index) const { return lines_.at(index - 1); }

  // The variables as the file left them (-v's, with its \set and \unset):
  // exec hands them to the next file, as psql does from one -f to the next.
  const psql::Variables& variables_after() const { return *variables_after_; }

  // Hands the recorded steps to `backend`, as the interpreter would.
  void replay(psql::Backend& backend) const;

  // The file as far as its first `count` statements (and their COPY data),
  // in the same transaction mode: what a statement-by-statement run that
  // stopped after them left in effect. Not for a streamed script.
  LoadedScript first_statements(std::size_t count) const;

  // The files it includes (\i, \ir...), as it read them: none unless
  // analysis().has_dependencies.
  std::vector<std::filesystem::path> included_files() const;

  // Whether every file it read still has the bytes it had when loaded (read
  // again and checksummed; nothing is split). False names the first changed
  // file in *changed.
  bool unchanged_on_disk(std::string* changed) const;

 private:
  friend LoadedScript load_script(const std::filesystem::path& path, const std::string& shown,
                                  const psql::InterpreterSettings& settings,
                                  const psql::Variables& variables, ScriptUse use,
                                  std::size_t memory_limit, const ScriptPart& part,
                                  std::optional<std::string_view> contents);
  // One recorded step; texts are ranges of the arena.
  struct Step {
    enum class Kind : std::uint8_t { statement, copy_data, gexec, echo, warn };
    Kind kind = Kind::statement;
    bool copy_from_stdin = false;
    bool last = false;  // copy data: ends the COPY
    std::uint32_t file = 0;
    std::uint32_t interpolated = std::numeric_limits<std::uint32_t>::max();
    std::size_t text = 0, text_size = 0;          // in the arena
    std::size_t original = 0, original_size = 0;  // as written, when it differs from the text
    std::size_t line = 0, column = 0, offset = 0, index = 0;
  };
  struct Interpolated;  // what a statement with psql substitutions needs beyond its text
  class Recorder;

  std::filesystem::path path_;
  std::string shown_;
  ScriptAnalysis analysis_;
  std::vector<StatementTraits> traits_;
  std::vector<std::size_t> lines_;
  // The recording; `streamed` when it grew past the memory limit.
  bool streamed_ = false;
  std::string arena_;
  std::vector<Step> steps_;
  std::vector<std::string> files_;  // names of the files statements are written in (index 0: this one)
  std::vector<std::shared_ptr<const Interpolated>> interpolated_;
  // For replays from disk and the check after the lock.
  psql::InterpreterSettings settings_;
  ScriptPart part_;
  std::shared_ptr<const psql::Variables> variables_;
  std::shared_ptr<const psql::Variables> variables_after_;
  std::vector<std::pair<std::filesystem::path, std::string>> read_files_;  // path, raw checksum
};

// A migration with nothing to run (comments only, or an empty up section):
// pgapply up refuses it unless --allow-empty, and check and lint report it
// the same way. The one definition of an empty migration. Statements its
// \if leaves out this time are not nothing: psql runs such a file, as up does.
inline bool is_empty_migration(const LoadedScript& script) {
  return script.statements() == 0 && !script.analysis().skipped_statements;
}

// Whether the session will read what pgapply sends as UTF-8: unless
// PGCLIENTENCODING names another encoding, pgapply's sessions take the
// database's encoding, and migrations are read as UTF-8.
bool client_encoding_is_utf8();

// Loads a file. Throws Error(input) naming file:line for anything that would
// stop it before it reaches the server: unsplittable text, unknown
// meta-commands, undefined variables, bad includes, transactions pgapply
// cannot record (for migrations). `variables` are the -v ones; the walk works
// on a copy. `contents`, when given, are the file's bytes as the caller
// already read them: the file is then not read again (its includes are).
LoadedScript load_script(const std::filesystem::path& path, const std::string& shown,
                         const psql::InterpreterSettings& settings, const psql::Variables& variables,
                         ScriptUse use = ScriptUse::migration,
                         std::size_t memory_limit = std::numeric_limits<std::size_t>::max(),
                         const ScriptPart& part = {}, std::optional<std::string_view> contents = std::nullopt);

}  // namespace pgapply::engine
