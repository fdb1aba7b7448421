// Helpers for scripts/bench's apply section:
//
//   apply_bench generate FILE STATEMENTS   a migration of that many statements:
//       INSERTs (with ';', quotes and '$' in their strings) plus DDL and DO
//       blocks that RAISE NOTICE, deterministic
//   apply_bench one-query FILE             the physical limit: the whole file sent as
//       ONE simple query in one transaction (BEGIN; ...; COMMIT;)
//   apply_bench as-written FILE            the whole file sent as ONE simple query, as
//       written (its own BEGIN/COMMITs: many files' limit)
//   apply_bench pipeline FILE              libpq's pipeline mode: the file split and
//       sent in pipeline mode in one transaction, with nothing else around it
//   apply_bench batches FILE               pgapply's statement batches alike
//
// The last two connect with the PG* environment variables and print nothing.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <vector>

#include "pg/connection.hpp"
#include "pg/statement_batch.hpp"
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

std::vector<std::string_view> statements_of(const std::string& text) {
  std::vector<std::string_view> out;
  for (const auto& item : split::split(text)) {
    if (item.kind == split::ItemKind::sql) out.push_back(std::string_view(text).substr(item.start, item.end - item.start));
  }
  return out;
}

int one_query(const char* path) {
  auto connection = pg::Connection::open(pg::ConnectParams{});
  connection.exec("BEGIN;\n" + read(path) + "\nCOMMIT;");
  return 0;
}

int as_written(const char* path) {
  auto connection = pg::Connection::open(pg::ConnectParams{});
  connection.exec(read(path));
  return 0;
}

// libpq's pipeline mode straight on libpq (pgapply does not use it: see
// pg/statement_batch.hpp): every statement sent with the extended protocol,
// results read as they come, nonblocking so that neither side waits on a
// full socket.
int pipeline(const char* path) {
  const std::string text = read(path);
  const auto statements = statements_of(text);
  PGconn* conn = PQconnectdb("");
  auto fail = [&](const char* what) {
    std::fprintf(stderr, "apply_bench: %s: %s", what, PQerrorMessage(conn));
    PQfinish(conn);
    return 1;
  };
  if (PQstatus(conn) != CONNECTION_OK) return fail("connect");
  PQclear(PQexec(conn, "BEGIN"));
  if (PQsetnonblocking(conn, 1) != 0 || !PQenterPipelineMode(conn)) return fail("pipeline mode");
  std::size_t sent = 0, answered = 0;
  bool synced = false, done = false;
  std::string statement;
  while (!done) {
    // Keep at most 1000 statements unanswered, as a client must to bound memory.
    while (sent < statements.size() && sent - answered < 1000) {
      statement.assign(statements[sent]);
      if (!PQsendQueryParams(conn, statement.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0)) return fail("send");
      if (++sent % 64 == 0) PQsendFlushRequest(conn);
    }
    if (sent == statements.size() && !synced) {
      if (!PQpipelineSync(conn)) return fail("sync");
      synced = true;
    } else {
      PQsendFlushRequest(conn);
    }
    if (PQflush(conn) < 0) return fail("flush");
    pollfd fd{PQsocket(conn), POLLIN, 0};
    poll(&fd, 1, -1);
    if (!PQconsumeInput(conn)) return fail("read");
    while (!PQisBusy(conn)) {
      PGresult* result = PQgetResult(conn);
      if (!result) continue;  // the end of one statement's results
      const ExecStatusType status = PQresultStatus(result);
      PQclear(result);
      if (status == PGRES_PIPELINE_SYNC) {
        done = true;
        break;
      }
      if (status == PGRES_FATAL_ERROR) return fail("statement");
      ++answered;
    }
  }
  PQexitPipelineMode(conn);
  PQsetnonblocking(conn, 0);
  PQclear(PQexec(conn, "COMMIT"));
  PQfinish(conn);
  return 0;
}

// pgapply's statement batches with nothing around them: no analysis, no ledger.
int batches(const char* path) {
  const std::string text = read(path);
  const auto statements = statements_of(text);
  auto connection = pg::Connection::open(pg::ConnectParams{});
  connection.exec("BEGIN");
  constexpr std::size_t per_batch = 20'000;  // engine::BatchLimits' default
  for (std::size_t first = 0; first < statements.size(); first += per_batch) {
    const std::vector<std::string_view> part(statements.begin() + first,
                                             statements.begin() + std::min(first + per_batch, statements.size()));
    pg::StatementBatch(connection, part).finish(nullptr);
  }
  connection.exec("COMMIT");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  try {
    if (command == "generate" && argc == 4) return generate(argv[2], std::atol(argv[3]));
    if (command == "one-query" && argc == 3) return one_query(argv[2]);
    if (command == "as-written" && argc == 3) return as_written(argv[2]);
    if (command == "pipeline" && argc == 3) return pipeline(argv[2]);
    if (command == "batches" && argc == 3) return batches(argv[2]);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "apply_bench: %s\n", error.what());
    return 1;
  }
  std::fprintf(stderr, "usage: apply_bench generate FILE STATEMENTS | one-query FILE | as-written FILE | pipeline FILE | batches FILE\n");
  return 2;
}
