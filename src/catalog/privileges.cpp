#include "catalog/privileges.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace pgapply::catalog {

std::string format_privileges(std::vector<Grant> grants) {
  std::sort(grants.begin(), grants.end(), [](const Grant& a, const Grant& b) {
    return std::tie(a.grantee, a.privilege, a.grantable) < std::tie(b.grantee, b.privilege, b.grantable);
  });
  grants.erase(std::unique(grants.begin(), grants.end(),
                           [](const Grant& a, const Grant& b) {
                             return a.grantee == b.grantee && a.privilege == b.privilege && a.grantable == b.grantable;
                           }),
               grants.end());
  std::string text;
  for (std::size_t i = 0; i < grants.size(); ++i) {
    const bool first_of_grantee = i == 0 || grants[i - 1].grantee != grants[i].grantee;
    if (first_of_grantee) text += (i == 0 ? "" : "; ") + grants[i].grantee + ": ";
    else text += ", ";
    text += grants[i].privilege + (grants[i].grantable ? "*" : "");
  }
  return text;
}

namespace {

// grantee -> its privileges, as format_privileges wrote them.
std::map<std::string, std::string, std::less<>> by_grantee(std::string_view text) {
  std::map<std::string, std::string, std::less<>> grants;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find("; "), text.size());
    const std::string_view one = text.substr(0, end);
    const std::size_t colon = one.rfind(": ");
    if (colon != std::string_view::npos) grants[std::string(one.substr(0, colon))] = one.substr(colon + 2);
    text.remove_prefix(std::min(end + 2, text.size()));
  }
  return grants;
}

}  // namespace

std::vector<std::string> grantees_differing(std::string_view here, std::string_view there) {
  const auto in_here = by_grantee(here);
  const auto in_there = by_grantee(there);
  std::vector<std::string> differing;
  for (const auto& [grantee, privileges] : in_here) {
    const auto found = in_there.find(grantee);
    if (found == in_there.end() || found->second != privileges) differing.push_back(grantee);
  }
  for (const auto& [grantee, privileges] : in_there) {
    if (in_here.count(grantee) == 0) differing.push_back(grantee);
  }
  std::sort(differing.begin(), differing.end());
  return differing;
}

}  // namespace pgapply::catalog
