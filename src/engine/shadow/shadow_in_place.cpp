#include "engine/shadow/shadow_in_place.hpp"

#include <optional>
#include <string>

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "core/sql_quote.hpp"
#include "pg/rows.hpp"
#include "pg/server_error.hpp"
#include "pg/sqlstate.hpp"

namespace pgapply::engine {

namespace {

// The words that mark a database as pgapply's shadow, in its comment.
constexpr std::string_view shadow_mark = "pgapply shadow database: emptied before each use";

}  // namespace

void claim_for_emptying(pg::Connection& shadow, const std::string& shown) {
  const pg::Result result = shadow.exec(std::string(embedded_sql("shadow_in_place_contents.sql")));
  const pg::Rows rows(result);
  const pg::Row first = rows[0];
  const std::optional<std::string> comment =
      first.is_null("comment") ? std::nullopt : std::optional(first.text("comment"));
  if (comment && comment->find(shadow_mark) != std::string::npos) return;
  const std::string database = first.text("database_name");
  std::string holds;
  for (const pg::Row row : rows) {
    if (row.integer("objects") == 0) continue;
    holds += (holds.empty() ? "" : "; ") + row.text("what") + ": " +
             (row.is_null("names") ? row.text("objects") : row.text("names"));
  }
  // Marked, the owner's own comment kept before the mark.
  const std::string marked = comment ? *comment + " (" + std::string(shadow_mark) + ")" : std::string(shadow_mark);
  const std::string mark = "COMMENT ON DATABASE " + quote_identifier(database) + " IS " + quote_literal(marked);
  if (holds.empty()) {
    try {
      shadow.exec(mark);  // pgapply's from now on: what the replays leave there does not stop the next run
    } catch (const pg::ServerError&) {
      // Not its owner: emptying it will need what marking it needs, and say so (empty_in_place).
    }
    return;
  }
  throw Error(ErrorKind::usage,
              "--shadow " + shown + ": the database " + database + " is not empty (" + holds +
                  ") and its comment does not mark it as pgapply's shadow database. pgapply empties the shadow "
                  "database it uses when its role may not create a scratch database, and does not empty one it "
                  "cannot tell from a real database; nothing was changed. Give an empty database, or a role with "
                  "CREATEDB (pgapply then works in a scratch database beside it), or, if " + database +
                  " is only a shadow database, let pgapply empty it: its owner runs there " + mark);
}

void empty_in_place(pg::Connection& shadow, const std::string& shown) {
  try {
    shadow.exec(std::string(embedded_sql("shadow_empty_database.sql")));
  } catch (const pg::ServerError& error) {
    if (!pg::sqlstate::is_permission_denied(error.sqlstate)) throw;
    throw Error(ErrorKind::usage, "--shadow " + shown + ": the role " + shadow.user() + " may not empty the database " +
                                      shadow.dbname() + " (" + error.message +
                                      "); nothing was changed. Connect as the database's owner, or as a role with "
                                      "CREATEDB (pgapply then works in a scratch database beside it)");
  }
}

}  // namespace pgapply::engine
