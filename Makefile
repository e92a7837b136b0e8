# Costguard: a thin layer over Maven. `make help` lists the targets.
MVN ?= mvn -B
JAR := operator/target/costguard-operator.jar
SANDBOX_ARGS ?=

.PHONY: help fmt build test test-integration test-cluster controlplane run run-real crds bench image clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

fmt: ## Format the Java sources (google-java-format via Spotless; make test checks it)
	$(MVN) -q -pl operator spotless:apply

build: ## Build the operator jar (skips tests)
	$(MVN) -q package -DskipTests

test: ## All tests and the CRD drift check (what CI runs)
	$(MVN) verify

test-integration: ## Tests against a real Prometheus and promtool (apt-get install -y prometheus), the status page in headless Chromium, and kstatus and Flux health checks built with Go
	@command -v prometheus >/dev/null && command -v promtool >/dev/null || { \
	  echo "make test-integration needs prometheus and promtool: apt-get install -y prometheus"; exit 1; }
	@command -v go >/dev/null || { echo "make test-integration needs Go (it builds tools/kstatus and tools/fluxhealth from the module proxy)"; exit 1; }
	@command -v chromium >/dev/null || { echo "make test-integration needs headless Chromium for the status page: apt-get install -y chromium chromium-driver"; exit 1; }
	scripts/check-alert-rules.sh
	$(MVN) verify -Pintegration

test-cluster: ## The cluster tier against a real control plane (builds it first; see docs/testing.md)
	COSTGUARD_CONTROLPLANE="$$(controlplane/build.sh)" && export COSTGUARD_CONTROLPLANE && $(MVN) verify -Pcluster

controlplane: ## Build etcd, kube-apiserver, -controller-manager, -scheduler, kubectl and kwok from Go modules (cached)
	@controlplane/build.sh

run: build ## Start the operator against the embedded sandbox cluster
	java -jar $(JAR) sandbox $(SANDBOX_ARGS)

run-real: build ## The same sandbox on a real control plane with kwok nodes (builds it first; plain kubectl works)
	COSTGUARD_CONTROLPLANE="$$(controlplane/build.sh)" && export COSTGUARD_CONTROLPLANE && \
	  java -jar $(JAR) sandbox --control-plane real $(SANDBOX_ARGS)

crds: ## Regenerate crds/ from the Java model
	$(MVN) -q process-classes
	@for f in operator/target/classes/META-INF/fabric8/*.costguard.dev-v1.yml; do \
	  name=$$(basename $$f -v1.yml); cp $$f crds/$$name.yaml; cp $$f helm/costguard/crds/$$name.yaml; done
	@echo "crds/ regenerated"

BENCH_TIERS ?= S,M

bench: ## Benchmarks in a JVM sized like the chart (pricing, heap per pod, scale tiers BENCH_TIERS=S,M[,L]); figures in operator/target/bench-results.txt
	rm -f operator/target/bench-results.txt
	$(MVN) -q verify -Pbench -Dcostguard.bench.tiers=$(BENCH_TIERS)
	@cat operator/target/bench-results.txt

image: ## The operator image as operator/target/jib-image.tar (Jib, no Docker daemon; base from Debian packages), then its tests
	scripts/image-base.sh operator/target/image-base
	$(MVN) -q verify -Pimage

clean: ## Remove build output and the sandbox state
	$(MVN) -q clean
	rm -rf .sandbox
