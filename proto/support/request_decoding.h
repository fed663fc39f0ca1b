// Why a request that does not parse is INVALID_ARGUMENT naming its field.
//
// Proto3 parsers reject a string field holding invalid UTF-8, and gRPC then
// answers INTERNAL without saying which field. A client sending bad text is
// a bad request, so every generated service and stub of the suite is
// compiled with this header force-included (proto/CMakeLists.txt): it
// specializes gRPC's serialization of protobuf messages to diagnose a failed
// parse, field by field, as a google.rpc.BadRequest.
#ifndef NGOAIVU_PROTO_SUPPORT_REQUEST_DECODING_H_
#define NGOAIVU_PROTO_SUPPORT_REQUEST_DECODING_H_

#include <grpcpp/impl/codegen/proto_utils.h>

#include <string>

#include "google/protobuf/message_lite.h"

namespace ngoaivu {

// The INVALID_ARGUMENT status for `wire` bytes of `message`'s type that did
// not parse: names each string field holding invalid UTF-8 (paths like
// `agency.display_name`), or says the message is malformed.
grpc::Status UndecodableRequest(const std::string& wire,
                                const google::protobuf::MessageLite& message);

}  // namespace ngoaivu

namespace grpc {

template <>
class SerializationTraits<grpc::protobuf::MessageLite, void> {
 public:
  static Status Serialize(const grpc::protobuf::MessageLite& msg,
                          ByteBuffer* bb, bool* own_buffer) {
    return GenericSerialize<ProtoBufferWriter, grpc::protobuf::MessageLite>(
        msg, bb, own_buffer);
  }

  static Status Deserialize(ByteBuffer* buffer,
                            grpc::protobuf::MessageLite* msg) {
    ByteBuffer kept(*buffer);  // shares the slices; parsing clears `buffer`
    Status status =
        GenericDeserialize<ProtoBufferReader, grpc::protobuf::MessageLite>(
            buffer, msg);
    if (status.ok() || !kept.Valid()) return status;
    Slice slice;
    if (!kept.DumpToSingleSlice(&slice).ok()) return status;
    return ngoaivu::UndecodableRequest(
        std::string(reinterpret_cast<const char*>(slice.begin()), slice.size()),
        *msg);
  }
};

}  // namespace grpc

#endif  // NGOAIVU_PROTO_SUPPORT_REQUEST_DECODING_H_
