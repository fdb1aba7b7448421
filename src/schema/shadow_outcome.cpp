#include "schema/shadow_outcome.hpp"

namespace pgapply::schema {

bool CheckResult::ok() const {
  for (const auto& migration : migrations) {
    const ShadowOutcome& outcome = migration.outcome;
    if (!outcome.checked || !outcome.applied) return false;
    for (const auto* proof : {&outcome.idempotency, &outcome.rollback}) {
      if (*proof && (*proof)->status == Proof::Status::failed) return false;
    }
  }
  return true;
}

}  // namespace pgapply::schema
