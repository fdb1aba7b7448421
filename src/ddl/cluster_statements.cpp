// Statements that change what the whole cluster shares (ClusterChange):
//
//   CREATE ROLE|USER|GROUP name [options: IN ROLE a, ROLE b, ADMIN c, USER d]
//   ALTER ROLE|USER|GROUP name|CURRENT_USER|ALL ...    (RENAME TO: drop + create;
//                                                       ALTER GROUP g ADD|DROP USER a, b)
//   DROP ROLE|USER|GROUP [IF EXISTS] a, b
//   GRANT a, b TO c, d / REVOKE [ADMIN OPTION FOR] a FROM b   (memberships: no ON)
//   CREATE DATABASE name, ALTER DATABASE name ... (RENAME TO: drop + create),
//   DROP DATABASE [IF EXISTS] name
//   CREATE|ALTER|DROP TABLESPACE name, ALTER SYSTEM SET|RESET name
//   GRANT|REVOKE ... ON DATABASE|TABLESPACE|PARAMETER names TO|FROM roles
//   (ON other objects: only which objects, StatementFacts::privilege_changes)
//   COMMENT ON ROLE|DATABASE|TABLESPACE name, DROP OWNED BY roles,
//   REASSIGN OWNED BY roles TO role
//
// USER MAPPING (CREATE/ALTER/DROP USER MAPPING) belongs to one database and is
// not read here. The statements stay unrecognised (StatementFacts::command
// empty): the schema model has no roles.

#include "ddl/statement_parsers.hpp"

