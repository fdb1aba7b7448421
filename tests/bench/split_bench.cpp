// The splitter's benchmark (run by scripts/bench split).
//
//   split_bench generate FILE [MEGABYTES]   writes a realistic migration file
//   split_bench speed FILE [RUNS]           our split and libpg_query's, MB/s
//   split_bench memory FILE whole|chunked   peak RSS of reading and splitting
//
// The generated file is the same for the same size on every machine (its
// own pseudo-random generator): DDL, DO blocks with RAISE NOTICE, PL/pgSQL
// functions with dollar-quoted bodies, BEGIN ATOMIC functions, multi-row
// INSERTs whose strings hold ';', quotes and '$', comments of both kinds,
// and a COPY ... FROM stdin block. Nothing psql-only (no meta-commands or
// :variables), so that libpg_query's scanner can split it too.
//
// speed: the median of RUNS (default 7) splits of the file in memory, with a
// sink that only counts items, beside libpg_query's
// pg_query_split_with_scanner on the same bytes. Prints markdown table rows.
//
// memory: reads the file and splits it, with a sink that does not keep items,
// then prints the process's peak RSS (getrusage ru_maxrss). "whole" reads the
// file into one buffer (peak should be the file size plus a small constant);
// "chunked" reads it in 64 KiB pieces through ChunkSplitter, as pgapply's
// file reader does (peak should not depend on the file size).

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "split/splitter.hpp"

#ifdef PGAPPLY_HAVE_PG_QUERY
extern "C" {
#include <pg_query.h>
}
#endif

namespace {

using pgapply::split::ChunkSplitter;
using pgapply::split::Item;
using pgapply::split::ItemKind;
using pgapply::split::ItemSink;

// ---------------------------------------------------------------------------
// The generator.

// splitmix64: small, fast, and the same everywhere (unlike std distributions).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(unsigned percent) { return below(100) < percent; }
  template <typename T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }

 private:
  std::uint64_t state_;
};

const char* const kWords[] = {"account", "invoice", "customer", "order", "line_item", "product",
                              "price",   "status",  "region",   "event", "payload",   "audit",
                              "created", "updated", "owner",    "tag",   "amount",    "note"};
const char* const kTypes[] = {"integer", "bigint", "text", "numeric(12,2)", "timestamptz",
                              "boolean", "jsonb",  "uuid", "varchar(200)",  "date"};
// String contents that a splitter must not be fooled by.
const char* const kTexts[] = {
    "it''s; not the end",   "semi;colon; inside",      "costs $5; or $$10$$",
    "a $tag$ that is text", "-- not a comment",        "/* not a comment */",
    "back\\slash\\;",       "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E; ok",
    "(unbalanced; paren",   "end; begin atomic; case", "\"double\"; quotes"};

std::string name(Random& random, const char* prefix = "") {
  return std::string(prefix) + random.pick(kWords) + "_" + std::to_string(random.below(1000));
}

void create_table(Random& random, std::string& out) {
  const std::string table = name(random, "t_");
  out += "-- " + table + ": holds the " + random.pick(kWords) + " data; see the docs\n";
  out += "CREATE TABLE IF NOT EXISTS app." + table + " (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
  const std::size_t columns = 3 + random.below(8);
  for (std::size_t c = 0; c < columns; ++c) {
    out += ",\n  " + name(random) + " " + random.pick(kTypes);
    if (random.chance(30)) out += " NOT NULL";
    if (random.chance(20)) out += " DEFAULT ''";
    if (random.chance(10)) out += " CHECK (length(" + name(random) + "::text) < 100)";
  }
  out += "\n);\n";
  out += "CREATE INDEX " + table + "_idx ON app." + table + " USING btree (" + name(random) +
         ") WHERE (" + name(random) + " IS NOT NULL);\n";
  if (random.chance(50)) {
    out += "COMMENT ON TABLE app." + table + " IS 'The " + random.pick(kWords) +
           " table; don''t drop it';\n";
  }
  out += "\n";
}

void do_block(Random& random, std::string& out) {
  out += "DO $$\nDECLARE\n  n integer := 0;\nBEGIN\n";
  const std::size_t lines = 2 + random.below(6);
  for (std::size_t i = 0; i < lines; ++i) {
    out += "  SELECT count(*) INTO n FROM app." + name(random, "t_") + " WHERE status = 'active;';\n";
    out += "  RAISE NOTICE 'step %: % rows; $ fine', " + std::to_string(i) + ", n;\n";
  }
  out += "  IF n > 0 THEN\n    RAISE NOTICE 'done; it''s over';\n  END IF;\nEND\n$$;\n\n";
}

