#include "services/delegations/delegation_workflow.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/update_mask.h"
#include "services/delegations/delegation_statistics.h"
#include "services/delegations/delegation_validation.h"

namespace ngoaivu::delegations {
namespace {

using v1::Delegation;
using A = DelegationAction;

bool NeedsReason(DelegationAction action) {
  return action == A::kReturn || action == A::kReject || action == A::kCancel;
}

absl::Status RequireState(const Delegation& d,
                          std::initializer_list<Delegation::State> states,
                          absl::string_view action) {
  for (auto s : states) {
    if (d.state() == s) return absl::OkStatus();
  }
  std::string allowed;
  for (auto s : states) {
    absl::StrAppend(&allowed, allowed.empty() ? "" : ", ",
                    Delegation::State_Name(s));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", action, " a delegation that is ",
                   Delegation::State_Name(d.state()), "; only when ", allowed));
}

}  // namespace

absl::Status DelegationWorkflow::EnforceRules(const Delegation& d,
                                              const Officials& officials,
                                              absl::string_view action,
                                              absl::Time deadline) {
  auto violations = CheckRules(d, officials, deadline);
  if (!violations.ok()) return violations.status();
  if (d.state() == Delegation::SUBMITTED) {
    // The Police are asked once the request is in: their opinion is due
    // before DOFA forwards it, not before it is submitted.
    violations->erase(std::remove_if(violations->begin(), violations->end(),
                                     [](const v1::RuleViolation& v) {
                                       return v.rule() == "police-opinion";
                                     }),
                      violations->end());
  }
  return BlockOnViolations(*violations, action);
}

absl::StatusOr<Delegation> DelegationWorkflow::Transition(
    const CallContext& call, const v1::TransitionDelegationRequest& r,
    DelegationAction action, absl::string_view method) {
  if (auto s = ValidateTransition(r, NeedsReason(action)); !s.ok()) return s;
  return runner_.Run<Delegation>(
      call, method, r, r.request_id(), r.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<Delegation> {
        auto current = FindDelegationFor(call, r.name(), r.etag());
        if (!current.ok()) return current.status();
        auto state = Next(current->state(), action);
        if (!state.ok()) return state.status();
        Delegation next = *current;
        next.set_state(*state);
        if (NeedsReason(action)) next.set_state_reason(r.reason());
        StatisticsDelta statistics;
        if (action == A::kSubmit) {
          if (auto s = CheckSubmittable(next); !s.ok()) return s;
          next.clear_state_reason();
          *next.mutable_justifications() = r.justifications();
          *next.mutable_submit_time() = ToTimestamp(m.now());
        }
        if (action == A::kDepart) {
          if (auto s = CheckDepartable(next, ProvinceDay(m.now())); !s.ok())
            return s;
        }
        if (action == A::kSubmit || action == A::kForward) {
          auto officials = MemberOfficials(next, m.deadline());
          if (!officials.ok()) return officials.status();
          if (auto s = EnforceRules(next, *officials, ActionName(action),
                                    m.deadline());
              !s.ok()) {
            return s;
          }
        }
        if (action == A::kCancel && current->state() == Delegation::APPROVED) {
          // It will not happen: out of the statistics (its decision stays).
          AddCounts(*current, -1, &statistics);
        }
        next = Stamped(std::move(next), m.now());
        m.Emit(EventVerbOf(action), next.name(), PublicPayload(next));
        DelegationWrite write(next, &*current);
        write.statistics = std::move(statistics);
        return m.Answer(store_->SaveDelegation(write, m.Build(next)), next);
      });
}

absl::StatusOr<Delegation> DelegationWorkflow::ApproveDelegation(
    const CallContext& call, const v1::DecideDelegationRequest& r) {
  if (auto s = ValidateDecide(r); !s.ok()) return s;
  if (auto s = RequireOfficial(r.decision().signer(), "decision.signer",
                               call.deadline);
      !s.ok()) {
    return s;
  }
  return runner_.Run<Delegation>(
      call, "ApproveDelegation", r, r.request_id(), r.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<Delegation> {
        auto current = FindDelegationFor(call, r.name(), r.etag());
        if (!current.ok()) return current.status();
        auto state = Next(current->state(), A::kApprove);
        if (!state.ok()) return state.status();
        auto officials = MemberOfficials(*current, m.deadline());
        if (!officials.ok()) return officials.status();
        if (auto s =
                EnforceRules(*current, *officials, "approve", m.deadline());
            !s.ok()) {
          return s;
        }
        Delegation next = *current;
        next.set_state(*state);
        v1::Decision* decision = next.add_decisions();
        *decision = r.decision();
        decision->clear_amends();
        *decision->mutable_record_time() = ToTimestamp(m.now());
        next = Stamped(std::move(next), m.now());
        DelegationWrite write(next, &*current);
        // Overlaps and trips per year are checked again inside the write:
        // of two approvals racing for one official, one wins.
        write.guards = AtomicGuards(next, *officials);
        AddCounts(next, +1, &write.statistics);
        AddDecisions(next, 1, &write.statistics);
        write.decision_key = DecisionKey(r.decision());
        m.Emit(EventVerbOf(A::kApprove), next.name(), PublicPayload(next));
        return m.Answer(store_->SaveDelegation(write, m.Build(next)), next);
      });
}

