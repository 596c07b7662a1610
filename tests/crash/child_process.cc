#include "tests/crash/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace asta::crash {
namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
  int read = -1;
  int write = -1;
};

bool MakePipe(Pipe* p) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  p->read = fds[0];
  p->write = fds[1];
  return true;
}

void CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

// Forks and execs `argv` with the given descriptors as its standard streams (-1: keep
// the parent's). Returns the child's pid or -1. Between fork and exec the child only
// makes async-signal-safe calls: the parent has other threads.
pid_t Spawn(const std::vector<std::string>& argv, int in_fd, int out_fd, int err_fd) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid != 0) return pid;
  // The child: default signal dispositions and mask, as a freshly started program has.
  signal(SIGPIPE, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  if (in_fd >= 0) dup2(in_fd, STDIN_FILENO);
  if (out_fd >= 0) dup2(out_fd, STDOUT_FILENO);
  if (err_fd >= 0) dup2(err_fd, STDERR_FILENO);
  execv(args[0], args.data());
  _exit(127);
}

}  // namespace

std::string CommandResult::Describe() const {
  std::string what = term_signal != 0 ? "killed by signal " + std::to_string(term_signal)
                                      : "exit " + std::to_string(exit_code);
  return what + "; stdout: " + out + "; stderr: " + err;
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exited with " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  }
  return "wait status " + std::to_string(status);
}

int WaitWithTimeout(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  int status = 0;
  while (true) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return -1;
    if (Clock::now() >= deadline) {
      kill(pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return status;
    }
    usleep(5000);
  }
}

CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& stdin_text,
                         std::chrono::milliseconds timeout) {
  // A child that exits without reading its input must not kill us with SIGPIPE.
  signal(SIGPIPE, SIG_IGN);
  CommandResult result;
  Pipe in, out, err;
  if (!MakePipe(&in) || !MakePipe(&out) || !MakePipe(&err)) {
    result.err = std::string("pipe: ") + strerror(errno);
    return result;
  }
  pid_t pid = Spawn(argv, in.read, out.write, err.write);
  CloseFd(&in.read);
  CloseFd(&out.write);
  CloseFd(&err.write);
  if (pid < 0) {
    CloseFd(&in.write);
    CloseFd(&out.read);
    CloseFd(&err.read);
    result.err = std::string("fork: ") + strerror(errno);
    return result;
  }
  // Small inputs fit in the pipe's buffer, so this write never waits for the child.
  size_t written = 0;
  while (written < stdin_text.size()) {
    ssize_t n = write(in.write, stdin_text.data() + written, stdin_text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  CloseFd(&in.write);

  const auto deadline = Clock::now() + timeout;
  pollfd fds[2] = {{out.read, POLLIN, 0}, {err.read, POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  while (open_fds > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    int r = poll(fds, 2, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) CloseFd(&f.fd);
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  int status = WaitWithTimeout(pid, std::max(left, std::chrono::milliseconds(0)));
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
  return result;
}

std::unique_ptr<ServerProcess> ServerProcess::Start(const std::vector<std::string>& argv,
                                                    std::chrono::milliseconds timeout,
                                                    std::string* error) {
  Pipe err;
  if (!MakePipe(&err)) {
    *error = std::string("pipe: ") + strerror(errno);
    return nullptr;
  }
  int null_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  // spdlog writes to standard output: both streams go to the one pipe.
  pid_t pid = Spawn(argv, null_in, err.write, err.write);
  CloseFd(&null_in);
  CloseFd(&err.write);
  if (pid < 0) {
    CloseFd(&err.read);
    *error = std::string("fork: ") + strerror(errno);
    return nullptr;
  }
  std::unique_ptr<ServerProcess> server(new ServerProcess());
  server->pid_ = pid;
  server->stderr_fd_ = err.read;
  server->drain_ = std::thread([s = server.get()] { s->DrainStderr(); });

  static const std::string kMarker = "asta: serving on http://";
  std::unique_lock<std::mutex> lock(server->mu_);
  bool ready = server->changed_.wait_for(lock, timeout, [&] {
    auto at = server->stderr_text_.find(kMarker);
    return server->stderr_closed_ ||
           (at != std::string::npos &&
            server->stderr_text_.find(' ', at + kMarker.size()) != std::string::npos);
  });
  std::string text = server->stderr_text_;
  lock.unlock();
  auto at = text.find(kMarker);
  if (!ready || at == std::string::npos) {
    *error = (ready ? "the server exited before serving" : "the server did not start in time") +
             std::string("; its stderr: ") + text;
    return nullptr;  // the destructor kills and reaps the child
  }
  // "http://127.0.0.1:PORT (database …)": the port follows the address's last colon.
  size_t begin = at + kMarker.size();
  std::string address = text.substr(begin, text.find(' ', begin) - begin);
  server->port_ = std::atoi(address.substr(address.rfind(':') + 1).c_str());
  if (server->port_ <= 0) {
    *error = "cannot read the port from: " + address;
    return nullptr;
  }
  return server;
}

void ServerProcess::DrainStderr() {
  char buffer[4096];
  while (true) {
    ssize_t n = read(stderr_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    std::lock_guard<std::mutex> lock(mu_);
    if (n <= 0) {
      stderr_closed_ = true;
      changed_.notify_all();
      return;
    }
    stderr_text_.append(buffer, static_cast<size_t>(n));
    changed_.notify_all();
  }
}

int ServerProcess::SignalAndWait(int signal_number, std::chrono::milliseconds timeout) {
  if (reaped_) return wait_status_;
  kill(pid_, signal_number);
  wait_status_ = WaitWithTimeout(pid_, timeout);
  reaped_ = true;
  // The child's end of the pipe is closed now (no grandchildren hold it), so the
  // drain thread sees end-of-file.
  if (drain_.joinable()) drain_.join();
  CloseFd(&stderr_fd_);
  return wait_status_;
}

std::string ServerProcess::StderrText() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stderr_text_;
}

ServerProcess::~ServerProcess() { SignalAndWait(SIGKILL, std::chrono::seconds(10)); }

}  // namespace asta::crash
