#include "engine/shadow_in_place.hpp"

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "core/sql_quote.hpp"
#include "pg/rows.hpp"
#include "pg/server_error.hpp"

namespace pgapply::engine {

namespace {

// The comment that marks a database as pgapply's shadow (it starts with it).
constexpr std::string_view shadow_mark = "pgapply shadow database: emptied before each use";

}  // namespace

void claim_for_emptying(pg::Connection& shadow, const std::string& shown) {
  const pg::Result result = shadow.exec(std::string(embedded_sql("shadow_in_place_contents.sql")));
  const pg::Rows rows(result);
  const pg::Row row = rows[0];
  const bool commented = !row.is_null("comment");
  if (commented && row.text("comment").rfind(shadow_mark, 0) == 0) return;
  const std::string database = row.text("database_name");
  std::string holds;
  const auto add = [&holds](const std::string& what) { holds += (holds.empty() ? "" : "; ") + what; };
  if (!row.is_null("schemas")) add("schemas " + row.text("schemas"));
  if (!row.is_null("extensions")) add("extensions " + row.text("extensions"));
  struct Kind {
    const char* column;
    const char* one;
    const char* many;
  };
  for (const Kind& kind : {Kind{"relations", "table, view or sequence", "tables, views or sequences"},
                           Kind{"routines", "function or procedure", "functions or procedures"},
                           Kind{"types", "type", "types"}}) {
    const auto count = row.integer(kind.column);
    if (count > 0) add(std::to_string(count) + " " + (count == 1 ? kind.one : kind.many) + " in public");
  }
  const std::string mark =
      "COMMENT ON DATABASE " + quote_identifier(database) + " IS " + quote_literal(std::string(shadow_mark));
  if (holds.empty()) {
    if (commented) return;  // its owner's words stay; what a run leaves there then stops the next one
    try {
      shadow.exec(mark);  // pgapply's from now on: what the replays leave there does not stop the next run
    } catch (const pg::ServerError&) {
      // Not its owner: emptying it will need what marking it needs, and say so.
    }
    return;
  }
  throw Error(ErrorKind::usage,
              "--shadow " + shown + ": the database " + database + " is not empty (" + holds +
                  ") and its comment does not mark it as pgapply's shadow database. pgapply empties the shadow database it uses "
                  "when its role may not create a scratch database, and does not empty one it cannot tell from a "
                  "real database; nothing was changed. Give an empty database, or a role with CREATEDB (pgapply "
                  "then works in a scratch database beside it), or, if " + database +
                  " is only a shadow database, let pgapply empty it by running there: " + mark);
}

}  // namespace pgapply::engine
