#include "proto/support/request_decoding.h"

#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/message.h"
#include "google/protobuf/stubs/common.h"
#include "google/protobuf/wire_format_lite.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace ngoaivu {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;

constexpr int kMaxDepth = 32;

// Walks the wire form of a message of type `type`; adds the path of every
// string field that is not valid UTF-8. False when the bytes are malformed.
bool FindInvalidText(const std::string& bytes, const Descriptor* type,
                     const std::string& prefix, int depth,
                     std::vector<std::string>* paths) {
  if (depth > kMaxDepth) return false;
  google::protobuf::io::CodedInputStream input(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  while (true) {
    const uint32_t tag = input.ReadTag();
    if (tag == 0)
      return input.CurrentPosition() == static_cast<int>(bytes.size());
    const FieldDescriptor* field =
        type->FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
    if (field == nullptr || WireFormatLite::GetTagWireType(tag) !=
                                WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      if (!WireFormatLite::SkipField(&input, tag)) return false;
      continue;
    }
    std::string value;
    if (!WireFormatLite::ReadBytes(&input, &value)) return false;
    const std::string path = prefix + field->name();
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (!google::protobuf::internal::IsStructurallyValidUTF8(
              value.data(), static_cast<int>(value.size()))) {
        paths->push_back(path);
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      if (!FindInvalidText(value, field->message_type(), path + ".", depth + 1,
                           paths)) {
        return false;
      }
    }
  }
}

}  // namespace

grpc::Status UndecodableRequest(const std::string& wire,
                                const google::protobuf::MessageLite& message) {
  const auto* full = dynamic_cast<const google::protobuf::Message*>(&message);
  std::vector<std::string> paths;
  google::rpc::BadRequest bad_request;
  std::string summary;
  if (full != nullptr &&
      FindInvalidText(wire, full->GetDescriptor(), "", 0, &paths) &&
      !paths.empty()) {
    for (const std::string& path : paths) {
      auto* v = bad_request.add_field_violations();
      v->set_field(path);
      v->set_description("not valid UTF-8");
      summary += (summary.empty() ? "" : "; ") + path + ": not valid UTF-8";
    }
  } else {
    auto* v = bad_request.add_field_violations();
    v->set_field("");
    v->set_description("the request is not a valid protocol buffer message");
    summary = "malformed request message";
  }
  google::rpc::Status details;
  details.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  details.set_message(summary);
  details.add_details()->PackFrom(bad_request);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, summary,
                      details.SerializeAsString());
}

}  // namespace ngoaivu
