#pragma once

// Grants as the model keeps them: one line per object, grantees sorted, so
// that two databases with the same grants read the same whatever order the
// GRANTs ran in.

#include <string>
#include <string_view>
#include <vector>

namespace pgapply::catalog {

// One privilege of an ACL, as aclexplode() gives it, with the grantee named
// "PUBLIC" for everyone and "(owner)" for the object's owner (the shadow
// applies migrations as another role than the target's owner: the owner's
// own privileges compare equal whoever owns it). The grantor is left out for
// the same reason.
struct Grant {
  std::string grantee;
  std::string privilege;  // SELECT, INSERT, USAGE, EXECUTE...
  bool grantable = false;
};

// "(owner): INSERT, SELECT, UPDATE; PUBLIC: SELECT; reader: SELECT*" (a '*'
// marks WITH GRANT OPTION); "" for no grants at all.
std::string format_privileges(std::vector<Grant> grants);

// The grantees whose privileges differ between two format_privileges texts,
// sorted ("PUBLIC", "(owner)" as there).
std::vector<std::string> grantees_differing(std::string_view here, std::string_view there);

}  // namespace pgapply::catalog
