#include "ddl/statement_dispatch.hpp"

#include "ddl/builtin_volatility.hpp"
#include "ddl/do_statement.hpp"
#include "ddl/facts_builder.hpp"
#include "ddl/statement_parsers.hpp"
#include "ddl/token_cursor.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

void parse_create(TokenCursor& c, FactsBuilder& out, std::size_t start) {
  if (parse_create_role(c, out) || parse_database_statement(c, out, Action::create) ||
      parse_tablespace_statement(c, out, Action::create)) {
    return;
  }
  const bool or_replace = c.accept_words({"or", "replace"});
  TableSpec table;
  ViewSpec view;
  if (!c.accept_word("global")) c.accept_word("local");
  if (c.accept_word("temp") || c.accept_word("temporary")) {
    table.temporary = view.temporary = true;
  } else if (c.accept_word("unlogged")) {
    table.unlogged = true;
  }
  if (c.accept_word("recursive")) view.recursive = true;

  if (c.accept_word("table")) {
    out.set_command("CREATE TABLE");
    return parse_create_table(c, out, start, table);
  }
  if (c.accept_words({"foreign", "table"})) {
    // A table whose rows a server elsewhere holds (SERVER ... OPTIONS after
    // its columns): a relation with columns, as the catalog reads it.
    out.set_command("CREATE FOREIGN TABLE");
    return parse_create_table(c, out, start, table);
  }
  if (c.accept_word("view")) {
    out.set_command("CREATE VIEW");
    return parse_create_view(c, out, start, or_replace, false, view);
  }
  if (c.accept_words({"materialized", "view"})) {
    out.set_command("CREATE MATERIALIZED VIEW");
    return parse_create_view(c, out, start, or_replace, true, view);
  }
  const bool unique = c.accept_word("unique");
  if (c.accept_word("index")) {
    out.set_command("CREATE INDEX");
    return parse_create_index(c, out, start, unique);
  }
  if (c.accept_word("sequence")) {
    out.set_command("CREATE SEQUENCE");
    return parse_create_sequence(c, out, start);
  }
  if (c.accept_word("schema")) {
    out.set_command("CREATE SCHEMA");
    return parse_create_schema(c, out, start);
  }
  if (c.accept_word("extension")) {
    out.set_command("CREATE EXTENSION");
    return parse_create_extension(c, out, start);
  }
  if (c.accept_word("function")) {
    out.set_command("CREATE FUNCTION");
    return parse_create_routine(c, out, start, or_replace, ObjectKind::function);
  }
  if (c.accept_word("procedure")) {
    out.set_command("CREATE PROCEDURE");
    return parse_create_routine(c, out, start, or_replace, ObjectKind::procedure);
  }
  const bool constraint = c.accept_word("constraint");
  if (c.accept_word("trigger")) {
    out.set_command("CREATE TRIGGER");
    return parse_create_trigger(c, out, start, or_replace, constraint);
  }
  if (c.accept_word("type")) {
    out.set_command("CREATE TYPE");
    return parse_create_type(c, out, start);
  }
  if (c.accept_word("domain")) {
    out.set_command("CREATE DOMAIN");
    return parse_create_domain(c, out, start);
  }
  if (c.accept_word("policy")) {
    out.set_command("CREATE POLICY");
    return parse_create_policy(c, out, start);
  }
  // (not recognised, as before: their objects alone, for attribution)
  if (c.accept_word("rule")) {
    // CREATE [OR REPLACE] RULE name AS ON event TO table ...
    UnmodelledObject rule{UnmodelledObject::Kind::rule, {}, {}, or_replace};
    rule.name.name = c.accept_name().value_or("");
    while (!c.done() && !c.at_word("to")) c.advance();
    if (c.accept_word("to")) rule.parent = c.accept_qualified_name().value_or(QualifiedName{});
    rule.name.schema = rule.parent.schema;
    if (!rule.name.name.empty() && !rule.parent.name.empty()) out.facts().unmodelled.push_back(std::move(rule));
    return;
  }
  if (c.accept_word("statistics")) {
    // CREATE STATISTICS [IF NOT EXISTS] name ... (16 lets the name go: PostgreSQL picks one)
    c.accept_if_not_exists();
    if (!c.at_punct("(") && !c.at_word("on")) {
      if (auto name = c.accept_qualified_name()) {
        out.facts().unmodelled.push_back({UnmodelledObject::Kind::statistics, *name, {}, false});
      }
    }
    return;
  }
  if (c.accept_word("aggregate")) {
    if (auto name = c.accept_qualified_name()) {
      out.facts().unmodelled.push_back({UnmodelledObject::Kind::aggregate, *name, {}, or_replace});
    }
    return;
  }
  if (c.accept_words({"event", "trigger"})) {
    // Nothing the schema model holds; preflight's: only a superuser may.
    out.set_command("CREATE EVENT TRIGGER");
    out.facts().superuser_only = true;
    return;
  }
}

