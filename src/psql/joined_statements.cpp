#include "psql/joined_statements.hpp"

#include <algorithm>

#include "psql/source_map.hpp"
#include "split/split_error.hpp"
#include "split/splitter.hpp"

namespace pgapply::psql {

std::vector<Statement> statements_within(const Statement& statement) {
  if (!statement.rendered.has_escaped_semicolon) return {statement};
  const std::string& text = statement.rendered.text;
  std::vector<split::Item> items;
  try {
    items = split::split(text);
  } catch (const split::SplitError&) {
    return {statement};
  }
  items.erase(std::remove_if(items.begin(), items.end(),
                             [](const split::Item& item) { return item.kind != split::ItemKind::sql; }),
              items.end());
  if (items.size() < 2) return {statement};
  std::vector<Statement> parts;
  for (const split::Item& item : items) {
    Statement part = statement;
    part.rendered.text = text.substr(item.start, item.end - item.start);
    part.rendered.map = statement.rendered.map.from(item.start);
    part.rendered.has_escaped_semicolon = false;
    // Where it is in the file, and its text as written there: the original
    // from its first byte to the byte after its last.
    part.offset = statement.rendered.map.source_offset(item.start);
    const std::size_t begin = std::min(part.offset - std::min(part.offset, statement.offset), statement.original.size());
    const std::size_t last = statement.rendered.map.source_offset(item.end - 1);
    const std::size_t end = std::clamp(last + 1 - std::min(last + 1, statement.offset), begin, statement.original.size());
    part.original = statement.original.substr(begin, end - begin);
    const LineColumn at = line_column_at(statement.original, begin, {statement.line, statement.column});
    part.line = at.line;
    part.column = at.column;
    parts.push_back(std::move(part));
  }
  return parts;
}

void StatementReader::statement(const Statement& sent) {
  if (!sent.rendered.has_escaped_semicolon) {
    read(sent);  // the common case, not copied
    return;
  }
  for (const Statement& part : statements_within(sent)) read(part);
}

}  // namespace pgapply::psql
