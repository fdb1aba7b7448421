// CONCURRENTLY: where it is missing (CREATE INDEX, DROP INDEX, REINDEX,
// DETACH PARTITION) and where it cannot run (a transaction block, a DO block,
// a function).

#include "lexer/statement_kind.hpp"
#include "lint/checks.hpp"

namespace pgapply::lint {

namespace {

using ddl::Action;
using ddl::ObjectKind;

bool is_new(Checker& checker, const ddl::QualifiedName& table) {
  return !table.empty() && checker.run().new_table(table) != nullptr;
}

// REINDEX [(options)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] name
void check_reindex(const StatementView& s, Checker& checker) {
  const auto& tokens = s.tokens;
  bool concurrently = false;
  std::size_t i = 1;
  if (i < tokens.size() && tokens[i].is_punct("(")) {
    for (lexer::BracketDepth depth; i < tokens.size(); ++i) {
      if (tokens[i].is_word("concurrently")) concurrently = true;
      depth.step(tokens[i]);
      if (depth.at_top()) {
        ++i;
        break;
      }
    }
  }
  if (i >= tokens.size()) return;
  const std::string kind = tokens[i].value;
  if (kind == "system") return;  // has no CONCURRENTLY
  if (i + 1 < tokens.size() && tokens[i + 1].is_word("concurrently")) concurrently = true;
  if (concurrently) return;
  if (kind == "table") {
    std::size_t name = i + 1;
    ddl::QualifiedName table;
    if (name < tokens.size() && tokens[name].is_name()) {
      table.name = tokens[name].value;
      if (name + 2 < tokens.size() && tokens[name + 1].is_punct(".") && tokens[name + 2].is_name()) {
        table = {table.name, tokens[name + 2].value};
      }
    }
    if (is_new(checker, table)) return;
  }
  std::string shown_kind = kind;
  for (char& c : shown_kind) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  checker.report(s, "require-concurrent-reindex", 0, "REINDEX " + shown_kind + " without CONCURRENTLY");
}

// ALTER TABLE t DETACH PARTITION p [CONCURRENTLY | FINALIZE]
void check_detach(const StatementView& s, const ddl::Declaration& d, Checker& checker) {
  std::size_t i = s.token_at(d.location.offset);
  const auto& tokens = s.tokens;
  if (i + 1 >= tokens.size() || !tokens[i].is_word("detach") || !tokens[i + 1].is_word("partition")) return;
  i += 2;
  while (i < tokens.size() && (tokens[i].is_name() || tokens[i].is_punct("."))) {
    if (tokens[i].is_word("concurrently") || tokens[i].is_word("finalize")) return;
    ++i;
  }
  checker.report(s, "require-concurrent-partition-detach", d.location.offset,
                 "DETACH PARTITION from " + d.name.to_string() + " without CONCURRENTLY");
}

}  // namespace

void check_concurrently(const StatementView& s, Checker& checker) {
  if (s.starts_with({"reindex"})) check_reindex(s, checker);
  for (const ddl::Declaration* declaration : s.declarations()) {
    const ddl::Declaration& d = *declaration;
    const bool concurrently = d.index && d.index->concurrently;
    // ON ONLY a partitioned table: an invalid index on the parent alone, built
    // from no rows. ON ONLY a plain table is an ordinary CREATE INDEX.
    const bool only_plain = d.index && d.index->only && checker.run().is_plain_table(d.parent);
    const bool parent_only = d.index && d.index->only && !only_plain;
    // A table created in the run, even by IF NOT EXISTS (run_state.hpp says why).
    // (or by this statement: CREATE SCHEMA s CREATE TABLE t ... CREATE INDEX ON t)
    const auto made_by_statement = [&](const ddl::QualifiedName& table) {
      for (const ddl::Declaration* before : s.declarations()) {
        if (before == declaration) return false;
        if (before->kind == ObjectKind::table && before->action == Action::create && before->name == table) return true;
      }
      return false;
    };
    const bool created_in_run =
        !d.parent.empty() && (checker.run().created_in_run(d.parent) != nullptr || made_by_statement(d.parent));
    if (d.kind == ObjectKind::index && d.action == Action::create && !concurrently && !parent_only &&
        !created_in_run) {
      const std::string name = d.name.name.empty() ? "" : ddl::quote_identifier(d.name.name);
      const std::string message = "CREATE INDEX" + (name.empty() ? "" : " " + name) + " ON " + d.parent.to_string();
      if (checker.run().is_partitioned(d.parent)) {
        // The lock is real (SHARE on every partition while each is indexed),
        // but PostgreSQL refuses CONCURRENTLY on a partitioned table.
        const std::string index = name.empty() ? "name" : name;
        checker.report(s, "require-concurrent-index-creation", d.location.offset,
                       message + ", a partitioned table: every partition is locked while it is indexed",
                       "CREATE INDEX " + index + " ON ONLY " + d.parent.to_string() +
                           " (...) (no rows read; invalid until each partition's index is attached), then for each "
                           "partition, in migrations of their own, CREATE INDEX CONCURRENTLY on it and ALTER INDEX " +
                           index + " ATTACH PARTITION its index (PostgreSQL cannot index a partitioned table CONCURRENTLY)");
      } else {
        checker.report(s, "require-concurrent-index-creation", d.location.offset,
                       message + " without CONCURRENTLY" +
                           (only_plain ? " (ONLY changes nothing on a table that is not partitioned: every row is "
                                         "read while writes wait)"
                                       : ""));
      }
    }
    if (d.kind == ObjectKind::index && d.action == Action::drop && !concurrently) {
      const auto table = checker.run().table_of_index(d.name);
      // An index neither the run made nor the database has: nothing to drop, no lock.
      const bool nothing_there = checker.run().index_surely_absent(d.name);
      // An index of a partitioned table: PostgreSQL cannot drop it
      // CONCURRENTLY; the lock on the parent and every partition is as real.
      const bool partitioned =
          checker.run().is_partitioned(d.name) || (table && checker.run().is_partitioned(*table));
      if (nothing_there || (table && is_new(checker, *table))) {
        // no lock that anyone waits behind
      } else if (partitioned) {
        checker.report(s, "require-concurrent-index-deletion", d.location.offset,
                       "DROP INDEX " + d.name.to_string() + " of a partitioned table, which takes no CONCURRENTLY",
                       "none without a lock: PostgreSQL cannot drop a partitioned table's index CONCURRENTLY (nor "
                       "its partitions' indexes apart from it); drop it when the table is quiet, with a short "
                       "lock_timeout (pgapply's 5s default), and accept it with a lint-ignore and the reason");
      } else {
        checker.report(s, "require-concurrent-index-deletion", d.location.offset,
                       "DROP INDEX " + d.name.to_string() + " without CONCURRENTLY");
      }
    }
    if (d.kind == ObjectKind::table && d.action == Action::alter && s.facts.command == "ALTER TABLE" &&
        !is_new(checker, d.name)) {
      check_detach(s, d, checker);
    }
  }

  // What cannot run in a transaction block, inside one.
  if (const auto reason = lexer::needs_autocommit(s.tokens)) {
    if (s.in_body) {
      checker.report(s, "ban-concurrent-index-creation-in-transaction", 0,
                     *reason + ", which cannot run inside a function or DO block");  // (the report names the context)
    } else if (s.in_transaction) {
      checker.report(s, "ban-concurrent-index-creation-in-transaction", 0,
                     *reason + " inside a transaction block" +
                         (checker.file().forced_transaction ? " (the file says -- pgapply: transaction)" : ""));
    }
  }
}

}  // namespace pgapply::lint
