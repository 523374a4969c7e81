# sam build's makefile builder calls build-<LogicalId> with ARTIFACTS_DIR set (template.yaml: every
# function and the layer has Metadata BuildMethod makefile; CodeUri . comes from Globals). SAM cannot
# build a multi-module Maven project from a CodeUri, so this builds the reactor once (a stamp newer
# than every source skips the rebuild for the next targets) and hands each function its module's jar,
# and the layer every third-party jar. Run it through `.ci/sam-build`, which picks the JDK and builds
# in source.
MVN := ./mvnw -q -B
MODULES := shared functions/inventory functions/nodes functions/locks functions/backup functions/upgrade functions/traffic functions/provision functions/remediation functions/workloads
SOURCES := pom.xml $(shell find $(MODULES) -path '*/target' -prune -o -type f -print)
STAMP := target/jars.stamp

# Which module's jar (functions/<module>) each function runs: <Name> for the function <Name>Function.
inventory := DescribeCluster CheckHaReadiness RecordClusterVersion RecordPreflight StartScheduledPreflights
nodes := RunNodeCommand
locks := AcquireLock ReleaseLock
backup := ValidateBackupInput StartBackupSet CheckBackupSet CompleteBackupSet PruneBackups CopyBackupSet \
	ReportBackupAge ValidateRestore StartRestore CheckRestore VerifyRestore DeleteRestored
traffic := ChangeTargets CheckTargets MaintenancePage PauseAutomation
upgrade := ValidateUpgrade SummarizeUpgrade
provision := PlanProvision LaunchNode PlanRetire PlanCapacity
remediation := OpenIncident AssessIncident CloseIncident EnsureClusterMonitoring ShiftTraffic
workloads := RunWorkloadCommand
module_of = $(strip $(foreach m,inventory nodes locks backup traffic upgrade provision remediation workloads,$(if $(filter $(1),$($(m))),$(m))))

$(STAMP): $(SOURCES)
	$(MVN) package -DskipTests -pl $(shell echo $(MODULES) | tr ' ' ',') -am
	mkdir -p target && touch $@

.PHONY: build-DependenciesLayer
build-DependenciesLayer: $(STAMP)
	$(MVN) -pl shared dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$(ARTIFACTS_DIR)/java/lib"

build-%Function: $(STAMP)
	$(if $(call module_of,$*),,$(error the Makefile names no module for $*Function: add $* to its module's list))
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/$(call module_of,$*)/target/$(call module_of,$*)-*-lambda.jar "$(ARTIFACTS_DIR)/lib/$(call module_of,$*).jar"
