// A bounded pool of connections shared by the SQLite and PostgreSQL databases. Internal
// to asta_store.
//
// Connections are created lazily, up to `max_size`, by a factory that runs outside the
// pool's lock (a PostgreSQL connect takes milliseconds). Acquire() waits up to a timeout
// for a free connection and then fails with kUnavailable, so an exhausted pool slows
// callers down instead of failing them at once. Thread-safe; the pool must outlive every
// Lease it hands out.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace asta::store::internal {

// What the pool needs to know about a connection beyond the Connection interface.
class PooledConnection : public Connection {
 public:
  // True once the connection is known to be unusable (e.g. the server went away); the
  // pool then closes it instead of handing it out again.
  virtual bool broken() const = 0;
  // Called when a lease ends: rolls back a transaction its holder left open, so the next
  // borrower starts clean.
  virtual void ResetForReuse() = 0;
};

class ConnectionPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<PooledConnection>>()>;

  ConnectionPool(int max_size, std::chrono::milliseconds wait, Factory factory)
      : max_size_(max_size < 1 ? 1 : max_size), wait_(wait), factory_(std::move(factory)) {}

  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  Result<Lease> Acquire() {
    std::unique_lock lock(mutex_);
    // First come, first served: a released connection goes to the longest waiter, so
    // under load no request waits while later ones keep getting connections.
    if (!idle_.empty() && waiters_.empty()) {
      std::unique_ptr<PooledConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return MakeLease(std::move(connection));
    }
    bool reserved = false;
    if (open_ >= max_size_ || !waiters_.empty()) {
      Waiter me;
      waiters_.push_back(&me);
      const auto deadline = std::chrono::steady_clock::now() + wait_;
      while (!me.connection && !me.may_open) {
        if (me.ready.wait_until(lock, deadline) == std::cv_status::timeout && !me.connection &&
            !me.may_open) {
          waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &me));
          return Unavailable("all " + std::to_string(max_size_) +
                             " database connections are busy; gave up after " +
                             std::to_string(wait_.count()) + " ms");
        }
      }
      if (me.connection) return MakeLease(std::move(me.connection));
      // A slot was freed and reserved for this waiter (a broken connection was closed).
      reserved = true;
    }
    // Reserve a slot, then connect without holding the lock.
    if (!reserved) ++open_;
    lock.unlock();
    Result<std::unique_ptr<PooledConnection>> created = factory_();
    if (!created) {
      lock.lock();
      --open_;
      WakeOneToOpen();
      return tl::unexpected(created.error());
    }
    return MakeLease(std::move(*created));
  }

  // Closes the idle connections (e.g. before a restore replaces the database); busy ones
  // are kept and returned as usual.
  void CloseIdle() {
    std::vector<std::unique_ptr<PooledConnection>> closing;
    {
      std::lock_guard lock(mutex_);
      closing.swap(idle_);
      open_ -= static_cast<int>(closing.size());
      for (size_t i = 0; i < closing.size(); ++i) WakeOneToOpen();
    }
  }

  ~ConnectionPool() = default;

 private:
  Lease MakeLease(std::unique_ptr<PooledConnection> connection) {
    PooledConnection* raw = connection.release();
    return Lease(raw, [this](Connection* released) { Release(released); });
  }

  void Release(Connection* released) {
    std::unique_ptr<PooledConnection> connection(static_cast<PooledConnection*>(released));
    if (!connection->broken()) connection->ResetForReuse();
    std::unique_ptr<PooledConnection> discard;
    {
      std::lock_guard lock(mutex_);
      if (connection->broken()) {
        --open_;
        discard = std::move(connection);  // closed below, outside the lock
        WakeOneToOpen();
      } else if (!waiters_.empty()) {
        Waiter* next = waiters_.front();
        waiters_.pop_front();
        next->connection = std::move(connection);
        next->ready.notify_one();
      } else {
        idle_.push_back(std::move(connection));
      }
    }
  }

  // With the lock held: lets the longest waiter open a connection in a freed slot.
  void WakeOneToOpen() {
    if (waiters_.empty()) return;
    Waiter* next = waiters_.front();
    waiters_.pop_front();
    ++open_;
    next->may_open = true;
    next->ready.notify_one();
  }

  struct Waiter {
    std::condition_variable ready;
    std::unique_ptr<PooledConnection> connection;  // handed over by Release
    bool may_open = false;                         // a slot is reserved for this waiter
  };

  const int max_size_;
  const std::chrono::milliseconds wait_;
  const Factory factory_;

  std::mutex mutex_;
  std::deque<Waiter*> waiters_;                          // oldest first; guarded by mutex_
  std::vector<std::unique_ptr<PooledConnection>> idle_;  // guarded by mutex_
  int open_ = 0;  // idle plus leased connections; guarded by mutex_
};

}  // namespace asta::store::internal
