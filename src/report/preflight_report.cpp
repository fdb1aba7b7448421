#include "report/preflight_report.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "report/json_document.hpp"
#include "report/json_identifiers.hpp"

#include "core/plural.hpp"
#include "ddl/server_versions.hpp"
#include "report/check_report.hpp"
#include "report/text_table.hpp"
#include "schema/quantities.hpp"

namespace pgapply::report {

namespace {

using schema::Finding;
using schema::KindCount;
using schema::MigrationPreflight;
using schema::PreflightResult;
using schema::Severity;
using schema::Verdict;

std::string plural_kind(ddl::ObjectKind kind) {
  switch (kind) {
    case ddl::ObjectKind::index: return "indexes";
    case ddl::ObjectKind::policy: return "policies";
    case ddl::ObjectKind::row_level_security: return "row level security";
    default: return std::string(ddl::to_string(kind)) + "s";
  }
}

// "columns: 0 of 4 exist; will add max_reports, email_digest to users"
std::string count_line(const KindCount& count) {
  std::string out = plural_kind(count.kind) + ": " + std::to_string(count.existing) + " of " +
                    std::to_string(count.declared) + " exist";
  if (!count.to_create.empty()) {
    const bool added = count.kind == ddl::ObjectKind::column || count.kind == ddl::ObjectKind::enum_value;
    out += added ? "; will add " : "; will create ";
    out += joined(count.to_create, ", ");
    if (!count.table.empty()) out += (added ? " to " : " on ") + count.table;
  }
  if (!count.different.empty()) {
    out += "; " + std::to_string(count.different.size()) + (count.different.size() == 1 ? " differs: " : " differ: ");
    out += joined(count.different, ", ");
  }
  return out;
}

std::string finding_text(const Finding& finding) {
  std::string out = finding.message;
  if (finding.repeats > 0) {
    out += " (and " + std::to_string(finding.repeats) + (finding.repeats == 1 ? " more place)" : " more places)");
  }
  return out;
}

Tone severity_tone(Severity severity) {
  switch (severity) {
    case Severity::error: return Tone::error;
    case Severity::warning: return Tone::warning;
    case Severity::info: return Tone::faint;
  }
  return Tone::faint;
}

void render_findings(const std::vector<Finding>& findings, const std::string& indent, Paint paint, std::string& out) {
  TextTable table;
  for (const auto& finding : findings) {
    table.add({paint(severity_tone(finding.severity), upper(schema::to_string(finding.severity))), finding.location,
               finding_text(finding)});
  }
  out += table.render(indent);
}

std::string verdict_word(Verdict verdict, Paint paint) {
  const std::string word = upper(schema::to_string(verdict));
  switch (verdict) {
    case Verdict::ok: return paint(Tone::good, word);
    case Verdict::warnings: return paint(Tone::warning, word);
    case Verdict::will_block:
    case Verdict::will_fail: return paint(Tone::bad, word);
  }
  return word;
}

std::string lock_text(ddl::LockMode mode) {
  if (mode == ddl::LockMode::none) return "";
  return std::string(ddl::to_string(mode)) + " (" + std::string(ddl::what_it_blocks(mode)) + ")";
}

std::size_t count_severity(const std::vector<Finding>& findings, Severity severity) {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(),
                                                [severity](const Finding& f) { return f.severity == severity; }));
}

std::string problems_summary(const std::vector<Finding>& findings) {
  std::vector<std::string> parts;
  const std::size_t errors = count_severity(findings, Severity::error);
  const std::size_t warnings = count_severity(findings, Severity::warning);
  if (errors > 0) parts.push_back(plural(errors, "error"));
  if (warnings > 0) parts.push_back(plural(warnings, "warning"));
  return joined(parts, ", ");
}

std::string headline(const PreflightResult& result, Paint paint) {
  const std::string pending = plural(result.pending, "pending migration");
  const std::string verdict = "Preflight: " + verdict_word(result.verdict, paint) + ": ";
  switch (result.verdict) {
    case Verdict::will_fail:
    case Verdict::will_block:
      return verdict + preflight_failure(result);
    case Verdict::warnings:
      return verdict + pending + "; read the warnings before running them";
    case Verdict::ok:
      if (result.pending == 0) return verdict + "nothing pending";
      // Where no shadow ran them, "no problems" is the static model's word alone: say so up front.
      return verdict + pending + ", no problems found" +
             (result.shadow.empty() && !result.no_shadow_reason.empty()
                  ? " by the static model alone (no shadow: see below)"
                  : "");
  }
  return "Preflight";
}

