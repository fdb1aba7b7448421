#include <algorithm>

#include "core/plural.hpp"
#include "schema/preflight.hpp"
#include "schema/preflight_findings.hpp"

namespace pgapply::schema {

namespace {

// "migrations/002_x.sql:3:5: ERROR: ..." -> "migrations/002_x.sql:3"
std::string location_of(const std::string& summary) {
  const auto first = summary.find(':');
  if (first == std::string::npos) return "";
  const auto second = summary.find(':', first + 1);
  return second == std::string::npos ? summary : summary.substr(0, second);
}

void proof_finding(const std::optional<Proof>& proof, const std::string& what, const MigrationPreflight& migration,
                   std::vector<Finding>& findings) {
  if (!proof || proof->status != Proof::Status::failed) return;
  std::string message = what + " proof failed on the shadow: " + proof->summary;
  if (const std::size_t changed = proof->changes.size(); changed > 0) {
    message += " (" + plural(changed, "object") + (changed == 1 ? " differs)" : " differ)");
  }
  findings.push_back({Severity::warning, message, migration.shown, 0, false});
}

}  // namespace

void apply_shadow_outcomes(PreflightResult& result, std::vector<ShadowOutcome> outcomes, const std::string& shadow,
                           bool as_target_role) {
  result.shadow = shadow;
  Verdict verdict = verdict_of(result.findings);
  for (std::size_t i = 0; i < result.migrations.size(); ++i) {
    MigrationPreflight& migration = result.migrations[i];
    if (i < outcomes.size() && outcomes[i].checked) {
      ShadowOutcome& outcome = outcomes[i];
      auto& findings = migration.findings;
      findings.erase(std::remove_if(findings.begin(), findings.end(),
                                    [as_target_role](const Finding& f) {
                                      return f.object_state || (as_target_role && f.privilege);
                                    }),
                     findings.end());
      if (!outcome.applied) {
        const std::string location = location_of(outcome.error_summary);
        const std::string message = location.empty() || outcome.error_summary.size() < location.size() + 2
                                        ? outcome.error_summary
                                        : outcome.error_summary.substr(location.size() + 2);
        findings.insert(findings.begin(), Finding{Severity::error, "fails on the shadow: " + message, location, 0, false});
      }
      proof_finding(outcome.idempotency, "idempotency", migration, findings);
      proof_finding(outcome.rollback, "rollback", migration, findings);
      migration.shadow = std::move(outcome);
    } else if (i < outcomes.size()) {
      if (!outcomes[i].unchecked.empty()) {
        // Nothing says it will fail, and no shadow could confirm what the static model predicts.
        for (auto& finding : migration.findings) {
          if (!finding.object_state || finding.severity != Severity::error) continue;
          finding.severity = Severity::warning;
          finding.message += " (the static model's prediction; no shadow could confirm it)";
        }
        migration.findings.insert(migration.findings.begin(),
                                  Finding{Severity::warning, "not checked on the shadow: " + outcomes[i].unchecked,
                                          outcomes[i].unchecked_at, 0, false});
      }
      migration.shadow = std::move(outcomes[i]);
    }
    migration.verdict = verdict_of(migration.findings);
    verdict = worse(verdict, migration.verdict);
  }
  result.verdict = verdict;
  result.will_fail = verdict == Verdict::will_fail;
}

}  // namespace pgapply::schema
