#include "services/gateway/openapi.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/api/annotations.pb.h"
#include "google/protobuf/descriptor.h"
#include "nlohmann/json.hpp"
#include "services/gateway/http_routes.h"

namespace ngoaivu::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using Json = nlohmann::json;

// "agencies" -> "agency", "duties" -> "duty", "groups" -> "group".
std::string Singular(const std::string& collection) {
  if (absl::EndsWith(collection, "ies")) {
    return collection.substr(0, collection.size() - 3) + "y";
  }
  if (absl::EndsWith(collection, "s")) {
    return collection.substr(0, collection.size() - 1);
  }
  return collection;
}

std::string Comment(const google::protobuf::SourceLocation& where) {
  return std::string(absl::StripAsciiWhitespace(where.leading_comments));
}

std::string CommentOf(const Descriptor* d) {
  google::protobuf::SourceLocation where;
  return d->GetSourceLocation(&where) ? Comment(where) : "";
}
std::string CommentOf(const FieldDescriptor* f) {
  google::protobuf::SourceLocation where;
  return f->GetSourceLocation(&where) ? Comment(where) : "";
}
std::string CommentOf(const google::protobuf::MethodDescriptor* m) {
  google::protobuf::SourceLocation where;
  return m->GetSourceLocation(&where) ? Comment(where) : "";
}

Json Ref(const Descriptor* d) {
  return {{"$ref", "#/components/schemas/" + d->full_name()}};
}

// The schema of one field's value (not repeated).
Json ValueSchema(const FieldDescriptor* f, std::set<const Descriptor*>* used) {
  switch (f->type()) {
    case FieldDescriptor::TYPE_STRING:
      return {{"type", "string"}};
    case FieldDescriptor::TYPE_BYTES:
      return {{"type", "string"}, {"format", "byte"}};
    case FieldDescriptor::TYPE_BOOL:
      return {{"type", "boolean"}};
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_SFIXED32:
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_FIXED32:
      return {{"type", "integer"}, {"format", "int32"}};
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_SFIXED64:
    case FieldDescriptor::TYPE_UINT64:
    case FieldDescriptor::TYPE_FIXED64:
      // protobuf's JSON mapping writes 64-bit integers as strings.
      return {{"type", "string"}, {"format", "int64"}};
    case FieldDescriptor::TYPE_FLOAT:
    case FieldDescriptor::TYPE_DOUBLE:
      return {{"type", "number"}};
    case FieldDescriptor::TYPE_ENUM: {
      Json values = Json::array();
      for (int i = 0; i < f->enum_type()->value_count(); ++i) {
        values.push_back(f->enum_type()->value(i)->name());
      }
      return {{"type", "string"}, {"enum", values}};
    }
    default:
      break;
  }
  const Descriptor* m = f->message_type();
  const std::string& name = m->full_name();
  if (name == "google.protobuf.Timestamp") {
    return {{"type", "string"}, {"format", "date-time"}};
  }
  if (name == "google.protobuf.Duration" ||
      name == "google.protobuf.FieldMask") {
    return {{"type", "string"}};
  }
  if (name == "google.protobuf.Any") {
    return {{"type", "object"},
            {"properties", {{"@type", {{"type", "string"}}}}},
            {"additionalProperties", true}};
  }
  used->insert(m);
  return Ref(m);
}

Json FieldSchema(const FieldDescriptor* f, std::set<const Descriptor*>* used) {
  Json schema;
  if (f->is_map()) {
    schema = {{"type", "object"},
              {"additionalProperties",
               ValueSchema(f->message_type()->map_value(), used)}};
  } else if (f->is_repeated()) {
    schema = {{"type", "array"}, {"items", ValueSchema(f, used)}};
  } else {
    schema = ValueSchema(f, used);
  }
  const std::string comment = CommentOf(f);
  if (!comment.empty()) {
    // A $ref takes no siblings in OpenAPI 3.0: wrap it.
    if (schema.contains("$ref")) schema = {{"allOf", Json::array({schema})}};
    schema["description"] = comment;
  }
  return schema;
}

