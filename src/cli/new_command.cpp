#include "cli/commands.hpp"

#include <ctime>

#include "engine/new_operation.hpp"
#include "cli/command_line.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int new_command(const std::vector<std::string>& args, Terminal& terminal) {
  engine::NewOptions options;
  std::string dir;
  std::vector<std::string> words;
  po::options_description described("options");
  described.add_options()
      ("dir", po::value(&dir)->default_value("migrations"), "the migrations directory")
      ("down", po::bool_switch(&options.down),
       "also create the rollback file (NNN_name.down.sql; U<version>__name.sql in a Flyway directory)")
      ("timestamp", po::bool_switch(&options.timestamp),
       "version the file YYYYMMDDHHMMSS in UTC (automatic where the newest file has such a version)");
  po::options_description operands;
  operands.add_options()("name", po::value(&words));
  po::positional_options_description positional;
  positional.add("name", -1);
  const std::string usage = "pgapply new [--dir DIR] [--down] [--timestamp] NAME...";
  parse_arguments(args, usage, described, operands, positional);
  if (words.empty()) throw Error(ErrorKind::usage, "no NAME given\nusage: " + usage);
  for (const auto& word : words) options.description += (options.description.empty() ? "" : " ") + word;
  options.dir = dir;
  for (const auto& path : engine::create_migration(options, std::time(nullptr))) {
    terminal.line("Created " + path.string());
  }
  return 0;
}

}  // namespace pgapply::cli
