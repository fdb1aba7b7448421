#include "migrate/discovery.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace pgapply::migrate {

std::string_view to_string(FileFormat format) {
  switch (format) {
    case FileFormat::pgapply: return "pgapply";
    case FileFormat::golang_migrate: return "golang-migrate";
    case FileFormat::flyway: return "flyway";
    case FileFormat::dbmate: return "dbmate";
    case FileFormat::goose: return "goose";
    case FileFormat::goose_go: return "goose-go";
  }
  return "?";
}

namespace {

constexpr std::string_view sql_suffix = ".sql";
constexpr std::string_view up_suffix = ".up.sql";
constexpr std::string_view down_suffix = ".down.sql";
constexpr std::string_view flyway_separator = "__";

constexpr std::string_view expected_names =
    "expected NNN_name.sql (pgapply, dbmate, goose), N_name.up.sql with N_name.down.sql "
    "(golang-migrate), or V<version>__name.sql, U<version>__name.sql, R__name.sql (Flyway)";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// What a file name makes of a file.
enum class NameKind { migration, rollback, repeatable, ignored };

struct NamedFile {
  NameKind kind = NameKind::ignored;
  MigrationFile file;
  std::string reason;  // ignored: why
};

NamedFile ignored(std::string reason) {
  NamedFile named;
  named.reason = std::move(reason);
  return named;
}

NamedFile named(NameKind kind, FileFormat format, std::string_view version_text, std::string_view name,
                std::string_view file_name) {
  NamedFile result;
  result.kind = kind;
  result.file.version = version_text.empty() ? std::string() : canonical_version(version_text);
  result.file.version_text = std::string(version_text);
  result.file.name = std::string(name);
  result.file.file_name = std::string(file_name);
  result.file.format = format;
  return result;
}

// Flyway: V<version>__name.sql, U<version>__name.sql, R__name.sql.
std::optional<NamedFile> flyway_name(std::string_view file_name) {
  const char prefix = file_name.front();
  if (prefix != 'V' && prefix != 'U' && prefix != 'R') return std::nullopt;
  const std::string_view stem = file_name.substr(1, file_name.size() - 1 - sql_suffix.size());
  const auto separator = stem.find(flyway_separator);
  if (separator == std::string_view::npos) {
    // V1_init.sql: meant for Flyway, surely, but Flyway would not read it either.
    if (!stem.empty() && is_digit(stem.front())) {
      return ignored("not a migration: a Flyway file needs '__' (two underscores) between its version "
                     "and its name, as in " + std::string(1, prefix) + "1__name.sql");
    }
    return std::nullopt;
  }
  const std::string_view version = stem.substr(0, separator);
  const std::string_view name = stem.substr(separator + flyway_separator.size());
  if (prefix == 'R') {
    if (!version.empty()) {
      if (!is_digit(version.front())) return std::nullopt;  // Report__x.sql
      return ignored("not a migration: a Flyway repeatable migration has no version (R__name.sql)");
    }
    return named(NameKind::repeatable, FileFormat::flyway, "", name, file_name);
  }
  if (!is_version_text(version)) {
    if (version.empty() || !is_digit(version.front())) return std::nullopt;  // Views__x.sql
    return ignored("not a migration: '" + std::string(version) +
                   "' is not a Flyway version (numbers separated by '.' or '_')");
  }
  return named(prefix == 'V' ? NameKind::migration : NameKind::rollback, FileFormat::flyway, version, name,
               file_name);
}

// N_name.sql, N_name.up.sql, N_name.down.sql.
std::optional<NamedFile> numbered_name(std::string_view file_name) {
  const auto underscore = file_name.find('_');
  if (underscore == std::string_view::npos) return std::nullopt;
  const std::string_view digits = file_name.substr(0, underscore);
  if (!is_digits(digits)) return std::nullopt;
  const std::string_view rest = file_name.substr(underscore + 1);
  if (ends_with(rest, down_suffix)) {
    return named(NameKind::rollback, FileFormat::pgapply, digits, rest.substr(0, rest.size() - down_suffix.size()),
                 file_name);
  }
  if (ends_with(rest, up_suffix)) {
    return named(NameKind::migration, FileFormat::golang_migrate, digits,
                 rest.substr(0, rest.size() - up_suffix.size()), file_name);
  }
  const std::string_view name = rest.substr(0, rest.size() - sql_suffix.size());
  if (name.empty()) return std::nullopt;
  return named(NameKind::migration, FileFormat::pgapply, digits, name, file_name);
}

// Flyway's SQL callbacks: an event (beforeMigrate, afterEachMigrate,
// afterMigrateError...), then optionally __description.
bool is_flyway_callback(std::string_view file_name) {
  const std::string_view stem = file_name.substr(0, file_name.size() - sql_suffix.size());
  const std::string_view event = stem.substr(0, stem.find(flyway_separator));
  for (const std::string_view when : {std::string_view("before"), std::string_view("after")}) {
    if (event.size() > when.size() && event.starts_with(when) && event[when.size()] >= 'A' &&
        event[when.size()] <= 'Z' && std::all_of(event.begin(), event.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        })) {
      return true;
    }
  }
  return false;
}

