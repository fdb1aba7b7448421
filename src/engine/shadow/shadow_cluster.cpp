#include "engine/shadow/shadow_cluster.hpp"

#include <pthread.h>
#include <pwd.h>
#include <csignal>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <thread>

#include "core/error.hpp"
#include "io/process.hpp"

namespace pgapply::engine {

namespace {

// Its bootstrap superuser: a name no target's role is likely to have (a
// target's role of the same name would not be copied, and kept no less
// privileged than this superuser).
constexpr const char* cluster_user = "pgapply_shadow_bootstrap";
constexpr const char* cluster_port = "5432";  // the socket is private to the directory: no clash

// The unprivileged account a root pgapply runs the server as.
std::optional<passwd> unprivileged_account() {
  for (const char* name : {"postgres", "nobody"}) {
    if (const passwd* account = getpwnam(name)) return *account;
  }
  return std::nullopt;
}

std::string find_runuser() {
  for (const char* path : {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"}) {
    if (access(path, X_OK) == 0) return path;
  }
  return "runuser";
}

void run_checked(const std::vector<std::string>& argv, const std::string& what,
                 const std::filesystem::path& log = {}) {
  const io::ProcessOutcome outcome = io::run_program(argv, {});
  if (outcome.status == 0) return;
  std::string reason = io::without_trailing_blanks(outcome.errors);
  if (!log.empty()) {
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!text.empty()) {
      if (!reason.empty()) reason += '\n';
      reason += io::without_trailing_blanks(text.substr(text.size() > 2000 ? text.size() - 2000 : 0));
    }
  }
  std::string message = what + " failed (exit status " + std::to_string(outcome.status) + ")";
  if (!reason.empty()) {
    message += ": ";
    message += reason;
  }
  throw Error(ErrorKind::input, message);
}

// Whether every directory down to `path` lets others through (the server's
// unprivileged user must reach its data directory).
bool others_may_enter(const std::filesystem::path& path) {
  std::filesystem::path walked;
  for (const auto& part : std::filesystem::absolute(path)) {
    walked /= part;
    struct stat info {};
    if (stat(walked.c_str(), &info) != 0 || (info.st_mode & S_IXOTH) == 0) return false;
  }
  return true;
}

// Whether /dev/shm is memory pgapply may put a cluster in: writable, and
// with room for a copied schema (a container's default 64 MB is not).
bool shared_memory_has_room() {
  constexpr unsigned long long room = 1ULL << 30;
  struct statvfs space {};
  return access("/dev/shm", W_OK | X_OK) == 0 && statvfs("/dev/shm", &space) == 0 &&
         static_cast<unsigned long long>(space.f_bavail) * space.f_frsize >= room;
}

// $TMPDIR when set; else /dev/shm when it has room: in memory, the cluster
// starts and takes a copied schema about twice as fast as on a disk (every
// table is files to create); else /tmp.
std::filesystem::path temp_root() {
  const char* tmpdir = std::getenv("TMPDIR");
  if (tmpdir == nullptr || *tmpdir == '\0') return shared_memory_has_room() ? "/dev/shm" : "/tmp";
  // a Unix socket path holds at most 107 bytes: keep the directory short
  if (std::string(tmpdir).size() >= 60) return "/tmp";
  if (geteuid() == 0 && !others_may_enter(tmpdir)) return "/tmp";
  return tmpdir;
}

}  // namespace

std::filesystem::path default_server_root() {
  const char* root = std::getenv("PGAPPLY_SHADOW_SERVERS");
  return root != nullptr && *root != '\0' ? root : "/usr/lib/postgresql";
}

std::vector<ServerBinaries> installed_servers(const std::filesystem::path& root) {
  std::vector<ServerBinaries> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    const auto bin = entry.path() / "bin";
    if (access((bin / "initdb").c_str(), X_OK) != 0 || access((bin / "pg_ctl").c_str(), X_OK) != 0) continue;
    found.push_back({bin, std::stoi(name)});
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.major < b.major; });
  return found;
}

std::optional<ServerBinaries> choose_server(const std::vector<ServerBinaries>& installed, int target_major) {
  for (const auto& server : installed) {
    if (server.major == target_major) return server;
  }
  for (const auto& server : installed) {
    if (server.major > target_major) return server;
  }
  if (!installed.empty()) return installed.back();
  return std::nullopt;
}

