// The delegations service's use cases, gathered for the adapter and for
// tests: plain C++ over the store and directory interfaces.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_H_

#include "services/delegations/agreements.h"
#include "services/delegations/delegation_drafts.h"
#include "services/delegations/delegation_effects.h"
#include "services/delegations/delegation_reading.h"
#include "services/delegations/delegation_workflow.h"

namespace ngoaivu::delegations {

struct Delegations {
  explicit Delegations(const DelegationsDependencies& deps)
      : drafts(deps),
        workflow(deps),
        agreements(deps),
        reading(deps),
        effects(deps) {}

  DelegationDrafts drafts;
  DelegationWorkflow workflow;
  Agreements agreements;
  DelegationReading reading;
  DelegationEffects effects;
};

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_H_
