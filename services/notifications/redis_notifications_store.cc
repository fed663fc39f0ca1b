#include "services/notifications/redis_notifications_store.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace ngoaivu::notifications {
namespace {

using v1::Notification;

constexpr char kPrefix[] = "{notifications}:notification:";
constexpr char kUnread[] = "{notifications}:unread";
constexpr char kDelivered[] = "{notifications}:delivered";
constexpr char kUnrouted[] = "{notifications}:unrouted";
constexpr char kNames[] = "{notifications}:names";
// Where duty titles were kept before every name was: still read.
constexpr char kDutyTitles[] = "{notifications}:duty-titles";
constexpr char kEvents[] = "{notifications}:events";
constexpr char kExplanations[] = "{notifications}:explanations";

// "agencies/SCT/notifications/x" -> "SCT/x".
std::string PathOf(absl::string_view name) {
  absl::ConsumePrefix(&name, "agencies/");
  const size_t slash = name.find('/');
  if (slash == absl::string_view::npos) return std::string(name);
  return absl::StrCat(name.substr(0, slash), "/",
                      name.substr(name.rfind('/') + 1));
}

std::string CodeOf(absl::string_view agency) {
  absl::ConsumePrefix(&agency, "agencies/");
  return std::string(agency);
}

// An inbox's ids: every one (view ""), those not archived ("active") or
// those unread ("unread", a subset of active: archiving marks read), so a
// page of the usual views reads no record it does not show.
std::string InboxKey(absl::string_view agency, absl::string_view view = "") {
  return view.empty() ? absl::StrCat("{notifications}:inbox:", CodeOf(agency))
                      : absl::StrCat("{notifications}:inbox-", view, ":",
                                     CodeOf(agency));
}

std::string IdOf(const Notification& n) {
  return n.name().substr(n.name().rfind('/') + 1);
}

RecordFields FieldsOf(const Notification& n) {
  return {{"read", n.read() ? "1" : "0"},
          {"archived", n.archived() ? "1" : "0"},
          {"severity", absl::StrCat(n.severity())}};
}

std::string AgencyOf(const std::string& name) {
  return name.substr(0, name.find("/notifications/"));
}

}  // namespace

RedisNotificationsStore::RedisNotificationsStore(RedisPool* redis,
                                                 RedisFunctions* functions,
                                                 int64_t events_max_length)
    : kit_(redis, functions, "notifications", events_max_length),
      events_max_length_(events_max_length) {}

absl::StatusOr<std::optional<std::string>>
RedisNotificationsStore::FindResponse(const RequestRecord& request,
                                      absl::Time deadline) {
  return kit_.FindResponse(request, deadline);
}

absl::StatusOr<WriteOutcome> RedisNotificationsStore::SaveDispatched(
    const Dispatched& d, const Mutation& mutation) {
  WritePlan plan = kit_.Plan(mutation);
  // Once per event, whichever replica handles it and however often.
  plan.SkipIfSeen(kDelivered, d.event_id, absl::Now());
  if (!d.names.empty()) plan.HashSet(kNames, d.names);
  if (!d.explanation_requested.empty()) {
    plan.IndexAdd(kExplanations, d.explanation_requested);
  }
  for (const Notification& n : d.notifications) {
    const std::string key = absl::StrCat(kPrefix, PathOf(n.name()));
    RedisStoreKit::GuardEtagOrAbsent(plan, key, n.name(), nullptr);
    RedisStoreKit::PutRecord(plan, key, n, "1", FieldsOf(n));
    const std::string agency = AgencyOf(n.name());
    plan.IndexAdd(InboxKey(agency), IdOf(n));
    if (!n.archived()) plan.IndexAdd(InboxKey(agency, "active"), IdOf(n));
    if (!n.read()) {
      plan.IndexAdd(InboxKey(agency, "unread"), IdOf(n));
      plan.Increment(kUnread, {{CodeOf(agency), 1}});
    }
  }
  for (const NewDelivery& delivery : d.deliveries) {
    PlanNewDelivery(plan, delivery);
  }
  for (const events::v1::Event& e : mutation.events) {
    plan.AppendEvent(kEvents, events_max_length_, e);
  }
  Mutation without_history = mutation;
  without_history.events.clear();
  return kit_.Commit(plan, without_history);
}

absl::StatusOr<bool> RedisNotificationsStore::ExplanationRequested(
    const std::string& obligation, absl::Time deadline) {
  auto reply =
      kit_.redis().Command({"ZSCORE", kExplanations, obligation}, deadline);
  if (!reply.ok()) return reply.status();
  return (*reply)->type == REDIS_REPLY_STRING;
}

absl::StatusOr<std::string> RedisNotificationsStore::FindName(
    const std::string& resource, absl::Time deadline) {
  for (const char* key : {kNames, kDutyTitles}) {
    auto reply = kit_.redis().Command({"HGET", key, resource}, deadline);
    if (!reply.ok()) return reply.status();
    if ((*reply)->type == REDIS_REPLY_STRING) {
      return std::string(ReplyString(reply->get()));
    }
    if (!absl::StartsWith(resource, "programmes/")) break;
  }
  return std::string();
}

