// What every CLI command shares: where the services are, how to print, and
// how long to wait.
#ifndef NGOAIVU_TOOLS_NGOAIVU_CLI_CONTEXT_H_
#define NGOAIVU_TOOLS_NGOAIVU_CLI_CONTEXT_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "common/call_context.h"
#include "common/ids.h"
#include "common/outgoing_call.h"
#include "tools/ngoaivu/language.h"
#include "tools/ngoaivu/output.h"

namespace ngoaivu::cli {

struct CliContext {
  std::string registry = "127.0.0.1:15051";
  std::string tasks = "127.0.0.1:15052";
  std::string delegations = "127.0.0.1:15053";
  std::string notifications = "127.0.0.1:15054";
  std::string output = "table";
  double timeout_seconds = 10;
  std::string request_id;     // empty: a new UUID per mutation
  std::string token;          // bearer token sent with every call
  std::string tls_ca_file;    // TLS is used when set
  std::string tls_cert_file;  // client certificate (mutual TLS)
  std::string tls_key_file;
  // Calls enter records of the past (imports, history): their events are
  // marked backfill and reach no inbox.
  bool backfill = false;
  // CSV starts with a UTF-8 byte-order mark, so Excel reads Vietnamese.
  bool csv_bom = false;
  // How many items a list prints: -1 = the format's default (kDefaultLimit
  // for a table, which people read; everything for JSON and CSV, which
  // tools read), 0 = all.
  int limit = -1;
  static constexpr int kDefaultLimit = 50;
  int exit_code = 0;

  int ListLimit() const {
    if (limit >= 0) return limit;
    return IsTable() ? kDefaultLimit : 0;
  }

  Format format() const {
    if (output == "json") return Format::kJson;
    if (output == "jsonl") return Format::kJsonLines;
    if (output == "csv") return Format::kCsv;
    if (output == "wide") return Format::kWide;
    return Format::kTable;
  }
  bool IsTable() const {
    return format() == Format::kTable || format() == Format::kWide;
  }
  bool IsJson() const {
    return format() == Format::kJson || format() == Format::kJsonLines;
  }
  // `message` as -o json or -o jsonl asks (indented, or one line).
  std::string Json(const google::protobuf::Message& message) const {
    return ToJson(message, format() == Format::kJsonLines);
  }

  // `table` as a table or CSV, or `message` as JSON, as -o asks.
  void Print(const Table& table, const google::protobuf::Message& message) {
    if (format() == Format::kJson) {
      std::cout << ToJson(message);
    } else if (format() == Format::kJsonLines) {
      PrintJsonLines(message, std::cout);
    } else {
      Print(table);
    }
  }

  // A table with no message behind it: JSON is one object per row.
  void Print(const Table& table) {
    switch (format()) {
      case Format::kJson:
      case Format::kJsonLines:
        table.PrintJson(std::cout, format() == Format::kJsonLines);
        return;
      case Format::kCsv:
        if (csv_bom) std::cout << "\xEF\xBB\xBF";
        table.PrintCsv(std::cout);
        return;
      case Format::kTable:
      case Format::kWide:
        table.Print(std::cout, format() == Format::kWide);
        return;
    }
  }

  std::shared_ptr<grpc::Channel> RegistryChannel() {
    return Channel("registry", registry, &registry_channel_);
  }
  std::shared_ptr<grpc::Channel> TasksChannel() {
    return Channel("tasks", tasks, &tasks_channel_);
  }
  std::shared_ptr<grpc::Channel> DelegationsChannel() {
    return Channel("delegations", delegations, &delegations_channel_);
  }
  std::shared_ptr<grpc::Channel> NotificationsChannel() {
    return Channel("notifications", notifications, &notifications_channel_);
  }

  std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials() const {
    auto credentials =
        ClientCredentials({tls_ca_file, tls_cert_file, tls_key_file}, "--tls");
    if (credentials.ok()) return *credentials;
    std::cerr << credentials.status().message() << "\n";
    std::exit(2);
  }

