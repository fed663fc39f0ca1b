#include "services/delegations/delegation_rules.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/dates.h"
#include "yaml-cpp/yaml.h"

namespace ngoaivu::delegations {
namespace {

using v1::Delegation;

constexpr const char* kRuleIds[] = {
    "member-overlap",     "trips-per-year",     "size-for-head-rank",
    "countries-per-trip", "days-per-country",   "submitted-in-time",
    "police-opinion",     "sponsor-declaration"};

using Values = std::vector<std::pair<std::string, std::string>>;

v1::RuleViolation Violation(const DelegationRules& rules, const Delegation& d,
                            const std::string& id, const Values& values,
                            const std::string& other = "") {
  v1::RuleViolation v;
  v.set_rule(id);
  const RuleText& text = rules.text.at(id);
  v.set_basis(text.basis);
  std::vector<std::pair<std::string, std::string>> replacements;
  for (const auto& [key, value] : values) {
    replacements.emplace_back(absl::StrCat("{", key, "}"), value);
  }
  v.set_message(absl::StrReplaceAll(text.message, replacements));
  v.set_other_delegation(other);
  auto justified = d.justifications().find(id);
  if (justified != d.justifications().end()) {
    v.set_justification(justified->second);
  }
  return v;
}

int MemberCount(const Delegation& d) { return d.members_size(); }

std::string NameOf(const RuleContext& c, const std::string& official) {
  auto it = c.official_names.find(official);
  return it == c.official_names.end() ? official : it->second;
}

void CheckMembersTrips(const DelegationRules& rules, const Delegation& d,
                       const RuleContext& c,
                       std::vector<v1::RuleViolation>* out) {
  const auto start = ToCivilDay(d.start_date());
  const auto end = ToCivilDay(d.end_date());
  if (!start || !end) return;
  std::map<std::string, int> trips_this_year;
  std::set<std::string> overlapping;
  for (const OtherTrip& t : c.other_trips) {
    if (t.start.year() == start->year()) ++trips_this_year[t.official];
    if (t.start <= *end && *start <= t.end &&
        overlapping.insert(t.official).second) {
      out->push_back(Violation(
          rules, d, "member-overlap",
          {{"member", NameOf(c, t.official)}, {"other", t.delegation}},
          t.delegation));
    }
  }
  for (const auto& [official, count] : trips_this_year) {
    // This trip is one more.
    if (count + 1 > rules.max_trips_per_year) {
      out->push_back(
          Violation(rules, d, "trips-per-year",
                    {{"member", NameOf(c, official)},
                     {"count", absl::StrCat(count + 1)},
                     {"max", absl::StrCat(rules.max_trips_per_year)}}));
    }
  }
}

void CheckShape(const DelegationRules& rules, const Delegation& d,
                const RuleContext& c, std::vector<v1::RuleViolation>* out) {
  if (d.direction() != Delegation::OUTBOUND) return;
  int cap = rules.default_max_size;
  std::string rank = c.head_position.empty() ? "?" : c.head_position;
  for (const RankCap& rc : rules.size_caps) {
    if (absl::StrContains(c.head_position, rc.rank)) {
      cap = rc.max;
      rank = rc.rank;
      break;
    }
  }
  if (MemberCount(d) > cap) {
    out->push_back(Violation(rules, d, "size-for-head-rank",
                             {{"size", absl::StrCat(MemberCount(d))},
                              {"max", absl::StrCat(cap)},
                              {"rank", rank}}));
  }
  if (d.destinations_size() > rules.max_countries) {
    out->push_back(Violation(rules, d, "countries-per-trip",
                             {{"count", absl::StrCat(d.destinations_size())},
                              {"max", absl::StrCat(rules.max_countries)}}));
  }
  for (const v1::Destination& dest : d.destinations()) {
    if (dest.days() > rules.max_days_per_country) {
      out->push_back(
          Violation(rules, d, "days-per-country",
                    {{"country", dest.country()},
                     {"days", absl::StrCat(dest.days())},
                     {"max", absl::StrCat(rules.max_days_per_country)}}));
    }
  }
}

void CheckTimingAndKind(const DelegationRules& rules, const Delegation& d,
                        const RuleContext& c,
                        std::vector<v1::RuleViolation>* out) {
  if (const auto start = ToCivilDay(d.start_date())) {
    const int64_t days = *start - c.today;
    if (days < rules.min_days_before_departure) {
      out->push_back(
          Violation(rules, d, "submitted-in-time",
                    {{"days", absl::StrCat(days)},
                     {"max", absl::StrCat(rules.min_days_before_departure)}}));
    }
  }
  for (auto kind : rules.kinds_needing_police) {
    if (d.direction() == Delegation::INBOUND && d.visitor_kind() == kind &&
        !c.police_opinion_given) {
      out->push_back(Violation(rules, d, "police-opinion",
                               {{"kind", Delegation::VisitorKind_Name(kind)}}));
    }
  }
  for (auto funding : rules.fundings_needing_declaration) {
    if (d.funding() == funding) {
      out->push_back(
          Violation(rules, d, "sponsor-declaration",
                    {{"funding", Delegation::Funding_Name(funding)}}));
    }
  }
}

template <typename Enum>
absl::Status ParseEnums(const YAML::Node& list,
                        bool (*parse)(const std::string&, Enum*),
                        const std::string& field, std::vector<Enum>* out) {
  for (const auto& item : list) {
    Enum value;
    if (!parse(item.as<std::string>(), &value)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": unknown ", item.as<std::string>()));
    }
    out->push_back(value);
  }
  return absl::OkStatus();
}

}  // namespace

