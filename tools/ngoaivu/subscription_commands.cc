// `ngoaivu subscriptions create|list|get|pause|resume|delete|deliveries|
// redeliver`: who is sent which events, on which channel, and how each
// delivery went.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/dates.h"
#include "common/registry_names.h"
#include "ngoaivu/notifications/v1/notifications_service.grpc.pb.h"
#include "tools/ngoaivu/notifications_cli.h"

namespace ngoaivu::cli {
namespace {

namespace nv1 = ::ngoaivu::notifications::v1;

std::string SubscriptionName(const std::string& text) {
  return text.rfind("subscriptions/", 0) == 0 ? text : "subscriptions/" + text;
}

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

std::unique_ptr<nv1::NotificationsService::Stub> Stub(CliContext* c) {
  return nv1::NotificationsService::NewStub(c->NotificationsChannel());
}

void PrintSubscription(const nv1::Subscription& s, CliContext* c) {
  Table table({"FIELD", "VALUE"});
  table.AddRow({"name", s.name()});
  table.AddRow({"subscriber", s.subscriber()});
  table.AddRow({"state", nv1::Subscription::State_Name(s.state())});
  table.AddRow({"channel", nv1::Subscription::Channel_Name(s.channel())});
  table.AddRow({"to", s.channel() == nv1::Subscription::EMAIL
                          ? s.email()
                          : s.webhook_url()});
  table.AddRow({"types", absl::StrJoin(s.filter().types(), " ")});
  table.AddRow({"agencies", absl::StrJoin(s.filter().agencies(), " ")});
  table.AddRow({"subject prefix", s.filter().subject_prefix()});
  if (!s.daily_digest_at().empty()) {
    table.AddRow({"daily digest", s.daily_digest_at()});
  }
  if (!s.narrowed().empty()) table.AddRow({"narrowed", s.narrowed()});
  if (!s.webhook_secret().empty()) {
    table.AddRow({"webhook secret", s.webhook_secret() + "  (shown once)"});
  }
  table.AddRow({"etag", s.etag()});
  c->Print(table, s);
}

void AddCreate(CLI::App* parent, CliContext* c) {
  struct Flags {
    std::string id, webhook, email, digest, subject_prefix;
    std::vector<std::string> types, agencies;
    bool include_backfill = false;
  };
  auto f = std::make_shared<Flags>();
  auto* create = parent->add_subcommand(
      "create", "send the events you may read to a webhook or a mailbox");
  create->add_option("--id", f->id, "the subscription's id (default: new)");
  auto* webhook =
      create->add_option("--webhook", f->webhook, "an https URL to POST to");
  auto* email = create->add_option("--email", f->email, "an address");
  webhook->excludes(email);
  create->add_option("--digest", f->digest,
                     "e-mail: one digest a day at HH:MM (province time)");
  create->add_option("--type", f->types, "event types, * wildcards");
  create->add_option("--agency", f->agencies, "about these agencies only");
  create->add_flag("--include-backfill", f->include_backfill,
                   "also imports and history entered after the fact");
  create->add_option("--subject-prefix", f->subject_prefix,
                     "resources starting with this only");
  create->callback([=] {
    nv1::CreateSubscriptionRequest r;
    r.set_subscription_id(f->id);
    r.set_request_id(c->NextRequestId());
    nv1::Subscription* s = r.mutable_subscription();
    if (!f->webhook.empty()) {
      s->set_channel(nv1::Subscription::WEBHOOK);
      s->set_webhook_url(f->webhook);
    } else if (!f->email.empty()) {
      s->set_channel(nv1::Subscription::EMAIL);
      s->set_email(f->email);
    }
    s->set_daily_digest_at(f->digest);
    for (const auto& t : f->types) s->mutable_filter()->add_types(t);
    for (const auto& a : f->agencies) {
      s->mutable_filter()->add_agencies(AgencyNameFromInput(a));
    }
    s->mutable_filter()->set_subject_prefix(f->subject_prefix);
    s->mutable_filter()->set_include_backfill(f->include_backfill);
    nv1::Subscription out;
    grpc::Status status = Stub(c)->CreateSubscription(c->Call().get(), r, &out);
    if (!status.ok()) return c->Fail(status);
    PrintSubscription(out, c);
  });
}

void AddReads(CLI::App* parent, CliContext* c) {
  auto* list = parent->add_subcommand("list", "your subscriptions (all, "
                                              "for administrators and DOFA)");
  list->callback([=] {
    nv1::ListSubscriptionsResponse all;
    auto stub = Stub(c);
    grpc::Status s = c->ListAll(
        nv1::ListSubscriptionsRequest(),
        [&](grpc::ClientContext* ctx, const nv1::ListSubscriptionsRequest& q,
            nv1::ListSubscriptionsResponse* out) {
          return stub->ListSubscriptions(ctx, q, out);
        },
        &all);
    if (!s.ok()) return c->Fail(s);
    Table table({"NAME", "STATE", "CHANNEL", "TO", "SUBSCRIBER"});
    for (const auto& x : all.subscriptions()) {
      table.AddRow({x.name(), nv1::Subscription::State_Name(x.state()),
                    nv1::Subscription::Channel_Name(x.channel()),
                    x.channel() == nv1::Subscription::EMAIL ? x.email()
                                                            : x.webhook_url(),
                    x.subscriber()});
    }
    c->Print(table, all);
  });
  auto name = std::make_shared<std::string>();
  auto* get = parent->add_subcommand("get", "one subscription");
  get->add_option("name", *name, "subscriptions/{id} or {id}")->required();
  get->callback([=] {
    nv1::GetSubscriptionRequest r;
    r.set_name(SubscriptionName(*name));
    nv1::Subscription out;
    grpc::Status s = Stub(c)->GetSubscription(c->Call().get(), r, &out);
    if (!s.ok()) return c->Fail(s);
    PrintSubscription(out, c);
  });
}

void AddActions(CLI::App* parent, CliContext* c) {
  using Method = grpc::Status (nv1::NotificationsService::Stub::*)(
      grpc::ClientContext*, const nv1::SubscriptionActionRequest&,
      nv1::Subscription*);
  const std::vector<std::pair<const char*, Method>> verbs = {
      {"pause", &nv1::NotificationsService::Stub::PauseSubscription},
      {"resume", &nv1::NotificationsService::Stub::ResumeSubscription},
      {"delete", &nv1::NotificationsService::Stub::DeleteSubscription}};
  for (const auto& [verb, method] : verbs) {
    struct Flags {
      std::string name, etag;
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = parent->add_subcommand(verb, std::string(verb) +
                                                 " a subscription");
    cmd->add_option("name", f->name, "subscriptions/{id} or {id}")->required();
    cmd->add_option("--etag", f->etag, "act only on this version");
    const Method call = method;
    cmd->callback([=] {
      nv1::SubscriptionActionRequest r;
      r.set_name(SubscriptionName(f->name));
      r.set_etag(f->etag);
      r.set_request_id(c->NextRequestId());
      nv1::Subscription out;
      grpc::Status s = (Stub(c).get()->*call)(c->Call().get(), r, &out);
      if (!s.ok()) return c->Fail(s);
      PrintSubscription(out, c);
    });
  }
}

void AddDeliveries(CLI::App* parent, CliContext* c) {
  struct Flags {
    std::string name, state;
  };
  auto f = std::make_shared<Flags>();
  auto* deliveries = parent->add_subcommand(
      "deliveries", "a subscription's deliveries, newest first");
  deliveries->add_option("name", f->name, "subscriptions/{id} or {id}")
      ->required();
  deliveries->add_option("--state", f->state, "pending, delivered or dead")
      ->check(CLI::IsMember({"pending", "delivered", "dead"}));
  deliveries->callback([=] {
    nv1::ListDeliveriesRequest r;
    r.set_parent(SubscriptionName(f->name));
    nv1::Delivery::State state{};
    if (!f->state.empty() &&
        nv1::Delivery::State_Parse(absl::AsciiStrToUpper(f->state), &state)) {
      r.set_state(state);
    }
    nv1::ListDeliveriesResponse all;
    auto stub = Stub(c);
    grpc::Status s = c->ListAll(
        r,
        [&](grpc::ClientContext* ctx, const nv1::ListDeliveriesRequest& q,
            nv1::ListDeliveriesResponse* out) {
          return stub->ListDeliveries(ctx, q, out);
        },
        &all);
    if (!s.ok()) return c->Fail(s);
    Table table({"NAME", "STATE", "ATTEMPTS", "EVENT", "LAST ERROR"});
    for (const auto& d : all.deliveries()) {
      table.AddRow({d.name(), Lower(nv1::Delivery::State_Name(d.state())),
                    absl::StrCat(d.attempts()), d.event_type(),
                    d.last_error()});
    }
    c->Print(table, all);
  });
  auto name = std::make_shared<std::string>();
  auto* redeliver = parent->add_subcommand(
      "redeliver", "send a dead or delivered delivery again");
  redeliver->add_option("name", *name, "subscriptions/{s}/deliveries/{d}")
      ->required();
  redeliver->callback([=] {
    nv1::RedeliverDeliveryRequest r;
    r.set_name(*name);
    r.set_request_id(c->NextRequestId());
    nv1::Delivery out;
    grpc::Status s = Stub(c)->RedeliverDelivery(c->Call().get(), r, &out);
    if (!s.ok()) return c->Fail(s);
    Table table({"NAME", "STATE", "ATTEMPTS"});
    table.AddRow({out.name(), Lower(nv1::Delivery::State_Name(out.state())),
                  absl::StrCat(out.attempts())});
    c->Print(table, out);
  });
}

}  // namespace

void AddSubscriptionCommands(CLI::App& app, CliContext* c) {
  auto* subscriptions = app.add_subcommand(
      "subscriptions", "events sent to a webhook or a mailbox");
  subscriptions->require_subcommand(1);
  AddCreate(subscriptions, c);
  AddReads(subscriptions, c);
  AddActions(subscriptions, c);
  AddDeliveries(subscriptions, c);
}

}  // namespace ngoaivu::cli