NamedFile name_of(std::string_view file_name) {
  if (auto flyway = flyway_name(file_name)) return std::move(*flyway);
  if (auto numbered = numbered_name(file_name)) return std::move(*numbered);
  if (is_flyway_callback(file_name)) {
    return ignored("not a migration: a Flyway callback, which pgapply does not run (put what it does in a "
                   "migration, or a repeatable R__name.sql, which runs whenever it changes)");
  }
  return ignored("not a migration: " + std::string(expected_names));
}

// A file of the down/ sub-directory ("down/<name>"): a rollback file, or ignored.
NamedFile rollback_directory_file(std::string_view file_name) {
  NamedFile named = name_of(file_name.substr(rollback_directory.size() + 1));
  if (named.kind != NameKind::rollback) {
    return ignored("not a rollback file: " + std::string(rollback_directory) +
                   "/ holds only rollback files (NNN_name.down.sql, N_name.down.sql, U<version>__name.sql); "
                   "migrations go in the directory itself");
  }
  named.file.file_name = std::string(file_name);
  return named;
}

bool in_rollback_directory(std::string_view file_name) {
  return file_name.size() > rollback_directory.size() && file_name.starts_with(rollback_directory) &&
         file_name[rollback_directory.size()] == '/';
}

// Adds `file` under `key`. The file names come sorted, so a file mostly
// goes after the last one: tried first (the hint), in one comparison.
// (try_emplace leaves `file` as it is when the key is taken.)
template <typename Map>
void add_unique(Map& files, const std::string& key, MigrationFile&& file, std::string_view what,
                std::string_view key_name) {
  const std::size_t before = files.size();
  const auto at = files.try_emplace(files.end(), key, std::move(file));
  if (files.size() == before) {
    throw Error(ErrorKind::input,
                "two " + std::string(what) + " have " + std::string(key_name) + " " + key + ": " +
                    at->second.file_name + " and " + file.file_name + " (rename one of them: until then no pgapply command "
                    "applies, or reads, the directory's migrations)");
  }
}

}  // namespace

const MigrationFile* Discovery::find(std::string_view version) const {
  // `migrations` are in version order.
  const auto at = std::lower_bound(migrations.begin(), migrations.end(), version,
                                   [](const MigrationFile& file, std::string_view wanted) {
                                     return compare_versions(file.version, wanted) < 0;
                                   });
  return at != migrations.end() && at->version == version ? &*at : nullptr;
}

std::string flyway_description(std::string_view name) {
  std::string description(name);
  std::replace(description.begin(), description.end(), '_', ' ');
  return description;
}

std::string ledger_key(const MigrationFile& file) {
  return file.version.empty() ? repeatable_key(flyway_description(file.name)) : file.version;
}

const MigrationFile* find_code_migration(const Discovery& discovery, std::string_view version) {
  for (const auto& file : discovery.code_migrations) {
    if (compare_versions(file.version, version) == 0) return &file;
  }
  return nullptr;
}

