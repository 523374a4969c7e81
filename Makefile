# sam build's makefile builder calls build-<LogicalId> with ARTIFACTS_DIR set (template.yaml:
# BuildMethod makefile). SAM cannot build a multi-module Maven project from a CodeUri, so this
# builds the reactor once (a stamp newer than every source skips the rebuild for the next
# targets) and hands each function its module's jar, and the layer every third-party jar.
# Run it through `.ci/sam-build`, which picks the JDK and builds in source.
MVN := ./mvnw -q -B
MODULES := shared functions/inventory functions/nodes functions/locks functions/backup functions/upgrade functions/traffic
SOURCES := pom.xml $(shell find $(MODULES) -path '*/target' -prune -o -type f -print)
STAMP := target/jars.stamp

.PHONY: build-DependenciesLayer build-DescribeClusterFunction build-CheckHaReadinessFunction \
	build-RunNodeCommandFunction build-AcquireLockFunction build-ReleaseLockFunction \
	build-ValidateBackupInputFunction build-StartBackupSetFunction build-CheckBackupSetFunction build-CompleteBackupSetFunction build-PruneBackupsFunction \
	build-CopyBackupSetFunction build-ReportBackupAgeFunction build-ValidateUpgradeFunction build-SummarizeUpgradeFunction

$(STAMP): $(SOURCES)
	$(MVN) package -DskipTests -pl $(shell echo $(MODULES) | tr ' ' ',') -am
	mkdir -p target && touch $@

build-DependenciesLayer: $(STAMP)
	$(MVN) -pl shared dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$(ARTIFACTS_DIR)/java/lib"

build-DescribeClusterFunction build-CheckHaReadinessFunction: $(STAMP)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/inventory/target/inventory-*-lambda.jar "$(ARTIFACTS_DIR)/lib/inventory.jar"

build-RunNodeCommandFunction: $(STAMP)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/nodes/target/nodes-*-lambda.jar "$(ARTIFACTS_DIR)/lib/nodes.jar"

build-AcquireLockFunction build-ReleaseLockFunction: $(STAMP)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/locks/target/locks-*-lambda.jar "$(ARTIFACTS_DIR)/lib/locks.jar"

build-ValidateBackupInputFunction build-StartBackupSetFunction build-CheckBackupSetFunction build-CompleteBackupSetFunction build-PruneBackupsFunction \
build-CopyBackupSetFunction build-ReportBackupAgeFunction: $(STAMP)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/backup/target/backup-*-lambda.jar "$(ARTIFACTS_DIR)/lib/backup.jar"

.PHONY: build-ValidateRestoreFunction build-StartRestoreFunction build-CheckRestoreFunction build-VerifyRestoreFunction \
	build-DeleteRestoredFunction

build-ValidateRestoreFunction build-StartRestoreFunction build-CheckRestoreFunction build-VerifyRestoreFunction \
build-DeleteRestoredFunction: $(STAMP)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/backup/target/backup-*-lambda.jar "$(ARTIFACTS_DIR)/lib/backup.jar"

.PHONY: build-ChangeTargetsFunction build-CheckTargetsFunction build-MaintenancePageFunction build-PauseAutomationFunction \
	build-RecordClusterVersionFunction

build-ChangeTargetsFunction build-CheckTargetsFunction build-MaintenancePageFunction build-PauseAutomationFunction: $(STAMP)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/traffic/target/traffic-*-lambda.jar "$(ARTIFACTS_DIR)/lib/traffic.jar"

build-RecordClusterVersionFunction: $(STAMP)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/inventory/target/inventory-*-lambda.jar "$(ARTIFACTS_DIR)/lib/inventory.jar"

build-ValidateUpgradeFunction build-SummarizeUpgradeFunction: $(STAMP)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/upgrade/target/upgrade-*-lambda.jar "$(ARTIFACTS_DIR)/lib/upgrade.jar"
