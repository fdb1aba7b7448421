#pragma once

// The names PostgreSQL gives unnamed constraints and indexes, so that an
// unnamed UNIQUE in a migration can be found in the catalog and a later
// DROP CONSTRAINT users_email_key matches it. As the server's
// ChooseConstraintName / ChooseIndexName / makeObjectName do:
//
//   PRIMARY KEY                     <table>_pkey
//   UNIQUE (a, b)                   <table>_a_b_key
//   FOREIGN KEY (a)                 <table>_a_fkey
//   CHECK on one column a           <table>_a_check   (any other CHECK: <table>_check)
//   EXCLUDE (a WITH =)              <table>_a_excl
//   CREATE INDEX ON t (a, lower(b)) t_a_lower_idx     (an expression: its function's name
//                                                     or "expr"; INCLUDE columns count too)
//
// truncated to 63 bytes by shortening the longer part first, and, when the
// name is taken, with 1, 2... appended to the label (t_a_idx1).

#include <optional>
#include <string>
#include <vector>

#include "ddl/declaration.hpp"

namespace pgapply::ddl {

struct NameParts {
  std::string name1;                 // the table
  std::optional<std::string> name2;  // the columns joined by '_'
  std::string label;                 // pkey, key, fkey, check, excl, idx
};

// makeObjectName(name1, name2, label + pass) with pass 0 meaning no number.
std::string make_object_name(const NameParts& parts, int pass = 0);

// An unnamed constraint of `table`; `table_columns` are the table's column
// names (a CHECK is named after the one column its expression uses).
NameParts constraint_name_parts(const std::string& table, const ddl::ConstraintSpec& constraint,
                                const std::vector<std::string>& table_columns);

// An unnamed CREATE INDEX on `table`.
NameParts index_name_parts(const std::string& table, const ddl::IndexSpec& index);

// The name an index element gives the index ("published_at DESC" ->
// published_at, "(lower(email))" -> lower, "(a + b)" -> expr), as
// ChooseIndexColumnNames and FigureIndexColname do.
std::string index_element_column(const std::string& element);

}  // namespace pgapply::ddl
