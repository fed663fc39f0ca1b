#include "services/gateway/transcoder.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/code.pb.h"
#include "google/rpc/status.pb.h"
#include "nlohmann/json.hpp"

namespace ngoaivu::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using Json = nlohmann::json;

const FieldDescriptor* FindField(const Descriptor* message,
                                 const std::string& name) {
  const FieldDescriptor* field = message->FindFieldByName(name);
  return field != nullptr ? field : message->FindFieldByCamelcaseName(name);
}

// "display_name,phone" -> "displayName,phone": FieldMask's JSON form.
std::string FieldMaskJson(const std::string& paths) {
  std::vector<std::string> camel;
  for (absl::string_view path : absl::StrSplit(paths, ',', absl::SkipEmpty())) {
    std::string out;
    bool upper = false;
    for (char c : absl::StripAsciiWhitespace(path)) {
      if (c == '_') {
        upper = true;
        continue;
      }
      out += upper ? absl::ascii_toupper(c) : c;
      upper = false;
    }
    camel.push_back(out);
  }
  return absl::StrJoin(camel, ",");
}

absl::Status WrongType(const FieldDescriptor* field, const std::string& key,
                       const std::string& text) {
  return absl::InvalidArgumentError(
      absl::StrCat(key, ": '", text, "' is not a ", field->cpp_type_name()));
}

// The value of `field`'s enum named `text` (or numbered so); an error
// lists the names it may take.
absl::StatusOr<const google::protobuf::EnumValueDescriptor*> EnumValueOf(
    const FieldDescriptor* field, const std::string& key,
    const std::string& text) {
  const auto* type = field->enum_type();
  const auto* value = type->FindValueByName(text);
  int number = 0;
  if (value == nullptr && absl::SimpleAtoi(text, &number)) {
    value = type->FindValueByNumber(number);
  }
  if (value != nullptr) return value;
  std::vector<std::string> names;
  for (int i = 0; i < type->value_count(); ++i) {
    names.push_back(type->value(i)->name());
  }
  return absl::InvalidArgumentError(
      absl::StrCat(key, ": '", text, "' is not a value of ", type->full_name(),
                   " (one of ", absl::StrJoin(names, ", "), ")"));
}

// Sets (or, repeated, adds) `field` of `message` to `text`, typed by the
// field: numbers and booleans checked, enums by name or number, messages
// (Timestamp, Duration, FieldMask...) by their JSON string form.
absl::Status SetValue(google::protobuf::Message* message,
                      const FieldDescriptor* field, const std::string& key,
                      const std::string& text) {
  const auto* r = message->GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL: {
      if (text != "true" && text != "false") {
        return WrongType(field, key, text);
      }
      const bool value = text == "true";
      repeated ? r->AddBool(message, field, value)
               : r->SetBool(message, field, value);
      return absl::OkStatus();
    }
#define NGOAIVU_NUMBER_CASE(CPPTYPE, TYPE, PARSE, SETTER)         \
  case FieldDescriptor::CPPTYPE: {                                \
    TYPE value{};                                                 \
    if (!PARSE(text, &value)) return WrongType(field, key, text); \
    repeated ? r->Add##SETTER(message, field, value)              \
             : r->Set##SETTER(message, field, value);             \
    return absl::OkStatus();                                      \
  }
      NGOAIVU_NUMBER_CASE(CPPTYPE_INT32, int32_t, absl::SimpleAtoi, Int32)
      NGOAIVU_NUMBER_CASE(CPPTYPE_INT64, int64_t, absl::SimpleAtoi, Int64)
      NGOAIVU_NUMBER_CASE(CPPTYPE_UINT32, uint32_t, absl::SimpleAtoi, UInt32)
      NGOAIVU_NUMBER_CASE(CPPTYPE_UINT64, uint64_t, absl::SimpleAtoi, UInt64)
      NGOAIVU_NUMBER_CASE(CPPTYPE_FLOAT, float, absl::SimpleAtof, Float)
      NGOAIVU_NUMBER_CASE(CPPTYPE_DOUBLE, double, absl::SimpleAtod, Double)
#undef NGOAIVU_NUMBER_CASE
    case FieldDescriptor::CPPTYPE_ENUM: {
      auto value = EnumValueOf(field, key, text);
      if (!value.ok()) return value.status();
      repeated ? r->AddEnum(message, field, *value)
               : r->SetEnum(message, field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value = text;
      if (field->type() == FieldDescriptor::TYPE_BYTES &&
          !absl::WebSafeBase64Unescape(text, &value) &&
          !absl::Base64Unescape(text, &value)) {
        return absl::InvalidArgumentError(
            absl::StrCat(key, ": '", text, "' is not base64"));
      }
      repeated ? r->AddString(message, field, std::move(value))
               : r->SetString(message, field, std::move(value));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      // Its JSON form is a string: "2026-09-30T00:00:00Z", "3.5s",
      // "display_name,phone" (a FieldMask's paths, as the query gives them).
      const bool mask =
          field->message_type()->full_name() == "google.protobuf.FieldMask";
      const std::string json = absl::StrCat(
          "\"", absl::CEscape(mask ? FieldMaskJson(text) : text), "\"");
      google::protobuf::Message* value =
          repeated ? r->AddMessage(message, field)
                   : r->MutableMessage(message, field);
      if (!google::protobuf::util::JsonStringToMessage(json, value).ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            key, ": '", text, "' is not a ", field->message_type()->name()));
      }
      return absl::OkStatus();
    }
  }
  return WrongType(field, key, text);
}

