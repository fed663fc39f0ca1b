#include "services/delegations/agreements.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/ids.h"
#include "common/page_token.h"
#include "common/registry_names.h"
#include "common/validation.h"
#include "services/delegations/countries.h"
#include "services/delegations/delegation_validation.h"

namespace ngoaivu::delegations {
namespace {

using v1::Agreement;
using A = AgreementAction;

}  // namespace

absl::StatusOr<Agreement> Agreements::FindAgreementFor(const CallContext& call,
                                                       const std::string& name,
                                                       absl::string_view etag) {
  auto found =
      store_->FindAgreement(*IdOfName(name, "agreements/"), call.deadline);
  if (!found.ok()) return found.status();
  if (call.participation_only &&
      (!found->has_value() ||
       (*found)->proposing_agency() != call.actor.agency())) {
    return absl::PermissionDeniedError(
        absl::StrCat(call.actor.agency(), " does not propose ", name));
  }
  if (!found->has_value()) return NotFound(name);
  if (auto s = CheckEtag(name, (*found)->etag(), etag); !s.ok()) return s;
  return std::move(**found);
}

absl::StatusOr<Agreement> Agreements::Act(
    const CallContext& call, absl::string_view method,
    const google::protobuf::Message& request, const std::string& request_id,
    const std::string& name, const std::string& etag,
    std::optional<AgreementAction> action, const std::string& decision_key,
    const Change& change) {
  return runner_.Run<Agreement>(
      call, method, request, request_id, etag.empty(),
      [&](MutationScope& m) -> absl::StatusOr<Agreement> {
        auto current = FindAgreementFor(call, name, etag);
        if (!current.ok()) return current.status();
        Agreement next = *current;
        if (action) {
          auto state = Next(current->state(), *action);
          if (!state.ok()) return state.status();
          next.set_state(*state);
        }
        if (auto s = change(next, m); !s.ok()) return s;
        *next.mutable_update_time() = ToTimestamp(m.now());
        next.set_etag(NewEtag());
        m.Emit(action ? EventVerbOf(*action) : "agreement.opinion_given",
               next.name(), next);
        return m.Answer(
            store_->SaveAgreement(next, &*current, decision_key, m.Build(next)),
            next);
      });
}

absl::StatusOr<Agreement> Agreements::CreateAgreement(
    const CallContext& call, const v1::CreateAgreementRequest& r) {
  if (auto s = ValidateCreateAgreement(r); !s.ok()) return s;
  if (auto s = directory_->CheckActive(r.agreement().proposing_agency(),
                                       call.deadline);
      !s.ok()) {
    if (s.code() == absl::StatusCode::kNotFound) {
      return InvalidArgument("agreement.proposing_agency",
                             "not in the registry");
    }
    return s;
  }
  return runner_.Run<Agreement>(
      call, "CreateAgreement", r, r.request_id(), false,
      [&](MutationScope& m) -> absl::StatusOr<Agreement> {
        if (!r.agreement().delegation().empty()) {
          auto from = store_->FindDelegation(
              *IdOfName(r.agreement().delegation(), "delegations/"),
              m.deadline());
          if (!from.ok()) return from.status();
          if (!from->has_value()) {
            return InvalidArgument("agreement.delegation",
                                   "no such delegation");
          }
        }
        Agreement a;
        const Agreement& in = r.agreement();
        a.set_name(
            absl::StrCat("agreements/", r.agreement_id().empty()
                                            ? absl::StrCat("a", RandomHex(11))
                                            : r.agreement_id()));
        a.set_proposing_agency(in.proposing_agency());
        a.set_foreign_party(in.foreign_party());
        a.set_foreign_country(in.foreign_country());
        a.set_subject(in.subject());
        *a.mutable_document_links() = in.document_links();
        a.set_delegation(in.delegation());
        *a.mutable_end_date() = in.end_date();
        a.set_state(Agreement::DRAFT);
        *a.mutable_create_time() = ToTimestamp(m.now());
        *a.mutable_update_time() = ToTimestamp(m.now());
        a.set_etag(NewEtag());
        m.Emit("agreement.created", a.name(), a);
        return m.Answer(store_->SaveAgreement(a, nullptr, "", m.Build(a)), a);
      });
}

absl::StatusOr<Agreement> Agreements::GetAgreement(
    const CallContext& call, const v1::GetAgreementRequest& r) {
  if (!IdOfName(r.name(), "agreements/")) {
    return InvalidArgument("name", "required, agreements/{id}");
  }
  return FindAgreementFor(call, r.name(), "");
}

absl::StatusOr<v1::ListAgreementsResponse> Agreements::ListAgreements(
    const CallContext& call, const v1::ListAgreementsRequest& r) {
  Violations v;
  const int limit = v.PageSize("page_size", r.page_size());
  if (!Agreement::State_IsValid(r.state())) v.Add("state", "unknown");
  if (!r.proposing_agency().empty() && !IsAgencyName(r.proposing_agency())) {
    v.Add("proposing_agency", "agencies/{CODE}");
  }
  if (!r.foreign_country().empty() && !IsCountryCode(r.foreign_country())) {
    v.Add("foreign_country", "ISO 3166-1 alpha-2");
  }
  if (!v.empty()) return v.ToStatus();
  AgreementFilter filter{r.state(), r.proposing_agency(), r.foreign_country()};
  if (call.participation_only) {
    if (!filter.proposing_agency.empty() &&
        filter.proposing_agency != call.actor.agency()) {
      return absl::PermissionDeniedError(absl::StrCat(
          call.actor.agency(), " may list only its own agreements"));
    }
    filter.proposing_agency = call.actor.agency();
  }
  const std::string scope =
      absl::StrCat("agreements|", filter.state, "|", filter.proposing_agency,
                   "|", filter.foreign_country);
  v1::ListAgreementsResponse response;
  auto next = ServePage(
      page_tokens_, r.page_token(), scope,
      [&](const std::string& cursor) {
        return store_->ListAgreements(filter, cursor, limit, call.deadline);
      },
      [&](Agreement a) { *response.add_agreements() = std::move(a); });
  if (!next.ok()) return next.status();
  response.set_next_page_token(*next);
  return response;
}

absl::StatusOr<Agreement> Agreements::SubmitAgreement(
    const CallContext& call, const v1::TransitionAgreementRequest& r) {
  if (auto s = ValidateAgreementTransition(r, false); !s.ok()) return s;
  return Act(call, "SubmitAgreement", r, r.request_id(), r.name(), r.etag(),
             A::kSubmit, "",
             [](Agreement&, MutationScope&) { return absl::OkStatus(); });
}

absl::StatusOr<Agreement> Agreements::RequestOpinions(
    const CallContext& call, const v1::RequestOpinionsRequest& r) {
  if (auto s = ValidateRequestOpinions(r); !s.ok()) return s;
  for (int i = 0; i < r.agencies_size(); ++i) {
    if (auto s = directory_->CheckActive(r.agencies(i), call.deadline);
        !s.ok()) {
      return InvalidArgument(absl::StrCat("agencies[", i, "]"),
                             std::string(s.message()));
    }
  }
  return Act(call, "RequestOpinions", r, r.request_id(), r.name(), r.etag(),
             A::kRequestOpinions, "", [&](Agreement& a, MutationScope&) {
               a.clear_opinions();
               for (const std::string& agency : r.agencies()) {
                 a.add_opinions()->set_agency(agency);
               }
               return absl::OkStatus();
             });
}

absl::StatusOr<Agreement> Agreements::GiveOpinion(
    const CallContext& call, const v1::GiveOpinionRequest& r) {
  if (auto s = ValidateGiveOpinion(r, "agreements/"); !s.ok()) return s;
  // The agency asked answers an agreement another agency proposes.
  CallContext as_asked = call;
  as_asked.participation_only = false;
  return Act(
      as_asked, "GiveOpinion", r, r.request_id(), r.name(), r.etag(),
      std::nullopt, "", [&](Agreement& a, MutationScope& m) {
        if (a.state() != Agreement::OPINIONS_REQUESTED) {
          return absl::FailedPreconditionError(
              absl::StrCat("no opinions are asked on an agreement that is ",
                           Agreement::State_Name(a.state())));
        }
        for (v1::Opinion& o : *a.mutable_opinions()) {
          if (o.agency() != r.agency()) continue;
          o.set_text(r.text());
          o.set_supports(r.supports());
          *o.mutable_answer_time() = ToTimestamp(m.now());
          return absl::OkStatus();
        }
        return absl::FailedPreconditionError(absl::StrCat(
            "DOFA did not ask ", r.agency(), " for an opinion on ", a.name()));
      });
}

absl::StatusOr<Agreement> Agreements::ApproveAgreement(
    const CallContext& call, const v1::DecideAgreementRequest& r) {
  if (auto s = ValidateDecideAgreement(r); !s.ok()) return s;
  if (auto s = RequireOfficial(r.decision().signer(), "decision.signer",
                               call.deadline);
      !s.ok()) {
    return s;
  }
  return Act(
      call, "ApproveAgreement", r, r.request_id(), r.name(), r.etag(),
      A::kApprove, DecisionKey(r.decision()),
      [&](Agreement& a, MutationScope& m) {
        std::vector<std::string> waiting;
        for (const v1::Opinion& o : a.opinions()) {
          if (o.text().empty()) waiting.push_back(o.agency());
        }
        if (!waiting.empty()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "opinions still awaited from ", absl::StrJoin(waiting, ", ")));
        }
        *a.mutable_approval() = r.decision();
        *a.mutable_approval()->mutable_record_time() = ToTimestamp(m.now());
        return absl::OkStatus();
      });
}

