// Helpers for scripts/bench's apply section:
//
//   apply_bench generate FILE STATEMENTS   a migration of that many statements:
//       INSERTs (with ';', quotes and '$' in their strings) plus DDL and DO
//       blocks that RAISE NOTICE, deterministic
//   apply_bench one-query FILE             the physical limit: the whole file sent as
//       ONE simple query in one transaction (BEGIN; ...; COMMIT;)
//   apply_bench pipeline FILE              the protocol's floor: the file split and sent
//       in libpq pipeline mode in one transaction, with nothing else around it
//
// The last two connect with the PG* environment variables and print nothing.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "pg/connection.hpp"
#include "pg/pipeline.hpp"
#include "split/splitter.hpp"

using namespace pgapply;

namespace {

std::string read(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

int generate(const char* path, long statements) {
  std::ofstream out(path, std::ios::binary);
  out << "-- pgapply benchmark migration: " << statements << " statements\n"
      << "CREATE TABLE IF NOT EXISTS bench_items (id bigint PRIMARY KEY, name text NOT NULL, note text, price numeric(12,2));\n"
      << "CREATE TABLE IF NOT EXISTS bench_events (id bigserial PRIMARY KEY, item bigint, kind text);\n";
  long written = 2;
  for (long i = 1; written < statements; ++i) {
    if (i % 1000 == 0) {
      out << "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM bench_events WHERE id = " << i << ") THEN\n"
          << "    RAISE NOTICE 'progress: % items', " << i << ";\n  END IF;\nEND\n$$;\n";
    } else if (i % 997 == 0) {
      out << "ALTER TABLE bench_items ADD COLUMN IF NOT EXISTS extra_" << (i / 997) % 20 << " text;\n";
    } else if (i % 991 == 0) {
      out << "CREATE INDEX IF NOT EXISTS bench_items_name_" << (i / 991) % 10 << " ON bench_items (name);\n";
    } else if (i % 10 == 0) {
      out << "INSERT INTO bench_events (item, kind) VALUES (" << i - 1 << ", 'created; $1 it''s');\n";
    } else {
      out << "INSERT INTO bench_items (id, name, note, price) VALUES (" << i << ", 'item " << i
          << "', 'semi;colon, ''quote'' and $$dollar$$ " << i % 97 << "', " << (i % 10000) / 100.0 << ");\n";
    }
    ++written;
  }
  return 0;
}

int one_query(const char* path) {
  auto connection = pg::Connection::open(pg::ConnectParams{});
  connection.exec("BEGIN;\n" + read(path) + "\nCOMMIT;");
  return 0;
}

int pipeline(const char* path) {
  const std::string text = read(path);
  auto connection = pg::Connection::open(pg::ConnectParams{});
  const auto items = split::split(text);
  std::size_t next = 0;
  connection.exec("BEGIN");
  pg::run_pipeline(connection, [&]() -> std::optional<std::string_view> {
    while (next < items.size() && items[next].kind != split::ItemKind::sql) ++next;
    if (next == items.size()) return std::nullopt;
    const auto& item = items[next++];
    return std::string_view(text).substr(item.start, item.end - item.start);
  }, nullptr);
  connection.exec("COMMIT");
  return 0;
}

int simple_batches(const char* path, std::size_t per_batch, const char* fence = "") {
  const std::string text = read(path);
  auto connection = pg::Connection::open(pg::ConnectParams{});
  const auto items = split::split(text);
  connection.exec("BEGIN");
  std::string batch;
  std::size_t in_batch = 0;
  auto send = [&] {
    if (in_batch == 0) return;
    connection.exec_each(batch, [](std::size_t, pg::Result&) {});
    batch.clear();
    in_batch = 0;
  };
  for (const auto& item : items) {
    if (item.kind != split::ItemKind::sql) continue;
    batch += fence;
    batch.append(text, item.start, item.end - item.start);
    batch += ";\n";
    if (++in_batch == per_batch) send();
  }
  send();
  connection.exec("COMMIT");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  try {
    if (command == "generate" && argc == 4) return generate(argv[2], std::atol(argv[3]));
    if (command == "one-query" && argc == 3) return one_query(argv[2]);
    if (command == "pipeline" && argc == 3) return pipeline(argv[2]);
    if (command == "simple-batches" && argc == 5) return simple_batches(argv[2], std::atol(argv[3]), argv[4]);
    if (command == "simple-batches" && argc == 4) return simple_batches(argv[2], std::atol(argv[3]));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "apply_bench: %s\n", error.what());
    return 1;
  }
  std::fprintf(stderr, "usage: apply_bench generate FILE STATEMENTS | one-query FILE | pipeline FILE\n");
  return 2;
}
