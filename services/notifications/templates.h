// The Vietnamese words of a notification: a title and a body per event
// type, dates written dd/MM/yyyy in the province's time (UTC+7), e.g.
// "Nhắc việc: Đăng ký chương trình đối ngoại nhân dân năm 2027 — hạn
// 30/09/2026, còn 7 ngày". Plain C++ over the event and what the service
// knows of the names it mentions.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_TEMPLATES_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_TEMPLATES_H_

#include <functional>
#include <string>

#include "absl/time/civil_time.h"
#include "google/type/date.pb.h"
#include "ngoaivu/events/v1/event.pb.h"

namespace ngoaivu::notifications {

// "30/09/2026"; "" for an unset or impossible date.
std::string VietnameseDate(const google::type::Date& date);

// Texts name things as people call them, never by resource name (that
// stays in Notification.subject): a duty by its title, an agency or group
// by its Vietnamese name, an official by full name.
struct TemplateContext {
  // What people call a resource (a duty's title, an agency's or group's
  // display name, an official's "full name, position"); "" when unknown,
  // then the code at the end of its resource name stands in.
  std::function<std::string(const std::string& resource)> name_of;
};

struct Rendered {
  std::string title;
  std::string body;
};

Rendered Render(const events::v1::Event& event, const TemplateContext& context);

// The request to an agency's head to explain why an obligation is late,
// from its overdue reminder `overdue`.
Rendered RenderExplanationRequest(const events::v1::Event& overdue,
                                  const TemplateContext& context);

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_TEMPLATES_H_