absl::StatusOr<RecordPage<events::v1::Event>>
RedisNotificationsStore::ListHistory(absl::string_view subject, int64_t offset,
                                     int limit, absl::Time deadline) {
  return kit_.ListHistory(subject, offset, limit, deadline);
}

absl::StatusOr<bool> RedisNotificationsStore::KnowsAgency(
    const std::string& agency, absl::Time deadline) {
  auto reply = kit_.redis().Pipeline(
      {{"HEXISTS", kNames, agency}, {"EXISTS", InboxKey(agency)}}, deadline);
  if (!reply.ok()) return reply.status();
  for (const auto& r : *reply) {
    if (r->type == REDIS_REPLY_INTEGER && r->integer == 1) return true;
  }
  return false;
}

absl::Status RedisNotificationsStore::CountUnrouted(const std::string& type,
                                                    absl::Time deadline) {
  auto reply =
      kit_.redis().Command({"HINCRBY", kUnrouted, type, "1"}, deadline);
  return reply.status();
}

absl::StatusOr<std::optional<Notification>>
RedisNotificationsStore::FindNotification(const std::string& name,
                                          absl::Time deadline) {
  return kit_.Load<Notification>(absl::StrCat(kPrefix, PathOf(name)), deadline);
}

absl::StatusOr<WriteOutcome> RedisNotificationsStore::SaveNotifications(
    const std::vector<Change>& changes, const Mutation& mutation) {
  WritePlan plan = kit_.Plan(mutation);
  std::map<std::string, int64_t> unread;
  for (const Change& c : changes) {
    const std::string key = absl::StrCat(kPrefix, PathOf(c.next.name()));
    // The read and archived flags are the record's version.
    const std::string conflict =
        absl::StrCat(c.next.name(), " was changed concurrently");
    plan.RequireField(key, "read", c.previous.read() ? "1" : "0", "ABORTED",
                      conflict);
    plan.RequireField(key, "archived", c.previous.archived() ? "1" : "0",
                      "ABORTED", conflict);
    RedisStoreKit::PutRecord(plan, key, c.next, "1", FieldsOf(c.next));
    const std::string agency = AgencyOf(c.next.name());
    if (c.next.read() != c.previous.read()) {
      if (c.next.read()) {
        plan.IndexRemove(InboxKey(agency, "unread"), IdOf(c.next));
      } else {
        plan.IndexAdd(InboxKey(agency, "unread"), IdOf(c.next));
      }
    }
    if (c.next.archived() != c.previous.archived()) {
      if (c.next.archived()) {
        plan.IndexRemove(InboxKey(agency, "active"), IdOf(c.next));
      } else {
        plan.IndexAdd(InboxKey(agency, "active"), IdOf(c.next));
      }
    }
    unread[CodeOf(agency)] +=
        (c.next.read() ? 0 : 1) - (c.previous.read() ? 0 : 1);
  }
  std::vector<std::pair<std::string, int64_t>> deltas;
  for (const auto& [code, delta] : unread) {
    if (delta != 0) deltas.push_back({code, delta});
  }
  if (!deltas.empty()) plan.Increment(kUnread, deltas);
  return kit_.Commit(plan, mutation);
}

absl::StatusOr<RecordPage<Notification>>
RedisNotificationsStore::ListNotifications(const InboxFilter& f,
                                           absl::string_view cursor, int limit,
                                           absl::Time deadline) {
  const absl::string_view view = f.unread_only         ? "unread"
                                 : !f.include_archived ? "active"
                                                       : "";
  PageQuery query{InboxKey(f.agency, view),
                  absl::StrCat(kPrefix, CodeOf(f.agency), "/"),
                  std::string(cursor),
                  limit,
                  {}};
  if (f.unread_only) query.filters.push_back({"read", "0"});
  if (!f.include_archived) query.filters.push_back({"archived", "0"});
  if (f.severity != Notification::SEVERITY_UNSPECIFIED) {
    query.filters.push_back({"severity", absl::StrCat(f.severity)});
  }
  return kit_.Page<Notification>(query, deadline);
}

absl::StatusOr<int64_t> RedisNotificationsStore::UnreadCount(
    const std::string& agency, absl::Time deadline) {
  auto reply =
      kit_.redis().Command({"HGET", kUnread, CodeOf(agency)}, deadline);
  if (!reply.ok()) return reply.status();
  int64_t count = 0;
  if ((*reply)->type == REDIS_REPLY_STRING &&
      !absl::SimpleAtoi(ReplyString(reply->get()), &count)) {
    return absl::InternalError("unread count: not a number");
  }
  return count;
}

}  // namespace ngoaivu::notifications
