package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.errors.ErrorNames;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterDocument;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * template.yaml and statemachines/*.asl.json as the local cloud reads them: the intrinsics
 * {@link CloudTemplate} resolves, and the links between the files that nothing else checks before
 * a deploy (substitutions, error names, handler classes).
 */
class CloudTemplateTest {
  private static final Path ROOT = LocalCloud.projectRoot();
  private static final String ACCOUNT = CloudTemplate.ACCOUNT;
  private static final Map<String, String> REQUIRED = Map.of(
      "TargetGroupArn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prod-connect/0123456789abcdef",
      "DbInstanceIdentifier", "prod-db",
      "FileSystemId", "fs-0123456789abcdef0");
  /** Every error Step Functions itself raises (a misspelt one would silently never match). */
  private static final Set<String> STATES_ERRORS = Set.of("States.ALL", "States.Timeout", "States.TaskFailed",
      "States.Permissions", "States.HeartbeatTimeout", "States.DataLimitExceeded", "States.Runtime",
      "States.BranchFailed", "States.NoChoiceMatched", "States.IntrinsicFailure",
      "States.ExceedToleratedFailureThreshold", "States.ItemReaderFailed", "States.ResultWriterFailed",
      "States.QueryEvaluationError");
  /** An AWS service integration's error, e.g. SNS.ThrottledException or Lambda.ServiceException. */
  private static final Pattern SERVICE_ERROR = Pattern.compile("[A-Z][A-Za-z0-9]*\\.[A-Z][A-Za-z0-9]*");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  /** Loaded with one parameter overridden (ClusterName) and the rest at their defaults. */
  private static final CloudTemplate TEMPLATE = template(Map.of("ClusterName", "prod-east"));

  private static CloudTemplate template(Map<String, String> overrides) {
    Map<String, String> parameters = new LinkedHashMap<>(REQUIRED);
    parameters.putAll(overrides);
    return CloudTemplate.load(ROOT.resolve("template.yaml"), LocalCloud.STACK, LocalCloud.REGION, parameters);
  }

  // ---- intrinsics -----------------------------------------------------------------------------

  @Test
  void refOfAParameterUsesTheOverrideThenTheDefault() {
    CloudTemplate defaults = template(Map.of());

    assertAll(
        () -> assertEquals("prod-east", TEMPLATE.ref("ClusterName")),
        () -> assertEquals("demo", defaults.ref("ClusterName")),
        () -> assertEquals("fs-0123456789abcdef0", TEMPLATE.ref("FileSystemId")),
        () -> assertEquals("Default", TEMPLATE.ref("BackupVaultName")),
        () -> assertEquals("2", TEMPLATE.ref("DesiredNodes")),
        () -> assertEquals("{}", TEMPLATE.ref("SubnetsByAz")),
        () -> assertEquals("", TEMPLATE.ref("LaunchTemplateId")));
  }

  @Test
  void aParameterWithoutDefaultMustBeGiven() {
    Map<String, String> incomplete = new LinkedHashMap<>(REQUIRED);
    incomplete.remove("FileSystemId");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CloudTemplate.load(ROOT.resolve("template.yaml"), LocalCloud.STACK, LocalCloud.REGION, incomplete));

