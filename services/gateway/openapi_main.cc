// openapi-gen DESCRIPTOR_SET: prints the OpenAPI 3 document of the
// gateway's paths (the build writes build/openapi.json with it).
#include <fstream>
#include <iostream>

#include "services/gateway/gateway.h"
#include "services/gateway/openapi.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: openapi-gen DESCRIPTOR_SET\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  google::protobuf::FileDescriptorSet files;
  if (!in || !files.ParseFromIstream(&in)) {
    std::cerr << argv[1] << ": not a descriptor set\n";
    return 1;
  }
  const std::vector<std::string> services =
      ngoaivu::gateway::Gateway::ServedServices();
  const auto document = ngoaivu::gateway::OpenApiDocument(files, services);
  if (!document.ok()) {
    std::cerr << document.status() << "\n";
    return 1;
  }
  std::cout << *document << "\n";
  return 0;
}
