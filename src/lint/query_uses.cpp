#include "lint/query_uses.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

#include "lint/data_target.hpp"
#include "lint/token_scan.hpp"

namespace pgapply::lint {

namespace {

using lexer::Token;
using lexer::TokenKind;

// Functions whose arguments are written with FROM (EXTRACT(epoch FROM t),
// SUBSTRING(s FROM 2)): no table follows it there.
bool from_in_arguments(std::string_view function) {
  constexpr std::array<std::string_view, 5> names{"extract", "substring", "trim", "overlay", "position"};
  return std::find(names.begin(), names.end(), function) != names.end();
}

// Words that end a FROM item: no alias.
bool ends_from_item(const Token& token) {
  constexpr std::array<std::string_view, 26> words{
      "where", "group",   "order", "limit",  "offset", "union",   "except", "intersect", "having",
      "window", "for",    "fetch", "on",     "using",  "join",    "inner",  "left",      "right",
      "full",  "cross",   "natural", "returning", "set", "tablesample", "with", "as"};
  return token.kind != lexer::TokenKind::word ||
         std::find(words.begin(), words.end(), token.value) != words.end();
}

// Whether the bracket group opened at `open` holds a query of its own.
bool opens_subquery(const std::vector<Token>& tokens, std::size_t open) {
  return word_at(tokens, open + 1, "select") || word_at(tokens, open + 1, "with") ||
         word_at(tokens, open + 1, "values") || word_at(tokens, open + 1, "table");
}

// A name a WITH clause binds, and the tokens where an unqualified table of
// that name is the WITH query instead: from the end of its own query (from
// WITH under RECURSIVE) to the end of the bracket group the WITH stands in.
struct WithName {
  std::string name;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Past SEARCH ... SET column and CYCLE ... SET column [TO v DEFAULT v] USING
// path after a recursive WITH query at `at` (their column lists have commas).
std::size_t past_search_and_cycle(const std::vector<Token>& tokens, std::size_t at, std::size_t end) {
  while (word_at(tokens, at, "search") || word_at(tokens, at, "cycle")) {
    const bool cycle = tokens[at].is_word("cycle");
    while (at < end && !tokens[at].is_word("set")) ++at;
    at += 2;
    if (cycle && word_at(tokens, at, "to")) at += 4;
    if (cycle && word_at(tokens, at, "using")) at += 2;
  }
  return std::min(at, end);
}

// Every name bound by a WITH clause, at any depth: WITH [RECURSIVE] name
// [(columns)] AS [[NOT] MATERIALIZED] (query) [, ...]. WITH (options), WITH
// TIME ZONE, WITH ORDINALITY AS t(...), WITH CHECK (...) bind nothing.
std::vector<WithName> with_names(const std::vector<Token>& tokens) {
  std::vector<WithName> out;
  std::vector<std::size_t> opens;  // the brackets open around the token
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].opens_bracket()) {
      opens.push_back(i);
      continue;
    }
    if (tokens[i].closes_bracket()) {
      if (!opens.empty()) opens.pop_back();
      continue;
    }
    if (!tokens[i].is_word("with")) continue;
    const std::size_t end = opens.empty() ? tokens.size() : past_group(tokens, opens.back()) - 1;
    std::size_t at = i + 1;
    const bool recursive = word_at(tokens, at, "recursive");
    if (recursive) ++at;
    while (at < end && tokens[at].is_name()) {
      std::size_t next = at + 1;
      if (punct_at(tokens, next, "(")) next = past_group(tokens, next);
      if (!word_at(tokens, next, "as")) break;
      ++next;
      if (word_at(tokens, next, "not")) ++next;
      if (word_at(tokens, next, "materialized")) ++next;
      if (!punct_at(tokens, next, "(")) break;
      const std::size_t query_end = past_group(tokens, next);
      out.push_back({tokens[at].value, recursive ? i : query_end, end});
      at = past_search_and_cycle(tokens, query_end, end);
      if (!punct_at(tokens, at, ",")) break;
      ++at;
    }
  }
  return out;
}

// Whether `name`, read at token `at`, is a WITH query rather than a table.
bool names_with_query(const std::vector<WithName>& with, const ddl::QualifiedName& name, std::size_t at) {
  return name.schema.empty() && std::any_of(with.begin(), with.end(), [&](const WithName& bound) {
           return bound.name == name.name && bound.begin <= at && at < bound.end;
         });
}

// A table as the query names it: by its name, or by the alias it gave it.
struct TableName {
  std::string qualifier;
  ddl::QualifiedName table;
};

