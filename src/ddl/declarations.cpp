#include "ddl/declarations.hpp"

#include <exception>

#include "ddl/statement_dispatch.hpp"

namespace pgapply::ddl {

StatementFacts facts_of(std::string_view statement) {
  try {
    StatementFacts facts = analyse_statement(statement, 0);
    // The statement-wide locks and hazards so far are those without a
    // declaration; add every declaration's.
    for (const auto& declaration : facts.declarations) {
      for (const auto& lock : declaration.impact.locks) merge_lock(facts.locks, lock);
      facts.hazards.insert(facts.hazards.end(), declaration.impact.hazards.begin(), declaration.impact.hazards.end());
    }
    return facts;
  } catch (const std::exception&) {
    // Preflight must never fail on a statement: out of memory and the like
    // leave the statement unanalysed.
    StatementFacts facts;
    facts.incomplete = true;
    return facts;
  }
}

std::vector<Declaration> declarations_of(std::string_view statement) { return facts_of(statement).declarations; }

}  // namespace pgapply::ddl
