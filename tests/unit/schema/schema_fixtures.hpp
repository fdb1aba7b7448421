#pragma once

// Shared by the schema and report tests: MigrationFacts built from SQL text
// the way engine/facts_collector.cpp builds them for a plain file (split,
// then ddl::facts_of per statement, an INSERT ... VALUES read for its
// values), and catalog snapshots built by hand,
// as PostgreSQL 15 reports the example project's schema.

#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "ddl/declarations.hpp"
#include "ddl/insert_statement.hpp"
#include "ddl/rowless_query.hpp"
#include "ddl/update_delete_statement.hpp"
#include "schema/catalog.hpp"
#include "schema/migration_facts.hpp"
#include "split/splitter.hpp"

namespace schema_fixtures {

using namespace pgapply::schema;

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// "005_user_preferences.sql" and its text -> version "5", shown "migrations/005_user_preferences.sql".
inline MigrationFacts migration(const std::string& file_name, const std::string& text) {
  MigrationFacts out;
  std::string digits = file_name.substr(0, file_name.find('_'));
  while (digits.size() > 1 && digits.front() == '0') digits.erase(digits.begin());
  out.version = digits;
  out.file_name = file_name;
  out.shown = "migrations/" + file_name;
  for (const auto& item : pgapply::split::split(text)) {
    if (item.kind != pgapply::split::ItemKind::sql) continue;
    DeclaredStatement statement;
    statement.file = out.shown;
    statement.line = item.line;
    const std::string_view sql = std::string_view(text).substr(item.start, item.end - item.start);
    // (an INSERT ... VALUES kept with its table and values, no facts, as the facts collector keeps it)
    statement.inserts = pgapply::ddl::insert_values(sql);
    // (an UPDATE or DELETE of one table, kept with it)
    if (!statement.inserts) statement.updates = pgapply::ddl::update_or_delete_target(sql);
    // (an INSERT ... query with a column list, kept with its head)
    if (!statement.inserts && !statement.updates) statement.inserts_query = pgapply::ddl::insert_query_head(sql);
    if (statement.updates) statement.edit = pgapply::ddl::rows_edit(sql, &statement.unfollowed);
    // (a SELECT that changes no rows, and ANALYZE, VACUUM or CLUSTER, kept as the facts collector's markers)
    if (pgapply::ddl::runs_index_expressions(sql)) {
      statement.facts.command = std::string(maintenance_marker);
    } else if (!statement.inserts && !statement.updates && pgapply::ddl::changes_no_rows(sql)) {
      statement.facts.command = std::string(rowless_query_marker);
    } else if (!statement.inserts && !statement.updates && !statement.inserts_query) {
      statement.facts = pgapply::ddl::facts_of(sql);
    }
    out.statements.push_back(std::move(statement));
  }
  return out;
}

// One of the example project's migrations, from migrations/.
inline MigrationFacts example(const std::string& file_name) {
  return migration(file_name, read_text(PGAPPLY_SOURCE_DIR "/migrations/" + file_name));
}

inline std::vector<MigrationFacts> example_migrations() {
  return {example("001_initial_schema.sql"),  example("002_user_watchlists.sql"),
          example("003_lookup_indexes.sql"),  example("004_row_level_security.sql"),
          example("005_user_preferences.sql"), example("006_prices_day_index.sql")};
}

inline CatalogColumn column(const std::string& name, const std::string& type, bool not_null,
                            std::optional<std::string> default_expression = std::nullopt, char identity = '\0') {
  CatalogColumn out;
  out.name = name;
  out.type = type;
  out.not_null = not_null;
  out.default_expression = std::move(default_expression);
  out.identity = identity;
  return out;
}

inline CatalogConstraint constraint(const std::string& name, char type, const std::string& definition) {
  CatalogConstraint out;
  out.name = name;
  out.type = type;
  out.definition = definition;
  return out;
}

inline CatalogIndex index(const std::string& name, const std::string& definition, bool unique = false,
                          bool primary = false) {
  CatalogIndex out;
  out.name = name;
  out.definition = definition;
  out.unique = unique;
  out.primary = primary;
  return out;
}

// A BEFORE INSERT OR UPDATE OR DELETE ... FOR EACH ROW trigger whose
// function preflight has not read (it may write rows, change the row or skip it).
inline CatalogTrigger trigger(const std::string& name) {
  CatalogTrigger out;
  out.name = name;
  out.before_row = true;
  out.on_insert = true;
  out.on_update = true;
  out.on_delete = true;
  return out;
}

inline CatalogRelation table(const std::string& name, std::vector<CatalogColumn> columns) {
  CatalogRelation out;
  out.schema = "public";
  out.name = name;
  out.kind = 'r';
  out.owner = "app";
  out.owned = true;
  out.row_estimate = 0;
  out.total_bytes = 16384;
  out.columns = std::move(columns);
  return out;
}

// A database with the public schema and nothing in it, PostgreSQL 15.4,
// connected as app (the owner of public, not a superuser).
inline CatalogSnapshot empty_database() {
  CatalogSnapshot out;
  out.server_version = 150004;
  out.server_version_text = "15.4";
  out.database = "app";
  out.current_user = "app";
  out.superuser = false;
  out.can_create_schema = true;
  out.search_path = {"public"};
  out.schemas = {{"public", true, "app"}};
  return out;
}

inline CatalogRelation& relation(CatalogSnapshot& catalog, const std::string& name) {
  for (auto& relation : catalog.relations) {
    if (relation.name == name) return relation;
  }
  throw std::runtime_error("no relation " + name);
}

// The users table as 001 creates it (without 005's columns).
inline CatalogRelation users_table() {
  CatalogRelation users = table("users", {column("id", "bigint", true, std::nullopt, 'a'),
                                          column("email", "text", true),
                                          column("display_name", "text", true),
                                          column("created_at", "timestamp with time zone", true, "now()")});
  users.constraints = {constraint("users_pkey", 'p', "PRIMARY KEY (id)"),
                       constraint("users_email_key", 'u', "UNIQUE (email)"),
                       constraint("users_email_check", 'c', "CHECK ((POSITION(('@'::text) IN (email)) > 1))")};
  users.indexes = {index("users_pkey", "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)", true, true),
                   index("users_email_key", "CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)",
                         true)};
  return users;
}

// 005's four columns, as the server reports them.
inline std::vector<CatalogColumn> preference_columns() {
  return {column("max_reports", "integer", true, "5"), column("email_digest", "boolean", true, "true"),
          column("timezone", "text", false, "'UTC'::text"),
          column("theme", "character varying(20)", true, "'light'::character varying")};
}

// The example project after 001..006, as PostgreSQL 15 reports it.
inline CatalogSnapshot example_database() {
  CatalogSnapshot out = empty_database();
  CatalogRelation users = users_table();
  for (auto& c : preference_columns()) users.columns.push_back(c);
  users.row_estimate = 1204;

  CatalogRelation tickers = table("tickers", {column("id", "integer", true, std::nullopt, 'a'),
                                              column("symbol", "character varying(12)", true),
                                              column("name", "text", true),
                                              column("exchange", "character varying(10)", true,
                                                     "'NYSE'::character varying")});
  tickers.constraints = {constraint("tickers_pkey", 'p', "PRIMARY KEY (id)"),
                         constraint("tickers_symbol_key", 'u', "UNIQUE (symbol)")};

  CatalogRelation articles = table("articles", {column("id", "bigint", true, std::nullopt, 'a'),
                                                column("ticker_id", "integer", false), column("title", "text", true),
                                                column("url", "text", true),
                                                column("published_at", "timestamp with time zone", true)});
  articles.constraints = {
      constraint("articles_pkey", 'p', "PRIMARY KEY (id)"),
      constraint("articles_ticker_id_fkey", 'f', "FOREIGN KEY (ticker_id) REFERENCES tickers(id) ON DELETE SET NULL"),
      constraint("articles_url_key", 'u', "UNIQUE (url)")};
  articles.indexes = {
      index("articles_published_at_idx",
            "CREATE INDEX articles_published_at_idx ON public.articles USING btree (published_at DESC)"),
      index("articles_ticker_idx",
            "CREATE INDEX articles_ticker_idx ON public.articles USING btree (ticker_id) WHERE (ticker_id IS NOT NULL)")};

  CatalogRelation prices = table("prices", {column("ticker_id", "integer", true), column("day", "date", true),
                                            column("open", "numeric(12,4)", true),
                                            column("close", "numeric(12,4)", true),
                                            column("volume", "bigint", true, "0")});
  prices.constraints = {
      constraint("prices_pkey", 'p', "PRIMARY KEY (ticker_id, day)"),
      constraint("prices_ticker_id_fkey", 'f', "FOREIGN KEY (ticker_id) REFERENCES tickers(id) ON DELETE CASCADE")};
  prices.indexes = {index("prices_day_idx", "CREATE INDEX prices_day_idx ON public.prices USING btree (day)")};
  prices.row_estimate = 2500000;
  prices.total_bytes = 350LL * 1024 * 1024;

  CatalogRelation watchlists = table("user_watchlists", {column("user_id", "bigint", true),
                                                         column("ticker_id", "integer", true),
                                                         column("added_at", "timestamp with time zone", true, "now()")});
  watchlists.constraints = {
      constraint("user_watchlists_pkey", 'p', "PRIMARY KEY (user_id, ticker_id)"),
      constraint("user_watchlists_user_id_fkey", 'f', "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"),
      constraint("user_watchlists_ticker_id_fkey", 'f',
                 "FOREIGN KEY (ticker_id) REFERENCES tickers(id) ON DELETE CASCADE")};
  watchlists.row_security = true;
  watchlists.policies = {{"user_watchlists_owner", "ALL", true}};

  CatalogRelation alerts = table("user_alerts", {column("id", "bigint", true, std::nullopt, 'a'),
                                                 column("user_id", "bigint", true),
                                                 column("ticker_id", "integer", true),
                                                 column("threshold", "numeric(12,4)", true),
                                                 column("direction", "text", true),
                                                 column("created_at", "timestamp with time zone", true, "now()")});
  alerts.constraints = {
      constraint("user_alerts_pkey", 'p', "PRIMARY KEY (id)"),
      constraint("user_alerts_user_id_fkey", 'f', "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"),
      constraint("user_alerts_ticker_id_fkey", 'f', "FOREIGN KEY (ticker_id) REFERENCES tickers(id) ON DELETE CASCADE"),
      constraint("user_alerts_direction_check", 'c',
                 "CHECK ((direction = ANY (ARRAY['above'::text, 'below'::text])))")};
  alerts.indexes = {index("user_alerts_user_idx", "CREATE INDEX user_alerts_user_idx ON public.user_alerts USING btree (user_id)")};
  alerts.row_security = true;
  alerts.policies = {{"user_alerts_owner", "ALL", true}};

  CatalogRelation ledger = table("pgapply_migrations", {column("version", "text", true)});

  out.relations = {users, tickers, articles, prices, watchlists, alerts, ledger};
  return out;
}

}  // namespace schema_fixtures
