#include "cli/commands.hpp"

#include "engine/new_operation.hpp"
#include "cli/command_line.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int new_command(const std::vector<std::string>& args, Terminal& terminal) {
  std::string dir;
  bool down = false;
  std::vector<std::string> words;
  po::options_description described("options");
  described.add_options()
      ("dir", po::value(&dir)->default_value("migrations"), "directory of NNN_name.sql files")
      ("down", po::bool_switch(&down), "also create the NNN_name.down.sql rollback file");
  po::options_description operands;
  operands.add_options()("name", po::value(&words));
  po::positional_options_description positional;
  positional.add("name", -1);
  const std::string usage = "pgapply new [--dir DIR] [--down] NAME...";
  parse_arguments(args, usage, described, operands, positional);
  if (words.empty()) throw Error(ErrorKind::usage, "no NAME given\nusage: " + usage);
  std::string description;
  for (const auto& word : words) description += (description.empty() ? "" : " ") + word;
  for (const auto& path : engine::create_migration(dir, description, down)) terminal.line("Created " + path.string());
  return 0;
}

}  // namespace pgapply::cli
