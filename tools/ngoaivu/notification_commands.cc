// `ngoaivu notifications list|unread|read|read-all|archive|watch` and
// `ngoaivu events tail [--follow] [--after CURSOR] [--type PATTERN]`.
#include <algorithm>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/dates.h"
#include "common/registry_names.h"
#include "ngoaivu/notifications/v1/notifications_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tools/ngoaivu/interrupt.h"
#include "tools/ngoaivu/notifications_cli.h"

namespace ngoaivu::cli {
namespace {

namespace nv1 = ::ngoaivu::notifications::v1;

// The agency a bearer token names (its `agency` claim), read without
// verifying it: the service verifies; this only picks the default inbox.
std::string TokenAgency(const std::string& token) {
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  std::string payload;
  if (parts.size() != 3 || !absl::WebSafeBase64Unescape(parts[1], &payload)) {
    return "";
  }
  const auto claims = nlohmann::json::parse(payload, nullptr, false);
  if (!claims.is_object() || !claims.contains("agency") ||
      !claims["agency"].is_string()) {
    return "";
  }
  return claims["agency"].get<std::string>();
}

std::string SeverityText(nv1::Notification::Severity s) {
  return s == nv1::Notification::SEVERITY_UNSPECIFIED
             ? ""
             : absl::AsciiStrToLower(nv1::Notification::Severity_Name(s));
}

void PrintNotifications(const nv1::ListNotificationsResponse& r,
                        CliContext* c) {
  Table table({"TIME", "SEVERITY", "READ", "TITLE", "NAME"});
  for (const nv1::Notification& n : r.notifications()) {
    table.AddRow({LocalTimeText(n.create_time()), SeverityText(n.severity()),
                  n.read() ? "yes" : "", n.title(), n.name()});
  }
  c->Print(table, r);
}

void PrintNotification(const nv1::Notification& n, CliContext* c) {
  Table table({"FIELD", "VALUE"});
  table.AddRow({"name", n.name()});
  table.AddRow({"title", n.title()});
  table.AddRow({"body", n.body()});
  table.AddRow({"severity", SeverityText(n.severity())});
  table.AddRow({"subject", n.subject()});
  table.AddRow({"read", n.read() ? "yes" : "no"});
  table.AddRow({"archived", n.archived() ? "yes" : "no"});
  c->Print(table, n);
}

void AddInboxReads(CLI::App* parent, CliContext* c) {
  struct Flags {
    std::string agency, severity;
    bool unread = false, archived = false;
    std::vector<std::string> types;
  };
  auto f = std::make_shared<Flags>();
  auto* list =
      parent->add_subcommand("list", "an agency's inbox, newest first");
  list->add_option("agency", f->agency,
                   "the agency, e.g. SNGV (default: the token's own)");
  list->add_flag("--unread", f->unread, "unread ones only");
  list->add_flag("--archived", f->archived, "archived ones too");
  list->add_option("--severity", f->severity, "info, warning or critical")
      ->check(CLI::IsMember({"info", "warning", "critical"}));
  list->add_option("--type", f->types, "event types, * wildcards");
  list->callback([=] {
    nv1::ListNotificationsRequest r;
    const std::string agency =
        f->agency.empty() ? TokenAgency(c->token) : f->agency;
    if (agency.empty()) {
      return c->Fail(
          "notifications list: name the agency (e.g. SNGV); the token names "
          "none");
    }
    r.set_parent(AgencyNameFromInput(agency));
    r.set_unread_only(f->unread);
    r.set_include_archived(f->archived);
    nv1::Notification::Severity severity{};
    if (!f->severity.empty() &&
        nv1::Notification::Severity_Parse(absl::AsciiStrToUpper(f->severity),
                                          &severity)) {
      r.set_severity(severity);
    }
    for (const std::string& t : f->types) r.add_types(t);
    auto stub = nv1::NotificationsService::NewStub(c->NotificationsChannel());
    nv1::ListNotificationsResponse all;
    grpc::Status s = c->ListAll(
        r,
        [&](grpc::ClientContext* ctx, const nv1::ListNotificationsRequest& q,
            nv1::ListNotificationsResponse* out) {
          return stub->ListNotifications(ctx, q, out);
        },
        &all);
    if (!s.ok()) return c->Fail(s);
    PrintNotifications(all, c);
  });
  auto agency = std::make_shared<std::string>();
  auto* unread =
      parent->add_subcommand("unread", "how many an inbox has unread");
  unread->add_option("agency", *agency, "the agency, e.g. SNGV")->required();
  unread->callback([=] {
    nv1::GetUnreadCountRequest r;
    r.set_parent(AgencyNameFromInput(*agency));
    nv1::UnreadCount count;
    auto stub = nv1::NotificationsService::NewStub(c->NotificationsChannel());
    grpc::Status s = stub->GetUnreadCount(c->Call().get(), r, &count);
    if (!s.ok()) return c->Fail(s);
    Table table({"INBOX", "UNREAD"});
    table.AddRow({count.parent(), absl::StrCat(count.unread())});
    c->Print(table, count);
  });
}

void AddInboxChanges(CLI::App* parent, CliContext* c) {
  auto name = std::make_shared<std::string>();
  for (const bool archive : {false, true}) {
    auto* cmd = parent->add_subcommand(
        archive ? "archive" : "read",
        archive ? "archive a notification (and mark it read)"
                : "mark a notification read");
    cmd->add_option("name", *name, "agencies/{CODE}/notifications/{id}")
        ->required();
    cmd->callback([=] {
      auto stub = nv1::NotificationsService::NewStub(c->NotificationsChannel());
      nv1::Notification out;
      grpc::Status s;
      if (archive) {
        nv1::ArchiveNotificationRequest r;
        r.set_name(*name);
        r.set_request_id(c->NextRequestId());
        s = stub->ArchiveNotification(c->Call().get(), r, &out);
      } else {
        nv1::MarkReadRequest r;
        r.set_name(*name);
        r.set_request_id(c->NextRequestId());
        s = stub->MarkRead(c->Call().get(), r, &out);
      }
      if (!s.ok()) return c->Fail(s);
      PrintNotification(out, c);
    });
  }
  auto get_name = std::make_shared<std::string>();
  auto* get = parent->add_subcommand(
      "get", "show one notification whole (it stays unread)");
  get->add_option("name", *get_name, "agencies/{CODE}/notifications/{id}")
      ->required();
  get->callback([=] {
    auto stub = nv1::NotificationsService::NewStub(c->NotificationsChannel());
    nv1::GetNotificationRequest r;
    r.set_name(*get_name);
    nv1::Notification out;
    grpc::Status s = stub->GetNotification(c->Call().get(), r, &out);
    if (!s.ok()) return c->Fail(s);
    PrintNotification(out, c);
  });
  auto agency = std::make_shared<std::string>();
  auto* all = parent->add_subcommand("read-all", "mark a whole inbox read");
  all->add_option("agency", *agency, "the agency, e.g. SNGV")->required();
  all->callback([=] {
    nv1::MarkAllReadRequest r;
    r.set_parent(AgencyNameFromInput(*agency));
    r.set_request_id(c->NextRequestId());
    nv1::UnreadCount count;
    auto stub = nv1::NotificationsService::NewStub(c->NotificationsChannel());
    grpc::Status s = stub->MarkAllRead(c->Call().get(), r, &count);
    if (!s.ok()) return c->Fail(s);
    Table table({"INBOX", "UNREAD"});
    table.AddRow({count.parent(), absl::StrCat(count.unread())});
    c->Print(table, count);
  });
}

// A context without a deadline (a stream runs until stopped), carrying the
// token.
std::unique_ptr<grpc::ClientContext> StreamCall(const CliContext& c) {
  auto context = c.Call();
  context->set_deadline(std::chrono::system_clock::time_point::max());
  return context;
}

void AddWatch(CLI::App* parent, CliContext* c) {
  auto agency = std::make_shared<std::string>();
  auto* watch = parent->add_subcommand(
      "watch",
      "print an inbox's new notifications as they arrive (Ctrl-C "
      "stops)");
  watch->add_option("agency", *agency, "the agency, e.g. SNGV")->required();
  watch->callback([=] {
    nv1::WatchNotificationsRequest r;
    r.set_parent(AgencyNameFromInput(*agency));
    auto stub = nv1::NotificationsService::NewStub(c->NotificationsChannel());
    auto context = StreamCall(*c);
    auto reader = stub->WatchNotifications(context.get(), r);
    OnInterrupt interrupt([&context] { context->TryCancel(); });
    nv1::WatchNotificationsResponse pushed;
    while (reader->Read(&pushed)) {
      const nv1::Notification& n = pushed.notification();
      if (c->IsJson()) {
        std::cout << c->Json(pushed) << std::flush;
        continue;
      }
      std::cout << LocalTimeText(n.create_time()) << "  "
                << SeverityText(n.severity()) << "  " << n.title() << "  ("
                << pushed.unread() << " unread)\n"
                << std::flush;
    }
    grpc::Status s = reader->Finish();
    if (!s.ok() && !interrupt.interrupted()) c->Fail(s);
  });
}

struct TailFlags {
  bool follow = false;
  bool from_oldest = false;
  std::string after;
  std::vector<std::string> types;
};

// Reads one StreamEvents call from `*cursor`, printing its events and
// moving the cursor; `caught_up` is set when it ended because, without
// --follow, the backlog was all printed, `opened` once the server answered.
grpc::Status ReadEvents(const CliContext& c, nv1::EventService::Stub& stub,
                        const TailFlags& f, bool from_oldest,
                        const std::function<void(grpc::ClientContext*)>& track,
                        std::string* cursor, bool* caught_up, bool* opened) {
  nv1::StreamEventsRequest r;
  r.set_after(*cursor);
  r.set_from_oldest(from_oldest);
  for (const std::string& t : f.types) r.add_types(t);
  auto context = StreamCall(c);
  // Following again: wait until the server is back rather than fail.
  context->set_wait_for_ready(!from_oldest && *opened);
  track(context.get());
  auto reader = stub.StreamEvents(context.get(), r);
  nv1::StreamEventsResponse response;
  while (reader->Read(&response)) {
    *opened = true;
    *cursor = response.cursor();
    if (response.heartbeat()) {
      // Caught up: without --follow, that is all there is.
      if (!f.follow) {
        *caught_up = true;
        context->TryCancel();
        break;
      }
      continue;
    }
    const events::v1::Event& e = response.event();
    if (c.IsJson()) {
      std::cout << c.Json(response) << std::flush;
      continue;
    }
    std::cout << LocalTimeText(e.time()) << "  " << e.type() << "  "
              << e.subject() << "  " << e.id() << "\n"
              << std::flush;
  }
  grpc::Status s = reader->Finish();
  track(nullptr);
  return s;
}

// With --follow, a server that stops or restarts (a rollout) is followed
// again from the last cursor once it is back: nothing is lost or repeated.
void TailEvents(CliContext* c, const TailFlags& f) {
  auto stub = nv1::EventService::NewStub(c->NotificationsChannel());
  std::mutex mutex;
  grpc::ClientContext* current = nullptr;
  // Ctrl-C ends the stream; the cursor is printed all the same.
  OnInterrupt interrupt([&] {
    std::lock_guard<std::mutex> lock(mutex);
    if (current != nullptr) current->TryCancel();
  });
  auto track = [&](grpc::ClientContext* context) {
    std::lock_guard<std::mutex> lock(mutex);
    current = interrupt.interrupted() ? nullptr : context;
    if (context != nullptr && current == nullptr) context->TryCancel();
  };
  std::string cursor = f.after;
  bool caught_up = false;
  bool opened = false;  // a server that never answered is not waited for
  bool said = false;
  grpc::Status s;
  absl::Duration backoff = absl::Milliseconds(250);
  for (bool first = true;; first = false) {
    const std::string before = cursor;
    s = ReadEvents(*c, *stub, f, first && f.from_oldest, track, &cursor,
                   &caught_up, &opened);
    // A server shutting down refuses new calls as CANCELLED.
    const bool went_away = s.error_code() == grpc::StatusCode::UNAVAILABLE ||
                           s.error_code() == grpc::StatusCode::CANCELLED;
    if (s.ok() || caught_up || interrupt.interrupted() || !f.follow ||
        !opened || !went_away) {
      break;
    }
    if (cursor != before) {
      backoff = absl::Milliseconds(250);
      said = false;
    }
    if (!said) {  // once an outage
      said = true;
      std::cerr << "the notifications service went away (" << s.error_message()
                << "); following again from the last cursor once it is back\n";
    }
    for (absl::Time until = absl::Now() + backoff;
         absl::Now() < until && !interrupt.interrupted();) {
      absl::SleepFor(absl::Milliseconds(50));
    }
    backoff = std::min(backoff * 2, absl::Seconds(5));
  }
  std::cout.flush();
  std::cerr << "cursor: " << cursor << "\n";
  if (!s.ok() && !caught_up && !interrupt.interrupted()) c->Fail(s);
}

void AddEventsTail(CLI::App& app, CliContext* c) {
  auto f = std::make_shared<TailFlags>();
  auto* events = app.add_subcommand("events", "the suite's events");
  events->require_subcommand(1);
  auto* tail = events->add_subcommand(
      "tail",
      "print the events after a cursor (default: from now; --from-oldest: "
      "all still kept) as you may read them, returning once caught up "
      "(--follow: until Ctrl-C, following again after a restart of the "
      "server); the last cursor goes to stderr, to resume from");
  tail->add_flag("-f,--follow", f->follow,
                 "keep printing new events (Ctrl-C stops)");
  tail->add_option("--after", f->after, "resume after this cursor");
  tail->add_flag("--from-oldest", f->from_oldest,
                 "start from the oldest event still kept")
      ->excludes("--after");
  tail->add_option("--type", f->types,
                   "event types, * wildcards (ngoaivu.tasks.*)");
  tail->callback([=] { TailEvents(c, *f); });
}

}  // namespace

void AddInboxCommands(CLI::App& app, CliContext* c) {
  auto* notifications = app.add_subcommand(
      "notifications", "an agency's inbox: what it has been told");
  notifications->require_subcommand(1);
  AddInboxReads(notifications, c);
  AddInboxChanges(notifications, c);
  AddWatch(notifications, c);
  AddEventsTail(app, c);
}

}  // namespace ngoaivu::cli
