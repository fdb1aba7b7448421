#pragma once

#include <string>
#include <string_view>

#include "migrate/discovery.hpp"

namespace pgapply::migrate {

// The files `pgapply new NAME` creates.
struct NewMigration {
  std::string file_name;       // 004_add_audit_log.sql
  std::string content;         // its header comment block
  std::string down_file_name;  // 004_add_audit_log.down.sql
  std::string down_content;
};

// "Add audit log" -> "add_audit_log": lower case, '_' for spaces and for
// anything but letters and digits, no doubled or trailing '_'. Error(usage)
// when nothing is left.
std::string migration_name(std::string_view description);

// The next version after every migration and down file in `discovery`,
// written with the width the existing files use (001, 0001, a timestamp...;
// three digits in an empty directory).
std::string next_version_text(const Discovery& discovery, const std::vector<std::string>& file_names);

// The next migration's files, dated `date` (YYYY-MM-DD).
NewMigration new_migration(const Discovery& discovery, const std::vector<std::string>& file_names,
                           std::string_view description, std::string_view date);

}  // namespace pgapply::migrate