namespace {

void parse_alter(TokenCursor& c, FactsBuilder& out, std::size_t start, bool in_do_block) {
  if (parse_alter_role(c, out) || parse_database_statement(c, out, Action::alter) ||
      parse_tablespace_statement(c, out, Action::alter) || parse_alter_system(c, out)) {
    return;
  }
  if (c.accept_word("table")) {
    out.set_command("ALTER TABLE");
    return parse_alter_table(c, out);
  }
  if (c.accept_words({"default", "privileges"})) {
    // Nothing the schema model holds; the shadow's (it replays them over the
    // target's), and verify's, which doubts the privileges of the objects
    // made before it of what it is ON, in its schemas.
    out.set_command("ALTER DEFAULT PRIVILEGES");
    StatementFacts& facts = out.facts();
    facts.sets_default_privileges = true;
    while (!c.done()) {
      if (c.accept_words({"in", "schema"})) {
        while (auto schema = c.accept_name()) {
          facts.default_privileges_schemas.push_back(*schema);
          if (!c.accept_punct(",")) break;
        }
        continue;
      }
      if (c.accept_word("on")) {
        for (const char* kind : {"tables", "sequences", "functions", "routines", "types", "schemas"}) {
          if (c.accept_word(kind)) facts.default_privileges_on = kind;
        }
        if (!c.accept_word("to") && !c.accept_word("from")) return;
        do {
          c.accept_word("group");
          if (c.accept_word("public")) {
            facts.default_privileges_grantees.emplace_back("PUBLIC");
            continue;
          }
          const bool current = c.at_word("current_role") || c.at_word("current_user") || c.at_word("session_user");
          auto grantee = current ? std::nullopt : c.accept_name();
          if (!grantee) {
            facts.default_privileges_grantees.clear();  // (CURRENT_ROLE...: not known here)
            return;
          }
          facts.default_privileges_grantees.push_back(std::move(*grantee));
        } while (c.accept_punct(","));
        return;
      }
      c.advance();
    }
    return;
  }
  if (c.accept_words({"foreign", "table"})) {
    out.set_command("ALTER FOREIGN TABLE");
    return parse_alter_table(c, out);
  }
  if (c.accept_word("type")) {
    out.set_command("ALTER TYPE");
    return parse_alter_type(c, out, start, in_do_block);
  }
  if (c.accept_word("policy")) {
    out.set_command("ALTER POLICY");
    return parse_alter_policy(c, out, start);
  }
  if (c.accept_words({"event", "trigger"})) {
    // (ENABLE may make one fire that did not; only its owner, a superuser, may)
    out.set_command("ALTER EVENT TRIGGER");
    out.facts().superuser_only = true;
    return;
  }
  if (c.accept_word("trigger")) {
    out.set_command("ALTER TRIGGER");
    return parse_alter_trigger(c, out, start);
  }
  // The objects whose ALTER this module reads only for renames, SET SCHEMA and OWNER TO.
  auto simple = [&](ObjectKind kind, const char* command) {
    out.set_command(command);
    parse_alter_object(c, out, start, kind);
  };
  if (c.accept_word("sequence")) return simple(ObjectKind::sequence, "ALTER SEQUENCE");
  if (c.accept_word("view")) return simple(ObjectKind::view, "ALTER VIEW");
  if (c.accept_words({"materialized", "view"})) return simple(ObjectKind::materialized_view, "ALTER MATERIALIZED VIEW");
  if (c.accept_word("index")) return simple(ObjectKind::index, "ALTER INDEX");
  if (c.accept_word("schema")) return simple(ObjectKind::schema, "ALTER SCHEMA");
  if (c.accept_word("function")) return simple(ObjectKind::function, "ALTER FUNCTION");
  if (c.accept_word("procedure")) return simple(ObjectKind::procedure, "ALTER PROCEDURE");
  if (c.accept_word("routine")) return simple(ObjectKind::function, "ALTER ROUTINE");  // (a function or procedure)
  if (c.accept_word("domain")) {
    // ALTER DOMAIN d ADD CONSTRAINT c: the constraint, for attribution
    TokenCursor ahead = c;
    const auto domain = ahead.accept_qualified_name();
    if (domain && ahead.accept_words({"add", "constraint"})) {
      if (auto constraint = ahead.accept_name()) {
        out.facts().unmodelled.push_back(
            {UnmodelledObject::Kind::domain_constraint, {domain->schema, *constraint}, *domain, false});
      }
    }
    return simple(ObjectKind::domain, "ALTER DOMAIN");
  }
  if (c.accept_word("extension")) return simple(ObjectKind::extension, "ALTER EXTENSION");
}

// REINDEX [(options)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] name
void parse_reindex(TokenCursor& c, FactsBuilder& out, std::size_t start) {
  out.set_command("REINDEX");
  c.skip_group();
  const bool table = c.at_word("table");
  c.advance();
  const bool concurrently = c.accept_word("concurrently");
  const auto name = c.accept_qualified_name().value_or(QualifiedName{});
  if (concurrently) {
    out.require(Feature::reindex_concurrently, start);
    out.statement_hazard(HazardKind::not_transactional, "REINDEX CONCURRENTLY cannot run in a transaction block");
    out.statement_lock(table ? name : QualifiedName{}, LockMode::share_update_exclusive, "REINDEX CONCURRENTLY");
  } else {
    out.statement_lock(table ? name : QualifiedName{}, LockMode::share, "REINDEX");
    out.statement_hazard(HazardKind::scans_table,
                         "rebuilds the index while blocking writes; reads that use the index wait too");
  }
}

// CLUSTER [VERBOSE] name [USING index] (or index ON name) and VACUUM FULL (or (FULL ...))
// name [, ...]: each writes its tables anew, and their indexes, under ACCESS
// EXCLUSIVE (a plain VACUUM takes SHARE UPDATE EXCLUSIVE and rewrites
// nothing; one without a table name works on the whole database: no lock
// named here).
void parse_cluster_or_vacuum_full(TokenCursor& c, FactsBuilder& out, bool cluster) {
  if (cluster) {
    if (c.at_punct("(")) c.skip_group();
    c.accept_word("verbose");
  } else {
    bool full = false;
    if (const auto inside = c.accept_parenthesised()) {
      // (FULL, FULL true; not FULL false, off or 0)
      for (std::size_t i = inside->begin; i < inside->end; ++i) {
        if (!c.token(i).is_word("full")) continue;
        const bool off = i + 1 < inside->end && (c.token(i + 1).is_word("false") || c.token(i + 1).is_word("off") ||
                                                 c.token(i + 1).text == "0");
        full = !off;
      }
    }
    while (c.at_word("full") || c.at_word("freeze") || c.at_word("verbose") || c.at_word("analyze") ||
           c.at_word("analyse")) {
      full = full || c.at_word("full");
      c.advance();
    }
    if (!full) return;
  }
  const char* what = cluster ? "CLUSTER" : "VACUUM FULL";
  bool first = true;
  while (auto name = c.accept_qualified_name()) {
    // (CLUSTER index ON table, the form before 8.3 that PostgreSQL still takes)
    if (cluster && c.accept_word("on")) name = c.accept_qualified_name();
    if (!name) break;
    if (first) out.set_command(what);
    out.statement_lock(*name, LockMode::access_exclusive, what);
    if (first) {
      out.statement_hazard(HazardKind::rewrites_table,
                           std::string(cluster ? "writes the table anew in the index's order" : "writes the table anew") +
                               " and rebuilds its indexes");
    }
    first = false;
    c.skip_group();  // (VACUUM FULL t (a, b): the columns ANALYZE reads)
    if (cluster || !c.accept_punct(",")) break;
  }
}

// SELECT ... INTO [TEMP|TEMPORARY|UNLOGGED] [TABLE] name ... (also after a
// WITH list): CREATE TABLE name AS the query. Only at the top level: in a
// PL/pgSQL body INTO names variables.
void parse_select_into(TokenCursor& c, FactsBuilder& out) {
  // The statement's own verb: the first at depth 0 (a WITH query's is in its brackets).
  const std::size_t verb = c.find_at_depth0([](const lexer::Token& t) {
    return t.is_word("select") || t.is_word("insert") || t.is_word("update") || t.is_word("delete") ||
           t.is_word("merge") || t.is_word("values") || t.is_word("table");
  });
  if (verb == c.end() || !c.token(verb).is_word("select")) return;
  c.seek(verb + 1);
  const std::size_t into = c.find_at_depth0([](const lexer::Token& t) {
    return t.is_word("into") || t.is_word("from") || t.is_word("where") || t.is_word("union") ||
           t.is_word("intersect") || t.is_word("except");
  });
  if (into == c.end() || !c.token(into).is_word("into")) return;
  c.seek(into + 1);
  TableSpec spec;
  spec.as_query = true;
  if (!c.accept_word("global")) c.accept_word("local");
  if (c.accept_word("temp") || c.accept_word("temporary")) {
    spec.temporary = true;
  } else if (c.accept_word("unlogged")) {
    spec.unlogged = true;
  }
  c.accept_word("table");
  const std::size_t at = c.pos();
  const auto name = c.accept_qualified_name();
  if (!name) return;
  out.set_command("SELECT INTO");
  Declaration table = out.make(ObjectKind::table, Action::create, at);
  table.name = *name;
  table.table = std::move(spec);
  out.add(std::move(table));
}

}  // namespace

