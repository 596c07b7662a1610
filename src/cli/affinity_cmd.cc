// asta affinity --submissions submissions.json --profiles DIR --out scores.csv
//               [--top N] [--threads T] [--current-year Y]
// Expertise affinity of every reviewer (DIR/<reviewer_id>.jsonl: their papers) for every
// submission, written as scores.csv (docs/review.md). Every pair by default; --top N keeps
// the N best reviewers per submission (what asta assign needs as candidates).
#include <chrono>
#include <iostream>

#include "cli/file_commands.h"
#include "engines/affinity/affinity.h"
#include "engines/affinity/io.h"

namespace asta::cli {
namespace {

struct AffinityFlags {
  std::string submissions, profiles, out;
  int top = 0;
  int threads = 2;
  int current_year = 0;
};

int RunAffinity(const AffinityFlags& f) {
  const auto start = std::chrono::steady_clock::now();
  auto fail = [](const Error& e) {
    std::cerr << "asta: " << e.ToString() << "\n";
    return 1;
  };
  auto submissions = affinity::ReadSubmissions(f.submissions);
  if (!submissions) return fail(submissions.error());
  auto reviewers = affinity::ReadProfiles(f.profiles, f.threads);
  if (!reviewers) return fail(reviewers.error());
  affinity::Options options;
  options.top = f.top;
  options.threads = f.threads;
  options.current_year = f.current_year;
  auto scores = affinity::Compute(*submissions, *reviewers, options);
  if (!scores) return fail(scores.error());
  if (auto s = affinity::WriteScores(f.out, *submissions, *reviewers, *scores); !s) {
    return fail(s.error());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::size_t papers = 0;
  for (const auto& r : *reviewers) papers += r.papers.size();
  std::cerr << "scored " << submissions->size() << " submissions against " << reviewers->size()
            << " reviewers (" << papers << " papers): " << scores->size() << " pairs written to "
            << f.out << " in " << seconds << " s\n";
  return 0;
}

}  // namespace

FileCommand AddAffinityCommand(CLI::App& app) {
  auto flags = std::make_shared<AffinityFlags>();
  auto* cmd = app.add_subcommand("affinity", "expertise affinity of reviewers for submissions");
  cmd->add_option("--submissions", flags->submissions,
                  "submissions.json: {id: {\"id\", \"content\": {title, abstract, keywords?}}}")
      ->required();
  cmd->add_option("--profiles", flags->profiles,
                  "DIR of <reviewer_id>.jsonl, a line per paper {id, content: {title, "
                  "abstract, year?}}")
      ->required();
  cmd->add_option("--out", flags->out, "scores.csv: submission_id,reviewer_id,score")->required();
  cmd->add_option("--top", flags->top,
                  "keep the N best reviewers per submission (default 0: every pair)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--threads", flags->threads, "worker threads (default 2)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--current-year", flags->current_year,
                  "year the recency of papers is counted from (default: the latest paper's)")
      ->check(CLI::Range(1900, 3000));
  return FileCommand{cmd, [flags] { return RunAffinity(*flags); }};
}

}  // namespace asta::cli
