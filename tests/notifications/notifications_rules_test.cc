// The notifications service's rules without gRPC or Redis: who is told of
// each event type (a row per type, written out here apart from the code's
// table), and the Vietnamese words of what they are told.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "common/dates.h"
#include "ngoaivu/delegations/v1/resources.pb.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "nlohmann/json.hpp"
#include "services/notifications/cloud_events.h"
#include "absl/strings/escaping.h"
#include "google/protobuf/empty.pb.h"
#include "services/notifications/delivery_policy.h"
#include "services/notifications/event_audience.h"
#include "services/notifications/event_cursor.h"
#include "services/notifications/routing.h"
#include "services/notifications/subscriptions.h"
#include "services/notifications/templates.h"

namespace ngoaivu::notifications {
namespace {

namespace tv1 = ::ngoaivu::tasks::v1;
namespace dv1 = ::ngoaivu::delegations::v1;
namespace rv1 = ::ngoaivu::registry::v1;
using N = v1::Notification;
using ::testing::UnorderedElementsAreArray;

constexpr char kObligation[] = "programmes/p/duties/iv-9/obligations/2027-sct";

events::v1::Event EventOf(const std::string& type,
                          const google::protobuf::Message& payload) {
  events::v1::Event e;
  e.set_id("e1");
  e.set_type(type);
  e.mutable_data()->PackFrom(payload);
  return e;
}

tv1::Obligation AnObligation() {
  tv1::Obligation o;
  o.set_name(kObligation);
  o.set_agency("agencies/SCT");
  o.set_period("2027");
  o.set_section("IV.9");
  *o.mutable_due_date() = ToDate(absl::CivilDay(2026, 9, 30));
  return o;
}

// The payload each type carries, as its service emits it.
events::v1::Event Sample(const std::string& type) {
  const std::string verb = type.substr(type.find(".v1.") + 4);
  if (verb == "obligation.due_soon" || verb == "obligation.overdue") {
    tv1::ObligationReminder r;
    *r.mutable_obligation() = AnObligation();
    r.set_days(7);
    return EventOf(type, r);
  }
  if (verb == "obligation.reassigned") {
    tv1::ObligationReassigned r;
    *r.mutable_obligation() = AnObligation();
    r.mutable_obligation()->set_agency("agencies/SVHTTDL");
    return EventOf(type, r);
  }
  if (verb.rfind("obligation.", 0) == 0) {
    tv1::ObligationChanged c;
    *c.mutable_obligation() = AnObligation();
    return EventOf(type, c);
  }
  if (verb.rfind("duty.", 0) == 0) {
    tv1::DutyChanged c;
    c.mutable_duty()->set_lead_agency("agencies/SCT");
    c.mutable_duty()->add_coordinating_agencies("agencies/SNGV");
    return EventOf(type, c);
  }
  if (verb.rfind("delegation.", 0) == 0) {
    dv1::Delegation d;
    d.set_name("delegations/trip");
    d.set_agency("agencies/SCT");
    d.set_title("Xúc tiến thương mại tại Campuchia");
    return EventOf(type, d);
  }
  if (verb.rfind("agreement.", 0) == 0) {
    dv1::Agreement a;
    a.set_proposing_agency("agencies/SCT");
    a.add_opinions()->set_agency("agencies/CA");
    auto* answered = a.add_opinions();
    answered->set_agency("agencies/STP");
    answered->set_text("Đồng ý");
    return EventOf(type, a);
  }
  if (verb == "agency.merged") {
    rv1::AgencyMerged m;
    m.mutable_agency()->set_name("agencies/STTTT");
    m.set_successor("agencies/SVHTTDL");
    return EventOf(type, m);
  }
  if (verb == "agency.dissolved") {
    rv1::AgencyDissolved d;
    d.mutable_agency()->set_name("agencies/STTTT");
    return EventOf(type, d);
  }
  return EventOf(type, rv1::AgencyCreated());
}

// Who is told, "CODE:severity" (written out independently of the code).
const std::map<std::string, std::set<std::string>>& Expected() {
  static const auto* expected =
      new std::map<std::string, std::set<std::string>>{
          {"tasks.v1.obligation.opened", {"SCT:INFO"}},
          {"tasks.v1.obligation.due_soon", {"SCT:WARNING"}},
          // 7 days late: before the escalation at 8.
          {"tasks.v1.obligation.overdue", {"SCT:WARNING", "SNGV:INFO"}},
          {"tasks.v1.obligation.submitted", {"SNGV:INFO"}},
          {"tasks.v1.obligation.returned", {"SCT:WARNING"}},
          {"tasks.v1.obligation.accepted", {"SCT:INFO"}},
          {"tasks.v1.obligation.waived", {"SCT:INFO"}},
          {"tasks.v1.obligation.cancelled", {"SCT:INFO"}},
          {"tasks.v1.obligation.reassigned", {"SVHTTDL:INFO"}},
          {"tasks.v1.obligation.rescheduled", {"SCT:WARNING"}},
          {"tasks.v1.obligation.flagged", {"SNGV:WARNING"}},
          {"tasks.v1.obligation.started", {}},
          {"tasks.v1.obligation.reported", {}},
          {"tasks.v1.report.filed", {}},
          {"tasks.v1.duty.created", {"SCT:INFO", "SNGV:INFO"}},
          {"tasks.v1.duty.updated", {"SCT:INFO", "SNGV:INFO"}},
          {"tasks.v1.duty.cancelled", {"SCT:INFO", "SNGV:INFO"}},
          {"tasks.v1.programme.created", {}},
          {"tasks.v1.programme.updated", {}},
          {"tasks.v1.programme.activated", {"SNGV:INFO"}},
          {"tasks.v1.programme.closed", {"SNGV:INFO"}},
          {"delegations.v1.delegation.created", {}},
          {"delegations.v1.delegation.updated", {}},
          {"delegations.v1.delegation.submitted", {"SNGV:INFO"}},
          {"delegations.v1.delegation.under_review", {"SCT:INFO"}},
          {"delegations.v1.delegation.returned", {"SCT:WARNING"}},
          {"delegations.v1.delegation.forwarded", {"SCT:INFO", "UBND:WARNING"}},
          {"delegations.v1.delegation.approved", {"SCT:INFO", "SNGV:INFO"}},
          {"delegations.v1.delegation.rejected", {"SCT:WARNING", "SNGV:INFO"}},
          {"delegations.v1.delegation.amended", {"SCT:INFO", "SNGV:INFO"}},
          {"delegations.v1.delegation.cancelled", {"SNGV:INFO"}},
          {"delegations.v1.delegation.departed", {}},
          {"delegations.v1.delegation.returned_home", {"SCT:INFO"}},
          {"delegations.v1.delegation.reported", {"SNGV:INFO"}},
          {"delegations.v1.delegation.opinion_given", {"SNGV:INFO"}},
          {"delegations.v1.delegation.outcome_recorded", {"SNGV:INFO"}},
          {"delegations.v1.delegation.agency_merged", {"SCT:INFO"}},
          {"delegations.v1.agreement.created", {}},
          {"delegations.v1.agreement.submitted", {"SNGV:INFO"}},
          // Only the agency still to answer is asked.
          {"delegations.v1.agreement.opinions_requested",
           {"SCT:INFO", "CA:WARNING"}},
          {"delegations.v1.agreement.opinion_given",
           {"SNGV:INFO", "UBND:INFO"}},
          {"delegations.v1.agreement.approved", {"SCT:INFO", "SNGV:INFO"}},
          {"delegations.v1.agreement.rejected", {"SCT:WARNING", "SNGV:INFO"}},
          {"delegations.v1.agreement.signed", {"SNGV:INFO"}},
          {"delegations.v1.agreement.in_force", {"SNGV:INFO"}},
          {"delegations.v1.agreement.expired", {"SCT:INFO", "SNGV:INFO"}},
          {"delegations.v1.agreement.terminated", {"SCT:INFO", "SNGV:INFO"}},
          {"registry.v1.agency.created", {"ADMIN:INFO"}},
          {"registry.v1.agency.updated", {"ADMIN:INFO"}},
          {"registry.v1.agency.merged",
           {"ADMIN:INFO", "SNGV:WARNING", "STTTT:WARNING", "SVHTTDL:WARNING"}},
          {"registry.v1.agency.dissolved",
           {"ADMIN:INFO", "SNGV:WARNING", "STTTT:WARNING"}},
          {"registry.v1.group.created", {"ADMIN:INFO"}},
          {"registry.v1.group.updated", {"ADMIN:INFO"}},
          {"registry.v1.group.members_added", {"ADMIN:INFO"}},
          {"registry.v1.group.members_removed", {"ADMIN:INFO"}},
          {"registry.v1.official.created", {"ADMIN:INFO"}},
          {"registry.v1.official.updated", {"ADMIN:INFO"}},
      };
  return *expected;
}

RoutingSettings Settings() {
  RoutingSettings s;
  s.administrators = "agencies/ADMIN";  // told apart from the approvers
  return s;
}

TEST(RoutingTest, EachEventTypeReachesWhomItConcerns) {
  for (const auto& [type, expected] : Expected()) {
    const std::string full = "ngoaivu." + type;
    auto recipients = RecipientsOf(Sample(full), Settings());
    ASSERT_TRUE(recipients.has_value()) << full << " has no rule";
    std::set<std::string> told;
    for (const Recipient& r : *recipients) {
      told.insert(r.agency.substr(r.agency.find('/') + 1) + ":" +
                  N::Severity_Name(r.severity));
    }
    EXPECT_EQ(told, expected) << full;
  }
}

TEST(RoutingTest, TheTableHasARowForEveryTypeTheServicesEmitAndNoMore) {
  std::vector<std::string> expected;
  for (const auto& [type, recipients] : Expected()) {
    expected.push_back("ngoaivu." + type);
  }
  EXPECT_THAT(RoutedTypes(), UnorderedElementsAreArray(expected));
}

TEST(RoutingTest, AnUnknownTypeIsReportedNotDropped) {
  EXPECT_FALSE(
      RecipientsOf(Sample("ngoaivu.tasks.v1.obligation.teleported"), Settings())
          .has_value());
}

TEST(RoutingTest, AnAgencyToldTwiceIsToldOnceAtTheHighestSeverity) {
  RoutingSettings s;  // the coordinator is SNGV, as the agency below
  tv1::ObligationReminder r;
  *r.mutable_obligation() = AnObligation();
  r.mutable_obligation()->set_agency("agencies/SNGV");
  auto told =
      RecipientsOf(EventOf("ngoaivu.tasks.v1.obligation.overdue", r), s);
  ASSERT_TRUE(told.has_value());
  ASSERT_EQ(told->size(), 1u);
  EXPECT_EQ((*told)[0], (Recipient{"agencies/SNGV", N::WARNING}));
}

// An overdue reminder `days` late.
events::v1::Event LateBy(int days) {
  tv1::ObligationReminder r;
  *r.mutable_obligation() = AnObligation();
  r.set_days(days);
  return EventOf("ngoaivu.tasks.v1.obligation.overdue", r);
}

TEST(EscalationTest, LateEnoughIsCriticalForTheAgencyAndDofa) {
  RoutingSettings s;
  s.critical_after_days = 8;
  const std::vector<Recipient> early = *RecipientsOf(LateBy(7), s);
  EXPECT_THAT(early, UnorderedElementsAreArray(
                         {Recipient{"agencies/SCT", N::WARNING},
                          Recipient{"agencies/SNGV", N::INFO}}));
  const std::vector<Recipient> late = *RecipientsOf(LateBy(8), s);
  EXPECT_THAT(late, UnorderedElementsAreArray(
                        {Recipient{"agencies/SCT", N::CRITICAL},
                         Recipient{"agencies/SNGV", N::CRITICAL}}));
  s.critical_after_days = 0;  // never
  EXPECT_EQ((*RecipientsOf(LateBy(400), s))[0].severity, N::WARNING);
}

TEST(EscalationTest, AnExplanationIsDueFromItsDayOn) {
  RoutingSettings s;
  s.explanation_after_days = 30;
  EXPECT_EQ(ExplanationDue(LateBy(29), s), "");
  EXPECT_EQ(ExplanationDue(LateBy(30), s), kObligation);
  EXPECT_EQ(ExplanationDue(LateBy(36), s), kObligation);
  s.explanation_after_days = 0;
  EXPECT_EQ(ExplanationDue(LateBy(300), s), "");
  tv1::ObligationReminder soon;
  soon.set_days(40);
  EXPECT_EQ(ExplanationDue(EventOf("ngoaivu.tasks.v1.obligation.due_soon",
                                   soon),
                           RoutingSettings{}),
            "");
  TemplateContext c;
  c.name_of = [](const std::string& resource) {
    if (resource == "agencies/SCT") return std::string("Sở Công Thương");
    return resource.find("/duties/") != std::string::npos
               ? std::string("Đăng ký chương trình đối ngoại nhân dân")
               : std::string();
  };
  const Rendered asked = RenderExplanationRequest(LateBy(30), c);
  EXPECT_EQ(asked.title,
            "Yêu cầu giải trình: Đăng ký chương trình đối ngoại nhân dân "
            "(2027) — hạn 30/09/2026, đã trễ 30 ngày");
  // The agency's head by the agency's name; no resource name in the text.
  EXPECT_THAT(asked.body, ::testing::HasSubstr("Thủ trưởng Sở Công Thương"));
  EXPECT_THAT(asked.body, ::testing::Not(::testing::HasSubstr("agencies/")));
  EXPECT_THAT(asked.body, ::testing::Not(::testing::HasSubstr("programmes/")));
}

TEST(TemplatesTest, AReminderNamesTheDutyTheDueDateAndTheDaysLeft) {
  TemplateContext c;
  c.name_of = [](const std::string& duty) {
    return duty == "programmes/p/duties/iv-9"
               ? std::string("Đăng ký chương trình đối ngoại nhân dân")
               : std::string();
  };
  const Rendered due =
      Render(Sample("ngoaivu.tasks.v1.obligation.due_soon"), c);
  EXPECT_EQ(due.title,
            "Nhắc việc: Đăng ký chương trình đối ngoại nhân dân (2027) — hạn "
            "30/09/2026, còn 7 ngày");
  const Rendered late =
      Render(Sample("ngoaivu.tasks.v1.obligation.overdue"), c);
  EXPECT_EQ(late.title,
            "Quá hạn: Đăng ký chương trình đối ngoại nhân dân (2027) — hạn "
            "30/09/2026, đã trễ 7 ngày");
  // The body says what to do, naming the duty, never the resource name.
  EXPECT_THAT(late.body, ::testing::HasSubstr("Đăng ký chương trình"));
  EXPECT_THAT(late.body, ::testing::Not(::testing::HasSubstr(kObligation)));
  // A duty whose title is not known is named by its section.
  const Rendered opened =
      Render(Sample("ngoaivu.tasks.v1.obligation.opened"), TemplateContext{});
  EXPECT_EQ(opened.title, "Việc mới: mục IV.9 (2027) — hạn 30/09/2026");
}

TEST(TemplatesTest, DelegationsAndAgreementsSayWhatAwaitsWhom) {
  dv1::Delegation d;
  d.set_name("delegations/trip");
  d.set_agency("agencies/SCT");
  d.set_title("Xúc tiến thương mại tại Campuchia");
  *d.mutable_start_date() = ToDate(absl::CivilDay(2026, 5, 1));
  *d.mutable_end_date() = ToDate(absl::CivilDay(2026, 5, 5));
  auto* decision = d.add_decisions();
  decision->set_number("101/QĐ-UBND");
  *decision->mutable_date() = ToDate(absl::CivilDay(2026, 3, 20));
  const Rendered approved =
      Render(EventOf("ngoaivu.delegations.v1.delegation.approved", d), {});
  EXPECT_EQ(approved.title,
            "Đoàn đã được phê duyệt: Xúc tiến thương mại tại Campuchia "
            "(01/05/2026 – 05/05/2026)");
  EXPECT_THAT(approved.body, ::testing::HasSubstr(
                                 "Quyết định số 101/QĐ-UBND ngày 20/03/2026"));
  dv1::Agreement a;
  a.set_subject("Hợp tác thương mại biên giới");
  a.set_foreign_party("Svay Rieng");
  EXPECT_EQ(
      Render(EventOf("ngoaivu.delegations.v1.agreement.opinions_requested", a),
             {})
          .title,
      "Đề nghị cho ý kiến về thỏa thuận: Hợp tác thương mại biên giới "
      "(Svay Rieng)");
}

// Texts name things as people call them; resource names stay in the
// notification's subject.
TEST(TemplatesTest, TextsNameAgenciesOfficialsAndDecisionsNeverIds) {
  TemplateContext c;
  c.name_of = [](const std::string& resource) {
    static const auto* names = new std::map<std::string, std::string>{
        {"agencies/SCT", "Sở Công Thương"},
        {"agencies/UBND/officials/vice", "Trần Lưu Quang, Phó Chủ tịch"}};
    auto it = names->find(resource);
    return it == names->end() ? std::string() : it->second;
  };
  registry::v1::OfficialChanged official;
  official.mutable_official()->set_name("agencies/SCT/officials/o430aa65b4f6");
  official.mutable_official()->set_full_name("Nguyễn Văn Đức");
  official.mutable_official()->set_position("Giám đốc");
  const Rendered created =
      Render(EventOf("ngoaivu.registry.v1.official.created", official), c);
  EXPECT_EQ(created.title,
            "Cán bộ mới: Nguyễn Văn Đức, Giám đốc — Sở Công Thương");
  registry::v1::AgencyCreated agency;
  agency.mutable_agency()->set_name("agencies/RET1");
  agency.mutable_agency()->set_display_name("Trường Cao đẳng nghề");
  EXPECT_EQ(
      Render(EventOf("ngoaivu.registry.v1.agency.created", agency), c).title,
      "Cơ quan mới: Trường Cao đẳng nghề");
  dv1::Delegation d;
  d.set_name("delegations/trip");
  d.set_agency("agencies/SCT");
  d.set_title("Xúc tiến thương mại tại Campuchia");
  auto* decision = d.add_decisions();
  decision->set_number("101/QĐ-UBND");
  decision->set_signer("agencies/UBND/officials/vice");
  const Rendered approved =
      Render(EventOf("ngoaivu.delegations.v1.delegation.approved", d), c);
  EXPECT_THAT(approved.body, ::testing::HasSubstr("Sở Công Thương"));
  EXPECT_THAT(approved.body, ::testing::HasSubstr("Trần Lưu Quang"));
  tv1::ObligationChanged submitted;
  *submitted.mutable_obligation() = AnObligation();
  const Rendered sent =
      Render(EventOf("ngoaivu.tasks.v1.obligation.submitted", submitted), c);
  EXPECT_THAT(sent.title, ::testing::HasSubstr("— Sở Công Thương"));
  for (const Rendered& r : {created, approved, sent}) {
    for (const std::string& text : {r.title, r.body}) {
      EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("agencies/")));
      EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("delegations/")));
      EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("programmes/")));
    }
  }
}