namespace {

// goose's NNN_name.go (its Go migrations; not NNN_name_test.go), or nullopt.
std::optional<MigrationFile> goose_go_file(const std::string& file_name) {
  constexpr std::string_view go_suffix = ".go";
  if (!ends_with(file_name, go_suffix) || ends_with(file_name, "_test.go") || in_rollback_directory(file_name)) {
    return std::nullopt;
  }
  std::size_t digits = 0;
  while (digits < file_name.size() && is_digit(file_name[digits])) ++digits;
  const std::size_t name_end = file_name.size() - go_suffix.size();
  if (digits == 0 || digits + 1 >= name_end || file_name[digits] != '_') return std::nullopt;
  MigrationFile file;
  file.version_text = file_name.substr(0, digits);
  file.version = canonical_version(file.version_text);
  file.name = file_name.substr(digits + 1, name_end - digits - 1);
  file.file_name = file_name;
  file.format = FileFormat::goose_go;
  return file;
}

// How many bytes at `at` are a control character: C0, DEL, or C1
// (U+0080-U+009F, UTF-8 C2 80-9F, such as CSI); 0 for none.
std::size_t control_at(std::string_view name, std::size_t at) {
  const auto byte = static_cast<unsigned char>(name[at]);
  if (byte < 0x20 || byte == 0x7F) return 1;
  if (byte == 0xC2 && at + 1 < name.size()) {
    const auto next = static_cast<unsigned char>(name[at + 1]);
    if (next >= 0x80 && next <= 0x9F) return 2;
  }
  return 0;
}

// A name as a message shows it: a byte that is not UTF-8, or a control
// character, as \xNN.
std::string shown_name(std::string_view name) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string shown;
  const auto escape = [&](std::size_t at) {
    const auto byte = static_cast<unsigned char>(name[at]);
    shown += std::string("\\x") + digits[byte >> 4] + digits[byte & 0xF];
  };
  for (std::size_t at = 0; at < name.size();) {
    std::size_t next = at;
    if (const std::size_t control = control_at(name, at); control > 0) {
      for (std::size_t k = 0; k < control; ++k) escape(at++);
    } else if (next_code_point(name, next)) {
      shown.append(name, at, next - at);
      at = next;
    } else {
      escape(at++);
    }
  }
  return shown;
}

// The ledger records a file's name as text, and the server takes only UTF-8
// from pgapply: a name of other bytes (written on a system in another
// encoding) would fail at its record, after the file ran. A control
// character (a newline, a tab, an escape) would break every line that names
// the file, and could paint a terminal.
void refuse_unshowable_name(const std::string& file_name) {
  if (const auto bad = first_invalid_utf8(file_name)) {
    throw Error(ErrorKind::input, shown_name(file_name) + ": the file's name is not UTF-8 (byte " +
                                      std::to_string(*bad + 1) + "), and the ledger records names as text: rename "
                                      "the file");
  }
  for (std::size_t at = 0; at < file_name.size(); ++at) {
    if (control_at(file_name, at) == 0) continue;
    throw Error(ErrorKind::input, shown_name(file_name) + ": the file's name holds a control character (byte " +
                                      std::to_string(at + 1) + "): rename the file");
  }
}

// .SQL, .Sql...: .sql in another case.
bool has_sql_suffix_in_other_case(std::string_view file_name) {
  if (file_name.size() <= sql_suffix.size()) return false;
  const std::string_view extension = file_name.substr(file_name.size() - sql_suffix.size());
  for (std::size_t i = 0; i < extension.size(); ++i) {
    const char c = extension[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != sql_suffix[i]) return false;
  }
  return true;
}

}  // namespace

