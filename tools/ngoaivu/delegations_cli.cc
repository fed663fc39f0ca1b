#include "tools/ngoaivu/delegations_cli.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/registry_names.h"
#include "tools/ngoaivu/country_names.h"
#include "tools/ngoaivu/enum_text.h"
#include "tools/ngoaivu/registry_cli.h"
#include "tools/ngoaivu/tasks_cli.h"

namespace ngoaivu::cli {

namespace dv1 = ::ngoaivu::delegations::v1;

std::unique_ptr<dv1::DelegationsService::Stub> DelegationsStub(CliContext* c) {
  return dv1::DelegationsService::NewStub(c->DelegationsChannel());
}

std::string DelegationName(const std::string& text) {
  return text.rfind("delegations/", 0) == 0 ? text : "delegations/" + text;
}

std::string AgreementName(const std::string& text) {
  return text.rfind("agreements/", 0) == 0 ? text : "agreements/" + text;
}

dv1::Decision DecisionOf(const std::string& number, const std::string& date,
                         const std::string& signer,
                         const std::string& capacity) {
  dv1::Decision d;
  d.set_number(number);
  *d.mutable_date() = DateOf(date);
  d.set_signer(OfficialNameFromInput(signer));
  d.set_signer_capacity(capacity);
  return d;
}

// "Trần Lưu Quang, Phó Chủ tịch UBND tỉnh" for an official the registry
// knows; the resource name when it cannot say.
std::string OfficialLabel(const std::string& name, CliContext* c) {
  registry_v1::GetOfficialRequest request;
  request.set_name(name);
  registry_v1::Official official;
  if (!RegistryStub(c)->GetOfficial(c->Call().get(), request, &official).ok())
    return name;
  return official.full_name() + ", " + official.position();
}

void PrintDelegation(const dv1::Delegation& d, CliContext* c) {
  using D = dv1::Delegation;
  Table table({"FIELD", "VALUE"});
  table.AddRow({"name", d.name()});
  table.AddRow(
      {"direction", EnumText(D::Direction_descriptor(), d.direction())});
  table.AddRow({"title", d.title()});
  table.AddRow({"purpose", EnumText(D::Purpose_descriptor(), d.purpose())});
  table.AddRow({"agency", d.agency()});
  if (d.direction() == D::INBOUND) {
    table.AddRow(
        {"visitors", EnumText(D::VisitorKind_descriptor(), d.visitor_kind()) +
                         " from " + CountryWithName(d.visitors_country())});
  }
  for (const auto& dest : d.destinations()) {
    table.AddRow({"destination", absl::StrCat(CountryWithName(dest.country()),
                                              ", ", dest.days(), " days")});
  }
  table.AddRow(
      {"dates", DateText(d.start_date()) + " .. " + DateText(d.end_date())});
  for (int i = 0; i < d.members_size(); ++i) {
    const auto& m = d.members(i);
    table.AddRow({i == d.head() ? "head" : "member",
                  m.official().empty() || !c->IsTable()
                      ? (m.official().empty() ? m.full_name() : m.official())
                      : OfficialLabel(m.official(), c)});
  }
  table.AddRow(
      {"funding", EnumText(D::Funding_descriptor(), d.funding()) +
                      (d.sponsor().empty() ? "" : ": " + d.sponsor())});
  if (d.estimated_cost_vnd() > 0) {
    table.AddRow({"cost", absl::StrCat(d.estimated_cost_vnd(), " VND")});
  }
  table.AddRow({"classification",
                EnumText(D::Classification_descriptor(), d.classification())});
  table.AddRow({"state", D::State_Name(d.state())});
  if (!d.state_reason().empty()) table.AddRow({"reason", d.state_reason()});
  for (const auto& [rule, text] : d.justifications()) {
    table.AddRow({"justified " + rule, text});
  }
  for (const auto& decision : d.decisions()) {
    table.AddRow(
        {"decision",
         absl::StrCat(decision.number(), " of ", DateText(decision.date()),
                      decision.amends().empty()
                          ? ""
                          : ", amends " + decision.amends())});
  }
  if (!d.post_trip_report().empty()) {
    table.AddRow({"post-trip report", d.post_trip_report()});
  }
  table.AddRow({"etag", d.etag()});
  c->Print(table, d);
}

void AddOpinionVerb(
    CLI::App* parent, CliContext* c, const std::string& help,
    std::string (*name_of)(const std::string&),
    std::function<void(const dv1::GiveOpinionRequest&)> send) {
  struct Flags {
    std::string name, agency, text;
    bool against = false;
  };
  auto f = std::make_shared<Flags>();
  auto* opinion = parent->add_subcommand("opinion", help);
  opinion->add_option("name", f->name, "its name or id")->required();
  opinion->add_option("--agency", f->agency, "the answering agency's code")
      ->required();
  opinion->add_option("--text", f->text, "the opinion")->required();
  opinion->add_flag("--against", f->against, "it does not support it");
  opinion->callback([=] {
    dv1::GiveOpinionRequest r;
    r.set_name(name_of(f->name));
    r.set_agency(AgencyNameFromInput(f->agency));
    r.set_text(f->text);
    r.set_supports(!f->against);
    r.set_request_id(c->NextRequestId());
    send(r);
  });
}

}  // namespace ngoaivu::cli
