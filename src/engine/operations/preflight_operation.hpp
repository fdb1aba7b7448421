#pragma once

#include "engine/operations/up_operation.hpp"
#include "engine/operations/verify_operation.hpp"
#include "lint/lint_settings.hpp"

namespace pgapply::engine {

struct PreflightOptions {
  UpOptions up;  // what up would be run with (target, out-of-order...; up.shadow: the shadow)
  bool json = false;
  bool idempotency = false;  // also run each pending migration twice on the shadow
  // The project's lint settings (--enable, --disable, --severity, [lint] in
  // pgapply.toml) for the pending files' lint findings; the PostgreSQL
  // version is the server's.
  lint::LintSettings lint;
};

// `pgapply preflight`: what the pending migrations would do to this
// database, step by step, read-only: each object they create, alter or drop
// against its current state (earlier pending migrations taken into account),
// privileges, sessions holding locks on the tables, table sizes and rewrites,
// the server version the SQL needs; a verdict per migration and overall.
// `failed`: something will fail. Throws Error(check) when up would refuse to
// run at all (modified, out-of-order or failed migrations).
ReportResult run_preflight(const PreflightOptions& options, RunOutput& output);

}  // namespace pgapply::engine
