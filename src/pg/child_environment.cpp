#include "pg/child_environment.hpp"

#include <libpq-fe.h>

#include <cstring>

namespace pgapply::pg {

std::map<std::string, std::string> child_environment(const Connection& connection) {
  // libpq's options and their environment variables (libpq-envars).
  static const std::map<std::string, std::string> variables = {
      {"host", "PGHOST"},           {"hostaddr", "PGHOSTADDR"},
      {"port", "PGPORT"},           {"dbname", "PGDATABASE"},
      {"user", "PGUSER"},           {"password", "PGPASSWORD"},
      {"passfile", "PGPASSFILE"},   {"service", "PGSERVICE"},
      {"options", "PGOPTIONS"},     {"sslmode", "PGSSLMODE"},
      {"sslcert", "PGSSLCERT"},     {"sslkey", "PGSSLKEY"},
      {"sslrootcert", "PGSSLROOTCERT"}, {"sslcrl", "PGSSLCRL"},
      {"sslcompression", "PGSSLCOMPRESSION"}, {"requirepeer", "PGREQUIREPEER"},
      {"gssencmode", "PGGSSENCMODE"}, {"krbsrvname", "PGKRBSRVNAME"},
      {"target_session_attrs", "PGTARGETSESSIONATTRS"}, {"connect_timeout", "PGCONNECT_TIMEOUT"},
      {"channel_binding", "PGCHANNELBINDING"},
  };
  std::map<std::string, std::string> env;
  PQconninfoOption* options = PQconninfo(connection.native_handle());
  if (options == nullptr) return env;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr || option->val[0] == '\0') continue;
    const auto found = variables.find(option->keyword);
    if (found != variables.end()) env[found->second] = option->val;
  }
  PQconninfoFree(options);
  // The host actually connected to, when several were listed.
  if (const char* host = PQhost(connection.native_handle()); host != nullptr && host[0] != '\0') env["PGHOST"] = host;
  if (const char* port = PQport(connection.native_handle()); port != nullptr && port[0] != '\0') env["PGPORT"] = port;
  env.erase("PGHOSTADDR");
  return env;
}

}  // namespace pgapply::pg
