#include "schema/preflight_objects.hpp"

#include <algorithm>

#include "ddl/qualified_name.hpp"
#include "schema/object_comparison.hpp"

namespace pgapply::schema {

namespace {

using ddl::Action;
using ddl::Change;
using ddl::ObjectKind;

std::string joined(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::string action_text(const ddl::Declaration& d) {
  if (d.kind == ObjectKind::comment) return "comment";
  switch (d.action) {
    case Action::create:
      if (d.kind == ObjectKind::column || d.kind == ObjectKind::enum_value) return "add";
      return d.or_replace ? "create or replace" : "create";
    case Action::drop:
      return "drop";
    case Action::alter:
      switch (d.change) {
        case Change::rename: return "rename to " + ddl::quote_identifier(d.new_name);
        case Change::set_schema: return "set schema " + ddl::quote_identifier(d.new_schema);
        case Change::owner: return "owner to " + d.new_owner;
        case Change::none:
        case Change::other: return "alter";
        default: return std::string(ddl::to_string(d.change));
      }
  }
  return "alter";
}

std::string dependency_text(const ObjectKey& key, const std::string& home_schema) {
  if (key.space == Space::schema && key.name.empty()) {
    return "no schema to create it in (no schema of search_path exists)";
  }
  std::string kind = key.space == Space::relation ? "table" : std::string(to_string(key.space));
  return kind + " " + display_name(key, home_schema) + " does not exist, and no earlier pending migration creates it";
}

// An existing object against what the file declares.
void compare_existing(const Step& step, ObjectRow& row) {
  if (!step.before || !step.declared) return;
  const Comparison comparison = compare_objects(*step.declared, *step.before);
  if (comparison.match == Match::different || comparison.match == Match::invalid) {
    row.state = ObjectState::exists_different;
    row.detail = joined(comparison.differences, "; ");
  } else {
    row.state = ObjectState::exists_as_declared;
    if (comparison.match == Match::unknown) row.detail = "its default could not be compared";
  }
}

std::string kind_text(ObjectKind kind) { return std::string(ddl::to_string(kind)); }

}  // namespace

std::string what(const ObjectRow& row) {
  std::string out = kind_text(row.kind);
  out += ' ';
  out += row.object;
  out += " (";
  out += row.action;
  out += ')';
  return out;
}

std::optional<ObjectRow> object_row(const DeclarationView& view, const std::string& home_schema) {
  const ddl::Declaration& d = view.declaration;
  const Step& step = view.step;
  ObjectRow row;
  row.kind = d.kind;
  row.object = display_name(step.key, home_schema);
  row.action = action_text(d);
  row.location = view.location;
  const bool unnamed = d.name.name.empty() && (d.kind == ObjectKind::constraint || d.kind == ObjectKind::index);
  switch (step.outcome) {
    case Outcome::ignored:
      return std::nullopt;
    case Outcome::create:
      row.state = ObjectState::will_create;
      if (unnamed) row.detail = "unnamed: PostgreSQL names it " + ddl::quote_identifier(step.key.name);
      break;
    case Outcome::skip_existing:
      compare_existing(step, row);
      if (row.detail.empty() && d.location.conditional) {
        row.detail = "in a DO block branch, taken to be guarded by an existence check";
      }
      break;
    case Outcome::fail_existing:
      row.state = ObjectState::already_exists;
      if (step.new_key) row.detail = display_name(*step.new_key, home_schema) + " already exists";
      break;
    case Outcome::replace:
      row.state = ObjectState::will_replace;
      break;
    case Outcome::change:
      row.state = ObjectState::will_change;
      break;
    case Outcome::drop:
      row.state = ObjectState::will_drop;
      break;
    case Outcome::skip_absent:
      row.state = d.action == Action::drop ? ObjectState::already_gone : ObjectState::skipped;
      if (d.location.conditional) row.detail = "in a DO block branch, taken to be guarded by an existence check";
      break;
    case Outcome::fail_missing:
      row.state = ObjectState::missing;
      break;
    case Outcome::fail_dependency:
      row.state = ObjectState::dependency_missing;
      if (step.dependency) row.detail = dependency_text(*step.dependency, home_schema);
      break;
    case Outcome::skip_no_parent:
      row.state = ObjectState::skipped;
      if (step.dependency) {
        row.detail = "table " + display_name(*step.dependency, home_schema) + " does not exist (ALTER TABLE IF EXISTS)";
      }
      break;
    case Outcome::skip_with_table:
      if (view.table_outcome != Outcome::skip_existing) return std::nullopt;  // the CREATE TABLE fails anyway
      if (step.before) {
        compare_existing(step, row);
      } else {
        row.state = ObjectState::not_added;
        row.detail = "the table exists without it, and CREATE TABLE IF NOT EXISTS skips the whole table";
      }
      break;
  }
  if (d.location.exception_guarded && fails(row.state)) {
    // DO $$ BEGIN CREATE TYPE ...; EXCEPTION WHEN duplicate_object THEN NULL; END $$:
    // the idiom that makes a statement safe to run twice, not a failure.
    const char* caught = row.state == ObjectState::already_exists ? "already exists"
                         : row.state == ObjectState::missing      ? "missing"
                                                                  : "dependency missing";
    row.detail = caught + (row.detail.empty() ? std::string() : " (" + row.detail + ")") +
                 ": the DO block's EXCEPTION handler catches the error, and undoes what the block did before it";
    row.state = ObjectState::skipped;
  }
  return row;
}

void add_row_findings(const ObjectRow& row, const DeclarationView& view, bool after_dynamic_sql,
                      FindingList& findings) {
  const ddl::Declaration& d = view.declaration;
  std::string message = what(row);
  Severity severity = Severity::error;
  switch (row.state) {
    case ObjectState::already_exists:
      message += " fails: ";
      message += row.detail.empty() ? "it already exists" : row.detail;
      if (!view.step.new_key && !d.or_replace) message += " (IF NOT EXISTS would skip it)";
      break;
    case ObjectState::missing:
      message += " fails: it does not exist";
      break;
    case ObjectState::dependency_missing:
      message += " fails: " + row.detail;
      break;
    case ObjectState::exists_different:
      severity = Severity::warning;
      message += " is skipped, but what exists is not what the file declares: " + row.detail;
      break;
    case ObjectState::not_added:
      severity = Severity::warning;
      message += " will not be added: " + row.detail;
      break;
    case ObjectState::skipped:
      if (view.step.outcome != Outcome::skip_no_parent) return;
      // (what IF EXISTS asks for: said, as a name that may be mistyped, not warned of)
      severity = Severity::info;
      message += " is skipped: " + row.detail;
      break;
    default:
      return;
  }
  if (severity == Severity::error) {
    const bool absent = row.state == ObjectState::missing || row.state == ObjectState::dependency_missing;
    if (absent && after_dynamic_sql) {
      severity = Severity::warning;
      message += " (unless dynamic SQL run earlier, which preflight cannot see, creates it)";
    }
  }
  // one missing table fails every statement on it: one finding, counted
  std::string fold;
  if (row.state == ObjectState::dependency_missing) fold = std::string(to_string(severity)) + ":" + row.detail;
  findings.add_object_state(severity, std::move(message), row.location, std::move(fold));
}

void KindCounter::count(const DeclarationView& view, const ObjectRow& row, const std::string& home_schema) {
  const ddl::Declaration& d = view.declaration;
  if (d.action != Action::create || d.kind == ObjectKind::comment) return;
  auto found = std::find_if(tallies_.begin(), tallies_.end(),
                            [&](const Tally& tally) { return tally.count.kind == d.kind; });
  if (found == tallies_.end()) {
    tallies_.push_back({});
    tallies_.back().count.kind = d.kind;
    found = tallies_.end() - 1;
  }
  Tally& tally = *found;
  ++tally.count.declared;
  const bool exists = row.state == ObjectState::exists_as_declared || row.state == ObjectState::exists_different ||
                      row.state == ObjectState::already_exists || row.state == ObjectState::will_replace;
  if (exists) ++tally.count.existing;
  if (row.state != ObjectState::will_create && row.state != ObjectState::exists_different) return;
  Name name;
  name.full = row.object;
  name.to_create = row.state == ObjectState::will_create;
  if (d.kind == ObjectKind::column) {
    if (const auto table = container_of(view.step.key)) name.table = display_name(*table, home_schema);
    name.bare = ddl::quote_identifier(view.step.key.name);
  }
  tally.names.push_back(std::move(name));
}

std::vector<KindCount> KindCounter::counts() const {
  std::vector<KindCount> out;
  for (const auto& tally : tallies_) {
    KindCount count = tally.count;
    bool one_table = count.kind == ObjectKind::column && !tally.names.empty();
    for (const auto& name : tally.names) one_table = one_table && name.table == tally.names.front().table;
    if (one_table) count.table = tally.names.front().table;
    for (const auto& name : tally.names) {
      (name.to_create ? count.to_create : count.different).push_back(one_table ? name.bare : name.full);
    }
    out.push_back(std::move(count));
  }
  return out;
}

}  // namespace pgapply::schema
