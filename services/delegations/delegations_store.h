// Where the delegations service's records live (Redis implementation:
// redis_delegations_store.h): delegations with their per-official index of
// trips and their statistics counters, agreements, decision numbers.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_STORE_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/mutation.h"
#include "common/page.h"
#include "ngoaivu/delegations/v1/resources.pb.h"
#include "ngoaivu/events/v1/event.pb.h"
#include "services/delegations/delegation_statistics.h"
#include "services/delegations/official_trips.h"

namespace ngoaivu::delegations {

// A check the write makes on one official's approved trips, atomically
// with the write: two approvals racing for one official cannot both pass.
struct TripGuard {
  OfficialTrip trip;
  // When set: no other approved trip may overlap (FAILED_PRECONDITION with
  // this message, "{other}" replaced by the delegation met).
  std::string overlap_message;
  // When above 0: fewer approved trips than this in the trip's year.
  int max_trips_per_year = 0;
  std::string trips_message;
};

// A change of one delegation and what follows from it in the store.
struct DelegationWrite {
  explicit DelegationWrite(v1::Delegation next_version,
                           const v1::Delegation* replaced = nullptr)
      : next(std::move(next_version)), previous(replaced) {}

  v1::Delegation next;  // carries its new etag
  // The record replaced (its etag must still be current); null to create.
  const v1::Delegation* previous = nullptr;
  std::vector<TripGuard> guards;
  StatisticsDelta statistics;
  // A decision number to claim ("<year>|<number>"), unique province-wide.
  std::string decision_key;
  // An event of another service handled by this write: it happens once.
  std::string handled_event;
};

struct DelegationFilter {
  v1::Delegation::Direction direction = v1::Delegation::DIRECTION_UNSPECIFIED;
  v1::Delegation::State state = v1::Delegation::STATE_UNSPECIFIED;
  std::string agency;
  std::string country;
  v1::Delegation::Purpose purpose = v1::Delegation::PURPOSE_UNSPECIFIED;
  v1::Delegation::VisitorKind visitor_kind =
      v1::Delegation::VISITOR_KIND_UNSPECIFIED;
  std::string start_after;   // yyyy-mm-dd, inclusive
  std::string start_before;  // yyyy-mm-dd, inclusive
};

struct AgreementFilter {
  v1::Agreement::State state = v1::Agreement::STATE_UNSPECIFIED;
  std::string proposing_agency;
  std::string foreign_country;
};

// An official's trip as the index holds it.
struct IndexedTrip {
  std::string delegation;  // `delegations/{id}`
  int64_t first_day = 0;
  int64_t last_day = 0;
  bool approved = false;
};

class DelegationsStore : public RequestLog {
 public:
  virtual absl::StatusOr<std::optional<v1::Delegation>> FindDelegation(
      absl::string_view id, absl::Time deadline) = 0;
  virtual absl::StatusOr<WriteOutcome> SaveDelegation(
      const DelegationWrite& write, const Mutation& mutation) = 0;
  virtual absl::StatusOr<RecordPage<v1::Delegation>> ListDelegations(
      const DelegationFilter& filter, absl::string_view cursor, int limit,
      absl::Time deadline) = 0;
  // Each official's indexed trips ending on or after `from_day`, in one
  // round trip.
  virtual absl::StatusOr<std::map<std::string, std::vector<IndexedTrip>>>
  TripsOf(const std::vector<std::string>& officials, int64_t from_day,
          absl::Time deadline) = 0;
  // How many approved trips of the official count in `year`.
  virtual absl::StatusOr<int64_t> ApprovedTripsIn(const std::string& official,
                                                  int year,
                                                  absl::Time deadline) = 0;

  virtual absl::StatusOr<std::optional<v1::Agreement>> FindAgreement(
      absl::string_view id, absl::Time deadline) = 0;
  // Writes `next` (replacing `previous`, whose etag must still be current,
  // or creating it when null), claiming `decision_key` when not empty.
  virtual absl::StatusOr<WriteOutcome> SaveAgreement(
      const v1::Agreement& next, const v1::Agreement* previous,
      const std::string& decision_key, const Mutation& mutation) = 0;
  virtual absl::StatusOr<RecordPage<v1::Agreement>> ListAgreements(
      const AgreementFilter& filter, absl::string_view cursor, int limit,
      absl::Time deadline) = 0;

  // The counters of each bucket, in order (empty maps for empty buckets).
  virtual absl::StatusOr<std::vector<std::map<std::string, int64_t>>>
  ReadStatistics(const std::vector<std::string>& buckets,
                 absl::Time deadline) = 0;

  virtual absl::StatusOr<RecordPage<events::v1::Event>> ListHistory(
      absl::string_view subject, int64_t offset, int limit,
      absl::Time deadline) = 0;
};

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_STORE_H_
