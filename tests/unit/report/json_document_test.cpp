// The shared pieces of every JSON document.
#include "report/json_document.hpp"

#include <doctest/doctest.h>

using namespace pgapply;

TEST_CASE("with_error: a command's document gets the error object of what it found, its keys kept in order") {
  report::Json document = report::json_document("verify");
  document["ok"] = false;
  document["counts"] = {{"missing", 1}};
  const report::ErrorReport found{"check", "app does not have the schema its migrations make: 1 missing", "", 0, 0, "",
                                  4, "app does not have the schema its migrations make: 1 missing", {}};
  const auto json = report::Json::parse(report::with_error(report::dump_document(document), found));
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"format_version", "command", "ok", "counts", "error"});
  CHECK(json["counts"]["missing"] == 1);
  CHECK(json["error"]["kind"] == "check");
  CHECK(json["error"]["exit_status"] == 4);
  CHECK(json["error"]["file"].is_null());
  CHECK(json["error"]["line"].is_null());
}