void render_server(const PreflightResult& result, Paint paint, std::string& out) {
  out += "Server: " + result.target + ": database " + result.database + " as " + result.current_user;
  out += result.superuser ? " (superuser)" : " (not a superuser)";
  out += ", PostgreSQL " + (result.server_version_text.empty() ? ddl::version_string(result.server_version)
                                                              : result.server_version_text) + "\n";
  if (result.minimum_server_version == 0) {
    out += "     The pending SQL needs no particular server version.\n";
    return;
  }
  out += "     The pending SQL needs PostgreSQL " + ddl::version_string(result.minimum_server_version) + " or later (" +
         result.minimum_server_feature + " at " + result.minimum_server_location + "): ";
  out += result.server_version >= result.minimum_server_version ? paint(Tone::good, "ok") + ".\n"
                                                               : paint(Tone::bad, "TOO OLD") + ": it will fail.\n";
}

// Every session the snapshot saw holding locks or a long transaction.
void render_sessions(const PreflightResult& result, std::string& out) {
  if (result.sessions.empty()) {
    out += "Other sessions: none holds a lock on these tables or has a long transaction open.\n";
    return;
  }
  out += "Other sessions: " + std::to_string(result.sessions.size()) +
         (result.sessions.size() == 1 ? " holds locks or a long transaction:\n" : " hold locks or long transactions:\n");
  TextTable sessions({"pid", "user", "application", "state", "transaction", "lock", "on", "query"});
  for (const auto& s : result.sessions) {
    std::string lock = s.mode;
    if (!s.granted && !lock.empty()) lock += " (waiting)";
    const std::string on = s.relation.empty() ? "" : (s.schema.empty() ? s.relation : s.schema + "." + s.relation);
    std::string query = s.query.size() > 60 ? s.query.substr(0, 57) + "..." : s.query;
    std::replace(query.begin(), query.end(), '\n', ' ');
    sessions.add({std::to_string(s.pid), s.user, s.application, s.state,
                  s.transaction_seconds > 0 ? schema::format_duration(s.transaction_seconds) : "", lock, on, query});
  }
  out += sessions.render("     ");
}

void render_migration(const MigrationPreflight& m, const schema::PreflightThresholds& thresholds, Paint paint,
                      std::string& out) {
  out += m.file_name;
  if (!m.transaction_mode.words.empty()) out += " (" + m.transaction_mode.text() + ")";
  out += ": " + verdict_word(m.verdict, paint) + "\n";
  for (const auto& count : m.counts) out += "     " + count_line(count) + "\n";
  if (m.shadow && m.shadow->checked) {
    // what the server did replaces what the static model predicted
    out += "\n" + shadow_outcome_text(*m.shadow, "     ", paint);
  } else if (m.objects.empty()) {
    out += "     It declares no schema objects pgapply can check.\n";
  } else {
    TextTable objects({"state", "kind", "object", "action", "at"});
    for (const auto& row : m.objects) {
      std::string state(schema::to_string(row.state));
      if (schema::fails(row.state)) state = paint(Tone::bad, upper(state));
      objects.add({state, std::string(ddl::to_string(row.kind)), row.object, row.action, row.location}, row.detail);
    }
    out += "\n" + objects.render("     ");
  }
  if (m.shadow && !m.shadow->checked) out += "\n" + shadow_outcome_text(*m.shadow, "     ", paint);
  if (!m.tables.empty()) {
    out += "\n     Tables it locks (large: from " + schema::format_count(thresholds.large_rows) + " rows or " +
           schema::format_bytes(thresholds.large_bytes) + ")\n";
    TextTable tables({"table", "rows", "size", "lock", "note"});
    for (const auto& t : m.tables) {
      std::vector<std::string> notes;
      if (t.large) notes.push_back("LARGE");
      if (t.rewrites) notes.push_back("rewritten");
      if (t.scans) notes.push_back("scanned");
      if (t.created_by_run) {
        tables.add({t.table, t.row_estimate == 0 ? "new, empty" : "new, filled by a query", "-", lock_text(t.lock),
                    joined(notes, ", ")});
      } else {
        tables.add({t.table, schema::format_rows(t.row_estimate), schema::format_bytes(t.total_bytes),
                    lock_text(t.lock), joined(notes, ", ")});
      }
    }
    out += tables.render("       ");
  }
  if (m.findings.empty()) {
    out += "\n     No findings.\n";
  } else {
    out += "\n     Findings\n";
    render_findings(m.findings, "       ", paint, out);
  }
}

