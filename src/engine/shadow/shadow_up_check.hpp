#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "engine/ledger_session.hpp"
#include "engine/project.hpp"
#include "engine/shadow/shadow_database.hpp"

namespace pgapply::engine {

// up's automatic verify on the shadow, kept fast: before up applies
// anything, the target's schema is copied to a shadow (shadow_copy.hpp) and
// both are read; after, the files this run applied run on the shadow too,
// and the target is compared with it on the objects the run touched (what
// changed on either side), so drift on them shows too. What it cannot check
// (no shadow, a file failing on the shadow) is a warning, never a failure.
class ShadowUpCheck {
 public:
  // For a run that will apply `to_apply` (in order). nullptr, after a
  // warning on `output`, when no shadow can be had. pg_dump waits for the
  // target's locks as long as a migration would (`lock_timeout`; 0 or none: 5 s).
  static std::unique_ptr<ShadowUpCheck> prepare(LedgerSession& session, const ShadowOptions& options,
                                                const std::optional<std::string>& lock_timeout, const Project& project,
                                                const std::vector<const MigrationScript*>& to_apply,
                                                RunOutput& output);
  ~ShadowUpCheck();

  // After up applied `applied` (the `to_apply` of prepare). Prints the
  // verdict on `output`; throws Error(check) when the target differs from
  // the shadow on the objects the run touched.
  // `verify_command`: pgapply verify with the run's options, for the line that
  // says what this check cannot see (drift from before the run).
  void finish(LedgerSession& session, const std::vector<const MigrationScript*>& applied, RunOutput& output,
              const std::string& verify_command);

 private:
  ShadowUpCheck() = default;
  std::vector<schema::MigrationFacts> facts_;  // of the files the run applies
  std::unique_ptr<ShadowDatabase> shadow_;
  pg::Connection* connection_ = nullptr;
  catalog::CatalogModel target_before_;
  catalog::CatalogModel shadow_before_;
};

}  // namespace pgapply::engine
