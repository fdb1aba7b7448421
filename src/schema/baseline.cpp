#include "schema/baseline.hpp"

#include <map>

#include "schema/expected_schema.hpp"
#include "schema/verification.hpp"

namespace pgapply::schema {

namespace {

std::string problem_text(const CheckRow& row) {
  std::string out(to_string(row.status));
  out += ": ";
  out += ddl::to_string(row.kind);
  out += ' ';
  out += row.object;
  if (!row.differences.empty()) {
    out += " (";
    for (std::size_t i = 0; i < row.differences.size(); ++i) {
      if (i > 0) out += "; ";
      out += row.differences[i];
    }
    out += ')';
  }
  if (!row.declared_by.location().empty()) out += ", declared at " + row.declared_by.location();
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + items[i];
  return out;
}

// The static model's judgment of each migration: the expectations it set
// last are checked, and the ones earlier migrations set that are not there
// stay counted until a later migration sets them again (or drops them).
class StaticJudge {
 public:
  explicit StaticJudge(const CatalogSnapshot& catalog)
      : catalog_(catalog), model_(catalog, Start::empty), home_(catalog.creation_schema()) {}

  BaselineStep judge(const MigrationFacts& migration, const BaselineSearch& search) {
    model_.apply(migration);
    BaselineStep step;
    step.version = migration.version;
    step.file_name = migration.file_name;
    step.notes = unchecked_notes(migration);
    std::size_t own_problems = 0;
    for (const auto& object : model_.objects()) {
      if (object.declared_by.version != migration.version) continue;
      mismatched_.erase(object.key);
      if (!is_listed(object, model_)) continue;
      const CheckRow row = check_expectation(object, catalog_, home_);
      ++step.checked;
      if (row.status == CheckStatus::unknown) ++step.not_compared;
      if (!is_failure(row.status)) continue;
      mismatched_.emplace(object.key, problem_text(row));
      ++own_problems;
    }
    // What a later declaration made part of something dropped, or moved away, is no longer expected on its own.
    std::erase_if(mismatched_, [this](const auto& item) {
      const ExpectedObject* object = model_.entry(item.first);
      return object == nullptr || !is_listed(*object, model_);
    });
    step.mismatched = mismatched_.size();
    if (search.explains(step.mismatched)) {
      for (const auto& object : model_.objects()) {  // in the order declared
        if (const auto found = mismatched_.find(object.key); found != mismatched_.end()) {
          step.problems.push_back(found->second);
        }
      }
    }
    step.reason = reason(step, own_problems);
    return step;
  }

 private:
  static std::string reason(const BaselineStep& step, std::size_t own_problems) {
    if (step.checked == 0) return "declares nothing pgapply can check (data only?): whether it ran cannot be seen";
    if (own_problems > 0) {
      return std::to_string(own_problems) + " of " + std::to_string(step.checked) +
             " declared objects are not there as declared";
    }
    if (step.mismatched > 0) {
      return "its declared objects are there, but " + std::to_string(step.mismatched) +
             " declared by earlier migrations are not there as the migrations up to it leave them";
    }
    std::string out = step.checked == 1 ? "its one declared object is there as declared"
                                        : "all " + std::to_string(step.checked) + " declared objects are there as declared";
    if (step.not_compared > 0) {
      out += " (" + std::to_string(step.not_compared) + " with a default that could not be compared)";
    }
    return out;
  }

