# sam build's makefile builder calls build-<LogicalId> with ARTIFACTS_DIR set (template.yaml:
# BuildMethod makefile). SAM cannot build a multi-module Maven project from a CodeUri, so this
# builds the reactor once and hands each function its module's jar, and the layer every
# third-party jar. Run it through `.ci/sam-build`, which picks the JDK and builds in source.
MVN := ./mvnw -q -B

.PHONY: jars build-DependenciesLayer build-DescribeClusterFunction build-CheckHaReadinessFunction \
	build-RunNodeCommandFunction

jars:
	$(MVN) package -DskipTests -pl shared,functions/inventory,functions/nodes -am

build-DependenciesLayer: jars
	$(MVN) -pl shared dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$(ARTIFACTS_DIR)/java/lib"

build-DescribeClusterFunction build-CheckHaReadinessFunction: jars
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/inventory/target/inventory-*-lambda.jar "$(ARTIFACTS_DIR)/lib/inventory.jar"

build-RunNodeCommandFunction: jars
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/nodes/target/nodes-*-lambda.jar "$(ARTIFACTS_DIR)/lib/nodes.jar"
