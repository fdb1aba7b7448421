#include "migrate/new_migration.hpp"

#include <array>
#include <cstdio>
#include <map>
#include <optional>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace pgapply::migrate {

namespace {

// ASCII for U+00C0..U+017F, lower case: Latin-1's letters and Latin
// Extended-A. "" for the two that are not letters (× and ÷): a separator.
constexpr std::array<std::string_view, 0x180 - 0xC0> latin_letters{
    // U+00C0: À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    // U+00D0: Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    // U+00E0: à á â ã ä å æ ç è é ê ë ì í î ï
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    // U+00F0: ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    // U+0100: Ā ā Ă ă Ą ą Ć ć Ĉ ĉ Ċ ċ Č č Ď ď
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    // U+0110: Đ đ Ē ē Ĕ ĕ Ė ė Ę ę Ě ě Ĝ ĝ Ğ ğ
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    // U+0120: Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ Ĩ ĩ Ī ī Ĭ ĭ Į į
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    // U+0130: İ ı Ĳ ĳ Ĵ ĵ Ķ ķ ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    // U+0140: ŀ Ł ł Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ Ō ō Ŏ ŏ
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    // U+0150: Ő ő Œ œ Ŕ ŕ Ŗ ŗ Ř ř Ś ś Ŝ ŝ Ş ş
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    // U+0160: Š š Ţ ţ Ť ť Ŧ ŧ Ũ ũ Ū ū Ŭ ŭ Ů ů
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    // U+0170: Ű ű Ų ų Ŵ ŵ Ŷ ŷ Ÿ Ź ź Ż ż Ž ž ſ
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

std::string code_point_name(char32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(value));
  return text;
}

// The ASCII of one character: itself, its Latin base letters, "" for a
// separator, nullopt where there is none.
std::optional<std::string_view> ascii_of(char32_t c) {
  static constexpr std::string_view digits_and_letters =
      "0123456789abcdefghijklmnopqrstuvwxyz";
  if (c >= '0' && c <= '9') return digits_and_letters.substr(c - '0', 1);
  if (c >= 'a' && c <= 'z') return digits_and_letters.substr(10 + (c - 'a'), 1);
  if (c >= 'A' && c <= 'Z') return digits_and_letters.substr(10 + (c - 'A'), 1);
  if (c < 0xC0) return std::string_view{};  // ASCII punctuation, spaces, Latin-1 symbols: a separator
  if (c < 0x180) return latin_letters[c - 0xC0];
  if (c >= 0x218 && c <= 0x21B) return c < 0x21A ? std::string_view("s") : std::string_view("t");  // Ș ș Ț ț
  return std::nullopt;
}

// Combining accents (U+0300..U+036F), as in decomposed text: dropped.
bool is_combining_mark(char32_t c) { return c >= 0x300 && c <= 0x36F; }

std::tm utc_time(std::time_t now) {
  std::tm utc{};
  gmtime_r(&now, &utc);
  return utc;
}

std::string formatted(std::time_t now, const char* format) {
  const std::tm utc = utc_time(now);
  char text[32];
  std::strftime(text, sizeof text, format, &utc);
  return text;
}

// `digits` + 1, in decimal digits of any length (keeping leading zeros).
std::string incremented(std::string digits) {
  std::size_t i = digits.size();
  while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
  if (i == 0) {
    digits.insert(digits.begin(), '1');
  } else {
    ++digits[i - 1];
  }
  return digits;
}

bool is_dotted(std::string_view version_text) { return version_text.find_first_of("._") != std::string_view::npos; }

// The width most single-part versions are written with (ties: the wider),
// three digits when there are none.
std::size_t usual_width(const Discovery& discovery) {
  std::map<std::size_t, std::size_t> widths;
  for (const auto& migration : discovery.migrations) {
    if (!is_dotted(migration.version_text)) ++widths[migration.version_text.size()];
  }
  for (const auto& [version, down] : discovery.down_files) {
    if (!is_dotted(down.version_text)) ++widths[down.version_text.size()];
  }
  std::size_t width = 3;
  std::size_t most = 0;
  for (const auto& [candidate, count] : widths) {
    if (count >= most) {
      width = candidate;
      most = count;
    }
  }
  return width;
}

// The highest version among the migrations and rollback files, as written.
const MigrationFile* highest_file(const Discovery& discovery) {
  const MigrationFile* highest = nullptr;
  for (const auto& migration : discovery.migrations) {
    if (highest == nullptr || compare_versions(migration.version, highest->version) > 0) highest = &migration;
  }
  for (const auto& [version, down] : discovery.down_files) {
    if (highest == nullptr || compare_versions(version, highest->version) > 0) highest = &down;
  }
  return highest;
}

// The version after `highest` in its own shape: 099 -> 100, 1_9 -> 1_10.
std::string next_after(const MigrationFile* highest, std::size_t width) {
  if (highest == nullptr) return std::string(width - 1, '0') + "1";
  const std::string& text = highest->version_text;
  const auto last_separator = text.find_last_of("._");
  if (last_separator != std::string::npos) {
    return text.substr(0, last_separator + 1) + incremented(text.substr(last_separator + 1));
  }
  std::string next = incremented(canonical_version(text));
  if (next.size() < width) next.insert(0, width - next.size(), '0');
  return next;
}

// `text` as the rest of one -- comment line: a line break (or another
// control character) in the name would end the comment and make SQL of what
// follows it.
std::string comment_text(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = ' ';
  }
  return out;
}

