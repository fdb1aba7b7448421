#include "catalog/privileges.hpp"

#include <algorithm>
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

}  // namespace pgapply::catalog
