#include "services/tasks/delegation_follow_ups.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/ids.h"
#include "ngoaivu/delegations/v1/resources.pb.h"

namespace ngoaivu::tasks {
namespace {

namespace dv1 = ::ngoaivu::delegations::v1;

constexpr char kReturnedHome[] =
    "ngoaivu.delegations.v1.delegation.returned_home";
constexpr char kOutcomeRecorded[] =
    "ngoaivu.delegations.v1.delegation.outcome_recorded";

// A request id of the effect `what` of `event` (ids fit request_id's
// 64 characters).
std::string RequestIdOf(const events::v1::Event& event,
                        absl::string_view what) {
  return absl::StrCat(what, ":", Sha256Hex(event.id()).substr(0, 32));
}

// Short ids derived from the delegation: ids of any length fit a duty id.
std::string ShortIdOf(const std::string& delegation) {
  return Sha256Hex(delegation).substr(0, 16);
}

bool AlreadyThere(const absl::Status& s) {
  return s.ok() || s.code() == absl::StatusCode::kAlreadyExists;
}

}  // namespace

std::string FollowUpProgramme(int year) {
  return absl::StrCat("programmes/follow-up-", year);
}

std::string PostTripDutyId(const std::string& delegation) {
  return absl::StrCat("post-trip-", ShortIdOf(delegation));
}

absl::Status DelegationFollowUps::EnsureProgramme(const CallContext& call,
                                                  int year) {
  const std::string name = FollowUpProgramme(year);
  v1::GetProgrammeRequest get;
  get.set_name(name);
  auto found = programmes_->GetProgramme(call, get);
  if (found.ok() && found->state() != v1::Programme::DRAFT) {
    return absl::OkStatus();
  }
  if (!found.ok() && found.status().code() != absl::StatusCode::kNotFound) {
    return found.status();
  }
  if (!found.ok()) {
    v1::CreateProgrammeRequest create;
    create.set_programme_id(absl::StrCat("follow-up-", year));
    v1::Programme* p = create.mutable_programme();
    // The delegations' follow-up carries out IV.2 of Decision 2488: DOFA
    // manages delegations in and out.
    p->set_decision_number("2488/QĐ-UBND");
    *p->mutable_decision_date() = ToDate(absl::CivilDay(2011, 12, 6));
    p->set_issuing_body("agencies/UBND");
    p->set_title(absl::StrCat(
        "Báo cáo sau chuyến đi và việc tiếp theo của các đoàn năm ", year));
    p->set_ad_hoc(true);
    create.set_request_id(absl::StrCat("follow-up-programme-", year));
    auto created = programmes_->CreateProgramme(call, create);
    if (!AlreadyThere(created.status())) return created.status();
  }
  v1::ActivateProgrammeRequest activate;
  activate.set_name(name);
  *activate.mutable_track_from() = ToDate(absl::CivilDay(year, 1, 1));
  activate.set_request_id(absl::StrCat("follow-up-activation-", year));
  auto activated = programmes_->ActivateProgramme(call, activate);
  if (activated.ok() ||
      activated.status().code() == absl::StatusCode::kFailedPrecondition) {
    return absl::OkStatus();  // active already (another replica was first)
  }
  return activated.status();
}

absl::Status DelegationFollowUps::CreateDutyOnce(
    const CallContext& call, int year, const std::string& duty_id,
    v1::Duty duty, const std::string& request_id) {
  v1::CreateDutyRequest create;
  create.set_parent(FollowUpProgramme(year));
  create.set_duty_id(duty_id);
  *create.mutable_duty() = std::move(duty);
  create.set_request_id(request_id);
  return duties_->CreateDuty(call, create).status();
}

absl::Status DelegationFollowUps::Follow(const events::v1::Event& event,
                                         absl::Time deadline) {
  if (event.type() != kReturnedHome && event.type() != kOutcomeRecorded) {
    return absl::OkStatus();
  }
  dv1::Delegation d;
  if (!event.data().UnpackTo(&d)) {
    return absl::InvalidArgumentError(
        absl::StrCat(event.type(), " without its delegation"));
  }
  const CallContext call = EffectCall("tasks-service", event, deadline);
  const absl::CivilDay today = ProvinceDay(FromTimestamp(event.time()));
  const int year = static_cast<int>(today.year());
  if (event.type() == kReturnedHome) {
    if (d.direction() != dv1::Delegation::OUTBOUND) return absl::OkStatus();
    if (auto s = EnsureProgramme(call, year); !s.ok()) return s;
    const auto back = ToCivilDay(d.end_date());
    const absl::CivilDay due =
        std::max(back.value_or(today), today) + post_trip_report_days_;
    v1::Duty duty;
    duty.set_title(
        absl::StrCat("Báo cáo kết quả chuyến công tác: ", d.title()));
    duty.set_description(absl::StrCat(
        "Báo cáo kết quả đoàn ", d.name(), " gửi Sở Ngoại vụ trong ",
        post_trip_report_days_, " ngày sau khi về nước."));
    duty.set_source(d.name());
    duty.set_lead_agency(d.agency());
    *duty.mutable_schedule()->mutable_due_date() = ToDate(due);
    // Open at once: the period opens lead_time_days before it is due.
    duty.set_lead_time_days(static_cast<int>(due - today) + 1);
    duty.set_submitted_through_coordinator(true);
    absl::Status s =
        CreateDutyOnce(call, year, PostTripDutyId(d.name()), std::move(duty),
                       RequestIdOf(event, "post-trip"));
    return AlreadyThere(s) ? absl::OkStatus() : s;
  }
  if (d.direction() != dv1::Delegation::INBOUND ||
      d.outcome().follow_up_duties().empty()) {
    return absl::OkStatus();
  }
  if (auto s = EnsureProgramme(call, year); !s.ok()) return s;
  for (int i = 0; i < d.outcome().follow_up_duties_size(); ++i) {
    v1::Duty duty;
    duty.set_title(d.outcome().follow_up_duties(i));
    duty.set_description(
        absl::StrCat("Việc tiếp theo sau chuyến thăm của đoàn ", d.name()));
    duty.set_source(d.name());
    duty.set_lead_agency(d.agency());
    duty.mutable_schedule()->mutable_continuing();
    const std::string id =
        absl::StrCat("visit-", ShortIdOf(d.name()), "-", i + 1);
    absl::Status s = CreateDutyOnce(call, year, id, std::move(duty),
                                    RequestIdOf(event, absl::StrCat("f", i)));
    if (!AlreadyThere(s)) return s;
  }
  return absl::OkStatus();
}

}  // namespace ngoaivu::tasks
