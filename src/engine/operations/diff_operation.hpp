#pragma once

#include "engine/operations/verify_operation.hpp"

namespace pgapply::engine {

// `pgapply diff`: the drift between the database and what its applied
// migrations make, both ways (drift_check.hpp): objects the database has
// that no migration made, objects the migrations make that it lacks, and
// objects that differ. `failed` (exit 4): there is drift. Without a shadow,
// verify's static model (which cannot see objects no migration declares),
// with a note. Read-only.
ReportResult run_diff(const VerifyOptions& options, RunOutput& output);

}  // namespace pgapply::engine
