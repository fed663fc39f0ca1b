// The gRPC face of the delegations service: every method passes the call
// guard, then calls Delegations. No rule lives here.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_SERVICE_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_SERVICE_H_

#include "common/call_guard.h"
#include "ngoaivu/delegations/v1/delegations_service.grpc.pb.h"
#include "services/delegations/delegations.h"

namespace ngoaivu::delegations {

class DelegationsServiceImpl final : public v1::DelegationsService::Service {
 public:
  DelegationsServiceImpl(Delegations* delegations, const CallGuard* guard)
      : delegations_(delegations), guard_(guard) {}

  grpc::Status CreateDelegation(grpc::ServerContext* context,
                                const v1::CreateDelegationRequest* request,
                                v1::Delegation* response) override;
  grpc::Status GetDelegation(grpc::ServerContext* context,
                             const v1::GetDelegationRequest* request,
                             v1::Delegation* response) override;
  grpc::Status ListDelegations(grpc::ServerContext* context,
                               const v1::ListDelegationsRequest* request,
                               v1::ListDelegationsResponse* response) override;
  grpc::Status UpdateDelegation(grpc::ServerContext* context,
                                const v1::UpdateDelegationRequest* request,
                                v1::Delegation* response) override;
  grpc::Status ValidateDelegation(
      grpc::ServerContext* context,
      const v1::ValidateDelegationRequest* request,
      v1::ValidateDelegationResponse* response) override;
  grpc::Status SubmitDelegation(grpc::ServerContext* context,
                                const v1::TransitionDelegationRequest* request,
                                v1::Delegation* response) override;
  grpc::Status ReviewDelegation(grpc::ServerContext* context,
                                const v1::TransitionDelegationRequest* request,
                                v1::Delegation* response) override;
  grpc::Status ReturnDelegation(grpc::ServerContext* context,
                                const v1::TransitionDelegationRequest* request,
                                v1::Delegation* response) override;
  grpc::Status ForwardDelegation(grpc::ServerContext* context,
                                 const v1::TransitionDelegationRequest* request,
                                 v1::Delegation* response) override;
  grpc::Status ApproveDelegation(grpc::ServerContext* context,
                                 const v1::DecideDelegationRequest* request,
                                 v1::Delegation* response) override;
  grpc::Status RejectDelegation(grpc::ServerContext* context,
                                const v1::TransitionDelegationRequest* request,
                                v1::Delegation* response) override;
  grpc::Status AmendDelegation(grpc::ServerContext* context,
                               const v1::AmendDelegationRequest* request,
                               v1::Delegation* response) override;
  grpc::Status DepartDelegation(grpc::ServerContext* context,
                                const v1::TransitionDelegationRequest* request,
                                v1::Delegation* response) override;
  grpc::Status ReturnHomeDelegation(
      grpc::ServerContext* context,
      const v1::TransitionDelegationRequest* request,
      v1::Delegation* response) override;
  grpc::Status CancelDelegation(grpc::ServerContext* context,
                                const v1::TransitionDelegationRequest* request,
                                v1::Delegation* response) override;
  grpc::Status GiveDelegationOpinion(grpc::ServerContext* context,
                                     const v1::GiveOpinionRequest* request,
                                     v1::Delegation* response) override;
  grpc::Status RecordOutcome(grpc::ServerContext* context,
                             const v1::RecordOutcomeRequest* request,
                             v1::Delegation* response) override;
  grpc::Status ListDecisions(grpc::ServerContext* context,
                             const v1::ListDecisionsRequest* request,
                             v1::ListDecisionsResponse* response) override;
  grpc::Status CreateAgreement(grpc::ServerContext* context,
                               const v1::CreateAgreementRequest* request,
                               v1::Agreement* response) override;
  grpc::Status GetAgreement(grpc::ServerContext* context,
                            const v1::GetAgreementRequest* request,
                            v1::Agreement* response) override;
  grpc::Status ListAgreements(grpc::ServerContext* context,
                              const v1::ListAgreementsRequest* request,
                              v1::ListAgreementsResponse* response) override;
  grpc::Status SubmitAgreement(grpc::ServerContext* context,
                               const v1::TransitionAgreementRequest* request,
                               v1::Agreement* response) override;
  grpc::Status RequestOpinions(grpc::ServerContext* context,
                               const v1::RequestOpinionsRequest* request,
                               v1::Agreement* response) override;
  grpc::Status GiveOpinion(grpc::ServerContext* context,
                           const v1::GiveOpinionRequest* request,
                           v1::Agreement* response) override;
  grpc::Status ApproveAgreement(grpc::ServerContext* context,
                                const v1::DecideAgreementRequest* request,
                                v1::Agreement* response) override;
  grpc::Status RejectAgreement(grpc::ServerContext* context,
                               const v1::TransitionAgreementRequest* request,
                               v1::Agreement* response) override;
  grpc::Status SignAgreement(grpc::ServerContext* context,
                             const v1::SignAgreementRequest* request,
                             v1::Agreement* response) override;
  grpc::Status EnterAgreementIntoForce(
      grpc::ServerContext* context,
      const v1::TransitionAgreementRequest* request,
      v1::Agreement* response) override;
  grpc::Status ExpireAgreement(grpc::ServerContext* context,
                               const v1::TransitionAgreementRequest* request,
                               v1::Agreement* response) override;
  grpc::Status TerminateAgreement(grpc::ServerContext* context,
                                  const v1::TransitionAgreementRequest* request,
                                  v1::Agreement* response) override;
  grpc::Status GetDelegationStatistics(
      grpc::ServerContext* context,
      const v1::GetDelegationStatisticsRequest* request,
      v1::DelegationStatistics* response) override;
  grpc::Status ListHistory(grpc::ServerContext* context,
                           const events::v1::ListHistoryRequest* request,
                           events::v1::ListHistoryResponse* response) override;

 private:
  Delegations* delegations_;
  const CallGuard* guard_;
};

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_SERVICE_H_
