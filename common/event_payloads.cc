#include "common/event_payloads.h"

#include "google/rpc/error_details.pb.h"
#include "ngoaivu/delegations/v1/resources.pb.h"
#include "ngoaivu/notifications/v1/resources.pb.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"

namespace ngoaivu {

void LinkEventPayloads() {
  static const bool linked = [] {
    const google::protobuf::Descriptor* payloads[] = {
        registry::v1::AgencyCreated::descriptor(),
        tasks::v1::ObligationChanged::descriptor(),
        tasks::v1::Obligation::descriptor(),
        delegations::v1::Delegation::descriptor(),
        notifications::v1::Notification::descriptor(),
        google::rpc::BadRequest::descriptor(),
    };
    return payloads[0] != nullptr;
  }();
  (void)linked;
}

}  // namespace ngoaivu
