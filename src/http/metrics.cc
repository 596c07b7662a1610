#include "http/metrics.h"

#include <fmt/format.h>

#include <utility>

namespace asta::http {

namespace {

// Escapes a label value as the exposition format requires.
std::string EscapeLabel(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Metrics::Metrics(std::vector<std::string> route_labels, std::string version)
    : route_labels_(std::move(route_labels)),
      version_(std::move(version)),
      histograms_(std::make_unique<Histogram[]>(route_labels_.size())) {}

void Metrics::Record(size_t route_index, const std::string& method, int status, double seconds) {
  if (route_index >= route_labels_.size()) return;
  Histogram& histogram = histograms_[route_index];
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  histogram.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  histogram.count.fetch_add(1, std::memory_order_relaxed);
  histogram.sum_nanos.fetch_add(static_cast<std::uint64_t>(seconds < 0 ? 0 : seconds * 1e9),
                                std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(counters_mutex_);
  ++counters_[{route_index, method, status}];
}

std::string Metrics::Render() const {
  std::string out;
  out += "# HELP asta_build_info Build information of the running asta binary.\n";
  out += "# TYPE asta_build_info gauge\n";
  out += fmt::format("asta_build_info{{version=\"{}\"}} 1\n", EscapeLabel(version_));

  out += "# HELP asta_http_requests_total HTTP requests served, by route pattern.\n";
  out += "# TYPE asta_http_requests_total counter\n";
  {
    std::lock_guard<std::mutex> lock(counters_mutex_);
    for (const auto& [key, count] : counters_) {
      const auto& [route, method, status] = key;
      out +=
          fmt::format("asta_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                      EscapeLabel(method), EscapeLabel(route_labels_[route]), status, count);
    }
  }

  out += "# HELP asta_http_request_duration_seconds Time to serve an HTTP request.\n";
  out += "# TYPE asta_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < route_labels_.size(); ++i) {
    const Histogram& histogram = histograms_[i];
    std::uint64_t count = histogram.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    std::string route = EscapeLabel(route_labels_[i]);
    std::uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += histogram.buckets[b].load(std::memory_order_relaxed);
      std::string le = b < kBuckets.size() ? fmt::format("{}", kBuckets[b]) : "+Inf";
      out += fmt::format("asta_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                         route, le, cumulative);
    }
    out +=
        fmt::format("asta_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n", route,
                    static_cast<double>(histogram.sum_nanos.load(std::memory_order_relaxed)) / 1e9);
    out += fmt::format("asta_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route,
                       cumulative);
  }
  return out;
}

}  // namespace asta::http
