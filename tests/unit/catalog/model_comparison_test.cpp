#include "catalog/model_comparison.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace pgapply::catalog;

namespace {

CatalogObject object(ObjectKind kind, std::string parent, std::string name) {
  return CatalogObject{ObjectKey{kind, "public", std::move(parent), std::move(name)}, {}};
}

CatalogModel users_model() {
  CatalogModel model;
  model.add(object(ObjectKind::schema, "", "public"));
  model.add(object(ObjectKind::table, "", "users").set("kind", "table").set("owner", "app", false));
  model.add(object(ObjectKind::column, "users", "id").set("type", "integer").set("not null", "yes"));
  model.add(object(ObjectKind::column, "users", "email").set("type", "text").set("default", ""));
  model.add(object(ObjectKind::constraint, "users", "users_pkey").set("definition", "PRIMARY KEY (id)"));
  model.add(object(ObjectKind::index, "users", "users_pkey")
                .set("definition", "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)")
                .set("constraint", "users_pkey", false));
  return model;
}

std::vector<std::string> explained(const Comparison& comparison, const Wording& wording = {}) {
  std::vector<std::string> lines;
  for (const auto& difference : comparison.differences) lines.push_back(explain(difference, wording));
  return lines;
}

}  // namespace

TEST_CASE("model comparison: the same model twice has no differences, owners are not compared") {
  const CatalogModel here = users_model();
  CatalogModel there = users_model();
  there.objects.at({ObjectKind::table, "public", "", "users"}).set("owner", "postgres", false);
  const auto comparison = compare_models(here, there);
  CHECK(comparison.same());
  CHECK(comparison.compared == here.objects.size());
}

TEST_CASE("model comparison: a different column type is one line naming both sides") {
  CatalogModel here = users_model();
  here.objects.at({ObjectKind::column, "public", "users", "email"}).set("type", "character varying(64)");
  const auto comparison = compare_models(here, users_model());
  REQUIRE(comparison.differences.size() == 1);
  CHECK(comparison.differences[0].kind == DifferenceKind::different);
  CHECK(comparison.count(DifferenceKind::different) == 1);
  CHECK(explained(comparison)[0] == "column users.email: type character varying(64) here, text in the migrations");
  Wording change;
  change.as_change = true;
  CHECK(explained(comparison, change)[0] == "column users.email: type: text -> character varying(64)");
}

TEST_CASE("model comparison: an extra column is drift, a missing one is missing, empty values read none") {
  CatalogModel here = users_model();
  here.add(object(ObjectKind::column, "users", "note").set("type", "text"));
  here.objects.erase({ObjectKind::column, "public", "users", "email"});
  here.objects.at({ObjectKind::column, "public", "users", "id"}).set("not null", "");
  const auto comparison = compare_models(here, users_model());
  const auto lines = explained(comparison);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "column users.email: missing here (the migrations make it)");
  CHECK(lines[1] == "column users.id: not null none here, yes in the migrations");
  CHECK(lines[2] == "column users.note: here, made by no migration");
  CHECK(comparison.count(DifferenceKind::extra) == 1);
  CHECK(comparison.count(DifferenceKind::missing) == 1);
}

TEST_CASE("model comparison: a missing table takes its columns, constraint and index with it") {
  CatalogModel here;
  here.add(object(ObjectKind::schema, "", "public"));
  const auto comparison = compare_models(here, users_model());
  const auto lines = explained(comparison);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "table users: missing here (the migrations make it), with its 2 columns, 1 constraint and 1 index");
  // the other way round, as drift
  const auto reverse = compare_models(users_model(), here);
  REQUIRE(reverse.differences.size() == 1);
  CHECK(reverse.differences[0].kind == DifferenceKind::extra);
  CHECK(explain(reverse.differences[0]) ==
        "table users: here, made by no migration, with its 2 columns, 1 constraint and 1 index");
}

