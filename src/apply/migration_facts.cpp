#include "apply/migration_facts.hpp"

#include "script/interpreter.hpp"

namespace pgapply::apply {

namespace {

class FactsBackend : public script::Backend {
 public:
  explicit FactsBackend(schema::MigrationFacts& facts) : facts_(facts) {}

  void statement(const script::Statement& statement) override {
    facts_.statements.push_back({statement.file, statement.line, ddl::facts_of(statement.rendered.text)});
  }
  void copy_data(std::string_view, std::size_t, bool) override {}
  void gexec(const script::Statement&) override {}  // what it runs is known only at run time
  void echo(const std::string&, bool) override {}

 private:
  schema::MigrationFacts& facts_;
};

}  // namespace

schema::MigrationFacts migration_facts(const MigrationScript& script, const Project& project) {
  schema::MigrationFacts facts;
  facts.version = script.file.version;
  facts.file_name = script.file.file_name;
  facts.shown = script.shown;
  FactsBackend backend(facts);
  script::Variables variables = project.variables;
  script::Interpreter interpreter(project.settings, variables, backend);
  interpreter.run_file(script.path, script.shown);
  return facts;
}

}  // namespace pgapply::apply
