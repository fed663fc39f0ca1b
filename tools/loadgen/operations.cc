#include "tools/loadgen/operations.h"

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/ids.h"
#include "common/jwt.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "ngoaivu/delegations/v1/delegations_service.grpc.pb.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "ngoaivu/tasks/v1/tasks_service.grpc.pb.h"

namespace ngoaivu::loadgen {
namespace {

namespace rv1 = ::ngoaivu::registry::v1;
namespace tv1 = ::ngoaivu::tasks::v1;
namespace dv1 = ::ngoaivu::delegations::v1;
using Deadline = std::chrono::system_clock::time_point;
using grpc::health::v1::Health;

// One stub per connection of a service, taken in turn.
template <typename Service>
class Stubs {
 public:
  explicit Stubs(Channels& channels) {
    for (int i = 0; i < channels.size(); ++i) {
      stubs_.push_back(Service::NewStub(channels.at(i)));
    }
  }
  typename Service::Stub::async_interface* Next() {
    return stubs_[next_++ % stubs_.size()]->async();
  }

 private:
  std::vector<std::unique_ptr<typename Service::Stub>> stubs_;
  std::atomic<uint64_t> next_{0};
};

// Starts one unary call (`method` is a stub's async method), then `then`
// with its status and answer.
template <typename Request, typename Response, typename Method>
void Call(Method method, const std::string& token, Deadline deadline,
          Request request,
          std::function<void(const grpc::Status&, const Response&)> then) {
  struct Pending {
    grpc::ClientContext context;
    Request request;
    Response response;
  };
  auto* pending = new Pending;
  pending->request = std::move(request);
  pending->context.set_deadline(deadline);
  pending->context.AddMetadata("authorization", token);
  method(&pending->context, &pending->request, &pending->response,
         [pending, then = std::move(then)](grpc::Status status) {
           then(status, pending->response);
           delete pending;
         });
}

// A call whose answer only matters by its status.
template <typename Response>
std::function<void(const grpc::Status&, const Response&)> Finish(Done done) {
  return [done = std::move(done)](const grpc::Status& s, const Response&) {
    done(s);
  };
}

class HealthCheck : public Operation {
 public:
  explicit HealthCheck(Channels& channels) : stubs_(channels) {}
  void Start(int64_t, Deadline deadline, Done done) override {
    auto* stub = stubs_.Next();
    Call<grpc::health::v1::HealthCheckRequest,
         grpc::health::v1::HealthCheckResponse>(
        [stub](auto&&... a) { stub->Check(a...); }, "", deadline, {},
        Finish<grpc::health::v1::HealthCheckResponse>(std::move(done)));
  }

 private:
  Stubs<Health> stubs_;
};

class GetAgency : public Operation {
 public:
  explicit GetAgency(Suite& suite)
      : stubs_(suite.channels("registry")),
        agencies_(suite.agencies),
        token_(suite.Token("viewer", "SNGV")) {}
  void Start(int64_t n, Deadline deadline, Done done) override {
    rv1::GetAgencyRequest request;
    request.set_name("agencies/" + agencies_[n % agencies_.size()]);
    auto* stub = stubs_.Next();
    Call<rv1::GetAgencyRequest, rv1::Agency>(
        [stub](auto&&... a) { stub->GetAgency(a...); }, token_, deadline,
        std::move(request), Finish<rv1::Agency>(std::move(done)));
  }

 private:
  Stubs<rv1::RegistryService> stubs_;
  std::vector<std::string> agencies_;
  std::string token_;
};

class ListAgencies : public Operation {
 public:
  explicit ListAgencies(Suite& suite)
      : stubs_(suite.channels("registry")),
        token_(suite.Token("viewer", "SNGV")) {}
  void Start(int64_t, Deadline deadline, Done done) override {
    rv1::ListAgenciesRequest request;
    request.set_page_size(20);
    auto* stub = stubs_.Next();
    Call<rv1::ListAgenciesRequest, rv1::ListAgenciesResponse>(
        [stub](auto&&... a) { stub->ListAgencies(a...); }, token_, deadline,
        std::move(request),
        [done = std::move(done)](const grpc::Status& s,
                                 const rv1::ListAgenciesResponse& r) {
          // A short page would measure less work than the scenario says.
          done(s.ok() && r.agencies_size() != 20
                   ? grpc::Status(grpc::StatusCode::INTERNAL, "short page")
                   : s);
        });
  }

