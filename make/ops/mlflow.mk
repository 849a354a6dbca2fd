# Operations on a release of charts/mlflow: backup, restore, upgrade checks and rollback.
#   make -f make/ops/mlflow.mk <target> [NAMESPACE=mlflow] [RELEASE=mlflow] [BACKUP_DIR=tmp/mlflow-backups] ...
# Needs make, bash (with coreutils), kubectl and helm; KUBECONFIG and the current context are honoured.
# The profile (SQLite+PVC or PostgreSQL+S3) is read from the release; credentials stay in the cluster's Secrets.
# Guides: docs/mlflow-backup-guide.md, docs/mlflow-upgrade-guide.md.

NAMESPACE ?= mlflow
RELEASE ?= mlflow
BACKUP_DIR ?= tmp/mlflow-backups
TIMESTAMP ?= $(shell date -u +%Y%m%dT%H%M%SZ)
PG_IMAGE ?= postgres:15-bookworm
WAIT_TIMEOUT ?= 600s
# PostgreSQL restore: how long its transaction waits for a lock (another client on the database) before failing
LOCK_TIMEOUT ?= 60s
# mlflow-db-restore: the dump or SQLite file of a backup set, e.g. tmp/mlflow-backups/db/<ts>/mlflow.dump
FILE ?=
# mlflow-post-upgrade-check: the MLflow version the server must report (default: the release's appVersion)
EXPECTED_VERSION ?=
# mlflow-upgrade-rollback: Helm revision to return to (default: the previous one)
TO_REVISION ?=
# mlflow-db-upgrade: migrate with this image instead of the release's
MLFLOW_IMAGE ?=
# Restores refuse a set taken from another release, namespace or cluster unless told so: set to 1 on purpose
ALLOW_OTHER_RELEASE ?=
ALLOW_OTHER_NAMESPACE ?=
ALLOW_OTHER_CLUSTER ?=
# mlflow-scale: the replica count; mlflow-port-forward: the local port
REPLICAS ?=
LOCAL_PORT ?= 5000

# Restore and rollback take an existing set: they need TIMESTAMP from the caller, never the clock.
TIMESTAMP_EXPLICIT := $(if $(filter file,$(origin TIMESTAMP)),,1)
# Evaluate the timestamp once, so all parts of one invocation share it.
TIMESTAMP := $(TIMESTAMP)

OPS := $(dir $(lastword $(MAKEFILE_LIST)))scripts/mlflow-ops.sh
RUN = NAMESPACE='$(NAMESPACE)' RELEASE='$(RELEASE)' BACKUP_DIR='$(BACKUP_DIR)' TIMESTAMP='$(TIMESTAMP)' \
      TIMESTAMP_EXPLICIT='$(TIMESTAMP_EXPLICIT)' PG_IMAGE='$(PG_IMAGE)' WAIT_TIMEOUT='$(WAIT_TIMEOUT)' \
      FILE='$(FILE)' EXPECTED_VERSION='$(EXPECTED_VERSION)' TO_REVISION='$(TO_REVISION)' MLFLOW_IMAGE='$(MLFLOW_IMAGE)' \
      LOCK_TIMEOUT='$(LOCK_TIMEOUT)' ALLOW_OTHER_RELEASE='$(ALLOW_OTHER_RELEASE)' ALLOW_OTHER_NAMESPACE='$(ALLOW_OTHER_NAMESPACE)' \
      ALLOW_OTHER_CLUSTER='$(ALLOW_OTHER_CLUSTER)' REPLICAS='$(REPLICAS)' LOCAL_PORT='$(LOCAL_PORT)' \
      bash $(OPS)

.PHONY: help mlflow-help mlflow-info mlflow-health mlflow-shell mlflow-logs mlflow-port-forward mlflow-restart mlflow-scale \
        mlflow-backup mlflow-backup-all mlflow-experiments-backup mlflow-db-backup mlflow-artifacts-backup \
        mlflow-backup-verify mlflow-restore mlflow-restore-all mlflow-db-restore mlflow-artifacts-restore mlflow-db-upgrade \
        mlflow-pre-upgrade-check mlflow-post-upgrade-check mlflow-upgrade-rollback

help: mlflow-help ## Same as mlflow-help

mlflow-help: ## List the targets
	@grep -E '^(help|mlflow-[a-z-]+):.*## ' $(lastword $(MAKEFILE_LIST)) | sed -E 's/:[^#]*## /\t/'

mlflow-info: ## Release, profile, /health, /version, schema revision, counts
	@$(RUN) info

mlflow-health: ## /health and /version of the server, asked from inside a server pod through the Service
	@$(RUN) health

mlflow-shell: ## A shell (sh) in a Ready server pod
	@$(RUN) shell

mlflow-logs: ## Follow the logs of every server pod
	@$(RUN) logs

mlflow-port-forward: ## Forward localhost:LOCAL_PORT (default 5000) to the release's Service
	@$(RUN) port-forward

mlflow-restart: ## Rolling restart of the server Deployment, waits for the rollout
	@$(RUN) restart

mlflow-scale: ## Scale the server Deployment to REPLICAS=<n>, waits for the rollout
	@$(RUN) scale

mlflow-backup: ## Full backup set TIMESTAMP: experiments + db + artifacts, each with manifest.json; never over an existing set
	@$(RUN) backup

mlflow-backup-all: mlflow-backup ## Same as mlflow-backup
mlflow-experiments-backup: ## experiments.json, runs.json, models.json read through the REST API (server must run)
	@$(RUN) backup-experiments

mlflow-db-backup: ## pg_dump -Fc (prod) or an online sqlite3 backup (dev) into $(BACKUP_DIR)/db/<ts>/
	@$(RUN) backup-db

mlflow-artifacts-backup: ## Bucket prefix (prod) or artifacts volume (dev) as artifacts.tar
	@$(RUN) backup-artifacts

mlflow-backup-verify: ## Check every part of set TIMESTAMP against its manifest; touches nothing
	@$(RUN) verify

mlflow-restore: ## Restore the whole set TIMESTAMP=: check it all, safety copy, scale to 0, db + artifacts, scale up, counts
	@$(RUN) restore

mlflow-restore-all: mlflow-restore ## Same as mlflow-restore

mlflow-db-restore: ## Restore FILE=<db part of a set>: check it all, safety copy, scale to 0, restore, scale up, /health
	@$(RUN) restore-db

mlflow-artifacts-restore: ## Restore the artifacts of set TIMESTAMP= into the release's bucket or volume
	@$(RUN) restore-artifacts

mlflow-db-upgrade: ## Back up the db, then migrate it to head with the release's image (or MLFLOW_IMAGE=)
	@$(RUN) db-upgrade

mlflow-pre-upgrade-check: ## Release deployed, /health OK, no binding past 3.8 cannot read (EXPECTED_VERSION=), schema revision, backup set TIMESTAMP present (taken if not)
	@$(RUN) pre-upgrade-check

mlflow-post-upgrade-check: ## Rollout done, /health, /version = EXPECTED_VERSION, migration Job OK, counts = set TIMESTAMP
	@$(RUN) post-upgrade-check

mlflow-upgrade-rollback: ## Check the set TIMESTAMP=, safety copy, scale to 0, restore its dump, helm rollback, verify
	@$(RUN) rollback
