// HTTP routes of the review module (docs/review.md, "Review workflow and API").
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "modules/programmes/programmes_routes.h"
#include "modules/review/review.h"

namespace asta::review {
namespace {

using api::ApiRequest;
using api::ApiResponse;
using api::Method;
using api::Permission;
using api::RouteSpec;

constexpr char kTag[] = "review";

audit::Actor ActorOf(const ApiRequest& req) {
  return audit::Actor{req.principal->user_id, req.principal->email};
}

api::ResourceScope CallScope(const programmes::Call& call) {
  api::ResourceScope s;
  s.object = true;
  if (call.agency_id) s.agency_id = std::to_string(*call.agency_id);
  s.programme_id = std::to_string(call.programme_id);
  s.call_id = std::to_string(call.id);
  return s;
}

// The call of the path's {id}, once the caller's grant covers it.
Result<programmes::Call> CallFor(programmes::ProgrammesService& programmes, const ApiRequest& req,
                                 Permission permission) {
  ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
  ASTA_ASSIGN_OR_RETURN(programmes::Call call, programmes.GetCall(id));
  ASTA_RETURN_IF_ERROR(api::Authorize(req.principal, permission, CallScope(call)));
  return call;
}

Result<std::int64_t> QueryId(const ApiRequest& req, const std::string& name) {
  auto text = req.Query(name);
  if (!text || text->empty()) return InvalidArgument(name + ": required", name);
  std::int64_t v = 0;
  for (char c : *text) {
    if (c < '0' || c > '9' || v > (std::int64_t{1} << 53)) {
      return InvalidArgument(name + ": must be an id", name);
    }
    v = v * 10 + (c - '0');
  }
  if (v < 1) return InvalidArgument(name + ": must be an id", name);
  return v;
}

}  // namespace

std::vector<RouteSpec> ReviewRoutes(ReviewService& review,
                                    programmes::ProgrammesService& programmes) {
  std::vector<RouteSpec> r;
  ReviewService* s = &review;
  programmes::ProgrammesService* pg = &programmes;
  auto add = [&r](Method m, std::string pattern, Permission perm, std::string summary,
                  api::Handler h, int success = 0) {
    r.push_back(RouteSpec{m, std::move(pattern), perm, std::move(summary), kTag, Json(), Json(),
                          false, std::move(h), success});
  };

  // ---- settings and status ----
  add(Method::kGet, "/api/v1/calls/{id}/review", Permission::kReviewOversee,
      "A call's review stage, settings and counts",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewOversee));
        ASTA_ASSIGN_OR_RETURN(Json j, s->Overview(call.id));
        return ApiResponse::Ok(j, false);
      });
  add(Method::kPut, "/api/v1/calls/{id}/review/settings", Permission::kReviewManage,
      "Set k, loads, the review deadline, the conflict policy, diversity and mode",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewManage));
        ASTA_ASSIGN_OR_RETURN(Settings st, s->PutSettings(ActorOf(req), call.id, req.body));
        return ApiResponse::Ok(st.ToJson(), false);
      });

  // ---- reviewer pool ----
  add(Method::kGet, "/api/v1/calls/{id}/reviewers", Permission::kReviewOversee,
      "The call's reviewer pool with loads", [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewOversee));
        ASTA_ASSIGN_OR_RETURN(Json j, s->Reviewers(call.id));
        return ApiResponse::Ok(j, false);
      });
  add(
      Method::kPost, "/api/v1/calls/{id}/reviewers", Permission::kReviewManage,
      "Invite a user with the reviewer role ({user_id} or {email})",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewManage));
        ASTA_ASSIGN_OR_RETURN(Json j, s->Invite(ActorOf(req), call.id, req.body));
        return ApiResponse::Created(j);
      },
      201);
  add(Method::kDelete, "/api/v1/calls/{id}/reviewers/{invitation_id}", Permission::kReviewManage,
      "Remove a reviewer from the pool (only while none of their reviews is submitted)",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewManage));
        ASTA_ASSIGN_OR_RETURN(std::int64_t iid, req.PathId("invitation_id"));
        ASTA_RETURN_IF_ERROR(s->RemoveInvitation(ActorOf(req), call.id, iid));
        return ApiResponse::NoContent();
      });
  add(Method::kGet, "/api/v1/me/review-invitations", Permission::kReviewerWork,
      "The caller's review invitations", [s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(Json j, s->MyInvitations(req.principal->user_id));
        return ApiResponse::Ok(j, false);
      });
  for (const bool accept : {true, false}) {
    add(Method::kPost,
        std::string("/api/v1/review-invitations/{id}/") + (accept ? "accept" : "decline"),
        Permission::kReviewerWork,
        accept ? "Accept an invitation to review" : "Decline an invitation to review",
        [s, accept](const ApiRequest& req) -> Result<ApiResponse> {
          ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
          ASTA_ASSIGN_OR_RETURN(Json j, s->Answer(ActorOf(req), id, accept));
          return ApiResponse::Ok(j, false);
        });
  }

  // ---- conflicts ----
  add(Method::kGet, "/api/v1/calls/{id}/conflicts", Permission::kReviewOversee,
      "Conflicts of interest (detected now, declared, overridden), explained",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewOversee));
        ASTA_ASSIGN_OR_RETURN(auto list, s->Conflicts(call.id));
        Json items = Json::array();
        for (const auto& c : list) items.push_back(c.ToJson());
        return ApiResponse::Ok(Json{{"items", items}}, false);
      });
  add(Method::kPost, "/api/v1/calls/{id}/conflicts/override", Permission::kReviewManage,
      "Lift a pair's conflict with a recorded reason",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewManage));
        ASTA_ASSIGN_OR_RETURN(ConflictItem c, s->Override(ActorOf(req), call.id, req.body));
        return ApiResponse::Ok(c.ToJson(), false);
      });
  add(Method::kDelete, "/api/v1/calls/{id}/conflicts/override", Permission::kReviewManage,
      "Restore a pair's exclusion (?proposal_id=&reviewer_user_id=)",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewManage));
        ASTA_ASSIGN_OR_RETURN(std::int64_t pid, QueryId(req, "proposal_id"));
        ASTA_ASSIGN_OR_RETURN(std::int64_t rid, QueryId(req, "reviewer_user_id"));
        ASTA_RETURN_IF_ERROR(s->RemoveOverride(ActorOf(req), call.id, pid, rid));
        return ApiResponse::NoContent();
      });
  add(Method::kPost, "/api/v1/reviews/{id}/declare-conflict", Permission::kReviewerWork,
      "The assigned reviewer declares a conflict; the assignment is withdrawn",
      [s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Json j, s->DeclareByReviewer(ActorOf(req), id, req.body));
        return ApiResponse::Ok(j, false);
      });
  add(
      Method::kPost, "/api/v1/proposals/{id}/declared-conflicts", Permission::kProposalWrite,
      "The applicant names someone who should not review the proposal",
      [s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Json j, s->DeclareByApplicant(ActorOf(req), id, req.body));
        return ApiResponse::Created(j);
      },
      201);

  // ---- assignment ----
  add(Method::kPost, "/api/v1/calls/{id}/assignments/compute", Permission::kReviewManage,
      "Assign accepted reviewers to submitted proposals (optimal, conflict-free); 422 with "
      "reasons when infeasible",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewManage));
        ComputeOptions o;
        const Json& b = req.body;
        if (!b.is_null() && !b.is_object()) {
          return InvalidArgument("body: must be a JSON object", "body");
        }
        if (b.is_object()) {
          for (const auto& [k, v] : b.items()) {
            if (k != "keep_existing" && k != "move_cost" && k != "mode") {
              return InvalidArgument(k + ": unknown field", k);
            }
          }
          if (b.contains("keep_existing")) {
            if (!b["keep_existing"].is_boolean()) {
              return InvalidArgument("keep_existing: must be true or false", "keep_existing");
            }
            o.keep_existing = b["keep_existing"].get<bool>();
          }
          if (b.contains("move_cost")) {
            if (!b["move_cost"].is_number() || b["move_cost"].get<double>() < 0) {
              return InvalidArgument("move_cost: must be a number of at least 0", "move_cost");
            }
            o.move_cost = b["move_cost"].get<double>();
          }
          if (b.contains("mode")) {
            if (!b["mode"].is_string())
              return InvalidArgument("mode: must be total or fair", "mode");
            o.mode = b["mode"].get<std::string>();
          }
        }
        ASTA_ASSIGN_OR_RETURN(ComputeResult result, s->Compute(ActorOf(req), call.id, o));
        if (!result.reasons.empty()) {
          ApiResponse resp;
          resp.status = 422;
          resp.body = Json{
              {"error",
               Json{{"code", "infeasible"},
                    {"message", "no assignment meets every constraint: " + result.reasons.front()},
                    {"message_ja", "すべての条件を満たす割り当てはありません"},
                    {"field", "assignment"}}},
              {"reasons", result.reasons}};
          return resp;
        }
        return ApiResponse::Ok(result.summary, false);
      });
  add(Method::kGet, "/api/v1/calls/{id}/assignments", Permission::kReviewOversee,
      "The call's assignments with affinity and review status",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewOversee));
        ASTA_ASSIGN_OR_RETURN(Json j, s->Assignments(call.id));
        return ApiResponse::Ok(j, false);
      });
  add(Method::kDelete, "/api/v1/assignments/{id}", Permission::kReviewManage,
      "Remove an assignment (only if its review is not submitted)",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(std::int64_t call_id, s->CallOfAssignment(id));
        ASTA_ASSIGN_OR_RETURN(programmes::Call call, pg->GetCall(call_id));
        ASTA_RETURN_IF_ERROR(
            api::Authorize(req.principal, Permission::kReviewManage, CallScope(call)));
        ASTA_RETURN_IF_ERROR(s->DeleteAssignment(ActorOf(req), id));
        return ApiResponse::NoContent();
      });

  // ---- reviews ----
  add(Method::kGet, "/api/v1/me/reviews", Permission::kReviewerWork,
      "The caller's assignments and their reviews' status",
      [s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(Json j, s->MyReviews(req.principal->user_id));
        return ApiResponse::Ok(j, false);
      });
  add(Method::kGet, "/api/v1/reviews/{id}", Permission::kReviewerWork,
      "One assignment: the proposal, the form from the call's criteria, the review",
      [s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Json j, s->GetReview(req.principal->user_id, id));
        return ApiResponse::Ok(j, false);
      });
  add(Method::kPut, "/api/v1/reviews/{id}", Permission::kReviewerWork, "Save the review as a draft",
      [s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Json j, s->SaveReview(ActorOf(req), id, req.body));
        return ApiResponse::Ok(j, false);
      });
  add(Method::kPost, "/api/v1/reviews/{id}/submit", Permission::kReviewerWork,
      "Submit the review (every criterion scored, a comment to the applicant)",
      [s](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(Json j, s->SubmitReview(ActorOf(req), id));
        return ApiResponse::Ok(j, false);
      });

  // ---- panel, selection, decisions, release ----
  add(Method::kGet, "/api/v1/calls/{id}/panel", Permission::kReviewOversee,
      "Raw and calibrated means, ranking, notes and decisions; reviewers' leniency",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewOversee));
        ASTA_ASSIGN_OR_RETURN(Json j, s->Panel(call.id));
        return ApiResponse::Ok(j, false);
      });
  add(Method::kPut, "/api/v1/calls/{id}/panel/ranking", Permission::kReviewManage,
      "The panel's ranking of every submitted proposal, with notes",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewManage));
        ASTA_ASSIGN_OR_RETURN(Json j, s->PutRanking(ActorOf(req), call.id, req.body));
        return ApiResponse::Ok(j, false);
      });
  add(Method::kPost, "/api/v1/calls/{id}/selection", Permission::kReviewManage,
      "Choose proposals within every funder's budget (select engine)",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewManage));
        ASTA_ASSIGN_OR_RETURN(Json j, s->Selection(call.id));
        return ApiResponse::Ok(j, false);
      });
  add(Method::kPost, "/api/v1/calls/{id}/decisions", Permission::kReviewManage,
      "Record decisions with reasons; refused when funded proposals exceed a funder's budget",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewManage));
        ASTA_ASSIGN_OR_RETURN(Json j, s->Decide(ActorOf(req), call.id, req.body));
        return ApiResponse::Ok(j, false);
      });
  add(Method::kPost, "/api/v1/calls/{id}/release", Permission::kReviewManage,
      "Release the results to applicants (every submitted proposal decided)",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewManage));
        ASTA_ASSIGN_OR_RETURN(Json j, s->Release(ActorOf(req), call.id));
        return ApiResponse::Ok(j, false);
      });
  add(Method::kPost, "/api/v1/calls/{id}/reminders", Permission::kReviewManage,
      "Record a reminder to every reviewer with reviews due",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(auto call, CallFor(*pg, req, Permission::kReviewManage));
        ASTA_ASSIGN_OR_RETURN(Json j, s->Remind(ActorOf(req), call.id));
        return ApiResponse::Ok(j, false);
      });
  add(Method::kGet, "/api/v1/proposals/{id}/outcome", Permission::kProposalRead,
      "The decision and anonymised reviews, once released (the applicant)",
      [s, pg](const ApiRequest& req) -> Result<ApiResponse> {
        ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
        ASTA_ASSIGN_OR_RETURN(programmes::Proposal p, pg->GetProposal(id));
        ASTA_ASSIGN_OR_RETURN(programmes::Call call, pg->GetCall(p.call_id));
        api::ResourceScope scope = CallScope(call);
        scope.owner_user_id = p.owner_user_id;
        if (!api::Authorize(req.principal, Permission::kProposalRead, scope)) {
          return NotFound("no proposal " + std::to_string(id));
        }
        ASTA_ASSIGN_OR_RETURN(Json j, s->Outcome(id));
        return ApiResponse::Ok(j, false);
      });
  return r;
}

