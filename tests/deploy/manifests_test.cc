// The suite's own rules for its Kubernetes manifests, on every overlay as
// `kubectl kustomize` renders it (deploy/k8s/README.md says why each
// matters): hardened workloads, probes asking names the binaries register,
// Services targeting ports containers declare, images pinned, mutual TLS
// in prod, every Secret either rendered or documented for the operator,
// and the NetworkPolicies' default deny. Also: the image build context
// leaves out the build tree, the history and the local suite's secrets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ngoaivu {
namespace {

using ::testing::Contains;

const std::string kSource = NGOAIVU_SOURCE_DIR;
const std::string kBin = NGOAIVU_BIN_DIR;
const std::vector<std::string> kOverlays = {"base", "overlays/dev",
                                            "overlays/prod"};
const std::set<std::string> kServices = {"registry", "tasks", "delegations",
                                         "notifications"};

std::string Run(const std::string& command, int* status) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::string out;
  char buffer[4096];
  while (pipe != nullptr && fgets(buffer, sizeof(buffer), pipe) != nullptr) {
    out += buffer;
  }
  *status = pipe == nullptr ? -1 : pclose(pipe);
  return out;
}

bool HaveKubectl() {
  int status = 0;
  Run("kubectl version --client", &status);
  return status == 0;
}

std::vector<YAML::Node> Render(const std::string& overlay) {
  int status = 0;
  const std::string out =
      Run("kubectl kustomize " + kSource + "/deploy/k8s/" + overlay, &status);
  EXPECT_EQ(status, 0) << overlay << ": " << out;
  return status == 0 ? YAML::LoadAll(out) : std::vector<YAML::Node>{};
}

std::string KindOf(const YAML::Node& doc) {
  return doc["kind"] ? doc["kind"].as<std::string>() : "";
}
std::string NameOf(const YAML::Node& doc) {
  return doc["metadata"]["name"].as<std::string>();
}
bool IsWorkload(const YAML::Node& doc) {
  return KindOf(doc) == "Deployment" || KindOf(doc) == "StatefulSet";
}

// Every container of a pod spec, init containers included.
std::vector<YAML::Node> ContainersOf(const YAML::Node& pod) {
  std::vector<YAML::Node> all;
  for (const char* list : {"initContainers", "containers"}) {
    for (const YAML::Node& c : pod[list]) all.push_back(c);
  }
  return all;
}

// The settings ConfigMap's value of `key` ("" when unset).
std::string Setting(const std::vector<YAML::Node>& docs,
                    const std::string& key) {
  for (const YAML::Node& doc : docs) {
    if (KindOf(doc) == "ConfigMap" &&
        absl::StartsWith(NameOf(doc), "ngoaivu-settings") && doc["data"][key]) {
      return doc["data"][key].as<std::string>();
    }
  }
  return "";
}

// "readiness" and "liveness" -> the health names `<service>-server` says.
std::map<std::string, std::string> HealthNamesOf(const std::string& service) {
  int status = 0;
  const std::string out =
      Run(kBin + "/" + service + "-server --print-health-services", &status);
  EXPECT_EQ(status, 0) << service;
  std::map<std::string, std::string> names;
  for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(line, ' ');
    if (parts.size() == 2) names[parts[1]] = parts[0];
  }
  return names;
}

class ManifestsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!HaveKubectl()) GTEST_SKIP() << "kubectl is not installed";
    docs_ = Render(GetParam());
    ASSERT_FALSE(docs_.empty());
  }
  bool prod() const { return GetParam() == "overlays/prod"; }
  std::vector<YAML::Node> Workloads() const {
    std::vector<YAML::Node> out;
    for (const YAML::Node& doc : docs_) {
      if (IsWorkload(doc)) out.push_back(doc);
    }
    return out;
  }
  const YAML::Node* Find(const std::string& kind,
                         const std::string& name) const {
    for (const YAML::Node& doc : docs_) {
      if (KindOf(doc) == kind && NameOf(doc) == name) return &doc;
    }
    return nullptr;
  }

  std::vector<YAML::Node> docs_;
};

