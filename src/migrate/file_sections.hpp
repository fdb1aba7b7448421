#pragma once

// dbmate and goose keep a migration and its rollback in ONE .sql file, in
// sections that comment lines mark:
//
//   dbmate (github.com/amacneil/dbmate, pkg/dbmate/migration.go):
//     -- migrate:up [transaction:false]
//     CREATE TABLE t (a int);
//     -- migrate:down [transaction:false]
//     DROP TABLE t;
//
//   goose (github.com/pressly/goose, internal/sqlparser/parser.go):
//     -- +goose Up
//     -- +goose StatementBegin
//     CREATE FUNCTION f() ... ;      (sent as ONE statement)
//     -- +goose StatementEnd
//     -- +goose Down
//     DROP FUNCTION f();
//   and anywhere in the file `-- +goose NO TRANSACTION` (both directions).
//
// A marker is a `--` comment that is a whole line of its own, starting at
// the beginning of the line, as both tools require; a marker inside a string,
// a dollar quote or a /* */ comment is text, not a marker (the statement
// splitter decides what is a comment). What each tool accepts:
//
// * dbmate: `--`, optional spaces, `migrate:up` or `migrate:down` (lower
//   case), then the end of the line or spaces and `key:value` options; the
//   only option is `transaction` (`false` runs the section outside a
//   transaction, `true` is the default). Only comments may come before the up
//   marker; the down marker is required and comes after the up marker.
// * goose: a comment line holding `+goose`: `--`, optional spaces, `+goose`,
//   spaces, then one of Up, Down, StatementBegin, StatementEnd, NO
//   TRANSACTION, ENVSUB ON, ENVSUB OFF in any case. Only comments may come
//   before `Up`; `Down` is optional; StatementBegin/StatementEnd pairs sit
//   inside a section.
//
// Where pgapply differs: a marker with spaces before it is an error (goose
// refuses it; dbmate would read it as a comment and run the down section's
// statements as part of the up section), so are near-misses of dbmate's
// markers (`-- migrate:Down`, `-- migrate: up`), unknown dbmate options and
// values other than true/false, and a second `-- migrate:up` (dbmate 2.29
// reads several up/down pairs in one file; pgapply wants one pair per file).
// `-- +goose ENVSUB ON` (replace ${VAR} with environment variables) is
// refused: pgapply's variables are psql's (-v NAME=VALUE, :NAME). A statement
// left without its ';' at the end of a section runs as it is (goose refuses).

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace pgapply::migrate {

enum class SectionFormat {
  plain,   // no markers: the whole file is the migration
  dbmate,  // -- migrate:up / -- migrate:down
  goose,   // -- +goose Up / -- +goose Down
};

std::string_view to_string(SectionFormat format);

// A part of a file: bytes [begin, end) and the line of `begin` (1-based).
// Sections and blocks start at the beginning of a line (column 1).
struct FileSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t line = 1;
};

// How a section asks to run.
enum class TransactionDirective {
  none,            // as pgapply decides from the statements (in a transaction, mostly)
  no_transaction,  // dbmate `transaction:false`, goose `NO TRANSACTION`
};

struct Section {
  // The bytes to run. The up section runs from the start of the file (only
  // comments precede its marker) to the line of the down marker; the down
  // section from its marker's line to the end of the file. Both begin with
  // comment lines, so `-- pgapply:` directives near the markers are in the
  // header of the section.
  FileSpan span;
  std::size_t marker_line = 0;  // the line of `-- migrate:up`, `-- +goose Down`...
  TransactionDirective transaction = TransactionDirective::none;
  std::size_t transaction_line = 0;  // where `transaction:false` or `NO TRANSACTION` is
  // goose: the text between a StatementBegin line and its StatementEnd line,
  // which goose sends to the server as ONE statement, in file order.
  std::vector<FileSpan> statement_blocks;
};

struct FileSections {
  SectionFormat format = SectionFormat::plain;
  // plain: the whole file.
  Section up;
  // The rollback section; none for a plain file or a goose file without
  // `-- +goose Down` (a goose Down with nothing after it is an empty section).
  std::optional<Section> down;
};

// A quick look for lines that could be markers (no lexing): false means the
// text has no dbmate or goose marker and parse_sections would find it plain.
// Works on a whole text or on pieces that end at line ends.
bool may_hold_sections(std::string_view text);

// The sections of a file's text (its bytes, a UTF-8 byte-order mark and CRLF
// line ends allowed). `file_name` is how errors name the file. Throws
// Error(input) at FILE:LINE for a malformed or misplaced marker, a statement
// before the up marker, a StatementBegin without StatementEnd, ..., and at
// FILE:LINE:COL where the text cannot be split, unless that is after the
// down marker: the down section is then what goes to the end of the file,
// and splitting it (loading the rollback) says the error.
FileSections parse_sections(std::string_view text, std::string_view file_name);

}  // namespace pgapply::migrate
