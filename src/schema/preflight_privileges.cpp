#include "schema/preflight_privileges.hpp"

namespace pgapply::schema {

namespace {

using ddl::ObjectKind;

bool runs(Outcome outcome) {
  return outcome == Outcome::create || outcome == Outcome::change || outcome == Outcome::drop ||
         outcome == Outcome::replace;
}

bool creates_in_schema(ObjectKind kind) {
  return kind == ObjectKind::table || kind == ObjectKind::view || kind == ObjectKind::materialized_view ||
         kind == ObjectKind::sequence || kind == ObjectKind::function || kind == ObjectKind::procedure ||
         kind == ObjectKind::type || kind == ObjectKind::domain;
}

bool is_relation(ObjectKind kind) {
  return kind == ObjectKind::table || kind == ObjectKind::view || kind == ObjectKind::materialized_view ||
         kind == ObjectKind::sequence;
}

// The table whose owner the declaration needs, if any.
std::optional<ObjectKey> owned_table(const ddl::Declaration& d, const Step& step) {
  if (step.key.space == Space::index) {
    if (d.action == ddl::Action::create) return relation_key(step.key.schema, d.parent.name);
    if (step.before && !step.before->index_table.empty()) {
      return relation_key(step.before->key.schema, step.before->index_table);
    }
    return std::nullopt;
  }
  if (step.key.space == Space::relation) {
    if (d.action == ddl::Action::create && d.kind != ObjectKind::comment) return std::nullopt;
    return step.key;
  }
  const auto container = container_of(step.key);
  if (container && container->space == Space::relation) return container;
  return std::nullopt;
}

// Where a managed platform may allow what only a superuser may do elsewhere.
std::string on_platform(const CatalogSnapshot& catalog) {
  if (catalog.platform_admin.empty()) return "";
  return catalog.platform_admin == "supautils"
             ? " (Supabase's supautils may allow it: its privileged role and extensions)"
             : " (as a member of " + catalog.platform_admin + ", a managed platform's stand-in for one, it may)";
}

}  // namespace

void check_superuser_only(const std::string& command, const CatalogSnapshot& catalog, const std::string& location,
                          FindingList& findings) {
  if (catalog.superuser || catalog.current_user.empty()) return;
  const std::string platform = on_platform(catalog);
  findings.add_privilege(platform.empty() ? Severity::error : Severity::warning,
               command + (platform.empty() ? " fails" : " may fail") + ": only a superuser may run it, and " +
                   catalog.current_user + " is not one" + platform,
               location, "superuser only");
}

void check_privileges(const ddl::Declaration& d, const Step& step, const ExpectedSchema& model, const RunRoles& roles,
                      const std::string& what, const std::string& location, FindingList& findings) {
  if (!runs(step.outcome)) return;
  const CatalogSnapshot& catalog = model.catalog();
  const std::string& user = catalog.current_user.empty() ? std::string("the current user") : catalog.current_user;
  const bool creating = d.action == ddl::Action::create && d.kind != ObjectKind::comment;
  // A DO block's branch or exception block may be its way around a privilege it lacks.
  const bool guarded = d.location.conditional || d.location.exception_guarded;

  if (creating && d.kind == ObjectKind::schema) {
    if (!catalog.can_create_schema && !catalog.superuser) {
      findings.add_privilege(Severity::error,
                   what + " fails: " + user + " may not create schemas (lacks CREATE on database " + catalog.database +
                       ")",
                   location, "create schema");
    }
    return;
  }
  if (creating && d.kind == ObjectKind::extension) {
    if (catalog.superuser) return;
    if (!catalog.available_extensions) {
      findings.add_privilege(Severity::warning,
                   what + " usually needs a superuser, and " + user +
                       " is not one (a trusted extension needs only CREATE on the database)",
                   location);
    } else if (catalog.superuser_extensions.count(d.name.name) != 0) {
      const std::string platform = on_platform(catalog);
      const bool certain = platform.empty() && !guarded;
      findings.add_privilege(certain ? Severity::error : Severity::warning,
                   what + (certain ? " fails: " : " may fail: ") + d.name.name + " is not a trusted extension, so "
                       "only a superuser may create it, and " + user + " is not one" + platform,
                   location, "create extension:" + d.name.name);
    } else if (catalog.available_extensions->count(d.name.name) != 0 && !catalog.can_create_schema) {
      findings.add_privilege(guarded ? Severity::warning : Severity::error,
                   what + " fails: " + user + " lacks CREATE on database " + catalog.database +
                       ", which a trusted extension needs of one who is not a superuser",
                   location, "create extension:" + d.name.name);
    }
    return;
  }
  if (creating && creates_in_schema(d.kind)) {
    const std::string& schema = step.key.schema;
    const auto state = model.current(schema_key(schema));
    if (state && state->can_create == false && !catalog.superuser) {
      findings.add_privilege(Severity::error, what + " fails: " + user + " lacks CREATE on schema " + schema, location,
                   "create in:" + schema);
    }
    return;
  }
  // ALTER ... OWNER TO r: one who is not a superuser must be a member of r
  // (not a role the run creates or grants: who is a member of those then
  // depends on the server's version and the run). PostgreSQL asks only when
  // the owner changes: certain for what the run made or the user owns, a
  // warning where the owner is not known (it may be r already); nothing
  // for a table the user does not own (that it needs the owner is said below).
  if (d.change == ddl::Change::owner && !d.new_owner.empty() && !catalog.superuser && !catalog.member_of.empty() &&
      catalog.member_of.count(d.new_owner) == 0 && roles.touched.count(d.new_owner) == 0 &&
      d.new_owner != "current_user" && d.new_owner != "session_user" && d.new_owner != "current_role") {
    const auto& before = step.before;
    const bool others_table = before && before->relation && !before->relation->owned && !before->fresh;
    const bool changes_owner = before && (before->fresh || (before->relation && before->relation->owned));
    if (!others_table) {
      const bool certain = changes_owner && !guarded && !roles.dynamic_sql;
      findings.add_privilege(certain ? Severity::error : Severity::warning,
                   what + (certain ? " fails: " : " fails unless " + d.new_owner + " owns it already: ") + user +
                       " is not a member of role " + d.new_owner + ", which giving an object to it needs (a superuser "
                       "may)",
                   location, "owner to:" + d.new_owner);
    }
  }
  const auto table = owned_table(d, step);
  if (!table) return;
  // a dropped or renamed table: its state before the statement
  std::optional<ExpectedObject> state = is_relation(d.kind) && step.before ? step.before : model.current(*table);
  if (!state || !state->relation || state->relation->owned || catalog.superuser) return;
  const std::string name = display_name(*table, catalog.creation_schema());
  if (creating && d.kind == ObjectKind::trigger) {  // (the TRIGGER privilege, which its owner has and may grant)
    if (state->relation->may_trigger) return;
    const std::string grant =
        catalog.current_user.empty()
            ? std::string()
            : "; its owner may grant it: GRANT TRIGGER ON " + ddl::quote_identifier(table->schema) + "." +
                  ddl::quote_identifier(table->name) + " TO " + ddl::quote_identifier(catalog.current_user);
    findings.add_privilege(Severity::error,
                           what + " fails: " + user + " lacks the TRIGGER privilege on " + name +
                               " (and does not own it)" + grant,
                           location, "trigger:" + name);
    return;
  }
  findings.add_privilege(Severity::error,
               what + " fails: " + user + " does not own " + name +
                   " (and is not a superuser or a member of its owner role); it needs the owner",
               location, "owner:" + name);
}

}  // namespace pgapply::schema