void plpgsql_function(Random& random, std::string& out) {
  const std::string function = name(random, "f_");
  out += "CREATE OR REPLACE FUNCTION app." + function +
         "(p_id bigint, p_note text DEFAULT 'n/a; none')\nRETURNS integer\nLANGUAGE plpgsql\nAS $fn$\n"
         "DECLARE\n  result integer;\n  q text := $q$SELECT 1; -- $q$;\nBEGIN\n";
  const std::size_t lines = 3 + random.below(10);
  for (std::size_t i = 0; i < lines; ++i) {
    out += "  /* step " + std::to_string(i) + "; */\n";
    out += "  UPDATE app." + name(random, "t_") + " SET " + name(random) + " = p_note || '" +
           random.pick(kTexts) + "' WHERE id = p_id;\n";
  }
  out += "  EXECUTE q INTO result;\n  RETURN CASE WHEN result > 0 THEN result ELSE 0 END;\nEND;\n$fn$;\n\n";
}

void atomic_function(Random& random, std::string& out) {
  const std::string function = name(random, "g_");
  out += "CREATE FUNCTION app." + function +
         "(a integer, b integer) RETURNS integer\nLANGUAGE sql IMMUTABLE\nBEGIN ATOMIC\n";
  const std::size_t lines = 1 + random.below(4);
  for (std::size_t i = 0; i < lines; ++i) {
    out += "  SELECT CASE WHEN a > b THEN a ELSE b END AS end_value;\n";
  }
  out += "  SELECT t.end FROM (SELECT a + b AS end) AS t;\nEND;\n\n";
}

void insert(Random& random, std::string& out) {
  out += "INSERT INTO app." + name(random, "t_") + " (" + name(random) + ", " + name(random) +
         ", " + name(random) + ", " + name(random) + ") VALUES\n";
  const std::size_t rows = 5 + random.below(40);
  for (std::size_t r = 0; r < rows; ++r) {
    out += "  (" + std::to_string(random.below(1000000)) + ", '" + random.pick(kTexts) + "', E'esc\\'aped; " +
           std::to_string(r) + "', '{\"k\": \"v;" + std::to_string(random.below(100)) + "\"}'::jsonb)";
    out += r + 1 < rows ? ",\n" : ";\n\n";
  }
}

void copy_block(Random& random, std::string& out, std::size_t rows) {
  out += "COPY app.events (id, kind, payload, created) FROM stdin;\n";
  for (std::size_t r = 0; r < rows; ++r) {
    out += std::to_string(r) + "\t" + random.pick(kWords) + "\tvalue " +
           std::to_string(random.below(100000)) + "; more text here\t2024-01-" +
           std::to_string(1 + random.below(28)) + " 12:00:00+00\n";
    if (random.chance(5)) out += std::to_string(r + rows) + "\t\\N\t\\N\t\\N\n";
  }
  out += "\\.\n\n";
}

