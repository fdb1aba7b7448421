#include "cli/command_line.hpp"

#include <sstream>

#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

po::variables_map parse_arguments(const std::vector<std::string>& args, const std::string& usage,
                                  const po::options_description& options,
                                  const po::options_description& operands,
                                  const po::positional_options_description& positional) {
  po::options_description help;
  help.add_options()("help", "show this help");
  po::options_description all;
  all.add(options).add(help).add(operands);
  po::variables_map values;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), values);
    if (values.count("help") != 0) {
      std::ostringstream text;
      text << "usage: " << usage << "\n\n" << options << help;
      throw HelpRequested{text.str()};
    }
    po::notify(values);
  } catch (const po::error& error) {
    throw Error(ErrorKind::usage, std::string(error.what()) + "\nusage: " + usage);
  }
  return values;
}

bool json_format(const std::string& format) {
  if (format != "text" && format != "json") {
    throw Error(ErrorKind::usage, "--format must be text or json, not '" + format + "'");
  }
  return format == "json";
}

}  // namespace pgapply::cli
