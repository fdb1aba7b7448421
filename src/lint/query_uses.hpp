#pragma once

// What a query reads, for the rules that know what earlier migrations
// renamed: the tables after FROM and JOIN (not a WITH query of the same
// name where that query is in scope), and, when it reads one table
// only, the names in it that may be that table's columns, else the names
// qualified by one of its tables. Read from the tokens alone: a name is a
// column's only where nothing else can be meant.

#include <string>
#include <vector>

#include "ddl/qualified_name.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::lint {

struct QueryUses {
  struct Table {
    ddl::QualifiedName name;
    std::size_t offset = 0;
  };
  struct Column {
    std::string name;
    std::size_t offset = 0;
  };
  std::vector<Table> tables;
  // When the main query reads exactly one table (no join, no FROM list):
  // that table, and the names in its SELECT list and clauses that may be its
  // columns (not function names, aliases after AS, other qualifiers, nor
  // what subqueries read).
  ddl::QualifiedName columns_table;
  std::vector<Column> columns;
  // When it reads several (joins, a FROM list, UPDATE ... FROM): the names
  // qualified by one of its tables or their aliases (`u.email` after
  // `JOIN users u`), each with its table. Unqualified names could be any
  // table's: left out.
  struct QualifiedColumn {
    ddl::QualifiedName table;
    std::string name;
    std::size_t offset = 0;
  };
  std::vector<QualifiedColumn> qualified;
};

QueryUses query_uses(const std::vector<lexer::Token>& tokens);

}  // namespace pgapply::lint
