// Request metrics in the Prometheus text exposition format (version 0.0.4):
//   asta_http_requests_total{method,route,status}        counter
//   asta_http_request_duration_seconds{route}             histogram, 1 ms .. 5 s
//   asta_build_info{version}                              gauge, always 1
// Routes are labelled by their pattern ("/api/v1/users/{id}"), never by the raw path, so
// the number of series stays bounded by the route table. Record() is called once per
// request from any worker thread: the histogram is lock-free (atomics per route) and the
// counter takes one short mutex, which keeps the cost far below a microsecond at the
// request rates asta serves. Render() is thread-safe and linear in the number of series.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace asta::http {

class Metrics {
 public:
  // `route_labels` are the values of the route label; Record() takes an index into them.
  Metrics(std::vector<std::string> route_labels, std::string version);

  void Record(size_t route_index, const std::string& method, int status, double seconds);
  std::string Render() const;

  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

 private:
  struct Histogram {
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};  // last: +Inf
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_nanos{0};
  };

  std::vector<std::string> route_labels_;
  std::string version_;
  std::unique_ptr<Histogram[]> histograms_;
  mutable std::mutex counters_mutex_;
  std::map<std::tuple<size_t, std::string, int>, std::uint64_t> counters_;
};

}  // namespace asta::http
