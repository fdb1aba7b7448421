#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgapply::migrate {

// A migration's row in the ledger table.
enum class LedgerState {
  applied,  // ran to the end (or was recorded as applied by baseline or repair)
  running,  // a non-transactional file is being applied, or its run was killed
  failed,   // a non-transactional file failed part way: statements_done of statements ran
};

std::string_view to_string(LedgerState state);
std::optional<LedgerState> parse_ledger_state(std::string_view text);

struct LedgerRow {
  std::string version;  // canonical
  std::string name;
  std::string file_name;
  std::string checksum;
  LedgerState state = LedgerState::applied;
  std::string applied_at;     // UTC, to the second: 2026-12-03T11:22:40Z
  std::string applied_at_us;  // UTC, to the microsecond, sorting as applied ("": not read from a ledger)
  std::string applied_by;
  std::optional<long long> duration_ms;
  int statements = 0;       // in the file
  int statements_done = 0;  // run successfully (non-transactional files)
  // A non-transactional file: the statement that was running when the run
  // died (it may have taken effect).
  std::optional<int> statement_running;
  // A failed or interrupted file that changed and ran again: the most
  // statements a run of an earlier version had committed (0: none).
  int earlier_statements_done = 0;
  std::string error;        // why it failed
  std::string method;       // how it got here: up, baseline, repair
  std::string source;       // baseline --from: the tool whose ledger it came from
  std::string pgapply_version;
};

// "statement 1", "statements 1-3": a file's first `count` statements (count > 0).
std::string first_statements(int count);

// What a statement-by-statement file's failed or interrupted run (`row`)
// left in effect, as a clause: "none of its statements took effect",
// "statements 1-2 took effect"; after an earlier run (of an earlier version
// of the file, or before repair --clear-failed), also what that one had
// committed (", but statement 1 of an earlier run had (...)").
std::string taken_effect(const LedgerRow& row);

// Why another session, not the file, made the run a failed row records fail,
// from its error (FILE:LINE: message (SQLSTATE xxxxx), as the run loop writes
// it): for 55P03 cause "another session held a lock it needed: a lock
// timeout" and event "lock timeout" (a repair's reason), likewise a deadlock
// (40P01) or a serialization failure (40001); both empty for any other error.
// (migrate may not include pg/sqlstate.hpp; a unit test holds the codes to it.)
struct OtherSession {
  std::string cause;
  std::string event;
  bool empty() const { return cause.empty(); }
};
OtherSession other_sessions_doing(std::string_view error);

// `rows` in the order they took effect: version order, except that the rows
// up applied are among themselves in the order it applied them (applied_at:
// one applied with --allow-out-of-order after the higher ones before it).
// A row baseline or repair --mark-applied recorded keeps its version's
// place: when it is recorded is not when what it stands for took effect.
std::vector<LedgerRow> in_applied_order(std::vector<LedgerRow> rows);

}  // namespace pgapply::migrate