 private:
  Stubs<rv1::RegistryService> stubs_;
  std::string token_;
};

class ListObligations : public Operation {
 public:
  explicit ListObligations(Suite& suite)
      : stubs_(suite.channels("tasks")),
        agencies_(suite.agencies_with_obligations),
        token_(suite.Token("coordinator", "SNGV")) {}
  void Start(int64_t n, Deadline deadline, Done done) override {
    tv1::ListObligationsRequest request;
    request.set_agency("agencies/" + agencies_[n % agencies_.size()]);
    request.set_page_size(20);
    auto* stub = stubs_.Next();
    Call<tv1::ListObligationsRequest, tv1::ListObligationsResponse>(
        [stub](auto&&... a) { stub->ListObligations(a...); }, token_, deadline,
        std::move(request),
        Finish<tv1::ListObligationsResponse>(std::move(done)));
  }

 private:
  Stubs<tv1::TasksService> stubs_;
  std::vector<std::string> agencies_;
  std::string token_;
};

class ProgrammeReport : public Operation {
 public:
  explicit ProgrammeReport(Suite& suite)
      : stubs_(suite.channels("tasks")),
        programme_(suite.programme),
        token_(suite.Token("coordinator", "SNGV")) {}
  void Start(int64_t, Deadline deadline, Done done) override {
    tv1::GetProgrammeReportRequest request;
    request.set_name(programme_);
    auto* stub = stubs_.Next();
    Call<tv1::GetProgrammeReportRequest, tv1::ProgrammeReport>(
        [stub](auto&&... a) { stub->GetProgrammeReport(a...); }, token_,
        deadline, std::move(request),
        Finish<tv1::ProgrammeReport>(std::move(done)));
  }

 private:
  Stubs<tv1::TasksService> stubs_;
  std::string programme_;
  std::string token_;
};

// An agency's officer files a progress report on one of its open
// obligations (each call a new report: a write, its event and history).
class FileReport : public Operation {
 public:
  explicit FileReport(Suite& suite)
      : stubs_(suite.channels("tasks")),
        obligations_(suite.obligations),
        run_id_(suite.run_id) {
    for (const auto& o : obligations_) {
      tokens_[o.agency] = suite.Token("officer", o.agency);
    }
  }
  void Start(int64_t n, Deadline deadline, Done done) override {
    const auto& obligation = obligations_[n % obligations_.size()];
    tv1::CreateProgressReportRequest request;
    request.set_parent(obligation.name);
    request.mutable_report()->set_text(absl::StrFormat(
        "Báo cáo tiến độ số %d: đã làm việc với các sở, ngành liên quan.", n));
    request.mutable_report()->set_percent_complete(static_cast<int>(n % 100));
    request.set_request_id(absl::StrCat(run_id_, "-r", n));
    auto* stub = stubs_.Next();
    Call<tv1::CreateProgressReportRequest, tv1::ProgressReport>(
        [stub](auto&&... a) { stub->CreateProgressReport(a...); },
        tokens_.at(obligation.agency), deadline, std::move(request),
        Finish<tv1::ProgressReport>(std::move(done)));
  }

 private:
  Stubs<tv1::TasksService> stubs_;
  std::vector<Suite::OpenObligation> obligations_;
  std::map<std::string, std::string> tokens_;
  std::string run_id_;
};

}  // namespace

namespace {

// DOFA receives a visit: its officer creates and submits the request, its
// coordinator reviews and forwards it, the province's approver approves
// it with a decision. Five calls, one after another.
class DelegationFlow : public Operation {
 public:
  explicit DelegationFlow(Suite& suite)
      : stubs_(suite.channels("delegations")),
        signer_(suite.decision_signer),
        run_id_(suite.run_id),
        officer_(suite.Token("officer", "SNGV")),
        coordinator_(suite.Token("coordinator", "SNGV")),
        approver_(suite.Token("approver", "UBND")) {}

