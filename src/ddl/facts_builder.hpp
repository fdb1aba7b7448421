#pragma once

// Internal: what the statement parsers share to record their findings.

#include <string>

#include "ddl/declaration.hpp"
#include "ddl/line_index.hpp"
#include "ddl/token_cursor.hpp"

namespace pgapply::ddl {

class FactsBuilder {
 public:
  // `statement` spans the whole statement: it gives lines and offsets.
  FactsBuilder(const TokenCursor& statement, StatementFacts& facts)
      : statement_(statement), lines_(statement.source()), facts_(facts) {}

  // A declaration located at the token `token_index`.
  Declaration make(ObjectKind kind, Action action, std::size_t token_index) const;
  void add(Declaration declaration) { facts_.declarations.push_back(std::move(declaration)); }
  // A change to a cluster-wide object by `command`, located at the token
  // `token_index`. It does not make the statement `recognised`: the schema
  // model has no roles or databases.
  // (The change recorded, for what only some statements say of it.)
  ClusterChange& cluster_change(ClusterObjectKind kind, Action action, std::string name, std::string command,
                                std::size_t token_index, bool if_exists = false);
  // GRANT ... ON / REVOKE ... ON an object (`token_index`: its name).
  void privilege_change(ObjectKind kind, QualifiedName name, std::size_t token_index, bool columns = false);

  void require(Feature feature, std::size_t token_index);
  template <typename Features>
  void require_all(const Features& features, std::size_t token_index) {
    for (auto feature : features) require(feature, token_index);
  }
  // A lock or hazard of the statement as a whole (REINDEX, which declares nothing).
  void statement_lock(const QualifiedName& table, LockMode mode, std::string reason);
  void statement_hazard(HazardKind kind, std::string explanation);

  void set_command(std::string command) { facts_.command = std::move(command); }
  StatementFacts& facts() { return facts_; }
  // 1-based line, within the statement, of a byte offset or a token.
  std::size_t line_at(std::size_t offset) const { return lines_.line_of(offset); }
  std::size_t line_of_token(std::size_t index) const { return lines_.line_of(statement_.offset_of(index)); }

 private:
  const TokenCursor& statement_;
  LineIndex lines_;
  StatementFacts& facts_;
};

void add_lock(Declaration& declaration, const QualifiedName& table, LockMode mode, std::string reason);
void add_hazard(Declaration& declaration, HazardKind kind, std::string explanation);

}  // namespace pgapply::ddl
