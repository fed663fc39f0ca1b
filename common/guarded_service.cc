#include "common/guarded_service.h"

#include <cstdio>
#include <cstdlib>

#include "google/protobuf/descriptor.h"

namespace ngoaivu {

int MethodIndex(const std::string& service, const std::string& method) {
  const google::protobuf::ServiceDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          service);
  const google::protobuf::MethodDescriptor* found =
      descriptor ? descriptor->FindMethodByName(method) : nullptr;
  if (found == nullptr) {
    std::fprintf(stderr, "no method %s in service %s\n", method.c_str(),
                 service.c_str());
    std::abort();
  }
  return found->index();
}

}  // namespace ngoaivu
