#include "services/tasks/agency_read_model.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/principal.h"
#include "common/write_plan.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"

namespace ngoaivu::tasks {
namespace {

namespace reg = ::ngoaivu::registry::v1;

constexpr char kSeededKey[] = "{tasks}:registry:seeded";

std::string AgencyKey(const std::string& name) {
  return absl::StrCat("{tasks}:registry:agency:", AgencyCodeOfResource(name));
}
std::string GroupKey(const std::string& name) {
  return absl::StrCat("{tasks}:registry:group:",
                      absl::StripPrefix(name, "groups/"));
}

// The agency or group an event's payload carries after the change.
template <typename Payload>
std::optional<Payload> PayloadOf(const events::v1::Event& event) {
  Payload payload;
  if (!event.data().UnpackTo(&payload)) return std::nullopt;
  return payload;
}

template <typename Record>
absl::StatusOr<std::optional<Record>> Load(RedisPool& redis,
                                           const std::string& key,
                                           absl::Time deadline) {
  auto reply = redis.Command({"HGET", key, "pb"}, deadline);
  if (!reply.ok()) return reply.status();
  if ((*reply)->type != REDIS_REPLY_STRING) return std::optional<Record>();
  Record record;
  if (!record.ParseFromString(std::string(ReplyString(reply->get())))) {
    return absl::InternalError(absl::StrCat(key, " does not parse"));
  }
  return std::optional<Record>(std::move(record));
}

}  // namespace

AgencyReadModel::AgencyReadModel(RedisPool* redis, RedisFunctions* functions)
    : redis_(redis), functions_(functions) {}

absl::Status AgencyReadModel::Store(const std::string& key,
                                    const std::string& stream_id,
                                    const google::protobuf::Message& record,
                                    absl::Time deadline) {
  WritePlan plan;
  plan.OnlyIfNewer(key, "sid", stream_id);
  plan.HashSet(key, {{"pb", record.SerializeAsString()}, {"sid", stream_id}});
  return plan.Commit(*functions_, deadline).status();
}

absl::Status AgencyReadModel::Apply(const StreamEvent& entry,
                                    absl::Time deadline) {
  const events::v1::Event& event = entry.event;
  const std::string verb(
      absl::StripPrefix(event.type(), "ngoaivu.registry.v1."));
  std::optional<reg::Agency> agency;
  std::optional<reg::AgencyGroup> group;
  if (verb == "agency.created") {
    if (auto p = PayloadOf<reg::AgencyCreated>(event)) agency = p->agency();
  } else if (verb == "agency.updated") {
    if (auto p = PayloadOf<reg::AgencyUpdated>(event)) agency = p->agency();
  } else if (verb == "agency.dissolved") {
    if (auto p = PayloadOf<reg::AgencyDissolved>(event)) agency = p->agency();
  } else if (verb == "agency.merged") {
    if (auto p = PayloadOf<reg::AgencyMerged>(event)) agency = p->agency();
  } else if (verb == "group.created" || verb == "group.updated") {
    if (auto p = PayloadOf<reg::AgencyGroupChanged>(event)) group = p->group();
  } else if (verb == "group.members_added" || verb == "group.members_removed") {
    if (auto p = PayloadOf<reg::AgencyGroupMembersChanged>(event))
      group = p->group();
  } else {
    return absl::OkStatus();  // officials: not needed here
  }
  if (agency && !agency->name().empty()) {
    return Store(AgencyKey(agency->name()), entry.stream_id, *agency, deadline);
  }
  if (group && !group->name().empty()) {
    return Store(GroupKey(group->name()), entry.stream_id, *group, deadline);
  }
  return absl::InvalidArgumentError(
      absl::StrCat(event.type(), " ", event.id(), " carries no payload"));
}

absl::StatusOr<int> AgencyReadModel::SeedOnce(RegistryDirectory& registry,
                                              absl::Time deadline) {
  auto seeded = redis_->Command({"EXISTS", kSeededKey}, deadline);
  if (!seeded.ok()) return seeded.status();
  if ((*seeded)->integer == 1) return 0;
  // "0-1" sorts before every real stream entry.
  int n = 0;
  if (absl::Status s = registry.ForEachAgency(
          [&](const reg::Agency& a) {
            ++n;
            return Store(AgencyKey(a.name()), "0-1", a, deadline);
          },
          deadline);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = registry.ForEachGroup(
          [&](const reg::AgencyGroup& g) {
            ++n;
            return Store(GroupKey(g.name()), "0-1", g, deadline);
          },
          deadline);
      !s.ok()) {
    return s;
  }
  auto done = redis_->Command({"SET", kSeededKey, "1"}, deadline);
  if (!done.ok()) return done.status();
  return n;
}

absl::StatusOr<std::optional<reg::Agency>> AgencyReadModel::FindAgency(
    const std::string& name, absl::Time deadline) {
  return Load<reg::Agency>(*redis_, AgencyKey(name), deadline);
}

absl::StatusOr<std::optional<reg::AgencyGroup>> AgencyReadModel::FindGroup(
    const std::string& name, absl::Time deadline) {
  return Load<reg::AgencyGroup>(*redis_, GroupKey(name), deadline);
}

ReadModelDirectory::ReadModelDirectory(AgencyReadModel* model,
                                       AgencyDirectory* registry)
    : model_(model), registry_(registry) {}

absl::StatusOr<reg::Agency> ReadModelDirectory::FindAgency(
    const std::string& agency, absl::Time deadline) {
  auto known = model_->FindAgency(agency, deadline);
  if (!known.ok()) return known.status();
  if (!known->has_value()) return registry_->FindAgency(agency, deadline);
  return std::move(**known);
}

absl::StatusOr<std::vector<std::string>> ReadModelDirectory::ActiveMembers(
    const std::string& group, absl::Time deadline) {
  auto known = model_->FindGroup(group, deadline);
  if (!known.ok()) return known.status();
  if (!known->has_value()) return registry_->ActiveMembers(group, deadline);
  std::vector<std::string> active;
  for (const std::string& member : (*known)->members()) {
    absl::Status s = CheckActive(member, deadline);
    if (s.ok()) {
      active.push_back(member);
    } else if (s.code() != absl::StatusCode::kFailedPrecondition &&
               s.code() != absl::StatusCode::kNotFound) {
      return s;
    }
  }
  return active;
}

}  // namespace ngoaivu::tasks
