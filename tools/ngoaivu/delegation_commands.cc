// `ngoaivu delegations ...`: create, get, list, validate, the workflow
// verbs, approve, amend, decisions.
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "common/registry_names.h"
#include "tools/ngoaivu/country_names.h"
#include "tools/ngoaivu/delegations_cli.h"
#include "tools/ngoaivu/enum_text.h"
#include "tools/ngoaivu/tasks_cli.h"

namespace ngoaivu::cli {
namespace {

namespace dv1 = ::ngoaivu::delegations::v1;
using D = dv1::Delegation;
using Stub = dv1::DelegationsService::Stub;

// What a delegation is made of, as flags (create and amend).
struct DelegationFlags {
  std::string direction = "outbound", title, purpose = "work", agency,
              visitor_kind, visitors_country, from, to,
              funding = "state-budget", sponsor;
  std::vector<std::string> countries;  // "KH:5"
  std::vector<std::string> members;    // an official, or "Name|title|org|CC"
  std::vector<std::string> partners;
  int head = 0;
  int64_t cost = 0;
  bool restricted = false;
};

void AddShapeFlags(CLI::App* cmd, DelegationFlags* f) {
  cmd->add_option("--country", f->countries,
                  "a destination and its days, CC:DAYS (repeatable; one "
                  "country alone may be CC: the trip's days)");
  cmd->add_option("--member", f->members,
                  "an official (UBND/tran-luu-quang) or "
                  "\"Full name|title|organisation|CC\" (repeatable; the "
                  "first is the head unless --head)");
  cmd->add_option("--head", f->head, "index of the head among the members");
  cmd->add_option("--from", f->from, "first day, YYYY-MM-DD or DD/MM/YYYY")
      ->transform(DayInput());
  cmd->add_option("--to", f->to, "last day, YYYY-MM-DD or DD/MM/YYYY")
      ->transform(DayInput());
  cmd->add_option("--visitors-country", f->visitors_country,
                  "inbound: where the visitors come from");
}

// Fills `d` from the flags; false (and a message) when one does not parse.
bool FillDelegation(const DelegationFlags& f, D* d, CliContext* c) {
  D::Direction direction;
  if (!ParseEnum(D::Direction_descriptor(), f.direction, &direction)) {
    c->Fail("--direction: outbound or inbound");
    return false;
  }
  d->set_direction(direction);
  d->set_title(f.title);
  D::Purpose purpose;
  if (!ParseEnum(D::Purpose_descriptor(), f.purpose, &purpose)) {
    c->Fail(
        "--purpose: work, visit, study, research, conference, "
        "medical-treatment, investment-and-trade-promotion, other-purpose");
    return false;
  }
  d->set_purpose(purpose);
  d->set_agency(AgencyNameFromInput(f.agency));
  if (!f.visitor_kind.empty()) {
    D::VisitorKind kind;
    if (!ParseEnum(D::VisitorKind_descriptor(), f.visitor_kind, &kind)) {
      c->Fail("--visitor-kind: embassy, consulate-general, foreign-ngo, ...");
      return false;
    }
    d->set_visitor_kind(kind);
  }
  D::Funding funding;
  if (!ParseEnum(D::Funding_descriptor(), f.funding, &funding)) {
    c->Fail(
        "--funding: state-budget, own-agency, host, named-sponsor, "
        "self-funded");
    return false;
  }
  d->set_funding(funding);
  d->set_sponsor(f.sponsor);
  d->set_estimated_cost_vnd(f.cost);
  d->set_classification(f.restricted ? D::RESTRICTED : D::NORMAL);
  for (const auto& p : f.partners) d->add_partner_organisations(p);
  return true;
}

// The members, dates and places of the flags given, with the paths set.
bool FillShape(const DelegationFlags& f, D* d, std::vector<std::string>* paths,
               CliContext* c) {
  // One country without its days: the trip's days (--from to --to, both
  // counted); with several, each must say its own.
  std::optional<int> trip_days;
  absl::CivilDay first, last;
  if (absl::ParseCivilTime(f.from, &first) &&
      absl::ParseCivilTime(f.to, &last) && last >= first) {
    trip_days = static_cast<int>(last - first) + 1;
  }
  for (const std::string& spec : f.countries) {
    std::vector<std::string> parts = absl::StrSplit(spec, ':');
    int days = 0;
    if (parts.size() > 2 ||
        (parts.size() == 2 && !absl::SimpleAtoi(parts[1], &days))) {
      c->Fail("--country: CC or CC:DAYS, e.g. KH:5");
      return false;
    }
    if (parts.size() == 1) {
      if (f.countries.size() > 1 || !trip_days) {
        c->Fail(absl::StrCat("--country ", spec,
                             ": give its days (", spec, ":DAYS)",
                             f.countries.size() > 1
                                 ? ", one for each country of the trip"
                                 : ", or the trip's --from and --to"));
        return false;
      }
      days = *trip_days;
    }
    auto* dest = d->add_destinations();
    dest->set_country(parts[0]);
    dest->set_days(days);
  }
  for (size_t i = 0; i < f.members.size(); ++i) {
    auto* m = d->add_members();
    const std::string& spec = f.members[i];
    if (spec.find("/officials/") != std::string::npos ||
        (spec.find('|') == std::string::npos &&
         spec.find('/') != std::string::npos)) {
      m->set_official(OfficialNameFromInput(spec));
    } else {
      std::vector<std::string> parts = absl::StrSplit(spec, '|');
      parts.resize(4);
      m->set_full_name(parts[0]);
      m->set_title(parts[1]);
      m->set_organisation(parts[2]);
      m->set_nationality(parts[3]);
    }
    m->set_role(static_cast<int>(i) == f.head ? "Trưởng đoàn" : "Thành viên");
  }
  d->set_head(f.head);
  if (!f.from.empty()) *d->mutable_start_date() = DateOf(f.from);
  if (!f.to.empty()) *d->mutable_end_date() = DateOf(f.to);
  d->set_visitors_country(f.visitors_country);
  if (!f.countries.empty()) paths->push_back("destinations");
  if (!f.members.empty()) {
    paths->push_back("members");
    paths->push_back("head");
  }
  if (!f.from.empty()) paths->push_back("start_date");
  if (!f.to.empty()) paths->push_back("end_date");
  if (!f.visitors_country.empty()) paths->push_back("visitors_country");
  return true;
}

void AddCreate(CLI::App* parent, CliContext* c) {
  auto f = std::make_shared<DelegationFlags>();
  auto id = std::make_shared<std::string>();
  auto* cmd = parent->add_subcommand("create", "draft a delegation");
  cmd->add_option("--id", *id, "its id, [a-z0-9-] (generated when empty)");
  cmd->add_option("--direction", f->direction, "outbound or inbound")
      ->capture_default_str();
  cmd->add_option("--title", f->title, "what it is")->required();
  cmd->add_option("--purpose", f->purpose, "work, visit, study, ...")
      ->capture_default_str();
  cmd->add_option("--agency", f->agency, "sending or host agency's code")
      ->required();
  cmd->add_option("--visitor-kind", f->visitor_kind,
                  "inbound: embassy, foreign-ngo, foreign-press, ...");
  cmd->add_option("--funding", f->funding, "state-budget, named-sponsor, ...")
      ->capture_default_str();
  cmd->add_option("--sponsor", f->sponsor, "with --funding named-sponsor");
  cmd->add_option("--cost", f->cost, "estimated cost, VND");
  cmd->add_option("--partner", f->partners, "a partner organisation");
  cmd->add_flag("--restricted", f->restricted,
                "details readable only by its agency, DOFA and approvers");
  AddShapeFlags(cmd, f.get());
  cmd->callback([=] {
    dv1::CreateDelegationRequest r;
    r.set_delegation_id(*id);
    std::vector<std::string> paths;
    if (!FillDelegation(*f, r.mutable_delegation(), c) ||
        !FillShape(*f, r.mutable_delegation(), &paths, c)) {
      return;
    }
    r.set_request_id(c->NextRequestId());
    D out;
    grpc::Status s =
        DelegationsStub(c)->CreateDelegation(c->Call().get(), r, &out);
    if (!s.ok()) return c->Fail(s);
    PrintDelegation(out, c);
  });
}

void AddGetAndValidate(CLI::App* parent, CliContext* c) {
  auto name = std::make_shared<std::string>();
  auto* get = parent->add_subcommand("get", "show one delegation");
  get->add_option("name", *name, "delegations/{id} or {id}")->required();
  get->callback([=] {
    dv1::GetDelegationRequest r;
    r.set_name(DelegationName(*name));
    D out;
    grpc::Status s =
        DelegationsStub(c)->GetDelegation(c->Call().get(), r, &out);
    if (!s.ok()) return c->Fail(s);
    PrintDelegation(out, c);
  });
  auto* validate = parent->add_subcommand(
      "validate", "the rules a delegation breaks, with their numbers");
  validate->add_option("name", *name, "delegations/{id} or {id}")->required();
  validate->callback([=] {
    dv1::ValidateDelegationRequest r;
    r.set_name(DelegationName(*name));
    dv1::ValidateDelegationResponse out;
    grpc::Status s =
        DelegationsStub(c)->ValidateDelegation(c->Call().get(), r, &out);
    if (!s.ok()) return c->Fail(s);
    Table table({"RULE", "MESSAGE", "JUSTIFICATION", "BASIS"});
    for (const auto& v : out.violations()) {
      table.AddRow({v.rule(), v.message(), v.justification(), v.basis()});
    }
    c->Print(table, out);
  });
}

void AddList(CLI::App* parent, CliContext* c) {
  struct ListFlags {
    std::string direction, state, agency, country, purpose, kind, from, to;
  };
  auto f = std::make_shared<ListFlags>();
  auto* list = parent->add_subcommand("list", "delegations, filtered");
  list->add_option("--direction", f->direction, "outbound or inbound");
  list->add_option("--state", f->state, "draft, submitted, approved, ...");
  list->add_option("--agency", f->agency, "sending or host agency's code");
  list->add_option("--country", f->country, "ISO 3166-1 alpha-2");
  list->add_option("--purpose", f->purpose, "work, visit, ...");
  list->add_option("--visitor-kind", f->kind, "embassy, foreign-ngo, ...");
  list->add_option("--from", f->from, "starting on or after, YYYY-MM-DD")
      ->transform(DayInput());
  list->add_option("--to", f->to, "starting on or before, YYYY-MM-DD")
      ->transform(DayInput());
  list->callback([=] {
    dv1::ListDelegationsRequest r;
    auto parse = [&](const std::string& text, const auto* descriptor, auto* out,
                     const char* flag) {
      if (text.empty() || ParseEnum(descriptor, text, out)) return true;
      c->Fail(absl::StrCat(flag, ": unknown value ", text));
      return false;
    };
    D::Direction direction{};
    D::State state{};
    D::Purpose purpose{};
    D::VisitorKind kind{};
    if (!parse(f->direction, D::Direction_descriptor(), &direction,
               "--direction") ||
        !parse(f->state, D::State_descriptor(), &state, "--state") ||
        !parse(f->purpose, D::Purpose_descriptor(), &purpose, "--purpose") ||
        !parse(f->kind, D::VisitorKind_descriptor(), &kind, "--visitor-kind")) {
      return;
    }
    r.set_direction(direction);
    r.set_state(state);
    r.set_purpose(purpose);
    r.set_visitor_kind(kind);
    if (!f->agency.empty()) r.set_agency(AgencyNameFromInput(f->agency));
    r.set_country(f->country);
    if (!f->from.empty()) *r.mutable_start_after() = DateOf(f->from);
    if (!f->to.empty()) *r.mutable_start_before() = DateOf(f->to);
    dv1::ListDelegationsResponse all;
    auto stub = DelegationsStub(c);
    grpc::Status s = c->ListAll(
        r,
        [&](grpc::ClientContext* ctx, const auto& req, auto* page) {
          return stub->ListDelegations(ctx, req, page);
        },
        &all);
    if (!s.ok()) return c->Fail(s);
    Table table({"DELEGATION", "DIR", "AGENCY", "START", "END", "PLACES",
                 "PEOPLE", "STATE"});
    for (const auto& d : all.delegations()) {
      std::string places = d.visitors_country().empty()
                               ? ""
                               : CountryWithName(d.visitors_country());
      for (const auto& dest : d.destinations()) {
        places +=
            (places.empty() ? "" : ", ") + CountryWithName(dest.country());
      }
      table.AddRow(
          {d.name(), EnumText(D::Direction_descriptor(), d.direction()),
           AgencyCodeOfResource(d.agency()), DateText(d.start_date()),
           DateText(d.end_date()), places, std::to_string(d.members_size()),
           D::State_Name(d.state())});
    }
    c->Print(table, all);
  });
}

// The workflow verbs that take a name, an optional etag and reason.
void AddTransitions(CLI::App* parent, CliContext* c) {
  using Verb = WorkflowVerb<dv1::TransitionDelegationRequest, D>;
  const std::vector<Verb> verbs = {
      {"submit", "the agency submits its draft", &Stub::SubmitDelegation,
       false},
      {"review", "DOFA takes it up", &Stub::ReviewDelegation, false},
      {"return", "DOFA returns it to draft", &Stub::ReturnDelegation, true},
      {"forward", "DOFA forwards it to the approvers", &Stub::ForwardDelegation,
       false},
      {"reject", "an approver rejects it", &Stub::RejectDelegation, true},
      {"depart", "the trip or visit begins", &Stub::DepartDelegation, false},
      {"return-home", "the trip ends (tasks opens its report)",
       &Stub::ReturnHomeDelegation, false},
      {"cancel", "called off before travelling", &Stub::CancelDelegation, true},
  };
  // Submitting carries the written justifications of rule violations.
  auto justify = [c](CLI::App* cmd, const std::string& verb)
      -> std::function<bool(dv1::TransitionDelegationRequest*)> {
    if (verb != "submit") return nullptr;
    auto texts = std::make_shared<std::vector<std::string>>();
    cmd->add_option("--justify", *texts,
                    "RULE=TEXT: a written justification (repeatable)");
    return [c, texts](dv1::TransitionDelegationRequest* r) {
      for (const std::string& j : *texts) {
        const size_t eq = j.find('=');
        if (eq == std::string::npos) {
          c->Fail("--justify: RULE=TEXT");
          return false;
        }
        (*r->mutable_justifications())[j.substr(0, eq)] = j.substr(eq + 1);
      }
      return true;
    };
  };
  AddWorkflowVerbs<dv1::TransitionDelegationRequest, D>(
      parent, c, verbs, &DelegationName, &PrintDelegation, justify);
}

struct DecisionFlags {
  std::string name, etag, number, date, signer, capacity = "CHỦ TỊCH", summary;
};

void AddDecisionFlags(CLI::App* cmd, DecisionFlags* f) {
  cmd->add_option("name", f->name, "delegations/{id} or {id}")->required();
  cmd->add_option("--etag", f->etag, "act only on this version");
  cmd->add_option("--number", f->number, "e.g. 123/QĐ-UBND")->required();
  cmd->add_option("--date", f->date, "YYYY-MM-DD or DD/MM/YYYY")
      ->required()
      ->transform(DayInput());
  cmd->add_option("--signer", f->signer, "the signing official, UBND/{id}")
      ->required();
  cmd->add_option("--capacity", f->capacity,
                  "printed above the signature, e.g. \"KT. CHỦ TỊCH / PHÓ "
                  "CHỦ TỊCH\"")
      ->capture_default_str();
}

void AddDecisions(CLI::App* parent, CliContext* c) {
  auto approve_flags = std::make_shared<DecisionFlags>();
  auto* approve = parent->add_subcommand("approve", "a UBND decision approves");
  AddDecisionFlags(approve, approve_flags.get());
  approve->callback([=] {
    const DecisionFlags& f = *approve_flags;
    dv1::DecideDelegationRequest r;
    r.set_name(DelegationName(f.name));
    r.set_etag(f.etag);
    *r.mutable_decision() = DecisionOf(f.number, f.date, f.signer, f.capacity);
    r.set_request_id(c->NextRequestId());
    D out;
    grpc::Status s =
        DelegationsStub(c)->ApproveDelegation(c->Call().get(), r, &out);
    if (!s.ok()) return c->Fail(s);
    PrintDelegation(out, c);
  });
  auto amend_flags = std::make_shared<DecisionFlags>();
  auto shape = std::make_shared<DelegationFlags>();
  auto* amend = parent->add_subcommand(
      "amend", "a new decision changing members, dates or destinations");
  AddDecisionFlags(amend, amend_flags.get());
  amend->add_option("--summary", amend_flags->summary, "what it changes");
  auto amend_justify = std::make_shared<std::vector<std::string>>();
  amend->add_option("--justify", *amend_justify,
                    "RULE=TEXT: a written justification of a rule the "
                    "amended delegation breaks (repeatable)");
  AddShapeFlags(amend, shape.get());
  amend->callback([=] {
    const DecisionFlags& f = *amend_flags;
    dv1::AmendDelegationRequest r;
    r.set_name(DelegationName(f.name));
    r.set_etag(f.etag);
    *r.mutable_decision() = DecisionOf(f.number, f.date, f.signer, f.capacity);
    r.mutable_decision()->set_summary(f.summary);
    std::vector<std::string> paths;
    if (!FillShape(*shape, r.mutable_delegation(), &paths, c)) return;
    for (const auto& p : paths) r.mutable_update_mask()->add_paths(p);
    for (const std::string& j : *amend_justify) {
      const size_t eq = j.find('=');
      if (eq == std::string::npos) return c->Fail("--justify: RULE=TEXT");
      (*r.mutable_justifications())[j.substr(0, eq)] = j.substr(eq + 1);
    }
    r.set_request_id(c->NextRequestId());
    D out;
    grpc::Status s =
        DelegationsStub(c)->AmendDelegation(c->Call().get(), r, &out);
    if (!s.ok()) return c->Fail(s);
    PrintDelegation(out, c);
  });
  auto name = std::make_shared<std::string>();
  auto* list = parent->add_subcommand("decisions", "a delegation's decisions");
  list->add_option("name", *name, "delegations/{id} or {id}")->required();
  list->callback([=] {
    dv1::ListDecisionsRequest r;
    r.set_parent(DelegationName(*name));
    dv1::ListDecisionsResponse all;
    auto stub = DelegationsStub(c);
    grpc::Status s = c->ListAll(
        r,
        [&](grpc::ClientContext* ctx, const auto& req, auto* page) {
          return stub->ListDecisions(ctx, req, page);
        },
        &all);
    if (!s.ok()) return c->Fail(s);
    Table table({"NUMBER", "DATE", "SIGNER", "CAPACITY", "AMENDS", "SUMMARY"});
    for (const auto& d : all.decisions()) {
      table.AddRow({d.number(), DateText(d.date()), d.signer(),
                    d.signer_capacity(), d.amends(), d.summary()});
    }
    c->Print(table, all);
  });
}

// What a visit produced, and an agency's opinion on a delegation.
void AddOutcomeAndOpinion(CLI::App* parent, CliContext* c) {
  struct Flags {
    std::string name, etag, summary;
    std::vector<std::string> agreements, pledges, follow_ups;
  };
  auto f = std::make_shared<Flags>();
  auto* outcome = parent->add_subcommand(
      "outcome", "what a visit produced (follow-up duties reach tasks)");
  outcome->add_option("name", f->name, "delegations/{id} or {id}")->required();
  outcome->add_option("--etag", f->etag, "act only on this version");
  outcome->add_option("--summary", f->summary, "in a few words");
  outcome->add_option("--agreement", f->agreements, "an agreement proposed");
  outcome->add_option("--pledge", f->pledges,
                      "aid pledged: \"DESCRIPTION|AMOUNT|CURRENCY\"");
  outcome->add_option("--follow-up", f->follow_ups, "a follow-up duty");
  outcome->callback([=] {
    dv1::RecordOutcomeRequest r;
    r.set_name(DelegationName(f->name));
    r.set_etag(f->etag);
    dv1::Outcome* o = r.mutable_outcome();
    o->set_summary(f->summary);
    for (const auto& a : f->agreements) o->add_agreements(AgreementName(a));
    for (const auto& p : f->pledges) {
      std::vector<std::string> parts = absl::StrSplit(p, '|');
      int64_t amount = 0;
      if (parts.size() != 3 || !absl::SimpleAtoi(parts[1], &amount)) {
        return c->Fail("--pledge: DESCRIPTION|AMOUNT|CURRENCY");
      }
      auto* pledge = o->add_aid_pledged();
      pledge->set_description(parts[0]);
      pledge->set_amount(amount);
      pledge->set_currency(parts[2]);
    }
    for (const auto& duty : f->follow_ups) o->add_follow_up_duties(duty);
    r.set_request_id(c->NextRequestId());
    D out;
    grpc::Status s =
        DelegationsStub(c)->RecordOutcome(c->Call().get(), r, &out);
    if (!s.ok()) return c->Fail(s);
    PrintDelegation(out, c);
  });
  AddOpinionVerb(
      parent, c, "an agency's opinion (the Police's on NGO and press visits)",
      &DelegationName, [c](const dv1::GiveOpinionRequest& r) {
        D out;
        grpc::Status s =
            DelegationsStub(c)->GiveDelegationOpinion(c->Call().get(), r, &out);
        if (!s.ok()) return c->Fail(s);
        PrintDelegation(out, c);
      });
}

}  // namespace

void AddDelegationCommands(CLI::App& app, CliContext* c) {
  auto* delegations = app.add_subcommand(
      "delegations", "trips abroad and foreign visits, and their decisions");
  delegations->require_subcommand(1);
  AddCreate(delegations, c);
  AddGetAndValidate(delegations, c);
  AddList(delegations, c);
  AddTransitions(delegations, c);
  AddDecisions(delegations, c);
  AddOutcomeAndOpinion(delegations, c);
}

}  // namespace ngoaivu::cli