TEST_CASE("model comparison: a missing primary key is one difference, its index goes with it") {
  CatalogModel here = users_model();
  here.objects.erase({ObjectKind::constraint, "public", "users", "users_pkey"});
  here.objects.erase({ObjectKind::index, "public", "users", "users_pkey"});
  const auto lines = explained(compare_models(here, users_model()));
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "constraint users_pkey on users: missing here (the migrations make it), with its 1 index");
}

TEST_CASE("model comparison: a scope limits what is compared") {
  CatalogModel here = users_model();
  here.add(object(ObjectKind::table, "", "other"));
  here.objects.at({ObjectKind::column, "public", "users", "email"}).set("type", "bigint");
  const auto comparison = compare_models(here, users_model(), [](const ObjectKey& key) {
    return key.name == "other" || key.parent == "other";
  });
  REQUIRE(comparison.differences.size() == 1);
  CHECK(comparison.differences[0].key.name == "other");
  CHECK(comparison.compared == 1);
}

TEST_CASE("model comparison: names outside the home schema are qualified, functions by identity") {
  const ObjectKey function{ObjectKind::function, "app", "", "touch(integer, text)"};
  CHECK(describe(function) == "function app.touch(integer, text)");
  CHECK(describe({ObjectKind::index, "app", "t", "t_a_idx"}) == "index t_a_idx on app.t");
  CHECK(describe({ObjectKind::column, "app", "t", "a"}, "app") == "column t.a");
  CHECK(describe({ObjectKind::schema, "app", "", "app"}) == "schema app");
}

TEST_CASE("model comparison: a procedure or an aggregate is called what it is, not a function") {
  CatalogModel here, there;
  there.add(object(ObjectKind::function, "", "archive(integer)").set("kind", "procedure"));
  there.add(object(ObjectKind::function, "", "f()").set("kind", "function").set("definition", "a"));
  here.add(object(ObjectKind::function, "", "f()").set("kind", "function").set("definition", "b"));
  here.add(object(ObjectKind::function, "", "total(numeric)").set("kind", "aggregate"));
  Wording wording;
  wording.missing = "missing";
  wording.extra = "extra";
  const auto lines = explained(compare_models(here, there), wording);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "procedure archive(integer): missing");
  CHECK(lines[1].starts_with("function f(): definition"));
  CHECK(lines[2] == "aggregate total(numeric): extra");
}

TEST_CASE("model comparison: a changed function body shows its first differing line") {
  CatalogModel here, there;
  const std::string head = "CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n LANGUAGE sql\nAS $function$";
  here.add(object(ObjectKind::function, "", "f()").set("definition", head + "select 1$function$\n"));
  there.add(object(ObjectKind::function, "", "f()").set("definition", head + "select 2$function$\n"));
  const auto lines = explained(compare_models(here, there));
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        "function f(): definition (line 4) AS $function$select 1$function$ here, AS $function$select 2$function$ in the "
        "migrations");
}

TEST_CASE("first_difference: long single lines are cut around the first differing character") {
  const std::string a(200, 'x');
  std::string b = a;
  b[150] = 'y';
  const auto first = first_difference(a, b, 40);
  CHECK(first.line == 0);
  CHECK(first.here.rfind("...", 0) == 0);
  CHECK(first.here.size() <= 43);
  CHECK(first.here != first.there);
  const auto ended = first_difference("a\nb", "a\nb\nc");
  CHECK(ended.line == 3);
  CHECK(ended.here == "(ends)");
  CHECK(ended.there == "c");
}

TEST_CASE("first_difference: a body rewritten on one line shows where it differs, not the line that runs on") {
  const std::string migrations = "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\n"
                                 "AS $function$\nbegin\n  new.updated_at = now();\n  return new;\nend\n$function$\n";
  const std::string by_hand = "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\n"
                              "AS $function$ begin return new; end $function$\n";
  const auto first = first_difference(by_hand, migrations);
  CHECK(first.line == 4);
  CHECK(first.here == "AS $function$ begin return new; end $function$");
  CHECK(first.there == "AS $function$ begin new.updated_at = now(); return new; end $function$");
}