nlohmann::ordered_json findings_json(const std::vector<Finding>& findings) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& f : findings) {
    out.push_back({{"severity", identifier(f.severity)},
                   {"message", f.message},
                   {"location", f.location},
                   {"repeats", f.repeats}});
  }
  return out;
}

nlohmann::ordered_json migration_json(const MigrationPreflight& m) {
  nlohmann::ordered_json counts = nlohmann::ordered_json::array();
  for (const auto& c : m.counts) {
    counts.push_back({{"kind", snake_case(ddl::to_string(c.kind))},
                      {"declared", c.declared},
                      {"existing", c.existing},
                      {"to_create", c.to_create},
                      {"different", c.different},
                      {"table", c.table.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.table)},
                      {"summary", count_line(c)}});
  }
  nlohmann::ordered_json objects = nlohmann::ordered_json::array();
  for (const auto& row : m.objects) {
    objects.push_back({{"kind", snake_case(ddl::to_string(row.kind))},
                       {"object", row.object},
                       {"action", row.action},
                       {"state", identifier(row.state)},
                       {"fails", schema::fails(row.state)},
                       {"detail", row.detail},
                       {"location", row.location}});
  }
  nlohmann::ordered_json tables = nlohmann::ordered_json::array();
  for (const auto& t : m.tables) {
    tables.push_back({{"table", t.table},
                      {"created_by_run", t.created_by_run},
                      {"row_estimate", static_cast<long long>(t.row_estimate)},
                      {"total_bytes", t.total_bytes},
                      {"lock", snake_case(ddl::to_string(t.lock))},
                      {"blocks", ddl::what_it_blocks(t.lock)},
                      {"rewrites", t.rewrites},
                      {"scans", t.scans},
                      {"large", t.large}});
  }
  nlohmann::ordered_json minimum = nullptr;
  if (m.minimum_server_version > 0) {
    minimum = {{"version_num", m.minimum_server_version},
               {"version", ddl::version_string(m.minimum_server_version)},
               {"feature", m.minimum_server_feature},
               {"location", m.minimum_server_location}};
  }
  return {{"version", m.version},
          {"file", m.file_name},
          {"script", m.shown},
          {"transaction_mode", m.transaction_mode.identifier},
          {"transaction_mode_reason", text_or_null(m.transaction_mode.reason)},
          {"verdict", identifier(m.verdict)},
          {"minimum_server_version", minimum},
          {"object_counts", counts},
          {"objects", objects},
          {"tables", tables},
          {"findings", findings_json(m.findings)},
          {"shadow", m.shadow ? shadow_outcome_json(*m.shadow) : nlohmann::ordered_json(nullptr)}};
}

}  // namespace

std::string preflight_failure(const PreflightResult& result) {
  if (result.verdict == Verdict::will_block) {
    const std::size_t blocking = static_cast<std::size_t>(std::count_if(
        result.migrations.begin(), result.migrations.end(),
        [](const MigrationPreflight& m) { return m.verdict == Verdict::will_block; }));
    return std::to_string(blocking) + " of " + plural(result.pending, "pending migration") +
           " will block a large table while a statement rewrites, scans or indexes it";
  }
  if (result.verdict != Verdict::will_fail) return "";
  const std::size_t failing = static_cast<std::size_t>(std::count_if(
      result.migrations.begin(), result.migrations.end(),
      [](const MigrationPreflight& m) { return m.verdict == Verdict::will_fail; }));
  const std::string pending = plural(result.pending, "pending migration");
  if (failing == 0) {  // the run as a whole: the ledger cannot be written, say
    return pending + "; " + problems_summary(result.findings) + " about the run";
  }
  return std::to_string(failing) + " of " + pending + " will fail";
}