TEST(DeliveryPolicyTest, BackoffGrowsWithJitterThenStops) {
  DeliveryPolicy p;
  p.max_attempts = 4;
  p.first_backoff = absl::Seconds(5);
  p.factor = 4;
  p.max_backoff = absl::Seconds(60);
  p.jitter = 0.2;
  const absl::Time now = absl::FromUnixSeconds(1790000000);
  EXPECT_EQ(*NextAttempt(p, 1, now, 0.5), now + absl::Seconds(5));
  EXPECT_EQ(*NextAttempt(p, 2, now, 0.5), now + absl::Seconds(20));
  EXPECT_EQ(*NextAttempt(p, 3, now, 0.5), now + absl::Seconds(60));  // capped
  EXPECT_EQ(*NextAttempt(p, 1, now, 0.0), now + absl::Seconds(4));   // -20 %
  EXPECT_EQ(*NextAttempt(p, 1, now, 1.0), now + absl::Seconds(6));   // +20 %
  EXPECT_FALSE(NextAttempt(p, 4, now, 0.5).has_value());  // the last one
}

TEST(CloudEventsTest, SignaturesFollowStandardWebhooks) {
  // The specification's own example.
  EXPECT_EQ(WebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                             "msg_p5jXN8AQM9LWM0D4loKWxJek",
                             absl::FromUnixSeconds(1614265330),
                             R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  EXPECT_FALSE(WebhookSignature("no-prefix", "m", absl::Now(), "b"));
  const std::string secret = NewWebhookSecret();
  EXPECT_THAT(secret, ::testing::StartsWith("whsec_"));
  EXPECT_NE(secret, NewWebhookSecret());
}

TEST(CloudEventsTest, AStructuredEventCarriesThePayloadAsJson) {
  events::v1::Event e = LateBy(7);
  e.set_id("0b8f-e1");
  e.set_source("//ngoaivu/tasks");
  e.set_subject(kObligation);
  *e.mutable_time() = ToTimestamp(absl::FromUnixMillis(1790000000123));
  e.set_traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  const auto body = CloudEventJson(e);
  ASSERT_TRUE(body.ok()) << body.status();
  const auto json = nlohmann::json::parse(*body);
  EXPECT_EQ(json["specversion"], "1.0");
  EXPECT_EQ(json["id"], "0b8f-e1");
  EXPECT_EQ(json["source"], "//ngoaivu/tasks");
  EXPECT_EQ(json["type"], "ngoaivu.tasks.v1.obligation.overdue");
  EXPECT_EQ(json["time"], "2026-09-21T14:13:20.123Z");
  EXPECT_EQ(json["datacontenttype"], "application/json");
  EXPECT_EQ(json["data"]["days"], 7);
  EXPECT_EQ(json["data"]["obligation"]["agency"], "agencies/SCT");
  EXPECT_EQ(json["data"]["obligation"]["dueDate"]["year"], 2026);
  EXPECT_EQ(json["traceparent"], e.traceparent());
}

v1::Subscription ASubscription() {
  v1::Subscription s;
  s.set_name("subscriptions/s");
  s.set_state(v1::Subscription::ACTIVE);
  s.set_subscriber_role("officer");
  s.set_subscriber_agency("agencies/SCT");
  *s.mutable_create_time() = ToTimestamp(absl::FromUnixSeconds(1700000000));
  return s;
}

TEST(SubscriptionsTest, MatchingTakesFilterTimeStateAndRights) {
  events::v1::Event late = LateBy(7);
  *late.mutable_time() = ToTimestamp(absl::FromUnixSeconds(1700000001));
  late.set_subject(kObligation);
  v1::Subscription s = ASubscription();
  EXPECT_TRUE(Matches(s, late));
  s.mutable_filter()->add_types("ngoaivu.tasks.v1.obligation.*");
  EXPECT_TRUE(Matches(s, late));
  s.mutable_filter()->set_types(0, "ngoaivu.delegations.*");
  EXPECT_FALSE(Matches(s, late));
  s = ASubscription();
  s.mutable_filter()->set_subject_prefix("programmes/q/");
  EXPECT_FALSE(Matches(s, late));
  s = ASubscription();
  s.mutable_filter()->add_agencies("agencies/SKHDT");
  EXPECT_FALSE(Matches(s, late));
  s = ASubscription();
  s.set_subscriber_agency("agencies/SKHDT");  // an officer of another agency
  EXPECT_FALSE(Matches(s, late));
  s.set_subscriber_role("system");
  EXPECT_TRUE(Matches(s, late));
  // A backfill (an import, history entered after the fact) only when the
  // filter asks for them.
  late.set_backfill(true);
  EXPECT_FALSE(Matches(s, late));
  s.mutable_filter()->set_include_backfill(true);
  EXPECT_TRUE(Matches(s, late));
  s.set_state(v1::Subscription::PAUSED);
  EXPECT_FALSE(Matches(s, late));
  s = ASubscription();
  *s.mutable_create_time() = ToTimestamp(absl::FromUnixSeconds(1700000002));
  EXPECT_FALSE(Matches(s, late));  // committed before it was made
}

TEST(SubscriptionsTest, ADigestIsDueAtItsNextTimeOfDay) {
  v1::Subscription s = ASubscription();
  const absl::Time morning = absl::FromCivil(
      absl::CivilSecond(2026, 12, 1, 7, 30, 0), ProvinceTimeZone());
  EXPECT_EQ(FirstAttemptTime(s, morning), morning);  // no digest: at once
  s.set_daily_digest_at("08:00");
  EXPECT_EQ(FirstAttemptTime(s, morning),
            absl::FromCivil(absl::CivilMinute(2026, 12, 1, 8, 0),
                            ProvinceTimeZone()));
  const absl::Time evening = morning + absl::Hours(12);
  EXPECT_EQ(FirstAttemptTime(s, evening),
            absl::FromCivil(absl::CivilMinute(2026, 12, 2, 8, 0),
                            ProvinceTimeZone()));
}

TEST(AudienceTest, AnOfficerReadsWhatConcernsHisAgencyAndTheProgrammes) {
  // Every role but the officer reads every event.
  for (const char* role :
       {"admin", "coordinator", "approver", "viewer", "system"}) {
    EXPECT_TRUE(MayRead(role, "agencies/X", LateBy(1))) << role;
  }
  EXPECT_TRUE(MayRead("officer", "agencies/SCT", LateBy(1)));
  EXPECT_FALSE(MayRead("officer", "agencies/SKHDT", LateBy(1)));
  EXPECT_FALSE(MayRead("officer", "", LateBy(1)));
  EXPECT_FALSE(MayRead("stranger", "agencies/SCT", LateBy(1)));
  tv1::ProgrammeChanged programme;
  EXPECT_TRUE(MayRead("officer", "agencies/SKHDT",
                      EventOf("ngoaivu.tasks.v1.programme.created", programme)));
  rv1::AgencyMerged merged;
  merged.mutable_agency()->set_name("agencies/STTTT");
  merged.set_successor("agencies/SVHTTDL");
  const auto merge = EventOf("ngoaivu.registry.v1.agency.merged", merged);
  EXPECT_TRUE(MayRead("officer", "agencies/STTTT", merge));
  EXPECT_TRUE(MayRead("officer", "agencies/SVHTTDL", merge));
  EXPECT_FALSE(MayRead("officer", "agencies/SCT", merge));
  rv1::OfficialChanged official;
  official.mutable_official()->set_name("agencies/SCT/officials/lan");
  EXPECT_TRUE(MayRead("officer", "agencies/SCT",
                      EventOf("ngoaivu.registry.v1.official.updated", official)));
  dv1::Delegation d;
  d.set_agency("agencies/SCT");
  EXPECT_TRUE(MayRead("officer", "agencies/SCT",
                      EventOf("ngoaivu.delegations.v1.delegation.approved", d)));
  EXPECT_FALSE(MayRead("officer", "agencies/CA",
                       EventOf("ngoaivu.delegations.v1.delegation.approved", d)));
  dv1::Agreement a;
  a.set_proposing_agency("agencies/SCT");
  EXPECT_EQ(AudienceOf(EventOf("ngoaivu.delegations.v1.agreement.created", a))
                .agencies,
            std::vector<std::string>{"agencies/SCT"});
  // A payload nobody knows concerns no agency: officers do not see it.
  EXPECT_FALSE(MayRead("officer", "agencies/SCT",
                       EventOf("ngoaivu.other.v1.thing.done",
                               google::protobuf::Empty())));
}

TEST(CursorTest, RoundTripsAndRefusesWhatItDidNotMake) {
  const EventCursor cursor = {{"registry", {1790000000000, 3}},
                              {"tasks", {1790000000123, 0}}};
  const auto decoded = DecodeCursor(EncodeCursor(cursor));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->at("registry"), (StreamId{1790000000000, 3}));
  EXPECT_EQ(decoded->at("tasks"), (StreamId{1790000000123, 0}));
  EXPECT_FALSE(DecodeCursor("not-a-cursor"));
  EXPECT_FALSE(DecodeCursor(absl::WebSafeBase64Escape("c1;tasks=12")));
  EXPECT_FALSE(DecodeCursor(absl::WebSafeBase64Escape("c2;tasks=1-0")));
  EXPECT_FALSE(
      DecodeCursor(absl::WebSafeBase64Escape("c1;tasks=1-0;tasks=2-0")));
  EXPECT_TRUE((StreamId{1, 9}) < (StreamId{2, 0}));
  EXPECT_FALSE(StreamId::Parse("1-+2"));
}

TEST(TemplatesTest, DatesAreDayMonthYear) {
  EXPECT_EQ(VietnameseDate(ToDate(absl::CivilDay(2026, 9, 30))), "30/09/2026");
  EXPECT_EQ(VietnameseDate(ToDate(absl::CivilDay(2027, 1, 5))), "05/01/2027");
  EXPECT_EQ(VietnameseDate(google::type::Date()), "");
}

}  // namespace
}  // namespace ngoaivu::notifications
