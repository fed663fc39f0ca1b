#include "services/delegations/delegations_service.h"

namespace ngoaivu::delegations {

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, CreateDelegation,
                       v1::CreateDelegationRequest, v1::Delegation,
                       delegations_->drafts)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, GetDelegation,
                       v1::GetDelegationRequest, v1::Delegation,
                       delegations_->drafts)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, ListDelegations,
                       v1::ListDelegationsRequest, v1::ListDelegationsResponse,
                       delegations_->drafts)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, UpdateDelegation,
                       v1::UpdateDelegationRequest, v1::Delegation,
                       delegations_->drafts)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, ValidateDelegation,
                       v1::ValidateDelegationRequest,
                       v1::ValidateDelegationResponse, delegations_->drafts)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, SubmitDelegation,
                       v1::TransitionDelegationRequest, v1::Delegation,
                       delegations_->workflow)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, ReviewDelegation,
                       v1::TransitionDelegationRequest, v1::Delegation,
                       delegations_->workflow)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, ReturnDelegation,
                       v1::TransitionDelegationRequest, v1::Delegation,
                       delegations_->workflow)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, ForwardDelegation,
                       v1::TransitionDelegationRequest, v1::Delegation,
                       delegations_->workflow)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, ApproveDelegation,
                       v1::DecideDelegationRequest, v1::Delegation,
                       delegations_->workflow)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, RejectDelegation,
                       v1::TransitionDelegationRequest, v1::Delegation,
                       delegations_->workflow)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, AmendDelegation,
                       v1::AmendDelegationRequest, v1::Delegation,
                       delegations_->workflow)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, DepartDelegation,
                       v1::TransitionDelegationRequest, v1::Delegation,
                       delegations_->workflow)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, ReturnHomeDelegation,
                       v1::TransitionDelegationRequest, v1::Delegation,
                       delegations_->workflow)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, CancelDelegation,
                       v1::TransitionDelegationRequest, v1::Delegation,
                       delegations_->workflow)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, GiveDelegationOpinion,
                       v1::GiveOpinionRequest, v1::Delegation,
                       delegations_->workflow)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, RecordOutcome,
                       v1::RecordOutcomeRequest, v1::Delegation,
                       delegations_->workflow)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, ListDecisions,
                       v1::ListDecisionsRequest, v1::ListDecisionsResponse,
                       delegations_->drafts)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, CreateAgreement,
                       v1::CreateAgreementRequest, v1::Agreement,
                       delegations_->agreements)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, GetAgreement,
                       v1::GetAgreementRequest, v1::Agreement,
                       delegations_->agreements)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, ListAgreements,
                       v1::ListAgreementsRequest, v1::ListAgreementsResponse,
                       delegations_->agreements)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, SubmitAgreement,
                       v1::TransitionAgreementRequest, v1::Agreement,
                       delegations_->agreements)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, RequestOpinions,
                       v1::RequestOpinionsRequest, v1::Agreement,
                       delegations_->agreements)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, GiveOpinion,
                       v1::GiveOpinionRequest, v1::Agreement,
                       delegations_->agreements)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, ApproveAgreement,
                       v1::DecideAgreementRequest, v1::Agreement,
                       delegations_->agreements)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, RejectAgreement,
                       v1::TransitionAgreementRequest, v1::Agreement,
                       delegations_->agreements)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, SignAgreement,
                       v1::SignAgreementRequest, v1::Agreement,
                       delegations_->agreements)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, EnterAgreementIntoForce,
                       v1::TransitionAgreementRequest, v1::Agreement,
                       delegations_->agreements)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, ExpireAgreement,
                       v1::TransitionAgreementRequest, v1::Agreement,
                       delegations_->agreements)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, TerminateAgreement,
                       v1::TransitionAgreementRequest, v1::Agreement,
                       delegations_->agreements)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, GetDelegationStatistics,
                       v1::GetDelegationStatisticsRequest,
                       v1::DelegationStatistics, delegations_->reading)

NGOAIVU_GUARDED_METHOD(DelegationsServiceImpl, ListHistory,
                       events::v1::ListHistoryRequest,
                       events::v1::ListHistoryResponse, delegations_->reading)

}  // namespace ngoaivu::delegations
