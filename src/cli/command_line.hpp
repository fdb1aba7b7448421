#pragma once

#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace pgapply::cli {

// Thrown when the user asked for --help: the text to print, status 0.
struct HelpRequested {
  std::string text;
};

// Parses one command's arguments (those after the command name) with Boost.
// `options` are shown by --help; `operands` (positional arguments, named in
// `positional`) are not. Adds --help. Throws HelpRequested, or Error(usage)
// with Boost's message and the usage line.
boost::program_options::variables_map parse_arguments(
    const std::vector<std::string>& args, const std::string& usage,
    const boost::program_options::options_description& options,
    const boost::program_options::options_description& operands = {},
    const boost::program_options::positional_options_description& positional = {});

// --format text|json: true for json; Error(usage) for anything else.
bool json_format(const std::string& format);

}  // namespace pgapply::cli
