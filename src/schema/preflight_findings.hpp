#pragma once

// Internal to preflight: findings as the checks report them, one line per
// problem however many statements hit it ("... (and 3 more places)").

#include <map>
#include <string>
#include <vector>

#include "schema/preflight.hpp"

namespace pgapply::schema {

class FindingList {
 public:
  explicit FindingList(std::vector<Finding>& out) : out_(out) {}

  // A finding whose `fold` key (by default its severity and message) was
  // seen before only counts as a repeat of that one.
  void add(Severity severity, std::string message, std::string location, std::string fold = "");
  // The same for a finding about an object's state (exists, missing...):
  // what the static model predicts, which the shadow overrules.
  void add_object_state(Severity severity, std::string message, std::string location, std::string fold = "");
  // The same for a finding about the role's privileges (Finding::privilege).
  void add_privilege(Severity severity, std::string message, std::string location, std::string fold = "");

 private:
  std::vector<Finding>& out_;
  std::map<std::string, std::size_t> seen_;
};

// The worst severity among findings, as a verdict.
Verdict verdict_of(const std::vector<Finding>& findings);

}  // namespace pgapply::schema