absl::StatusOr<Delegation> DelegationWorkflow::AmendDelegation(
    const CallContext& call, const v1::AmendDelegationRequest& r) {
  if (auto s = ValidateAmend(r); !s.ok()) return s;
  if (auto s = RequireOfficial(r.decision().signer(), "decision.signer",
                               call.deadline);
      !s.ok()) {
    return s;
  }
  return runner_.Run<Delegation>(
      call, "AmendDelegation", r, r.request_id(), r.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<Delegation> {
        auto current = FindDelegationFor(call, r.name(), r.etag());
        if (!current.ok()) return current.status();
        if (auto s = RequireState(
                *current, {Delegation::APPROVED, Delegation::TRAVELLING},
                "amend");
            !s.ok()) {
          return s;
        }
        Delegation next = *current;
        ApplyUpdateMask(r.delegation(), r.update_mask(), &next);
        for (const auto& [rule, text] : r.justifications()) {
          (*next.mutable_justifications())[rule] = text;
        }
        if (auto s = ValidateDraft(next); !s.ok()) return s;
        auto officials = MemberOfficials(next, m.deadline());
        if (!officials.ok()) return officials.status();
        for (int i = 0; i < next.members_size(); ++i) {
          const std::string& official = next.members(i).official();
          if (!official.empty() && !officials->count(official)) {
            return InvalidArgument(
                absl::StrCat("delegation.members[", i, "].official"),
                absl::StrCat(official, " is not in the registry"));
          }
        }
        if (auto s = EnforceRules(next, *officials, "amend", m.deadline());
            !s.ok()) {
          return s;
        }
        v1::Decision* decision = next.add_decisions();
        *decision = r.decision();
        decision->set_amends(current->decisions_size() > 0
                                 ? current->decisions().rbegin()->number()
                                 : "");
        *decision->mutable_record_time() = ToTimestamp(m.now());
        next = Stamped(std::move(next), m.now());
        DelegationWrite write(next, &*current);
        write.guards = AtomicGuards(next, *officials);
        // A trip already counted in its year is not one more.
        std::set<std::pair<std::string, int>> counted;
        for (const OfficialTrip& t : OfficialTripsOf(*current)) {
          counted.insert({t.official, t.year});
        }
        for (TripGuard& g : write.guards) {
          if (counted.count({g.trip.official, g.trip.year})) {
            g.max_trips_per_year = 0;
          }
        }
        AddCounts(*current, -1, &write.statistics);
        AddDecisions(*current, -current->decisions_size(), &write.statistics);
        AddCounts(next, +1, &write.statistics);
        AddDecisions(next, next.decisions_size(), &write.statistics);
        write.decision_key = DecisionKey(r.decision());
        m.Emit("delegation.amended", next.name(), PublicPayload(next));
        return m.Answer(store_->SaveDelegation(write, m.Build(next)), next);
      });
}

absl::StatusOr<Delegation> DelegationWorkflow::GiveDelegationOpinion(
    const CallContext& call, const v1::GiveOpinionRequest& r) {
  if (auto s = ValidateGiveOpinion(r, "delegations/"); !s.ok()) return s;
  return runner_.Run<Delegation>(
      call, "GiveDelegationOpinion", r, r.request_id(), r.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<Delegation> {
        // The answering agency acts on another agency's delegation: found
        // without the sender's participation check.
        CallContext as_reader = call;
        as_reader.participation_only = false;
        auto current = FindDelegationFor(as_reader, r.name(), r.etag());
        if (!current.ok()) return current.status();
        if (auto s =
                RequireState(*current,
                             {Delegation::SUBMITTED, Delegation::UNDER_REVIEW,
                              Delegation::FORWARDED},
                             "give an opinion on");
            !s.ok()) {
          return s;
        }
        Delegation next = *current;
        v1::Opinion* opinion = nullptr;
        for (auto& o : *next.mutable_opinions()) {
          if (o.agency() == r.agency()) opinion = &o;
        }
        if (opinion == nullptr) opinion = next.add_opinions();
        opinion->set_agency(r.agency());
        opinion->set_text(r.text());
        opinion->set_supports(r.supports());
        *opinion->mutable_answer_time() = ToTimestamp(m.now());
        next = Stamped(std::move(next), m.now());
        m.Emit("delegation.opinion_given", next.name(), PublicPayload(next));
        DelegationWrite write(next, &*current);
        return m.Answer(store_->SaveDelegation(write, m.Build(next)),
                        AsSeenBy(call, next));
      });
}

absl::StatusOr<Delegation> DelegationWorkflow::RecordOutcome(
    const CallContext& call, const v1::RecordOutcomeRequest& r) {
  if (auto s = ValidateRecordOutcome(r); !s.ok()) return s;
  return runner_.Run<Delegation>(
      call, "RecordOutcome", r, r.request_id(), r.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<Delegation> {
        auto current = FindDelegationFor(call, r.name(), r.etag());
        if (!current.ok()) return current.status();
        if (current->direction() != Delegation::INBOUND) {
          return absl::FailedPreconditionError(absl::StrCat(
              r.name(), " is OUTBOUND; an outcome is recorded for a visit"));
        }
        if (auto s =
                RequireState(*current,
                             {Delegation::TRAVELLING, Delegation::RETURNED_HOME,
                              Delegation::REPORTED},
                             "record the outcome of");
            !s.ok()) {
          return s;
        }
        Delegation next = *current;
        *next.mutable_outcome() = r.outcome();
        next = Stamped(std::move(next), m.now());
        m.Emit("delegation.outcome_recorded", next.name(), PublicPayload(next));
        DelegationWrite write(next, &*current);
        return m.Answer(store_->SaveDelegation(write, m.Build(next)), next);
      });
}

}  // namespace ngoaivu::delegations
