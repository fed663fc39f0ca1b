// The gateway's routes come from the .proto files' annotations and its
// transcoding follows AIP-127: tested on the descriptors alone.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "ngoaivu/notifications/v1/notifications_service.pb.h"
#include "ngoaivu/registry/v1/registry_service.pb.h"
#include "ngoaivu/tasks/v1/tasks_service.pb.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_routes.h"
#include "services/gateway/transcoder.h"

namespace ngoaivu::gateway {
namespace {

std::vector<std::string> AllServices() { return Gateway::ServedServices(); }

const RouteTable& Table() {
  static const RouteTable* table = [] {
    auto built = RouteTable::FromServices(AllServices());
    EXPECT_TRUE(built.ok()) << built.status();
    return new RouteTable(*std::move(built));
  }();
  return *table;
}

std::string MethodAt(const std::string& verb, const std::string& path) {
  const auto match = Table().Match(verb, path);
  return match ? match->route->method->name() : "(none)";
}

TEST(GatewayRoutesTest, EveryMethodOfEveryServiceHasARoute) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  size_t methods = 0;
  for (const std::string& name : AllServices()) {
    const auto* service = pool->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      ++methods;
      bool routed = false;
      for (const Route& route : Table().routes()) {
        routed = routed || route.method == service->method(i);
      }
      EXPECT_TRUE(routed) << service->method(i)->full_name();
    }
  }
  EXPECT_GE(methods, 94u);
}

TEST(GatewayRoutesTest, EachRouteIsTheOneItsOwnPathFinds) {
  // A path made from each template (wildcards filled in) finds that very
  // route: no two routes overlap.
  for (const Route& route : Table().routes()) {
    std::string path = "";
    for (const auto& segment : route.path_template.segments) {
      path +=
          "/" + (segment.literal.empty() ? std::string("x1") : segment.literal);
    }
    if (!route.path_template.verb.empty())
      path += ":" + route.path_template.verb;
    const auto match = Table().Match(route.http_method, path);
    ASSERT_TRUE(match.has_value()) << route.path;
    EXPECT_EQ(match->route->path, route.path) << path;
    EXPECT_EQ(match->route->method, route.method) << path;
  }
}

TEST(GatewayRoutesTest, PathsFollowAip127) {
  EXPECT_EQ(MethodAt("GET", "/v1/agencies/SCT"), "GetAgency");
  EXPECT_EQ(MethodAt("GET", "/v1/agencies"), "ListAgencies");
  EXPECT_EQ(MethodAt("PATCH", "/v1/agencies/SCT"), "UpdateAgency");
  EXPECT_EQ(MethodAt("GET", "/v1/agencies/SCT:resolve"), "ResolveAgency");
  EXPECT_EQ(MethodAt("GET", "/v1/agencies/SCT/notifications"),
            "ListNotifications");
  EXPECT_EQ(MethodAt("POST", "/v1/delegations/trip:approve"),
            "ApproveDelegation");
  EXPECT_EQ(MethodAt("GET", "/v1/delegations:statistics"),
            "GetDelegationStatistics");
  EXPECT_EQ(MethodAt("POST", "/v1/programmes/p/duties/d/obligations/o/reports"),
            "CreateProgressReport");
  EXPECT_EQ(MethodAt("GET", "/v1/events:stream"), "StreamEvents");
  EXPECT_EQ(MethodAt("DELETE", "/v1/subscriptions/s"), "DeleteSubscription");
  EXPECT_EQ(MethodAt("GET", "/v1/nothing/here"), "(none)");
  EXPECT_EQ(MethodAt("DELETE", "/v1/agencies/SCT"), "(none)");
  EXPECT_TRUE(Table().PathKnown("/v1/agencies/SCT"));
  const auto match = Table().Match("PATCH", "/v1/agencies/SCT");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->bindings.at("agency.name"), "agencies/SCT");
}

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Request(
    const std::string& verb, const std::string& path,
    std::vector<std::pair<std::string, std::string>> query,
    const std::string& body = "") {
  const auto match = Table().Match(verb, path);
  EXPECT_TRUE(match) << path;
  return RequestFromHttp(*match, query, body);
}

