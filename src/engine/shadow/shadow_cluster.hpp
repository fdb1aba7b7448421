#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/exit_guard.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// A PostgreSQL installation's server programs: /usr/lib/postgresql/N/bin.
struct ServerBinaries {
  std::filesystem::path bin_dir;
  int major = 0;
};

// The installed servers with initdb and pg_ctl, under `root` (default
// /usr/lib/postgresql, or $PGAPPLY_SHADOW_SERVERS), sorted by major version.
std::vector<ServerBinaries> installed_servers(const std::filesystem::path& root);
std::filesystem::path default_server_root();

// The installation to build a shadow of a server of `target_major` with:
// the same major, else the oldest newer one (it reads the older SQL and
// pg_dump output), else the newest older one; nullopt when none is installed.
std::optional<ServerBinaries> choose_server(const std::vector<ServerBinaries>& installed, int target_major);

// A throwaway PostgreSQL cluster: initdb in a fresh directory under $TMPDIR
// (or /tmp), started with pg_ctl on a Unix socket in that directory only (no
// TCP), durability off, trust authentication for its one superuser. When
// pgapply runs as root the cluster runs as the unprivileged user `postgres`
// (else `nobody`), through runuser. It is stopped and its directory removed
// when this object goes, and also when pgapply dies any other way (an
// io::ExitGuard process does it). Throws Error(input) saying what failed.
class ShadowCluster {
 public:
  ShadowCluster(const ServerBinaries& binaries, const std::string& encoding);
  ~ShadowCluster();
  ShadowCluster(const ShadowCluster&) = delete;
  ShadowCluster& operator=(const ShadowCluster&) = delete;

  // The name of its bootstrap superuser.
  static std::string superuser();
  // Connection parameters for a database of the cluster.
  pg::ConnectParams params(const std::string& dbname) const;
  const ServerBinaries& binaries() const { return binaries_; }
  const std::filesystem::path& directory() const { return dir_; }
  // initdb and start, measured.
  std::chrono::milliseconds started_in() const { return started_in_; }

 private:
  ServerBinaries binaries_;
  std::filesystem::path dir_;
  std::vector<std::string> as_owner_;  // runuser -u postgres -- (empty when not root)
  std::unique_ptr<io::ExitGuard> guard_;
  std::chrono::milliseconds started_in_{0};
};

}  // namespace pgapply::engine
