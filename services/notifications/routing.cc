#include "services/notifications/routing.h"

#include <functional>
#include <map>

#include "ngoaivu/delegations/v1/resources.pb.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"

namespace ngoaivu::notifications {
namespace {

namespace tv1 = ::ngoaivu::tasks::v1;
namespace dv1 = ::ngoaivu::delegations::v1;
namespace rv1 = ::ngoaivu::registry::v1;
using Event = events::v1::Event;
using N = v1::Notification;

// Adds `agency` at `severity` (an agency told twice keeps the highest).
class Recipients {
 public:
  Recipients& Tell(const std::string& agency, Severity severity) {
    if (agency.empty()) return *this;
    for (Recipient& r : list_) {
      if (r.agency == agency) {
        if (severity > r.severity) r.severity = severity;
        return *this;
      }
    }
    list_.push_back({agency, severity});
    return *this;
  }
  std::vector<Recipient> list() { return std::move(list_); }

 private:
  std::vector<Recipient> list_;
};

using Rule =
    std::function<std::vector<Recipient>(const Event&, const RoutingSettings&)>;

template <typename Payload>
Payload PayloadOf(const Event& event) {
  Payload payload;
  event.data().UnpackTo(&payload);  // an unreadable payload routes to no one
  return payload;
}

// An obligation event: its agency at `severity`, DOFA at `coordinator`
// (INFO severity 0: not told).
Rule ToObligationAgency(Severity severity,
                        Severity coordinator = N::SEVERITY_UNSPECIFIED) {
  return [=](const Event& e, const RoutingSettings& s) {
    Recipients r;
    if (e.data().Is<tv1::ObligationReminder>()) {
      r.Tell(PayloadOf<tv1::ObligationReminder>(e).obligation().agency(),
             severity);
    } else if (e.data().Is<tv1::ObligationReassigned>()) {
      r.Tell(PayloadOf<tv1::ObligationReassigned>(e).obligation().agency(),
             severity);
    } else {
      r.Tell(PayloadOf<tv1::ObligationChanged>(e).obligation().agency(),
             severity);
    }
    if (coordinator != N::SEVERITY_UNSPECIFIED)
      r.Tell(s.coordinator, coordinator);
    return r.list();
  };
}

// An overdue reminder: the agency and DOFA, CRITICAL once it is late enough
// to escalate.
Rule ToLateObligation() {
  return [](const Event& e, const RoutingSettings& s) {
    const tv1::ObligationReminder r = PayloadOf<tv1::ObligationReminder>(e);
    const bool escalated =
        s.critical_after_days > 0 && r.days() >= s.critical_after_days;
    Recipients to;
    to.Tell(r.obligation().agency(), escalated ? N::CRITICAL : N::WARNING);
    to.Tell(s.coordinator, escalated ? N::CRITICAL : N::INFO);
    return to.list();
  };
}

// DOFA alone: it has something to judge.
Rule ToCoordinator(Severity severity) {
  return [=](const Event&, const RoutingSettings& s) {
    return Recipients().Tell(s.coordinator, severity).list();
  };
}

Rule ToAdministrators() {
  return [](const Event&, const RoutingSettings& s) {
    return Recipients().Tell(s.administrators, N::INFO).list();
  };
}

Rule ToNoOne() {
  return [](const Event&, const RoutingSettings&) {
    return std::vector<Recipient>();
  };
}

Rule ToDutyAgencies() {
  return [](const Event& e, const RoutingSettings&) {
    const tv1::Duty duty = PayloadOf<tv1::DutyChanged>(e).duty();
    Recipients r;
    r.Tell(duty.lead_agency(), N::INFO);
    for (const std::string& a : duty.coordinating_agencies()) {
      r.Tell(a, N::INFO);
    }
    return r.list();
  };
}

// A delegation event: its agency, DOFA and the approvers at the given
// severities (SEVERITY_UNSPECIFIED: not told).
Rule ToDelegation(Severity agency, Severity coordinator,
                  Severity approvers = N::SEVERITY_UNSPECIFIED) {
  return [=](const Event& e, const RoutingSettings& s) {
    const dv1::Delegation d = PayloadOf<dv1::Delegation>(e);
    Recipients r;
    if (agency != N::SEVERITY_UNSPECIFIED) r.Tell(d.agency(), agency);
    if (coordinator != N::SEVERITY_UNSPECIFIED) {
      r.Tell(s.coordinator, coordinator);
    }
    if (approvers != N::SEVERITY_UNSPECIFIED) r.Tell(s.approvers, approvers);
    return r.list();
  };
}

Rule ToAgreement(Severity agency, Severity coordinator,
                 Severity approvers = N::SEVERITY_UNSPECIFIED,
                 bool asked_agencies = false) {
  return [=](const Event& e, const RoutingSettings& s) {
    const dv1::Agreement a = PayloadOf<dv1::Agreement>(e);
    Recipients r;
    if (agency != N::SEVERITY_UNSPECIFIED) r.Tell(a.proposing_agency(), agency);
    if (coordinator != N::SEVERITY_UNSPECIFIED) {
      r.Tell(s.coordinator, coordinator);
    }
    if (approvers != N::SEVERITY_UNSPECIFIED) r.Tell(s.approvers, approvers);
    if (asked_agencies) {
      for (const auto& o : a.opinions()) {
        if (o.text().empty()) r.Tell(o.agency(), N::WARNING);
      }
    }
    return r.list();
  };
}

// A merged or dissolved agency: the administrators, DOFA (its duties move
// or wait for reassignment) and the agency itself.
Rule ToAgencyEnded() {
  return [](const Event& e, const RoutingSettings& s) {
    Recipients r;
    r.Tell(s.administrators, N::INFO).Tell(s.coordinator, N::WARNING);
    if (e.data().Is<rv1::AgencyMerged>()) {
      const auto merged = PayloadOf<rv1::AgencyMerged>(e);
      r.Tell(merged.agency().name(), N::WARNING)
          .Tell(merged.successor(), N::WARNING);
    } else {
      r.Tell(PayloadOf<rv1::AgencyDissolved>(e).agency().name(), N::WARNING);
    }
    return r.list();
  };
}

// The tasks service's events.
void AddTasksRows(std::map<std::string, Rule>* table) {
  table->insert({
      // Tasks: an agency is told what lands on it and what is due; DOFA
      // what it must judge or chase.
      {"ngoaivu.tasks.v1.obligation.opened", ToObligationAgency(N::INFO)},
      {"ngoaivu.tasks.v1.obligation.due_soon", ToObligationAgency(N::WARNING)},
      {"ngoaivu.tasks.v1.obligation.overdue", ToLateObligation()},
      {"ngoaivu.tasks.v1.obligation.submitted", ToCoordinator(N::INFO)},
      {"ngoaivu.tasks.v1.obligation.returned", ToObligationAgency(N::WARNING)},
      {"ngoaivu.tasks.v1.obligation.accepted", ToObligationAgency(N::INFO)},
      {"ngoaivu.tasks.v1.obligation.waived", ToObligationAgency(N::INFO)},
      {"ngoaivu.tasks.v1.obligation.cancelled", ToObligationAgency(N::INFO)},
      {"ngoaivu.tasks.v1.obligation.reassigned", ToObligationAgency(N::INFO)},
      {"ngoaivu.tasks.v1.obligation.rescheduled",
       ToObligationAgency(N::WARNING)},
      {"ngoaivu.tasks.v1.obligation.flagged", ToCoordinator(N::WARNING)},
      // Its own agency's steps: nobody needs telling.
      {"ngoaivu.tasks.v1.obligation.started", ToNoOne()},
      {"ngoaivu.tasks.v1.obligation.reported", ToNoOne()},
      {"ngoaivu.tasks.v1.report.filed", ToNoOne()},
      {"ngoaivu.tasks.v1.duty.created", ToDutyAgencies()},
      {"ngoaivu.tasks.v1.duty.updated", ToDutyAgencies()},
      {"ngoaivu.tasks.v1.duty.cancelled", ToDutyAgencies()},
      // Programmes reach agencies through their duties and obligations.
      {"ngoaivu.tasks.v1.programme.created", ToNoOne()},
      {"ngoaivu.tasks.v1.programme.updated", ToNoOne()},
      {"ngoaivu.tasks.v1.programme.activated", ToCoordinator(N::INFO)},
      {"ngoaivu.tasks.v1.programme.closed", ToCoordinator(N::INFO)},
  });
}

// The delegations service's events.
void AddDelegationsRows(std::map<std::string, Rule>* table) {
  table->insert({
      // Delegations: DOFA when one is to review, the approvers when a
      // decision awaits them, the agency when it was decided or sent back.
      {"ngoaivu.delegations.v1.delegation.created", ToNoOne()},
      {"ngoaivu.delegations.v1.delegation.updated", ToNoOne()},
      {"ngoaivu.delegations.v1.delegation.submitted",
       ToDelegation(N::SEVERITY_UNSPECIFIED, N::INFO)},
      {"ngoaivu.delegations.v1.delegation.under_review",
       ToDelegation(N::INFO, N::SEVERITY_UNSPECIFIED)},
      {"ngoaivu.delegations.v1.delegation.returned",
       ToDelegation(N::WARNING, N::SEVERITY_UNSPECIFIED)},
      {"ngoaivu.delegations.v1.delegation.forwarded",
       ToDelegation(N::INFO, N::SEVERITY_UNSPECIFIED, N::WARNING)},
      {"ngoaivu.delegations.v1.delegation.approved",
       ToDelegation(N::INFO, N::INFO)},
      {"ngoaivu.delegations.v1.delegation.rejected",
       ToDelegation(N::WARNING, N::INFO)},
      {"ngoaivu.delegations.v1.delegation.amended",
       ToDelegation(N::INFO, N::INFO)},
      {"ngoaivu.delegations.v1.delegation.cancelled",
       ToDelegation(N::SEVERITY_UNSPECIFIED, N::INFO)},
      {"ngoaivu.delegations.v1.delegation.departed", ToNoOne()},
      {"ngoaivu.delegations.v1.delegation.returned_home",
       ToDelegation(N::INFO, N::SEVERITY_UNSPECIFIED)},
      {"ngoaivu.delegations.v1.delegation.reported",
       ToDelegation(N::SEVERITY_UNSPECIFIED, N::INFO)},
      {"ngoaivu.delegations.v1.delegation.opinion_given",
       ToDelegation(N::SEVERITY_UNSPECIFIED, N::INFO)},
      {"ngoaivu.delegations.v1.delegation.outcome_recorded",
       ToDelegation(N::SEVERITY_UNSPECIFIED, N::INFO)},
      {"ngoaivu.delegations.v1.delegation.agency_merged",
       ToDelegation(N::INFO, N::SEVERITY_UNSPECIFIED)},
      // Agreements likewise; the agencies asked for an opinion are told.
      {"ngoaivu.delegations.v1.agreement.created", ToNoOne()},
      {"ngoaivu.delegations.v1.agreement.submitted",
       ToAgreement(N::SEVERITY_UNSPECIFIED, N::INFO)},
      {"ngoaivu.delegations.v1.agreement.opinions_requested",
       ToAgreement(N::INFO, N::SEVERITY_UNSPECIFIED, N::SEVERITY_UNSPECIFIED,
                   /*asked_agencies=*/true)},
      {"ngoaivu.delegations.v1.agreement.opinion_given",
       ToAgreement(N::SEVERITY_UNSPECIFIED, N::INFO, N::INFO)},
      {"ngoaivu.delegations.v1.agreement.approved",
       ToAgreement(N::INFO, N::INFO)},
      {"ngoaivu.delegations.v1.agreement.rejected",
       ToAgreement(N::WARNING, N::INFO)},
      {"ngoaivu.delegations.v1.agreement.signed",
       ToAgreement(N::SEVERITY_UNSPECIFIED, N::INFO)},
      {"ngoaivu.delegations.v1.agreement.in_force",
       ToAgreement(N::SEVERITY_UNSPECIFIED, N::INFO)},
      {"ngoaivu.delegations.v1.agreement.expired",
       ToAgreement(N::INFO, N::INFO)},
      {"ngoaivu.delegations.v1.agreement.terminated",
       ToAgreement(N::INFO, N::INFO)},
  });
}

// The registry's events.
void AddRegistryRows(std::map<std::string, Rule>* table) {
  table->insert({
      // The registry: its keepers; an agency that ends, everyone it
      // concerns.
      {"ngoaivu.registry.v1.agency.created", ToAdministrators()},
      {"ngoaivu.registry.v1.agency.updated", ToAdministrators()},
      {"ngoaivu.registry.v1.agency.merged", ToAgencyEnded()},
      {"ngoaivu.registry.v1.agency.dissolved", ToAgencyEnded()},
      {"ngoaivu.registry.v1.group.created", ToAdministrators()},
      {"ngoaivu.registry.v1.group.updated", ToAdministrators()},
      {"ngoaivu.registry.v1.group.members_added", ToAdministrators()},
      {"ngoaivu.registry.v1.group.members_removed", ToAdministrators()},
      {"ngoaivu.registry.v1.official.created", ToAdministrators()},
      {"ngoaivu.registry.v1.official.updated", ToAdministrators()},
  });
}

const std::map<std::string, Rule>& Table() {
  static const auto* table = [] {
    auto* rows = new std::map<std::string, Rule>();
    AddTasksRows(rows);
    AddDelegationsRows(rows);
    AddRegistryRows(rows);
    return rows;
  }();
  return *table;
}

}  // namespace

std::optional<std::vector<Recipient>> RecipientsOf(
    const events::v1::Event& event, const RoutingSettings& settings) {
  const auto& table = Table();
  auto rule = table.find(event.type());
  if (rule == table.end()) return std::nullopt;
  return rule->second(event, settings);
}

std::string ExplanationDue(const Event& event,
                           const RoutingSettings& settings) {
  tv1::ObligationReminder r;
  if (settings.explanation_after_days <= 0 ||
      event.type() != "ngoaivu.tasks.v1.obligation.overdue" ||
      !event.data().UnpackTo(&r) ||
      r.days() < settings.explanation_after_days) {
    return "";
  }
  return r.obligation().name();
}

std::vector<std::string> RoutedTypes() {
  std::vector<std::string> types;
  for (const auto& [type, rule] : Table()) types.push_back(type);
  return types;
}

}  // namespace ngoaivu::notifications
