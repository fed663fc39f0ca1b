#include "services/notifications/cloud_events.h"

#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"

namespace ngoaivu::notifications {
namespace {

// The payload in protobuf's JSON mapping, from its type URL.
absl::StatusOr<nlohmann::json> PayloadJson(const google::protobuf::Any& any) {
  const absl::string_view url = any.type_url();
  const std::string type(url.substr(url.rfind('/') + 1));
  const google::protobuf::Descriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          type);
  if (descriptor == nullptr) {
    return absl::InternalError(absl::StrCat("unknown payload type ", type));
  }
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> payload(
      factory.GetPrototype(descriptor)->New());
  if (!payload->ParseFromString(any.value())) {
    return absl::InternalError(absl::StrCat("payload does not parse: ", type));
  }
  std::string text;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  if (!google::protobuf::util::MessageToJsonString(*payload, &text, options)
           .ok()) {
    return absl::InternalError("payload has no JSON form");
  }
  return nlohmann::json::parse(text);
}

}  // namespace

absl::StatusOr<std::string> CloudEventJson(const events::v1::Event& event) {
  auto data = PayloadJson(event.data());
  if (!data.ok()) return data.status();
  const absl::Time time = absl::FromUnixSeconds(event.time().seconds()) +
                          absl::Nanoseconds(event.time().nanos());
  nlohmann::json body = {
      {"specversion", "1.0"},
      {"id", event.id()},
      {"source", event.source()},
      {"type", event.type()},
      {"subject", event.subject()},
      {"time",
       absl::FormatTime("%Y-%m-%d%ET%H:%M:%E3SZ", time, absl::UTCTimeZone())},
      {"datacontenttype", "application/json"},
      // An absolute URI, as CloudEvents requires, naming the protobuf
      // message whose JSON mapping `data` is (proto/ngoaivu/...).
      {"dataschema", absl::StrCat("urn:ngoaivu:proto:",
                                  absl::StripPrefix(event.data().type_url(),
                                                    "type.googleapis.com/"))},
      {"data", *data},
  };
  // Distributed tracing extension: the change's trace goes with it.
  if (!event.traceparent().empty()) body["traceparent"] = event.traceparent();
  return body.dump();
}

std::string NewWebhookSecret() {
  unsigned char key[32];
  RAND_bytes(key, sizeof(key));
  return absl::StrCat("whsec_",
                      absl::Base64Escape(absl::string_view(
                          reinterpret_cast<const char*>(key), sizeof(key))));
}

std::optional<std::string> WebhookSignature(absl::string_view secret,
                                            absl::string_view id,
                                            absl::Time timestamp,
                                            absl::string_view body) {
  std::string key;
  if (!absl::ConsumePrefix(&secret, "whsec_") ||
      !absl::Base64Unescape(secret, &key) || key.empty()) {
    return std::nullopt;
  }
  const std::string signed_content =
      absl::StrCat(id, ".", absl::ToUnixSeconds(timestamp), ".", body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signed_content.data()),
       signed_content.size(), mac, &length);
  return absl::StrCat("v1,", absl::Base64Escape(absl::string_view(
                                 reinterpret_cast<const char*>(mac), length)));
}

}  // namespace ngoaivu::notifications
