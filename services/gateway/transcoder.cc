#include "services/gateway/transcoder.h"

#include "absl/strings/ascii.h"
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

// A text parameter as the JSON value protobuf's parser expects for the
// field: numbers and booleans bare (checked), the rest as strings.
absl::StatusOr<Json> ValueFor(const FieldDescriptor* field,
                              const std::string& key, const std::string& text) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      if (text == "true" || text == "false") return Json(text == "true");
      break;
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t value = 0;
      if (absl::SimpleAtoi(text, &value)) return Json(value);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t value = 0;
      if (absl::SimpleAtoi(text, &value)) return Json(value);
      break;
    }
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double value = 0;
      if (absl::SimpleAtod(text, &value)) return Json(value);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (field->message_type()->full_name() == "google.protobuf.FieldMask") {
        return Json(FieldMaskJson(text));
      }
      return Json(text);  // Timestamp, Duration: their JSON string forms
    default:
      return Json(text);
  }
  return absl::InvalidArgumentError(
      absl::StrCat(key, ": '", text, "' is not a ", field->cpp_type_name()));
}

// Sets `key` (a dotted field path) to `text` in `request`, typed by the
// request's descriptor.
absl::Status SetParameter(const Descriptor* message, const std::string& key,
                          const std::string& text, Json* request) {
  const std::vector<std::string> path = absl::StrSplit(key, '.');
  Json* at = request;
  for (size_t i = 0; i < path.size(); ++i) {
    const FieldDescriptor* field = FindField(message, path[i]);
    if (field == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(key, ": no such field in ", message->full_name()));
    }
    const bool last = i + 1 == path.size();
    if (!last) {
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
          field->is_repeated()) {
        return absl::InvalidArgumentError(
            absl::StrCat(key, ": ", path[i], " has no fields"));
      }
      if (!(*at)[field->name()].is_object()) {
        (*at)[field->name()] = Json::object();
      }
      at = &(*at)[field->name()];
      message = field->message_type();
      continue;
    }
    absl::StatusOr<Json> value = ValueFor(field, key, text);
    if (!value.ok()) return value.status();
    if (field->is_repeated()) {
      if (!(*at)[field->name()].is_array()) {
        (*at)[field->name()] = Json::array();
      }
      (*at)[field->name()].push_back(*std::move(value));
    } else {
      (*at)[field->name()] = *std::move(value);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> RequestFromHttp(
    const RouteMatch& match,
    const std::vector<std::pair<std::string, std::string>>& query,
    const std::string& body) {
  const Descriptor* input = match.route->method->input_type();
  Json request = Json::object();
  if (!body.empty()) {
    if (match.route->body.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          match.route->http_method, " ", match.route->path,
          " takes no body: its fields go in the path and the query"));
    }
    Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
      return absl::InvalidArgumentError("the body is not valid JSON");
    }
    if (match.route->body == "*") {
      if (!parsed.is_object()) {
        return absl::InvalidArgumentError("the body is not a JSON object");
      }
      request = std::move(parsed);
    } else {
      request[match.route->body] = std::move(parsed);
    }
  }
  for (const auto& [key, value] : query) {
    absl::Status set = SetParameter(input, key, value, &request);
    if (!set.ok()) return set;
  }
  for (const auto& [key, value] : match.bindings) {
    absl::Status set = SetParameter(input, key, value, &request);
    if (!set.ok()) return set;
  }
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(input)
          ->New());
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      request.dump(), message.get(), options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(std::string(parsed.message()));
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
