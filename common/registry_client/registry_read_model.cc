#include "common/registry_client/registry_read_model.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/dates.h"
#include "common/registry_names.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"

namespace ngoaivu {
namespace {

namespace reg = ::ngoaivu::registry::v1;

// What the seeded mark says once agencies, groups and officials are in.
constexpr char kSeededEverything[] = "2";
// "0-1" sorts before every real stream entry.
constexpr char kSeedEntry[] = "0-1";

template <typename Payload>
std::optional<Payload> PayloadOf(const events::v1::Event& event) {
  Payload payload;
  if (!event.data().UnpackTo(&payload)) return std::nullopt;
  return payload;
}

// The record an event's payload carries after the change.
struct Carried {
  std::optional<reg::Agency> agency;
  std::optional<reg::AgencyGroup> group;
  std::optional<reg::Official> official;
  bool known = true;  // false: an event type the model has no use for
};

Carried CarriedBy(const events::v1::Event& event) {
  const absl::string_view verb =
      absl::StripPrefix(event.type(), "ngoaivu.registry.v1.");
  Carried c;
  if (verb == "agency.created") {
    if (auto p = PayloadOf<reg::AgencyCreated>(event)) c.agency = p->agency();
  } else if (verb == "agency.updated") {
    if (auto p = PayloadOf<reg::AgencyUpdated>(event)) c.agency = p->agency();
  } else if (verb == "agency.dissolved") {
    if (auto p = PayloadOf<reg::AgencyDissolved>(event)) c.agency = p->agency();
  } else if (verb == "agency.merged") {
    if (auto p = PayloadOf<reg::AgencyMerged>(event)) c.agency = p->agency();
  } else if (verb == "group.created" || verb == "group.updated") {
    if (auto p = PayloadOf<reg::AgencyGroupChanged>(event))
      c.group = p->group();
  } else if (verb == "group.members_added" || verb == "group.members_removed") {
    if (auto p = PayloadOf<reg::AgencyGroupMembersChanged>(event))
      c.group = p->group();
  } else if (verb == "official.created" || verb == "official.updated") {
    if (auto p = PayloadOf<reg::OfficialChanged>(event))
      c.official = p->official();
  } else {
    c.known = false;
  }
  return c;
}

}  // namespace

RegistryReadModel::RegistryReadModel(RedisPool* redis,
                                     RedisFunctions* functions,
                                     absl::string_view service,
                                     TrackedCache* cache)
    : kit_(redis, functions, service, 0), cache_(cache) {}

std::string RegistryReadModel::CachePrefix(absl::string_view service) {
  return absl::StrCat("{", service, "}:registry:");
}

std::string RegistryReadModel::AgencyKey(const std::string& name) const {
  return kit_.Key(absl::StrCat("registry:agency:", AgencyCodeOfResource(name)));
}
std::string RegistryReadModel::GroupKey(const std::string& name) const {
  return kit_.Key(
      absl::StrCat("registry:group:", absl::StripPrefix(name, "groups/")));
}
std::string RegistryReadModel::OfficialKey(const std::string& name) const {
  const auto ref = OfficialRefOf(name);
  return kit_.Key(
      absl::StrCat("registry:official:", ref ? ref->agency_code : "", "/",
                   ref ? ref->id : ""));
}

absl::Status RegistryReadModel::Store(const std::string& key,
                                      const std::string& stream_id,
                                      const google::protobuf::Message& record,
                                      absl::Time deadline) {
  WritePlan plan;
  plan.OnlyIfNewer(key, "sid", stream_id);
  plan.HashSet(key, {{"pb", record.SerializeAsString()}, {"sid", stream_id}});
  absl::Status s = plan.Commit(kit_.functions(), deadline).status();
  // This process sees its own change at once, before Redis announces it.
  if (cache_ != nullptr) cache_->Invalidate(key);
  return s;
}

absl::Status RegistryReadModel::Apply(const StreamEvent& entry,
                                      absl::Time deadline) {
  const events::v1::Event& event = entry.event;
  const Carried c = CarriedBy(event);
  if (!c.known) return absl::OkStatus();
  if (c.agency && !c.agency->name().empty()) {
    return Store(AgencyKey(c.agency->name()), entry.stream_id, *c.agency,
                 deadline);
  }
  if (c.group && !c.group->name().empty()) {
    if (absl::Status s = RecordJoins(entry, deadline); !s.ok()) return s;
    return Store(GroupKey(c.group->name()), entry.stream_id, *c.group,
                 deadline);
  }
  if (c.official && OfficialRefOf(c.official->name())) {
    return Store(OfficialKey(c.official->name()), entry.stream_id, *c.official,
                 deadline);
  }
  return absl::InvalidArgumentError(
      absl::StrCat(event.type(), " ", event.id(), " carries no payload"));
}

absl::StatusOr<int> RegistryReadModel::SeedOnce(RegistryDirectory& registry,
                                                absl::Time deadline) {
  const std::string seeded_key = kit_.Key("registry:seeded");
  auto seeded = kit_.redis().Command({"GET", seeded_key}, deadline);
  if (!seeded.ok()) return seeded.status();
  if ((*seeded)->type == REDIS_REPLY_STRING &&
      ReplyString(seeded->get()) == kSeededEverything) {
    return 0;
  }
  int n = 0;
  std::vector<std::string> agencies;
  if (absl::Status s = registry.ForEachAgency(
          [&](const reg::Agency& a) {
            ++n;
            agencies.push_back(a.name());
            return Store(AgencyKey(a.name()), kSeedEntry, a, deadline);
          },
          deadline);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = registry.ForEachGroup(
          [&](const reg::AgencyGroup& g) {
            ++n;
            return Store(GroupKey(g.name()), kSeedEntry, g, deadline);
          },
          deadline);
      !s.ok()) {
    return s;
  }
  for (const std::string& agency : agencies) {
    if (absl::Status s = registry.ForEachOfficial(
            agency,
            [&](const reg::Official& o) {
              ++n;
              return Store(OfficialKey(o.name()), kSeedEntry, o, deadline);
            },
            deadline);
        !s.ok()) {
      return s;
    }
  }
  auto done =
      kit_.redis().Command({"SET", seeded_key, kSeededEverything}, deadline);
  if (!done.ok()) return done.status();
  return n;
}

absl::Status RegistryReadModel::RecordJoins(const StreamEvent& entry,
                                            absl::Time deadline) {
  const events::v1::Event& event = entry.event;
  if (event.type() != "ngoaivu.registry.v1.group.members_added") {
    return absl::OkStatus();
  }
  const auto added = PayloadOf<reg::AgencyGroupMembersChanged>(event);
  if (!added) return absl::OkStatus();
  const std::string key = kit_.Key(
      absl::StrCat("registry:group-joined:",
                   absl::StripPrefix(added->group().name(), "groups/")));
  for (const std::string& agency : added->agencies()) {
    // Per member, the latest join wins whatever order entries are handled
    // in (a member removed and added again joined when it came back).
    const std::string sid_field = absl::StrCat(agency, "|sid");
    WritePlan plan;
    plan.OnlyIfNewer(key, sid_field, entry.stream_id);
    // In microseconds, as exact as the activation time it is compared
    // with: a member added in the same second as an activation, after it,
    // joined later.
    plan.HashSet(key, {{agency, absl::StrCat(absl::ToUnixMicros(
                                    FromTimestamp(event.time())))},
                       {sid_field, entry.stream_id}});
    if (auto s = plan.Commit(kit_.functions(), deadline).status(); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<absl::Time>> RegistryReadModel::JoinedGroupAt(
    const std::string& group, const std::string& agency, absl::Time deadline) {
  const std::string key = kit_.Key(absl::StrCat(
      "registry:group-joined:", absl::StripPrefix(group, "groups/")));
  auto reply = kit_.redis().Command({"HGET", key, agency}, deadline);
  if (!reply.ok()) return reply.status();
  int64_t when = 0;
  if ((*reply)->type != REDIS_REPLY_STRING ||
      !absl::SimpleAtoi(ReplyString(reply->get()), &when)) {
    return std::optional<absl::Time>();
  }
  // Joins recorded before microseconds were kept are whole seconds.
  constexpr int64_t kSecondsBefore = int64_t{100'000'000'000};
  return std::optional<absl::Time>(when < kSecondsBefore
                                       ? absl::FromUnixSeconds(when)
                                       : absl::FromUnixMicros(when));
}

absl::StatusOr<std::optional<reg::Agency>> RegistryReadModel::FindAgency(
    const std::string& name, absl::Time deadline) {
  return kit_.Load<reg::Agency>(AgencyKey(name), deadline, cache_);
}

absl::StatusOr<std::optional<reg::AgencyGroup>> RegistryReadModel::FindGroup(
    const std::string& name, absl::Time deadline) {
  return kit_.Load<reg::AgencyGroup>(GroupKey(name), deadline, cache_);
}

absl::StatusOr<std::optional<reg::Official>> RegistryReadModel::FindOfficial(
    const std::string& name, absl::Time deadline) {
  return kit_.Load<reg::Official>(OfficialKey(name), deadline, cache_);
}

ReadModelDirectory::ReadModelDirectory(RegistryReadModel* model,
                                       AgencyDirectory* registry)
    : model_(model), registry_(registry) {}

absl::StatusOr<reg::Agency> ReadModelDirectory::FindAgency(
    const std::string& agency, absl::Time deadline) {
  auto known = model_->FindAgency(agency, deadline);
  if (!known.ok()) return known.status();
  if (!known->has_value()) return registry_->FindAgency(agency, deadline);
  return std::move(**known);
}

absl::StatusOr<reg::Official> ReadModelDirectory::FindOfficial(
    const std::string& official, absl::Time deadline) {
  auto known = model_->FindOfficial(official, deadline);
  if (!known.ok()) return known.status();
  if (!known->has_value()) return registry_->FindOfficial(official, deadline);
  return std::move(**known);
}

absl::StatusOr<std::optional<absl::Time>> ReadModelDirectory::JoinedGroupAt(
    const std::string& group, const std::string& agency, absl::Time deadline) {
  return model_->JoinedGroupAt(group, agency, deadline);
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

}  // namespace ngoaivu
