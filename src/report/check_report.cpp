#include "report/check_report.hpp"

#include <nlohmann/json.hpp>

#include "report/json_document.hpp"
#include "core/plural.hpp"

namespace pgapply::report {

namespace {

using schema::Proof;

std::string_view status_text(Proof::Status status) {
  switch (status) {
    case Proof::Status::proven: return "proven";
    case Proof::Status::partial: return "partial";
    case Proof::Status::failed: return "failed";
    case Proof::Status::not_run: return "not_run";
  }
  return "?";
}

nlohmann::ordered_json proof_json(const std::optional<Proof>& proof) {
  if (!proof) return nullptr;
  return {{"status", status_text(proof->status)},
          {"summary", proof->summary},
          {"error_text", proof->error},
          {"changes", proof->changes}};
}

// The server's report, indented (it may span lines: DETAIL, the caret...).
std::string indented(const std::string& text, const std::string& indent) {
  std::string out = indent;
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '\n' && i + 1 < text.size()) out += indent;
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

void proof_text(const char* name, const std::optional<Proof>& proof, const std::string& indent, Paint paint,
                std::string& out) {
  if (!proof) return;
  out += indent + name + ": ";
  switch (proof->status) {
    case Proof::Status::proven: out += proof->summary + "\n"; return;
    case Proof::Status::partial: out += paint(Tone::attention, "not proven for the target's rows") + ": " +
                                        proof->summary + "\n"; return;
    case Proof::Status::not_run: out += proof->summary + "\n"; return;
    case Proof::Status::failed: out += paint(Tone::bad, "FAILED") + ": " + proof->summary + "\n"; break;
  }
  for (const auto& line : proof->changes) out += indent + "  " + line + "\n";
  if (!proof->error.empty()) out += indented(proof->error, indent + "  ");
}

}  // namespace

std::string shadow_outcome_text(const schema::ShadowOutcome& outcome, const std::string& indent, Paint paint) {
  std::string out;
  if (!outcome.checked && !outcome.unchecked.empty()) {
    return indent + "not checked on the shadow: " + (outcome.unchecked_at.empty() ? "" : outcome.unchecked_at + ": ") +
           outcome.unchecked + "\n";
  }
  if (!outcome.checked) return indent + "not run on the shadow: an earlier migration fails there\n";
  if (!outcome.applied) {
    out += indent + paint(Tone::bad, "WILL FAIL") + " on the shadow:\n";
    out += indented(outcome.error, indent + "  ");
    return out;
  }
  out += indent + "applies on the shadow in " + std::to_string(outcome.milliseconds) + " ms";
  if (!outcome.changes_listed) {
    out += "\n";
  } else if (outcome.changes.empty()) {
    out += ", changing no object\n";
  } else {
    out += ", changing " + plural(outcome.changes.size(), "object") + ":\n";
    for (const auto& line : outcome.changes) out += indent + "  " + line + "\n";
  }
  proof_text("idempotency", outcome.idempotency, indent, paint, out);
  proof_text("rollback", outcome.rollback, indent, paint, out);
  return out;
}

nlohmann::ordered_json shadow_outcome_json(const schema::ShadowOutcome& outcome) {
  return {{"checked", outcome.checked},
          {"unchecked", outcome.unchecked.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(outcome.unchecked)},
          {"unchecked_at", outcome.unchecked_at.empty() ? nlohmann::ordered_json(nullptr)
                                                        : nlohmann::ordered_json(outcome.unchecked_at)},
          {"applied", outcome.applied},
          {"error_text", outcome.error},
          {"error_summary", outcome.error_summary},
          {"duration_ms", outcome.milliseconds},
          {"changes", outcome.changes_listed ? nlohmann::ordered_json(outcome.changes) : nlohmann::ordered_json(nullptr)},
          {"idempotency", proof_json(outcome.idempotency)},
          {"rollback", proof_json(outcome.rollback)}};
}

std::string check_failure(const schema::CheckResult& result) {
  if (result.ok()) return "";
  std::size_t failing = 0, idempotency_failed = 0, rollback_failed = 0;
  for (const auto& migration : result.migrations) {
    const auto& outcome = migration.outcome;
    if (!outcome.checked || !outcome.applied) ++failing;
    if (outcome.idempotency && outcome.idempotency->status == Proof::Status::failed) ++idempotency_failed;
    if (outcome.rollback && outcome.rollback->status == Proof::Status::failed) ++rollback_failed;
  }
  std::vector<std::string> parts;
  if (failing > 0) parts.push_back(plural(failing, "migration") + " not applied on the shadow");
  if (idempotency_failed > 0) parts.push_back(std::to_string(idempotency_failed) + " not idempotent");
  if (rollback_failed > 0) parts.push_back(plural(rollback_failed, "rollback") + " failed");
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

std::string render_check_text(const schema::CheckResult& result, Paint paint) {
  std::string out = "Check of " + plural(result.migrations.size(), "migration") + " on the shadow (" + result.shadow +
                    "), " + (result.database.empty() ? "from an empty database" : "from the schema of " + result.database) +
                    ".\n";
  for (const auto& migration : result.migrations) {
    out += "\n" + migration.shown + "\n" + shadow_outcome_text(migration.outcome, "  ", paint);
  }
  for (const auto& note : result.notes) out += "note: " + note + "\n";
  out += "\n";
  if (result.ok()) {
    out += "Check " + paint(Tone::good, "ok") + ": every migration applies";
    std::size_t partial = 0;
    for (const auto& migration : result.migrations) {
      const auto& proof = migration.outcome.idempotency;
      partial += proof && proof->status == Proof::Status::partial ? 1 : 0;
    }
    if (result.idempotency) {
      out += partial == 0 ? ", is safe to run twice"
                          : ", is safe to run twice on the shadow (" + plural(partial, "migration") +
                                " not proven for the target's rows)";
    }
    if (result.rollback) out += ", and rolls back with its down file or down section where it has one";
    out += ".\n";
  } else {
    out += "Check " + paint(Tone::bad, "FAILED") + ": " + check_failure(result) + ".\n";
  }
  return out;
}

std::string render_check_json(const schema::CheckResult& result) {
  Json json = json_document("check");
  json["database"] = text_or_null(result.database);
  json["ledger"] = result.ledger.empty() ? Json(nullptr) : ledger_json(result.ledger);
  json["shadow"] = shadow_json(result.shadow, "");
  json["proofs"] = {{"idempotency", result.idempotency}, {"rollback", result.rollback}};
  json["ok"] = result.ok();
  json["migrations"] = Json::array();
  for (const auto& migration : result.migrations) {
    json["migrations"].push_back(
        {{"version", migration.version},
         {"file", migration.file_name},
         {"script", migration.shown},
         {"shadow", shadow_outcome_json(migration.outcome)}});
  }
  json["notes"] = result.notes;
  return dump_document(json);
}

}  // namespace pgapply::report