// `no_transaction`: how the format forces a run outside a transaction. (No
// line of the header may read as a marker: it says "goose's NO TRANSACTION
// annotation", never the annotation itself.)
std::string header(const std::string& stem, const NewMigrationRequest& request, std::string_view rollback,
                   std::string_view no_transaction) {
  return "-- Migration: " + stem + "\n"
         "-- Purpose:   " + comment_text(request.description) + "\n"
         "-- Date:      " + formatted(request.now, "%Y-%m-%d") + "\n"
         "-- Breaking:  none\n"
         "-- Rollback:  " + std::string(rollback) + "\n"
         "--\n"
         "-- Runs in one transaction, recorded in the ledger with it. Statements that\n"
         "-- cannot run in a transaction (CREATE INDEX CONCURRENTLY...) make the file run\n"
         "-- statement by statement instead; " + std::string(no_transaction) + " forces that.\n"
         "\n";
}

std::string rollback_content(const std::string& file_name) {
  return "-- Rollback of " + file_name + " (pgapply down): undo it, newest change first.\n\n";
}

}  // namespace

std::string migration_name(std::string_view description) {
  std::string name;
  std::size_t at = 0;
  while (at < description.size()) {
    const std::size_t start = at;
    const auto c = next_code_point(description, at);
    if (!c) {
      throw Error(ErrorKind::usage, "the migration name is not UTF-8 text (byte " + std::to_string(start + 1) +
                                        " of '" + std::string(description) + "')");
    }
    if (is_combining_mark(*c)) continue;
    const auto ascii = ascii_of(*c);
    if (!ascii) {
      throw Error(ErrorKind::usage, "cannot write '" + std::string(description.substr(start, at - start)) + "' (" +
                                        code_point_name(*c) + ") of '" + std::string(description) +
                                        "' in a file name: pgapply names files in ASCII and "
                                        "transliterates only Latin letters; name the migration "
                                        "in Latin letters");
    }
    if (!ascii->empty()) {
      name += *ascii;
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

std::string timestamp_version(std::time_t now) { return formatted(now, "%Y%m%d%H%M%S"); }

bool is_timestamp_version(std::string_view text) {
  if (text.size() != 14 || !is_digits(text)) return false;
  const auto number = [&](std::size_t at, std::size_t length) {
    return std::stoi(std::string(text.substr(at, length)));
  };
  const int year = number(0, 4);
  const int month = number(4, 2);
  const int day = number(6, 2);
  return year >= 1970 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
         number(8, 2) < 24 && number(10, 2) < 60 && number(12, 2) < 61;
}

NewMigration new_migration(const Discovery& discovery, const NewMigrationRequest& request) {
  const std::string name = migration_name(request.description);
  NewMigration created;
  // The newest migration shows the convention the directory follows now.
  const MigrationFile* newest = discovery.migrations.empty() ? nullptr : &discovery.migrations.back();
  created.format = request.required_format        ? *request.required_format
                   : newest != nullptr              ? newest->format
                   : !discovery.repeatables.empty() ? FileFormat::flyway
                                                    : FileFormat::pgapply;
  const MigrationFile* highest = highest_file(discovery);
  if (request.timestamp || (newest != nullptr && is_timestamp_version(newest->version_text))) {
    created.version_text = timestamp_version(request.now);
    if (highest != nullptr && compare_versions(created.version_text, highest->version) <= 0) {
      created.version_text = next_after(highest, 14);  // the clock is behind the newest file
    }
  } else {
    created.version_text = next_after(highest, usual_width(discovery));
  }

  const std::string& version = created.version_text;
  if (created.format == FileFormat::goose_go) created.format = FileFormat::goose;  // (a new one is SQL)
  switch (created.format) {
    case FileFormat::goose_go:
    case FileFormat::pgapply:
    case FileFormat::dbmate:
    case FileFormat::goose: {
      const std::string stem = version + "_" + name;
      NewFile migration{stem + ".sql", ""};
      if (created.format == FileFormat::dbmate) {
        migration.content = header(stem, request, "the -- migrate:down section below (pgapply down)",
                                   "\"transaction:false\" after -- migrate:up") +
                            "-- migrate:up\n\n-- migrate:down\n";
        created.files.push_back(migration);
      } else if (created.format == FileFormat::goose) {
        migration.content = header(stem, request, "the goose Down section below (pgapply down)",
                                   "goose's NO TRANSACTION annotation") +
                            "-- +goose Up\n\n-- +goose Down\n";
        created.files.push_back(migration);
      } else {
        const std::string down_name =
            (request.rollback_apart ? std::string(rollback_directory) + "/" : std::string()) + stem + ".down.sql";
        migration.content = header(stem, request, request.down ? down_name + " (pgapply down)" : "none",
                                   "\"-- pgapply: no-transaction\" here");
        created.files.push_back(migration);
        if (request.down) created.files.push_back({down_name, rollback_content(migration.file_name)});
      }
      break;
    }
    case FileFormat::golang_migrate: {
      const std::string stem = version + "_" + name;
      const NewFile up{stem + ".up.sql", header(stem, request, stem + ".down.sql (pgapply down)",
                                                "\"-- pgapply: no-transaction\" here")};
      created.files.push_back(up);
      created.files.push_back({stem + ".down.sql", rollback_content(up.file_name)});
      break;
    }
    case FileFormat::flyway: {
      const std::string stem = "V" + version + "__" + name;
      const std::string undo_name = "U" + version + "__" + name + ".sql";
      created.files.push_back({stem + ".sql", header(stem, request, request.down ? undo_name + " (pgapply down)" : "none",
                                                     "\"-- pgapply: no-transaction\" here")});
      if (request.down) created.files.push_back({undo_name, rollback_content(created.files.front().file_name)});
      break;
    }
  }
  return created;
}

}  // namespace pgapply::migrate
