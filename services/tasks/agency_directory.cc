#include "services/tasks/agency_directory.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/outgoing_call.h"

namespace ngoaivu::tasks {
namespace {

namespace reg = ::ngoaivu::registry::v1;

absl::Status FromGrpc(const grpc::Status& status, const std::string& what) {
  if (status.ok()) return absl::OkStatus();
  if (status.error_code() == grpc::NOT_FOUND) {
    return absl::NotFoundError(absl::StrCat(what, " is not in the registry"));
  }
  return absl::UnavailableError(
      absl::StrCat("registry: ", status.error_message()));
}

}  // namespace

absl::Status RequireActive(const reg::Agency& agency) {
  if (agency.state() == reg::Agency::ACTIVE) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      agency.name(), " is ", reg::Agency::State_Name(agency.state()),
      agency.successor().empty()
          ? ""
          : absl::StrCat(" (now ", agency.successor(), ")"),
      "; duties go to ACTIVE agencies"));
}

RegistryDirectory::RegistryDirectory(std::shared_ptr<grpc::Channel> registry,
                                     std::string service_token)
    : stub_(reg::RegistryService::NewStub(std::move(registry))),
      token_(std::move(service_token)) {}

absl::Status AgencyDirectory::CheckActive(const std::string& agency,
                                          absl::Time deadline) {
  auto found = FindAgency(agency, deadline);
  if (!found.ok()) return found.status();
  return RequireActive(*found);
}

absl::StatusOr<reg::Agency> RegistryDirectory::FindAgency(
    const std::string& agency, absl::Time deadline) {
  reg::GetAgencyRequest request;
  request.set_name(agency);
  reg::Agency found;
  auto call = OutgoingCall(deadline - absl::Now(), token_);
  if (absl::Status s =
          FromGrpc(stub_->GetAgency(call.get(), request, &found), agency);
      !s.ok()) {
    return s;
  }
  return found;
}

absl::StatusOr<std::vector<std::string>> RegistryDirectory::ActiveMembers(
    const std::string& group, absl::Time deadline) {
  reg::ListAgenciesRequest request;
  request.set_group(group);
  request.set_state(reg::Agency::ACTIVE);
  request.set_page_size(1000);
  std::vector<std::string> members;
  do {
    reg::ListAgenciesResponse page;
    auto call = OutgoingCall(deadline - absl::Now(), token_);
    if (absl::Status s =
            FromGrpc(stub_->ListAgencies(call.get(), request, &page), group);
        !s.ok()) {
      return s;
    }
    for (const auto& a : page.agencies()) members.push_back(a.name());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  // An unknown group lists nothing: tell it apart from an empty one.
  if (members.empty()) {
    reg::GetAgencyGroupRequest get;
    get.set_name(group);
    reg::AgencyGroup found;
    auto call = OutgoingCall(deadline - absl::Now(), token_);
    if (absl::Status s =
            FromGrpc(stub_->GetAgencyGroup(call.get(), get, &found), group);
        !s.ok()) {
      return s;
    }
  }
  return members;
}

absl::Status RegistryDirectory::ForEachAgency(
    const std::function<absl::Status(const reg::Agency&)>& visit,
    absl::Time deadline) {
  reg::ListAgenciesRequest request;
  request.set_page_size(1000);
  do {
    reg::ListAgenciesResponse page;
    auto call = OutgoingCall(deadline - absl::Now(), token_);
    if (absl::Status s = FromGrpc(
            stub_->ListAgencies(call.get(), request, &page), "agencies");
        !s.ok()) {
      return s;
    }
    for (const auto& a : page.agencies()) {
      if (absl::Status s = visit(a); !s.ok()) return s;
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return absl::OkStatus();
}

absl::Status RegistryDirectory::ForEachGroup(
    const std::function<absl::Status(const reg::AgencyGroup&)>& visit,
    absl::Time deadline) {
  reg::ListAgencyGroupsRequest request;
  request.set_page_size(1000);
  do {
    reg::ListAgencyGroupsResponse page;
    auto call = OutgoingCall(deadline - absl::Now(), token_);
    if (absl::Status s = FromGrpc(
            stub_->ListAgencyGroups(call.get(), request, &page), "groups");
        !s.ok()) {
      return s;
    }
    for (const auto& g : page.groups()) {
      if (absl::Status s = visit(g); !s.ok()) return s;
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return absl::OkStatus();
}

}  // namespace ngoaivu::tasks
