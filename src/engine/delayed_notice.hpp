#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace pgapply::engine {

// A line said only when what it announces takes longer than `after`: a
// wait that would pass unseen if short (up's verify running the run's
// files again on the shadow after "Done:") says what it waits for once it
// is long, so that a log that shows nothing for seconds does not look hung.
// The line is said from a thread of its own, while the caller's thread
// says nothing (what it runs meanwhile prints nothing), and never after the
// notice is destroyed.
class DelayedNotice {
 public:
  DelayedNotice(std::chrono::milliseconds after, std::string line, std::function<void(const std::string&)> say);
  ~DelayedNotice();
  DelayedNotice(const DelayedNotice&) = delete;
  DelayedNotice& operator=(const DelayedNotice&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable done_;
  bool finished_ = false;
  std::thread waiter_;
};

}  // namespace pgapply::engine