// After a FROM or JOIN item's (or UPDATE's) table at `at`: its alias, if any
// ([AS] alias), `at` past it.
std::string read_alias(const std::vector<Token>& tokens, std::size_t& at) {
  std::size_t i = at;
  if (word_at(tokens, i, "as")) ++i;
  if (i < tokens.size() && tokens[i].is_name() && !ends_from_item(tokens[i])) {
    at = i + 1;
    return tokens[i].value;
  }
  return {};
}

// Every FROM and JOIN item that names a table, at any depth, and how the
// query names each (`names`).
void read_tables(const std::vector<Token>& tokens, const std::vector<WithName>& with, QueryUses& out,
                 std::size_t& joins, std::vector<TableName>& names) {
  std::vector<bool> in_arguments;  // per open bracket: a FROM-taking function's
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (token.opens_bracket()) {
      in_arguments.push_back(i > 0 && tokens[i - 1].kind == lexer::TokenKind::word &&
                             from_in_arguments(tokens[i - 1].value));
      continue;
    }
    if (token.closes_bracket()) {
      if (!in_arguments.empty()) in_arguments.pop_back();
      continue;
    }
    const bool join = token.is_word("join");
    if (!join && !token.is_word("from")) continue;
    if (join) ++joins;
    // IS [NOT] DISTINCT FROM b compares, and FROM inside EXTRACT() is an argument.
    if (i > 0 && tokens[i - 1].is_word("distinct")) continue;
    if (!in_arguments.empty() && in_arguments.back()) continue;
    std::size_t at = i + 1;
    if (word_at(tokens, at, "only") || word_at(tokens, at, "lateral")) ++at;
    // DELETE's target is a table even where a WITH query has its name.
    const bool deletes = i > 0 && tokens[i - 1].is_word("delete");
    // The item's table (not a function in FROM) and its alias; false: none.
    const auto read_item = [&](std::size_t& item) {
      const std::size_t item_at = item;
      const std::size_t item_offset = item < tokens.size() ? tokens[item].offset : 0;
      const auto name = read_qualified_name(tokens, item);
      if (!name || punct_at(tokens, item, "(")) return false;
      if (!deletes && names_with_query(with, *name, item_at)) {
        read_alias(tokens, item);  // a WITH query's rows: no table of that name read
        return true;
      }
      out.tables.push_back({*name, item_offset});
      names.push_back({name->name, *name});
      if (std::string alias = read_alias(tokens, item); !alias.empty()) names.push_back({std::move(alias), *name});
      return true;
    };
    if (!read_item(at)) continue;
    // FROM a, b: the next items' tables too (read here: no FROM before them)
    for (std::size_t next = at + 1; punct_at(tokens, at, ",") && read_item(next); next = at + 1) {
      at = next;
      ++joins;  // several tables, as a join reads
    }
  }
}

// `q.column` where q names one of the query's tables (and is not itself
// after a dot: schema.table.column is left out).
void read_qualified_columns(const std::vector<Token>& tokens, const std::vector<TableName>& names, QueryUses& out) {
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (!tokens[i].is_name() || !tokens[i + 1].is_punct(".") || !tokens[i + 2].is_name()) continue;
    if (i > 0 && tokens[i - 1].is_punct(".")) continue;
    if (punct_at(tokens, i + 3, "(") || punct_at(tokens, i + 3, ".")) continue;  // schema.function(), schema.table.column
    const auto found = std::find_if(names.begin(), names.end(),
                                    [&](const TableName& name) { return name.qualifier == tokens[i].value; });
    if (found == names.end()) continue;
    // (a qualifier two tables share is not this query's to decide)
    const bool ambiguous = std::any_of(names.begin(), names.end(), [&](const TableName& name) {
      return name.qualifier == tokens[i].value && !(name.table == found->table);
    });
    if (!ambiguous) out.qualified.push_back({found->table, tokens[i + 2].value, tokens[i + 2].offset});
  }
}

}  // namespace

