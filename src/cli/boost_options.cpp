#include "cli/boost_options.hpp"

#include <sstream>

#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

po::variables_map parse_arguments(const std::vector<std::string>& args, const std::string& usage,
                                  const po::options_description& options,
                                  const po::options_description& operands,
                                  const po::positional_options_description& positional) {
  po::options_description help;
  help.add_options()("help,?", "show this help");
  po::options_description all;
  all.add(options).add(help).add(operands);
  po::variables_map values;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).style(command_line_style()).run(),
              values);
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

po::options_description connection_options(ConnectionFlags& flags) {
  po::options_description options("connection (also PG* environment variables and DATABASE_URL)");
  options.add_options()
      ("dbname,d", po::value(&flags.options.dbname), "database name, conninfo string or postgresql:// URI")
      ("host,h", po::value(&flags.options.host), "server host or socket directory")
      ("port,p", po::value(&flags.options.port), "server port")
      ("username,U", po::value(&flags.options.user), "user name")
      ("password,W", po::bool_switch(&flags.prompt_password), "ask for a password")
      ("env-file", po::value(&flags.options.env_file)->default_value(".env"), "read DATABASE_URL from this file")
      ("no-env-file", po::bool_switch(&flags.no_env_file), "do not read a .env file")
      ("connect-retries", po::value(&flags.options.connect_retries)->default_value(0),
       "retry a failed connection N times, after 2 s, 4 s, 8 s...");
  return options;
}

settings::ConnectOptions finish_connection_options(ConnectionFlags& flags) {
  flags.options.read_env_file = !flags.no_env_file;
  if (flags.options.connect_retries < 0) throw Error(ErrorKind::usage, "--connect-retries must be 0 or more");
  if (flags.prompt_password) flags.options.password = read_password("Password: ");
  return flags.options;
}

po::options_description variable_options(ProjectFlags& flags) {
  po::options_description options("psql variables");
  options.add_options()
      ("set,v", po::value(&flags.variables)->composing(), "set a psql variable: NAME=VALUE (repeatable)")
      ("allow-undefined-variables", po::bool_switch(&flags.options.allow_undefined_variables),
       "leave :name as written when name is not set (psql's behaviour) instead of failing");
  return options;
}

po::options_description project_options(ProjectFlags& flags, bool with_ledger) {
  po::options_description options("migrations");
  options.add_options()("dir", po::value(&flags.options.dir)->default_value("migrations"),
                        "directory of NNN_name.sql files");
  if (with_ledger) {
    options.add_options()("ledger", po::value(&flags.options.ledger)->default_value("pgapply_migrations"),
                          "ledger table: [schema.]table");
  }
  options.add(variable_options(flags));
  return options;
}

engine::ProjectOptions finish_project_options(ProjectFlags& flags) {
  for (const auto& assignment : flags.variables) flags.options.variables.push_back(parse_assignment(assignment));
  return flags.options;
}

}  // namespace pgapply::cli
