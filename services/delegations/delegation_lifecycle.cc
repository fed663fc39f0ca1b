#include "services/delegations/delegation_lifecycle.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ngoaivu::delegations {
namespace {

using v1::Delegation;
using A = DelegationAction;

struct Edge {
  DelegationState from;
  DelegationAction action;
  DelegationState to;
};

// The whole workflow, as data.
constexpr Edge kEdges[] = {
    {Delegation::DRAFT, A::kSubmit, Delegation::SUBMITTED},
    {Delegation::DRAFT, A::kCancel, Delegation::CANCELLED},
    {Delegation::SUBMITTED, A::kReview, Delegation::UNDER_REVIEW},
    {Delegation::SUBMITTED, A::kCancel, Delegation::CANCELLED},
    {Delegation::UNDER_REVIEW, A::kReturn, Delegation::DRAFT},
    {Delegation::UNDER_REVIEW, A::kForward, Delegation::FORWARDED},
    {Delegation::UNDER_REVIEW, A::kCancel, Delegation::CANCELLED},
    {Delegation::FORWARDED, A::kApprove, Delegation::APPROVED},
    {Delegation::FORWARDED, A::kReject, Delegation::REJECTED},
    {Delegation::FORWARDED, A::kCancel, Delegation::CANCELLED},
    {Delegation::APPROVED, A::kDepart, Delegation::TRAVELLING},
    {Delegation::APPROVED, A::kCancel, Delegation::CANCELLED},
    {Delegation::TRAVELLING, A::kReturnHome, Delegation::RETURNED_HOME},
    {Delegation::RETURNED_HOME, A::kReport, Delegation::REPORTED},
};

}  // namespace

const char* ActionName(DelegationAction action) {
  switch (action) {
    case A::kSubmit:
      return "submit";
    case A::kReview:
      return "review";
    case A::kReturn:
      return "return";
    case A::kForward:
      return "forward";
    case A::kApprove:
      return "approve";
    case A::kReject:
      return "reject";
    case A::kDepart:
      return "depart";
    case A::kReturnHome:
      return "return-home";
    case A::kReport:
      return "report";
    case A::kCancel:
      return "cancel";
  }
  return "?";
}

const char* EventVerbOf(DelegationAction action) {
  switch (action) {
    case A::kSubmit:
      return "delegation.submitted";
    case A::kReview:
      return "delegation.under_review";
    case A::kReturn:
      return "delegation.returned";
    case A::kForward:
      return "delegation.forwarded";
    case A::kApprove:
      return "delegation.approved";
    case A::kReject:
      return "delegation.rejected";
    case A::kDepart:
      return "delegation.departed";
    case A::kReturnHome:
      return "delegation.returned_home";
    case A::kReport:
      return "delegation.reported";
    case A::kCancel:
      return "delegation.cancelled";
  }
  return "delegation.changed";
}

std::vector<DelegationAction> AllowedActions(DelegationState state) {
  std::vector<DelegationAction> actions;
  for (const Edge& e : kEdges) {
    if (e.from == state) actions.push_back(e.action);
  }
  return actions;
}

absl::StatusOr<DelegationState> Next(DelegationState current,
                                     DelegationAction action) {
  for (const Edge& e : kEdges) {
    if (e.from == current && e.action == action) return e.to;
  }
  std::vector<std::string> allowed;
  for (DelegationAction a : AllowedActions(current)) {
    allowed.push_back(ActionName(a));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", ActionName(action), " a delegation that is ",
                   Delegation::State_Name(current), "; it allows: ",
                   allowed.empty() ? "nothing" : absl::StrJoin(allowed, ", ")));
}

}  // namespace ngoaivu::delegations