absl::StatusOr<Agreement> Agreements::SignAgreement(
    const CallContext& call, const v1::SignAgreementRequest& r) {
  if (auto s = ValidateSignAgreement(r); !s.ok()) return s;
  return Act(call, "SignAgreement", r, r.request_id(), r.name(), r.etag(),
             A::kSign, "", [&](Agreement& a, MutationScope&) {
               *a.mutable_signed_date() = r.signed_date();
               *a.mutable_signers() = r.signers();
               return absl::OkStatus();
             });
}

#define NGOAIVU_AGREEMENT_TRANSITION(Method, action, reason_required)        \
  absl::StatusOr<Agreement> Agreements::Method(                              \
      const CallContext& call, const v1::TransitionAgreementRequest& r) {    \
    if (auto s = ValidateAgreementTransition(r, reason_required); !s.ok())   \
      return s;                                                              \
    return Act(call, #Method, r, r.request_id(), r.name(), r.etag(), action, \
               "", [&](Agreement& a, MutationScope&) {                       \
                 if (reason_required) a.set_state_reason(r.reason());        \
                 return absl::OkStatus();                                    \
               });                                                           \
  }
NGOAIVU_AGREEMENT_TRANSITION(RejectAgreement, A::kReject, true)
NGOAIVU_AGREEMENT_TRANSITION(EnterAgreementIntoForce, A::kEnterIntoForce, false)
NGOAIVU_AGREEMENT_TRANSITION(ExpireAgreement, A::kExpire, false)
NGOAIVU_AGREEMENT_TRANSITION(TerminateAgreement, A::kTerminate, true)
#undef NGOAIVU_AGREEMENT_TRANSITION

}  // namespace ngoaivu::delegations