Discovery discover(const std::vector<std::string>& file_names) {
  Discovery found;
  std::map<std::string, MigrationFile, VersionLess> migrations;
  std::map<std::string, MigrationFile, VersionLess> code_migrations;
  std::map<std::string, MigrationFile> repeatables;  // by description: Flyway's order
  for (const auto& file_name : file_names) {
    if (auto go = goose_go_file(file_name)) {
      const std::string version = go->version;
      add_unique(code_migrations, version, std::move(*go), "migrations", "version");
      continue;
    }
    // An editor's lock file (Emacs's .#001_a.sql, there while a buffer has
    // unsaved changes): neither a migration nor a mistake to report.
    const std::string_view base = in_rollback_directory(file_name)
                                      ? std::string_view(file_name).substr(rollback_directory.size() + 1)
                                      : std::string_view(file_name);
    if (base.starts_with(".#")) continue;
    if (!ends_with(file_name, sql_suffix)) {
      // 003_c.SQL: meant for a migration, surely, but read by no tool.
      if (has_sql_suffix_in_other_case(file_name)) {
        ++found.sql_files;
        refuse_unshowable_name(file_name);
        const std::string_view extension = std::string_view(file_name).substr(file_name.size() - sql_suffix.size());
        found.ignored.emplace_back(file_name, "not a migration: its extension is '" + std::string(extension) +
                                                  "', and only '.sql' (in lower case) is read: rename it " +
                                                  std::string(base.substr(0, base.size() - sql_suffix.size())) +
                                                  std::string(sql_suffix));
      }
      continue;
    }
    ++found.sql_files;
    refuse_unshowable_name(file_name);
    NamedFile named = in_rollback_directory(file_name) ? rollback_directory_file(file_name) : name_of(file_name);
    switch (named.kind) {
      case NameKind::migration:
        add_unique(migrations, named.file.version, std::move(named.file), "migrations", "version");
        break;
      case NameKind::rollback:
        add_unique(found.down_files, named.file.version, std::move(named.file), "rollback files", "version");
        break;
      case NameKind::repeatable:
        add_unique(repeatables, flyway_description(named.file.name), std::move(named.file),
                   "repeatable migrations", "the description");
        break;
      case NameKind::ignored:
        found.ignored.emplace_back(file_name, std::move(named.reason));
        break;
    }
  }
  for (auto& [version, code] : code_migrations) {
    if (const auto sql = migrations.find(version); sql != migrations.end()) {
      throw Error(ErrorKind::input, "two migrations have version " + version + ": " + sql->second.file_name +
                                        " and " + code.file_name + " (goose's Go migration): rename one");
    }
    found.code_migrations.push_back(std::move(code));
  }
  found.migrations.reserve(migrations.size());
  for (auto& [version, migration] : migrations) {
    if (const auto down = found.down_files.find(version); down != found.down_files.end()) {
      migration.rollback = RollbackSource::file;
      migration.rollback_file = down->second.file_name;
      if (migration.format == FileFormat::golang_migrate && down->second.format == FileFormat::pgapply) {
        down->second.format = FileFormat::golang_migrate;  // N_name.down.sql beside N_name.up.sql
      }
    }
    found.migrations.push_back(std::move(migration));
  }
  found.repeatables.reserve(repeatables.size());
  for (auto& [description, repeatable] : repeatables) found.repeatables.push_back(std::move(repeatable));
  return found;
}

bool may_have_sections(const MigrationFile& migration) { return migration.format == FileFormat::pgapply; }

void set_sections(Discovery& discovery, std::string_view version, const FileSections& sections) {
  const auto migration = std::find_if(discovery.migrations.begin(), discovery.migrations.end(),
                                      [&](const MigrationFile& file) { return file.version == version; });
  if (migration == discovery.migrations.end() || sections.format == SectionFormat::plain) return;
  migration->format = sections.format == SectionFormat::dbmate ? FileFormat::dbmate : FileFormat::goose;
  migration->sections = std::make_shared<const FileSections>(sections);
  if (!sections.down) return;
  if (migration->rollback == RollbackSource::file) {
    throw Error(ErrorKind::input, migration->file_name + " has a down section (line " +
                                      std::to_string(sections.down->marker_line) + ") and a rollback file, " +
                                      migration->rollback_file + ": keep one of them (nothing was applied)");
  }
  migration->rollback = RollbackSource::down_section;
  migration->rollback_file = migration->file_name;
}

void require_migrations(const Discovery& discovery, std::string_view directory, std::string_view elsewhere) {
  if (!discovery.migrations.empty() || !discovery.repeatables.empty()) return;
  std::string hint;
  if (!elsewhere.empty()) hint.append(" ").append(elsewhere);
  if (discovery.sql_files == 0) {
    throw Error(ErrorKind::input, "no migrations in " + std::string(directory) + ": it holds no .sql file (" +
                                      std::string(expected_names) + "). Is --dir right?" + hint);
  }
  std::string message = std::string(directory) + ": none of its " + std::to_string(discovery.sql_files) +
                        " .sql file" + (discovery.sql_files == 1 ? " is" : "s is") + " a migration (" +
                        std::string(expected_names) + "): ";
  constexpr std::size_t shown = 3;
  std::size_t listed = 0;
  for (const auto& [file_name, reason] : discovery.ignored) {
    if (listed == shown) break;
    message += (listed++ == 0 ? "" : ", ") + file_name;
  }
  for (const auto& [version, down] : discovery.down_files) {
    if (listed == shown) break;
    message += (listed++ == 0 ? "" : ", ") + down.file_name + " (a rollback)";
  }
  if (discovery.sql_files > listed) message += ", ...";
  throw Error(ErrorKind::input, message + ". Is --dir right?" + hint);
}

}  // namespace pgapply::migrate
