#include "services/notifications/templates.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "ngoaivu/delegations/v1/resources.pb.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"

namespace ngoaivu::notifications {
namespace {

namespace tv1 = ::ngoaivu::tasks::v1;
namespace dv1 = ::ngoaivu::delegations::v1;
namespace rv1 = ::ngoaivu::registry::v1;
using Event = events::v1::Event;

std::string VerbOf(const Event& e) {
  return e.type().substr(e.type().rfind('.') + 1);
}

// "programmes/p/duties/d/obligations/o" -> "programmes/p/duties/d".
std::string DutyOf(const std::string& obligation) {
  const size_t at = obligation.find("/obligations/");
  return at == std::string::npos ? obligation : obligation.substr(0, at);
}

// What people call `resource`: its name as the service heard it, else the
// code at the end of its resource name ("agencies/SCT" -> "SCT").
std::string Called(const std::string& resource, const TemplateContext& c) {
  if (resource.empty()) return "";
  std::string name = c.name_of ? c.name_of(resource) : "";
  if (!name.empty()) return name;
  return resource.substr(resource.rfind('/') + 1);
}

std::string WhatOf(const tv1::Obligation& o, const TemplateContext& c) {
  std::string title = c.name_of ? c.name_of(DutyOf(o.name())) : "";
  if (title.empty()) {
    title = o.section().empty() ? DutyOf(o.name())
                                : absl::StrCat("mục ", o.section());
  }
  return o.period().empty() ? title
                            : absl::StrCat(title, " (", o.period(), ")");
}

std::string DueText(const tv1::Obligation& o) {
  const std::string due = VietnameseDate(o.due_date());
  if (due.empty()) return "";
  if (o.due_before_tracking()) {
    return absl::StrCat(" — hạn ", due,
                        " đã qua trước khi được theo dõi, chờ Sở Ngoại vụ "
                        "định hạn mới");
  }
  return absl::StrCat(" — hạn ", due);
}

Rendered Obligation(const Event& e, const TemplateContext& c) {
  const std::string verb = VerbOf(e);
  if (e.data().Is<tv1::ObligationReminder>()) {
    tv1::ObligationReminder r;
    e.data().UnpackTo(&r);
    const std::string what = WhatOf(r.obligation(), c);
    const std::string agency = Called(r.obligation().agency(), c);
    if (verb == "overdue") {
      return {absl::StrCat("Quá hạn: ", what, DueText(r.obligation()),
                           ", đã trễ ", r.days(), " ngày"),
              absl::StrCat("Đề nghị ", agency,
                           " khẩn trương thực hiện và báo cáo: ", what, ".")};
    }
    return {absl::StrCat("Nhắc việc: ", what, DueText(r.obligation()), ", còn ",
                         r.days(), " ngày"),
            absl::StrCat("Nhắc ", agency, " thực hiện: ", what, ".")};
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
      {"reassigned", "Được giao lại"}, {"flagged", "Cần giao lại"},
      {"rescheduled", "Hạn mới"}};
  auto head = kHeads->find(verb);
  const std::string agency = Called(o.agency(), c);
  // DOFA reads what many agencies sent: the title says whose it is.
  const bool whose = verb == "submitted" || verb == "flagged";
  std::string body = verb == "submitted"
                         ? absl::StrCat(agency,
                                        " đã gửi báo cáo, chờ Sở "
                                        "Ngoại vụ xem xét.")
                         : absl::StrCat("Cơ quan thực hiện: ", agency, ".");
  if (!reason.empty()) absl::StrAppend(&body, " Lý do: ", reason);
  return {absl::StrCat(head == kHeads->end() ? "Cập nhật" : head->second, ": ",
                       WhatOf(o, c), whose ? absl::StrCat(" — ", agency) : "",
                       DueText(o)),
          body};
}

Rendered Delegation(const Event& e, const TemplateContext& c) {
  dv1::Delegation d;
  e.data().UnpackTo(&d);
  const std::string verb = VerbOf(e);
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
  std::string body =
      absl::StrCat("Cơ quan đề nghị: ", Called(d.agency(), c), ".");
  if (!d.state_reason().empty()) {
    absl::StrAppend(&body, " Lý do: ", d.state_reason());
  }
  if (!d.decisions().empty()) {
    const auto& last = *d.decisions().rbegin();
    absl::StrAppend(&body, " Quyết định số ", last.number(), " ngày ",
                    VietnameseDate(last.date()));
    if (!last.signer().empty()) {
      absl::StrAppend(&body, ", người ký: ", Called(last.signer(), c));
    }
    absl::StrAppend(&body, ".");
  }
  return {
      absl::StrCat(head == kHeads->end() ? "Cập nhật về đoàn" : head->second,
                   ": ", d.title(), dates),
      body};
}

Rendered Agreement(const Event& e, const TemplateContext& c) {
  dv1::Agreement a;
  e.data().UnpackTo(&a);
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
  auto head = kHeads->find(VerbOf(e));
  return {
      absl::StrCat(
          head == kHeads->end() ? "Cập nhật về thỏa thuận" : head->second, ": ",
          a.subject(), " (", a.foreign_party(), ")"),
      absl::StrCat("Cơ quan đề xuất: ", Called(a.proposing_agency(), c), ".")};
}

Rendered Duty(const Event& e, const TemplateContext& c) {
  tv1::DutyChanged changed;
  e.data().UnpackTo(&changed);
  const tv1::Duty& duty = changed.duty();
  const std::string verb = VerbOf(e);
  const char* head = verb == "created"     ? "Nhiệm vụ mới"
                     : verb == "cancelled" ? "Nhiệm vụ đã hủy"
                                           : "Nhiệm vụ được điều chỉnh";
  std::string body;
  if (!duty.section().empty()) absl::StrAppend(&body, "Mục ", duty.section());
  if (!duty.lead_agency().empty()) {
    absl::StrAppend(&body, body.empty() ? "Chủ trì: " : " — chủ trì: ",
                    Called(duty.lead_agency(), c));
  } else if (!duty.group().empty()) {
    absl::StrAppend(&body, body.empty() ? "Thực hiện: " : " — thực hiện: ",
                    Called(duty.group(), c));
  }
  if (!changed.reason().empty()) {
    absl::StrAppend(&body, ". Lý do: ", changed.reason());
  }
  if (!body.empty()) absl::StrAppend(&body, ".");
  return {absl::StrCat(head, ": ", duty.title()), body};
}

// The registry's changes, by what people call the agency, group or
// official.
Rendered Registry(const Event& e, const TemplateContext& c) {
  const std::string verb = e.type().substr(e.type().find(".v1.") + 4);
  if (e.data().Is<rv1::OfficialChanged>()) {
    rv1::OfficialChanged changed;
    e.data().UnpackTo(&changed);
    const rv1::Official& o = changed.official();
    const std::string agency =
        Called(o.name().substr(0, o.name().find("/officials/")), c);
    return {absl::StrCat(verb == "official.created" ? "Cán bộ mới: "
                                                    : "Cập nhật cán bộ: ",
                         o.full_name(), ", ", o.position(), " — ", agency),
            absl::StrCat(o.full_name(), ", ", o.position(), ", ", agency,
                         o.state() == rv1::Official::LEFT
                             ? " (đã thôi công tác tại cơ quan)."
                             : ".")};
  }
  rv1::Agency agency;
  std::string extra;
  if (e.data().Is<rv1::AgencyCreated>()) {
    rv1::AgencyCreated x;
    e.data().UnpackTo(&x);
    agency = x.agency();
  } else if (e.data().Is<rv1::AgencyUpdated>()) {
    rv1::AgencyUpdated x;
    e.data().UnpackTo(&x);
    agency = x.agency();
  } else if (e.data().Is<rv1::AgencyDissolved>()) {
    rv1::AgencyDissolved x;
    e.data().UnpackTo(&x);
    agency = x.agency();
    if (!x.reason().empty()) extra = absl::StrCat(" Lý do: ", x.reason());
  } else if (e.data().Is<rv1::AgencyMerged>()) {
    rv1::AgencyMerged x;
    e.data().UnpackTo(&x);
    agency = x.agency();
    extra = absl::StrCat(" Hợp nhất vào ", Called(x.successor(), c), ".");
    if (!x.reason().empty()) absl::StrAppend(&extra, " Lý do: ", x.reason());
  } else if (e.data().Is<rv1::AgencyGroupChanged>() ||
             e.data().Is<rv1::AgencyGroupMembersChanged>()) {
    rv1::AgencyGroup group;
    std::string members;
    if (e.data().Is<rv1::AgencyGroupChanged>()) {
      rv1::AgencyGroupChanged x;
      e.data().UnpackTo(&x);
      group = x.group();
    } else {
      rv1::AgencyGroupMembersChanged x;
      e.data().UnpackTo(&x);
      group = x.group();
      for (const std::string& a : x.agencies()) {
        absl::StrAppend(&members, members.empty() ? "" : ", ", Called(a, c));
      }
    }
    static const auto* kGroupHeads = new std::map<std::string, std::string>{
        {"group.created", "Nhóm cơ quan mới"},
        {"group.updated", "Cập nhật nhóm cơ quan"},
        {"group.members_added", "Thêm thành viên nhóm"},
        {"group.members_removed", "Bớt thành viên nhóm"}};
    auto head = kGroupHeads->find(verb);
    return {absl::StrCat(head == kGroupHeads->end() ? "Cập nhật nhóm cơ quan"
                                                    : head->second,
                         ": ", group.display_name()),
            members.empty()
                ? absl::StrCat(group.display_name(), ".")
                : absl::StrCat(group.display_name(), ": ", members, ".")};
  }
  static const auto* kHeads = new std::map<std::string, std::string>{
      {"agency.created", "Cơ quan mới"},
      {"agency.updated", "Cập nhật thông tin cơ quan"},
      {"agency.dissolved", "Cơ quan giải thể"},
      {"agency.merged", "Cơ quan hợp nhất"}};
  auto head = kHeads->find(verb);
  const std::string name = agency.display_name().empty()
                               ? Called(e.subject(), c)
                               : agency.display_name();
  return {absl::StrCat(head == kHeads->end() ? "Cập nhật" : head->second, ": ",
                       name),
          absl::StrCat(name, ".", extra)};
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
  return {absl::StrCat("Yêu cầu giải trình: ", WhatOf(o, context), DueText(o),
                       ", đã trễ ", r.days(), " ngày"),
          absl::StrCat(
              "Sở Ngoại vụ đề nghị Thủ trưởng ", Called(o.agency(), context),
              " báo cáo giải trình lý do chậm thực hiện ", WhatOf(o, context),
              " và thời hạn hoàn thành (Quyết định 2488/QĐ-UBND, mục IV.12: "
              "Sở Ngoại vụ theo dõi, đôn đốc triển khai thực hiện).")};
}

Rendered Render(const events::v1::Event& event,
                const TemplateContext& context) {
  const std::string& type = event.type();
  if (absl::StrContains(type, ".obligation."))
    return Obligation(event, context);
  if (absl::StrContains(type, ".delegation."))
    return Delegation(event, context);
  if (absl::StrContains(type, ".agreement.")) return Agreement(event, context);
  if (absl::StrContains(type, ".duty.")) return Duty(event, context);
  if (absl::StartsWith(type, "ngoaivu.registry.")) {
    return Registry(event, context);
  }
  return {absl::StrCat("Cập nhật: ", Called(event.subject(), context)),
          absl::StrCat(Called(event.subject(), context), ".")};
}

}  // namespace ngoaivu::notifications
