#include "report/status_report.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "core/plural.hpp"
#include "report/json_document.hpp"

namespace pgapply::report {

namespace {

using migrate::MigrationState;

// Whether `entry` is the file the run holding the migration lock runs now:
// a statement-by-statement file's row says running; a file in a
// transaction has no row anyone else sees before it commits (pending).
bool running_now(const migrate::PlanEntry& entry, const LiveRun& live) {
  if (live.running_file.empty() || live.running_file != entry.file_name()) return false;
  return entry.state == MigrationState::pending ||
         (entry.state == MigrationState::failed && entry.row && entry.row->state == migrate::LedgerState::running);
}

// The state shown: "running" for the file a live run runs, else the plan's.
std::string_view shown_state(const migrate::PlanEntry& entry, const LiveRun& live) {
  return running_now(entry, live) ? std::string_view("running") : to_string(entry.state);
}

// The shown states counted, in the order of the plan's states ("running"
// after "failed").
std::vector<std::pair<std::string, std::size_t>> shown_counts(const migrate::Plan& plan, const LiveRun& live) {
  std::vector<std::pair<std::string, std::size_t>> counts;
  for (const auto state : {MigrationState::applied, MigrationState::pending, MigrationState::modified,
                           MigrationState::missing, MigrationState::failed, MigrationState::rollback_failed}) {
    counts.emplace_back(std::string(to_string(state)), 0);
    if (state == MigrationState::failed) counts.emplace_back("running", 0);
  }
  for (const auto& entry : plan.entries) {
    const std::string_view state = shown_state(entry, live);
    for (auto& [name, count] : counts) count += name == state ? 1 : 0;
  }
  return counts;
}

// Why a migration needs attention, in a few words; empty when it does not.
// `live`: the run that holds the migration lock, if any.
std::string note_for(const migrate::PlanEntry& entry, const LiveRun& live) {
  if (const std::string* deleted = migrate::deleted_row(entry, live.deleted_rows)) {
    return "its row was deleted outside pgapply (the ledger's history says: " + *deleted +
           "): up refuses to run it again and names the repair that settles it";
  }
  switch (entry.state) {
    case MigrationState::modified:
      return (entry.checksum_inputs.empty() ? std::string("file")
                                            : "file, or what it reads (" + listed(entry.checksum_inputs) + "),") +
             " changed since it was applied: ledger checksum " + entry.row->checksum.substr(0, 12) + "..., file " +
             entry.file_checksum.substr(0, 12) + "...";
    case MigrationState::missing:
      return "applied, but the file is gone";
    case MigrationState::failed: {
      const auto& row = *entry.row;
      if (migrate::cleared_by_repair(row)) {
        return "cleared by repair: up runs it again from its first statement (" +
               (row.earlier_statements_done > 0
                    ? migrate::first_statements(row.earlier_statements_done) + " of an earlier run took effect)"
                    : std::string("none of an earlier run took effect)"));
      }
      if (running_now(entry, live)) {
        return "running now, in the run that holds the migration lock (" +
               std::to_string(row.statements_done) + " of its " + std::to_string(row.statements) +
               " statements took effect so far)";
      }
      std::string note = row.state == migrate::LedgerState::running ? "interrupted" : "failed";
      note += " at statement " + std::to_string(row.statements_done + 1) + " of " +
              std::to_string(row.statements) + " (" + std::to_string(row.statements_done) + " took effect";
      if (row.statement_running) {
        // Sent, not answered: the run died (or lost its connection) meanwhile.
        note += "; statement " + std::to_string(*row.statement_running) + " was running and may have taken effect";
      }
      if (row.earlier_statements_done > 0) {
        note += "; " + migrate::first_statements(row.earlier_statements_done) + " of an earlier run had";
      }
      note += ")";
      if (!row.error.empty()) note += ": " + row.error;
      if (entry.file && entry.file_checksum != row.checksum) note += "; the file has changed since: up will run it again";
      return note;
    }
    case MigrationState::rollback_failed:
      return "applied, but its " + entry.row->error;
    case MigrationState::pending:
      if (running_now(entry, live)) {
        return "running now, in its transaction, in the run that holds the migration lock (nothing of it is "
               "committed yet)";
      }
      if (entry.file->format == migrate::FileFormat::goose_go) {
        return "a goose migration in Go, which pgapply cannot run: up stops here until goose applies it and it is "
               "recorded (baseline --from goose, or repair --mark-applied)";
      }
      return entry.out_of_order ? "below the highest applied version (out of order)" : "";
    case MigrationState::applied:
      return entry.file && entry.file->format == migrate::FileFormat::goose_go ? "a goose migration in Go" : "";
  }
  return "";
}

std::map<MigrationState, std::size_t> count_states(const migrate::Plan& plan) {
  std::map<MigrationState, std::size_t> counts;
  for (const auto& entry : plan.entries) ++counts[entry.state];
  return counts;
}

// Appends `text` and the spaces that pad it to `width`: a row of the table
// built in place (a status of thousands of files is a megabyte of rows).
void append_padded(std::string& out, std::string_view text, std::size_t width) {
  out += text;
  if (text.size() < width) out.append(width - text.size(), ' ');
}

Tone state_tone(MigrationState state) {
  switch (state) {
    case MigrationState::applied: return Tone::good;
    case MigrationState::pending: return Tone::attention;
    case MigrationState::modified:
    case MigrationState::missing:
    case MigrationState::failed:
    case MigrationState::rollback_failed: return Tone::bad;
  }
  return Tone::bad;
}

}  // namespace

bool is_clean(const migrate::Plan& plan) {
  return std::all_of(plan.entries.begin(), plan.entries.end(), [](const migrate::PlanEntry& entry) {
    return entry.state == MigrationState::applied;
  });
}

std::string unclean_text(const migrate::Plan& plan) {
  // Every state but applied, as is_clean judges it (in the enum's order:
  // pending, modified, missing, failed), so that --exit-code and "clean" agree.
  std::string out;
  for (const auto& [state, count] : count_states(plan)) {
    if (state == MigrationState::applied) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + std::string(to_string(state));
  }
  return out;
}

std::string render_foreign_ledgers_text(const std::vector<ForeignLedgerNote>& notes) {
  std::string out;
  for (const auto& note : notes) {
    // golang-migrate stores only the version it is at, which stands for every migration up to it.
    std::string records;
    if (!note.version.empty()) {
      records = "is at version " + note.version + (note.failed > 0 ? ", left dirty by a failed run" : "") + " (" +
                plural(note.applied, "applied migration") + " up to it" +
                (note.no_file > 0 ? ", " + std::to_string(note.no_file) + " of them with no file here" : "") + ")";
    } else {
      records = "records " + plural(note.applied, "applied migration") +
                (note.failed > 0 ? " and " + plural(note.failed, "failed run") : "");
    }
    // baseline --from refuses a failed run: the tool that ran it says how it ended.
    const std::string them = note.applied == 1 ? "it" : "them";
    // (ending in ':', the JSON error's message takes the command too)
    const std::string advice = note.failed > 0 ? ": repair the failed run with " + note.tool + " first, then adopt " + them + " with:"
                                               : ": adopt " + them + " with:";
    // (baseline --from shows what it would record, and records it with --yes)
    out += "pgapply's ledger is empty, but " + note.tool + "'s ledger " + note.table + " " + records + advice + "\n  " +
           note.command + "\n  (it shows what it would record; add --yes to record it)\n";
  }
  return out;
}

namespace {

// "pgapply's ledger measure.pgapply_migrations records nothing, but
// public.pgapply_migrations records 4 applied migrations. Is search_path
// what it was (...)? If ... is this project's ledger, name it:\n  COMMAND\n",
// as up's refusal says it.
std::string render_elsewhere_text(const std::string& ledger, const ElsewhereLedgerNote& note) {
  return "pgapply's ledger " + ledger + " records nothing, but " + elsewhere_ledger_reason(note) + " If " +
         note.table + " is this project's ledger, name it:\n  " + note.command + "\n";
}

}  // namespace

std::string render_status_text(const migrate::Plan& plan, const std::string& database,
                               const std::string& ledger, const std::vector<ForeignLedgerNote>& foreign,
                               Paint paint, const LiveRun& live, const std::optional<ElsewhereLedgerNote>& elsewhere) {
  std::string out = "Database " + database + ", ledger " + ledger + "\n";
  if (!live.described.empty()) out += "A run holds the migration lock: " + live.described + "\n";
  if (plan.entries.empty()) return out + "No migrations.\n";
  std::size_t version_width = 7;
  // How each row got there: up, baseline (from another tool's ledger), repair.
  const auto how_of = [](const migrate::PlanEntry& entry) {
    if (!entry.row) return std::string();
    return entry.row->method + (entry.row->source.empty() ? "" : " (" + entry.row->source + ")");
  };
  std::size_t how_width = 14;
  std::size_t state_width = 9;  // "modified", and "rollback_failed" when there is one
  std::size_t file_names = 0;  // their length, all together
  for (const auto& entry : plan.entries) {
    version_width = std::max(version_width, entry.version.size());
    state_width = std::max(state_width, to_string(entry.state).size());
    how_width = std::max(how_width, how_of(entry).size());
    file_names += entry.file_name().size();
  }
  // One line of the table, built in place (the header is one too, whose
  // "state" has no tone).
  const auto append_line = [&](std::string_view version, std::string_view state, std::optional<Tone> tone,
                               std::string_view applied_at, std::string_view duration, std::string_view how,
                               std::string_view file) {
    out += "  ";
    append_padded(out, version, version_width);
    out += "  ";
    if (tone && paint.on) {
      out += paint(*tone, state);
      append_padded(out, "", state_width - std::min(state_width, state.size()));
    } else {
      append_padded(out, state, state_width);
    }
    out += "  ";
    append_padded(out, applied_at, 20);
    out += "  ";
    append_padded(out, duration, 9);
    out += "  ";
    append_padded(out, how, how_width);
    out += "  ";
    out += file;
    out += '\n';
  };
  out += '\n';
  append_line("version", "state", std::nullopt, "applied at", "duration", "recorded by", "file");
  out.reserve(out.size() + plan.entries.size() * (version_width + how_width + state_width + 42) + file_names);
  for (const auto& entry : plan.entries) {
    std::string duration;
    if (entry.row && entry.row->duration_ms) duration = std::to_string(*entry.row->duration_ms) + " ms";
    append_line(entry.version, shown_state(entry, live),
                running_now(entry, live) ? Tone::attention : state_tone(entry.state),
                entry.row ? std::string_view(entry.row->applied_at) : std::string_view(), duration, how_of(entry),
                entry.file_name());
    if (const std::string note = note_for(entry, live); !note.empty()) {
      out += "  " + std::string(version_width + 2, ' ') + "^ " + note + "\n";
    }
  }
  out += '\n';
  out += plural(plan.entries.size(), "migration") + ":";
  bool first = true;
  for (const auto& [state, count] : shown_counts(plan, live)) {
    if (count == 0) continue;
    out += std::string(first ? " " : ", ") + std::to_string(count) + " " + state;
    first = false;
  }
  out += ".\n";
  if (!foreign.empty()) {
    out += '\n';
    out += render_foreign_ledgers_text(foreign);
  }
  if (elsewhere) out += '\n' + render_elsewhere_text(ledger, *elsewhere);
  return out;
}

std::string render_status_json(const migrate::Plan& plan, const std::string& database,
                               const std::string& ledger, const std::vector<ForeignLedgerNote>& foreign,
                               const LiveRun& live, const std::optional<ElsewhereLedgerNote>& elsewhere) {
  Json migrations = Json::array();
  for (const auto& entry : plan.entries) {
    Json item;
    item["version"] = entry.version;
    item["name"] = entry.name();
    item["file"] = entry.file_name();
    item["state"] = std::string(shown_state(entry, live));
    // (none for a file pgapply does not run: a goose migration in Go)
    const std::string& checksum = entry.file ? entry.file_checksum : entry.row->checksum;
    item["checksum"] = checksum.empty() ? Json(nullptr) : Json(checksum);
    // (none for what a --ledger-format tool applied that pgapply has not recorded yet)
    item["at"] = entry.row && !entry.row->applied_at.empty() ? Json(entry.row->applied_at) : nullptr;
    item["by"] = entry.row && !entry.row->applied_by.empty() ? Json(entry.row->applied_by) : nullptr;
    if (entry.row) {
      item["method"] = entry.row->method;
      item["source"] = entry.row->source.empty() ? Json(nullptr) : Json(entry.row->source);
      item["duration_ms"] = entry.row->duration_ms ? Json(*entry.row->duration_ms) : nullptr;
      item["ledger_checksum"] = entry.row->checksum;
      item["statements"] = entry.row->statements;
      item["statements_done"] = entry.row->statements_done;
      item["earlier_statements_done"] = entry.row->earlier_statements_done;
      item["statement_running"] = entry.row->statement_running ? Json(*entry.row->statement_running) : nullptr;
      if (!entry.row->error.empty()) item["error_summary"] = entry.row->error;
    }
    if (entry.state == MigrationState::pending) item["out_of_order"] = entry.out_of_order;
    if (const std::string note = note_for(entry, live); !note.empty()) item["note"] = note;
    migrations.push_back(std::move(item));
  }
  Json counts = Json::object();
  for (const auto& [state, count] : shown_counts(plan, live)) {
    if (state != "running" || count > 0) counts[state] = count;  // "running" only while a run runs one
  }
  Json out = json_document("status");
  out["database"] = database;
  out["ledger"] = ledger_json(ledger);
  out["clean"] = is_clean(plan);
  if (!live.described.empty()) out["run_in_progress"] = live.described;
  out["counts"] = counts;
  out["migrations"] = migrations;
  if (!foreign.empty()) {
    Json notes = Json::array();
    for (const auto& note : foreign) {
      Json item{{"tool", note.tool}, {"table", note.table}, {"applied", note.applied}, {"command", note.command}};
      if (!note.version.empty()) item["version"] = note.version;
      if (note.failed > 0) item["failed"] = note.failed;
      if (note.no_file > 0) item["no_file"] = note.no_file;
      notes.push_back(std::move(item));
    }
    out["foreign_ledgers"] = notes;
  }
  if (elsewhere) {
    const char* why = elsewhere->why == ElsewhereLedgerNote::Why::search_path   ? "search_path"
                      : elsewhere->why == ElsewhereLedgerNote::Why::letter_case ? "letter_case"
                                                                                : "other_name";
    out["ledger_elsewhere"] = {{"table", elsewhere->table},
                               {"applied", elsewhere->applied},
                               {"matching", elsewhere->matching},
                               {"why", why},
                               {"message", elsewhere_ledger_reason(*elsewhere)},
                               {"command", elsewhere->command}};
  }
  return dump_document(out);
}

std::string elsewhere_ledger_reason(const ElsewhereLedgerNote& note) {
  const std::string records = note.table + " records " + plural(note.applied, "applied migration");
  switch (note.why) {
    case ElsewhereLedgerNote::Why::letter_case:
      return records + ": --ledger takes the name as written, letter case included.";
    case ElsewhereLedgerNote::Why::other_name: {
      // (with the checksum it has now: this project's ledger, not another project's)
      const std::string which = note.applied == 1 ? "a file of this directory as it is now"
                                : note.matching == note.applied
                                    ? "all of them files of this directory as they are now"
                                    : std::to_string(note.matching) + " of them files of this directory as they are now";
      return records + ", " + which + ". Is --ledger mistyped?";
    }
    case ElsewhereLedgerNote::Why::search_path:
      break;
  }
  return records + ". Is search_path what it was (the migrations' unqualified names go to its first schema, " +
         note.schema + ", too)?";
}

}  // namespace pgapply::report
