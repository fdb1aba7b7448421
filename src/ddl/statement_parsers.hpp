#pragma once

// Internal: the parsers of the statement forms declarations_of() knows. Each
// reads from `c`, placed just past the leading words named beside it, to the
// cursor's end, and records what it finds in `out`. `start` is the index of
// the statement's first token (where a statement-level declaration is
// located).

#include <cstddef>
#include <optional>

#include "ddl/declaration.hpp"
#include "ddl/facts_builder.hpp"
#include "ddl/token_cursor.hpp"

namespace pgapply::ddl {

// A partition's bound, FOR VALUES FROM (...) TO (...) | IN (...) | WITH
// (...), or DEFAULT, read; nullopt, nothing read, at anything else.
std::optional<PartitionBound> accept_partition_bound(TokenCursor& c);
// CREATE [GLOBAL|LOCAL] [TEMP|UNLOGGED] TABLE
void parse_create_table(TokenCursor& c, FactsBuilder& out, std::size_t start, TableSpec spec);
// ALTER TABLE
void parse_alter_table(TokenCursor& c, FactsBuilder& out);
// CREATE [UNIQUE] INDEX
void parse_create_index(TokenCursor& c, FactsBuilder& out, std::size_t start, bool unique);
// The kind of object DROP and COMMENT ON name (TABLE, MATERIALIZED VIEW,
// FUNCTION or ROUTINE, ...), read; with `parts`, also COLUMN and CONSTRAINT,
// which only COMMENT ON names. nullopt, nothing read, for a kind not modelled.
std::optional<ObjectKind> accept_object_kind(TokenCursor& c, bool parts);
// DROP; false for a kind of object not modelled
bool parse_drop(TokenCursor& c, FactsBuilder& out);
// CREATE, any form declarations_of() knows
void parse_create(TokenCursor& c, FactsBuilder& out, std::size_t start);
// CREATE SCHEMA, and its elements (CREATE TABLE|VIEW|INDEX|SEQUENCE|TRIGGER, GRANT)
void parse_create_schema(TokenCursor& c, FactsBuilder& out, std::size_t start);
// CREATE [OR REPLACE] [TEMP] [RECURSIVE] VIEW, CREATE MATERIALIZED VIEW
void parse_create_view(TokenCursor& c, FactsBuilder& out, std::size_t start, bool or_replace, bool materialized,
                       ViewSpec spec);
// CREATE EXTENSION
void parse_create_extension(TokenCursor& c, FactsBuilder& out, std::size_t start);
// CREATE [TEMP|UNLOGGED] SEQUENCE
void parse_create_sequence(TokenCursor& c, FactsBuilder& out, std::size_t start);
// ALTER SEQUENCE / VIEW / MATERIALIZED VIEW / INDEX / SCHEMA / FUNCTION...:
// the renames, SET SCHEMA and OWNER TO they share; `kind` says which.
void parse_alter_object(TokenCursor& c, FactsBuilder& out, std::size_t start, ObjectKind kind);
// COMMENT ON
void parse_comment(TokenCursor& c, FactsBuilder& out, std::size_t start);
// CREATE [OR REPLACE] FUNCTION / PROCEDURE
void parse_create_routine(TokenCursor& c, FactsBuilder& out, std::size_t start, bool or_replace, ObjectKind kind);
// CREATE [OR REPLACE] [CONSTRAINT] TRIGGER
void parse_create_trigger(TokenCursor& c, FactsBuilder& out, std::size_t start, bool or_replace,
                          bool constraint_trigger);
// ALTER TRIGGER ... ON ... RENAME TO
void parse_alter_trigger(TokenCursor& c, FactsBuilder& out, std::size_t start);
// CREATE TYPE
void parse_create_type(TokenCursor& c, FactsBuilder& out, std::size_t start);
// CREATE DOMAIN
void parse_create_domain(TokenCursor& c, FactsBuilder& out, std::size_t start);
// ALTER TYPE
void parse_alter_type(TokenCursor& c, FactsBuilder& out, std::size_t start, bool in_do_block);
// CREATE POLICY / ALTER POLICY
void parse_create_policy(TokenCursor& c, FactsBuilder& out, std::size_t start);
void parse_alter_policy(TokenCursor& c, FactsBuilder& out, std::size_t start);

// Roles (cluster_statements.cpp), each false, nothing read, when the
// statement is not of its form: CREATE ROLE|USER|GROUP (the cursor after
// CREATE), ALTER ROLE|USER|GROUP (after ALTER), DROP ROLE|USER|GROUP (after
// DROP), and GRANT/REVOKE of role memberships (after GRANT or REVOKE; false
// for privileges ON objects).
bool parse_create_role(TokenCursor& c, FactsBuilder& out);
bool parse_alter_role(TokenCursor& c, FactsBuilder& out);
bool parse_drop_role(TokenCursor& c, FactsBuilder& out);
bool parse_role_membership(TokenCursor& c, FactsBuilder& out, bool grant);
// CREATE|ALTER|DROP DATABASE and TABLESPACE (the cursor after the first
// word, `action` saying which).
bool parse_database_statement(TokenCursor& c, FactsBuilder& out, Action action);
bool parse_tablespace_statement(TokenCursor& c, FactsBuilder& out, Action action);
// ALTER SYSTEM (after ALTER); COMMENT ON ROLE|DATABASE|TABLESPACE (after
// COMMENT ON); DROP OWNED BY and REASSIGN OWNED BY (after DROP, REASSIGN).
bool parse_alter_system(TokenCursor& c, FactsBuilder& out);
bool parse_cluster_comment(TokenCursor& c, FactsBuilder& out);
bool parse_owned_by(TokenCursor& c, FactsBuilder& out, bool reassign);

// Argument types that identify a routine, from its argument list's range
// (for DROP FUNCTION f(...) and CREATE FUNCTION alike).
RoutineSpec parse_routine_arguments(const TokenCursor& c, TokenRange arguments, bool procedure);

}  // namespace pgapply::ddl