TEST(GatewayTranscoderTest, PathQueryAndBodyFillTheRequest) {
  auto list = Request("GET", "/v1/agencies/SNGV/notifications",
                      {{"page_size", "20"},
                       {"unreadOnly", "true"},
                       {"types", "a.*"},
                       {"types", "b.*"}});
  ASSERT_TRUE(list.ok()) << list.status();
  const auto& l =
      dynamic_cast<const notifications::v1::ListNotificationsRequest&>(**list);
  EXPECT_EQ(l.parent(), "agencies/SNGV");
  EXPECT_EQ(l.page_size(), 20);
  EXPECT_TRUE(l.unread_only());
  ASSERT_EQ(l.types_size(), 2);

  auto update = Request("PATCH", "/v1/agencies/SCT",
                        {{"update_mask", "display_name,english_name"}},
                        R"({"displayName": "Sở Công Thương"})");
  ASSERT_TRUE(update.ok()) << update.status();
  const auto& u =
      dynamic_cast<const registry::v1::UpdateAgencyRequest&>(**update);
  EXPECT_EQ(u.agency().name(), "agencies/SCT");
  EXPECT_EQ(u.agency().display_name(), "Sở Công Thương");
  ASSERT_EQ(u.update_mask().paths_size(), 2);
  EXPECT_EQ(u.update_mask().paths(0), "display_name");

  // Enums by name or number, nested fields by dotted path.
  auto obligations = Request("GET", "/v1/obligations",
                             {{"agency", "agencies/SCT"},
                              {"state", "SUBMITTED"},
                              {"due_before.year", "2026"},
                              {"dueBefore.month", "9"}});
  ASSERT_TRUE(obligations.ok()) << obligations.status();
  const auto& o =
      dynamic_cast<const tasks::v1::ListObligationsRequest&>(**obligations);
  EXPECT_EQ(o.agency(), "agencies/SCT");
  EXPECT_EQ(o.state(), tasks::v1::Obligation::SUBMITTED);
  EXPECT_EQ(o.due_before().year(), 2026);
  EXPECT_EQ(o.due_before().month(), 9);
  auto by_number = Request(
      "GET", "/v1/obligations",
      {{"state", absl::StrCat(static_cast<int>(tasks::v1::Obligation::OPEN))}});
  ASSERT_TRUE(by_number.ok()) << by_number.status();
  EXPECT_EQ(dynamic_cast<const tasks::v1::ListObligationsRequest&>(**by_number)
                .state(),
            tasks::v1::Obligation::OPEN);

  // The path wins over the body (AIP-127): a body cannot aim the call
  // at another resource.
  auto aimed = Request("POST", "/v1/agencies/SCT:dissolve", {},
                       R"({"name": "agencies/UBND", "reason": "x"})");
  ASSERT_TRUE(aimed.ok()) << aimed.status();
  EXPECT_EQ(
      dynamic_cast<const registry::v1::DissolveAgencyRequest&>(**aimed).name(),
      "agencies/SCT");

  auto dissolve = Request("POST", "/v1/agencies/SCT:dissolve", {},
                          R"({"reason": "QĐ 12", "request_id": "r-1"})");
  ASSERT_TRUE(dissolve.ok()) << dissolve.status();
  const auto& d =
      dynamic_cast<const registry::v1::DissolveAgencyRequest&>(**dissolve);
  EXPECT_EQ(d.name(), "agencies/SCT");
  EXPECT_EQ(d.reason(), "QĐ 12");
}

TEST(GatewayTranscoderTest, BadInputIsInvalidArgumentNamingIt) {
  const auto expect_refused = [](const absl::Status& status,
                                 const std::string& says) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_NE(status.message().find(says), std::string::npos) << status;
  };
  expect_refused(
      Request("GET", "/v1/agencies", {{"page_size", "many"}}).status(),
      "page_size");
  expect_refused(Request("GET", "/v1/agencies", {{"colour", "red"}}).status(),
                 "colour");
  expect_refused(
      Request("POST", "/v1/agencies/SCT:dissolve", {}, "{not json").status(),
      "the body");
  expect_refused(
      Request("GET", "/v1/obligations", {{"state", "DONE-ISH"}}).status(),
      "state: 'DONE-ISH' is not a value of ngoaivu.tasks.v1.Obligation.State");
  expect_refused(Request("GET", "/v1/obligations", {{"late", "yes"}}).status(),
                 "late");
  expect_refused(
      Request("GET", "/v1/obligations", {{"due_before.month", "9.5"}}).status(),
      "due_before.month");
  expect_refused(
      Request("GET", "/v1/obligations", {{"agency.code", "SCT"}}).status(),
      "agency has no fields");
  expect_refused(Request("POST", "/v1/agencies/SCT:dissolve", {},
                         R"({"reason": "x", "colour": "red"})")
                     .status(),
                 "colour");
  expect_refused(
      Request("POST", "/v1/agencies/SCT:dissolve", {}, R"({"reason": 12})")
          .status(),
      "reason");
  expect_refused(Request("GET", "/v1/agencies/SCT", {}, R"({"a": 1})").status(),
                 "takes no body");
}

TEST(GatewayTranscoderTest, ErrorsAreGoogleRpcStatusWithTheirDetails) {
  google::rpc::Status status;
  google::rpc::BadRequest bad;
  auto* violation = bad.add_field_violations();
  violation->set_field("agency.display_name");
  violation->set_description("required");
  status.add_details()->PackFrom(bad);
  const std::string json =
      ErrorJson(3, "agency.display_name: required", status.SerializeAsString());
  EXPECT_NE(json.find(R"("code":400)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("status":"INVALID_ARGUMENT")"), std::string::npos);
  EXPECT_NE(json.find("type.googleapis.com/google.rpc.BadRequest"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("agency.display_name"), std::string::npos);
  EXPECT_EQ(HttpStatusOf(5), 404);
  EXPECT_EQ(HttpStatusOf(6), 409);
  EXPECT_EQ(HttpStatusOf(16), 401);
  EXPECT_EQ(HttpStatusOf(14), 503);
}

}  // namespace
}  // namespace ngoaivu::gateway
