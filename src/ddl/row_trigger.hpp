#pragma once

// What a trigger's function does when it fires, read from its body: whether
// it may write a table's rows (another table's, or its own by a statement),
// and, for a BEFORE ... FOR EACH ROW trigger, what it does to the row it
// fires for. An updated_at trigger (`NEW.updated_at := now(); RETURN NEW;`,
// or the moddatetime extension's) changes one column of that row and nothing
// else: preflight can follow an UPDATE of its table as if the UPDATE set
// that column too.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pgapply::ddl {

// A trigger's function as the catalog gives it.
struct TriggerFunction {
  std::string_view language;   // pg_language.lanname
  std::string_view body;       // pg_proc.prosrc
  std::string_view name;       // pg_proc.proname
  std::string_view extension;  // the extension it belongs to; "": none
  std::string_view first_argument;  // the trigger's first argument (tgargs); "": none
};

// Whether the function may change a table's rows when it runs:
// routine_may_write_rows (strictly), but moddatetime's, which sets a column
// of the row alone.
bool trigger_may_write_rows(const TriggerFunction& function);

// The columns a BEFORE ... FOR EACH ROW trigger's function sets in the row,
// each with the expression of its value (in the order it sets them), where
// that is all it does: a PL/pgSQL body of `NEW.column := value;` (or `=`)
// statements at its top level, whose values read neither the row nor the
// trigger's variables (NEW, OLD, TG_...), then `RETURN NEW;`; or the
// moddatetime extension's moddatetime(column), which sets it to now().
// nullopt for anything else: a condition, a RETURN NULL (which skips the
// row), a DECLARE, a RAISE, another language.
std::optional<std::vector<std::pair<std::string, std::string>>> row_trigger_sets(const TriggerFunction& function);

}  // namespace pgapply::ddl