  // A context whose deadline is --timeout from now, carrying the token.
  std::unique_ptr<grpc::ClientContext> Call() const {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!token.empty())
      context->AddMetadata("authorization", "Bearer " + token);
    if (backfill) context->AddMetadata(kBackfillHeader, "true");
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::milliseconds(
                              static_cast<int64_t>(timeout_seconds * 1000)));
    return context;
  }

  std::string NextRequestId() const {
    return request_id.empty() ? NewUuid() : request_id;
  }

  // Calls a List method page after page; `all` gets every item, or the
  // first ListLimit() of them (the rest counted for the hint, up to
  // kCountedBeyondLimit) unless `whole` (a list the CLI reads itself).
  template <typename Request, typename Response, typename Method>
  grpc::Status ListAll(Request request, Method method, Response* all,
                       bool whole = false) {
    static constexpr int kCountedBeyondLimit = 1000;
    const int keep = whole ? 0 : ListLimit();
    request.set_page_size(500);
    do {
      Response page;
      grpc::Status status = method(Call().get(), request, &page);
      if (!status.ok()) return status;
      request.set_page_token(page.next_page_token());
      all->MergeFrom(page);
    } while (!request.page_token().empty() &&
             (keep == 0 || ItemCount(*all) < keep + kCountedBeyondLimit));
    all->clear_next_page_token();
    if (keep > 0 && ItemCount(*all) > keep) {
      not_shown_ = ItemCount(*all) - keep;
      not_shown_at_least_ = !request.page_token().empty();
      KeepFirstItems(all, keep);
    }
    return grpc::Status::OK;
  }

  // After a list cut at its limit: how many were left out and how to see
  // them, on stderr so that the table stays the output.
  void PrintListHint(std::ostream& err) const {
    if (not_shown_ == 0) return;
    std::cout.flush();
    if (not_shown_at_least_) {
      err << Tr("over") << " " << not_shown_ << " "
          << Tr("more not shown: --limit 0 shows them all") << "\n";
    } else {
      err << not_shown_ << " " << Tr("more not shown: --limit") << " "
          << ListLimit() + not_shown_ << " " << Tr("(or 0) shows them all")
          << "\n";
    }
  }

  // Prints a failed call and remembers to exit non-zero. A service that
  // does not answer is named, with its address and what to try.
  void Fail(const grpc::Status& status) {
    if (status.error_code() == grpc::UNAVAILABLE && !service_.empty()) {
      const std::string upper = service_ == "registry"      ? "REGISTRY"
                                : service_ == "tasks"       ? "TASKS"
                                : service_ == "delegations" ? "DELEGATIONS"
                                                            : "NOTIFICATIONS";
      std::cerr << "error: the " << service_ << " service at " << address_
                << " is not answering (UNAVAILABLE).\n"
                << "  Is the suite running? `ngoaivu health` asks every "
                   "service; deploy/local/run.sh starts the local one;\n"
                << "  --" << service_ << " or NGOAIVU_" << upper
                << " points elsewhere.\n"
                << "  ("
                << status.error_message().substr(
                       0, status.error_message().find('\n'))
                << ")\n";
      exit_code = 1;
      return;
    }
    exit_code = PrintError(status, std::cerr);
  }
  void Fail(const std::string& message) {
    std::cerr << "error: " << message << "\n";
    exit_code = 2;
  }

 private:
  // One channel per service, made on first use; the last one asked for is
  // the one a failure names.
  std::shared_ptr<grpc::Channel> Channel(const char* service,
                                         const std::string& address,
                                         std::shared_ptr<grpc::Channel>* made) {
    service_ = service;
    address_ = address;
    if (!*made) *made = grpc::CreateChannel(address, ChannelCredentials());
    return *made;
  }

  std::string service_;
  std::string address_;
  int not_shown_ = 0;
  bool not_shown_at_least_ = false;

  std::shared_ptr<grpc::Channel> registry_channel_;
  std::shared_ptr<grpc::Channel> tasks_channel_;
  std::shared_ptr<grpc::Channel> delegations_channel_;
  std::shared_ptr<grpc::Channel> notifications_channel_;
};

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_CLI_CONTEXT_H_