QueryUses query_uses(const std::vector<Token>& tokens) {
  QueryUses out;
  if (tokens.empty()) return out;
  // REVOKE ... FROM role, FETCH ... FROM cursor, COPY t FROM 'file': no table read.
  const Token& head = tokens[0];
  if (head.is_word("revoke") || head.is_word("fetch") || head.is_word("move") || head.is_word("copy")) return out;
  std::size_t joins = 0;
  std::vector<TableName> names;
  // UPDATE t [AS] alias SET ... FROM ...: the target is one of the tables the query names.
  if (head.is_word("update")) {
    std::size_t at = 1;
    if (word_at(tokens, at, "only")) ++at;
    if (const auto target = read_qualified_name(tokens, at)) {
      names.push_back({target->name, *target});
      if (std::string alias = read_alias(tokens, at); !alias.empty()) names.push_back({std::move(alias), *target});
    }
  }
  const std::vector<WithName> with = with_names(tokens);
  read_tables(tokens, with, out, joins, names);
  if (joins > 0 || (head.is_word("update") && !out.tables.empty())) read_qualified_columns(tokens, names, out);

  // The main query's SELECT, at depth 0 (CTEs and a view's column list come before it).
  lexer::BracketDepth depth;
  std::size_t select = tokens.size();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool bracket = depth.step(tokens[i]);
    if (!bracket && depth.at_top() && tokens[i].is_word("select")) {
      select = i;
      break;
    }
  }
  if (select == tokens.size() || joins > 0) return out;
  // Its one FROM item, at depth 0: a table, then perhaps an alias, then no comma.
  std::size_t from = tokens.size();
  depth = {};
  for (std::size_t i = select; i < tokens.size(); ++i) {
    const bool bracket = depth.step(tokens[i]);
    if (!bracket && depth.at_top() && tokens[i].is_word("from")) {
      from = i;
      break;
    }
  }
  if (from == tokens.size()) return out;
  std::size_t at = from + 1;
  if (word_at(tokens, at, "only")) ++at;
  const std::size_t table_at = at;
  const auto table = read_qualified_name(tokens, at);
  if (!table || punct_at(tokens, at, "(") || names_with_query(with, *table, table_at)) return out;
  std::size_t alias_at = tokens.size();
  if (word_at(tokens, at, "as")) ++at;
  if (at < tokens.size() && tokens[at].is_name() && !ends_from_item(tokens[at])) alias_at = at++;
  if (punct_at(tokens, at, ",")) return out;  // FROM a, b
  out.columns_table = *table;

  // The select list's output names: after AS, or bare after an expression
  // (`full_name name`). Not columns where they stand, nor where ORDER BY or
  // GROUP BY name them: a compatibility view after a rename gives the new
  // column its old name.
  std::vector<std::size_t> alias_indexes;
  std::set<std::string> aliases;
  depth = {};
  for (std::size_t i = select + 1; i < from; ++i) {
    const bool bracket = depth.step(tokens[i]);
    if (bracket || !depth.at_top() || !tokens[i].is_name()) continue;
    const Token& before = tokens[i - 1];
    const bool after_as = before.is_word("as");
    const bool ends_item = punct_at(tokens, i + 1, ",") || i + 1 == from;
    const bool after_expression = i - 1 > select && (before.closes_bracket() || before.kind == TokenKind::string ||
                                                     before.kind == TokenKind::number ||
                                                     (before.is_name() && !before.is_word("distinct") &&
                                                      !before.is_word("all")));
    if (after_as || (ends_item && after_expression)) {
      alias_indexes.push_back(i);
      aliases.insert(tokens[i].value);
    }
  }
  // Where GROUP BY or ORDER BY start (WHERE and HAVING do not see output names).
  std::size_t grouping = tokens.size();
  depth = {};
  for (std::size_t i = from; i < tokens.size(); ++i) {
    const bool bracket = depth.step(tokens[i]);
    if (!bracket && depth.at_top() && (tokens[i].is_word("group") || tokens[i].is_word("order"))) {
      grouping = i;
      break;
    }
  }
  const auto is_alias = [&](std::size_t i) {
    if (i >= grouping) return aliases.count(tokens[i].value) > 0 && !tokens[i - 1].is_punct(".");
    return std::find(alias_indexes.begin(), alias_indexes.end(), i) != alias_indexes.end();
  };

  const auto qualifies_table = [&](const Token& qualifier) {
    return qualifier.value == table->name || (alias_at < tokens.size() && qualifier.value == tokens[alias_at].value);
  };
  for (std::size_t i = select + 1; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (token.opens_bracket() && opens_subquery(tokens, i)) {
      i = past_group(tokens, i) - 1;
      continue;
    }
    if (i >= from && i < std::max(at, from + 1)) continue;  // the FROM item itself
    if (!token.is_name() || i == alias_at || is_alias(i)) continue;
    if (punct_at(tokens, i + 1, "(") || punct_at(tokens, i + 1, ".")) continue;  // a function, a qualifier
    if (tokens[i - 1].is_word("as") || tokens[i - 1].text == "::") continue;  // an alias, a type
    if (tokens[i - 1].is_punct(".") && (i < 2 || !qualifies_table(tokens[i - 2]))) continue;
    out.columns.push_back({token.value, token.offset});
  }
  return out;
}

}  // namespace pgapply::lint
