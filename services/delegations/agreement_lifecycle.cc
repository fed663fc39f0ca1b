#include "services/delegations/agreement_lifecycle.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ngoaivu::delegations {
namespace {

using A = AgreementAction;
using v1::Agreement;

struct Edge {
  AgreementState from;
  AgreementAction action;
  AgreementState to;
};

constexpr Edge kEdges[] = {
    {Agreement::DRAFT, A::kSubmit, Agreement::SUBMITTED},
    {Agreement::SUBMITTED, A::kRequestOpinions, Agreement::OPINIONS_REQUESTED},
    {Agreement::SUBMITTED, A::kReject, Agreement::REJECTED},
    {Agreement::OPINIONS_REQUESTED, A::kApprove,
     Agreement::APPROVED_FOR_SIGNING},
    {Agreement::OPINIONS_REQUESTED, A::kReject, Agreement::REJECTED},
    {Agreement::APPROVED_FOR_SIGNING, A::kSign, Agreement::SIGNED},
    {Agreement::SIGNED, A::kEnterIntoForce, Agreement::IN_FORCE},
    {Agreement::SIGNED, A::kTerminate, Agreement::TERMINATED},
    {Agreement::IN_FORCE, A::kExpire, Agreement::EXPIRED},
    {Agreement::IN_FORCE, A::kTerminate, Agreement::TERMINATED},
};

constexpr AgreementAction kAllActions[] = {
    A::kSubmit, A::kRequestOpinions, A::kApprove, A::kReject,
    A::kSign,   A::kEnterIntoForce,  A::kExpire,  A::kTerminate};

}  // namespace

const char* ActionName(AgreementAction action) {
  switch (action) {
    case A::kSubmit:
      return "submit";
    case A::kRequestOpinions:
      return "request-opinions";
    case A::kApprove:
      return "approve";
    case A::kReject:
      return "reject";
    case A::kSign:
      return "sign";
    case A::kEnterIntoForce:
      return "enter-into-force";
    case A::kExpire:
      return "expire";
    case A::kTerminate:
      return "terminate";
  }
  return "?";
}

const char* EventVerbOf(AgreementAction action) {
  switch (action) {
    case A::kSubmit:
      return "agreement.submitted";
    case A::kRequestOpinions:
      return "agreement.opinions_requested";
    case A::kApprove:
      return "agreement.approved";
    case A::kReject:
      return "agreement.rejected";
    case A::kSign:
      return "agreement.signed";
    case A::kEnterIntoForce:
      return "agreement.in_force";
    case A::kExpire:
      return "agreement.expired";
    case A::kTerminate:
      return "agreement.terminated";
  }
  return "agreement.changed";
}

absl::StatusOr<AgreementState> Next(AgreementState current,
                                    AgreementAction action) {
  for (const Edge& e : kEdges) {
    if (e.from == current && e.action == action) return e.to;
  }
  std::vector<std::string> allowed;
  for (AgreementAction a : kAllActions) {
    for (const Edge& e : kEdges) {
      if (e.from == current && e.action == a) allowed.push_back(ActionName(a));
    }
  }
  std::string message =
      absl::StrCat("cannot ", ActionName(action), " an agreement that is ",
                   Agreement::State_Name(current), "; it allows: ",
                   allowed.empty() ? "nothing" : absl::StrJoin(allowed, ", "));
  if (action == A::kSign) {
    absl::StrAppend(&message,
                    ". The UBND must approve an agreement for signing before "
                    "it is signed (Decision 2488/QĐ-UBND, IV.9)");
  }
  return absl::FailedPreconditionError(message);
}

}  // namespace ngoaivu::delegations
