#pragma once

// Internal: the table and columns a data statement names: INSERT INTO t
// (a, b), UPDATE t SET a = ..., (b, c) = ..., COPY t (a, b) FROM, DELETE
// FROM t.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ddl/qualified_name.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::lint {

struct NamedColumn {
  std::string name;
  std::size_t offset = 0;  // in the statement
};

struct DataTarget {
  ddl::QualifiedName table;
  std::size_t table_offset = 0;
  std::vector<NamedColumn> columns;  // the INSERT or COPY column list, the UPDATE's SET targets
  bool adds_rows = false;            // INSERT, COPY ... FROM
};

std::optional<DataTarget> data_target(const std::vector<lexer::Token>& tokens);

// name or schema.name at tokens[i] (i moved past it); nullopt if none.
std::optional<ddl::QualifiedName> read_qualified_name(const std::vector<lexer::Token>& tokens, std::size_t& i);

}  // namespace pgapply::lint
