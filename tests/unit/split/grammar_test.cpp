#include "split/grammar.hpp"

#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include <string>

namespace g = pgapply::split::grammar;
namespace pegtl = tao::pegtl;

// PEGTL's grammar analysis finds rules that can loop without consuming input
// (an endless loop at run time) or recurse without consuming (a stack
// overflow). The custom rules describe themselves to it with the
// analyze_traits at the end of grammar.hpp.
TEST_CASE("the grammar has no rule that can loop or recurse without consuming input") {
  CHECK(pegtl::analyze<g::sql_text>() == 0);
  CHECK(pegtl::analyze<g::copy_block>() == 0);
  CHECK(pegtl::analyze<g::copy_data_rest>() == 0);
  CHECK(pegtl::analyze<g::element>() == 0);
}

namespace {

// Whether `rule` matches the whole of `text` (no actions, no state needed).
template <typename Rule>
bool matches_whole(const std::string& text) {
  pegtl::memory_input in(text, "");
  return pegtl::parse<pegtl::seq<Rule, pegtl::eof>>(in);
}

}  // namespace

TEST_CASE("the stateless rules match what scan.l and psqlscan.l match") {
  CHECK(matches_whole<g::word>("foo$bar$"));
  CHECK(matches_whole<g::word>("_x1"));
  CHECK(matches_whole<g::word>("\xC3\xA9t\xC3\xA9"));
  CHECK_FALSE(matches_whole<g::word>("1x"));
  CHECK(matches_whole<g::dollar_open>("$$"));
  CHECK(matches_whole<g::dollar_open>("$_a1$"));
  CHECK_FALSE(matches_whole<g::dollar_open>("$1$"));
  CHECK_FALSE(matches_whole<g::dollar_open>("$a$b$"));
  // quotecontinue: whitespace holding a newline, -- comments allowed, then a quote.
  CHECK(matches_whole<g::quote_continue>("\n'"));
  CHECK(matches_whole<g::quote_continue>(" \t-- c\n\n  -- d\n'"));
  CHECK(matches_whole<g::quote_continue>("\r\n'"));
  CHECK(matches_whole<g::quote_continue>("\v\n\v'"));  // \v is whitespace since PostgreSQL 16
  CHECK_FALSE(matches_whole<g::quote_continue>("  '"));
  CHECK_FALSE(matches_whole<g::quote_continue>("/* c */\n'"));  // only -- comments (scan.l)
  CHECK_FALSE(matches_whole<g::quote_continue>("\n/* c */'"));
  CHECK(matches_whole<g::variable>(":a_1"));
  CHECK(matches_whole<g::variable_literal>(":'a'"));
  CHECK(matches_whole<g::variable_identifier>(":\"a\""));
  CHECK(matches_whole<g::variable_test>(":{?a}"));
  CHECK_FALSE(matches_whole<g::variable>(":$a"));
  CHECK(matches_whole<g::copy_end_marker>("\\.\n"));
  CHECK(matches_whole<g::copy_end_marker>("\\.\r\n"));
  CHECK(matches_whole<g::copy_end_marker>("\\."));
  CHECK_FALSE(matches_whole<g::copy_end_marker>("\\. \n"));
}
