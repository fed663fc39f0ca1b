#include "services/registry/registry.h"

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "common/history.h"
#include "common/ids.h"
#include "common/text.h"
#include "common/validation.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "services/registry/registry_rules.h"

namespace ngoaivu::registry {
namespace {

absl::Status NotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " does not exist"));
}

std::string AgencyListScope(const v1::ListAgenciesRequest& r) {
  return absl::StrCat("agencies|", r.kind(), "|", r.state(), "|", r.parent(),
                      "|", r.group());
}

}  // namespace

Registry::Registry(RegistryStore* store, const Clock* clock,
                   PageTokens page_tokens, absl::Duration request_ttl)
    : store_(store),
      page_tokens_(std::move(page_tokens)),
      runner_("registry", store, clock, request_ttl) {}

absl::StatusOr<v1::Agency> Registry::Commit(MutationScope& m,
                                            const v1::Agency& next,
                                            const v1::Agency* previous,
                                            const Guards& guards) {
  return m.Answer(store_->SaveAgency(next, previous, guards, m.Build(next)),
                  next);
}

absl::StatusOr<v1::AgencyGroup> Registry::Commit(
    MutationScope& m, const v1::AgencyGroup& next,
    const v1::AgencyGroup* previous, const Guards& guards) {
  return m.Answer(store_->SaveGroup(next, previous, guards, m.Build(next)),
                  next);
}

absl::StatusOr<v1::Official> Registry::Commit(MutationScope& m,
                                              const v1::Official& next,
                                              const v1::Official* previous,
                                              const Guards& guards) {
  return m.Answer(store_->SaveOfficial(next, previous, guards, m.Build(next)),
                  next);
}

