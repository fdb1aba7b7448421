#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/discovery.hpp"

namespace pgapply::migrate {

// `pgapply new NAME`: what to create.
struct NewMigrationRequest {
  std::string description;  // "Add audit log"
  bool timestamp = false;   // --timestamp: version YYYYMMDDHHMMSS (UTC)
  bool down = false;        // --down: also a rollback file, where the format keeps it apart
  // pgapply's NNN_name.down.sql goes in down/ (discovery.hpp's
  // rollback_directory), where a tool that reads every <digits>_<name>.sql
  // of the directory as a migration (--ledger-format supabase, dbmate) does not look.
  bool rollback_apart = false;
  // The only format the --ledger-format's tool reads (dbmate's sections,
  // golang-migrate's pair), whatever the newest file's.
  std::optional<FileFormat> required_format;
  std::time_t now = 0;      // the clock (tests fix it)
};

struct NewFile {
  std::string file_name;
  std::string content;
};

// The files `pgapply new` creates, the migration first.
struct NewMigration {
  FileFormat format = FileFormat::pgapply;
  std::string version_text;  // as in the file name: "004", "20261121093000", "1_3"
  std::vector<NewFile> files;
};

// "Add audit log" -> "add_audit_log": lower case, '_' for spaces and for
// anything but letters and digits, no doubled or trailing '_'. Latin letters
// with accents become their base letters ("Grüße für Ünï" -> "grusse_fur_uni";
// ß -> ss, æ -> ae, œ -> oe, ø -> o, ł -> l, þ -> th), from a table of Latin-1
// and Latin Extended-A (and decomposed accents are dropped). Any other
// non-ASCII letter (Cyrillic, Greek, CJK...) is refused, as is text that is
// not UTF-8: Error(usage) naming the character, never a mangled name. So is
// a description with nothing left.
std::string migration_name(std::string_view description);

// A version YYYYMMDDHHMMSS for `now`, in UTC.
std::string timestamp_version(std::time_t now);

// Whether a version as written is a 14-digit timestamp (YYYYMMDDHHMMSS with a
// plausible date and time), as dbmate, goose -timestamp, golang-migrate and
// the Supabase CLI write them.
bool is_timestamp_version(std::string_view version_text);

// The next migration's files. The format is that of the migration with the
// highest version (pgapply in an empty directory): pgapply NNN_name.sql (and
// NNN_name.down.sql with `down`, in down/ with `rollback_apart`); golang-migrate N_name.up.sql and
// N_name.down.sql; Flyway V<next>__name.sql (and U<next>__name.sql with
// `down`); dbmate and goose NNN_name.sql with empty up and down sections.
// The version is a UTC timestamp with `timestamp` or when the highest
// version is one (bumped past the highest version if the clock is behind
// it); otherwise the highest version plus one, written as wide as most files
// write theirs (001, 0001; three digits in an empty directory), a dotted
// Flyway version increasing its last part (1_2 -> 1_3). The header names a
// rollback file only when one is created.
NewMigration new_migration(const Discovery& discovery, const NewMigrationRequest& request);

}  // namespace pgapply::migrate
