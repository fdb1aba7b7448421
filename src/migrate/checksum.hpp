#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pgapply::migrate {

// SHA-256 of a migration's text with CRLF line ends read as LF, so that a
// checkout with Windows line ends does not look like an edited file. Fed in
// pieces of any size (a CR at the end of one piece and LF at the start of the
// next still count as one line end).
class Checksum {
 public:
  Checksum();
  ~Checksum();
  Checksum(Checksum&&) noexcept;
  Checksum& operator=(Checksum&&) noexcept;

  void update(std::string_view bytes);
  // The digest as 64 lower-case hex digits. The object starts again
  // afterwards (as if new): it may checksum another text.
  std::string hex_digest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
  bool pending_cr_ = false;
};

// The checksum of a whole text.
std::string checksum_of(std::string_view text);

// SHA-1 of the bytes as they are, 40 lower-case hex digits: sqitch's
// script_hash of a deploy script (no line ends read otherwise).
std::string sha1_hex(std::string_view bytes);

// --- The migration checksum ---------------------------------------------
//
// What the ledger records for a migration, and what drift is checked against
// (README "Checksums and drift"). A migration can depend on more than its own
// bytes: the files it includes (\i, \ir) and the psql variables it
// interpolates. Its checksum covers them:
//
//   no dependencies   the file's own checksum
//   dependencies      checksum_of the lines, each ended by "\n":
//                       <the file's own checksum>
//                       include <path relative to the migrations directory> <that file's checksum>
//                       var <name>=<value>     (a Flyway placeholder: var ${name}=<value>)
//                     the dependency lines in the order the run met them (an
//                     include's line where its \i is, before what the
//                     included file interpolates)
//
// So an edited include or another -v value shows as drift, and a migration
// without dependencies keeps the checksum of its file alone. The scheme is
// recorded in every ledger: changing it makes every applied migration drift.

// A dependency line for a file read by \i or \ir.
std::string include_dependency(std::string_view path, std::string_view checksum);
// A dependency line for an interpolated variable.
std::string variable_dependency(std::string_view name, std::string_view value);
// The migration's checksum from its file's checksum and its dependency lines.
std::string migration_checksum(std::string_view file_checksum, const std::vector<std::string>& dependencies);

}  // namespace pgapply::migrate