namespace {

// Holds SIGINT, SIGTERM and SIGHUP back while it lives: between creating the
// cluster's directory and its guard, no signal (a second Ctrl-C kills at
// once) may end pgapply with the directory left behind. A signal that came
// meanwhile is delivered when it goes.
class SignalsHeld {
 public:
  SignalsHeld() {
    sigset_t held;
    sigemptyset(&held);
    for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&held, signal_number);
    pthread_sigmask(SIG_BLOCK, &held, &before_);
  }
  ~SignalsHeld() { pthread_sigmask(SIG_SETMASK, &before_, nullptr); }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

 private:
  sigset_t before_{};
};

// What the guard does when the cluster goes: stop the server if it runs, and
// remove the directory. A server still starting (pg_ctl interrupted before
// it wrote postmaster.pid) may create files there after a first removal, and
// removes its socket's lock file as it stops: so again, until the directory
// is gone (10 s at most).
void remove_cluster(const std::vector<std::string>& owner, const std::string& pg_ctl, const std::string& data,
                    const std::filesystem::path& dir) {
  std::vector<std::string> stop = owner;
  for (const std::string& arg : {pg_ctl, std::string("-D"), data, std::string("-m"), std::string("immediate"),
                                 std::string("-w"), std::string("stop")}) {
    stop.push_back(arg);
  }
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (std::filesystem::exists(data + "/postmaster.pid")) io::run_program(stop, {});
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    if (!std::filesystem::exists(dir, ec)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace

ShadowCluster::ShadowCluster(const ServerBinaries& binaries, const std::string& encoding) : binaries_(binaries) {
  const auto started = std::chrono::steady_clock::now();
  std::optional<SignalsHeld> held(std::in_place);
  std::string pattern = (temp_root() / "pgapply-shadow.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw Error(ErrorKind::input, "cannot create a directory under " + temp_root().string() + " for the shadow cluster");
  }
  dir_ = pattern;
  const std::string pg_ctl = (binaries_.bin_dir / "pg_ctl").string();
  const std::string data = (dir_ / "data").string();

  if (geteuid() == 0) {
    const auto account = unprivileged_account();
    if (!account) {
      std::filesystem::remove_all(dir_);
      throw Error(ErrorKind::input, "pgapply runs as root and there is no user postgres (or nobody) to run the shadow cluster as");
    }
    if (chown(dir_.c_str(), account->pw_uid, account->pw_gid) != 0) {
      std::filesystem::remove_all(dir_);
      throw Error(ErrorKind::input, "cannot hand " + dir_.string() + " to user " + account->pw_name);
    }
    as_owner_ = {find_runuser(), "-u", account->pw_name, "--"};
  }

  // From here on the directory and the server go however pgapply ends.
  guard_ = std::make_unique<io::ExitGuard>(
      [owner = as_owner_, pg_ctl, data, dir = dir_] { remove_cluster(owner, pg_ctl, data, dir); });
  held.reset();

  std::vector<std::string> initdb = as_owner_;
  for (const std::string& arg : {(binaries_.bin_dir / "initdb").string(), std::string("-D"), data,
                                 std::string("-U"), std::string(cluster_user), std::string("-A"), std::string("trust"),
                                 std::string("-E"), encoding, std::string("--locale=C"), std::string("--no-sync")}) {
    initdb.push_back(arg);
  }
  run_checked(initdb, "initdb (" + binaries_.bin_dir.string() + ")");

  {
    // The file stays the owner's: appended to, not replaced.
    std::ofstream conf(data + "/postgresql.conf", std::ios::app);
    conf << "\n# pgapply shadow cluster\n"
         << "listen_addresses = ''\n"
         << "port = " << cluster_port << "\n"
         << "unix_socket_directories = '" << dir_.string() << "'\n"
         << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
         << "max_connections = 20\nmax_locks_per_transaction = 1024\n";
    if (!conf) throw Error(ErrorKind::input, "cannot write " + data + "/postgresql.conf");
  }
  std::vector<std::string> start = as_owner_;
  for (const std::string& arg : {pg_ctl, std::string("-D"), data, std::string("-l"), (dir_ / "server.log").string(),
                                 std::string("-w"), std::string("-t"), std::string("60"), std::string("start")}) {
    start.push_back(arg);
  }
  run_checked(start, "starting the shadow cluster (pg_ctl)", dir_ / "server.log");
  started_in_ = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
}

ShadowCluster::~ShadowCluster() = default;  // the guard stops the server and removes the directory

std::string ShadowCluster::superuser() { return cluster_user; }

pg::ConnectParams ShadowCluster::params(const std::string& dbname) const {
  return {{"host", dir_.string()}, {"port", cluster_port}, {"user", cluster_user}, {"dbname", dbname},
          {"sslmode", "disable"}, {"application_name", "pgapply shadow"}};
}

}  // namespace pgapply::engine
