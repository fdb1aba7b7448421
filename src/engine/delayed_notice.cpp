#include "engine/delayed_notice.hpp"

#include <utility>

namespace pgapply::engine {

DelayedNotice::DelayedNotice(std::chrono::milliseconds after, std::string line,
                             std::function<void(const std::string&)> say)
    : waiter_([this, after, line = std::move(line), say = std::move(say)] {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!done_.wait_for(lock, after, [this] { return finished_; })) say(line);
      }) {}

DelayedNotice::~DelayedNotice() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
  }
  done_.notify_all();
  waiter_.join();
}

}  // namespace pgapply::engine
