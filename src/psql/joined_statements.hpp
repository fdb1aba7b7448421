#pragma once

// A statement sent as one query may hold several: a goose StatementBegin ...
// StatementEnd block, statements joined by psql's \;. What reads statements
// for what they do (lint, the static model) reads each of them.

#include <vector>

#include "psql/interpreter.hpp"

namespace pgapply::psql {

// The statements in `statement` (rendered.has_escaped_semicolon says it may
// hold several), each with its own text, original text, line, column, file
// offset and source map; `statement` alone when it holds one, or when its
// text does not split.
std::vector<Statement> statements_within(const Statement& statement);

// The Backend of what reads statements for what they do without running
// them (lint, the static model): read() gets each statement within every
// one sent; read_gexec() each \gexec's query (what it runs is known only at
// run time); COPY data and \echo are passed over.
class StatementReader : public Backend {
 public:
  void statement(const Statement& sent) final;
  void copy_data(std::string_view, std::size_t, bool) final {}
  void gexec(const Statement& query) final { read_gexec(query); }
  void echo(const std::string&, bool) final {}

 protected:
  virtual void read(const Statement& statement) = 0;
  // A \gexec's query: what it runs is known only at run time.
  virtual void read_gexec(const Statement& /*query*/) {}
};

}  // namespace pgapply::psql
