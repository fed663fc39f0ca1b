#include "services/registry/redis_registry_store.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/registry_names.h"

namespace ngoaivu::registry {
namespace {

constexpr char kAgencyPrefix[] = "{registry}:agency:";
constexpr char kAgencies[] = "{registry}:agencies";
constexpr char kGroupPrefix[] = "{registry}:group:";
constexpr char kGroups[] = "{registry}:groups";
constexpr char kOfficialPrefix[] = "{registry}:official:";

std::string AgencyKey(absl::string_view code) {
  return absl::StrCat(kAgencyPrefix, code);
}
std::string KindIndex(int kind) {
  return absl::StrCat(kAgencies, ":kind:", kind);
}
std::string StateIndex(int state) {
  return absl::StrCat(kAgencies, ":state:", state);
}
std::string ParentIndex(absl::string_view parent_code) {
  return absl::StrCat(kAgencies, ":parent:", parent_code);
}
std::string GroupKey(absl::string_view id) {
  return absl::StrCat(kGroupPrefix, id);
}
std::string MembersIndex(absl::string_view id) {
  return absl::StrCat(kGroupPrefix, id, ":members");
}
std::string OfficialsIndex(absl::string_view code) {
  return absl::StrCat(kAgencyPrefix, code, ":officials");
}
std::string OfficialPrefix(absl::string_view code) {
  return absl::StrCat(kOfficialPrefix, code, "/");
}
std::string ParentCode(const v1::Agency& a) {
  return a.parent().empty() ? "" : AgencyCodeOf(a.parent()).value_or("");
}

}  // namespace

std::vector<std::string> CachePrefixes() { return {kAgencyPrefix, kAgencies}; }

bool AgencyListIsTracked(const v1::ListAgenciesRequest& request) {
  return request.group().empty();
}

RedisRegistryStore::RedisRegistryStore(RedisPool* redis,
                                       RedisFunctions* functions,
                                       int64_t events_max_length,
                                       TrackedCache* cache)
    : kit_(redis, functions, "registry", events_max_length), cache_(cache) {}

absl::StatusOr<std::optional<std::string>> RedisRegistryStore::FindResponse(
    const RequestRecord& request, absl::Time deadline) {
  return kit_.FindResponse(request, deadline);
}

void RedisRegistryStore::AddGuards(const Guards& guards,
                                   WritePlan& plan) const {
  for (const std::string& code : guards.active_agencies) {
    plan.RequireExists(AgencyKey(code), "NOT_FOUND",
                       absl::StrCat(AgencyName(code), " does not exist"));
    plan.RequireField(AgencyKey(code), "state",
                      absl::StrCat(v1::Agency::ACTIVE), "FAILED_PRECONDITION",
                      absl::StrCat(AgencyName(code), " is not ACTIVE"));
  }
  for (const auto& [code, parent] : guards.parent_links) {
    plan.RequireField(AgencyKey(code), "parent", parent, "ABORTED",
                      absl::StrCat("the parents of ", AgencyName(code),
                                   " changed concurrently"));
  }
}

template <typename Record>
WritePlan RedisRegistryStore::PlanSave(const std::string& key,
                                       const Record& next,
                                       const Record* previous,
                                       const Guards& guards,
                                       const Mutation& mutation) const {
  WritePlan plan = kit_.Plan(mutation);
  RedisStoreKit::GuardEtagOrAbsent(plan, key, next.name(),
                                   previous ? &previous->etag() : nullptr);
  AddGuards(guards, plan);
  return plan;
}

absl::StatusOr<std::optional<v1::Agency>> RedisRegistryStore::FindAgency(
    absl::string_view code, absl::Time deadline) {
  return kit_.Load<v1::Agency>(AgencyKey(code), deadline);
}

absl::StatusOr<std::optional<v1::Agency>> RedisRegistryStore::LookupAgency(
    absl::string_view code, absl::Time deadline) {
  return kit_.Load<v1::Agency>(AgencyKey(code), deadline, cache_);
}

absl::StatusOr<Page<v1::Agency>> RedisRegistryStore::ListAgencies(
    const AgencyFilter& filter, absl::string_view cursor, int limit,
    absl::Time deadline) {
  PageQuery query;
  query.record_prefix = kAgencyPrefix;
  query.after = std::string(cursor);
  query.limit = limit;
  // Walk the narrowest index; the other filters are checked per record.
  const std::string kind = absl::StrCat(filter.kind);
  const std::string state = absl::StrCat(filter.state);
  const bool by_kind = filter.kind != v1::Agency::KIND_UNSPECIFIED;
  const bool by_state = filter.state != v1::Agency::STATE_UNSPECIFIED;
  if (!filter.group_id.empty()) {
    query.index_key = MembersIndex(filter.group_id);
    if (!filter.parent_code.empty()) {
      query.filters.emplace_back("parent", AgencyName(filter.parent_code));
    }
    if (by_kind) query.filters.emplace_back("kind", kind);
    if (by_state) query.filters.emplace_back("state", state);
  } else if (!filter.parent_code.empty()) {
    query.index_key = ParentIndex(filter.parent_code);
    if (by_kind) query.filters.emplace_back("kind", kind);
    if (by_state) query.filters.emplace_back("state", state);
  } else if (by_kind) {
    query.index_key = KindIndex(filter.kind);
    if (by_state) query.filters.emplace_back("state", state);
  } else if (by_state) {
    query.index_key = StateIndex(filter.state);
  } else {
    query.index_key = kAgencies;
  }
  // Agencies are few (a province's); their indexes are tracked whole.
  query.cache_whole_index = absl::StartsWith(query.index_key, kAgencies);
  return kit_.Page<v1::Agency>(query, deadline, cache_);
}

absl::StatusOr<WriteOutcome> RedisRegistryStore::SaveAgency(
    const v1::Agency& next, const v1::Agency* previous, const Guards& guards,
    const Mutation& mutation) {
  const std::string code = *AgencyCodeOf(next.name());
  const std::string key = AgencyKey(code);
  WritePlan plan = PlanSave(key, next, previous, guards, mutation);
  RedisStoreKit::PutRecord(plan, key, next, next.etag(),
                           {{"state", absl::StrCat(next.state())},
                            {"kind", absl::StrCat(next.kind())},
                            {"parent", next.parent()}});
  plan.IndexAdd(kAgencies, code);
  // Move the record between indexes where its indexed fields changed.
  if (previous == nullptr || previous->kind() != next.kind()) {
    if (previous) plan.IndexRemove(KindIndex(previous->kind()), code);
    plan.IndexAdd(KindIndex(next.kind()), code);
  }
  if (previous == nullptr || previous->state() != next.state()) {
    if (previous) plan.IndexRemove(StateIndex(previous->state()), code);
    plan.IndexAdd(StateIndex(next.state()), code);
  }
  const std::string old_parent = previous ? ParentCode(*previous) : "";
  const std::string new_parent = ParentCode(next);
  if (previous == nullptr || old_parent != new_parent) {
    if (!old_parent.empty()) plan.IndexRemove(ParentIndex(old_parent), code);
    if (!new_parent.empty()) plan.IndexAdd(ParentIndex(new_parent), code);
  }
  auto outcome = kit_.Commit(plan, mutation);
  // Read-your-writes here at once (the record and the indexes it moved
  // between); other replicas hear Redis's announcement.
  if (cache_ != nullptr && outcome.ok()) {
    for (const std::string& written : plan.keys()) cache_->Invalidate(written);
  }
  return outcome;
}

absl::StatusOr<std::optional<v1::AgencyGroup>> RedisRegistryStore::FindGroup(
    absl::string_view id, absl::Time deadline) {
  return kit_.Load<v1::AgencyGroup>(GroupKey(id), deadline);
}

absl::StatusOr<Page<v1::AgencyGroup>> RedisRegistryStore::ListGroups(
    absl::string_view cursor, int limit, absl::Time deadline) {
  PageQuery query;
  query.index_key = kGroups;
  query.record_prefix = kGroupPrefix;
  query.after = std::string(cursor);
  query.limit = limit;
  return kit_.Page<v1::AgencyGroup>(query, deadline);
}

absl::StatusOr<WriteOutcome> RedisRegistryStore::SaveGroup(
    const v1::AgencyGroup& next, const v1::AgencyGroup* previous,
    const Guards& guards, const Mutation& mutation) {
  const std::string id = *GroupIdOf(next.name());
  const std::string key = GroupKey(id);
  WritePlan plan = PlanSave(key, next, previous, guards, mutation);
  RedisStoreKit::PutRecord(plan, key, next, next.etag());
  plan.IndexAdd(kGroups, id);
  std::set<std::string> before;
  if (previous)
    before.insert(previous->members().begin(), previous->members().end());
  std::set<std::string> after(next.members().begin(), next.members().end());
  for (const std::string& m : after) {
    if (before.count(m) == 0) plan.IndexAdd(MembersIndex(id), *AgencyCodeOf(m));
  }
  for (const std::string& m : before) {
    if (after.count(m) == 0)
      plan.IndexRemove(MembersIndex(id), *AgencyCodeOf(m));
  }
  return kit_.Commit(plan, mutation);
}

absl::StatusOr<std::optional<v1::Official>> RedisRegistryStore::FindOfficial(
    absl::string_view agency_code, absl::string_view id, absl::Time deadline) {
  return kit_.Load<v1::Official>(absl::StrCat(OfficialPrefix(agency_code), id),
                                 deadline);
}

absl::StatusOr<Page<v1::Official>> RedisRegistryStore::ListOfficials(
    absl::string_view agency_code, absl::string_view cursor, int limit,
    absl::Time deadline) {
  PageQuery query;
  query.index_key = OfficialsIndex(agency_code);
  query.record_prefix = OfficialPrefix(agency_code);
  query.after = std::string(cursor);
  query.limit = limit;
  return kit_.Page<v1::Official>(query, deadline);
}

absl::StatusOr<WriteOutcome> RedisRegistryStore::SaveOfficial(
    const v1::Official& next, const v1::Official* previous,
    const Guards& guards, const Mutation& mutation) {
  const OfficialRef ref = *OfficialRefOf(next.name());
  const std::string key = absl::StrCat(OfficialPrefix(ref.agency_code), ref.id);
  WritePlan plan = PlanSave(key, next, previous, guards, mutation);
  RedisStoreKit::PutRecord(plan, key, next, next.etag(),
                           {{"state", absl::StrCat(next.state())}});
  plan.IndexAdd(OfficialsIndex(ref.agency_code), ref.id);
  return kit_.Commit(plan, mutation);
}

absl::StatusOr<Page<events::v1::Event>> RedisRegistryStore::ListHistory(
    absl::string_view subject, int64_t offset, int limit, absl::Time deadline) {
  return kit_.ListHistory(subject, offset, limit, deadline);
}

}  // namespace ngoaivu::registry