void AddReviewerProposalAccess(std::vector<api::RouteSpec>& routes, ReviewService& review,
                               programmes::ProgrammesService& programmes) {
  ReviewService* s = &review;
  programmes::ProgrammesService* pg = &programmes;
  // What an assigned, unconflicted reviewer gets from each wrapped route.
  using Serve = std::function<Result<ApiResponse>(const ApiRequest&, const programmes::Proposal&)>;
  const std::map<std::string, std::pair<std::string, Serve>> wrapped = {
      {"/api/v1/proposals/{id}",
       {"; a reviewer reads it only while assigned and not conflicted",
        [](const ApiRequest&, const programmes::Proposal& p) -> Result<ApiResponse> {
          return ApiResponse::Ok(p.ToJson(false), false);
        }}},
      {"/api/v1/proposals/{id}/attachments/{aid}",
       {"; a reviewer downloads it only while assigned and not conflicted",
        [pg](const ApiRequest& req, const programmes::Proposal& p) -> Result<ApiResponse> {
          ASTA_ASSIGN_OR_RETURN(std::int64_t aid, req.PathId("aid"));
          return programmes::AttachmentDownload(*pg, p.id, aid);
        }}},
  };
  for (auto& route : routes) {
    if (route.method != Method::kGet) continue;
    auto it = wrapped.find(route.pattern);
    if (it == wrapped.end()) continue;
    route.summary += it->second.first;
    route.handler = [inner = std::move(route.handler), serve = it->second.second, s,
                     pg](const ApiRequest& req) -> Result<ApiResponse> {
      Result<ApiResponse> first = inner(req);
      // The owner and the call's officers are answered by the programmes module.
      if (first || first.error().code != ErrorCode::kNotFound || req.principal == nullptr ||
          !req.principal->Has(api::Role::kReviewer)) {
        return first;
      }
      ASTA_ASSIGN_OR_RETURN(std::int64_t id, req.PathId("id"));
      auto proposal = pg->GetProposal(id);
      if (!proposal) return first;
      ASTA_ASSIGN_OR_RETURN(ReviewerAccess access, s->AccessOf(req.principal->user_id, id));
      // Reviewers outside the call's pool are told nothing, as anyone else.
      if (access == ReviewerAccess::kNotInvolved) return first;
      if (access == ReviewerAccess::kAssigned) return serve(req, *proposal);
      if (access == ReviewerAccess::kConflicted) {
        return PermissionDenied("you have a conflict of interest with this proposal");
      }
      return PermissionDenied("you are not assigned to review this proposal");
    };
  }
}

}  // namespace asta::review