StatementFacts analyse_statement(std::string_view text, int nesting) {
  StatementFacts facts;
  const auto tokens = lexer::tokenize(text);
  std::size_t end = tokens.size();
  while (end > 0 && tokens[end - 1].is_punct(";")) --end;
  TokenCursor statement(text, tokens, {0, end});
  TokenCursor c = statement;
  FactsBuilder out(statement, facts);
  const std::size_t start = 0;
  if (c.accept_word("create")) {
    parse_create(c, out, start);
  } else if (c.accept_word("alter")) {
    parse_alter(c, out, start, nesting > 0);
  } else if (c.accept_word("drop")) {
    out.set_command("DROP");
    if (parse_drop_role(c, out) || parse_database_statement(c, out, Action::drop) ||
        parse_tablespace_statement(c, out, Action::drop) || parse_owned_by(c, out, false) || !parse_drop(c, out)) {
      facts.command.clear();
    }
  } else if (c.accept_word("reassign")) {
    parse_owned_by(c, out, true);
  } else if (c.at_word("grant") || c.at_word("revoke")) {
    const bool grant = c.at_word("grant");
    c.advance();
    parse_role_membership(c, out, grant);
  } else if (c.accept_words({"comment", "on"})) {
    out.set_command("COMMENT");
    parse_comment(c, out, start);
  } else if (c.accept_word("do")) {
    out.set_command("DO");
    analyse_do(c, out, nesting);
  } else if (c.accept_word("reindex")) {
    parse_reindex(c, out, start);
  } else if (c.at_word("cluster") || c.at_word("vacuum")) {
    const bool cluster = c.at_word("cluster");
    c.advance();
    parse_cluster_or_vacuum_full(c, out, cluster);
  } else if (c.accept_word("merge")) {
    out.set_command("MERGE");
    out.require(Feature::merge, start);
  } else if (nesting == 0 && (c.at_word("select") || c.at_word("with"))) {
    parse_select_into(c, out);
  }
  // A function or procedure of the user's may make or change objects: what it
  // does is not analysed, as a DO block's EXECUTE (select make_partition(...), CALL p()).
  if (((statement.at_word("select") || statement.at_word("with") || statement.at_word("perform")) &&
       calls_users_function(text)) ||
      statement.at_word("call")) {
    facts.dynamic_sql = true;
  }
  // IMPORT FOREIGN SCHEMA makes tables the remote server names: unknown here.
  if (statement.at_word("import")) {
    facts.command = "IMPORT FOREIGN SCHEMA";
    facts.dynamic_sql = true;
  }
  facts.recognised = !facts.command.empty();
  return facts;
}

}  // namespace pgapply::ddl
