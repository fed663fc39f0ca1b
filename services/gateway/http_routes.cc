#include "services/gateway/http_routes.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/api/annotations.pb.h"

namespace ngoaivu::gateway {
namespace {

using google::protobuf::MethodDescriptor;

// "agencies/SCT:resolve" -> segments {"agencies", "SCT"} and "resolve".
std::pair<std::vector<std::string>, std::string> SplitPath(
    const std::string& path) {
  std::string rest = path;
  std::string verb;
  const size_t slash = rest.rfind('/');
  const size_t colon = rest.rfind(':');
  if (colon != std::string::npos &&
      (slash == std::string::npos || colon > slash)) {
    verb = rest.substr(colon + 1);
    rest.resize(colon);
  }
  std::vector<std::string> segments =
      absl::StrSplit(rest, '/', absl::SkipEmpty());
  return {std::move(segments), verb};
}

// Whether `segments[at..]` matches `pattern[from..]`; fills the bound
// segments of each variable.
bool MatchFrom(const std::vector<PathTemplate::Segment>& pattern, size_t from,
               const std::vector<std::string>& segments, size_t at,
               std::vector<std::vector<std::string>>* bound) {
  if (from == pattern.size()) return at == segments.size();
  const PathTemplate::Segment& p = pattern[from];
  if (p.multi_wildcard) {
    // One or more segments; the rest of the template after it decides how
    // many.
    for (size_t end = segments.size(); end > at; --end) {
      auto attempt = *bound;
      for (size_t i = at; i < end; ++i)
        attempt[p.variable].push_back(segments[i]);
      if (MatchFrom(pattern, from + 1, segments, end, &attempt)) {
        *bound = std::move(attempt);
        return true;
      }
    }
    return false;
  }
  if (at == segments.size()) return false;
  if (!p.wildcard && p.literal != segments[at]) return false;
  if (p.wildcard && segments[at].empty()) return false;
  if (p.variable >= 0) (*bound)[p.variable].push_back(segments[at]);
  return MatchFrom(pattern, from + 1, segments, at + 1, bound);
}

absl::Status AddRule(const google::api::HttpRule& rule,
                     const MethodDescriptor* method,
                     std::vector<Route>* routes) {
  absl::StatusOr<Route> route = RouteOf(rule, method);
  if (!route.ok()) return route.status();
  routes->push_back(*std::move(route));
  for (const google::api::HttpRule& extra : rule.additional_bindings()) {
    absl::Status added = AddRule(extra, method, routes);
    if (!added.ok()) return added;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Route> RouteOf(const google::api::HttpRule& rule,
                              const MethodDescriptor* method) {
  Route route;
  route.method = method;
  route.server_streaming = method->server_streaming();
  route.body = rule.body();
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet:
      route.http_method = "GET";
      route.path = rule.get();
      break;
    case google::api::HttpRule::kPost:
      route.http_method = "POST";
      route.path = rule.post();
      break;
    case google::api::HttpRule::kPatch:
      route.http_method = "PATCH";
      route.path = rule.patch();
      break;
    case google::api::HttpRule::kPut:
      route.http_method = "PUT";
      route.path = rule.put();
      break;
    case google::api::HttpRule::kDelete:
      route.http_method = "DELETE";
      route.path = rule.delete_();
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(method->full_name(), ": an HTTP rule without a path"));
  }
  absl::StatusOr<PathTemplate> parsed = ParsePathTemplate(route.path);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(method->full_name(), ": ", parsed.status().message()));
  }
  route.path_template = *std::move(parsed);
  return route;
}

absl::StatusOr<PathTemplate> ParsePathTemplate(const std::string& text) {
  if (text.empty() || text[0] != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("path template '", text, "' does not start with /"));
  }
  PathTemplate parsed;
  // The verb follows the last ':' outside braces.
  std::string body = text.substr(1);
  const size_t close = body.rfind('}');
  const size_t colon = body.rfind(':');
  if (colon != std::string::npos &&
      (close == std::string::npos || colon > close)) {
    parsed.verb = body.substr(colon + 1);
    body.resize(colon);
  }
  size_t at = 0;
  while (at < body.size()) {
    if (body[at] == '/') {
      ++at;
      continue;
    }
    if (body[at] == '{') {
      const size_t end = body.find('}', at);
      if (end == std::string::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat("path template '", text, "' has an open brace"));
      }
      const std::string inside = body.substr(at + 1, end - at - 1);
      const size_t equals = inside.find('=');
      const int variable = static_cast<int>(parsed.variables.size());
      parsed.variables.push_back(inside.substr(0, equals));
      const std::string pattern =
          equals == std::string::npos ? "*" : inside.substr(equals + 1);
      for (absl::string_view piece : absl::StrSplit(pattern, '/')) {
        PathTemplate::Segment segment;
        segment.variable = variable;
        segment.wildcard = piece == "*";
        segment.multi_wildcard = piece == "**";
        if (!segment.wildcard && !segment.multi_wildcard) {
          segment.literal = std::string(piece);
        }
        parsed.segments.push_back(std::move(segment));
      }
      at = end + 1;
      continue;
    }
    const size_t end = body.find('/', at);
    PathTemplate::Segment segment;
    segment.literal = body.substr(
        at, end == std::string::npos ? std::string::npos : end - at);
    if (segment.literal.find_first_of("{}") != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("path template '", text, "' has a stray brace"));
    }
    parsed.segments.push_back(std::move(segment));
    at = end == std::string::npos ? body.size() : end;
  }
  return parsed;
}

absl::StatusOr<RouteTable> RouteTable::FromServices(
    const std::vector<std::string>& services) {
  RouteTable table;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        pool->FindServiceByName(name);
    if (service == nullptr) {
      return absl::NotFoundError(absl::StrCat("no service ", name));
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* method = service->method(i);
      if (!method->options().HasExtension(google::api::http)) {
        return absl::InvalidArgumentError(absl::StrCat(
            method->full_name(), " has no google.api.http annotation"));
      }
      absl::Status added =
          AddRule(method->options().GetExtension(google::api::http), method,
                  &table.routes_);
      if (!added.ok()) return added;
    }
  }
  return table;
}

std::optional<RouteMatch> RouteTable::Match(const std::string& http_method,
                                            const std::string& path) const {
  const auto [segments, verb] = SplitPath(path);
  for (const Route& route : routes_) {
    if (route.http_method != http_method || route.path_template.verb != verb)
      continue;
    std::vector<std::vector<std::string>> bound(
        route.path_template.variables.size());
    if (!MatchFrom(route.path_template.segments, 0, segments, 0, &bound))
      continue;
    RouteMatch match;
    match.route = &route;
    for (size_t v = 0; v < bound.size(); ++v) {
      match.bindings[route.path_template.variables[v]] =
          absl::StrJoin(bound[v], "/");
    }
    return match;
  }
  return std::nullopt;
}

bool RouteTable::PathKnown(const std::string& path) const {
  for (const char* method : {"GET", "POST", "PATCH", "PUT", "DELETE"}) {
    if (Match(method, path)) return true;
  }
  return false;
}

}  // namespace ngoaivu::gateway
