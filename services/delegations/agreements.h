// Agreements an agency proposes to sign with a foreign party: drafted by
// the agency, opinions asked by DOFA and given by the agencies it names,
// approved for signing by the UBND (a decision), then signed, in force,
// expired or terminated (agreement_lifecycle.h).
#ifndef NGOAIVU_SERVICES_DELEGATIONS_AGREEMENTS_H_
#define NGOAIVU_SERVICES_DELEGATIONS_AGREEMENTS_H_

#include <functional>
#include <optional>
#include <string>

#include "services/delegations/agreement_lifecycle.h"
#include "services/delegations/delegations_use_case.h"

namespace ngoaivu::delegations {

class Agreements : public DelegationsUseCase {
 public:
  explicit Agreements(const DelegationsDependencies& deps)
      : DelegationsUseCase(deps) {}

  absl::StatusOr<v1::Agreement> CreateAgreement(
      const CallContext& call, const v1::CreateAgreementRequest& r);
  absl::StatusOr<v1::Agreement> GetAgreement(const CallContext& call,
                                             const v1::GetAgreementRequest& r);
  absl::StatusOr<v1::ListAgreementsResponse> ListAgreements(
      const CallContext& call, const v1::ListAgreementsRequest& r);
  absl::StatusOr<v1::Agreement> SubmitAgreement(
      const CallContext& call, const v1::TransitionAgreementRequest& r);
  absl::StatusOr<v1::Agreement> RequestOpinions(
      const CallContext& call, const v1::RequestOpinionsRequest& r);
  absl::StatusOr<v1::Agreement> GiveOpinion(const CallContext& call,
                                            const v1::GiveOpinionRequest& r);
  absl::StatusOr<v1::Agreement> ApproveAgreement(
      const CallContext& call, const v1::DecideAgreementRequest& r);
  absl::StatusOr<v1::Agreement> RejectAgreement(
      const CallContext& call, const v1::TransitionAgreementRequest& r);
  absl::StatusOr<v1::Agreement> SignAgreement(
      const CallContext& call, const v1::SignAgreementRequest& r);
  absl::StatusOr<v1::Agreement> EnterAgreementIntoForce(
      const CallContext& call, const v1::TransitionAgreementRequest& r);
  absl::StatusOr<v1::Agreement> ExpireAgreement(
      const CallContext& call, const v1::TransitionAgreementRequest& r);
  absl::StatusOr<v1::Agreement> TerminateAgreement(
      const CallContext& call, const v1::TransitionAgreementRequest& r);

 private:
  using Change = std::function<absl::Status(v1::Agreement&, MutationScope&)>;
  // Runs `action` on the agreement `name` at `etag`: its state moves, and
  // `change` adds what the action records. `decision_key` is claimed.
  absl::StatusOr<v1::Agreement> Act(
      const CallContext& call, absl::string_view method,
      const google::protobuf::Message& request, const std::string& request_id,
      const std::string& name, const std::string& etag,
      std::optional<AgreementAction> action, const std::string& decision_key,
      const Change& change);
  // The agreement, if the caller may act on it (an officer: his agency's).
  absl::StatusOr<v1::Agreement> FindAgreementFor(const CallContext& call,
                                                 const std::string& name,
                                                 absl::string_view etag);
};

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_AGREEMENTS_H_