  const CatalogSnapshot& catalog_;
  ExpectedSchema model_;
  std::string home_;
  std::map<ObjectKey, std::string> mismatched_;  // expectations not there, with their problem line
};

}  // namespace

std::string_view to_string(BaselineDecision decision) {
  switch (decision) {
    case BaselineDecision::proposed: return "proposed";
    case BaselineDecision::not_there: return "not there";
    case BaselineDecision::nothing_to_check: return "nothing to check";
    case BaselineDecision::not_considered: return "not considered";
    case BaselineDecision::requested: return "requested";
  }
  return "?";
}

void BaselineSearch::add(BaselineStep step) {
  const std::size_t index = steps_.size();
  const bool proves = step.outcome == BaselineStep::Outcome::judged && failed_ == none && step.checked > 0;
  if (step.outcome == BaselineStep::Outcome::failed && failed_ == none) failed_ = index;
  if (proves && step.mismatched == 0) {
    proposed_ = index + 1;
    if (nearest_ != none) steps_[nearest_].problems.clear();
    nearest_ = none;
    nearest_mismatched_ = none;
  } else if (proves && explains(step.mismatched)) {
    if (nearest_ != none) steps_[nearest_].problems.clear();
    nearest_ = index;
    nearest_mismatched_ = step.mismatched;
  } else {
    step.problems.clear();
  }
  steps_.push_back(std::move(step));
}

BaselineResult BaselineSearch::finish() const {
  BaselineResult result;
  const std::size_t k = proposed_;
  const std::size_t stop = nearest_ != none ? nearest_ : failed_;
  // Right after the proposal, up to the next migration that changes something: data only, unseen.
  std::vector<std::string> unseen;
  std::size_t unseen_end = k;
  while (unseen_end < steps_.size() && steps_[unseen_end].outcome == BaselineStep::Outcome::judged &&
         steps_[unseen_end].checked == 0) {
    unseen.push_back(steps_[unseen_end].file_name);
    ++unseen_end;
  }
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    const BaselineStep& step = steps_[i];
    BaselineEntry entry;
    entry.version = step.version;
    entry.file_name = step.file_name;
    entry.checked = step.checked;
    entry.not_compared = step.not_compared;
    entry.notes = step.notes;
    if (i < k) {
      entry.decision = BaselineDecision::proposed;
      if (step.checked == 0) {
        entry.reason = step.reason + "; proposed with the later migrations, whose objects are here";
      } else if (step.mismatched > 0) {
        entry.reason = "its objects are here as the migrations up to " + steps_[k - 1].file_name + " leave them";
      } else {
        entry.reason = step.reason;
      }
      result.versions.push_back(step.version);
    } else if (i == stop) {
      entry.decision = BaselineDecision::not_there;
      entry.reason = step.reason;
      entry.problems = step.problems;
    } else if (i < unseen_end) {
      entry.decision = BaselineDecision::nothing_to_check;
      entry.reason = step.reason;
    } else {
      entry.reason = step.outcome == BaselineStep::Outcome::not_run ? step.reason : "not proposed: " + step.reason;
    }
    result.entries.push_back(std::move(entry));
  }
  if (k == steps_.size()) return result;

  result.stopped_at = steps_[k].version;
  if (stop != none && steps_[stop].outcome == BaselineStep::Outcome::judged && !steps_[stop].problems.empty()) {
    const BaselineStep& nearest = steps_[stop];
    std::string why = "the database is not as the migrations up to " + nearest.file_name +
                      " leave it: " + nearest.problems.front();
    if (nearest.mismatched > 1) why += " (and " + std::to_string(nearest.mismatched - 1) + " more)";
    result.suggestion = k == 0 ? "nothing to baseline: " + why
                               : "pgapply up then applies " + steps_[k].file_name + " and later (" + why + ")";
    if (!unseen.empty()) {
      result.suggestion += "; whether " + joined(unseen) + (unseen.size() == 1 ? " has" : " have") +
                           " run cannot be seen (data only?): check by hand";
    }
  } else {
    result.suggestion = "check by hand whether " + steps_[k].file_name + " has run; if it has, baseline with --version " +
                        steps_[k].version + " or later";
  }
  return result;
}

BaselineResult detect_baseline(const std::vector<MigrationFacts>& migrations, const CatalogSnapshot& catalog) {
  StaticJudge judge(catalog);
  BaselineSearch search;
  for (const auto& migration : migrations) search.add(judge.judge(migration, search));
  return search.finish();
}

}  // namespace pgapply::schema