TEST_CASE("first_difference: an excerpt of a long line never cuts a word in half") {
  const std::string owner = "(owner): DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE";
  const std::string here = owner + "; PUBLIC: INSERT, SELECT; reporting_reader: SELECT; auditor: SELECT";
  const std::string there = owner + "; PUBLIC: SELECT; reporting_reader: SELECT; auditor: SELECT";
  const auto words = [](std::string text) {
    if (text.rfind("...", 0) == 0) text.erase(0, 3);
    if (text.size() >= 3 && text.compare(text.size() - 3, 3, "...") == 0) text.erase(text.size() - 3);
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
      const std::size_t end = std::min(text.find(' ', at), text.size());
      out.push_back(text.substr(at, end - at));
      at = end + 1;
    }
    return out;
  };
  const auto whole = words(here + " " + there);
  for (const std::size_t width : {40, 50, 60, 80}) {
    const auto first = first_difference(here, there, width);
    INFO(width, ": ", first.here, " | ", first.there);
    CHECK(first.here.rfind("...", 0) == 0);  // it starts after the common part
    CHECK(first.here.find("PUBLIC: INSERT") != std::string::npos);
    CHECK(first.here.size() <= width + 3);
    for (const auto& side : {first.here, first.there}) {
      for (const auto& word : words(side)) CHECK(std::find(whole.begin(), whole.end(), word) != whole.end());
    }
  }
}

TEST_CASE("describe_parts counts in words") {
  CHECK(describe_parts({}) == "");
  CHECK(describe_parts({{ObjectKind::column, 1}}) == "1 column");
  CHECK(describe_parts({{ObjectKind::column, 2}, {ObjectKind::index, 3}, {ObjectKind::policy, 2}}) ==
        "2 columns, 3 indexes and 2 policies");
}

TEST_CASE("changed_keys: new, dropped and changed objects, unfolded") {
  CatalogModel before = users_model();
  CatalogModel after = users_model();
  after.objects.erase({ObjectKind::column, "public", "users", "email"});
  after.objects.at({ObjectKind::column, "public", "users", "id"}).set("type", "bigint");
  after.objects.at({ObjectKind::table, "public", "", "users"}).set("owner", "someone", false);  // not compared
  after.add(object(ObjectKind::table, "", "t"));
  after.add(object(ObjectKind::column, "t", "a"));
  const auto keys = changed_keys(before, after);
  CHECK(keys.size() == 4);
  CHECK(keys.count({ObjectKind::column, "public", "users", "email"}) == 1);
  CHECK(keys.count({ObjectKind::column, "public", "users", "id"}) == 1);
  CHECK(keys.count({ObjectKind::table, "public", "", "t"}) == 1);
  CHECK(keys.count({ObjectKind::column, "public", "t", "a"}) == 1);
}

TEST_CASE("model comparison: an INVALID index only one side has says so, with the statement that drops it") {
  CatalogModel here = users_model();
  here.add(object(ObjectKind::index, "users", "users_email_key")
               .set("definition", "CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)")
               .set("valid", "no"));
  here.add(object(ObjectKind::index, "users", "users_email_idx")
               .set("definition", "CREATE INDEX users_email_idx ON public.users USING btree (email)")
               .set("valid", "yes"));
  const auto lines = explained(compare_models(here, users_model()));
  INFO(lines[0], lines[1]);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("INVALID") == std::string::npos);
  CHECK(lines[1].ends_with(": here, made by no migration (INVALID, as a failed CREATE INDEX CONCURRENTLY leaves it: "
                           "no query uses it, every write still updates it; DROP INDEX CONCURRENTLY "
                           "public.users_email_key before building it again)"));
}
