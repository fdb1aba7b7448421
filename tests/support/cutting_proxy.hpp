#pragma once

// A TCP proxy on 127.0.0.1 to the test server that fails as a network does:
// cut() ends its connections at once, so that what the server had not sent
// yet never reaches the client (the server answers a batch of statements
// when the batch ends, or when a notice or error flushes its buffer: ending
// the session with pg_terminate_backend sends what it holds first, a cut
// network does not). It also counts the queries clients send through it: a
// round trip each (a simple query, or an extended-protocol Sync).
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace pgapply::test {

class CuttingProxy {
 public:
  CuttingProxy();  // listening on a free port, forwarding to the test server's
  ~CuttingProxy();
  CuttingProxy(const CuttingProxy&) = delete;
  CuttingProxy& operator=(const CuttingProxy&) = delete;

  // postgresql://user@127.0.0.1:<proxy port>/<dbname>?sslmode=disable
  std::string url(std::string_view dbname) const;
  // Ends every connection open through the proxy, both ways.
  void cut();
  // From now on, connections to the proxy are refused.
  void refuse();
  // The simple queries ('Q') and Syncs ('S') sent through it so far.
  std::size_t round_trips() const;
  // The same once every connection through it has closed (waiting up to
  // 5 s): a client may exit before the proxy forwarded all it sent.
  std::size_t round_trips_once_closed() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace pgapply::test