std::string render_preflight_text(const PreflightResult& result, Paint paint) {
  // Sections are headed by a word, not a running number: in a long report
  // "115. 111_x.sql" would put two numbers side by side. Each migration's
  // section starts after a blank line with "Migration FILE".
  std::string out = headline(result, paint) + "\n\n";
  out += "Connection settings: " + result.settings_source + "\n";
  if (!result.shadow.empty()) {
    out += "     Shadow: " + result.shadow + ": the pending migrations ran there on a copy of the schema.\n";
    if (!result.shadow_run_changes.empty()) {
      out += "     Together they change " + std::to_string(result.shadow_run_changes.size()) +
             " objects (too many migrations to read the catalog after each):\n";
      const std::size_t shown = std::min<std::size_t>(result.shadow_run_changes.size(), 50);
      for (std::size_t i = 0; i < shown; ++i) out += "       " + result.shadow_run_changes[i] + "\n";
      if (shown < result.shadow_run_changes.size()) {
        out += "       ... and " + std::to_string(result.shadow_run_changes.size() - shown) +
               " more (--format json lists them all)\n";
      }
    }
  } else if (!result.no_shadow_reason.empty()) {
    out += "     No shadow (" + result.no_shadow_reason +
           "): what the static model predicts about objects is only a warning.\n";
  }
  render_server(result, paint, out);
  render_sessions(result, out);
  // About the run as a whole: other sessions' long transactions, the ledger's privileges.
  if (!result.findings.empty()) render_findings(result.findings, "     ", paint, out);
  out += "Ledger " + result.ledger + ": " + std::to_string(result.applied) + " applied, " +
         std::to_string(result.pending) + " pending" + (result.migrations.empty() ? ".\n" : ":\n");
  TextTable pending;
  for (const auto& m : result.migrations) pending.add({m.file_name, m.transaction_mode.text()});
  out += pending.render("     ");
  for (const auto& m : result.migrations) {
    out += "\nMigration ";
    render_migration(m, result.thresholds, paint, out);
  }
  out += "\nVerdict: " + verdict_word(result.verdict, paint) + "\n";
  TextTable verdicts;
  for (const auto& m : result.migrations) {
    const std::string summary = problems_summary(m.findings);
    verdicts.add({verdict_word(m.verdict, paint), m.file_name + (summary.empty() ? "" : ": " + summary)});
  }
  out += verdicts.render("     ");
  if (!result.findings.empty()) out += "     (and " + problems_summary(result.findings) + " about the run as a whole)\n";
  if (result.will_fail) out += "     Nothing was run. Fix the errors above, or the migrations will stop there.\n";
  if (result.verdict == Verdict::will_block) {
    out += "     Nothing was run. Rewrite each blocking statement shown above as its rule's safe way says, or "
           "accept the block with a -- pgapply: lint-ignore RULE REASON comment on the line before it.\n";
  }
  return out;
}

std::string render_preflight_json(const PreflightResult& result) {
  nlohmann::ordered_json migrations = nlohmann::ordered_json::array();
  for (const auto& m : result.migrations) migrations.push_back(migration_json(m));
  nlohmann::ordered_json minimum = nullptr;
  if (result.minimum_server_version > 0) {
    minimum = {{"version_num", result.minimum_server_version},
               {"version", ddl::version_string(result.minimum_server_version)},
               {"feature", result.minimum_server_feature},
               {"location", result.minimum_server_location}};
  }
  nlohmann::ordered_json sessions = nlohmann::ordered_json::array();
  for (const auto& session : result.sessions) {
    sessions.push_back({{"pid", session.pid},
                        {"user", session.user},
                        {"application", session.application},
                        {"state", session.state},
                        {"transaction_seconds", session.transaction_seconds},
                        {"mode", session.mode},
                        {"granted", session.granted},
                        {"schema", session.schema},
                        {"relation", session.relation},
                        {"query", session.query}});
  }
  nlohmann::ordered_json out = json_document("preflight");
  nlohmann::ordered_json shadow = shadow_json(result.shadow, result.no_shadow_reason);
  shadow["run_changes"] = result.shadow_run_changes;
  out.update(nlohmann::ordered_json{
      {"database", result.target},
      {"ledger", ledger_json(result.ledger)},
      {"verdict", identifier(result.verdict)},
      {"will_fail", result.will_fail},
      {"connection", {{"settings_source", result.settings_source}}},
      {"counts", {{"applied", result.applied}, {"pending", result.pending}}},
      {"server",
       {{"current_database", result.database},
        {"user", result.current_user},
        {"superuser", result.superuser},
        {"version_num", result.server_version},
        {"version", result.server_version_text},
        {"minimum_needed", minimum}}},
      {"thresholds", {{"large_rows", static_cast<long long>(result.thresholds.large_rows)}, {"large_bytes", result.thresholds.large_bytes}}},
      {"shadow", shadow},
      {"sessions", sessions},
      {"findings", findings_json(result.findings)},
      {"migrations", migrations}});
  return dump_document(out);
}

}  // namespace pgapply::report
