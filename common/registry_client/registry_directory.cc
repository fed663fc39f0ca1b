#include "common/registry_client/registry_directory.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/outgoing_call.h"

namespace ngoaivu {
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

// Calls `list(context, request, page)` page by page, visiting each page.
template <typename Request, typename Response, typename List, typename Visit>
absl::Status ForEachPage(Request request, const std::string& what,
                         const std::string& token, absl::Time deadline,
                         List list, Visit visit) {
  request.set_page_size(1000);
  do {
    Response page;
    auto call = OutgoingCall(deadline - absl::Now(), token);
    if (absl::Status s = FromGrpc(list(call.get(), request, &page), what);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = visit(page); !s.ok()) return s;
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return absl::OkStatus();
}

}  // namespace

RegistryDirectory::RegistryDirectory(std::shared_ptr<grpc::Channel> registry,
                                     std::string service_token)
    : stub_(reg::RegistryService::NewStub(std::move(registry))),
      token_(std::move(service_token)) {}

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

absl::StatusOr<reg::Official> RegistryDirectory::FindOfficial(
    const std::string& official, absl::Time deadline) {
  reg::GetOfficialRequest request;
  request.set_name(official);
  reg::Official found;
  auto call = OutgoingCall(deadline - absl::Now(), token_);
  if (absl::Status s =
          FromGrpc(stub_->GetOfficial(call.get(), request, &found), official);
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
  std::vector<std::string> members;
  if (absl::Status s =
          ForEachPage<reg::ListAgenciesRequest, reg::ListAgenciesResponse>(
              request, group, token_, deadline,
              [&](auto* context, const auto& r, auto* page) {
                return stub_->ListAgencies(context, r, page);
              },
              [&](const reg::ListAgenciesResponse& page) {
                for (const auto& a : page.agencies())
                  members.push_back(a.name());
                return absl::OkStatus();
              });
      !s.ok()) {
    return s;
  }
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
  return ForEachPage<reg::ListAgenciesRequest, reg::ListAgenciesResponse>(
      reg::ListAgenciesRequest(), "agencies", token_, deadline,
      [&](auto* context, const auto& r, auto* page) {
        return stub_->ListAgencies(context, r, page);
      },
      [&](const reg::ListAgenciesResponse& page) {
        for (const auto& a : page.agencies()) {
          if (absl::Status s = visit(a); !s.ok()) return s;
        }
        return absl::OkStatus();
      });
}

absl::Status RegistryDirectory::ForEachGroup(
    const std::function<absl::Status(const reg::AgencyGroup&)>& visit,
    absl::Time deadline) {
  return ForEachPage<reg::ListAgencyGroupsRequest,
                     reg::ListAgencyGroupsResponse>(
      reg::ListAgencyGroupsRequest(), "groups", token_, deadline,
      [&](auto* context, const auto& r, auto* page) {
        return stub_->ListAgencyGroups(context, r, page);
      },
      [&](const reg::ListAgencyGroupsResponse& page) {
        for (const auto& g : page.groups()) {
          if (absl::Status s = visit(g); !s.ok()) return s;
        }
        return absl::OkStatus();
      });
}

absl::Status RegistryDirectory::ForEachOfficial(
    const std::string& agency,
    const std::function<absl::Status(const reg::Official&)>& visit,
    absl::Time deadline) {
  reg::ListOfficialsRequest request;
  request.set_parent(agency);
  return ForEachPage<reg::ListOfficialsRequest, reg::ListOfficialsResponse>(
      request, agency, token_, deadline,
      [&](auto* context, const auto& r, auto* page) {
        return stub_->ListOfficials(context, r, page);
      },
      [&](const reg::ListOfficialsResponse& page) {
        for (const auto& o : page.officials()) {
          if (absl::Status s = visit(o); !s.ok()) return s;
        }
        return absl::OkStatus();
      });
}

}  // namespace ngoaivu
