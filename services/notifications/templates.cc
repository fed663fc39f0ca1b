#include "services/notifications/templates.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "ngoaivu/delegations/v1/resources.pb.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"

namespace ngoaivu::notifications {
namespace {

namespace tv1 = ::ngoaivu::tasks::v1;
namespace dv1 = ::ngoaivu::delegations::v1;
using Event = events::v1::Event;

// "programmes/p/duties/d/obligations/o" -> "programmes/p/duties/d".
std::string DutyOf(const std::string& obligation) {
  const size_t at = obligation.find("/obligations/");
  return at == std::string::npos ? obligation : obligation.substr(0, at);
}

std::string WhatOf(const tv1::Obligation& o, const TemplateContext& c) {
  std::string title = c.duty_title ? c.duty_title(DutyOf(o.name())) : "";
  if (title.empty()) {
    title = o.section().empty() ? DutyOf(o.name())
                                : absl::StrCat("mục ", o.section());
  }
  return o.period().empty() ? title
                            : absl::StrCat(title, " (", o.period(), ")");
}

std::string DueText(const tv1::Obligation& o) {
  const std::string due = VietnameseDate(o.due_date());
  return due.empty() ? "" : absl::StrCat(" — hạn ", due);
}

Rendered Obligation(const Event& e, const TemplateContext& c) {
  const std::string verb = e.type().substr(e.type().rfind('.') + 1);
  if (e.data().Is<tv1::ObligationReminder>()) {
    tv1::ObligationReminder r;
    e.data().UnpackTo(&r);
    const std::string what = WhatOf(r.obligation(), c);
    if (verb == "overdue") {
      return {absl::StrCat("Quá hạn: ", what, DueText(r.obligation()),
                           ", đã trễ ", r.days(), " ngày"),
              absl::StrCat("Đề nghị ", r.obligation().agency(),
                           " khẩn trương thực hiện và báo cáo ",
                           r.obligation().name(), ".")};
    }
    return {absl::StrCat("Nhắc việc: ", what, DueText(r.obligation()), ", còn ",
                         r.days(), " ngày"),
            absl::StrCat("Nhắc ", r.obligation().agency(), " thực hiện ",
                         r.obligation().name(), ".")};
  }
  tv1::Obligation o;
  std::string reason;
  if (e.data().Is<tv1::ObligationReassigned>()) {
    tv1::ObligationReassigned r;
    e.data().UnpackTo(&r);
    o = r.obligation();
    reason = r.reason();
  } else {
    tv1::ObligationChanged r;
    e.data().UnpackTo(&r);
    o = r.obligation();
    reason = r.reason();
  }
  static const auto* kHeads = new std::map<std::string, std::string>{
      {"opened", "Việc mới"},          {"submitted", "Báo cáo đã gửi"},
      {"returned", "Bị trả lại"},      {"accepted", "Đã chấp nhận"},
      {"waived", "Được miễn"},         {"cancelled", "Đã hủy"},
      {"reassigned", "Được giao lại"}, {"flagged", "Cần giao lại"}};
  auto head = kHeads->find(verb);
  std::string body = absl::StrCat(o.name(), " — ", o.agency(), ".");
  if (!reason.empty()) absl::StrAppend(&body, " Lý do: ", reason);
  return {absl::StrCat(head == kHeads->end() ? "Cập nhật" : head->second, ": ",
                       WhatOf(o, c), DueText(o)),
          body};
}

Rendered Delegation(const Event& e) {
  dv1::Delegation d;
  e.data().UnpackTo(&d);
  const std::string verb = e.type().substr(e.type().rfind('.') + 1);
  static const auto* kHeads = new std::map<std::string, std::string>{
      {"submitted", "Đề nghị cho đoàn cần xem xét"},
      {"under_review", "Sở Ngoại vụ đang xem xét đoàn"},
      {"returned", "Hồ sơ đoàn bị trả lại"},
      {"forwarded", "Đoàn chờ lãnh đạo UBND quyết định"},
      {"approved", "Đoàn đã được phê duyệt"},
      {"rejected", "Đoàn không được phê duyệt"},
      {"amended", "Quyết định về đoàn đã được sửa đổi"},
      {"cancelled", "Đoàn đã hủy"},
      {"returned_home", "Đoàn đã về nước: cần báo cáo kết quả"},
      {"reported", "Đoàn đã báo cáo kết quả"},
      {"opinion_given", "Đã có ý kiến về đoàn"},
      {"outcome_recorded", "Kết quả chuyến thăm đã được ghi nhận"},
      {"agency_merged", "Đoàn chuyển sang cơ quan hợp nhất"}};
  auto head = kHeads->find(verb);
  std::string dates;
  const std::string from = VietnameseDate(d.start_date());
  const std::string to = VietnameseDate(d.end_date());
  if (!from.empty()) dates = absl::StrCat(" (", from, " – ", to, ")");
  std::string body = absl::StrCat(d.name(), " — ", d.agency(), ".");
  if (!d.state_reason().empty()) {
    absl::StrAppend(&body, " Lý do: ", d.state_reason());
  }
  if (!d.decisions().empty()) {
    const auto& last = *d.decisions().rbegin();
    absl::StrAppend(&body, " Quyết định số ", last.number(), " ngày ",
                    VietnameseDate(last.date()), ".");
  }
  return {
      absl::StrCat(head == kHeads->end() ? "Cập nhật về đoàn" : head->second,
                   ": ", d.title(), dates),
      body};
}

Rendered Agreement(const Event& e) {
  dv1::Agreement a;
  e.data().UnpackTo(&a);
  const std::string verb = e.type().substr(e.type().rfind('.') + 1);
  static const auto* kHeads = new std::map<std::string, std::string>{
      {"submitted", "Thỏa thuận quốc tế cần xem xét"},
      {"opinions_requested", "Đề nghị cho ý kiến về thỏa thuận"},
      {"opinion_given", "Đã có ý kiến về thỏa thuận"},
      {"approved", "Thỏa thuận được phép ký"},
      {"rejected", "Thỏa thuận không được phép ký"},
      {"signed", "Thỏa thuận đã ký"},
      {"in_force", "Thỏa thuận có hiệu lực"},
      {"expired", "Thỏa thuận hết hiệu lực"},
      {"terminated", "Thỏa thuận chấm dứt"}};
  auto head = kHeads->find(verb);
  return {absl::StrCat(
              head == kHeads->end() ? "Cập nhật về thỏa thuận" : head->second,
              ": ", a.subject(), " (", a.foreign_party(), ")"),
          absl::StrCat(a.name(), " — ", a.proposing_agency(), ".")};
}

Rendered Duty(const Event& e) {
  tv1::DutyChanged changed;
  e.data().UnpackTo(&changed);
  const tv1::Duty& duty = changed.duty();
  const std::string verb = e.type().substr(e.type().rfind('.') + 1);
  const char* head = verb == "created"     ? "Nhiệm vụ mới"
                     : verb == "cancelled" ? "Nhiệm vụ đã hủy"
                                           : "Nhiệm vụ được điều chỉnh";
  std::string body = duty.name();
  if (!duty.section().empty())
    absl::StrAppend(&body, " (mục ", duty.section(), ")");
  if (!duty.lead_agency().empty()) {
    absl::StrAppend(&body, " — chủ trì: ", duty.lead_agency());
  }
  if (!changed.reason().empty()) {
    absl::StrAppend(&body, ". Lý do: ", changed.reason());
  }
  return {absl::StrCat(head, ": ", duty.title()), body};
}

}  // namespace

std::string VietnameseDate(const google::type::Date& date) {
  const auto day = ToCivilDay(date);
  if (!day) return "";
  return absl::StrCat(absl::Dec(day->day(), absl::kZeroPad2), "/",
                      absl::Dec(day->month(), absl::kZeroPad2), "/",
                      absl::Dec(day->year(), absl::kZeroPad4));
}

Rendered RenderExplanationRequest(const events::v1::Event& overdue,
                                  const TemplateContext& context) {
  tv1::ObligationReminder r;
  overdue.data().UnpackTo(&r);
  const tv1::Obligation& o = r.obligation();
  return {absl::StrCat("Yêu cầu giải trình: ", WhatOf(o, context),
                       DueText(o), ", đã trễ ", r.days(), " ngày"),
          absl::StrCat(
              "Sở Ngoại vụ đề nghị Thủ trưởng ", o.agency(),
              " báo cáo giải trình lý do chậm thực hiện ", o.name(),
              " và thời hạn hoàn thành (Quyết định 2488/QĐ-UBND, mục IV.12: "
              "Sở Ngoại vụ theo dõi, đôn đốc triển khai thực hiện).")};
}

Rendered Render(const events::v1::Event& event,
                const TemplateContext& context) {
  const std::string& type = event.type();
  if (absl::StrContains(type, ".obligation."))
    return Obligation(event, context);
  if (absl::StrContains(type, ".delegation.")) return Delegation(event);
  if (absl::StrContains(type, ".agreement.")) return Agreement(event);
  if (absl::StrContains(type, ".duty.")) return Duty(event);
  const std::string verb = type.substr(type.find(".v1.") + 4);
  return {absl::StrCat("Cập nhật: ", verb, " — ", event.subject()),
          absl::StrCat(event.subject(), " (", event.actor().subject(), ")")};
}

}  // namespace ngoaivu::notifications
