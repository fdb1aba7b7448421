#include "ddl/row_trigger.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

using pgapply::ddl::row_trigger_sets;
using pgapply::ddl::trigger_may_write_rows;
using pgapply::ddl::TriggerFunction;

namespace {

using Sets = std::vector<std::pair<std::string, std::string>>;

TriggerFunction plpgsql(std::string_view body) { return {"plpgsql", body, "touch", "", ""}; }

}  // namespace

TEST_CASE("an updated_at trigger's function sets columns of the row to values that read nothing of it") {
  CHECK(row_trigger_sets(plpgsql("\nbegin\n  new.updated_at := now();\n  return new;\nend;\n")) ==
        Sets{{"updated_at", "now()"}});
  CHECK(row_trigger_sets(plpgsql("BEGIN NEW.\"updatedAt\" = timezone('utc'::text, now()) ; NEW.touched = true; "
                                 "RETURN NEW; END")) ==
        Sets{{"updatedAt", "timezone('utc'::text, now())"}, {"touched", "true"}});
  CHECK(row_trigger_sets(plpgsql("begin return new; end")) == Sets{});
  // contrib's moddatetime, with the column its trigger names
  const TriggerFunction moddatetime{"c", "moddatetime", "moddatetime", "moddatetime", "updated_at"};
  CHECK(row_trigger_sets(moddatetime) == Sets{{"updated_at", "now()"}});
  CHECK_FALSE(trigger_may_write_rows(moddatetime));
  CHECK_FALSE(trigger_may_write_rows(plpgsql("begin new.updated_at := now(); return new; end")));
  // another C function, or one of another extension's of that name: not read
  const TriggerFunction other_c{"c", "moddatetime", "moddatetime", "", "updated_at"};
  CHECK_FALSE(row_trigger_sets(other_c));
  CHECK(trigger_may_write_rows(other_c));
}

TEST_CASE("a trigger function that does anything else to the row is not followed") {
  for (const char* body : {
           "begin if new.x is null then new.x := 1; end if; return new; end",  // a condition
           "begin new.x := new.y; return new; end",                            // reads the row
           "begin new.x := old.x + 1; return new; end",
           "begin new.x := tg_op; return new; end",
           "begin new.x := (select max(id) from t); return new; end",         // a subquery
           "begin return null; end",                                          // skips the row
           "begin new.x := 1; return old; end",
           "declare v int := 1; begin new.x := v; return new; end",           // a variable
           "begin raise notice 'x'; return new; end",
           "begin new := row(1); return new; end",                            // the row whole
           "begin new.x := 1; end",                                           // no RETURN NEW
           "begin new.x := 1; return new; end; select 1",
           "begin new.x := 1; return new;",
       }) {
    INFO(body);
    CHECK_FALSE(row_trigger_sets(plpgsql(body)));
  }
  CHECK_FALSE(row_trigger_sets({"sql", "select 1", "touch", "", ""}));
  // one that writes another table
  CHECK(trigger_may_write_rows(plpgsql("begin insert into audit values (new.id); return new; end")));
}
