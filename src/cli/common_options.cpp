#include "cli/common_options.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "core/duration.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

namespace {

// Reads a password from the terminal without echoing it (from stdin when
// there is no terminal, as in scripts).
std::string read_password(const std::string& prompt) {
  std::FILE* tty = std::fopen("/dev/tty", "r+");
  std::FILE* in = tty != nullptr ? tty : stdin;
  termios saved{};
  const bool terminal = tty != nullptr && tcgetattr(fileno(tty), &saved) == 0;
  if (terminal) {
    std::fputs(prompt.c_str(), tty);
    std::fflush(tty);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
  }
  std::string password;
  for (int c = std::fgetc(in); c != EOF && c != '\n'; c = std::fgetc(in)) password += static_cast<char>(c);
  if (terminal) {
    tcsetattr(fileno(tty), TCSAFLUSH, &saved);
    std::fputs("\n", tty);
  }
  if (tty != nullptr) std::fclose(tty);
  return password;
}

}  // namespace

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

po::options_description lock_options(LockFlags& flags, const std::string& what, bool with_timeouts) {
  po::options_description options("locks and timeouts (durations: 500ms, 5s, 2min; a bare number is seconds)");
  options.add_options()("lock-wait", po::value(&flags.lock_wait)->default_value("60s"),
                        "how long to wait for another run's migration lock");
  if (with_timeouts) {
    options.add_options()
        ("lock-timeout", po::value(&flags.lock_timeout)->default_value("5s"),
         ("lock_timeout for " + what + " (0: wait forever)").c_str())
        ("statement-timeout", po::value(&flags.statement_timeout),
         ("statement_timeout for " + what + " (default: the server's)").c_str());
  }
  return options;
}

engine::Context finish_context(ConnectionFlags& connection, ProjectFlags& project, const LockFlags& lock) {
  engine::Context context;
  context.project = finish_project_options(project);
  context.lock_wait = parse_duration("--lock-wait", lock.lock_wait);
  context.session.lock_timeout = duration_setting(parse_duration("--lock-timeout", lock.lock_timeout));
  if (!lock.statement_timeout.empty()) {
    context.session.statement_timeout = duration_setting(parse_duration("--statement-timeout", lock.statement_timeout));
  }
  context.connection = finish_connection_options(connection);
  return context;
}

po::options_description shadow_options(ShadowFlags& flags) {
  po::options_description options("shadow database (PostgreSQL itself says what the migrations do)");
  options.add_options()
      ("shadow", po::value(&flags.url),
       "a database pgapply may empty, or a server where it may create scratch databases "
       "(default: $SHADOW_DATABASE_URL, else a throwaway local cluster)")
      ("no-shadow", po::bool_switch(&flags.none), "no shadow: the static model of the SQL only");
  return options;
}

engine::ShadowOptions finish_shadow_options(const ShadowFlags& flags) {
  if (flags.none && !flags.url.empty()) throw Error(ErrorKind::usage, "give --shadow or --no-shadow, not both");
  engine::ShadowOptions options;
  options.enabled = !flags.none;
  options.url = flags.url;
  if (options.enabled && options.url.empty()) {
    if (const char* env = std::getenv("SHADOW_DATABASE_URL"); env != nullptr) options.url = env;
  }
  return options;
}

std::pair<std::string, std::string> parse_assignment(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw Error(ErrorKind::usage, "-v expects NAME=VALUE, not '" + text + "'");
  }
  return {text.substr(0, equals), text.substr(equals + 1)};
}

engine::ProjectOptions finish_project_options(ProjectFlags& flags) {
  for (const auto& assignment : flags.variables) flags.options.variables.push_back(parse_assignment(assignment));
  return flags.options;
}

}  // namespace pgapply::cli
