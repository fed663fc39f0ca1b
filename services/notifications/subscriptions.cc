#include "services/notifications/subscriptions.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/history.h"
#include "common/ids.h"
#include "common/registry_names.h"
#include "common/validation.h"
#include "services/notifications/cloud_events.h"
#include "services/notifications/event_audience.h"
#include "services/notifications/inbox.h"
#include "services/notifications/notifications_validation.h"

namespace ngoaivu::notifications {
namespace {

using v1::Delivery;
using v1::Subscription;

constexpr char kPrefix[] = "subscriptions/";

// What the subscriber may not read is taken out of the filter; the
// subscription says what was taken.
void Narrow(const CallContext& call, Subscription* s) {
  if (ReadsEverything(call.actor.role())) return;
  const std::string own = call.actor.agency();
  auto* agencies = s->mutable_filter()->mutable_agencies();
  std::vector<std::string> dropped;
  for (const std::string& a : *agencies) {
    if (a != own) dropped.push_back(a);
  }
  if (!dropped.empty() || agencies->empty()) {
    agencies->Clear();
    agencies->Add(std::string(own));
    s->set_narrowed(absl::StrCat(
        "filter.agencies is ", own, ": a ", call.actor.role(),
        " receives what concerns his own agency",
        dropped.empty()
            ? ""
            : absl::StrCat(" (", absl::StrJoin(dropped, ", "), " left out)")));
  }
}

// What a reader is shown: never the signing secret.
Subscription Shown(Subscription s) {
  s.clear_webhook_secret();
  return s;
}

}  // namespace

absl::Time FirstAttemptTime(const Subscription& s, absl::Time now) {
  const auto at_minute = DigestTimeOfDay(s.daily_digest_at());
  if (!at_minute) return now;
  const absl::CivilDay today = ProvinceDay(now);
  for (const absl::CivilDay day : {today, today + 1}) {
    const absl::Time at = absl::FromCivil(
        absl::CivilMinute(day.year(), day.month(), day.day(), at_minute->hour(),
                          at_minute->minute()),
        ProvinceTimeZone());
    if (at > now) return at;
  }
  return now;
}

std::string SubscriberOf(const CallContext& call) {
  if (call.actor.role() == "system") {
    return call.actor.calling_system().empty() ? call.actor.subject()
                                               : call.actor.calling_system();
  }
  return call.actor.agency();
}

bool Matches(const Subscription& s, const events::v1::Event& event) {
  if (s.state() != Subscription::ACTIVE) return false;
  // What was committed before it was made is not sent.
  if (FromTimestamp(event.time()) < FromTimestamp(s.create_time())) {
    return false;
  }
  const Subscription::Filter& f = s.filter();
  if (event.backfill() && !f.include_backfill()) return false;
  if (!f.types().empty() && std::none_of(f.types().begin(), f.types().end(),
                                         [&](const std::string& t) {
                                           return TypeMatches(t, event.type());
                                         })) {
    return false;
  }
  if (!absl::StartsWith(event.subject(), f.subject_prefix())) return false;
  if (!f.agencies().empty()) {
    const Audience audience = AudienceOf(event);
    if (std::none_of(audience.agencies.begin(), audience.agencies.end(),
                     [&](const std::string& a) {
                       return std::find(f.agencies().begin(),
                                        f.agencies().end(),
                                        a) != f.agencies().end();
                     })) {
      return false;
    }
  }
  return MayRead(s.subscriber_role(), s.subscriber_agency(), event);
}

std::vector<NewDelivery> DeliveriesOf(
    const std::vector<Subscription>& subscriptions,
    const events::v1::Event& event, absl::Time now) {
  std::vector<NewDelivery> deliveries;
  for (const Subscription& s : subscriptions) {
    if (!Matches(s, event)) continue;
    NewDelivery d;
    d.delivery.set_name(
        absl::StrCat(s.name(), "/deliveries/",
                     NewestFirstId("d", FromTimestamp(event.time()),
                                   event.id() + "|" + s.name())));
    d.delivery.set_source_event(event.id());
    d.delivery.set_event_type(event.type());
    d.delivery.set_state(Delivery::PENDING);
    *d.delivery.mutable_next_attempt_time() =
        ToTimestamp(FirstAttemptTime(s, now));
    *d.delivery.mutable_create_time() = ToTimestamp(now);
    *d.delivery.mutable_update_time() = ToTimestamp(now);
    d.event = event.SerializeAsString();
    deliveries.push_back(std::move(d));
  }
  return deliveries;
}

Subscriptions::Subscriptions(const SubscriptionsDependencies& deps)
    : store_(deps.store),
      page_tokens_(deps.page_tokens),
      webhooks_(deps.webhooks),
      runner_("notifications", deps.store, deps.clock, deps.request_ttl) {}

absl::StatusOr<Subscription> Subscriptions::CreateSubscription(
    const CallContext& call, const v1::CreateSubscriptionRequest& r) {
  if (auto s = ValidateCreateSubscription(r); !s.ok()) return s;
  if (r.subscription().channel() == Subscription::WEBHOOK) {
    // Refused here when the URL itself says it is unsafe (an address inside
    // the network, userinfo, plain http); names are checked as they
    // resolve, at every delivery.
    if (auto s = webhooks_.CheckUrl(r.subscription().webhook_url()); !s.ok()) {
      return InvalidArgument("subscription.webhook_url",
                             std::string(s.message()));
    }
  }
  return runner_.Run<Subscription>(
      call, "CreateSubscription", r, r.request_id(), /*retry_conflicts=*/false,
      [&](MutationScope& m) -> absl::StatusOr<Subscription> {
        Subscription s;
        *s.mutable_filter() = r.subscription().filter();
        s.set_channel(r.subscription().channel());
        s.set_webhook_url(r.subscription().webhook_url());
        s.set_email(r.subscription().email());
        s.set_daily_digest_at(r.subscription().daily_digest_at());
        const std::string id = r.subscription_id().empty()
                                   ? absl::StrCat("s", NewUuid().substr(0, 8))
                                   : r.subscription_id();
        s.set_name(absl::StrCat(kPrefix, id));
        s.set_subscriber(SubscriberOf(call));
        s.set_subscriber_role(call.actor.role());
        s.set_subscriber_agency(call.actor.agency());
        s.set_state(Subscription::ACTIVE);
        if (s.channel() == Subscription::WEBHOOK) {
          s.set_webhook_secret(NewWebhookSecret());
        }
        Narrow(call, &s);
        *s.mutable_create_time() = ToTimestamp(m.now());
        *s.mutable_update_time() = ToTimestamp(m.now());
        s.set_etag(NewEtag());
        m.Emit("subscription.created", s.name(), Shown(s));
        // The secret is shown once, in this answer.
        return m.Answer(store_->SaveSubscription(s, nullptr, m.Build(s)), s);
      });
}

absl::StatusOr<Subscription> Subscriptions::FindFor(const CallContext& call,
                                                    const std::string& name,
                                                    absl::string_view etag) {
  auto found = store_->FindSubscription(name, call.deadline);
  if (!found.ok()) return found.status();
  const bool gone =
      !found->has_value() || (*found)->state() == Subscription::DELETED;
  if (call.participation_only &&
      (gone || (*found)->subscriber() != SubscriberOf(call))) {
    return absl::PermissionDeniedError(
        absl::StrCat(name, " is not a subscription of ", SubscriberOf(call)));
  }
  if (gone) return absl::NotFoundError(absl::StrCat(name, " not found"));
  if (auto s = CheckEtag(name, (*found)->etag(), etag); !s.ok()) return s;
  return std::move(**found);
}

absl::StatusOr<events::v1::ListHistoryResponse> Subscriptions::ListHistory(
    const CallContext& call, const events::v1::ListHistoryRequest& r) {
  Violations v;
  const int limit = v.PageSize("page_size", r.page_size());
  if (!absl::StartsWith(r.name(), "subscriptions/") ||
      r.name().size() == std::string("subscriptions/").size()) {
    v.Add("name", "required, subscriptions/{id}");
  }
  if (!v.empty()) return v.ToStatus();
  // Its subscriber's to read (and DOFA's and the administrators').
  if (auto s = FindFor(call, r.name(), ""); !s.ok()) return s.status();
  return HistoryPage(
      page_tokens_, r, limit,
      [&](int64_t offset, int n) {
        return store_->ListHistory(r.name(), offset, n, call.deadline);
      },
      [] { return absl::OkStatus(); });
}

absl::StatusOr<Subscription> Subscriptions::GetSubscription(
    const CallContext& call, const v1::GetSubscriptionRequest& r) {
  if (auto s = ValidateGetSubscription(r); !s.ok()) return s;
  auto s = FindFor(call, r.name(), "");
  if (!s.ok()) return s.status();
  return Shown(*std::move(s));
}

absl::StatusOr<v1::ListSubscriptionsResponse> Subscriptions::ListSubscriptions(
    const CallContext& call, const v1::ListSubscriptionsRequest& r) {
  if (auto s = ValidateListSubscriptions(r); !s.ok()) return s;
  const int limit = PageSizeOf(r.page_size());
  // Administrators and DOFA see every subscription; others their own.
  const std::string subscriber =
      call.participation_only ? SubscriberOf(call) : "";
  v1::ListSubscriptionsResponse response;
  auto next = ServePage(
      page_tokens_, r.page_token(), absl::StrCat("subscriptions|", subscriber),
      [&](const std::string& cursor) {
        return store_->ListSubscriptions(subscriber, cursor, limit,
                                         call.deadline);
      },
      [&](Subscription s) { *response.add_subscriptions() = Shown(s); });
  if (!next.ok()) return next.status();
  response.set_next_page_token(*next);
  return response;
}

absl::StatusOr<Subscription> Subscriptions::Move(
    const CallContext& call, absl::string_view method,
    const v1::SubscriptionActionRequest& r, Subscription::State to) {
  if (auto s = ValidateSubscriptionAction(r); !s.ok()) return s;
  return runner_.Run<Subscription>(
      call, method, r, r.request_id(), /*retry_conflicts=*/r.etag().empty(),
      [&](MutationScope& m) -> absl::StatusOr<Subscription> {
        auto current = FindFor(call, r.name(), r.etag());
        if (!current.ok()) return current.status();
        const Subscription::State from = current->state();
        if ((to == Subscription::PAUSED && from != Subscription::ACTIVE) ||
            (to == Subscription::ACTIVE && from != Subscription::PAUSED)) {
          return absl::FailedPreconditionError(absl::StrCat(
              r.name(), " is ", Subscription::State_Name(from),
              to == Subscription::PAUSED ? ": only an ACTIVE one pauses"
                                         : ": only a PAUSED one resumes"));
        }
        Subscription next = *current;
        next.set_state(to);
        *next.mutable_update_time() = ToTimestamp(m.now());
        next.set_etag(NewEtag());
        const std::string verb =
            to == Subscription::PAUSED   ? "subscription.paused"
            : to == Subscription::ACTIVE ? "subscription.resumed"
                                         : "subscription.deleted";
        m.Emit(verb, next.name(), Shown(next));
        return m.Answer(store_->SaveSubscription(next, &current->etag(),
                                                 m.Build(Shown(next))),
                        Shown(next));
      });
}

absl::StatusOr<Subscription> Subscriptions::PauseSubscription(
    const CallContext& call, const v1::SubscriptionActionRequest& r) {
  return Move(call, "PauseSubscription", r, Subscription::PAUSED);
}

absl::StatusOr<Subscription> Subscriptions::ResumeSubscription(
    const CallContext& call, const v1::SubscriptionActionRequest& r) {
  return Move(call, "ResumeSubscription", r, Subscription::ACTIVE);
}

absl::StatusOr<Subscription> Subscriptions::DeleteSubscription(
    const CallContext& call, const v1::SubscriptionActionRequest& r) {
  return Move(call, "DeleteSubscription", r, Subscription::DELETED);
}

absl::StatusOr<v1::ListDeliveriesResponse> Subscriptions::ListDeliveries(
    const CallContext& call, const v1::ListDeliveriesRequest& r) {
  if (auto s = ValidateListDeliveries(r); !s.ok()) return s;
  const int limit = PageSizeOf(r.page_size());
  if (auto s = FindFor(call, r.parent(), ""); !s.ok()) return s.status();
  v1::ListDeliveriesResponse response;
  auto next = ServePage(
      page_tokens_, r.page_token(),
      absl::StrCat("deliveries|", r.parent(), "|", r.state()),
      [&](const std::string& cursor) {
        return store_->ListDeliveries(r.parent(), r.state(), cursor, limit,
                                      call.deadline);
      },
      [&](Delivery d) { *response.add_deliveries() = std::move(d); });
  if (!next.ok()) return next.status();
  response.set_next_page_token(*next);
  return response;
}

absl::StatusOr<Delivery> Subscriptions::RedeliverDelivery(
    const CallContext& call, const v1::RedeliverDeliveryRequest& r) {
  if (auto s = ValidateRedeliverDelivery(r); !s.ok()) return s;
  const auto subscription = SubscriptionOfDelivery(r.name());
  return runner_.Run<Delivery>(
      call, "RedeliverDelivery", r, r.request_id(), /*retry_conflicts=*/true,
      [&](MutationScope& m) -> absl::StatusOr<Delivery> {
        if (auto s = FindFor(call, *subscription, ""); !s.ok()) {
          return s.status();
        }
        auto found = store_->FindDelivery(r.name(), m.deadline());
        if (!found.ok()) return found.status();
        if (!found->has_value()) {
          return absl::NotFoundError(absl::StrCat(r.name(), " not found"));
        }
        if ((*found)->state() == Delivery::PENDING) {
          return absl::FailedPreconditionError(absl::StrCat(
              r.name(), " is PENDING: it will be tried at ",
              absl::FormatTime(FromTimestamp((*found)->next_attempt_time()))));
        }
        Delivery next = **found;
        next.set_state(Delivery::PENDING);
        *next.mutable_next_attempt_time() = ToTimestamp(m.now());
        *next.mutable_update_time() = ToTimestamp(m.now());
        return m.Answer(store_->Redeliver(next, **found, m.Build(next)), next);
      });
}

}  // namespace ngoaivu::notifications
