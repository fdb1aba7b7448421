// pgapply config as a user runs it: the real binary, no database (config
// never connects).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/run_process.hpp"

using namespace pgapply::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

ProcessOptions in(const TempDir& dir, std::map<std::string, std::string> env = {}) {
  ProcessOptions options;
  options.cwd = dir.path();
  options.env = std::move(env);
  options.unset_env = {"PGAPPLY_DIR",   "PGAPPLY_LEDGER", "PGAPPLY_FORMAT",      "PGAPPLY_COLOR",
                       "PGAPPLY_SHADOW", "NO_COLOR",      "SHADOW_DATABASE_URL", "DATABASE_URL"};
  return options;
}

const std::string secret = "S3cr3tPW";
const std::string shadow_url = "postgresql://sec:" + secret + "@127.0.0.1:5999/postgres";

}  // namespace

TEST_CASE("config shows a shadow URL with its password redacted, from every source and in every form") {
  TempDir dir;
  const auto shown = [](const ProcessResult& result) {
    INFO(result.out, result.err);
    CHECK(result.status == 0);
    CHECK(!contains(result.out + result.err, secret));
    return result.out;
  };
  // The environment, in text and JSON.
  std::string out = shown(run_pgapply({"config"}, in(dir, {{"PGAPPLY_SHADOW", shadow_url}})));
  CHECK(contains(out, "postgresql://sec:***@127.0.0.1:5999/postgres"));
  const auto from_env =
      nlohmann::json::parse(shown(run_pgapply({"config", "--format", "json"}, in(dir, {{"PGAPPLY_SHADOW", shadow_url}}))));
  bool found = false;
  for (const auto& setting : from_env["settings"]) {
    if (setting["name"] != "shadow") continue;
    found = true;
    CHECK(setting["values"][0]["value"] == "postgresql://sec:***@127.0.0.1:5999/postgres");
    CHECK(setting["values"][0]["where"] == "PGAPPLY_SHADOW");
  }
  CHECK(found);

  // The command line, both spellings: the value and where it came from.
  out = shown(run_pgapply({"config", "--shadow", shadow_url}, in(dir)));
  CHECK(contains(out, "command line (--shadow postgresql://sec:***@127.0.0.1:5999/postgres)"));
  out = shown(run_pgapply({"config", "--shadow=" + shadow_url, "--format", "json"}, in(dir)));
  CHECK(contains(out, "\"--shadow=postgresql://sec:***@127.0.0.1:5999/postgres\""));

  // A keyword=value string, and pgapply.toml.
  out = shown(run_pgapply({"config", "--shadow", "host=127.0.0.1 password=" + secret}, in(dir)));
  CHECK(contains(out, "host=127.0.0.1 password=***"));
  dir.write("pgapply.toml", "shadow = \"" + shadow_url + "\"\n");
  out = shown(run_pgapply({"config"}, in(dir)));
  CHECK(contains(out, "postgresql://sec:***@127.0.0.1:5999/postgres"));

  // One value, as the completions read it.
  out = shown(run_pgapply({"config", "--get", "shadow"}, in(dir)));
  CHECK(out == "postgresql://sec:***@127.0.0.1:5999/postgres\n");
}

TEST_CASE("a connection string given twice is named without its password") {
  TempDir dir;
  const auto result =
      run_pgapply({"status", "-d", shadow_url, "--dbname=postgresql://u:" + secret + "2@h/db"}, in(dir));
  INFO(result.err);
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--dbname is given twice (-d postgresql://sec:***@127.0.0.1:5999/postgres and "
                             "--dbname=postgresql://u:***@h/db)"));
  CHECK(!contains(result.err, secret));
}
