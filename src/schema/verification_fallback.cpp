#include <algorithm>

#include "schema/verification.hpp"

namespace pgapply::schema {

namespace {

bool certain(const CheckRow& row) {
  if (row.status == CheckStatus::invalid) return true;  // indisvalid is the server's own word
  return row.status == CheckStatus::missing && row.expected_present && !row.conditional &&
         (row.kind == ddl::ObjectKind::table || row.kind == ddl::ObjectKind::column);
}

}  // namespace

void keep_only_certain_failures(VerifyResult& result, const std::string& reason) {
  for (auto& row : result.rows) {
    if (!is_failure(row.status) || certain(row)) continue;
    row.differences.insert(row.differences.begin(), "the static model says " + std::string(to_string(row.status)) +
                                                        "; no shadow could confirm it");
    row.status = CheckStatus::uncertain;
  }
  result.no_shadow = reason;
  result.notes.insert(result.notes.begin(), "no shadow (" + reason +
                                                "): checked with the static model, whose findings are warnings "
                                                "unless certain");
  result.ok = std::none_of(result.rows.begin(), result.rows.end(), [](const CheckRow& row) { return is_failure(row.status); });
}

void shadow_could_not_check(VerifyResult& result) {
  result.shadow_failed = true;
  result.ok = false;
}

}  // namespace pgapply::schema
