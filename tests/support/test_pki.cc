#include "tests/support/test_pki.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ngoaivu::testing {

void TestPki::Run(const std::string& command) const {
  const std::string full =
      "cd " + dir_ + " && (" + command + ") >/dev/null 2>&1";
  if (std::system(full.c_str()) != 0) {
    std::fprintf(stderr, "test PKI step failed: %s\n", command.c_str());
    std::abort();
  }
}

TestPki::TestPki() {
  char pattern[] = "/tmp/ngoaivu-pki-XXXXXX";
  dir_ = mkdtemp(pattern);
  auto ca = [&](const std::string& name, const std::string& cn) {
    Run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=" + cn +
        "' -keyout " + name + ".key -out " + name + ".pem");
  };
  auto leaf = [&](const std::string& name, const std::string& issuer,
                  const std::string& cn, const std::string& san) {
    Run("openssl req -newkey rsa:2048 -nodes -subj '/CN=" + cn + "' -keyout " +
        name + ".key -out " + name + ".csr");
    Run("printf 'subjectAltName=" + san + "\\n' > " + name + ".ext");
    Run("openssl x509 -req -in " + name + ".csr -CA " + issuer +
        ".pem -CAkey " + issuer + ".key -CAcreateserial -days 2 -extfile " +
        name + ".ext -out " + name + ".pem");
  };
  ca("ca", "ngoaivu test CA");
  ca("other-ca", "another authority");
  leaf("server", "ca", "localhost", "DNS:localhost,IP:127.0.0.1");
  leaf("client", "ca", "tasks", "URI:spiffe://ngoaivu/tasks");
  leaf("stranger", "other-ca", "stranger", "URI:spiffe://elsewhere/stranger");
  // The same server name from the other authority (a rotated certificate).
  leaf("server2", "other-ca", "localhost", "DNS:localhost,IP:127.0.0.1");
  Run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "
      "rsa.key");
  Run("openssl pkey -in rsa.key -pubout -out rsa.pub");
  Run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "
      "rsa2.key");
  Run("openssl pkey -in rsa2.key -pubout -out rsa2.pub");
  Run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "
      "ec.key");
  Run("openssl pkey -in ec.key -pubout -out ec.pub");
}

TestPki::~TestPki() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string TestPki::Path(const std::string& name) const {
  return dir_ + "/" + name;
}

std::string TestPki::Read(const std::string& name) const {
  std::ifstream in(Path(name), std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace ngoaivu::testing
