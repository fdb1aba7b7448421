#include "migrate/new_migration.hpp"

#include <algorithm>
#include <map>

#include "core/error.hpp"

namespace pgapply::migrate {

std::string migration_name(std::string_view description) {
  std::string name;
  for (char c : description) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) {
      name += c;
    } else if (byte >= 'A' && byte <= 'Z') {
      name += static_cast<char>(byte - 'A' + 'a');
    } else if (!name.empty() && name.back() != '_') {
      name += '_';
    }
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  if (name.empty()) {
    throw Error(ErrorKind::usage, "a migration name needs letters or digits, not '" + std::string(description) + "'");
  }
  return name;
}

std::string next_version_text(const Discovery& discovery, const std::vector<std::string>& file_names) {
  std::string highest = "0";
  for (const auto& migration : discovery.migrations) {
    if (compare_versions(migration.version, highest) > 0) highest = migration.version;
  }
  for (const auto& [version, down] : discovery.down_files) {
    if (compare_versions(version, highest) > 0) highest = version;
  }
  // The width most files use (ties: the wider), three digits when there are none.
  std::map<std::size_t, std::size_t> widths;
  for (const auto& file_name : file_names) {
    if (parse_migration_file_name(file_name, false) || parse_migration_file_name(file_name, true)) {
      ++widths[file_name.find('_')];
    }
  }
  std::size_t width = 3;
  std::size_t most = 0;
  for (const auto& [candidate, count] : widths) {
    if (count >= most) {
      width = candidate;
      most = count;
    }
  }
  // highest + 1, in decimal digits of any length.
  std::string next = highest;
  std::size_t i = next.size();
  while (i > 0 && next[i - 1] == '9') next[--i] = '0';
  if (i == 0) {
    next.insert(next.begin(), '1');
  } else {
    ++next[i - 1];
  }
  if (next.size() < width) next.insert(0, width - next.size(), '0');
  return next;
}

NewMigration new_migration(const Discovery& discovery, const std::vector<std::string>& file_names,
                           std::string_view description, std::string_view date) {
  const std::string name = migration_name(description);
  const std::string stem = next_version_text(discovery, file_names) + "_" + name;
  NewMigration created;
  created.file_name = stem + ".sql";
  created.down_file_name = stem + ".down.sql";
  created.content =
      "-- Migration: " + stem + "\n"
      "-- Purpose:   " + std::string(description) + "\n"
      "-- Date:      " + std::string(date) + "\n"
      "-- Breaking:  none\n"
      "-- Rollback:  " + created.down_file_name + " (pgapply down)\n"
      "--\n"
      "-- Runs in one transaction, recorded in the ledger with it. Statements that\n"
      "-- cannot run in a transaction (CREATE INDEX CONCURRENTLY...) make the file run\n"
      "-- statement by statement instead; \"-- pgapply: no-transaction\" here forces that.\n"
      "\n";
  created.down_content =
      "-- Rollback of " + created.file_name + " (pgapply down): undo it, newest change first.\n"
      "\n";
  return created;
}

}  // namespace pgapply::migrate