    assertTrue(e.getMessage().contains("FileSystemId"), e.getMessage());
  }

  @Test
  void aTemplateTheDecoderRejectsFailsToLoadWithTheDecodersFinding(@TempDir Path project) throws IOException {
    Files.createDirectories(project.resolve("localcloud"));
    Files.createSymbolicLink(project.resolve("localcloud/template_json.py"), ROOT.resolve("localcloud/template_json.py"));
    Files.createSymbolicLink(project.resolve(".venv"), ROOT.resolve(".venv"));
    Files.writeString(project.resolve("template.yaml"), "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
        + "    Properties: {TopicName: !Sub [unclosed\n");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CloudTemplate.load(project.resolve("template.yaml"), LocalCloud.STACK, LocalCloud.REGION, Map.of()));

    assertTrue(e.getMessage().contains("cannot decode " + project.resolve("template.yaml")), e.getMessage());
    assertTrue(e.getMessage().contains("template.yaml:"), e.getMessage());
  }

  @Test
  void refOfPseudoParametersAndResourcesGivesWhatCloudFormationWould() {
    assertAll(
        () -> assertEquals("us-east-1", TEMPLATE.ref("AWS::Region")),
        () -> assertEquals(ACCOUNT, TEMPLATE.ref("AWS::AccountId")),
        () -> assertEquals("connect-ha", TEMPLATE.ref("AWS::StackName")),
        () -> assertEquals("connect-ha-DescribeCluster", TEMPLATE.ref("DescribeClusterFunction")),
        () -> assertEquals("arn:aws:sns:us-east-1:" + ACCOUNT + ":connect-ha-notifications",
            TEMPLATE.ref("NotificationTopic")),
        () -> assertEquals("connect-ha-locks", TEMPLATE.ref("LockTable")),
        () -> assertEquals("connect-ha-backup-sets", TEMPLATE.ref("BackupSetTable")),
        () -> assertEquals("connect-ha-NodeFacts", TEMPLATE.ref("NodeFactsDocument")),
        () -> assertEquals("arn:aws:states:us-east-1:" + ACCOUNT + ":stateMachine:connect-ha-preflight",
            TEMPLATE.ref("PreflightStateMachine")));
  }

  @Test
  void subReplacesPseudoParametersParametersResourcesAndAttributes() {
    assertAll(
        () -> assertEquals("connect-ha-DescribeCluster",
            TEMPLATE.properties("DescribeClusterFunction").path("FunctionName").asText(), "${AWS::StackName}"),
        () -> assertEquals("/connect-ha/clusters/prod-east",
            TEMPLATE.properties("ClusterRegistration").path("Name").asText(), "${Parameter}"),
        () -> assertEquals("arn:aws:ssm:us-east-1:" + ACCOUNT + ":document/connect-ha-NodeFacts",
            statement("DescribeClusterFunction", "RunNodeFactsDocument").path("Resource").asText(),
            "${Resource}"),
        () -> assertEquals("connect-ha-notifications", TEMPLATE.sub("${NotificationTopic.TopicName}", Map.of()),
            "${Resource.Attr}"),
        () -> assertEquals("arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:connect-ha-CheckHaReadiness",
            TEMPLATE.sub("${CheckHaReadinessFunction.Arn}", Map.of()), "${Resource.Attr}"),
        () -> assertEquals("x-prod-east-y", TEMPLATE.sub("x-${Name}-y", Map.of("Name", "prod-east")), "Sub's own variables"),
        () -> assertEquals("${Literal}", TEMPLATE.sub("${!Literal}", Map.of()), "${!...} is a literal"));
  }

  @Test
  void refOfAFunctionsAliasGivesTheFunctionArnWithLive() {
    String alias = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:connect-ha-DescribeCluster:live";

    assertEquals(alias, TEMPLATE.ref("DescribeClusterFunction.Alias"));
    assertEquals(alias, TEMPLATE.properties("PreflightStateMachine").path("DefinitionSubstitutions")
        .path("DescribeClusterFunctionArn").asText());
  }

  @Test
  void getAttAndGlobalsAreResolvedInAResourcesProperties() {
    JsonNode machine = TEMPLATE.properties("PreflightStateMachine");
    JsonNode function = TEMPLATE.properties("DescribeClusterFunction");

    assertAll(
        () -> assertEquals("arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:/aws/vendedlogs/states/connect-ha-preflight:*",
            machine.path("Logging").path("Destinations").get(0).path("CloudWatchLogsLogGroup").path("LogGroupArn").asText()),
        () -> assertEquals("java21", function.path("Runtime").asText()),
        () -> assertEquals("connect-ha-", function.path("Environment").path("Variables").path("NODE_DOCUMENT_PREFIX").asText()),
        () -> assertEquals("connect-ha-locks", function.path("Environment").path("Variables").path("LOCK_TABLE_NAME").asText()),
        () -> assertEquals("connect-ha-backup-sets",
            function.path("Environment").path("Variables").path("BACKUP_SET_TABLE_NAME").asText()),
        () -> assertEquals("dev.connectha.inventory.DescribeClusterHandler::handleRequest", function.path("Handler").asText()));
  }

  @Test
  void theClusterRegistrationIsAValidClusterDocument() throws IOException {
    String value = TEMPLATE.properties("ClusterRegistration").path("Value").asText();

    ClusterDocument document = Json.MAPPER.readValue(value, ClusterDocument.class);

    assertEquals("prod-east", document.name());
    assertEquals(REQUIRED.get("TargetGroupArn"), document.targetGroupArn());
    assertEquals("prod-db", document.dbInstanceId());
    assertEquals("fs-0123456789abcdef0", document.fileSystemId());
    assertEquals(2, document.desiredNodes());
    assertEquals("2024.08.0", document.connectVersion().toString());
    assertEquals("/var/lib/rstudio-connect", document.dataDir());
    assertEquals(1, document.minHealthy());
    assertEquals(List.of(), document.runAsAccounts());
    assertEquals(null, document.connectUid(), "an empty parameter is no UID");
  }

  @Test
  void theClusterRegistrationCarriesWhatANewNodeNeeds() throws IOException {
    CloudTemplate template = template(Map.of("LaunchTemplateId", "lt-0123",
        "SubnetsByAz", "{\"us-east-1a\":\"subnet-a\"}", "DataDir", "/srv/connect",
        "ConfigParameterName", "/connect/prod/rstudio-connect.gcfg", "DbPasswordSecretId", "connect/prod/db",
        "LicenseKeySecretId", "connect/licence", "ConnectUid", "999", "ConnectGid", "998",
        "RunAsAccounts", "[{\"name\":\"svc-reports\",\"uid\":2001,\"gid\":2001}]", "MinHealthy", "2"));

    ClusterDocument document = Json.MAPPER.readValue(template.properties("ClusterRegistration").path("Value").asText(),
        ClusterDocument.class);

    assertEquals(List.of(), document.missingForProvisioning());
    assertEquals("/srv/connect", document.dataDir());
    assertEquals("/connect/prod/rstudio-connect.gcfg", document.configParameter());
    assertEquals("connect/prod/db", document.dbPasswordSecretId());
    assertEquals("connect/licence", document.licenseKeySecretId());
    assertEquals(999, document.connectUid());
    assertEquals(998, document.connectGid());
    assertEquals(List.of(new dev.connectha.model.RunAsAccount("svc-reports", 2001, 2001)), document.runAsAccounts());
    assertEquals(2, document.minHealthy());
  }

  @Test
  void statementsIncludeThoseOfTheManagedPoliciesAResourceReferences() {
    List<String> sids = TEMPLATE.statements("DescribeClusterFunction").stream().map(s -> s.path("Sid").asText()).toList();

    assertEquals(List.of("ReadClusterDocuments", "FindNodesAndReadResults", "RunOnlyOnClusterNodes",
        "DescribeInfrastructure", "RunNodeFactsDocument"), sids);
    assertEquals("arn:aws:iam::" + ACCOUNT + ":policy/connect-ha-ClusterReadPolicy", TEMPLATE.ref("ClusterReadPolicy"));
    assertEquals(List.of("arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/connect-ha/clusters/*",
            "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/connect-ha/learned/*"),
        strings(statement("StartBackupSetFunction", "ReadClusterDocuments").path("Resource")), "a managed policy's ${...}");
  }

  @Test
  void findInMapJoinsTheSharedShellHelpersIntoEveryNodeDocumentsScript() {
    String helpers = TEMPLATE.resolve(Json.MAPPER.createObjectNode().set("Fn::FindInMap",
        Json.MAPPER.createArrayNode().add("NodeScripts").add("Shell").add("Helpers"))).asText();
    List<String> documents = TEMPLATE.resources().values().stream()
        .filter(r -> r.type().equals("AWS::SSM::Document")).map(CloudTemplate.Resource::logicalId).toList();

    assertTrue(helpers.contains("connect_version() {"), helpers);
    assertEquals(8, documents.size(), documents.toString());
    for (String document : documents) {
      String script = LocalCloud.script(TEMPLATE.properties(document));
      assertTrue(script.startsWith("#!/bin/bash\n"), document);
      assertEquals(script.indexOf(helpers), script.lastIndexOf(helpers), document + " has the helpers twice");
      assertTrue(script.indexOf(helpers) > 0, document + " lacks the shared helpers");
    }
  }

  // ---- notifications ---------------------------------------------------------------------------

  /**
   * CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed alias/aws/sns key
   * (issue 13, item 7): the topic's key is the stack's own, whose policy lets CloudWatch and
   * EventBridge of this account use it, and every state machine that publishes may use it too.
   */
  @Test
  void theTopicsKeyLetsAlarmsRulesAndEveryPublisherEncrypt() {
    JsonNode topic = TEMPLATE.properties("NotificationTopic");
    assertEquals(TEMPLATE.resource("NotificationKey").ref(), topic.path("KmsMasterKeyId").asText(), "not alias/aws/sns");
    JsonNode policy = TEMPLATE.properties("NotificationKey").path("KeyPolicy").path("Statement");
    JsonNode services = null;
    for (JsonNode statement : policy) {
      if (statement.path("Principal").has("Service")) {
        services = statement;
      }
    }
    assertTrue(services != null, "no statement for the services");
    JsonNode publishers = services;
    assertAll(
        () -> assertEquals(List.of("cloudwatch.amazonaws.com", "events.amazonaws.com"),
            CloudTemplateTest.strings(publishers.path("Principal").path("Service"))),
        () -> assertEquals(List.of("kms:GenerateDataKey*", "kms:Decrypt"), CloudTemplateTest.strings(publishers.path("Action"))),
        () -> assertEquals(CloudTemplate.ACCOUNT,
            publishers.path("Condition").path("StringEquals").path("aws:SourceAccount").asText(), "this account's only"),
        () -> assertTrue(TEMPLATE.properties("NotificationKey").path("EnableKeyRotation").asBoolean()));
    String keyPolicy = TEMPLATE.resource("NotificationKeyPolicy").ref();
    for (CloudTemplate.Resource r : TEMPLATE.resources().values()) {
      if (r.type().equals("AWS::Serverless::StateMachine") && r.properties().path("Policies").toString().contains("SNSPublishMessagePolicy")) {
        assertTrue(TEMPLATE.properties(r.logicalId()).path("Policies").toString().contains(keyPolicy),
            r.logicalId() + " publishes without the key's policy");
      }
    }
  }

  @Test
  void theDashboardIsValidJsonWithAWidgetForEachFigureOfTheFirstCluster() throws Exception {
    JsonNode body = Json.MAPPER.readTree(TEMPLATE.properties("ClusterDashboard").path("DashboardBody").asText());

    List<String> titles = new ArrayList<>();
    body.path("widgets").forEach(w -> titles.add(w.path("properties").path("title").asText()));
    String text = body.toString();
    assertAll(
        () -> assertEquals(5, titles.size(), titles.toString()),
        () -> assertTrue(titles.get(0).startsWith("Healthy hosts per Availability Zone"), titles.toString()),
        () -> assertTrue(text.contains("TargetGroup=\\\"targetgroup/"), "the target group's dimension value, not its ARN: " + text),
        () -> assertTrue(text.contains("NewestCompleteBackupSetAgeHours") && text.contains("UpgradeDowntime")
            && text.contains("TimeToRepair"), text),
        () -> assertTrue(!text.contains("${"), "every substitution resolved: " + text));
  }

  @Test
  void aClusterRegisteredLaterGetsTheSameDashboardAsTheTemplatesCluster() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    TEMPLATE.properties("EnsureClusterMonitoringFunction").path("Environment").path("Variables")
        .fields().forEachRemaining(v -> env.put(v.getKey(), v.getValue().asText()));
    assertEquals(LocalCloud.STACK, env.get("STACK_NAME"));
    assertEquals("prod-east", env.get("TEMPLATE_CLUSTER_NAME"), "the template's cluster keeps the stack's dashboard");

    String fromTheFunction = dev.connectha.remediation.ClusterDashboard.body(env.get("STACK_NAME"), LocalCloud.REGION,
        "prod-east", TEMPLATE.ref("TargetGroupArn"), env.get("BACKUP_AGE_ALARM_HOURS"));
    assertEquals(Json.MAPPER.readTree(TEMPLATE.properties("ClusterDashboard").path("DashboardBody").asText()),
        Json.MAPPER.readTree(fromTheFunction), "ClusterDashboard.BODY and template.yaml's ClusterDashboard drifted apart");
    assertEquals(TEMPLATE.properties("ClusterDashboard").path("DashboardName").asText(),
        dev.connectha.remediation.ClusterDashboard.name(LocalCloud.STACK, "prod-east"));
  }

  // ---- state machines -------------------------------------------------------------------------

  static Stream<Path> stateMachineFiles() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("statemachines"))) {
      List<Path> asl = files.filter(f -> f.getFileName().toString().endsWith(".asl.json")).sorted().toList();
      assertFalse(asl.isEmpty(), "no statemachines/*.asl.json");
      return asl.stream();
    }
  }

  /** The state machines in template.yaml whose DefinitionUri is {@code file}. */
  private static List<CloudTemplate.Resource> machinesDefinedBy(Path file) {
    return TEMPLATE.resources().values().stream()
        .filter(r -> r.type().equals("AWS::Serverless::StateMachine"))
        .filter(r -> ROOT.resolve(TEMPLATE.properties(r.logicalId()).path("DefinitionUri").asText()).normalize()
            .equals(file.normalize()))
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stateMachineFiles")
  void everyPlaceholderInAStateMachineIsOneOfItsDefinitionSubstitutions(Path file) throws IOException {
    String definition = Files.readString(file);
    Set<String> placeholders = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(definition);
    while (m.find()) {
      placeholders.add(m.group(1));
    }

    List<CloudTemplate.Resource> machines = machinesDefinedBy(file);

    assertFalse(machines.isEmpty(), file + " is not the DefinitionUri of any state machine in template.yaml");
    assertFalse(placeholders.isEmpty(), file + " has no ${...}: its ARNs would be hard-coded");
    for (CloudTemplate.Resource machine : machines) {
      Set<String> substituted = new TreeSet<>();
      TEMPLATE.properties(machine.logicalId()).path("DefinitionSubstitutions").fieldNames()
          .forEachRemaining(substituted::add);
      Set<String> missing = new TreeSet<>(placeholders);
      missing.removeAll(substituted);
      assertEquals(Set.of(), missing, machine.logicalId() + " does not substitute these placeholders of " + file);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stateMachineFiles")
  void everyErrorAStateMachineMatchesOnIsAKnownName(Path file) throws IOException {
    List<String> unknown = new ArrayList<>();
    eachState(Json.MAPPER.readTree(file.toFile()), (name, state) -> {
      for (String block : List.of("Retry", "Catch")) {
        state.path(block).forEach(rule -> rule.path("ErrorEquals").forEach(error -> {
          if (!knownError(error.asText())) {
            unknown.add(name + "." + block + ": " + error.asText());
          }
        }));
      }
    });

    assertEquals(List.of(), unknown, "error names neither in ErrorNames.all(), Step Functions' nor a service's");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stateMachineFiles")
  void everyFailStateEndsWithAKnownErrorName(Path file) throws IOException {
    JsonNode definition = Json.MAPPER.readTree(file.toFile());
    Map<String, JsonNode> states = new LinkedHashMap<>();
    eachState(definition, states::put);
    List<String> problems = new ArrayList<>();

    states.forEach((name, state) -> {
      if (!state.path("Type").asText().equals("Fail")) {
        return;
      }
      if (state.has("Error") && !ErrorNames.all().contains(state.path("Error").asText())) {
        problems.add(name + ": Error " + state.path("Error").asText());
      }
      if (!state.has("ErrorPath")) {
        return;
      }
      String errorPath = state.path("ErrorPath").asText();
      assertTrue(errorPath.endsWith(".Error"), name + ": ErrorPath " + errorPath + " should point at an Error field");
      String failurePath = errorPath.substring(0, errorPath.length() - ".Error".length());
      int writers = 0;
      for (Map.Entry<String, JsonNode> writer : states.entrySet()) {
        // a Catch that puts the caught error (Error, Cause) at the failure path
        for (JsonNode rule : writer.getValue().path("Catch")) {
          if (rule.path("ResultPath").asText().equals(failurePath)) {
            writers++;
            rule.path("ErrorEquals").forEach(error -> {
              if (!error.asText().equals("States.ALL") && !ErrorNames.all().contains(error.asText())) {
                problems.add(writer.getKey() + ".Catch → " + name + ": " + error.asText());
              }
            });
          }
        }
        // a Pass state that writes a literal failure there
        if (writer.getValue().path("Type").asText().equals("Pass")) {
          JsonNode error = literalAt(writer.getValue(), errorPath);
          if (error != null) {
            writers++;
            if (!ErrorNames.all().contains(error.asText())) {
              problems.add(writer.getKey() + " → " + name + ": " + error.asText());
            }
          }
        }
      }
      if (writers == 0) {
        problems.add(name + ": nothing writes " + failurePath);
      }
    });

    assertEquals(List.of(), problems, "Fail states must end with names from ErrorNames.all()");
  }

  private static boolean knownError(String name) {
    if (name.startsWith("States.")) {
      return STATES_ERRORS.contains(name);
    }
    if (ErrorNames.all().contains(name)) {
      return true;
    }
    // the project's own names (dev.connectha.*, ConnectHa.*) must be listed; an AWS service's need not be
    return !name.startsWith("dev.connectha.") && !name.startsWith("ConnectHa.") && SERVICE_ERROR.matcher(name).matches();
  }

  /** The literal a Pass state writes at {@code path} ({@code $.a.b}), or null when it writes none there. */
  private static JsonNode literalAt(JsonNode pass, String path) {
    JsonNode written = pass.has("Parameters") ? pass.get("Parameters") : pass.get("Result");
    if (written == null) {
      return null;
    }
    String resultPath = pass.has("ResultPath") ? pass.path("ResultPath").asText() : "$";
    if (!path.startsWith(resultPath.equals("$") ? "$." : resultPath + ".")) {
      return null;
    }
    JsonNode node = written;
    for (String field : path.substring(resultPath.length() + 1).split("\\.")) {
      node = node.get(field);
      if (node == null) {
        return null;
      }
    }
    return node.isTextual() ? node : null;
  }

  /** Visits every state, including those of Parallel branches and Map iterators. */
  /** Every state of an ASL definition, those of Parallel branches and Map processors included. */
  static void eachState(JsonNode machine, BiConsumer<String, JsonNode> visit) {
    machine.path("States").fields().forEachRemaining(state -> {
      visit.accept(state.getKey(), state.getValue());
      state.getValue().path("Branches").forEach(branch -> eachState(branch, visit));
      eachState(state.getValue().path("Iterator"), visit);
      eachState(state.getValue().path("ItemProcessor"), visit);
    });
  }

  // ---- functions ------------------------------------------------------------------------------

  static Stream<String> functions() {
    List<String> functions = TEMPLATE.resources().values().stream()
        .filter(r -> r.type().equals("AWS::Serverless::Function")).map(CloudTemplate.Resource::logicalId).toList();
    assertFalse(functions.isEmpty());
    return functions.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void everyFunctionsHandlerIsALambdaHandlerWithTheLocalCloudsConstructors(String function) {
    String handler = TEMPLATE.properties(function).path("Handler").asText();
    String[] parts = handler.split("::");
    assertEquals(2, parts.length, "Handler is not class::method: " + handler);

    Class<?> type = assertDoesNotThrow(() -> Class.forName(parts[0], false, getClass().getClassLoader()),
        handler + " is not on the classpath");

    assertTrue(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()), handler);
    assertTrue(RequestStreamHandler.class.isAssignableFrom(type) || RequestHandler.class.isAssignableFrom(type),
        handler + " is not a Lambda handler");
    Constructor<?> forLambda = assertDoesNotThrow(() -> type.getConstructor(), handler + " has no public ()");
    Constructor<?> forLocalCloud = assertDoesNotThrow(() -> type.getConstructor(Map.class),
        handler + " has no public (java.util.Map)");
    assertTrue(Modifier.isPublic(forLambda.getModifiers()) && Modifier.isPublic(forLocalCloud.getModifiers()));
    assertTrue(Stream.of(type.getMethods()).anyMatch(method -> method.getName().equals(parts[1])),
        handler + ": no public method " + parts[1]);
  }

  @Test
  void onlyTheLearnedRecordsWritersWriteParametersAndOnlyTheLearnedRecordsNeverTheStacksClusterDocuments() {
    Map<String, List<String>> writers = new java.util.TreeMap<>();
    for (CloudTemplate.Resource r : TEMPLATE.resources().values()) {
      if (!r.type().equals("AWS::Serverless::Function")) {
        continue;
      }
      for (JsonNode statement : TEMPLATE.statements(r.logicalId())) {
        if (strings(statement.path("Action")).contains("ssm:PutParameter")) {
          writers.put(r.logicalId(), strings(statement.path("Resource")));
        }
      }
    }

    // RecordClusterVersion: the versions the upgrade learned; RecordPreflight: the last preflight's failing rules (drift)
    assertEquals(Map.of("RecordClusterVersionFunction",
        List.of("arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/connect-ha/learned/*"), "RecordPreflightFunction",
        List.of("arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/connect-ha/learned/*")), writers);
  }

  // ---- the stack's SSM documents ------------------------------------------------------------------

  /** Two stacks deployed side by side in one account and region. */
  private static final List<String> STACKS = List.of(LocalCloud.STACK, "connect-ha-blue");

  private static CloudTemplate templateOfStack(String stack) {
    Map<String, String> parameters = new LinkedHashMap<>(REQUIRED);
    return CloudTemplate.load(ROOT.resolve("template.yaml"), stack, LocalCloud.REGION, parameters);
  }

  private static List<CloudTemplate.Resource> documents(CloudTemplate template) {
    return template.resources().values().stream().filter(r -> r.type().equals("AWS::SSM::Document")).toList();
  }

  @Test
  void everySsmDocumentIsNamedAfterTheStackAndItsKind() {
    Set<String> names = new TreeSet<>();
    for (String stack : STACKS) {
      CloudTemplate template = templateOfStack(stack);
      assertEquals(Stream.of(DocumentKind.values()).map(DocumentKind::logicalId).sorted().toList(),
          documents(template).stream().map(CloudTemplate.Resource::logicalId).sorted().toList(),
          "one document of each kind, and each under its kind's logical id");
      for (DocumentKind kind : DocumentKind.values()) {
        CloudTemplate.Resource document = template.resource(kind.logicalId());
        assertEquals("${AWS::StackName}-" + kind.suffix(), document.properties().path("Name").path("Fn::Sub").asText(),
            kind.logicalId() + "'s Name must be !Sub ${AWS::StackName}-" + kind.suffix());
        assertEquals(stack + "-" + kind.suffix(), document.ref());
        assertTrue(document.ref().matches("[A-Za-z0-9_.-]{3,128}"), document.ref() + " breaks SSM's naming rules");
        names.add(document.ref());
      }
    }
    assertEquals(STACKS.size() * DocumentKind.values().length, names.size(), "two stacks share no document name: " + names);
  }

  @Test
  void everyFunctionNamesTheDocumentsOfItsOwnStackAndMaySendOnlyThose() {
    for (String stack : STACKS) {
      CloudTemplate template = templateOfStack(stack);
      Set<String> stackDocuments = new TreeSet<>();
      documents(template).forEach(d -> stackDocuments.add(
          "arn:aws:ssm:us-east-1:" + ACCOUNT + ":document/" + d.ref()));
      Map<String, List<String>> sendable = new LinkedHashMap<>();
      for (CloudTemplate.Resource function : template.resources().values().stream()
          .filter(r -> r.type().equals("AWS::Serverless::Function")).toList()) {
        Map<String, String> environment = new LinkedHashMap<>(Map.of("AWS_REGION", LocalCloud.REGION));
        template.properties(function.logicalId()).path("Environment").path("Variables").fields()
            .forEachRemaining(v -> environment.put(v.getKey(), v.getValue().asText()));
        Config config = Config.from(environment);
        assertEquals(java.util.Optional.of(stack + "-"), config.documentPrefix(),
            function.logicalId() + " gets NODE_DOCUMENT_PREFIX, its stack's, from Globals");
        Set<String> named = new TreeSet<>();
        for (DocumentKind kind : DocumentKind.values()) {
          named.add("arn:aws:ssm:us-east-1:" + ACCOUNT + ":document/" + config.documentName(kind));
        }
        assertEquals(stackDocuments, named, function.logicalId() + " names exactly its stack's documents");
        for (JsonNode statement : template.statements(function.logicalId())) {
          if (strings(statement.path("Action")).contains("ssm:SendCommand")) {
            strings(statement.path("Resource")).stream().filter(arn -> arn.contains(":document/"))
                .forEach(arn -> sendable.computeIfAbsent(function.logicalId(), k -> new ArrayList<>()).add(arn));
          }
        }
      }
      assertFalse(sendable.isEmpty(), "some function sends commands");
      sendable.forEach((function, arns) -> assertTrue(stackDocuments.containsAll(arns),
          function + " may send " + arns + ", not only its stack's documents " + stackDocuments));
    }
  }

  /** A policy field that may be one string or a list of them, as a list. */
  static List<String> strings(JsonNode field) {
    List<String> values = new ArrayList<>();
    if (field.isArray()) {
      field.forEach(v -> values.add(v.asText()));
    } else if (!field.isMissingNode()) {
      values.add(field.asText());
    }
    return values;
  }

  private static JsonNode statement(String logicalId, String sid) {
    for (JsonNode statement : TEMPLATE.statements(logicalId)) {
      if (statement.path("Sid").asText().equals(sid)) {
        return statement;
      }
    }
    throw new AssertionError("no policy statement " + sid + " for " + logicalId);
  }
}
