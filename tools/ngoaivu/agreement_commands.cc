// `ngoaivu agreements ...`: create, get, list, and the way to signing:
// submit, request-opinions, opinion, approve, reject, sign,
// enter-into-force, expire, terminate.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/registry_names.h"
#include "tools/ngoaivu/country_names.h"
#include "tools/ngoaivu/delegations_cli.h"
#include "tools/ngoaivu/enum_text.h"
#include "tools/ngoaivu/tasks_cli.h"

namespace ngoaivu::cli {
namespace {

namespace dv1 = ::ngoaivu::delegations::v1;
using A = dv1::Agreement;
using Stub = dv1::DelegationsService::Stub;

void PrintAgreement(const A& a, CliContext* c) {
  Table table({"FIELD", "VALUE"});
  table.AddRow({"name", a.name()});
  table.AddRow({"proposing agency", a.proposing_agency()});
  table.AddRow(
      {"foreign party",
       a.foreign_party() + " (" + CountryWithName(a.foreign_country()) + ")"});
  table.AddRow({"subject", a.subject()});
  if (!a.delegation().empty()) table.AddRow({"from", a.delegation()});
  for (const auto& link : a.document_links()) table.AddRow({"document", link});
  table.AddRow({"state", A::State_Name(a.state())});
  if (!a.state_reason().empty()) table.AddRow({"reason", a.state_reason()});
  for (const auto& o : a.opinions()) {
    table.AddRow(
        {"opinion " + o.agency(),
         o.text().empty()
             ? "(awaited)"
             : (o.supports() ? "supports: " : "against: ") + o.text()});
  }
  if (!a.approval().number().empty()) {
    table.AddRow({"approval", a.approval().number() + " of " +
                                  DateText(a.approval().date())});
  }
  if (a.signed_date().year() != 0) {
    table.AddRow({"signed", DateText(a.signed_date()) + " by " +
                                absl::StrJoin(a.signers(), ", ")});
  }
  table.AddRow({"etag", a.etag()});
  c->Print(table, a);
}

// Runs `call` with a fresh stub and prints the agreement it returns.
template <typename Call>
void Act(CliContext* c, Call call) {
  A out;
  auto stub = DelegationsStub(c);
  grpc::Status s = call(*stub, &out);
  if (!s.ok()) return c->Fail(s);
  PrintAgreement(out, c);
}

void AddCreateGetList(CLI::App* parent, CliContext* c) {
  struct Flags {
    std::string id, agency, party, country, subject, delegation, end;
    std::vector<std::string> documents;
  };
  auto f = std::make_shared<Flags>();
  auto* create = parent->add_subcommand("create", "draft an agreement");
  create->add_option("--id", f->id, "its id, [a-z0-9-]");
  create->add_option("--agency", f->agency, "proposing agency's code")
      ->required();
  create->add_option("--party", f->party, "the foreign party")->required();
  create->add_option("--country", f->country, "its country, e.g. KH")
      ->required();
  create->add_option("--subject", f->subject, "what it is about")->required();
  create->add_option("--delegation", f->delegation, "the visit it came from");
  create->add_option("--document", f->documents, "a document link");
  create->add_option("--end", f->end, "its term ends, YYYY-MM-DD or DD/MM/YYYY")
      ->transform(DayInput());
  create->callback([=] {
    dv1::CreateAgreementRequest r;
    r.set_agreement_id(f->id);
    A* a = r.mutable_agreement();
    a->set_proposing_agency(AgencyNameFromInput(f->agency));
    a->set_foreign_party(f->party);
    a->set_foreign_country(f->country);
    a->set_subject(f->subject);
    if (!f->delegation.empty())
      a->set_delegation(DelegationName(f->delegation));
    for (const auto& d : f->documents) a->add_document_links(d);
    if (!f->end.empty()) *a->mutable_end_date() = DateOf(f->end);
    r.set_request_id(c->NextRequestId());
    Act(c, [&](Stub& s, A* out) {
      return s.CreateAgreement(c->Call().get(), r, out);
    });
  });
  auto name = std::make_shared<std::string>();
  auto* get = parent->add_subcommand("get", "show one agreement");
  get->add_option("name", *name, "agreements/{id} or {id}")->required();
  get->callback([=] {
    dv1::GetAgreementRequest r;
    r.set_name(AgreementName(*name));
    Act(c, [&](Stub& s, A* out) {
      return s.GetAgreement(c->Call().get(), r, out);
    });
  });
  auto filter = std::make_shared<Flags>();
  auto state = std::make_shared<std::string>();
  auto* list = parent->add_subcommand("list", "agreements, filtered");
  list->add_option("--state", *state, "draft, submitted, signed, ...");
  list->add_option("--agency", filter->agency, "proposing agency's code");
  list->add_option("--country", filter->country, "the foreign party's");
  list->callback([=] {
    dv1::ListAgreementsRequest r;
    A::State s{};
    if (!state->empty() && !ParseEnum(A::State_descriptor(), *state, &s)) {
      return c->Fail("--state: unknown value " + *state);
    }
    r.set_state(s);
    if (!filter->agency.empty()) {
      r.set_proposing_agency(AgencyNameFromInput(filter->agency));
    }
    r.set_foreign_country(filter->country);
    dv1::ListAgreementsResponse all;
    auto stub = DelegationsStub(c);
    grpc::Status status = c->ListAll(
        r,
        [&](grpc::ClientContext* ctx, const auto& req, auto* page) {
          return stub->ListAgreements(ctx, req, page);
        },
        &all);
    if (!status.ok()) return c->Fail(status);
    Table table({"AGREEMENT", "AGENCY", "PARTY", "COUNTRY", "STATE"});
    for (const auto& a : all.agreements()) {
      table.AddRow({a.name(), AgencyCodeOfResource(a.proposing_agency()),
                    a.foreign_party(), CountryWithName(a.foreign_country()),
                    A::State_Name(a.state())});
    }
    c->Print(table, all);
  });
}

void AddTransitions(CLI::App* parent, CliContext* c) {
  using Verb = WorkflowVerb<dv1::TransitionAgreementRequest, A>;
  const std::vector<Verb> verbs = {
      {"submit", "the agency submits it", &Stub::SubmitAgreement, false},
      {"reject", "the UBND rejects it", &Stub::RejectAgreement, true},
      {"enter-into-force", "signed, now in force",
       &Stub::EnterAgreementIntoForce, false},
      {"expire", "its term ran out", &Stub::ExpireAgreement, false},
      {"terminate", "ended early", &Stub::TerminateAgreement, true},
  };
  AddWorkflowVerbs<dv1::TransitionAgreementRequest, A>(
      parent, c, verbs, &AgreementName, &PrintAgreement);
}

void AddOpinionsAndDecision(CLI::App* parent, CliContext* c) {
  struct Flags {
    std::string name, etag, number, date, signer, capacity = "CHỦ TỊCH",
                                                  signed_date;
    std::vector<std::string> agencies, signers;
  };
  auto f = std::make_shared<Flags>();
  auto* ask = parent->add_subcommand("request-opinions",
                                     "DOFA asks agencies for their opinion");
  ask->add_option("name", f->name, "agreements/{id} or {id}")->required();
  ask->add_option("--agency", f->agencies, "an agency's code (repeatable)")
      ->required();
  ask->callback([=] {
    dv1::RequestOpinionsRequest r;
    r.set_name(AgreementName(f->name));
    for (const auto& a : f->agencies) r.add_agencies(AgencyNameFromInput(a));
    r.set_request_id(c->NextRequestId());
    Act(c, [&](Stub& s, A* out) {
      return s.RequestOpinions(c->Call().get(), r, out);
    });
  });
  AddOpinionVerb(parent, c, "an agency answers", &AgreementName,
                 [c](const dv1::GiveOpinionRequest& r) {
                   Act(c, [&](Stub& s, A* out) {
                     return s.GiveOpinion(c->Call().get(), r, out);
                   });
                 });
  auto* approve =
      parent->add_subcommand("approve", "the UBND approves it for signing");
  approve->add_option("name", f->name, "agreements/{id} or {id}")->required();
  approve->add_option("--number", f->number, "e.g. 45/QĐ-UBND")->required();
  approve->add_option("--date", f->date, "YYYY-MM-DD or DD/MM/YYYY")
      ->required()
      ->transform(DayInput());
  approve->add_option("--signer", f->signer, "UBND/{id}")->required();
  approve->add_option("--capacity", f->capacity, "above the signature")
      ->capture_default_str();
  approve->callback([=] {
    dv1::DecideAgreementRequest r;
    r.set_name(AgreementName(f->name));
    *r.mutable_decision() =
        DecisionOf(f->number, f->date, f->signer, f->capacity);
    r.set_request_id(c->NextRequestId());
    Act(c, [&](Stub& s, A* out) {
      return s.ApproveAgreement(c->Call().get(), r, out);
    });
  });
  auto* sign = parent->add_subcommand(
      "sign", "signed, once the UBND approved it (refused before)");
  sign->add_option("name", f->name, "agreements/{id} or {id}")->required();
  sign->add_option("--date", f->signed_date, "YYYY-MM-DD or DD/MM/YYYY")
      ->required()
      ->transform(DayInput());
  sign->add_option("--signer", f->signers, "who signed (repeatable)")
      ->required();
  sign->callback([=] {
    dv1::SignAgreementRequest r;
    r.set_name(AgreementName(f->name));
    *r.mutable_signed_date() = DateOf(f->signed_date);
    for (const auto& s : f->signers) r.add_signers(s);
    r.set_request_id(c->NextRequestId());
    Act(c, [&](Stub& s, A* out) {
      return s.SignAgreement(c->Call().get(), r, out);
    });
  });
}

}  // namespace

void AddAgreementCommands(CLI::App& app, CliContext* c) {
  auto* agreements = app.add_subcommand(
      "agreements", "agreements with foreign parties, approved before signing");
  agreements->require_subcommand(1);
  AddCreateGetList(agreements, c);
  AddTransitions(agreements, c);
  AddOpinionsAndDecision(agreements, c);
}

}  // namespace ngoaivu::cli
