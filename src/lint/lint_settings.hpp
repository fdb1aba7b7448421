#pragma once

// What a lint run is told: the PostgreSQL version the migrations will run
// on, and per rule whether it runs and how severe its findings are. A plain
// struct, filled from the command line (--pg-version, --enable, --disable,
// --severity) or from any other source (a project file).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddl/qualified_name.hpp"
#include "lint/rules.hpp"

namespace pgapply::lint {

// The PostgreSQL version assumed when none is given: the oldest major
// release the PostgreSQL project still supports.
inline constexpr int default_pg_version = 140000;

struct LintSettings {
  int pg_version = default_pg_version;  // server_version_num: 140000 for 14, 90600 for 9.6
  // Rule id -> on (true) or off (false), over the rule's default. An opt-in
  // rule runs only when set to true here.
  std::map<std::string, bool> enabled;
  // Rule id -> the severity its findings get instead of the rule's own.
  std::map<std::string, Severity> severity;
  // The relations (tables, views, sequences, indexes...) the database has
  // before the run, when lint is run for a known database (preflight reads
  // them from the target): a CREATE TABLE IF NOT EXISTS of a table it lacks
  // surely creates it, empty, as a plain CREATE TABLE does, and a DROP INDEX
  // IF EXISTS of an index it lacks (and the run did not make) drops nothing.
  // nullopt (pgapply lint): unknown, so such a table may be an old one,
  // with rows, and such an index may be on one.
  std::optional<std::vector<ddl::QualifiedName>> existing_relations;
  // The database's partitioned tables and their indexes, when known
  // (preflight): an index on one is built and dropped without CONCURRENTLY.
  std::vector<ddl::QualifiedName> partitioned_relations;
  // The types of the database's columns, when known (preflight): an ALTER
  // COLUMN ... TYPE that only relaxes the type's limit rewrites nothing.
  struct ColumnType {
    ddl::QualifiedName table;
    std::string column;
    std::string type;  // as format_type() prints it
  };
  std::vector<ColumnType> column_types;
  // The database's CHECK constraints, when known (preflight): a VALIDATE of
  // one is judged by its definition, a valid CHECK (col IS NOT NULL) lets
  // SET NOT NULL of its column pass, and a VALIDATE of a constraint neither
  // the database nor the run has proves nothing. nullopt (pgapply lint): a
  // VALIDATE of one the run did not add may be of any (run_state.hpp).
  struct CheckConstraint {
    ddl::QualifiedName table;
    std::string name;
    std::string definition;  // pg_get_constraintdef: "CHECK ((col IS NOT NULL)) NOT VALID"
    bool validated = true;
  };
  std::optional<std::vector<CheckConstraint>> check_constraints;
  // The database's domains with a CHECK or NOT NULL (their own or a base
  // domain's), when known (preflight): an ADD COLUMN of one checks every row,
  // rewriting the table, as one the run creates does.
  std::vector<ddl::QualifiedName> constrained_domains{};
};

// Whether a rule runs under these settings, and with what severity. A rule
// that does not apply to the settings' PostgreSQL version does not run.
struct RuleConfig {
  bool enabled = false;
  Severity severity = Severity::warning;
};
RuleConfig config_of(const LintSettings& settings, const RuleInfo& rule);

// What is wrong with the settings, one message per problem: a rule id that
// does not exist (the message names the known ones), a rule of pgapply's
// own input checks that cannot be turned off. Empty when they are fine.
std::vector<std::string> settings_problems(const LintSettings& settings);

// What is wrong with one rule id a user gave: "unknown lint rule 'x'"
// (`unknown`: a message about it may list known_rules()), or that it cannot
// be configured; nullopt when it names a configurable rule.
struct RuleIdProblem {
  std::string message;
  bool unknown = false;
};
std::optional<RuleIdProblem> rule_id_problem(const std::string& id);

// The configurable rules' ids and squawk's names for them, for a message
// about an unknown one.
std::string known_rules();

// "14", "9.6", "16.2" (the minor version is ignored) -> server_version_num;
// nullopt for anything else, or a version before 9.0.
std::optional<int> parse_pg_version(std::string_view text);

// "error" or "warning".
std::optional<Severity> parse_severity(std::string_view text);

}  // namespace pgapply::lint
