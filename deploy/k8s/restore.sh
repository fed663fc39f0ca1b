#!/usr/bin/env bash
# Restores a backup of the CronJob redis-backup (prod overlay) into the
# cluster's Redis, and brings the suite back on it:
#   deploy/k8s/restore.sh [--namespace NS] list
#   deploy/k8s/restore.sh [--namespace NS] [--force] NAME|latest
#   deploy/k8s/restore.sh --print-job NAME     the restore Job's manifest
# 1. The services, the gateway, Redis and its sentinels are scaled to zero
#    (their replica counts are noted and given back at the end).
# 2. A Job mounts redis-0's volume and the backups' volume and runs
#    deploy/redis/restore-rdb.sh: checksum, refusal of a volume holding data
#    unless --force (then moved aside on the volume, into replaced-<time>/),
#    the append-only file written from the snapshot.
# 3. Redis and the sentinels start again (with no sentinel running, redis-0
#    leads and the replicas copy it whole), then the services: each
#    consumer group reads on from where the snapshot had it.
# A refused or failed restore gives every replica count back unchanged.
set -euo pipefail
namespace=ngoaivu force="" name="" print_job=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --namespace) namespace=$2; shift 2 ;;
    --force) force=--force; shift ;;
    --print-job) print_job=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) echo "unknown argument: $1" >&2; exit 2 ;;
    *) name=$1; shift ;;
  esac
done
[ -n "$name" ] || { echo "usage: deploy/k8s/restore.sh [--force] NAME|latest|list" >&2; exit 2; }
job=redis-restore-$(date -u +%Y%m%d%H%M%S)
[[ "$name" =~ ^(list|latest|ngoaivu-[0-9]{8}T[0-9]{6}Z\.rdb)$ ]] ||
  { echo "not a backup's name: $name (e.g. ngoaivu-20261207T031700Z.rdb, latest, list)" >&2; exit 2; }

# The Job: redis' own image, user and locked-down pod, as the CronJob's.
job_manifest() {  # backup file name
  cat <<YAML
apiVersion: batch/v1
kind: Job
metadata:
  name: $job
  namespace: $namespace
  labels:
    app.kubernetes.io/name: redis-restore
    app.kubernetes.io/part-of: ngoaivu
spec:
  backoffLimit: 0
  activeDeadlineSeconds: 7200
  template:
    metadata:
      labels:
        app.kubernetes.io/name: redis-restore
        app.kubernetes.io/component: backup
    spec:
      serviceAccountName: redis-backup
      automountServiceAccountToken: false
      restartPolicy: Never
      securityContext:
        runAsNonRoot: true
        runAsUser: 999
        runAsGroup: 999
        fsGroup: 999
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: restore
          image: redis:7.0.15
          command: ["sh", "/scripts/restore-rdb.sh"]
          args: [$( [ -n "$force" ] && printf '"--force", ')"--config", "/etc/redis/conf/redis.conf", "/backups/$1", "/data"]
          resources:
            requests: {cpu: 500m, memory: 1Gi}
            limits: {cpu: "2", memory: 2Gi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: ["ALL"]}
          volumeMounts:
            - {name: data, mountPath: /data}
            - {name: backups, mountPath: /backups, readOnly: true}
            - {name: scripts, mountPath: /scripts, readOnly: true}
            - {name: conf, mountPath: /etc/redis/conf, readOnly: true}
            - {name: tmp, mountPath: /tmp}
      volumes:
        - name: data
          persistentVolumeClaim: {claimName: data-redis-0}
        - name: backups
          persistentVolumeClaim: {claimName: redis-backups}
        - name: scripts
          configMap: {name: $(configmap ngoaivu-redis-backup-scripts)}
        - name: conf
          configMap: {name: $(configmap ngoaivu-redis-config)}
        - name: tmp
          emptyDir: {sizeLimit: 16Mi}
YAML
}
# The generated ConfigMap's current name (kustomize adds a hash).
configmap() {
  if [ "$print_job" -eq 1 ]; then echo "$1"; return; fi
  kubectl -n "$namespace" get configmap -o name | sed -n "s|^configmap/\($1-[a-z0-9]*\)$|\1|p" | tail -1
}
if [ "$print_job" -eq 1 ]; then job_manifest "$name"; exit 0; fi

