#include "tools/ngoaivu/archive_kinds.h"

#include <memory>

#include "ngoaivu/delegations/v1/delegations_service.grpc.pb.h"
#include "ngoaivu/notifications/v1/notifications_service.grpc.pb.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "ngoaivu/tasks/v1/tasks_service.grpc.pb.h"

namespace ngoaivu::cli {
namespace {

namespace registry_v1 = ::ngoaivu::registry::v1;
namespace tasks_v1 = ::ngoaivu::tasks::v1;
namespace delegations_v1 = ::ngoaivu::delegations::v1;
namespace notifications_v1 = ::ngoaivu::notifications::v1;

// The largest page every List method takes.
constexpr int kPageSize = 500;

// Calls `method(context, request, &response)` page after page.
template <typename Response, typename Request, typename Method>
grpc::Status Pages(CliContext* c, Request request, Method method,
                   const PageSink& sink) {
  request.set_page_size(kPageSize);
  do {
    Response page;
    grpc::Status status = method(c->Call().get(), request, &page);
    if (!status.ok()) return status;
    sink(page);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return grpc::Status::OK;
}

// A kind listed by `method` with the request `make(parent)` builds.
template <typename Response, typename Request, typename Stub, typename Make,
          typename Method>
Lister ListerOf(CliContext* c, std::shared_ptr<Stub> stub, Make make,
                Method method) {
  return
      [c, stub, make, method](const std::string& parent, const PageSink& sink) {
        return Pages<Response>(
            c, make(parent),
            [&](grpc::ClientContext* context, const Request& request,
                Response* response) {
              return ((*stub).*method)(context, request, response);
            },
            sink);
      };
}

template <typename Stub>
Lister HistoryOf(CliContext* c, std::shared_ptr<Stub> stub) {
  return ListerOf<events::v1::ListHistoryResponse,
                  events::v1::ListHistoryRequest>(
      c, stub,
      [](const std::string& name) {
        events::v1::ListHistoryRequest request;
        request.set_name(name);
        return request;
      },
      &Stub::ListHistory);
}

// The request of a top-level kind, and of a kind listed per parent.
template <typename Request>
Request Top(const std::string&) {
  return Request();
}
template <typename Request>
Request Child(const std::string& parent) {
  Request request;
  request.set_parent(parent);
  return request;
}
// A duty's obligations, every one of them (a programme's listing gives the
// awaited ones only).
tasks_v1::ListObligationsRequest DutysObligations(const std::string& duty) {
  tasks_v1::ListObligationsRequest request;
  request.set_duty(duty);
  return request;
}
// An agency's inbox, archived notifications included.
notifications_v1::ListNotificationsRequest Inbox(const std::string& agency) {
  notifications_v1::ListNotificationsRequest request;
  request.set_parent(agency);
  request.set_include_archived(true);
  return request;
}

void AddRegistryKinds(CliContext* c, std::vector<ArchiveKind>* kinds) {
  using RS = registry_v1::RegistryService::Stub;
  std::shared_ptr<RS> registry =
      registry_v1::RegistryService::NewStub(c->RegistryChannel());
  const Lister registry_history = HistoryOf(c, registry);
  kinds->push_back(
      ArchiveKind{"agencies", "",
                  ListerOf<registry_v1::ListAgenciesResponse,
                           registry_v1::ListAgenciesRequest>(
                      c, registry, &Top<registry_v1::ListAgenciesRequest>,
                      &RS::ListAgencies),
                  registry_history});
  kinds->push_back(
      ArchiveKind{"groups", "",
                  ListerOf<registry_v1::ListAgencyGroupsResponse,
                           registry_v1::ListAgencyGroupsRequest>(
                      c, registry, &Top<registry_v1::ListAgencyGroupsRequest>,
                      &RS::ListAgencyGroups),
                  registry_history});
  kinds->push_back(
      ArchiveKind{"officials", "agencies",
                  ListerOf<registry_v1::ListOfficialsResponse,
                           registry_v1::ListOfficialsRequest>(
                      c, registry, &Child<registry_v1::ListOfficialsRequest>,
                      &RS::ListOfficials),
                  registry_history});
}

void AddTasksKinds(CliContext* c, std::vector<ArchiveKind>* kinds) {
  using TS = tasks_v1::TasksService::Stub;
  std::shared_ptr<TS> tasks =
      tasks_v1::TasksService::NewStub(c->TasksChannel());
  const Lister tasks_history = HistoryOf(c, tasks);
  kinds->push_back(ArchiveKind{
      "programmes", "",
      ListerOf<tasks_v1::ListProgrammesResponse,
               tasks_v1::ListProgrammesRequest>(
          c, tasks, &Top<tasks_v1::ListProgrammesRequest>, &TS::ListProgrammes),
      tasks_history});
  kinds->push_back(ArchiveKind{
      "duties", "programmes",
      ListerOf<tasks_v1::ListDutiesResponse, tasks_v1::ListDutiesRequest>(
          c, tasks, &Child<tasks_v1::ListDutiesRequest>, &TS::ListDuties),
      tasks_history});
  kinds->push_back(
      ArchiveKind{"obligations", "duties",
                  ListerOf<tasks_v1::ListObligationsResponse,
                           tasks_v1::ListObligationsRequest>(
                      c, tasks, &DutysObligations, &TS::ListObligations),
                  tasks_history});
  kinds->push_back(
      ArchiveKind{"progress_reports", "obligations",
                  ListerOf<tasks_v1::ListProgressReportsResponse,
                           tasks_v1::ListProgressReportsRequest>(
                      c, tasks, &Child<tasks_v1::ListProgressReportsRequest>,
                      &TS::ListProgressReports),
                  nullptr});
}

void AddDelegationsKinds(CliContext* c, std::vector<ArchiveKind>* kinds) {
  using DS = delegations_v1::DelegationsService::Stub;
  std::shared_ptr<DS> delegations =
      delegations_v1::DelegationsService::NewStub(c->DelegationsChannel());
  const Lister delegations_history = HistoryOf(c, delegations);
  kinds->push_back(ArchiveKind{
      "delegations", "",
      ListerOf<delegations_v1::ListDelegationsResponse,
               delegations_v1::ListDelegationsRequest>(
          c, delegations, &Top<delegations_v1::ListDelegationsRequest>,
          &DS::ListDelegations),
      delegations_history});
  kinds->push_back(ArchiveKind{
      "decisions", "delegations",
      ListerOf<delegations_v1::ListDecisionsResponse,
               delegations_v1::ListDecisionsRequest>(
          c, delegations, &Child<delegations_v1::ListDecisionsRequest>,
          &DS::ListDecisions),
      nullptr});
  kinds->push_back(ArchiveKind{
      "agreements", "",
      ListerOf<delegations_v1::ListAgreementsResponse,
               delegations_v1::ListAgreementsRequest>(
          c, delegations, &Top<delegations_v1::ListAgreementsRequest>,
          &DS::ListAgreements),
      delegations_history});
}

void AddNotificationsKinds(CliContext* c, std::vector<ArchiveKind>* kinds) {
  using NS = notifications_v1::NotificationsService::Stub;
  std::shared_ptr<NS> notifications =
      notifications_v1::NotificationsService::NewStub(
          c->NotificationsChannel());
  const Lister notifications_history = HistoryOf(c, notifications);
  kinds->push_back(ArchiveKind{
      "subscriptions", "",
      ListerOf<notifications_v1::ListSubscriptionsResponse,
               notifications_v1::ListSubscriptionsRequest>(
          c, notifications, &Top<notifications_v1::ListSubscriptionsRequest>,
          &NS::ListSubscriptions),
      notifications_history});
  kinds->push_back(ArchiveKind{
      "deliveries", "subscriptions",
      ListerOf<notifications_v1::ListDeliveriesResponse,
               notifications_v1::ListDeliveriesRequest>(
          c, notifications, &Child<notifications_v1::ListDeliveriesRequest>,
          &NS::ListDeliveries),
      nullptr});
  kinds->push_back(
      ArchiveKind{"notifications", "agencies",
                  ListerOf<notifications_v1::ListNotificationsResponse,
                           notifications_v1::ListNotificationsRequest>(
                      c, notifications, &Inbox, &NS::ListNotifications),
                  nullptr});
}

}  // namespace

std::vector<ArchiveKind> ArchiveKinds(CliContext* c) {
  std::vector<ArchiveKind> kinds;
  AddRegistryKinds(c, &kinds);
  AddTasksKinds(c, &kinds);
  AddDelegationsKinds(c, &kinds);
  AddNotificationsKinds(c, &kinds);
  return kinds;
}

}  // namespace ngoaivu::cli