// Sets `key` (a dotted field path) to `text` in `request`.
absl::Status SetParameter(const std::string& key, const std::string& text,
                          google::protobuf::Message* request) {
  google::protobuf::Message* at = request;
  const std::vector<absl::string_view> path = absl::StrSplit(key, '.');
  for (size_t i = 0; i < path.size(); ++i) {
    const FieldDescriptor* field =
        FindField(at->GetDescriptor(), std::string(path[i]));
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          key, ": no such field in ", at->GetDescriptor()->full_name()));
    }
    if (i + 1 == path.size()) return SetValue(at, field, key, text);
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
        field->is_repeated()) {
      return absl::InvalidArgumentError(
          absl::StrCat(key, ": ", path[i], " has no fields"));
    }
    at = at->GetReflection()->MutableMessage(at, field);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> RequestFromHttp(
    const RouteMatch& match,
    const std::vector<std::pair<std::string, std::string>>& query,
    const std::string& body) {
  const Descriptor* input = match.route->method->input_type();
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(input)
          ->New());
  if (!body.empty()) {
    if (match.route->body.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          match.route->http_method, " ", match.route->path,
          " takes no body: its fields go in the path and the query"));
    }
    // The body is the request, or one field of it: protobuf's own JSON
    // parser reads it (unknown fields and wrong types refused), no tree.
    const FieldDescriptor* field = match.route->body == "*"
                                       ? nullptr
                                       : FindField(input, match.route->body);
    if (match.route->body != "*" && field == nullptr) {
      return absl::InternalError(absl::StrCat("the route's body field ",
                                              match.route->body, " is not in ",
                                              input->full_name()));
    }
    const std::string json =
        field == nullptr
            ? body
            : absl::StrCat("{\"", field->json_name(), "\":", body, "\n}");
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    const auto parsed = google::protobuf::util::JsonStringToMessage(
        json, message.get(), options);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the body: ", parsed.message().ToString()));
    }
  }
  // Then the query and the path, which win over the body (AIP-127).
  for (const auto& [key, value] : query) {
    absl::Status set = SetParameter(key, value, message.get());
    if (!set.ok()) return set;
  }
  for (const auto& [key, value] : match.bindings) {
    absl::Status set = SetParameter(key, value, message.get());
    if (!set.ok()) return set;
  }
  return message;
}

std::string ResponseJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

int HttpStatusOf(int grpc_code) {
  switch (grpc_code) {
    case google::rpc::OK:
      return 200;
    case google::rpc::CANCELLED:
      return 499;
    case google::rpc::INVALID_ARGUMENT:
    case google::rpc::FAILED_PRECONDITION:
    case google::rpc::OUT_OF_RANGE:
      return 400;
    case google::rpc::UNAUTHENTICATED:
      return 401;
    case google::rpc::PERMISSION_DENIED:
      return 403;
    case google::rpc::NOT_FOUND:
      return 404;
    case google::rpc::ALREADY_EXISTS:
    case google::rpc::ABORTED:
      return 409;
    case google::rpc::RESOURCE_EXHAUSTED:
      return 429;
    case google::rpc::UNIMPLEMENTED:
      return 501;
    case google::rpc::UNAVAILABLE:
      return 503;
    case google::rpc::DEADLINE_EXCEEDED:
      return 504;
    default:
      return 500;
  }
}

std::string ErrorJson(int grpc_code, const std::string& message,
                      const std::string& serialized_status_details) {
  Json error = {{"code", HttpStatusOf(grpc_code)},
                {"message", message},
                {"status", google::rpc::Code_Name(
                               static_cast<google::rpc::Code>(grpc_code))},
                {"details", Json::array()}};
  google::rpc::Status status;
  if (!serialized_status_details.empty() &&
      status.ParseFromString(serialized_status_details)) {
    for (const google::protobuf::Any& detail : status.details()) {
      std::string json;
      if (google::protobuf::util::MessageToJsonString(detail, &json).ok()) {
        Json parsed = Json::parse(json, nullptr, false);
        if (!parsed.is_discarded()) error["details"].push_back(parsed);
      }
    }
  }
  return Json{{"error", error}}.dump();
}

}  // namespace ngoaivu::gateway