std::string generate(std::size_t bytes) {
  Random random(20240601);
  std::string out;
  out.reserve(bytes + 4096);
  out += "-- Generated by split_bench: a large migration for benchmarking the splitter.\n"
         "/* It mixes DDL, DO blocks, functions, INSERTs and COPY data;\n"
         "   /* nested comments; too */ */\nSET search_path = app, public;\n\n";
  bool copied = false;
  while (out.size() < bytes) {
    if (!copied && out.size() > bytes / 2) {
      copy_block(random, out, bytes / 20 / 60);  // about 5% of the file
      copied = true;
    }
    const std::size_t what = random.below(100);
    if (what < 15) {
      create_table(random, out);
    } else if (what < 30) {
      do_block(random, out);
    } else if (what < 50) {
      plpgsql_function(random, out);
    } else if (what < 60) {
      atomic_function(random, out);
    } else {
      insert(random, out);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Measuring.

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "split_bench: cannot read " << path << "\n";
    std::exit(1);
  }
  in.seekg(0, std::ios::end);
  std::string text(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  return text;
}

struct CountingSink : ItemSink {
  std::size_t sql = 0, meta = 0, copy_data = 0;
  void on_item(const Item& item, std::string_view) override {
    switch (item.kind) {
      case ItemKind::sql: ++sql; break;
      case ItemKind::meta: ++meta; break;
      case ItemKind::copy_data: ++copy_data; break;
    }
  }
};

template <typename Function>
double median_seconds(int runs, Function&& function) {
  std::vector<double> seconds;
  function();  // warm up
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    function();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

int speed(const char* path, int runs) {
  const std::string text = read_file(path);
  const double megabytes = static_cast<double>(text.size()) / 1e6;
  CountingSink counted;
  pgapply::split::split(text, counted);
  const double ours = median_seconds(runs, [&] {
    CountingSink sink;
    pgapply::split::split(text, sink);
  });
  std::cout << "| pgapply splitter | " << fixed(megabytes, 1) << " MB | " << counted.sql
            << " statements | " << fixed(ours * 1000, 1) << " ms | " << fixed(megabytes / ours, 0)
            << " MB/s | |\n";
#ifdef PGAPPLY_HAVE_PG_QUERY
  int statements = 0;
  const double theirs = median_seconds(runs, [&] {
    PgQuerySplitResult result = pg_query_split_with_scanner(text.c_str());
    if (result.error != nullptr) {
      std::cerr << "split_bench: libpg_query: " << result.error->message << "\n";
      std::exit(1);
    }
    statements = result.n_stmts;
    pg_query_free_split_result(result);
  });
  std::cout << "| libpg_query " << PG_VERSION << " pg_query_split_with_scanner | "
            << fixed(megabytes, 1) << " MB | " << statements << " statements | "
            << fixed(theirs * 1000, 1) << " ms | " << fixed(megabytes / theirs, 0) << " MB/s | "
            << fixed(theirs / ours, 1) << "x slower |\n";
#else
  std::cout << "| libpg_query | not built | | | | |\n";
#endif
  return 0;
}

int memory(const char* path, const std::string& how) {
  const long before = peak_rss_kib();
  CountingSink sink;
  std::size_t file_size = 0;
  if (how == "whole") {
    const std::string text = read_file(path);
    file_size = text.size();
    pgapply::split::split(text, sink);
  } else if (how == "chunked") {
    std::FILE* file = std::fopen(path, "rb");
    if (file == nullptr) {
      std::cerr << "split_bench: cannot read " << path << "\n";
      return 1;
    }
    constexpr std::size_t piece = 64 * 1024;
    ChunkSplitter splitter;
    std::string buffer;
    bool last = false;
    while (!last) {
      // Read at least a piece, and at least as much as is carried over, so
      // that a statement longer than a piece is split again only a
      // logarithmic number of times; cut after the last '\n'.
      std::size_t want = std::max(piece, buffer.size());
      std::size_t cut = std::string::npos;
      while (cut == std::string::npos && !last) {
        const std::size_t old = buffer.size();
        buffer.resize(old + want);
        const std::size_t got = std::fread(buffer.data() + old, 1, want, file);
        buffer.resize(old + got);
        file_size += got;
        last = got < want;
        cut = buffer.rfind('\n');
        want = piece;
      }
      const std::size_t piece_end = last ? buffer.size() : cut + 1;
      const std::size_t consumed = splitter.split(std::string_view(buffer).substr(0, piece_end), last, sink);
      buffer.erase(0, consumed);
    }
    std::fclose(file);
  } else {
    std::cerr << "split_bench memory: whole or chunked\n";
    return 2;
  }
  const long peak = peak_rss_kib();
  const double mib = 1024.0 * 1024.0;
  const double peak_bytes = static_cast<double>(peak) * 1024.0;
  std::cout << "| " << how << " | " << fixed(static_cast<double>(file_size) / mib, 1) << " MiB | "
            << fixed(peak_bytes / mib, 1) << " MiB | " << fixed(static_cast<double>(before) / 1024.0, 1)
            << " MiB | "
            << (how == "whole" ? fixed((peak_bytes - static_cast<double>(file_size)) / mib, 1) + " MiB"
                               : std::string("(file not in memory)"))
            << " | " << sink.sql << " |\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "generate" && argc >= 3) {
    const std::size_t megabytes = argc > 3 ? std::stoul(argv[3]) : 30;
    const std::string text = generate(megabytes * 1000 * 1000);
    std::ofstream out(argv[2], std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    return out ? 0 : 1;
  }
  if (command == "speed" && argc >= 3) return speed(argv[2], argc > 3 ? std::stoi(argv[3]) : 7);
  if (command == "memory" && argc >= 4) return memory(argv[2], argv[3]);
  std::cerr << "usage: split_bench generate FILE [MEGABYTES] | speed FILE [RUNS] | memory FILE whole|chunked\n";
  return 2;
}
