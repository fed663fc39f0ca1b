// A real redis-server for tests: its own free port, its own temporary
// directory, stopped and removed when the test ends. Can be stopped and
// started again on the same port to test outages.
#ifndef NGOAIVU_TESTS_SUPPORT_REDIS_SERVER_H_
#define NGOAIVU_TESTS_SUPPORT_REDIS_SERVER_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace ngoaivu::testing {

// A TCP port nobody listens on right now.
int FreePort();

// The suite's Redis users (deploy/redis/make-acl.sh) in a new temporary
// directory: users.acl and each user's password, made before Redis starts.
std::string MakeAclFiles();
// `user`'s password in such a directory.
std::string AclPassword(const std::string& acl_dir, const std::string& user);

class RedisServer {
 public:
  RedisServer();  // starts it; aborts the test binary if it cannot
  // With more redis-server arguments after the suite's configuration
  // (deploy/redis/redis.conf), e.g. {"--aclfile", path}.
  explicit RedisServer(std::vector<std::string> extra_args);
  ~RedisServer();

  void Stop();
  void Start();
  // SIGKILL: no AOF flush, no goodbye to replicas or sentinels.
  void Kill();
  // Suspends the process (SIGSTOP): connections hang instead of failing.
  void Pause();
  void Resume();

  int port() const { return port_; }
  std::string url() const;
  const std::string& dir() const { return dir_; }

 private:
  int port_;
  std::string dir_;
  std::vector<std::string> extra_args_;
  pid_t pid_ = -1;
};

}  // namespace ngoaivu::testing

#endif  // NGOAIVU_TESTS_SUPPORT_REDIS_SERVER_H_
