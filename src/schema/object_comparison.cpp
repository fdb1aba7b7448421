#include "schema/object_comparison.hpp"

#include <algorithm>

#include "ddl/types.hpp"

namespace pgapply::schema {

namespace {

using ddl::DefaultComparison;
using ddl::IdentityKind;
using ddl::ObjectKind;

constexpr std::string_view kNotDeclared = "any";

std::string quoted_list(const std::vector<std::string>& labels) {
  std::string out;
  for (const auto& label : labels) {
    if (!out.empty()) out += ", ";
    out += '\'';
    out += label;
    out += '\'';
  }
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string kind_name(ObjectKind kind) { return std::string(ddl::to_string(kind)); }

class Comparer {
 public:
  Comparer(const ExpectedObject& expected, const ExpectedObject& actual) : e_(expected), a_(actual) {}

  Comparison run() {
    if (a_.unknown) {
      out_.match = Match::unknown;
      return out_;
    }
    switch (e_.key.space) {
      case Space::column: column(); break;
      case Space::relation: same_kind(); break;
      case Space::routine: same_kind(); break;
      case Space::index: index(); break;
      case Space::constraint: constraint(); break;
      case Space::policy: policy(); break;
      case Space::row_level_security: rls(); break;
      case Space::type: type(); break;
      default: break;
    }
    if (!out_.differences.empty() && out_.match == Match::ok) out_.match = Match::different;
    return out_;
  }

 private:
  void differ(std::string what) { out_.differences.push_back(std::move(what)); }

  void same_kind() {
    if (e_.kind != a_.kind) differ("is a " + kind_name(a_.kind) + ", declared a " + kind_name(e_.kind));
  }

  void column() {
    if (!e_.column || !a_.column) return;
    const auto& e = *e_.column;
    const auto& a = *a_.column;
    if (e_.type_known && a_.type_known && !ddl::types_match(e.type, a.type)) {
      differ("type is " + a.type + ", declared " + e.type);
    }
    if (e_.default_known && a_.default_known) {
      ddl::ColumnSpec typed = e;
      if (!e_.type_known) typed.type = a.type;
      out_.default_comparison = compare_column_defaults(typed, a);
      if (out_.default_comparison == DefaultComparison::different) {
        differ("default is " + value_or_none(describe_default(a_)) + ", declared " +
               value_or_none(describe_default(e_)));
      } else if (out_.default_comparison == DefaultComparison::unknown) {
        out_.match = Match::unknown;
      }
    }
    if (e_.nullability_known && a_.nullability_known && e.not_null != a.not_null) {
      differ(a.not_null ? "NOT NULL, declared nullable" : "nullable, declared NOT NULL");
    }
  }

  static std::string value_or_none(const std::string& text) { return text.empty() ? "none" : text; }

  void index() {
    if (!a_.valid) {
      out_.match = Match::invalid;
      differ("not valid: a CREATE INDEX CONCURRENTLY failed or is still running; drop it and create it again");
    }
    if (e_.index && a_.index && e_.index->unique != a_.index->unique) {
      differ(a_.index->unique ? "unique, declared not unique" : "not unique, declared unique");
    }
    if (!e_.index_table.empty() && !a_.index_table.empty() && e_.index_table != a_.index_table) {
      differ("on " + a_.index_table + ", declared on " + e_.index_table);
    }
  }

  void constraint() {
    if (!e_.constraint || !a_.constraint) return;
    const auto& e = *e_.constraint;
    const auto& a = *a_.constraint;
    if (e.kind != a.kind) {
      differ("is a " + std::string(ddl::to_string(a.kind)) + " constraint, declared " +
             std::string(ddl::to_string(e.kind)));
      return;
    }
    const bool keyed = e.kind == ddl::ConstraintKind::primary_key || e.kind == ddl::ConstraintKind::unique ||
                       e.kind == ddl::ConstraintKind::foreign_key;
    if (keyed && !e.columns.empty() && !a.columns.empty() && e.columns != a.columns) {
      differ("on (" + joined(a.columns) + "), declared on (" + joined(e.columns) + ")");
    }
    if (!e.not_valid && a.not_valid) differ("NOT VALID: existing rows were never checked (VALIDATE CONSTRAINT)");
  }

  void policy() {
    if (!e_.policy || !a_.policy) return;
    const auto& e = *e_.policy;
    const auto& a = *a_.policy;
    if (!e.command.empty() && !a.command.empty() && e.command != a.command) {
      differ("FOR " + a.command + ", declared FOR " + e.command);
    }
    if (e.permissive != a.permissive) {
      differ(a.permissive ? "permissive, declared restrictive" : "restrictive, declared permissive");
    }
  }

  void rls() {
    if (e_.rls_enabled && a_.rls_enabled && *e_.rls_enabled != *a_.rls_enabled) {
      differ(*a_.rls_enabled ? "enabled, declared disabled" : "disabled, declared enabled");
    }
    if (e_.rls_forced && a_.rls_forced && *e_.rls_forced != *a_.rls_forced) {
      differ(*a_.rls_forced ? "forced, declared not forced" : "not forced, declared forced");
    }
  }

  void type() {
    same_kind();
    if (!e_.type || !a_.type) return;
    if (e_.type->kind == ddl::TypeKind::shell) return;
    if (e_.kind == a_.kind && e_.type->kind != a_.type->kind && a_.type->kind != ddl::TypeKind::shell) {
      differ("is another kind of type");
      return;
    }
    std::vector<std::string> lacking;
    for (const auto& label : e_.type->labels) {
      if (std::find(a_.type->labels.begin(), a_.type->labels.end(), label) == a_.type->labels.end()) {
        lacking.push_back(label);
      }
    }
    if (!lacking.empty()) differ("lacks the label" + std::string(lacking.size() > 1 ? "s " : " ") + quoted_list(lacking));
  }

  const ExpectedObject& e_;
  const ExpectedObject& a_;
  Comparison out_;
};

bool has_identity(const ddl::ColumnSpec& column) { return column.identity != IdentityKind::none; }

}  // namespace

std::string_view to_string(Match match) {
  switch (match) {
    case Match::ok: return "ok";
    case Match::different: return "different";
    case Match::unknown: return "unknown";
    case Match::invalid: return "invalid";
  }
  return "?";
}

DefaultComparison compare_column_defaults(const ddl::ColumnSpec& expected, const ddl::ColumnSpec& actual) {
  if (has_identity(expected) || has_identity(actual)) {
    return expected.identity == actual.identity ? DefaultComparison::equal : DefaultComparison::different;
  }
  if (expected.generated_expression || actual.generated_expression) {
    if (!expected.generated_expression || !actual.generated_expression) return DefaultComparison::different;
    return ddl::compare_defaults(*expected.generated_expression, *actual.generated_expression, expected.type);
  }
  if (expected.serial && actual.serial) return DefaultComparison::equal;
  if (actual.serial) return ddl::compare_column_default(actual, expected.default_expression.value_or(""));
  return ddl::compare_column_default(expected, actual.default_expression.value_or(""));
}

Comparison compare_objects(const ExpectedObject& expected, const ExpectedObject& actual) {
  return Comparer(expected, actual).run();
}

std::string describe_type(const ExpectedObject& object) {
  if (!object.column || !object.type_known || object.column->type.empty()) return std::string(kNotDeclared);
  return object.column->type;
}

std::string describe_default(const ExpectedObject& object) {
  if (!object.column || !object.default_known) return std::string(kNotDeclared);
  const auto& column = *object.column;
  if (column.identity == IdentityKind::always) return "identity (always)";
  if (column.identity == IdentityKind::by_default) return "identity (by default)";
  if (column.generated_expression) return "generated: " + *column.generated_expression;
  if (column.serial) return "serial: nextval(...)";
  return column.default_expression.value_or("");
}

std::string describe_nullable(const ExpectedObject& object) {
  if (!object.column || !object.nullability_known) return std::string(kNotDeclared);
  return object.column->not_null ? "NO" : "YES";
}

std::string describe(const ExpectedObject& object) {
  switch (object.key.space) {
    case Space::relation:
    case Space::routine:
    case Space::trigger:
    case Space::schema:
    case Space::extension:
    case Space::enum_value:
      return kind_name(object.kind);
    case Space::index: {
      std::string out = object.index && object.index->unique ? "unique index" : "index";
      if (!object.index_table.empty()) out += " on " + object.index_table;
      if (!object.valid) out += ", INVALID";
      return out;
    }
    case Space::constraint: {
      if (!object.constraint) return "constraint";
      std::string out(ddl::to_string(object.constraint->kind));
      if (!object.constraint->columns.empty()) out += " (" + joined(object.constraint->columns) + ")";
      if (object.constraint->not_valid) out += ", not valid";
      return out;
    }
    case Space::policy: {
      if (!object.policy) return "policy";
      std::string out = object.policy->permissive ? "permissive" : "restrictive";
      if (!object.policy->command.empty()) out += ", FOR " + object.policy->command;
      return out;
    }
    case Space::row_level_security: {
      std::string out;
      if (object.rls_enabled) out = *object.rls_enabled ? "enabled" : "disabled";
      if (object.rls_forced) {
        if (!out.empty()) out += ", ";
        out += *object.rls_forced ? "forced" : "not forced";
      }
      return out.empty() ? std::string(kNotDeclared) : out;
    }
    case Space::type: {
      if (object.type && object.type->kind == ddl::TypeKind::enum_type) return "enum (" + quoted_list(object.type->labels) + ")";
      if (object.type && object.type->kind == ddl::TypeKind::domain && !object.type->base_type.empty()) {
        return "domain over " + object.type->base_type;
      }
      return kind_name(object.kind);
    }
    case Space::column:
      return describe_type(object);
  }
  return "";
}

}  // namespace pgapply::schema