namespace pgapply::ddl {

namespace {

// A role as a statement names it: "" for the words that stand for a role
// given at run time (CURRENT_USER, CURRENT_ROLE, SESSION_USER) or for none
// or all (PUBLIC, ALL). A quoted "current_user" is a role of that name.
std::optional<std::string> accept_role(TokenCursor& c) {
  const lexer::Token* token = c.peek();
  if (token == nullptr || !token->is_name()) return std::nullopt;
  if (token->kind == lexer::TokenKind::word &&
      c.at_any_word({"current_user", "current_role", "session_user", "public", "all"})) {
    c.advance();
    return std::string();
  }
  return c.accept_name();
}

// name [, name ...] from the cursor, each an `action` on a role.
void role_list(TokenCursor& c, FactsBuilder& out, Action action, const std::string& command, bool if_exists = false) {
  for (const auto& piece : c.split_commas()) {
    TokenCursor item = c.sub(piece);
    if (const auto role = accept_role(item)) {
      out.cluster_change(ClusterObjectKind::role, action, *role, command, piece.begin, if_exists);
    }
  }
  c.seek(c.end());
}

// The names of a membership clause (IN ROLE a, b / ROLE a / ADMIN a / USER a)
// up to the next word that is not part of the list.
void membership_list(TokenCursor& c, FactsBuilder& out, const std::string& command) {
  while (!c.done()) {
    const std::size_t at = c.pos();
    const auto role = accept_role(c);
    if (!role) return;
    out.cluster_change(ClusterObjectKind::role, Action::alter, *role, command, at);
    if (!c.accept_punct(",")) return;
  }
}

}  // namespace

bool parse_create_role(TokenCursor& c, FactsBuilder& out) {
  if (c.at_word("user") && c.at_word("mapping", 1)) return false;
  if (!c.accept_word("role") && !c.accept_word("user") && !c.accept_word("group")) return false;
  const std::string command = "CREATE ROLE";
  const std::size_t at = c.pos();
  const auto name = accept_role(c);
  if (!name) return true;
  out.cluster_change(ClusterObjectKind::role, Action::create, *name, command, at);
  // Options; IN ROLE / IN GROUP / ROLE / ADMIN / USER name the roles whose
  // memberships change with it.
  while (!c.done()) {
    if (c.accept_words({"in", "role"}) || c.accept_words({"in", "group"}) || c.accept_word("role") ||
        c.accept_word("admin") || c.accept_word("user")) {
      membership_list(c, out, command);
    } else {
      c.advance();
    }
  }
  return true;
}

bool parse_alter_role(TokenCursor& c, FactsBuilder& out) {
  if (c.at_word("user") && c.at_word("mapping", 1)) return false;
  const bool group = c.at_word("group");
  if (!c.accept_word("role") && !c.accept_word("user") && !c.accept_word("group")) return false;
  const std::string command = group ? "ALTER GROUP" : "ALTER ROLE";
  const std::size_t at = c.pos();
  const auto name = accept_role(c);
  if (!name) return true;
  if (c.accept_words({"rename", "to"})) {
    out.cluster_change(ClusterObjectKind::role, Action::drop, *name, command, at);
    const std::size_t renamed = c.pos();
    if (const auto new_name = accept_role(c)) {
      out.cluster_change(ClusterObjectKind::role, Action::create, *new_name, command, renamed);
    }
    return true;
  }
  out.cluster_change(ClusterObjectKind::role, Action::alter, *name, command, at);
  if (group && (c.accept_words({"add", "user"}) || c.accept_words({"drop", "user"}))) {
    role_list(c, out, Action::alter, command);
  }
  return true;
}

bool parse_drop_role(TokenCursor& c, FactsBuilder& out) {
  if (c.at_word("user") && c.at_word("mapping", 1)) return false;
  if (!c.accept_word("role") && !c.accept_word("user") && !c.accept_word("group")) return false;
  const bool if_exists = c.accept_if_exists();
  role_list(c, out, Action::drop, "DROP ROLE", if_exists);
  return true;
}

// GRANT ... ON [TABLE | SEQUENCE | FUNCTION | PROCEDURE | ROUTINE | SCHEMA |
// TYPE | DOMAIN] names TO ... (REVOKE: FROM): the objects whose privileges
// change. ALL ... IN SCHEMA, large objects, languages and foreign servers are
// not objects the model compares.
namespace {

void object_privileges(TokenCursor& object, FactsBuilder& out, bool grant, bool on_columns) {
  ObjectKind kind = ObjectKind::table;
  if (object.accept_word("table")) {
    kind = ObjectKind::table;
  } else if (object.accept_word("sequence")) {
    kind = ObjectKind::sequence;
  } else if (object.accept_word("function") || object.accept_word("procedure") || object.accept_word("routine")) {
    kind = ObjectKind::function;
  } else if (object.accept_word("schema")) {
    kind = ObjectKind::schema;
  } else if (object.accept_word("type")) {
    kind = ObjectKind::type;
  } else if (object.accept_word("domain")) {
    kind = ObjectKind::domain;
  } else if (object.at_word("all") || object.at_word("large") || object.at_word("language") ||
             object.at_word("foreign")) {
    return;
  }
  const std::size_t names_end =
      object.find_at_depth0([grant](const lexer::Token& t) { return t.is_word(grant ? "to" : "from"); });
  TokenCursor names = object.sub({object.pos(), names_end});
  for (const auto& piece : names.split_commas()) {
    TokenCursor item = names.sub(piece);
    if (auto name = item.accept_qualified_name()) out.privilege_change(kind, std::move(*name), piece.begin, on_columns);
  }
}

}  // namespace

bool parse_role_membership(TokenCursor& c, FactsBuilder& out, bool grant) {
  const std::string command = grant ? "GRANT" : "REVOKE";
  // GRANT ... ON ... and REVOKE ... ON ... are privileges on objects: on the
  // server's own (databases, tablespaces, parameters), a change of it.
  const std::size_t on = c.find_at_depth0([](const lexer::Token& t) { return t.is_word("on"); });
  if (on != c.end()) {
    TokenCursor object = c.sub({on + 1, c.end()});
    std::optional<ClusterObjectKind> kind;
    if (object.accept_word("database")) kind = ClusterObjectKind::database;
    if (!kind && object.accept_word("tablespace")) kind = ClusterObjectKind::tablespace;
    if (!kind && object.accept_word("parameter")) kind = ClusterObjectKind::setting;
    // GRANT SELECT (a, b) ON t: the columns' privileges, not the table's
    const bool on_columns = c.sub({c.pos(), on}).find_at_depth0([](const lexer::Token& t) {
      return t.opens_bracket();
    }) != on;
    if (!kind) {
      object_privileges(object, out, grant, on_columns);
      return false;
    }
    const std::size_t names_end = object.find_at_depth0(
        [grant](const lexer::Token& t) { return t.is_word(grant ? "to" : "from"); });
    // the roles, up to WITH GRANT OPTION / GRANTED BY / CASCADE / RESTRICT
    std::vector<std::string> grantees;
    if (names_end != object.end()) {
      TokenCursor roles = object.sub({names_end + 1, object.end()});
      const std::size_t roles_end = roles.find_at_depth0([](const lexer::Token& t) {
        return t.is_word("with") || t.is_word("granted") || t.is_word("cascade") || t.is_word("restrict");
      });
      TokenCursor listed = roles.sub({roles.pos(), roles_end});
      for (const auto& piece : listed.split_commas()) {
        TokenCursor item = listed.sub(piece);
        item.accept_word("group");  // FROM GROUP g: an old spelling of FROM g
        if (auto role = accept_role(item)) grantees.push_back(std::move(*role));
      }
    }
    TokenCursor names = object.sub({object.pos(), names_end});
    for (const auto& piece : names.split_commas()) {
      TokenCursor item = names.sub(piece);
      if (const auto name = item.accept_name()) {
        out.cluster_change(*kind, Action::alter, *name, command, piece.begin).grantees = grantees;
      }
    }
    return false;  // an object privilege all the same: not a statement the schema model reads
  }
  if (!grant && !c.accept_words({"admin", "option", "for"}) && !c.accept_words({"inherit", "option", "for"})) {
    c.accept_words({"set", "option", "for"});
  }
  const char* to = grant ? "to" : "from";
  const std::size_t split = c.find_at_depth0([to](const lexer::Token& t) { return t.is_word(to); });
  TokenCursor granted = c.sub({c.pos(), split});
  role_list(granted, out, Action::alter, command);
  if (split == c.end()) return true;
  c.seek(split + 1);
  // members, up to WITH ... / GRANTED BY ... / CASCADE / RESTRICT
  const std::size_t members_end = c.find_at_depth0([](const lexer::Token& t) {
    return t.is_word("with") || t.is_word("granted") || t.is_word("cascade") || t.is_word("restrict");
  });
  TokenCursor members = c.sub({c.pos(), members_end});
  role_list(members, out, Action::alter, command);
  return true;
}

bool parse_database_statement(TokenCursor& c, FactsBuilder& out, Action action) {
  if (!c.accept_word("database")) return false;
  const std::string command = std::string(action == Action::create ? "CREATE" : action == Action::alter ? "ALTER" : "DROP") +
                              " DATABASE";
  const bool if_exists = action == Action::drop && c.accept_if_exists();
  const std::size_t at = c.pos();
  const auto name = c.accept_name();
  if (!name) return true;
  if (action == Action::alter && c.accept_words({"rename", "to"})) {
    out.cluster_change(ClusterObjectKind::database, Action::drop, *name, command, at);
    const std::size_t renamed = c.pos();
    if (const auto new_name = c.accept_name()) {
      out.cluster_change(ClusterObjectKind::database, Action::create, *new_name, command, renamed).renamed_from = *name;
    }
    return true;
  }
  ClusterChange& change = out.cluster_change(ClusterObjectKind::database, action, *name, command, at, if_exists);
  change.owner_change = action == Action::alter && c.accept_words({"owner", "to"});
  return true;
}

bool parse_tablespace_statement(TokenCursor& c, FactsBuilder& out, Action action) {
  if (!c.accept_word("tablespace")) return false;
  const std::string command = std::string(action == Action::create ? "CREATE" : action == Action::alter ? "ALTER" : "DROP") +
                              " TABLESPACE";
  const bool if_exists = action == Action::drop && c.accept_if_exists();
  const std::size_t at = c.pos();
  if (const auto name = c.accept_name()) out.cluster_change(ClusterObjectKind::tablespace, action, *name, command, at, if_exists);
  return true;
}

bool parse_alter_system(TokenCursor& c, FactsBuilder& out) {
  if (!c.accept_word("system")) return false;
  if (!c.accept_word("set")) c.accept_word("reset");
  const std::size_t at = c.pos();
  const auto name = c.accept_name();
  out.cluster_change(ClusterObjectKind::setting, Action::alter, name && *name != "all" ? *name : "", "ALTER SYSTEM",
                     at);
  return true;
}

bool parse_cluster_comment(TokenCursor& c, FactsBuilder& out) {
  std::optional<ClusterObjectKind> kind;
  if (c.accept_word("role")) kind = ClusterObjectKind::role;
  if (!kind && c.accept_word("database")) kind = ClusterObjectKind::database;
  if (!kind && c.accept_word("tablespace")) kind = ClusterObjectKind::tablespace;
  if (!kind) return false;
  const std::size_t at = c.pos();
  if (const auto name = c.accept_name()) out.cluster_change(*kind, Action::alter, *name, "COMMENT ON", at);
  return true;
}

bool parse_owned_by(TokenCursor& c, FactsBuilder& out, bool reassign) {
  if (!c.accept_words({"owned", "by"})) return false;
  const std::string command = reassign ? "REASSIGN OWNED" : "DROP OWNED";
  const std::size_t end = c.find_at_depth0([](const lexer::Token& t) {
    return t.is_word("to") || t.is_word("cascade") || t.is_word("restrict");
  });
  TokenCursor owners = c.sub({c.pos(), end});
  role_list(owners, out, Action::alter, command);
  if (reassign && end < c.end() && c.token(end).is_word("to")) {
    TokenCursor to = c.sub({end + 1, c.end()});
    role_list(to, out, Action::alter, "REASSIGN OWNED TO");  // the new owner: its command of its own
  }
  return true;
}

}  // namespace pgapply::ddl