TEST_P(ManifestsTest, EveryWorkloadIsLockedDown) {
  const YAML::Node* ns = Find("Namespace", "ngoaivu");
  ASSERT_NE(ns, nullptr);
  EXPECT_EQ((*ns)["metadata"]["labels"]["pod-security.kubernetes.io/enforce"]
                .as<std::string>(),
            "restricted");
  // Four services, the gateway and Redis; prod adds the sentinels and the
  // backup CronJob.
  ASSERT_EQ(Workloads().size(), prod() ? 7u : 6u);
  std::vector<YAML::Node> locked = Workloads();
  for (const YAML::Node& doc : docs_) {
    if (KindOf(doc) == "CronJob") locked.push_back(doc);
  }
  ASSERT_EQ(locked.size(), prod() ? 8u : 6u);
  for (const YAML::Node& workload : locked) {
    const std::string name = NameOf(workload);
    SCOPED_TRACE(name);
    const YAML::Node spec = KindOf(workload) == "CronJob"
                                ? workload["spec"]["jobTemplate"]["spec"]
                                : workload["spec"];
    const YAML::Node pod = spec["template"]["spec"];
    const YAML::Node labels = spec["template"]["metadata"]["labels"];
    for (const char* label :
         {"app.kubernetes.io/name", "app.kubernetes.io/component",
          "app.kubernetes.io/part-of", "app.kubernetes.io/version"}) {
      EXPECT_TRUE(labels[label]) << label;
    }
    // Its own ServiceAccount, and no token mounted.
    ASSERT_TRUE(pod["serviceAccountName"]);
    const YAML::Node* account =
        Find("ServiceAccount", pod["serviceAccountName"].as<std::string>());
    ASSERT_NE(account, nullptr);
    EXPECT_FALSE((*account)["automountServiceAccountToken"].as<bool>());
    EXPECT_FALSE(pod["automountServiceAccountToken"].as<bool>(true));
    const YAML::Node security = pod["securityContext"];
    EXPECT_TRUE(security["runAsNonRoot"].as<bool>(false));
    EXPECT_GT(security["runAsUser"].as<int>(0), 0);
    EXPECT_EQ(security["seccompProfile"]["type"].as<std::string>(""),
              "RuntimeDefault");
    for (const YAML::Node& c : ContainersOf(pod)) {
      SCOPED_TRACE(c["name"].as<std::string>());
      const YAML::Node cs = c["securityContext"];
      EXPECT_FALSE(cs["allowPrivilegeEscalation"].as<bool>(true));
      EXPECT_TRUE(cs["readOnlyRootFilesystem"].as<bool>(false));
      std::vector<std::string> dropped;
      for (const YAML::Node& d : cs["capabilities"]["drop"]) {
        dropped.push_back(d.as<std::string>());
      }
      EXPECT_THAT(dropped, Contains("ALL"));
      EXPECT_FALSE(cs["capabilities"]["add"]);
      for (const char* bound : {"requests", "limits"}) {
        for (const char* resource : {"cpu", "memory"}) {
          EXPECT_TRUE(c["resources"][bound][resource]) << bound << resource;
        }
      }
    }
  }
}

TEST_P(ManifestsTest, EverythingLivesInTheSuitesNamespace) {
  for (const YAML::Node& doc : docs_) {
    if (KindOf(doc) == "Namespace") continue;
    EXPECT_EQ(doc["metadata"]["namespace"].as<std::string>(""), "ngoaivu")
        << KindOf(doc) << "/" << NameOf(doc);
  }
}