Json MessageSchema(const Descriptor* d, std::set<const Descriptor*>* used) {
  Json properties = Json::object();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    properties[f->json_name()] = FieldSchema(f, used);
  }
  Json schema = {{"type", "object"}, {"properties", properties}};
  const std::string comment = CommentOf(d);
  if (!comment.empty()) schema["description"] = comment;
  return schema;
}

// Query parameters of a method without a body: its scalar fields not in
// the path, and one level into message fields (from.year).
void QueryParameters(const Descriptor* d, const std::string& prefix,
                     const std::set<std::string>& in_path, int depth,
                     std::set<const Descriptor*>* used, Json* parameters) {
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const std::string name = prefix + f->name();
    if (in_path.count(name) > 0) continue;
    if (f->type() == FieldDescriptor::TYPE_MESSAGE &&
        f->message_type()->full_name() != "google.protobuf.Timestamp" &&
        f->message_type()->full_name() != "google.protobuf.FieldMask") {
      if (depth == 0 && !f->is_repeated()) {
        QueryParameters(f->message_type(), name + ".", in_path, depth + 1, used,
                        parameters);
      }
      continue;
    }
    Json parameter = {
        {"name", name},
        {"in", "query"},
        {"required", false},
        {"schema", f->is_repeated() ? Json{{"type", "array"},
                                           {"items", ValueSchema(f, used)}}
                                    : ValueSchema(f, used)}};
    if (f->is_repeated()) {
      parameter["style"] = "form";
      parameter["explode"] = true;
    }
    const std::string comment = CommentOf(f);
    if (!comment.empty()) parameter["description"] = comment;
    parameters->push_back(parameter);
  }
}

Json ErrorSchema() {
  return {
      {"type", "object"},
      {"description",
       "google.rpc.Status as Google's REST APIs send it (AIP-193)"},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"properties",
           {{"code", {{"type", "integer"}}},
            {"message", {{"type", "string"}}},
            {"status", {{"type", "string"}}},
            {"details",
             {{"type", "array"},
              {"items",
               {{"type", "object"}, {"additionalProperties", true}}}}}}}}}}}};
}

