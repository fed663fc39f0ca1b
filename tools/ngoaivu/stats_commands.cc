// `ngoaivu stats delegations`: the delegations' statistics by country,
// agency, purpose, visitor kind, year or month.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/registry_names.h"
#include "tools/ngoaivu/country_names.h"
#include "tools/ngoaivu/delegations_cli.h"
#include "tools/ngoaivu/enum_text.h"

namespace ngoaivu::cli {
namespace {

namespace dv1 = ::ngoaivu::delegations::v1;
using Request = dv1::GetDelegationStatisticsRequest;

// "2006", "2006-05" or "2006-05-01"; unset parts stay 0.
google::type::Date PartialDate(const std::string& text) {
  google::type::Date date;
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  int value = 0;
  if (!parts.empty() && absl::SimpleAtoi(parts[0], &value)) {
    date.set_year(value);
  }
  if (parts.size() > 1 && absl::SimpleAtoi(parts[1], &value)) {
    date.set_month(value);
  }
  if (parts.size() > 2 && absl::SimpleAtoi(parts[2], &value)) {
    date.set_day(value);
  }
  return date;
}

std::vector<std::string> RowText(const dv1::DelegationStatistics::Row& r) {
  return {r.key(),
          absl::StrCat(r.decisions()),
          absl::StrCat(r.delegations()),
          absl::StrCat(r.person_trips()),
          absl::StrCat(r.person_days_abroad()),
          absl::StrCat(r.inbound_visits()),
          absl::StrCat(r.visitors())};
}

}  // namespace

void AddStatsCommands(CLI::App& app, CliContext* c) {
  auto* stats = app.add_subcommand("stats", "statistics");
  stats->require_subcommand(1);
  struct Flags {
    std::string by = "country", from, to, direction;
  };
  auto f = std::make_shared<Flags>();
  auto* delegations = stats->add_subcommand(
      "delegations",
      "decisions, delegations, person-trips and person-days abroad, visits "
      "and visitors");
  delegations
      ->add_option("--by", f->by,
                   "country, agency, purpose, visitor-kind, year or "
                   "month")
      ->capture_default_str();
  delegations->add_option("--from", f->from, "YYYY, YYYY-MM or YYYY-MM-DD")
      ->required();
  delegations->add_option("--to", f->to, "YYYY, YYYY-MM or YYYY-MM-DD")
      ->required();
  delegations->add_option("--direction", f->direction,
                          "outbound or inbound (default both)");
  delegations->callback([=] {
    Request r;
    Request::GroupBy by;
    if (!ParseEnum(Request::GroupBy_descriptor(), f->by, &by)) {
      return c->Fail(
          "--by: country, agency, purpose, visitor-kind, year, "
          "month");
    }
    r.set_group_by(by);
    if (!f->direction.empty()) {
      dv1::Delegation::Direction direction;
      if (!ParseEnum(dv1::Delegation::Direction_descriptor(), f->direction,
                     &direction)) {
        return c->Fail("--direction: outbound or inbound");
      }
      r.set_direction(direction);
    }
    *r.mutable_from() = PartialDate(f->from);
    *r.mutable_to() = PartialDate(f->to);
    dv1::DelegationStatistics out;
    grpc::Status s =
        DelegationsStub(c)->GetDelegationStatistics(c->Call().get(), r, &out);
    if (!s.ok()) return c->Fail(s);
    Table table({absl::AsciiStrToUpper(f->by), "DECISIONS", "DELEGATIONS",
                 "PERSON-TRIPS", "PERSON-DAYS", "VISITS", "VISITORS"});
    std::vector<dv1::DelegationStatistics::Row> rows(out.rows().begin(),
                                                     out.rows().end());
    // Places, agencies, purposes: the largest first; years and months in
    // order.
    if (by != Request::YEAR && by != Request::MONTH) {
      std::stable_sort(rows.begin(), rows.end(),
                       [](const auto& a, const auto& b) {
                         return a.person_trips() + a.visitors() >
                                b.person_trips() + b.visitors();
                       });
    }
    for (const auto& row : rows) {
      std::vector<std::string> cells = RowText(row);
      // A country by its name too (its code alone in CSV, for sorting and
      // joining); an agency by its code.
      if (by == Request::COUNTRY && c->IsTable()) {
        cells[0] = CountryWithName(row.key());
      }
      if (by == Request::AGENCY) cells[0] = AgencyCodeOfResource(row.key());
      table.AddRow(std::move(cells));
    }
    table.AddRow(RowText(out.total()));
    c->Print(table, out);
  });
}

}  // namespace ngoaivu::cli