TEST_P(ManifestsTest, ProbesAskNamesTheServersRegisterAndStopsDrain) {
  const int drain = std::stoi(Setting(docs_, "NGOAIVU_SHUTDOWN_GRACE_SECONDS"));
  int checked = 0;
  for (const YAML::Node& workload : Workloads()) {
    const std::string service = NameOf(workload);
    if (kServices.count(service) == 0) continue;
    SCOPED_TRACE(service);
    const YAML::Node pod = workload["spec"]["template"]["spec"];
    const YAML::Node container = pod["containers"][0];
    const auto names = HealthNamesOf(service);
    ASSERT_EQ(names.size(), 2u);
    const YAML::Node readiness = container["readinessProbe"]["grpc"];
    ASSERT_TRUE(readiness && readiness["service"]);
    EXPECT_EQ(readiness["service"].as<std::string>(), names.at("readiness"));
    for (const char* probe : {"livenessProbe", "startupProbe"}) {
      const YAML::Node grpc = container[probe]["grpc"];
      ASSERT_TRUE(grpc && grpc["service"]) << probe;
      EXPECT_EQ(grpc["service"].as<std::string>(), names.at("liveness"));
      EXPECT_EQ(grpc["port"].as<int>(), 8081);  // plaintext, health only
    }
    EXPECT_EQ(readiness["port"].as<int>(), 8081);
    EXPECT_EQ(Setting(docs_, "NGOAIVU_HEALTH_LISTEN"), "0.0.0.0:8081");
    // preStop's wait, then the server's drain, fit in the grace period.
    const YAML::Node pre_stop = container["lifecycle"]["preStop"]["exec"];
    ASSERT_TRUE(pre_stop);
    const int wait = std::stoi(pre_stop["command"][1].as<std::string>());
    EXPECT_GT(pod["terminationGracePeriodSeconds"].as<int>(), wait + drain);
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST_P(ManifestsTest, MetricsAreServedWhereThePodSaysAndScrapedFromMonitoring) {
  const std::string listen = Setting(docs_, "NGOAIVU_METRICS_LISTEN");
  ASSERT_FALSE(listen.empty());
  const std::string port = listen.substr(listen.rfind(':') + 1);
  int checked = 0;
  for (const YAML::Node& workload : Workloads()) {
    if (kServices.count(NameOf(workload)) == 0 &&
        NameOf(workload) != "gateway") {
      continue;
    }
    SCOPED_TRACE(NameOf(workload));
    const YAML::Node annotations =
        workload["spec"]["template"]["metadata"]["annotations"];
    EXPECT_EQ(annotations["prometheus.io/scrape"].as<std::string>(""), "true");
    EXPECT_EQ(annotations["prometheus.io/port"].as<std::string>(""), port);
    bool declared = false;
    for (const YAML::Node& p :
         workload["spec"]["template"]["spec"]["containers"][0]["ports"]) {
      declared = declared || (p["name"].as<std::string>() == "metrics" &&
                              p["containerPort"].as<std::string>() == port);
    }
    EXPECT_TRUE(declared);
    ++checked;
  }
  EXPECT_EQ(checked, 5);
  const YAML::Node* scrapes = Find("NetworkPolicy", "metrics-scrapes");
  ASSERT_NE(scrapes, nullptr);
  const YAML::Node rule = (*scrapes)["spec"]["ingress"][0];
  EXPECT_EQ(rule["from"][0]["namespaceSelector"]["matchLabels"]
                ["kubernetes.io/metadata.name"]
                    .as<std::string>(),
            "monitoring");
  EXPECT_EQ(rule["ports"][0]["port"].as<std::string>(), "metrics");
}

TEST_P(ManifestsTest, ServicesTargetPortsTheirPodsDeclare) {
  int checked = 0;
  for (const YAML::Node& svc : docs_) {
    if (KindOf(svc) != "Service") continue;
    const YAML::Node selector = svc["spec"]["selector"];
    const YAML::Node* target = nullptr;
    for (const YAML::Node& w : docs_) {
      if (!IsWorkload(w)) continue;
      bool all = true;
      for (const auto& pair : selector) {
        const YAML::Node label = w["spec"]["template"]["metadata"]["labels"]
                                  [pair.first.as<std::string>()];
        all = all && label &&
              label.as<std::string>() == pair.second.as<std::string>();
      }
      if (all) target = &w;
    }
    ASSERT_NE(target, nullptr) << NameOf(svc) << " selects no pods";
    std::set<std::string> declared;
    for (const YAML::Node& c :
         (*target)["spec"]["template"]["spec"]["containers"]) {
      for (const YAML::Node& p : c["ports"]) {
        declared.insert(p["name"].as<std::string>());
        declared.insert(p["containerPort"].as<std::string>());
      }
    }
    for (const YAML::Node& port : svc["spec"]["ports"]) {
      EXPECT_TRUE(declared.count(port["targetPort"].as<std::string>()))
          << NameOf(svc) << " targets " << port["targetPort"];
      ++checked;
    }
  }
  EXPECT_GE(checked, 6);
}

// "" when `image` is a release tag (not latest) or a digest of 64 hex
// digits that is not a zero placeholder; otherwise what is wrong.
std::string ImageProblem(const std::string& image) {
  const size_t at = image.find("@sha256:");
  if (at != std::string::npos) {
    const std::string digest = image.substr(at + 8);
    if (digest.size() != 64 ||
        digest.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return "not a sha256 digest";
    }
    if (absl::StartsWith(digest, std::string(56, '0'))) {
      return "a placeholder digest: no image has it";
    }
    return "";
  }
  const size_t colon = image.rfind(':');
  if (colon == std::string::npos ||
      image.find('/', colon) != std::string::npos) {
    return "no tag";
  }
  return image.substr(colon + 1) == "latest" ? "tagged latest" : "";
}

TEST_P(ManifestsTest, ImagesAreReleaseTagsOrRealDigests) {
  for (const YAML::Node& workload : Workloads()) {
    for (const YAML::Node& c :
         ContainersOf(workload["spec"]["template"]["spec"])) {
      const std::string image = c["image"].as<std::string>();
      EXPECT_EQ(ImageProblem(image), "") << image;
    }
  }
  EXPECT_NE(ImageProblem("ngoaivu/tasks@sha256:" + std::string(63, '0') + "2"),
            "");
  EXPECT_NE(ImageProblem("redis:latest"), "");
  EXPECT_NE(ImageProblem("localhost:5000/redis"), "");
}

class ProdManifestsTest : public ManifestsTest {};

TEST_P(ProdManifestsTest, MutualTlsSpreadAndAutoscaling) {
  EXPECT_EQ(Setting(docs_, "NGOAIVU_TLS_CLIENT_AUTH"), "require");
  for (const char* file : {"NGOAIVU_TLS_CERT_FILE", "NGOAIVU_TLS_KEY_FILE",
                           "NGOAIVU_TLS_CLIENT_CA_FILE"}) {
    EXPECT_FALSE(Setting(docs_, file).empty()) << file;
  }
  for (const YAML::Node& workload : Workloads()) {
    const std::string name = NameOf(workload);
    if (kServices.count(name) == 0) continue;
    SCOPED_TRACE(name);
    const YAML::Node pod = workload["spec"]["template"]["spec"];
    std::map<std::string, std::string> env;
    for (const YAML::Node& e : pod["containers"][0]["env"]) {
      env[e["name"].as<std::string>()] = e["value"].as<std::string>("");
    }
    // Whoever calls the registry does it over mutual TLS.
    if (env.count("NGOAIVU_REGISTRY_ADDRESS")) {
      for (const char* file :
           {"NGOAIVU_REGISTRY_CA_FILE", "NGOAIVU_REGISTRY_CERT_FILE",
            "NGOAIVU_REGISTRY_KEY_FILE"}) {
        EXPECT_FALSE(env[file].empty()) << file;
      }
    }
    std::set<std::string> keys;
    for (const YAML::Node& t : pod["topologySpreadConstraints"]) {
      keys.insert(t["topologyKey"].as<std::string>());
    }
    EXPECT_TRUE(keys.count("topology.kubernetes.io/zone"));
    EXPECT_TRUE(keys.count("kubernetes.io/hostname"));
    const YAML::Node* hpa = Find("HorizontalPodAutoscaler", name);
    ASSERT_NE(hpa, nullptr);
    EXPECT_GE((*hpa)["spec"]["minReplicas"].as<int>(), 2);
    EXPECT_EQ((*hpa)["spec"]["scaleTargetRef"]["name"].as<std::string>(), name);
  }
}

// An autoscaled Deployment has no replica count of its own: `kubectl
// apply` would otherwise reset what the autoscaler chose.
TEST_P(ProdManifestsTest, AutoscalersOwnTheReplicaCounts) {
  int checked = 0;
  for (const YAML::Node& doc : docs_) {
    if (KindOf(doc) != "HorizontalPodAutoscaler") continue;
    const std::string target =
        doc["spec"]["scaleTargetRef"]["name"].as<std::string>();
    const YAML::Node* deployment = Find("Deployment", target);
    ASSERT_NE(deployment, nullptr) << target;
    EXPECT_FALSE((*deployment)["spec"]["replicas"]) << target;
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

// A release pins the committed tags to the digests it tested: the script
// rewrites the overlay, which then renders every pinned image by digest
// and leaves the others alone; a placeholder is refused.
TEST(ReleaseTest, PinImagesPinsTheNamedImagesByDigest) {
  if (!HaveKubectl()) GTEST_SKIP() << "kubectl is not installed";
  char scratch[] = "/tmp/ngoaivu-pin-XXXXXX";
  ASSERT_NE(mkdtemp(scratch), nullptr);
  const std::string copy = std::string(scratch) + "/k8s";
  int status = 0;
  ngoaivu::Run("cp -r " + kSource + "/deploy/k8s " + copy + " && cp -r " +
                   kSource + "/deploy/redis " + scratch + "/redis",
               &status);
  ASSERT_EQ(status, 0);
  const std::string digest = "sha256:" + std::string(64, 'a');
  const std::string script = kSource + "/deploy/k8s/pin-images.sh";
  const std::string out =
      ngoaivu::Run(script + " " + copy + "/overlays/prod ngoaivu/tasks@" +
                       digest + " redis@" + digest,
                   &status);
  ASSERT_EQ(status, 0) << out;
  const std::string rendered =
      ngoaivu::Run("kubectl kustomize " + copy + "/overlays/prod", &status);
  ASSERT_EQ(status, 0) << rendered;
  EXPECT_THAT(rendered, ::testing::HasSubstr("image: ngoaivu/tasks@" + digest));
  EXPECT_THAT(rendered, ::testing::HasSubstr("image: redis@" + digest));
  EXPECT_THAT(rendered, ::testing::HasSubstr("image: ngoaivu/registry:0.1.0"));
  EXPECT_THAT(rendered, ::testing::Not(::testing::HasSubstr("ngoaivu/tasks:")));
  ngoaivu::Run(script + " " + copy + "/overlays/prod ngoaivu/tasks@sha256:" +
                   std::string(63, '0') + "2",
               &status);
  EXPECT_NE(status, 0) << "a placeholder digest was pinned";
  ngoaivu::Run(std::string("rm -rf ") + scratch, &status);
}

// The Secrets the operator provides, from deploy/k8s/README.md's table.
std::set<std::string> DocumentedSecrets() {
  std::ifstream in(kSource + "/deploy/k8s/README.md");
  std::set<std::string> names;
  for (std::string line; std::getline(in, line);) {
    if (!absl::StartsWith(line, "| `")) continue;
    std::vector<std::string> cells = absl::StrSplit(line, '|');
    names.insert(std::string(absl::StripPrefix(
        absl::StripSuffix(absl::StripAsciiWhitespace(cells[1]), "`"), "`")));
  }
  return names;
}

void CollectSecretRefs(const YAML::Node& node, std::set<std::string>* out) {
  if (node.IsMap()) {
    for (const auto& pair : node) {
      const std::string key = pair.first.as<std::string>();
      if ((key == "secretKeyRef" || key == "secretRef") &&
          pair.second["name"]) {
        out->insert(pair.second["name"].as<std::string>());
      } else if (key == "secret" && pair.second["secretName"]) {
        out->insert(pair.second["secretName"].as<std::string>());
      }
      CollectSecretRefs(pair.second, out);
    }
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) CollectSecretRefs(item, out);
  }
}

TEST_P(ManifestsTest, EverySecretIsRenderedOrDocumented) {
  std::set<std::string> referenced;
  for (const YAML::Node& doc : docs_) CollectSecretRefs(doc, &referenced);
  const std::set<std::string> documented = DocumentedSecrets();
  EXPECT_GE(referenced.size(), 8u);
  for (const std::string& name : referenced) {
    EXPECT_TRUE(Find("Secret", name) != nullptr || documented.count(name))
        << name << " is neither in the overlay nor in deploy/k8s/README.md";
  }
}

TEST_P(ManifestsTest, NetworkPoliciesDenyByDefault) {
  const YAML::Node* deny = Find("NetworkPolicy", "default-deny");
  ASSERT_NE(deny, nullptr);
  EXPECT_EQ((*deny)["spec"]["podSelector"].size(), 0u);  // every pod
  EXPECT_EQ((*deny)["spec"]["policyTypes"].size(), 2u);
  EXPECT_FALSE((*deny)["spec"]["ingress"]);
  EXPECT_FALSE((*deny)["spec"]["egress"]);
  // Redis is reached by the services only.
  const YAML::Node* redis = Find("NetworkPolicy", "redis-clients");
  ASSERT_NE(redis, nullptr);
  for (const YAML::Node& rule : (*redis)["spec"]["ingress"]) {
    for (const YAML::Node& from : rule["from"]) {
      EXPECT_TRUE(from["podSelector"]) << "Redis open beyond the pods";
      EXPECT_FALSE(from["namespaceSelector"]);
      EXPECT_FALSE(from["ipBlock"]);
    }
  }
}

// Redis runs the suite's one configuration, deploy/redis/redis.conf (as
// run.sh and the tests' Redis do): the ConfigMap holds the file itself, the
// pod mounts it and starts from it (prod: through redis-role.sh's
// `include`), no setting of it is repeated on the command line, and
// readiness is deploy/redis/redis-health.sh.
TEST_P(ManifestsTest, RedisRunsTheSuitesOneConfiguration) {
  auto read = [](const std::string& path) {
    std::ifstream in(kSource + "/" + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string config = read("deploy/redis/redis.conf");
  ASSERT_FALSE(config.empty());
  std::string config_map;
  for (const YAML::Node& doc : docs_) {
    if (KindOf(doc) == "ConfigMap" &&
        absl::StartsWith(NameOf(doc), "ngoaivu-redis-config")) {
      config_map = NameOf(doc);
      EXPECT_EQ(doc["data"]["redis.conf"].as<std::string>(""), config);
      EXPECT_EQ(doc["data"]["redis-health.sh"].as<std::string>(""),
                read("deploy/redis/redis-health.sh"));
    }
  }
  ASSERT_FALSE(config_map.empty());
  const YAML::Node* redis = Find("StatefulSet", "redis");
  ASSERT_NE(redis, nullptr);
  const YAML::Node pod = (*redis)["spec"]["template"]["spec"];
  std::string volume;
  for (const YAML::Node& v : pod["volumes"]) {
    if (v["configMap"] &&
        v["configMap"]["name"].as<std::string>() == config_map) {
      volume = v["name"].as<std::string>();
    }
  }
  ASSERT_FALSE(volume.empty()) << "no volume of " << config_map;
  const YAML::Node container = pod["containers"][0];
  bool mounted = false;
  for (const YAML::Node& m : container["volumeMounts"]) {
    mounted =
        mounted || (m["name"].as<std::string>() == volume &&
                    m["mountPath"].as<std::string>() == "/etc/redis/conf");
  }
  EXPECT_TRUE(mounted);
  std::vector<std::string> args;
  for (const YAML::Node& a : container["args"])
    args.push_back(a.as<std::string>());
  ASSERT_FALSE(args.empty());
  if (prod()) {
    EXPECT_EQ(args[0], "/config/redis.conf");
    bool included = false;
    for (const YAML::Node& doc : docs_) {
      if (KindOf(doc) == "ConfigMap" && doc["data"]["redis-role.sh"]) {
        included =
            absl::StrContains(doc["data"]["redis-role.sh"].as<std::string>(),
                              "include /etc/redis/conf/redis.conf");
      }
    }
    EXPECT_TRUE(included) << "redis-role.sh does not include the configuration";
  } else {
    EXPECT_EQ(args[0], "/etc/redis/conf/redis.conf");
  }
  for (absl::string_view line :
       absl::StrSplit(config, '\n', absl::SkipEmpty())) {
    if (absl::StartsWith(line, "#")) continue;
    const std::string flag = absl::StrCat("--", line.substr(0, line.find(' ')));
    EXPECT_THAT(args, ::testing::Not(Contains(flag))) << "a copy of " << flag;
  }
  const YAML::Node probe = container["readinessProbe"]["exec"]["command"];
  ASSERT_TRUE(probe);
  EXPECT_EQ(probe[probe.size() - 1].as<std::string>(),
            "/etc/redis/conf/redis-health.sh");
}

// The gateway: probed over HTTP where it answers, calling every service by
// a headless Service that exists (round robin over its pods), reaching the
// services' gRPC ports and nothing else, holding no Redis credentials.
TEST_P(ManifestsTest, GatewayReachesEveryServiceAndOnlyThem) {
  const YAML::Node* gateway = Find("Deployment", "gateway");
  ASSERT_NE(gateway, nullptr);
  const YAML::Node pod = (*gateway)["spec"]["template"]["spec"];
  const YAML::Node container = pod["containers"][0];
  for (const char* probe :
       {"readinessProbe", "livenessProbe", "startupProbe"}) {
    EXPECT_EQ(container[probe]["httpGet"]["path"].as<std::string>(""),
              "/healthz")
        << probe;
    EXPECT_EQ(container[probe]["httpGet"]["port"].as<std::string>(""), "http")
        << probe;
  }
  std::map<std::string, std::string> env;
  for (const YAML::Node& e : container["env"]) {
    env[e["name"].as<std::string>()] = e["value"].as<std::string>("");
  }
  std::set<std::string> ports;
  for (const std::string& service : kServices) {
    SCOPED_TRACE(service);
    const std::string address = env[absl::StrCat(
        "NGOAIVU_", absl::AsciiStrToUpper(service), "_ADDRESS")];
    ASSERT_TRUE(absl::StartsWith(address, "dns:///" + service + "-headless:"))
        << address;
    const YAML::Node* headless = Find("Service", service + "-headless");
    ASSERT_NE(headless, nullptr);
    EXPECT_EQ((*headless)["spec"]["clusterIP"].as<std::string>(), "None");
    const std::string port = address.substr(address.rfind(':') + 1);
    EXPECT_EQ((*headless)["spec"]["ports"][0]["port"].as<std::string>(), port);
    ports.insert(port);
  }
  std::set<std::string> secrets;
  CollectSecretRefs(pod, &secrets);
  for (const std::string& secret : secrets) {
    EXPECT_FALSE(absl::StrContains(secret, "redis")) << secret;
  }
  const YAML::Node* egress = Find("NetworkPolicy", "gateway-to-services");
  ASSERT_NE(egress, nullptr);
  std::set<std::string> allowed;
  for (const YAML::Node& rule : (*egress)["spec"]["egress"]) {
    EXPECT_EQ(rule["to"][0]["podSelector"]["matchLabels"]
                  ["app.kubernetes.io/component"]
                      .as<std::string>(""),
              "server");
    for (const YAML::Node& port : rule["ports"]) {
      allowed.insert(port["port"].as<std::string>());
    }
  }
  EXPECT_EQ(allowed, ports);
  // Not a "server": the policies that open Redis to the servers leave it out.
  EXPECT_NE((*gateway)["spec"]["template"]["metadata"]["labels"]
                      ["app.kubernetes.io/component"]
                          .as<std::string>(),
            "server");
}

INSTANTIATE_TEST_SUITE_P(Overlays, ManifestsTest,
                         ::testing::ValuesIn(kOverlays),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return std::string(
                               absl::StripPrefix(info.param, "overlays/"));
                         });

TEST_P(ProdManifestsTest, RedisHasReplicasAndAQuorumOfSentinels) {
  const YAML::Node* redis = Find("StatefulSet", "redis");
  const YAML::Node* sentinels = Find("StatefulSet", "redis-sentinel");
  ASSERT_NE(redis, nullptr);
  ASSERT_NE(sentinels, nullptr);
  EXPECT_EQ((*redis)["spec"]["replicas"].as<int>(), 3);
  EXPECT_EQ((*sentinels)["spec"]["replicas"].as<int>(), 3);
  // Each pod decides its role from the sentinels at start: the scripts are
  // rendered into the overlay, and both workloads run them.
  bool scripts = false;
  for (const YAML::Node& doc : docs_) {
    scripts = scripts ||
              (KindOf(doc) == "ConfigMap" && doc["data"]["redis-role.sh"] &&
               doc["data"]["sentinel-config.sh"]);
  }
  EXPECT_TRUE(scripts);
  for (const YAML::Node* w : {redis, sentinels}) {
    EXPECT_TRUE((*w)["spec"]["template"]["spec"]["initContainers"][0]);
    EXPECT_TRUE(
        (*w)["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]);
  }
}

// Backups every hour, one at a time, onto their own volume, from any Redis
// pod the StatefulSet runs (a replica first: backup-job.sh), as the
// `backup` user, and Redis lets the backup pods in.
TEST_P(ProdManifestsTest, RedisIsBackedUpHourlyOntoItsOwnVolume) {
  const YAML::Node* cron = Find("CronJob", "redis-backup");
  ASSERT_NE(cron, nullptr);
  EXPECT_EQ((*cron)["spec"]["schedule"].as<std::string>(), "17 * * * *");
  EXPECT_EQ((*cron)["spec"]["concurrencyPolicy"].as<std::string>(), "Forbid");
  const YAML::Node pod = (*cron)["spec"]["jobTemplate"]["spec"]["template"];
  std::map<std::string, std::string> env;
  for (const YAML::Node& e : pod["spec"]["containers"][0]["env"]) {
    env[e["name"].as<std::string>()] = e["value"].as<std::string>();
  }
  const YAML::Node* redis = Find("StatefulSet", "redis");
  ASSERT_NE(redis, nullptr);
  std::vector<std::string> pods;
  for (int i = 0; i < (*redis)["spec"]["replicas"].as<int>(); ++i) {
    pods.push_back(absl::StrCat("redis-", i, ".redis:6379"));
  }
  EXPECT_EQ(env["REDIS_ADDRESSES"], absl::StrJoin(pods, " "));
  std::map<std::string, YAML::Node> volumes;
  for (const YAML::Node& v : pod["spec"]["volumes"]) {
    volumes[v["name"].as<std::string>()] = v;
  }
  const std::string claim =
      volumes["backups"]["persistentVolumeClaim"]["claimName"].as<std::string>(
          "");
  EXPECT_NE(Find("PersistentVolumeClaim", claim), nullptr) << claim;
  EXPECT_EQ(volumes["password"]["secret"]["secretName"].as<std::string>(""),
            "ngoaivu-redis-backup");
  const YAML::Node* in = Find("NetworkPolicy", "redis-from-backups");
  ASSERT_NE(in, nullptr);
  EXPECT_EQ((*in)["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
                .as<std::string>(),
            "redis");
  EXPECT_EQ((*in)["spec"]["ingress"][0]["from"][0]["podSelector"]["matchLabels"]
                    ["app.kubernetes.io/name"]
                        .as<std::string>(),
            pod["metadata"]["labels"]["app.kubernetes.io/name"].as<std::string>());
}

INSTANTIATE_TEST_SUITE_P(Overlays, ProdManifestsTest,
                         ::testing::Values("overlays/prod"),
                         [](const auto&) { return std::string("prod"); });

// REST callers come in through the Ingress only: HTTPS with a certificate,
// the same body limit as the gateway's own, event streams unbuffered, and
// a NetworkPolicy that lets the ingress controller alone reach the pods;
// the gateway calls the services over mutual TLS like every caller.
TEST_P(ProdManifestsTest, GatewayBehindTheIngressOnly) {
  const YAML::Node* ingress = Find("Ingress", "gateway");
  ASSERT_NE(ingress, nullptr);
  const YAML::Node spec = (*ingress)["spec"];
  ASSERT_TRUE(spec["tls"][0]["secretName"]);
  const std::string host = spec["rules"][0]["host"].as<std::string>();
  EXPECT_EQ(spec["tls"][0]["hosts"][0].as<std::string>(), host);
  EXPECT_EQ(spec["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"]
                .as<std::string>(),
            "gateway");
  const YAML::Node annotations = (*ingress)["metadata"]["annotations"];
  EXPECT_EQ(annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"]
                .as<std::string>(""),
            "true");
  EXPECT_EQ(annotations["nginx.ingress.kubernetes.io/proxy-buffering"]
                .as<std::string>(""),
            "off");
  // nginx's "1m" is 1 MiB: the gateway's own limit, so either refuses alike.
  const std::string size =
      annotations["nginx.ingress.kubernetes.io/proxy-body-size"]
          .as<std::string>("");
  ASSERT_TRUE(absl::EndsWith(size, "m")) << size;
  int mebibytes = 0;
  ASSERT_TRUE(absl::SimpleAtoi(size.substr(0, size.size() - 1), &mebibytes));
  const YAML::Node* gateway = Find("Deployment", "gateway");
  ASSERT_NE(gateway, nullptr);
  std::map<std::string, std::string> env;
  for (const YAML::Node& e :
       (*gateway)["spec"]["template"]["spec"]["containers"][0]["env"]) {
    env[e["name"].as<std::string>()] = e["value"].as<std::string>("");
  }
  EXPECT_EQ(env["NGOAIVU_MAX_BODY_BYTES"],
            absl::StrCat(static_cast<int64_t>(mebibytes) << 20));
  for (const char* file :
       {"NGOAIVU_BACKEND_TLS_CA_FILE", "NGOAIVU_BACKEND_TLS_CERT_FILE",
        "NGOAIVU_BACKEND_TLS_KEY_FILE"}) {
    EXPECT_FALSE(env[file].empty()) << file;
  }
  const YAML::Node* callers = Find("NetworkPolicy", "gateway-callers");
  ASSERT_NE(callers, nullptr);
  ASSERT_EQ((*callers)["spec"]["ingress"].size(), 1u);
  const YAML::Node from = (*callers)["spec"]["ingress"][0]["from"];
  ASSERT_EQ(from.size(), 1u) << "the gateway is open beyond the controller";
  EXPECT_EQ(
      from[0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
          .as<std::string>(""),
      "ingress-nginx");
  EXPECT_TRUE(from[0]["podSelector"]);
  const YAML::Node* hpa = Find("HorizontalPodAutoscaler", "gateway");
  ASSERT_NE(hpa, nullptr);
  EXPECT_GE((*hpa)["spec"]["minReplicas"].as<int>(), 2);
}

TEST(ImageTest, TheImageContextLeavesOutBuildsHistoryAndSecrets) {
  std::ifstream in(kSource + "/.dockerignore");
  ASSERT_TRUE(in.good()) << "no .dockerignore: COPY . . sends everything";
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  for (const char* excluded : {"build/", ".git/", ".ngoaivu-local/"}) {
    EXPECT_THAT(lines, Contains(excluded));
  }
}

}  // namespace
}  // namespace ngoaivu