Json Operation(const Route& route, std::set<const Descriptor*>* used) {
  const auto* method = route.method;
  std::vector<std::string> path_parameters;
  OpenApiPath(route.path, &path_parameters);
  Json parameters = Json::array();
  for (const std::string& p : path_parameters) {
    parameters.push_back({{"name", p},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
  }
  std::set<std::string> in_path(route.path_template.variables.begin(),
                                route.path_template.variables.end());
  Json operation = {
      {"operationId",
       absl::StrCat(method->service()->name(), "_", method->name())},
      {"tags", Json::array({method->service()->name()})},
      {"summary", method->name()},
      {"description", CommentOf(method)},
      {"responses",
       {{"default",
         {{
              "description",
              "an error",
          },
          {"content",
           {{"application/json",
             {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}}}};
  if (route.body.empty()) {
    QueryParameters(method->input_type(), "", in_path, 0, used, &parameters);
  } else if (route.body == "*") {
    used->insert(method->input_type());
    operation["requestBody"] = {
        {"required", true},
        {"content",
         {{"application/json", {{"schema", Ref(method->input_type())}}}}}};
  } else {
    const FieldDescriptor* body =
        method->input_type()->FindFieldByName(route.body);
    if (body != nullptr) {
      operation["requestBody"] = {
          {"required", true},
          {"content",
           {{"application/json", {{"schema", ValueSchema(body, used)}}}}}};
      // The rest of the request (its id, request_id) goes in the query.
      in_path.insert(route.body);
      QueryParameters(method->input_type(), "", in_path, 1, used, &parameters);
    }
  }
  operation["parameters"] = parameters;
  if (route.server_streaming) {
    operation["responses"]["200"] = {
        {"description",
         "Server-Sent Events, one message per event, its cursor as id"},
        {"content",
         {{"text/event-stream", {{"schema", {{"type", "string"}}}}}}}};
  } else {
    used->insert(method->output_type());
    operation["responses"]["200"] = {
        {"description", "OK"},
        {"content",
         {{"application/json", {{"schema", Ref(method->output_type())}}}}}};
  }
  return operation;
}

// The operations of one method's HTTP rule and its additional bindings.
absl::Status AddMethodPaths(const google::protobuf::MethodDescriptor* method,
                            Json* paths, std::set<const Descriptor*>* used) {
  // The pool is not the generated one: read the option from its bytes.
  google::api::HttpRule rule;
  google::protobuf::MethodOptions options;
  options.ParseFromString(method->options().SerializeAsString());
  if (!options.HasExtension(google::api::http)) return absl::OkStatus();
  rule = options.GetExtension(google::api::http);
  std::vector<google::api::HttpRule> rules = {rule};
  for (const auto& extra : rule.additional_bindings()) rules.push_back(extra);
  for (size_t k = 0; k < rules.size(); ++k) {
    const google::api::HttpRule& r = rules[k];
    absl::StatusOr<Route> route = RouteOf(r, method);
    if (!route.ok()) return route.status();
    const std::string verb = absl::AsciiStrToLower(route->http_method);
    std::vector<std::string> ignored;
    Json operation = Operation(*route, used);
    // An additional binding is an operation of its own, named apart.
    if (k > 0) {
      operation["operationId"] =
          absl::StrCat(operation["operationId"].get<std::string>(), "_", k + 1);
    }
    (*paths)[OpenApiPath(route->path, &ignored)][verb] = operation;
  }
  return absl::OkStatus();
}

}  // namespace

std::string OpenApiPath(const std::string& http_path,
                        std::vector<std::string>* parameters) {
  absl::StatusOr<PathTemplate> parsed = ParsePathTemplate(http_path);
  if (!parsed.ok()) return http_path;
  std::string path;
  std::string previous;
  for (const PathTemplate::Segment& segment : parsed->segments) {
    if (segment.wildcard || segment.multi_wildcard) {
      std::string name = Singular(previous.empty() ? "resource" : previous);
      parameters->push_back(name);
      path += "/{" + name + "}";
    } else {
      path += "/" + segment.literal;
      previous = segment.literal;
    }
  }
  if (!parsed->verb.empty()) path += ":" + parsed->verb;
  return path;
}

absl::StatusOr<std::string> OpenApiDocument(
    const google::protobuf::FileDescriptorSet& files,
    const std::vector<std::string>& services) {
  google::protobuf::DescriptorPool pool;
  for (const auto& file : files.file()) {
    if (pool.BuildFile(file) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("descriptor set: cannot build ", file.name()));
    }
  }
  std::set<const Descriptor*> used;
  Json paths = Json::object();
  for (const std::string& name : services) {
    const auto* service = pool.FindServiceByName(name);
    if (service == nullptr) {
      return absl::NotFoundError(absl::StrCat("no service ", name));
    }
    for (int i = 0; i < service->method_count(); ++i) {
      absl::Status added = AddMethodPaths(service->method(i), &paths, &used);
      if (!added.ok()) return added;
    }
  }
  Json schemas = Json::object();
  std::set<const Descriptor*> done;
  while (done.size() < used.size()) {
    for (const Descriptor* d : std::set<const Descriptor*>(used)) {
      if (done.insert(d).second)
        schemas[d->full_name()] = MessageSchema(d, &used);
    }
  }
  schemas["Error"] = ErrorSchema();
  const Json document = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "ngoaivu"},
        {"version", "v1"},
        {"description",
         "The foreign-affairs action programme suite: registry, tasks, "
         "delegations and notifications, as REST/JSON. Generated from the "
         ".proto files' google.api.http annotations."}}},
      {"servers", Json::array({{{"url", "/"}}})},
      {"security", Json::array({{{"bearer", Json::array()}}})},
      {"paths", paths},
      {"components",
       {{"securitySchemes",
         {{"bearer",
           {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}}}},
        {"schemas", schemas}}}};
  return document.dump(1);
}

}  // namespace ngoaivu::gateway