absl::StatusOr<v1::Agency> Registry::MustFindAgency(absl::string_view code,
                                                    absl::Time deadline) {
  auto found = store_->FindAgency(code, deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(AgencyName(code));
  return std::move(**found);
}

absl::StatusOr<v1::AgencyGroup> Registry::MustFindGroup(absl::string_view id,
                                                        absl::Time deadline) {
  auto found = store_->FindGroup(id, deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(GroupName(id));
  return std::move(**found);
}

absl::StatusOr<Guards> Registry::ParentGuards(absl::string_view agency_code,
                                              absl::string_view parent_name,
                                              absl::Time deadline) {
  Guards guards;
  if (parent_name.empty()) return guards;
  const std::string parent_code = *AgencyCodeOf(parent_name);
  auto parent = store_->FindAgency(parent_code, deadline);
  if (!parent.ok()) return parent.status();
  if (!parent->has_value()) {
    return absl::NotFoundError(
        absl::StrCat("parent ", parent_name, " does not exist"));
  }
  if ((*parent)->state() != v1::Agency::ACTIVE) {
    return absl::FailedPreconditionError(absl::StrCat(
        "parent ", parent_name, " is ",
        v1::Agency::State_Name((*parent)->state()), "; it must be ACTIVE"));
  }
  guards.active_agencies.push_back(parent_code);
  // Walk up from the new parent: meeting the agency itself means a cycle.
  v1::Agency ancestor = **parent;
  for (int depth = 0; depth < kMaxChain; ++depth) {
    const std::string code = *AgencyCodeOf(ancestor.name());
    if (code == agency_code) {
      return absl::FailedPreconditionError(
          absl::StrCat(parent_name, " is below ", AgencyName(agency_code),
                       "; an agency cannot be its own ancestor"));
    }
    guards.parent_links.emplace_back(code, ancestor.parent());
    if (ancestor.parent().empty()) return guards;
    auto next = store_->FindAgency(*AgencyCodeOf(ancestor.parent()), deadline);
    if (!next.ok()) return next.status();
    if (!next->has_value()) return guards;
    ancestor = std::move(**next);
  }
  return absl::FailedPreconditionError("agency hierarchy is too deep");
}

// --- Agencies ----------------------------------------------------------------

absl::StatusOr<v1::Agency> Registry::GetAgency(
    const CallContext& call, const v1::GetAgencyRequest& request) {
  if (auto s = ValidateGetByName(request.name(), "agency"); !s.ok()) return s;
  auto found =
      store_->LookupAgency(*AgencyCodeOf(request.name()), call.deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(request.name());
  return std::move(**found);
}

absl::StatusOr<v1::ListAgenciesResponse> Registry::ListAgencies(
    const CallContext& call, const v1::ListAgenciesRequest& request) {
  if (auto s = ValidateListAgencies(request); !s.ok()) return s;
  const std::string scope = AgencyListScope(request);
  auto cursor = page_tokens_.Open(request.page_token(), scope);
  if (!cursor.ok()) return cursor.status();
  AgencyFilter filter;
  filter.kind = request.kind();
  filter.state = request.state();
  if (!request.parent().empty())
    filter.parent_code = *AgencyCodeOf(request.parent());
  if (!request.group().empty()) filter.group_id = *GroupIdOf(request.group());
  auto page = store_->ListAgencies(
      filter, *cursor, PageSizeOf(request.page_size()), call.deadline);
  if (!page.ok()) return page.status();
  v1::ListAgenciesResponse response;
  for (auto& a : page->records) *response.add_agencies() = std::move(a);
  response.set_next_page_token(page_tokens_.Issue(page->next_cursor, scope));
  return response;
}

absl::StatusOr<v1::Agency> Registry::CreateAgency(
    const CallContext& call, const v1::CreateAgencyRequest& request) {
  if (auto s = ValidateCreateAgency(request); !s.ok()) return s;
  return runner_.Run<v1::Agency>(
      call, "CreateAgency", request, request.request_id(), false,
      [&](MutationScope& m) -> absl::StatusOr<v1::Agency> {
        // Existence is checked by the write itself (ALREADY_EXISTS).
        auto guards = ParentGuards(request.agency_id(),
                                   request.agency().parent(), call.deadline);
        if (!guards.ok()) return guards.status();
        v1::Agency agency = NewAgency(request, m.now());
        v1::AgencyCreated payload;
        *payload.mutable_agency() = agency;
        m.Emit("agency.created", agency.name(), payload);
        return Commit(m, agency, nullptr, *guards);
      });
}

absl::StatusOr<v1::Agency> Registry::UpdateAgency(
    const CallContext& call, const v1::UpdateAgencyRequest& request) {
  if (auto s = ValidateUpdateAgency(request); !s.ok()) return s;
  return runner_.Run<v1::Agency>(
      call, "UpdateAgency", request, request.request_id(),
      request.agency().etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::Agency> {
        const std::string code = *AgencyCodeOf(request.agency().name());
        auto current = MustFindAgency(code, call.deadline);
        if (!current.ok()) return current.status();
        if (auto s = CheckMutable(*current, request.agency().etag()); !s.ok()) {
          return s;
        }
        v1::Agency next = ApplyAgencyUpdate(*current, request, m.now());
        Guards guards;
        if (next.parent() != current->parent()) {
          auto parent_guards = ParentGuards(code, next.parent(), call.deadline);
          if (!parent_guards.ok()) return parent_guards.status();
          guards = std::move(*parent_guards);
        }
        v1::AgencyUpdated payload;
        *payload.mutable_agency() = next;
        *payload.mutable_update_mask() = request.update_mask();
        m.Emit("agency.updated", next.name(), payload);
        return Commit(m, next, &*current, guards);
      });
}

absl::StatusOr<v1::Agency> Registry::DissolveAgency(
    const CallContext& call, const v1::DissolveAgencyRequest& request) {
  if (auto s = ValidateDissolveAgency(request); !s.ok()) return s;
  return runner_.Run<v1::Agency>(
      call, "DissolveAgency", request, request.request_id(),
      request.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::Agency> {
        auto current =
            MustFindAgency(*AgencyCodeOf(request.name()), call.deadline);
        if (!current.ok()) return current.status();
        if (auto s = CheckMutable(*current, request.etag()); !s.ok()) return s;
        v1::Agency next = Dissolved(*current, request.reason(), m.now());
        v1::AgencyDissolved payload;
        *payload.mutable_agency() = next;
        payload.set_reason(request.reason());
        m.Emit("agency.dissolved", next.name(), payload);
        return Commit(m, next, &*current, Guards{});
      });
}

absl::StatusOr<v1::Agency> Registry::MergeAgency(
    const CallContext& call, const v1::MergeAgencyRequest& request) {
  if (auto s = ValidateMergeAgency(request); !s.ok()) return s;
  return runner_.Run<v1::Agency>(
      call, "MergeAgency", request, request.request_id(),
      request.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::Agency> {
        auto current =
            MustFindAgency(*AgencyCodeOf(request.name()), call.deadline);
        if (!current.ok()) return current.status();
        const std::string successor_code = *AgencyCodeOf(request.successor());
        auto successor = MustFindAgency(successor_code, call.deadline);
        if (!successor.ok()) return successor.status();
        if (auto s = CheckMutable(*current, request.etag()); !s.ok()) return s;
        auto next = Merged(*current, *successor, request.reason(), m.now());
        if (!next.ok()) return next.status();
        v1::AgencyMerged payload;
        *payload.mutable_agency() = *next;
        payload.set_successor(request.successor());
        payload.set_reason(request.reason());
        Guards guards;
        guards.active_agencies.push_back(successor_code);
        m.Emit("agency.merged", next->name(), payload);
        return Commit(m, *next, &*current, guards);
      });
}

absl::StatusOr<v1::ResolveAgencyResponse> Registry::ResolveAgency(
    const CallContext& call, const v1::ResolveAgencyRequest& request) {
  if (auto s = ValidateGetByName(request.name(), "agency"); !s.ok()) return s;
  v1::ResolveAgencyResponse response;
  auto agency = MustFindAgency(*AgencyCodeOf(request.name()), call.deadline);
  if (!agency.ok()) return agency.status();
  std::set<std::string> visited;
  for (int depth = 0; depth < kMaxChain; ++depth) {
    response.add_chain(agency->name());
    if (EndsChain(*agency)) {
      *response.mutable_agency() = std::move(*agency);
      return response;
    }
    if (!visited.insert(agency->name()).second) break;
    auto next =
        MustFindAgency(*AgencyCodeOf(agency->successor()), call.deadline);
    if (!next.ok()) return next.status();
    agency = std::move(next);
  }
  return absl::InternalError(
      absl::StrCat("successor chain of ", request.name(), " does not end"));
}

// --- Groups
// --------------------------------------------------------------------

absl::StatusOr<v1::AgencyGroup> Registry::GetAgencyGroup(
    const CallContext& call, const v1::GetAgencyGroupRequest& request) {
  if (auto s = ValidateGetByName(request.name(), "group"); !s.ok()) return s;
  return MustFindGroup(*GroupIdOf(request.name()), call.deadline);
}

absl::StatusOr<v1::ListAgencyGroupsResponse> Registry::ListAgencyGroups(
    const CallContext& call, const v1::ListAgencyGroupsRequest& request) {
  Violations v;
  const int limit = v.PageSize("page_size", request.page_size());
  if (!v.empty()) return v.ToStatus();
  v1::ListAgencyGroupsResponse response;
  auto next = ServePage(
      page_tokens_, request.page_token(), "groups",
      [&](const std::string& cursor) {
        return store_->ListGroups(cursor, limit, call.deadline);
      },
      [&](v1::AgencyGroup g) { *response.add_groups() = std::move(g); });
  if (!next.ok()) return next.status();
  response.set_next_page_token(*next);
  return response;
}

absl::StatusOr<v1::AgencyGroup> Registry::CreateAgencyGroup(
    const CallContext& call, const v1::CreateAgencyGroupRequest& request) {
  if (auto s = ValidateCreateGroup(request); !s.ok()) return s;
  return runner_.Run<v1::AgencyGroup>(
      call, "CreateAgencyGroup", request, request.request_id(), false,
      [&](MutationScope& m) -> absl::StatusOr<v1::AgencyGroup> {
        v1::AgencyGroup group = NewGroup(request, m.now());
        v1::AgencyGroupChanged payload;
        *payload.mutable_group() = group;
        m.Emit("group.created", group.name(), payload);
        return Commit(m, group, nullptr, Guards{});
      });
}

absl::StatusOr<v1::AgencyGroup> Registry::UpdateAgencyGroup(
    const CallContext& call, const v1::UpdateAgencyGroupRequest& request) {
  if (auto s = ValidateUpdateGroup(request); !s.ok()) return s;
  return runner_.Run<v1::AgencyGroup>(
      call, "UpdateAgencyGroup", request, request.request_id(),
      request.group().etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::AgencyGroup> {
        auto current =
            MustFindGroup(*GroupIdOf(request.group().name()), call.deadline);
        if (!current.ok()) return current.status();
        if (auto s = CheckEtag(current->name(), current->etag(),
                               request.group().etag());
            !s.ok()) {
          return s;
        }
        v1::AgencyGroup next = ApplyGroupUpdate(*current, request, m.now());
        v1::AgencyGroupChanged payload;
        *payload.mutable_group() = next;
        *payload.mutable_update_mask() = request.update_mask();
        m.Emit("group.updated", next.name(), payload);
        return Commit(m, next, &*current, Guards{});
      });
}

absl::StatusOr<v1::AgencyGroup> Registry::FindGroupToChange(
    absl::string_view name, absl::string_view etag, absl::Time deadline) {
  auto current = MustFindGroup(*GroupIdOf(name), deadline);
  if (!current.ok()) return current.status();
  if (auto s = CheckEtag(current->name(), current->etag(), etag); !s.ok()) {
    return s;
  }
  return current;
}

absl::StatusOr<v1::AgencyGroup> Registry::AddAgencyGroupMembers(
    const CallContext& call, const v1::AddAgencyGroupMembersRequest& request) {
  if (auto s = ValidateGroupMembers(request.group(), request.agencies(),
                                    request.request_id());
      !s.ok()) {
    return s;
  }
  return runner_.Run<v1::AgencyGroup>(
      call, "AddAgencyGroupMembers", request, request.request_id(),
      request.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::AgencyGroup> {
        auto current =
            FindGroupToChange(request.group(), request.etag(), call.deadline);
        if (!current.ok()) return current.status();
        std::vector<std::string> added;
        v1::AgencyGroup next =
            WithMembers(*current,
                        std::vector<std::string>(request.agencies().begin(),
                                                 request.agencies().end()),
                        m.now(), &added);
        Guards guards;
        for (const auto& name : added) {
          guards.active_agencies.push_back(*AgencyCodeOf(name));
        }
        v1::AgencyGroupMembersChanged payload;
        *payload.mutable_group() = next;
        for (const auto& a : added) payload.add_agencies(a);
        m.Emit("group.members_added", next.name(), payload);
        return Commit(m, next, &*current, guards);
      });
}

absl::StatusOr<v1::AgencyGroup> Registry::RemoveAgencyGroupMembers(
    const CallContext& call,
    const v1::RemoveAgencyGroupMembersRequest& request) {
  if (auto s = ValidateGroupMembers(request.group(), request.agencies(),
                                    request.request_id());
      !s.ok()) {
    return s;
  }
  return runner_.Run<v1::AgencyGroup>(
      call, "RemoveAgencyGroupMembers", request, request.request_id(),
      request.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::AgencyGroup> {
        auto current =
            FindGroupToChange(request.group(), request.etag(), call.deadline);
        if (!current.ok()) return current.status();
        auto next =
            WithoutMembers(*current,
                           std::vector<std::string>(request.agencies().begin(),
                                                    request.agencies().end()),
                           m.now());
        if (!next.ok()) return next.status();
        v1::AgencyGroupMembersChanged payload;
        *payload.mutable_group() = *next;
        *payload.mutable_agencies() = request.agencies();
        m.Emit("group.members_removed", next->name(), payload);
        return Commit(m, *next, &*current, Guards{});
      });
}

// --- Officials
// -------------------------------------------------------------------

absl::StatusOr<v1::Official> Registry::GetOfficial(
    const CallContext& call, const v1::GetOfficialRequest& request) {
  if (auto s = ValidateGetByName(request.name(), "official"); !s.ok()) return s;
  const OfficialRef ref = *OfficialRefOf(request.name());
  auto found = store_->FindOfficial(ref.agency_code, ref.id, call.deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(request.name());
  return std::move(**found);
}

absl::StatusOr<v1::ListOfficialsResponse> Registry::ListOfficials(
    const CallContext& call, const v1::ListOfficialsRequest& request) {
  if (auto s = ValidateListOfficials(request); !s.ok()) return s;
  const std::string scope = absl::StrCat("officials|", request.parent());
  auto cursor = page_tokens_.Open(request.page_token(), scope);
  if (!cursor.ok()) return cursor.status();
  const std::string code = *AgencyCodeOf(request.parent());
  auto agency = MustFindAgency(code, call.deadline);
  if (!agency.ok()) return agency.status();
  auto page = store_->ListOfficials(
      code, *cursor, PageSizeOf(request.page_size()), call.deadline);
  if (!page.ok()) return page.status();
  v1::ListOfficialsResponse response;
  for (auto& o : page->records) *response.add_officials() = std::move(o);
  response.set_next_page_token(page_tokens_.Issue(page->next_cursor, scope));
  return response;
}

absl::StatusOr<v1::Official> Registry::CreateOfficial(
    const CallContext& call, const v1::CreateOfficialRequest& request) {
  if (auto s = ValidateCreateOfficial(request); !s.ok()) return s;
  return runner_.Run<v1::Official>(
      call, "CreateOfficial", request, request.request_id(), false,
      [&](MutationScope& m) -> absl::StatusOr<v1::Official> {
        const std::string code = *AgencyCodeOf(request.parent());
        auto agency = MustFindAgency(code, call.deadline);
        if (!agency.ok()) return agency.status();
        if (agency->state() != v1::Agency::ACTIVE) {
          return absl::FailedPreconditionError(absl::StrCat(
              request.parent(), " is ", v1::Agency::State_Name(agency->state()),
              "; officials are added to ACTIVE agencies"));
        }
        if (!request.different_person()) {
          auto same = SameNamedOfficial(code, request.official().full_name(),
                                        call.deadline);
          if (!same.ok()) return same.status();
          if (same->has_value()) {
            return absl::AlreadyExistsError(absl::StrCat(
                request.parent(), " already has ", (*same)->full_name(), ", ",
                (*same)->position(), " (", (*same)->name(),
                "): the same person is recorded once; if this is another "
                "person of the same name, say so (different_person)"));
          }
        }
        const std::string id = request.official_id().empty()
                                   ? absl::StrCat("o", RandomHex(11))
                                   : request.official_id();
        v1::Official official = NewOfficial(request, id, m.now());
        v1::OfficialChanged payload;
        *payload.mutable_official() = official;
        Guards guards;
        guards.active_agencies.push_back(code);
        m.Emit("official.created", official.name(), payload);
        return Commit(m, official, nullptr, guards);
      });
}

absl::StatusOr<std::optional<v1::Official>> Registry::SameNamedOfficial(
    absl::string_view agency_code, absl::string_view full_name,
    absl::Time deadline) {
  // An agency has tens of officials: its own list, never all of them.
  const std::string key = NameKey(full_name);
  std::string cursor;
  do {
    auto page = store_->ListOfficials(agency_code, cursor, 500, deadline);
    if (!page.ok()) return page.status();
    for (v1::Official& o : page->records) {
      if (NameKey(o.full_name()) == key) return std::move(o);
    }
    cursor = page->next_cursor;
  } while (!cursor.empty());
  return std::nullopt;
}

absl::StatusOr<v1::Official> Registry::UpdateOfficial(
    const CallContext& call, const v1::UpdateOfficialRequest& request) {
  if (auto s = ValidateUpdateOfficial(request); !s.ok()) return s;
  return runner_.Run<v1::Official>(
      call, "UpdateOfficial", request, request.request_id(),
      request.official().etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<v1::Official> {
        const OfficialRef ref = *OfficialRefOf(request.official().name());
        auto found =
            store_->FindOfficial(ref.agency_code, ref.id, call.deadline);
        if (!found.ok()) return found.status();
        if (!found->has_value()) return NotFound(request.official().name());
        const v1::Official& current = **found;
        if (auto s = CheckEtag(current.name(), current.etag(),
                               request.official().etag());
            !s.ok()) {
          return s;
        }
        v1::Official next = ApplyOfficialUpdate(current, request, m.now());
        v1::OfficialChanged payload;
        *payload.mutable_official() = next;
        *payload.mutable_update_mask() = request.update_mask();
        m.Emit("official.updated", next.name(), payload);
        return Commit(m, next, &current, Guards{});
      });
}

// --- History
// -------------------------------------------------------------------

absl::StatusOr<events::v1::ListHistoryResponse> Registry::ListHistory(
    const CallContext& call, const events::v1::ListHistoryRequest& request) {
  Violations v;
  const int limit = v.PageSize("page_size", request.page_size());
  const bool is_agency = AgencyCodeOf(request.name()).has_value();
  const bool is_group = GroupIdOf(request.name()).has_value();
  const bool is_official = OfficialRefOf(request.name()).has_value();
  if (request.name().empty()) {
    v.Add("name", "required");
  } else if (!is_agency && !is_group && !is_official) {
    v.Add("name", "not the name of an agency, group or official");
  }
  if (!v.empty()) return v.ToStatus();
  return HistoryPage(
      page_tokens_, request, limit,
      [&](int64_t offset, int n) {
        return store_->ListHistory(request.name(), offset, n, call.deadline);
      },
      [&]() -> absl::Status {
        if (is_agency) {
          return MustFindAgency(*AgencyCodeOf(request.name()), call.deadline)
              .status();
        }
        if (is_group) {
          return MustFindGroup(*GroupIdOf(request.name()), call.deadline)
              .status();
        }
        const OfficialRef ref = *OfficialRefOf(request.name());
        auto found =
            store_->FindOfficial(ref.agency_code, ref.id, call.deadline);
        if (!found.ok()) return found.status();
        return found->has_value() ? absl::OkStatus() : NotFound(request.name());
      });
}

}  // namespace ngoaivu::registry
