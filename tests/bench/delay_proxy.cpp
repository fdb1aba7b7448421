// A TCP proxy on 127.0.0.1 that delays every chunk of data by a fixed time in
// each direction: a network with latency, on one machine, for benchmarks.
//
//   delay_proxy TARGET_PORT DELAY_MS [IDLE_SECONDS]
//
// Listens on a free port of 127.0.0.1 (printed on standard output, then
// flushed), forwards each connection to 127.0.0.1:TARGET_PORT, and holds
// each chunk it reads DELAY_MS before writing it on (order kept, bandwidth
// not limited). Stops by itself once no connection has been open for
// IDLE_SECONDS (default 20).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<int> open_connections{0};
std::atomic<long long> last_activity{0};

long long now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
}

// One direction: a reader queues what it reads with its due time, a writer
// writes it when due.
class Pump {
 public:
  Pump(int from, int to, std::chrono::microseconds delay) : from_(from), to_(to), delay_(delay) {}

  void run() {
    std::thread writer([this] { write_loop(); });
    std::vector<char> buffer(1 << 16);
    while (true) {
      const ssize_t n = read(from_, buffer.data(), buffer.size());
      if (n <= 0) break;
      std::lock_guard lock(mutex_);
      queue_.push_back({Clock::now() + delay_, std::string(buffer.data(), static_cast<std::size_t>(n))});
      ready_.notify_one();
    }
    {
      std::lock_guard lock(mutex_);
      done_ = true;
      ready_.notify_one();
    }
    writer.join();
    shutdown(to_, SHUT_WR);
  }

 private:
  struct Chunk {
    Clock::time_point due;
    std::string bytes;
  };

  void write_loop() {
    while (true) {
      Chunk chunk;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return !queue_.empty() || done_; });
        if (queue_.empty()) return;
        chunk = std::move(queue_.front());
        queue_.pop_front();
      }
      std::this_thread::sleep_until(chunk.due);
      std::size_t written = 0;
      while (written < chunk.bytes.size()) {
        const ssize_t n = write(to_, chunk.bytes.data() + written, chunk.bytes.size() - written);
        if (n <= 0) return;
        written += static_cast<std::size_t>(n);
      }
    }
  }

  int from_;
  int to_;
  std::chrono::microseconds delay_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Chunk> queue_;
  bool done_ = false;
};

int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

void serve(int client, int target_port, std::chrono::microseconds delay) {
  ++open_connections;
  const int server = connect_to(target_port);
  if (server >= 0) {
    const int on = 1;
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    Pump up(client, server, delay), down(server, client, delay);
    std::thread up_thread([&up] { up.run(); });
    down.run();
    up_thread.join();
    close(server);
  }
  close(client);
  last_activity = now_seconds();
  --open_connections;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: delay_proxy TARGET_PORT DELAY_MS [IDLE_SECONDS]\n");
    return 2;
  }
  const int target_port = std::atoi(argv[1]);
  const auto delay = std::chrono::microseconds(static_cast<long long>(std::atof(argv[2]) * 1000));
  const long long idle_seconds = argc > 3 ? std::atoll(argv[3]) : 20;

  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  const int on = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener, 64) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::perror("delay_proxy");
    return 1;
  }
  std::printf("%d\n", ntohs(address.sin_port));
  std::fflush(stdout);
  last_activity = now_seconds();
  while (true) {
    pollfd fd{listener, POLLIN, 0};
    if (poll(&fd, 1, 500) > 0) {
      const int client = accept(listener, nullptr, nullptr);
      if (client >= 0) std::thread(serve, client, target_port, delay).detach();
      continue;
    }
    if (open_connections == 0 && now_seconds() - last_activity >= idle_seconds) return 0;
  }
}
