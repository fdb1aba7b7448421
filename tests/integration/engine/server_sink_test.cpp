// ServerSink's batches: the first one small, each next one four times as large, up
// to the limit; every statement still answers in order.
#include "engine/server_sink.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/test_database.hpp"

using namespace pgapply;

namespace {

struct QuietOutput : engine::RunOutput {
  void notice(const std::string&) override {}
  void echo(const std::string&, bool) override {}
  void progress(const std::string&) override {}
  void warning(const std::string&) override {}
};

}  // namespace

TEST_CASE("the first batch is small and each next one four times as large, up to the limit") {
  test::TestDatabase db;
  auto connection = db.connect();
  QuietOutput output;
  engine::BatchLimits limits;
  limits.first_statements = 2;
  limits.statements = 12;
  engine::ServerSink sink(connection, output, limits);
  std::vector<std::size_t> sent_after;  // statements handed over before each batch went out
  std::vector<std::string> values;
  std::size_t handed = 0;
  sink.before_send([&] { sent_after.push_back(handed); });
  for (int i = 0; i < 30; ++i) {
    engine::InternalStatement statement;
    statement.call = {"SELECT " + std::to_string(i), {}};
    statement.quiet = true;
    statement.on_value = [&values](std::string_view value) { values.emplace_back(value); };
    ++handed;
    sink.internal(std::move(statement));
  }
  sink.flush();
  // Batches of 2, 8, 12 and the last 8 statements.
  CHECK(sent_after == std::vector<std::size_t>{2, 10, 22, 30});
  REQUIRE(values.size() == 30);
  for (std::size_t i = 0; i < values.size(); ++i) CHECK(values[i] == std::to_string(i));
}
