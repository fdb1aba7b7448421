#include "catalog/drift.hpp"

namespace pgapply::catalog {

std::size_t DriftResult::count(DifferenceKind kind) const {
  std::size_t n = 0;
  for (const auto& difference : differences) n += difference.difference.kind == kind ? 1 : 0;
  return n;
}

std::vector<ExplainedDifference> explain_all(const Comparison& comparison, const Attributor& attributor,
                                             const Wording& wording, const std::string& home_schema) {
  std::vector<ExplainedDifference> out;
  for (const auto& difference : comparison.differences) {
    ExplainedDifference explained;
    explained.difference = difference;
    explained.object = describe(difference.key, home_schema);
    explained.explanation = explain(difference, wording, home_schema);
    if (difference.kind != DifferenceKind::extra) explained.made_by = attributor.locate(difference.key);
    out.push_back(std::move(explained));
  }
  return out;
}

}  // namespace pgapply::catalog
