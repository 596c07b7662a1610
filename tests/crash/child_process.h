// Child processes for the crash tests: running an `asta` command to completion with
// some standard input, and an `asta serve` process that can be killed at any moment.
// Everything here is POSIX (fork/exec, pipes, waitpid); pipes are close-on-exec so that
// one child never inherits another's descriptors.
//
// Thread-safety: a RunCommand call and a ServerProcess object are used by one thread at a
// time; several may run concurrently.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace asta::crash {

struct CommandResult {
  int exit_code = -1;            // -1 when the command did not exit normally
  int term_signal = 0;           // the signal that ended it, 0 when it exited
  std::string out;               // standard output
  std::string err;               // standard error
  std::string Describe() const;  // "exit 1: <stderr>" for assertion messages
};

// Runs `argv` (argv[0] is the program's path), writes `stdin_text` to its standard input
// and closes it, collects both outputs and waits. A child still running after `timeout`
// is killed with SIGKILL (term_signal then says so).
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& stdin_text,
                         std::chrono::milliseconds timeout);

// An `asta serve` child. Its standard output and error are read by a thread of this object all the
// time (so the child never blocks on a full pipe) and kept for messages.
class ServerProcess {
 public:
  // Starts `argv` and waits up to `timeout` for the "asta: serving on http://HOST:PORT"
  // line on its standard error. Returns nullptr with `error` set when the child exits
  // first, prints no such line in time, or cannot be started.
  static std::unique_ptr<ServerProcess> Start(const std::vector<std::string>& argv,
                                              std::chrono::milliseconds timeout,
                                              std::string* error);
  // Kills a child that is still running (SIGKILL) and reaps it.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }

  // Sends `signal_number` and waits for the child to end, up to `timeout` (then SIGKILL).
  // Returns the wait status (see waitpid); calling it again returns the same status.
  int SignalAndWait(int signal_number, std::chrono::milliseconds timeout);
  // Everything the child wrote to standard output and error so far.
  std::string StderrText() const;

 private:
  ServerProcess() = default;
  void DrainStderr();

  pid_t pid_ = -1;
  int port_ = 0;
  int stderr_fd_ = -1;
  bool reaped_ = false;
  int wait_status_ = 0;
  std::thread drain_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::string stderr_text_;     // guarded by mu_
  bool stderr_closed_ = false;  // guarded by mu_
};

// Waits for `pid` up to `timeout`, polling; SIGKILLs it when the time is up. Returns the
// wait status.
int WaitWithTimeout(pid_t pid, std::chrono::milliseconds timeout);

// "exited with 1", "killed by signal 9 (Killed)" for a wait status.
std::string DescribeWaitStatus(int status);

}  // namespace asta::crash