bool IsRuleId(absl::string_view id) {
  for (const char* known : kRuleIds) {
    if (id == known) return true;
  }
  return false;
}

absl::StatusOr<DelegationRules> ParseDelegationRules(const std::string& yaml) {
  DelegationRules rules;
  try {
    const YAML::Node root = YAML::Load(yaml)["rules"];
    if (!root) return absl::InvalidArgumentError("no `rules`");
    for (const char* id : kRuleIds) {
      const YAML::Node rule = root[id];
      if (!rule || !rule["basis"] || !rule["message"]) {
        return absl::InvalidArgumentError(
            absl::StrCat("rule ", id, " needs a basis and a message"));
      }
      rules.text[id] = {rule["basis"].as<std::string>(),
                        rule["message"].as<std::string>()};
    }
    rules.max_trips_per_year = root["trips-per-year"]["max"].as<int>();
    for (const auto& cap : root["size-for-head-rank"]["caps"]) {
      rules.size_caps.push_back(
          {cap["rank"].as<std::string>(), cap["max"].as<int>()});
    }
    rules.default_max_size =
        root["size-for-head-rank"]["default_max"].as<int>();
    rules.max_countries = root["countries-per-trip"]["max"].as<int>();
    rules.max_days_per_country = root["days-per-country"]["max"].as<int>();
    rules.min_days_before_departure =
        root["submitted-in-time"]["min_days"].as<int>();
    if (const YAML::Node police = root["police-opinion"]["agency"]) {
      rules.police_agency = police.as<std::string>();
    }
    if (auto s = ParseEnums<Delegation::VisitorKind>(
            root["police-opinion"]["kinds"], &Delegation::VisitorKind_Parse,
            "police-opinion.kinds", &rules.kinds_needing_police);
        !s.ok()) {
      return s;
    }
    if (auto s = ParseEnums<Delegation::Funding>(
            root["sponsor-declaration"]["fundings"], &Delegation::Funding_Parse,
            "sponsor-declaration.fundings",
            &rules.fundings_needing_declaration);
        !s.ok()) {
      return s;
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("delegation rules: ", e.what()));
  }
  return rules;
}

std::vector<v1::RuleViolation> CheckDelegation(const DelegationRules& rules,
                                               const v1::Delegation& d,
                                               const RuleContext& context) {
  std::vector<v1::RuleViolation> violations;
  CheckMembersTrips(rules, d, context, &violations);
  CheckShape(rules, d, context, &violations);
  CheckTimingAndKind(rules, d, context, &violations);
  return violations;
}

std::vector<v1::RuleViolation> Unjustified(
    const std::vector<v1::RuleViolation>& violations) {
  std::vector<v1::RuleViolation> open;
  for (const auto& v : violations) {
    if (v.justification().empty()) open.push_back(v);
  }
  return open;
}

}  // namespace ngoaivu::delegations
