// CREATE [OR REPLACE] FUNCTION|PROCEDURE name ([arguments]) [RETURNS ...] ...
// CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name {BEFORE|AFTER|INSTEAD OF} events
//   ON table ... EXECUTE {FUNCTION|PROCEDURE} name(...)

#include "ddl/lock_facts.hpp"
#include "ddl/statement_parsers.hpp"
#include "ddl/types.hpp"

namespace pgapply::ddl {

namespace {

bool ends_returns(const lexer::Token& t) {
  static constexpr std::string_view words[] = {
      "language", "as",   "immutable", "stable", "volatile",  "strict",    "called", "security",
      "parallel", "cost", "rows",      "support", "set",      "window",    "leakproof", "not",
      "external", "transform", "begin", "return"};
  if (t.kind != lexer::TokenKind::word) return false;
  for (auto word : words) {
    if (t.value == word) return true;
  }
  return false;
}

// The type of one argument: [mode] [name] type [DEFAULT expr | = expr].
// Returns "" for arguments that do not identify the routine (OUT ones of a function).
std::string argument_type(const TokenCursor& c, TokenRange piece, bool procedure) {
  TokenCursor item = c.sub(piece);
  std::string mode = "in";
  if (item.at_any_word({"in", "out", "inout", "variadic"})) {
    mode = item.peek()->value;
    item.advance();
  }
  const std::size_t type_stop =
      item.find_at_depth0([](const lexer::Token& t) { return t.is_word("default") || (t.kind == lexer::TokenKind::op && t.text == "="); });
  // A name may come first (and a mode after it).
  TokenRange type{item.pos(), type_stop};
  if (!analyse_type(c.text(type)).recognised && item.at_name()) {
    item.advance();
    if (item.at_any_word({"in", "out", "inout", "variadic"})) {
      mode = item.peek()->value;
      item.advance();
    }
    type.begin = item.pos();
  }
  if (mode == "out" && !procedure) return "";
  // PostgreSQL drops an argument's type modifiers: f(varchar(10)) is f(character varying)
  std::string normalized = normalize_type(c.collapsed_text(type));
  for (auto open = normalized.find('('); open != std::string::npos; open = normalized.find('(')) {
    const auto close = normalized.find(')', open);
    if (close == std::string::npos) break;
    const bool space_before = open > 0 && normalized[open - 1] == ' ';
    normalized.erase(space_before ? open - 1 : open, close + 1 - (space_before ? open - 1 : open));
  }
  // bpchar without a length is a column's unlimited char; an argument's
  // type has no length either way, and PostgreSQL shows it as character.
  if (normalized == "bpchar" || normalized == "bpchar[]") normalized.replace(0, 6, "character");
  return normalized;
}

}  // namespace

RoutineSpec parse_routine_arguments(const TokenCursor& c, TokenRange arguments, bool procedure) {
  RoutineSpec out;
  if (arguments.empty()) return out;
  for (const auto& piece : c.split_commas(arguments)) {
    out.arguments.push_back(c.collapsed_text(piece));
    const std::string type = argument_type(c, piece, procedure);
    if (!type.empty()) out.argument_types.push_back(type);
  }
  return out;
}

void parse_create_routine(TokenCursor& c, FactsBuilder& out, std::size_t start, bool or_replace, ObjectKind kind) {
  Declaration d = out.make(kind, Action::create, start);
  d.or_replace = or_replace;
  if (kind == ObjectKind::procedure) out.require(Feature::procedure, start);
  const auto name = c.accept_qualified_name();
  if (!name) return;
  d.name = *name;
  const auto arguments = c.accept_parenthesised();
  RoutineSpec routine = parse_routine_arguments(c, arguments.value_or(TokenRange{}), kind == ObjectKind::procedure);
  while (!c.done()) {
    const std::size_t at = c.pos();
    if (c.accept_word("returns")) {
      const std::size_t end = c.find_at_depth0(ends_returns);
      routine.returns = c.collapsed_text({c.pos(), end});
      c.seek(end);
    } else if (c.at_any_word({"immutable", "stable", "volatile"})) {
      routine.volatility = c.peek()->value == "volatile" ? Volatility::volatile_ : Volatility::immutable_or_stable;
      routine.volatility_declared = true;
      c.advance();
    } else if (c.accept_word("language")) {
      if (c.peek() != nullptr) routine.language = c.peek()->value;  // a word or a 'string'
      c.advance();
    } else if (c.accept_words({"begin", "atomic"}) || c.accept_word("return")) {
      out.require(Feature::sql_standard_function_body, at);
      break;
    } else {
      c.skip_element();
    }
  }
  for (char& ch : routine.language) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  d.routine = std::move(routine);
  out.add(std::move(d));
}

void parse_create_trigger(TokenCursor& c, FactsBuilder& out, std::size_t start, bool or_replace,
                          bool constraint_trigger) {
  Declaration d = out.make(ObjectKind::trigger, Action::create, start);
  d.or_replace = or_replace;
  if (or_replace) out.require(Feature::create_or_replace_trigger, start);
  TriggerSpec trigger;
  trigger.constraint_trigger = constraint_trigger;
  d.name.name = c.accept_name().value_or("");
  if (c.accept_words({"instead", "of"})) {
    trigger.timing = "INSTEAD OF";
  } else if (c.at_any_word({"before", "after"})) {
    trigger.timing = to_upper(c.peek()->value);
    c.advance();
  }
  // events: INSERT | UPDATE [OF columns] | DELETE | TRUNCATE, joined by OR
  while (!c.done() && !c.at_word("on")) {
    if (c.accept_word("or")) continue;
    const std::size_t begin = c.pos();
    c.advance();
    if (c.accept_word("of")) {
      while (!c.done() && !c.at_word("or") && !c.at_word("on")) c.advance();
    }
    trigger.events.push_back(to_upper(c.collapsed_text({begin, c.pos()})));
  }
  if (!c.accept_word("on")) return;
  d.parent = c.accept_qualified_name().value_or(QualifiedName{});
  d.name.schema = d.parent.schema;  // a trigger lives in its table's schema
  while (!c.done()) {
    const std::size_t at = c.pos();
    if (c.accept_word("referencing")) {
      out.require(Feature::trigger_transition_tables, at);
    } else if (c.accept_word("for")) {
      c.accept_word("each");
      trigger.for_each_row = c.accept_word("row");
    } else if (c.accept_word("execute")) {
      if (c.accept_word("function")) out.require(Feature::execute_function, at);
      else c.accept_word("procedure");
      trigger.function = c.accept_qualified_name().value_or(QualifiedName{});
      break;
    } else {
      c.skip_element();
    }
  }
  d.trigger = std::move(trigger);
  assess_create_trigger(d);
  out.add(std::move(d));
}

// ALTER TRIGGER name ON table RENAME TO new (its other form, [NO] DEPENDS ON
// EXTENSION, changes nothing the model holds)
void parse_alter_trigger(TokenCursor& c, FactsBuilder& out, std::size_t start) {
  Declaration d = out.make(ObjectKind::trigger, Action::alter, start);
  d.name.name = c.accept_name().value_or("");
  if (!c.accept_word("on")) return;
  d.parent = c.accept_qualified_name().value_or(QualifiedName{});
  d.name.schema = d.parent.schema;
  if (!c.accept_words({"rename", "to"})) return;
  d.change = Change::rename;
  d.new_name = c.accept_name().value_or("");
  assess_alter_trigger(d);
  out.add(std::move(d));
}

}  // namespace pgapply::ddl
