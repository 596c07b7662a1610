// A bounded pool of connections shared by the SQLite and PostgreSQL databases. Internal
// to asta_store.
//
// Connections are created lazily, up to `max_size`, by a factory that runs outside the
// pool's lock (a PostgreSQL connect takes milliseconds). Acquire() waits up to a timeout
// for a free connection and then fails with kUnavailable, so an exhausted pool slows
// callers down instead of failing them at once. Thread-safe; the pool must outlive every
// Lease it hands out.
#pragma once

#include <chrono>
#include <condition_variable>
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
    const auto deadline = std::chrono::steady_clock::now() + wait_;
    while (idle_.empty() && open_ >= max_size_) {
      if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
          open_ >= max_size_) {
        return Unavailable("all " + std::to_string(max_size_) +
                           " database connections are busy; gave up after " +
                           std::to_string(wait_.count()) + " ms");
      }
    }
    if (!idle_.empty()) {
      std::unique_ptr<PooledConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return MakeLease(std::move(connection));
    }
    // Reserve a slot, then connect without holding the lock.
    ++open_;
    lock.unlock();
    Result<std::unique_ptr<PooledConnection>> created = factory_();
    if (!created) {
      lock.lock();
      --open_;
      available_.notify_one();
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
    }
    available_.notify_all();
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
      } else {
        idle_.push_back(std::move(connection));
      }
    }
    available_.notify_one();
  }

  const int max_size_;
  const std::chrono::milliseconds wait_;
  const Factory factory_;

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PooledConnection>> idle_;  // guarded by mutex_
  int open_ = 0;  // idle plus leased connections; guarded by mutex_
};

}  // namespace asta::store::internal
