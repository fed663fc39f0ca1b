// Certificates and keys made by the test with the openssl command: two
// certificate authorities, a server certificate for localhost and client
// certificates with SPIFFE ids; plus RSA and EC key pairs for tokens.
#ifndef NGOAIVU_TESTS_SUPPORT_TEST_PKI_H_
#define NGOAIVU_TESTS_SUPPORT_TEST_PKI_H_

#include <string>

namespace ngoaivu::testing {

class TestPki {
 public:
  TestPki();  // generates everything; aborts if openssl fails
  ~TestPki();

  std::string Read(const std::string& name) const;  // file content
  std::string Path(const std::string& name) const;  // dir + "/" + name

  // Files: ca.pem, server.pem, server.key, client.pem, client.key
  // (spiffe://ngoaivu/tasks, signed by ca), other-ca.pem, stranger.pem,
  // stranger.key (signed by other-ca), server2.pem, server2.key (localhost,
  // signed by other-ca), rsa.key, rsa.pub, rsa2.key, rsa2.pub,
  // ec.key, ec.pub.
 private:
  void Run(const std::string& command) const;
  std::string dir_;
};

}  // namespace ngoaivu::testing

#endif  // NGOAIVU_TESTS_SUPPORT_TEST_PKI_H_
