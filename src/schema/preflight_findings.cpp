#include "schema/preflight_findings.hpp"

namespace pgapply::schema {

void FindingList::add(Severity severity, std::string message, std::string location, std::string fold) {
  if (fold.empty()) {
    fold = std::string(to_string(severity));
    fold += '\n';
    fold += message;
  }
  if (const auto found = seen_.find(fold); found != seen_.end()) {
    ++out_[found->second].repeats;
    return;
  }
  seen_.emplace(std::move(fold), out_.size());
  out_.push_back({severity, std::move(message), std::move(location), 0});
}

void FindingList::add_object_state(Severity severity, std::string message, std::string location, std::string fold) {
  const std::size_t before = out_.size();
  add(severity, std::move(message), std::move(location), std::move(fold));
  if (out_.size() > before) out_.back().object_state = true;
}

void FindingList::add_privilege(Severity severity, std::string message, std::string location, std::string fold) {
  const std::size_t before = out_.size();
  add(severity, std::move(message), std::move(location), std::move(fold));
  if (out_.size() > before) out_.back().privilege = true;
}

Verdict verdict_of(const std::vector<Finding>& findings) {
  Verdict verdict = Verdict::ok;
  for (const auto& finding : findings) {
    if (finding.severity == Severity::error && !finding.blocks) return Verdict::will_fail;
    if (finding.severity == Severity::error) {
      verdict = Verdict::will_block;
    } else if (finding.severity == Severity::warning && verdict == Verdict::ok) {
      verdict = Verdict::warnings;
    }
  }
  return verdict;
}

}  // namespace pgapply::schema
