#include "support/cutting_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/test_database.hpp"

namespace pgapply::test {

namespace {

bool write_all(int fd, const char* data, ssize_t size) {
  while (size > 0) {
    const ssize_t written = ::send(fd, data, static_cast<std::size_t>(size), MSG_NOSIGNAL);
    if (written <= 0) return false;
    data += written;
    size -= written;
  }
  return true;
}

// Reads the protocol's messages from the client's bytes as they come,
// counting the round trips: simple queries and Syncs.
class ClientMessages {
 public:
  explicit ClientMessages(std::atomic<std::size_t>& round_trips) : round_trips_(round_trips) {}
  void add(const char* data, std::size_t size) {
    pending_.append(data, size);
    for (;;) {
      // the startup message has no type byte; every later one has
      const std::size_t header = started_ ? 5 : 4;
      if (pending_.size() < header) return;
      const auto* bytes = reinterpret_cast<const unsigned char*>(pending_.data()) + (started_ ? 1 : 0);
      const std::size_t length = (std::size_t{bytes[0]} << 24) | (std::size_t{bytes[1]} << 16) |
                                 (std::size_t{bytes[2]} << 8) | std::size_t{bytes[3]};
      const std::size_t total = length + (started_ ? 1 : 0);
      if (pending_.size() < total) return;
      if (started_ && (pending_[0] == 'Q' || pending_[0] == 'S')) ++round_trips_;
      started_ = true;
      pending_.erase(0, total);
    }
  }

 private:
  std::atomic<std::size_t>& round_trips_;
  std::string pending_;
  bool started_ = false;
};

// Passes bytes both ways until either side ends (or cut() shuts them down);
// `forget` then takes them out of cut()'s list, before they are closed and
// their numbers can be reused.
template <typename Forget>
void pump(int client, int server, ClientMessages messages, const Forget& forget) {
  char buffer[65536];
  pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
  for (bool open = true; open;) {
    if (::poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2 && open; ++i) {
      if (fds[i].revents == 0) continue;
      const ssize_t read = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
      if (read > 0 && i == 0) messages.add(buffer, static_cast<std::size_t>(read));
      open = read > 0 && write_all(fds[1 - i].fd, buffer, read);
    }
  }
  forget(client, server);
  ::shutdown(client, SHUT_RDWR);
  ::shutdown(server, SHUT_RDWR);
  ::close(client);
  ::close(server);
}

int connect_to_server(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

struct CuttingProxy::State {
  int listener = -1;
  int port = 0;
  int server_port = 0;
  std::mutex mutex;
  std::vector<int> open;  // both ends of every connection, for cut()
  std::vector<std::thread> pumps;
  std::thread acceptor;
  std::atomic<std::size_t> round_trips{0};

  void accept_loop() {
    for (;;) {
      const int client = ::accept(listener, nullptr, nullptr);
      if (client < 0) return;  // refuse() or the destructor
      const int server = connect_to_server(server_port);
      if (server < 0) {
        ::close(client);
        continue;
      }
      const std::lock_guard<std::mutex> lock(mutex);
      open.push_back(client);
      open.push_back(server);
      pumps.emplace_back([this, client, server] {
        pump(client, server, ClientMessages(round_trips), [this](int a, int b) {
          const std::lock_guard<std::mutex> forget_lock(mutex);
          std::erase_if(open, [a, b](int fd) { return fd == a || fd == b; });
        });
      });
    }
  }
};

CuttingProxy::CuttingProxy() : state_(std::make_unique<State>()) {
  state_->server_port = std::stoi(TestServer::get().port);
  state_->listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;  // a free one
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(state_->listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(state_->listener, 16) != 0 ||
      ::getsockname(state_->listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(state_->listener);
    throw std::runtime_error("CuttingProxy: cannot listen on 127.0.0.1");
  }
  state_->port = ntohs(address.sin_port);
  state_->acceptor = std::thread([state = state_.get()] { state->accept_loop(); });
}

CuttingProxy::~CuttingProxy() {
  refuse();
  cut();
  state_->acceptor.join();
  for (auto& pump : state_->pumps) pump.join();
}

std::string CuttingProxy::url(std::string_view dbname) const {
  return "postgresql://" + TestServer::get().user + "@127.0.0.1:" + std::to_string(state_->port) + "/" +
         std::string(dbname) + "?sslmode=disable";
}

void CuttingProxy::cut() {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  for (const int fd : state_->open) ::shutdown(fd, SHUT_RDWR);  // the pumps close them
  state_->open.clear();
}

std::size_t CuttingProxy::round_trips() const { return state_->round_trips.load(); }

std::size_t CuttingProxy::round_trips_once_closed() const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      const std::lock_guard<std::mutex> lock(state_->mutex);
      if (state_->open.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return round_trips();
}

void CuttingProxy::refuse() {
  // accept() then fails, and the acceptor ends, closing nothing more
  if (state_->listener >= 0) {
    ::shutdown(state_->listener, SHUT_RDWR);
    state_->acceptor.join();
    ::close(state_->listener);
    state_->listener = -1;
    state_->acceptor = std::thread([] {});
  }
}

}  // namespace pgapply::test
