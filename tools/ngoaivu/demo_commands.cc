// `ngoaivu demo history`: a synthetic history of the province's trips
// abroad in 2006-2010, written through the public API, whose totals are
// the decision's own (Decision 2488, II.3: 493 decisions sending 1,943
// person-trips abroad, most often to Cambodia, China, Thailand and
// Singapore). Every record says it is synthetic. Running it again finds
// what is there and only finishes what is not.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/dates.h"
#include "common/registry_names.h"
#include "tools/ngoaivu/delegations_cli.h"

namespace ngoaivu::cli {
namespace {

namespace dv1 = ::ngoaivu::delegations::v1;
using D = dv1::Delegation;
using Stub = dv1::DelegationsService::Stub;

constexpr char kSynthetic[] =
    "Dữ liệu mô phỏng (synthetic), theo số liệu tổng hợp của Quyết định "
    "2488/QĐ-UBND, mục II.3";

// Decisions per year, 2006-2010: 493 in all.
constexpr int kPerYear[] = {85, 92, 98, 105, 113};
// Trips per country, most frequent first: 493 in all.
const std::vector<std::pair<std::string, int>>& Countries() {
  static const auto* countries = new std::vector<std::pair<std::string, int>>{
      {"KH", 170}, {"CN", 120}, {"TH", 80}, {"SG", 50}, {"LA", 25}, {"KR", 15},
      {"JP", 12},  {"MY", 8},   {"US", 6},  {"FR", 4},  {"DE", 3}};
  return *countries;
}
// 464 delegations of four and 29 of three: 1,943 person-trips.
constexpr int kDelegationsOfFour = 464;

const char* const kAgencies[] = {"UBND",     "SKHDT",    "SNGV",
                                 "SCT",      "SVHTTDL",  "TTXTDT",
                                 "UBND-TBI", "UBND-CTH", "BDBP"};
const D::Purpose kPurposes[] = {D::WORK, D::INVESTMENT_AND_TRADE_PROMOTION,
                                D::STUDY, D::CONFERENCE, D::VISIT};

struct Planned {
  std::string id;
  D delegation;
  dv1::Decision decision;
};

std::vector<Planned> Plan(const std::string& signer) {
  // Countries in an order that spreads each over the years.
  std::vector<std::string> places;
  std::map<std::string, int> left;
  for (const auto& [code, n] : Countries()) left[code] = n;
  for (bool any = true; any;) {
    any = false;
    for (const auto& [code, n] : Countries()) {
      if (left[code] > 0) {
        places.push_back(code);
        --left[code];
        any = true;
      }
    }
  }
  std::vector<Planned> plan;
  int index = 0;
  for (int y = 0; y < 5; ++y) {
    const int year = 2006 + y;
    for (int k = 0; k < kPerYear[y]; ++k, ++index) {
      Planned p;
      p.id = absl::StrCat("history-", year, "-",
                          absl::Dec(k + 1, absl::kZeroPad3));
      D& d = p.delegation;
      const std::string& country = places[index];
      const absl::CivilDay start =
          absl::CivilDay(year, 1, 8) + (k * 350) / kPerYear[y];
      const int days = 3 + index % 5;
      d.set_direction(D::OUTBOUND);
      d.set_title(absl::StrCat("[Mô phỏng] Đoàn công tác ", country, " ", year,
                               "-", k + 1));
      d.set_purpose(kPurposes[index % 5]);
      d.set_agency(AgencyNameFromInput(kAgencies[index % 9]));
      auto* dest = d.add_destinations();
      dest->set_country(country);
      dest->set_days(days);
      *d.mutable_start_date() = ToDate(start);
      *d.mutable_end_date() = ToDate(start + (days - 1));
      const int people = index < kDelegationsOfFour ? 4 : 3;
      for (int m = 0; m < people; ++m) {
        auto* member = d.add_members();
        member->set_full_name(
            absl::StrCat("Cán bộ mô phỏng ", index + 1, ".", m + 1));
        member->set_organisation(kAgencies[index % 9]);
        member->set_nationality("VN");
        member->set_role(m == 0 ? "Trưởng đoàn" : "Thành viên");
      }
      d.set_head(0);
      d.set_funding(D::STATE_BUDGET);
      d.add_partner_organisations(kSynthetic);
      p.decision.set_number(absl::StrCat(k + 1, "/QĐ-UBND"));
      *p.decision.mutable_date() = ToDate(start - 10);
      p.decision.set_signer(OfficialNameFromInput(signer));
      p.decision.set_signer_capacity("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH");
      p.decision.set_summary(kSynthetic);
      plan.push_back(std::move(p));
    }
  }
  return plan;
}

// Moves one planned delegation on until it is approved.
grpc::Status Bring(Stub& stub, CliContext* c, const Planned& p) {
  const std::string name = "delegations/" + p.id;
  D d;
  dv1::GetDelegationRequest get;
  get.set_name(name);
  grpc::Status s = stub.GetDelegation(c->Call().get(), get, &d);
  if (s.error_code() == grpc::NOT_FOUND) {
    dv1::CreateDelegationRequest create;
    create.set_delegation_id(p.id);
    *create.mutable_delegation() = p.delegation;
    create.set_request_id("demo-create-" + p.id);
    s = stub.CreateDelegation(c->Call().get(), create, &d);
  }
  if (!s.ok()) return s;
  for (;;) {
    dv1::TransitionDelegationRequest r;
    r.set_name(name);
    switch (d.state()) {
      case D::DRAFT: {
        // Past trips break the timing rules today: each justified.
        dv1::ValidateDelegationRequest v;
        v.set_name(name);
        dv1::ValidateDelegationResponse violations;
        s = stub.ValidateDelegation(c->Call().get(), v, &violations);
        if (!s.ok()) return s;
        for (const auto& violation : violations.violations()) {
          (*r.mutable_justifications())[violation.rule()] = kSynthetic;
        }
        r.set_request_id("demo-submit-" + p.id);
        s = stub.SubmitDelegation(c->Call().get(), r, &d);
        break;
      }
      case D::SUBMITTED:
        r.set_request_id("demo-review-" + p.id);
        s = stub.ReviewDelegation(c->Call().get(), r, &d);
        break;
      case D::UNDER_REVIEW:
        r.set_request_id("demo-forward-" + p.id);
        s = stub.ForwardDelegation(c->Call().get(), r, &d);
        break;
      case D::FORWARDED: {
        dv1::DecideDelegationRequest approve;
        approve.set_name(name);
        *approve.mutable_decision() = p.decision;
        approve.set_request_id("demo-approve-" + p.id);
        s = stub.ApproveDelegation(c->Call().get(), approve, &d);
        break;
      }
      default:
        return grpc::Status::OK;  // approved (or moved on by hand)
    }
    if (!s.ok()) return s;
  }
}

}  // namespace

void AddDemoCommands(CLI::App& app, CliContext* c) {
  auto* demo = app.add_subcommand("demo", "synthetic data for a demonstration");
  demo->require_subcommand(1);
  auto signer = std::make_shared<std::string>("UBND/tran-luu-quang");
  auto* history = demo->add_subcommand(
      "history",
      "2006-2010's trips abroad with the decision's totals (493 decisions, "
      "1,943 person-trips), labelled synthetic");
  history->add_option("--signer", *signer, "the signing official, UBND/{id}")
      ->capture_default_str();
  history->callback([=] {
    c->backfill = true;  // history, not today's work
    auto stub = DelegationsStub(c);
    int done = 0;
    for (const Planned& p : Plan(*signer)) {
      grpc::Status s = Bring(*stub, c, p);
      if (!s.ok()) {
        std::cerr << p.id << ": ";
        return c->Fail(s);
      }
      ++done;
    }
    std::cout << "demo history: " << done
              << " synthetic delegations of 2006-2010 approved\n";
  });
}

}  // namespace ngoaivu::cli