  void Start(int64_t n, Deadline deadline, Done done) override {
    const std::string id = absl::StrCat(run_id_, "-", n);
    dv1::CreateDelegationRequest request;
    request.set_delegation_id(id);
    request.set_request_id(id + "-c");
    *request.mutable_delegation() = Visit(n);
    auto* stub = stubs_.Next();
    auto then = [this, stub, id, deadline, done](const dv1::Delegation& d) {
      Move<dv1::TransitionDelegationRequest>(
          [stub](auto&&... a) { stub->SubmitDelegation(a...); }, officer_, d,
          id + "-s", deadline, done,
          [=](const dv1::Delegation& d) {
            Review(stub, d, id, deadline, done);
          });
    };
    Call<dv1::CreateDelegationRequest, dv1::Delegation>(
        [stub](auto&&... a) { stub->CreateDelegation(a...); }, officer_,
        deadline, std::move(request), OnOk(done, then));
  }

 private:
  using Stub = dv1::DelegationsService::Stub::async_interface;
  using Next = std::function<void(const dv1::Delegation&)>;

  static std::function<void(const grpc::Status&, const dv1::Delegation&)> OnOk(
      Done done, Next next) {
    return [done, next](const grpc::Status& s, const dv1::Delegation& d) {
      if (s.ok()) {
        next(d);
      } else {
        done(s);
      }
    };
  }

  // Calls `method` on the delegation as it now is, then `next`.
  template <typename Request, typename Method>
  static void Move(Method method, const std::string& token,
                   const dv1::Delegation& d, const std::string& request_id,
                   Deadline deadline, Done done, Next next,
                   Request request = {}) {
    request.set_name(d.name());
    request.set_etag(d.etag());
    request.set_request_id(request_id);
    Call<Request, dv1::Delegation>(method, token, deadline, std::move(request),
                                   OnOk(std::move(done), std::move(next)));
  }

  void Review(Stub* stub, const dv1::Delegation& d, const std::string& id,
              Deadline deadline, Done done) {
    Move<dv1::TransitionDelegationRequest>(
        [stub](auto&&... a) { stub->ReviewDelegation(a...); }, coordinator_, d,
        id + "-r", deadline, done,
        [=](const dv1::Delegation& d) {
          Move<dv1::TransitionDelegationRequest>(
              [stub](auto&&... a) { stub->ForwardDelegation(a...); },
              coordinator_, d, id + "-f", deadline, done,
              [=](const dv1::Delegation& d) {
                Approve(stub, d, id, deadline, done);
              });
        });
  }

  void Approve(Stub* stub, const dv1::Delegation& d, const std::string& id,
               Deadline deadline, Done done) {
    dv1::DecideDelegationRequest request;
    auto* decision = request.mutable_decision();
    decision->set_number(absl::StrCat(id, "/QĐ-UBND"));
    const absl::CivilDay today =
        absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    decision->mutable_date()->set_year(static_cast<int>(today.year()));
    decision->mutable_date()->set_month(today.month());
    decision->mutable_date()->set_day(today.day());
    decision->set_signer(signer_);
    decision->set_signer_capacity("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH");
    Move<dv1::DecideDelegationRequest>(
        [stub](auto&&... a) { stub->ApproveDelegation(a...); }, approver_, d,
        id + "-a", deadline, done,
        [done](const dv1::Delegation&) { done(grpc::Status::OK); },
        std::move(request));
  }