k() { kubectl -n "$namespace" "$@"; }
# The backups, listed by a pod that mounts their volume read-only.
list_backups() {
  k run "redis-backups-list-$RANDOM" --rm -i --restart=Never --quiet --image=redis:7.0.15 \
    --overrides='{"spec":{"securityContext":{"runAsNonRoot":true,"runAsUser":999,"seccompProfile":{"type":"RuntimeDefault"}},
      "containers":[{"name":"list","image":"redis:7.0.15","command":["sh","-c","cd /backups && for f in ngoaivu-*.info; do [ -f \"$f\" ] && echo \"${f%.info}.rdb $(sed -n s/^keys=//p $f) keys $(sed -n s/^bytes=//p $f) bytes\"; done | sort"],
      "securityContext":{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,"capabilities":{"drop":["ALL"]}},
      "resources":{"requests":{"cpu":"50m","memory":"32Mi"},"limits":{"cpu":"200m","memory":"64Mi"}},
      "volumeMounts":[{"name":"b","mountPath":"/backups","readOnly":true}]}],
      "volumes":[{"name":"b","persistentVolumeClaim":{"claimName":"redis-backups","readOnly":true}}]}}'
}
if [ "$name" = list ]; then list_backups; exit 0; fi
if [ "$name" = latest ]; then
  name=$(list_backups | tail -1 | cut -d' ' -f1)
  [ -n "$name" ] || { echo "no backups on the volume redis-backups" >&2; exit 1; }
fi
echo "restoring $name into namespace $namespace"

# Who runs how many now, to give them back.
declare -A replicas=()
workloads=(deployment/gateway deployment/registry deployment/tasks deployment/delegations
           deployment/notifications statefulset/redis)
k get statefulset redis-sentinel >/dev/null 2>&1 && workloads+=(statefulset/redis-sentinel)
for w in "${workloads[@]}"; do replicas[$w]=$(k get "$w" -o jsonpath='{.spec.replicas}'); done
give_back() {  # Redis and the sentinels first, then the services
  local w
  for w in statefulset/redis-sentinel statefulset/redis; do
    [ -n "${replicas[$w]:-}" ] && k scale "$w" --replicas="${replicas[$w]}"
  done
  k rollout status statefulset/redis --timeout=30m
  for w in "${workloads[@]}"; do
    [[ "$w" == deployment/* ]] && k scale "$w" --replicas="${replicas[$w]}"
  done
  echo "replica counts given back: $(for w in "${workloads[@]}"; do printf '%s=%s ' "$w" "${replicas[$w]}"; done)"
}
for w in "${workloads[@]}"; do k scale "$w" --replicas=0; done
k wait --for=delete pod -l 'app.kubernetes.io/name in (gateway,registry,tasks,delegations,notifications,redis,redis-sentinel)' \
  --timeout=10m || true

job_manifest "$name" | kubectl apply -f -
job_state() {  # succeeded, failed or running
  local succeeded failed
  succeeded=$(k get "job/$job" -o jsonpath='{.status.succeeded}')
  failed=$(k get "job/$job" -o jsonpath='{.status.failed}')
  if [ "${succeeded:-0}" -gt 0 ]; then echo succeeded
  elif [ "${failed:-0}" -gt 0 ]; then echo failed
  else echo running; fi
}
while [ "$(job_state)" = running ]; do sleep 2; done
if [ "$(job_state)" != succeeded ]; then
  k logs "job/$job" >&2 || true
  echo "the restore did not complete; Redis' volume is as the Job left it (see its log above)" >&2
  give_back
  exit 1
fi
k logs "job/$job"
give_back
echo "restored $name"
