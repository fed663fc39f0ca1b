// What delegations tests start from: a registry with the province's
// agencies that take part (UBND, SNGV, SCT, CA) and a few officials, a
// delegations server whose "today" is 2026-03-02, and helpers that build and
// move delegations through the public API.
#ifndef NGOAIVU_TESTS_SUPPORT_DELEGATIONS_FIXTURE_H_
#define NGOAIVU_TESTS_SUPPORT_DELEGATIONS_FIXTURE_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/dates.h"
#include "tests/support/delegations_harness.h"
#include "tests/support/seed.h"

namespace ngoaivu::testing {

namespace dv1 = ::ngoaivu::delegations::v1;

inline constexpr char kChairman[] = "agencies/UBND/officials/chairman";
inline constexpr char kVice[] = "agencies/UBND/officials/vice";
inline constexpr char kDirector[] = "agencies/SCT/officials/director";
inline constexpr char kDeputy[] = "agencies/SCT/officials/deputy";
inline constexpr char kExpert[] = "agencies/SCT/officials/expert";

// Sets `clock` to 09:00 of `day` in the province: a delegation leaves on
// or after its approved start date.
inline void SetProvinceDay(ManualClock& clock, absl::CivilDay day) {
  clock.Set(absl::FromCivil(
      absl::CivilSecond(day.year(), day.month(), day.day(), 9, 0, 0),
      ProvinceTimeZone()));
}

class DelegationsFixture : public ::testing::Test {
 protected:
  DelegationsFixture() : h_(absl::CivilDay(2026, 3, 2)) {}

  void SetUp() override {
    SeedAgencies(h_.registry(), {"UBND", "SNGV", "SCT", "CA"});
    SeedOfficial(h_.registry(), "UBND", "chairman", "Nguyễn Văn Chủ",
                 "Chủ tịch");
    SeedOfficial(h_.registry(), "UBND", "vice", "Trần Thị Phó", "Phó Chủ tịch");
    SeedOfficial(h_.registry(), "SCT", "director", "Lê Văn Giám", "Giám đốc");
    SeedOfficial(h_.registry(), "SCT", "deputy", "Phạm Văn Phó",
                 "Phó Giám đốc");
    SeedOfficial(h_.registry(), "SCT", "expert", "Võ Thị Chuyên",
                 "Chuyên viên");
  }

  static std::unique_ptr<grpc::ClientContext> As(const std::string& role,
                                                 const std::string& agency) {
    return Context(10, TestToken(role, agency));
  }
  static std::unique_ptr<grpc::ClientContext> Admin() {
    return As("admin", "agencies/UBND");
  }

  // Builders, public so that a test's free functions use them too.
 public:
  // An SCT trip to `countries` (each `days` long) led by its director, with
  // `members` (officials) besides.
  static dv1::Delegation Outbound(
      absl::CivilDay start, absl::CivilDay end,
      const std::vector<std::string>& members,
      const std::vector<std::string>& countries = {"KH"}, int days = 5) {
    dv1::Delegation d;
    d.set_direction(dv1::Delegation::OUTBOUND);
    d.set_title("Xúc tiến thương mại");
    d.set_purpose(dv1::Delegation::INVESTMENT_AND_TRADE_PROMOTION);
    d.set_agency("agencies/SCT");
    for (const auto& c : countries) {
      auto* dest = d.add_destinations();
      dest->set_country(c);
      dest->set_days(days);
    }
    *d.mutable_start_date() = ToDate(start);
    *d.mutable_end_date() = ToDate(end);
    for (const auto& m : members) {
      auto* member = d.add_members();
      member->set_official(m);
      member->set_role(m == members.front() ? "Trưởng đoàn" : "Thành viên");
    }
    d.set_head(0);
    d.set_funding(dv1::Delegation::STATE_BUDGET);
    d.set_estimated_cost_vnd(120'000'000);
    return d;
  }

 protected:
  grpc::Status Create(const std::string& id, const dv1::Delegation& d,
                      dv1::Delegation* out) {
    dv1::CreateDelegationRequest r;
    r.set_delegation_id(id);
    *r.mutable_delegation() = d;
    r.set_request_id("create-" + id);
    return h_.stub().CreateDelegation(Admin().get(), r, out);
  }

  grpc::Status Move(const std::string& method, const std::string& id,
                    dv1::Delegation* out, const std::string& reason = "",
                    std::map<std::string, std::string> justifications = {}) {
    dv1::TransitionDelegationRequest r;
    r.set_name("delegations/" + id);
    r.set_reason(reason);
    for (auto& [rule, text] : justifications) {
      (*r.mutable_justifications())[rule] = text;
    }
    r.set_request_id(method + "-" + id + "-" + std::to_string(++moves_));
    auto ctx = Admin();
    auto& s = h_.stub();
    if (method == "submit") return s.SubmitDelegation(ctx.get(), r, out);
    if (method == "review") return s.ReviewDelegation(ctx.get(), r, out);
    if (method == "return") return s.ReturnDelegation(ctx.get(), r, out);
    if (method == "forward") return s.ForwardDelegation(ctx.get(), r, out);
    if (method == "reject") return s.RejectDelegation(ctx.get(), r, out);
    if (method == "depart") return s.DepartDelegation(ctx.get(), r, out);
    if (method == "return-home") {
      return s.ReturnHomeDelegation(ctx.get(), r, out);
    }
    if (method == "cancel") return s.CancelDelegation(ctx.get(), r, out);
    return grpc::Status(grpc::INTERNAL, "no such move " + method);
  }

 public:
  static dv1::Decision Decision(const std::string& number,
                                absl::CivilDay date = absl::CivilDay(2026, 3,
                                                                     20)) {
    dv1::Decision d;
    d.set_number(number);
    *d.mutable_date() = ToDate(date);
    d.set_signer(kVice);
    d.set_signer_capacity("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH");
    return d;
  }

 protected:
  grpc::Status Approve(const std::string& id, const std::string& number,
                       dv1::Delegation* out) {
    dv1::DecideDelegationRequest r;
    r.set_name("delegations/" + id);
    *r.mutable_decision() = Decision(number);
    r.set_request_id("approve-" + id + "-" + std::to_string(++moves_));
    return h_.stub().ApproveDelegation(Admin().get(), r, out);
  }

  // Created, submitted, reviewed and forwarded (justifying what is asked).
  void Forwarded(const std::string& id, const dv1::Delegation& d,
                 std::map<std::string, std::string> justifications = {}) {
    dv1::Delegation out;
    ASSERT_TRUE(Create(id, d, &out).ok());
    for (const char* step : {"submit", "review", "forward"}) {
      grpc::Status s = Move(step, id, &out, "", justifications);
      ASSERT_TRUE(s.ok()) << id << " " << step << ": " << s.error_message();
    }
  }

  DelegationsHarness h_;
  int moves_ = 0;
};

}  // namespace ngoaivu::testing

#endif  // NGOAIVU_TESTS_SUPPORT_DELEGATIONS_FIXTURE_H_