  // An embassy's visit some months ahead (in time for every rule), dates
  // spread so that visits do not pile on one day.
  static dv1::Delegation Visit(int64_t n) {
    using D = dv1::Delegation;
    D d;
    d.set_direction(D::INBOUND);
    d.set_title(absl::StrFormat("Đoàn Đại sứ quán thăm và làm việc (%d)", n));
    d.set_purpose(D::RESEARCH);
    d.set_agency("agencies/SNGV");
    d.set_visitor_kind(D::EMBASSY);
    d.set_visitors_country("JP");
    const absl::CivilDay start =
        absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + 60 + n % 300;
    for (auto [date, day] : {std::pair{d.mutable_start_date(), start},
                             std::pair{d.mutable_end_date(), start + 2}}) {
      date->set_year(static_cast<int>(day.year()));
      date->set_month(day.month());
      date->set_day(day.day());
    }
    auto* member = d.add_members();
    member->set_full_name("Suzuki Ichiro");
    member->set_organisation("Đại sứ quán Nhật Bản");
    member->set_nationality("JP");
    d.set_funding(D::SELF_FUNDED);
    return d;
  }

  Stubs<dv1::DelegationsService> stubs_;
  std::string signer_;
  std::string run_id_;
  std::string officer_, coordinator_, approver_;
};

}  // namespace

Channels::Channels(const std::string& target, int connections) {
  for (int i = 0; i < connections; ++i) {
    grpc::ChannelArguments args;
    // Each its own connection: channels with equal arguments share one.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("ngoaivu.loadgen.connection", i);
    channels_.push_back(grpc::CreateCustomChannel(
        target, grpc::InsecureChannelCredentials(), args));
  }
}

Channels& Suite::channels(const std::string& service) {
  auto& found = channels_[service];
  if (!found) {
    found = std::make_unique<Channels>(address_.targets.at(service),
                                       address_.connections);
  }
  return *found;
}

const std::string& Suite::Token(const std::string& role,
                                const std::string& code) {
  const std::string key = role + "@" + code;
  auto found = tokens_.find(key);
  if (found != tokens_.end()) return found->second;
  TokenClaims claims;
  claims.subject = absl::StrCat("loadgen-", role, "-", code);
  claims.agency = "agencies/" + code;
  claims.roles = {role};
  claims.issuer = address_.issuer;
  claims.audience = address_.audience;
  claims.issued_at = claims.not_before = absl::Now() - absl::Minutes(1);
  claims.expires = absl::Now() + absl::Hours(24);
  auto token = SignToken(claims, "HS256", key_);
  return tokens_[key] = "Bearer " + token.value_or("");
}

absl::StatusOr<std::unique_ptr<Suite>> Suite::Connect(
    const SuiteAddress& address) {
  std::unique_ptr<Suite> suite(new Suite);
  suite->address_ = address;
  std::ifstream key_file(address.key_file);
  std::stringstream key;
  key << key_file.rdbuf();
  if (!key_file || key.str().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot read the token key file '", address.key_file, "'"));
  }
  suite->key_ = std::string(absl::StripTrailingAsciiWhitespace(key.str()));
  suite->run_id = "lg" + NewEtag().substr(0, 8);
  if (auto s = suite->Discover(); !s.ok()) return s;
  return suite;
}

namespace {

// A blocking call for the discovery before the load.
template <typename Stub, typename Request, typename Response, typename Method>
grpc::Status Ask(Stub& stub, Method method, const std::string& token,
                 const Request& request, Response* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  context.AddMetadata("authorization", token);
  return (stub.*method)(&context, request, response);
}

absl::Status Failed(const std::string& what, const grpc::Status& s) {
  return absl::UnavailableError(absl::StrCat(what, ": ", s.error_message(),
                                             " (is the suite running? ",
                                             "deploy/local/run.sh starts it)"));
}

}  // namespace

absl::Status Suite::Discover() {
  const std::string admin = Token("admin", "UBND");
  auto registry = rv1::RegistryService::NewStub(channels("registry").at(0));
  auto tasks = tv1::TasksService::NewStub(channels("tasks").at(0));
  rv1::ListAgenciesRequest list;
  list.set_page_size(100);
  do {
    rv1::ListAgenciesResponse page;
    auto s = Ask(*registry, &rv1::RegistryService::Stub::ListAgencies, admin,
                 list, &page);
    if (!s.ok()) return Failed("listing agencies", s);
    for (const auto& a : page.agencies()) {
      agencies.push_back(std::string(absl::StripPrefix(a.name(), "agencies/")));
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());

  tv1::ListProgrammesResponse programmes;
  auto s = Ask(*tasks, &tv1::TasksService::Stub::ListProgrammes, admin,
               tv1::ListProgrammesRequest(), &programmes);
  if (!s.ok()) return Failed("listing programmes", s);
  for (const auto& p : programmes.programmes()) {
    if (p.state() == tv1::Programme::ACTIVE && programme.empty()) {
      programme = p.name();
    }
  }
  if (auto found = DiscoverObligations(); !found.ok()) return found;

  rv1::ListOfficialsRequest officials;
  officials.set_parent("agencies/UBND");
  rv1::ListOfficialsResponse found;
  s = Ask(*registry, &rv1::RegistryService::Stub::ListOfficials, admin,
          officials, &found);
  if (!s.ok()) return Failed("listing the province's officials", s);
  if (found.officials_size() > 0) decision_signer = found.officials(0).name();
  return absl::OkStatus();
}

// Reports go to obligations still awaited: OPEN ones, and IN_PROGRESS
// ones (where a first report moves an open one).
absl::Status Suite::DiscoverObligations() {
  auto tasks = tv1::TasksService::NewStub(channels("tasks").at(0));
  for (const std::string& code : agencies) {
    bool any = false;
    for (auto state : {tv1::Obligation::OPEN, tv1::Obligation::IN_PROGRESS}) {
      tv1::ListObligationsRequest request;
      request.set_agency("agencies/" + code);
      request.set_state(state);
      request.set_page_size(100);
      tv1::ListObligationsResponse page;
      auto s = Ask(*tasks, &tv1::TasksService::Stub::ListObligations,
                   Token("admin", "UBND"), request, &page);
      if (!s.ok()) return Failed("listing obligations", s);
      for (const auto& o : page.obligations()) {
        obligations.push_back({o.name(), code});
        any = true;
      }
    }
    if (any) agencies_with_obligations.push_back(code);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<Operation>> MakeOperation(
    const std::string& name, Suite& suite) {
  auto need = [&](bool present, const std::string& what) {
    return present ? absl::OkStatus()
                   : absl::FailedPreconditionError(
                         absl::StrCat(name, " needs ", what,
                                      " in the suite (deploy/local/"
                                      "run.sh imports them)"));
  };
  if (absl::StartsWith(name, "health:")) {
    const std::string service = name.substr(7);
    if (!suite.has_target(service)) {
      return absl::InvalidArgumentError("no address for " + service);
    }
    return std::make_shared<HealthCheck>(suite.channels(service));
  }
  if (name == "get_agency" || name == "list_agencies") {
    if (auto s = need(suite.agencies.size() >= 20, "20 agencies"); !s.ok())
      return s;
    if (name == "get_agency") return std::make_shared<GetAgency>(suite);
    return std::make_shared<ListAgencies>(suite);
  }
  if (name == "list_obligations" || name == "file_report") {
    if (auto s =
            need(!suite.obligations.empty(), "open or in-progress obligations");
        !s.ok())
      return s;
    if (name == "list_obligations")
      return std::make_shared<ListObligations>(suite);
    return std::make_shared<FileReport>(suite);
  }
  if (name == "programme_report") {
    if (auto s = need(!suite.programme.empty(), "an active programme"); !s.ok())
      return s;
    return std::make_shared<ProgrammeReport>(suite);
  }
  if (name == "delegation") {
    if (auto s = need(!suite.decision_signer.empty(), "an official of UBND");
        !s.ok())
      return s;
    return std::make_shared<DelegationFlow>(suite);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown operation '", name,
      "' (known: health:SERVICE, get_agency, "
      "list_agencies, list_obligations, programme_report, file_report, "
      "delegation)"));
}

}  // namespace ngoaivu::loadgen
