package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectha.backup.RestoreNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The IAM statements of template.yaml, resolved as the local cloud reads them, checked against the
 * three rules that keep the control plane's permissions from being turned against the account it
 * serves (issue 13, items 1-6): no mutating action on every resource without a condition, no tag
 * added except as a resource is created, and no delete of anything the control plane did not tag.
 *
 * <p>Statements are those of the {@code AWS::IAM::ManagedPolicy} resources and the inline
 * {@code Statement}s in each function's and state machine's {@code Policies}. SAM policy templates
 * ({@code LambdaInvokePolicy}, {@code SNSPublishMessagePolicy}, {@code StepFunctionsExecutionPolicy})
 * are scoped by SAM to the one function, topic or state machine named, and are not read here.
 */
class IamPolicyTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path ROOT = LocalCloud.projectRoot();
  private static final CloudTemplate TEMPLATE = CloudTemplate.load(ROOT.resolve("template.yaml"), LocalCloud.STACK,
      LocalCloud.REGION, Map.of(
          "TargetGroupArn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prod-connect/0123456789abcdef",
          "DbInstanceIdentifier", "prod-db",
          "FileSystemId", "fs-0123456789abcdef0",
          "BackupRoleArn", "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"));

  /**
   * What Step Functions needs to deliver a state machine's logs to CloudWatch Logs. AWS documents
   * that these CloudWatch Logs actions do not support resource-level permissions, so the
   * statement must name {@code "Resource": "*"} ("IAM policies for logging using CloudWatch Logs",
   * Step Functions developer guide). They act on log deliveries and resource policies, not on data.
   */
  static final Map<String, String> LOG_DELIVERY = Map.of(
      "logs:CreateLogDelivery", "Step Functions logging; no resource-level permissions, AWS requires *",
      "logs:GetLogDelivery", "Step Functions logging; no resource-level permissions, AWS requires *",
      "logs:UpdateLogDelivery", "Step Functions logging; no resource-level permissions, AWS requires *",
      "logs:DeleteLogDelivery", "Step Functions logging; no resource-level permissions, AWS requires *",
      "logs:ListLogDeliveries", "Step Functions logging; no resource-level permissions, AWS requires *",
      "logs:PutResourcePolicy", "Step Functions logging; no resource-level permissions, AWS requires *",
      "logs:DescribeResourcePolicies", "Step Functions logging; no resource-level permissions, AWS requires *",
      "logs:DescribeLogGroups", "Step Functions logging; no resource-level permissions, AWS requires *");

  /**
   * Deletes that are not of an AWS resource but of an item in a table the stack itself owns (the
   * statement names that table's ARN): the cluster lock is released by deleting its item.
   */
  static final Map<String, String> DELETES_OF_OWN_DATA = Map.of(
      "dynamodb:DeleteItem", "an item of the stack's own lock table (Resource is that table's ARN), not an AWS resource");

  /**
   * Statements that create a resource on AWS's behalf, for which no condition key is documented on
   * the request: a condition AWS did not fill in would deny the call. Creating changes nothing that
   * exists.
   */
  static final Map<String, String> CREATES_BY_AWS_WITHOUT_A_DOCUMENTED_KEY = Map.of(
      "StartRestoreFunction/CreateTheRestoredFileSystem",
      "AWS Backup creates the restored file system with the caller's permission (an EFS restore into a new file"
          + " system); no condition key is documented on that request, so none is asked for");

  /**
   * The condition key by which a service tells that tags are being added as part of a create action
   * ("Actions, resources, and condition keys" of each service). A tag-adding statement for these
   * services must carry it, with the {@code aws:RequestTag/…} it adds.
   */
  static final Map<String, String> CREATE_ACTION_KEYS = Map.of(
      "ec2", "ec2:CreateAction",
      "elasticloadbalancing", "elasticloadbalancing:CreateAction",
      "elasticfilesystem", "elasticfilesystem:CreateAction");

  /**
   * Services whose tag-adding action has no condition key telling a create from a later tag: AWS
   * gives no way to allow tags on create only. For these, the statement must carry
   * {@code aws:RequestTag/…} and name the resources by the names the control plane gives them
   * (never an account-wide wildcard), so only its own resources can be tagged.
   */
  static final Map<String, String> NO_CREATE_ACTION_KEY = Map.of(
      "rds", "rds:AddTagsToResource has no create-action key (RDS authorises tags on create as AddTagsToResource)",
      "backup", "backup:TagResource has no create-action key (StartBackupJob's RecoveryPointTags are authorised as TagResource)",
      "cloudwatch", "cloudwatch:TagResource has no create-action key (PutMetricAlarm's Tags are authorised as TagResource)");

  /**
   * Tag-adding statements on resources the control plane cannot name, for which AWS gives no way
   * to allow tags on create only. Each still carries a tag condition; the reason says what is left.
   */
  static final Map<String, String> TAGS_AWS_CANNOT_TIE_TO_A_CREATE = Map.of(
      "StartBackupSetFunction/TagTheRecoveryPointWithTheSetsTag",
      "AWS Backup names the recovery point (a UUID) and has no create-action key; only requests carrying"
          + " connect-ha:backup-set are allowed",
      "StartRestoreFunction/TagTheRestoredInstanceAsItIsCreated",
      "RDS has no create-action key: only instances named as a restore names them (*-restore-<8 characters>), never"
          + " a hand-over's, and only requests carrying connect-ha:restored-from, with connect-ha:* keys only."
          + " Residual risk, see docs/deploy.md (IAM)",
      "StartRestoreFunction/RecordTheFileSystemRestoreOnTheRestoredInstance",
      "adds only connect-ha:efs-restore-job, and only to an instance that already carries connect-ha:restored-from",
      "CheckRestoreFunction/MarkRestoredFileSystems",
      "AWS Backup creates the restored file system itself and takes no tags for it: the control plane can only"
          + " tag it once the job names it (connect-ha:* keys only). Residual risk, see docs/deploy.md (IAM)",
      "DeleteRestoredFunction/MarkRestoredFileSystems",
      "as CheckRestoreFunction/MarkRestoredFileSystems, when the drill is deleted before CheckRestore tagged it",
      "LaunchNodeFunction/MarkOnlyClusterNodesForAnOperator",
      "remediation stops a failed node it did not launch and marks it for a person: only the key"
          + " connect-ha:needs-operator, on a node that already carries connect-ha:cluster; no statement of the stack"
          + " is conditioned on that key, so it makes nothing deletable");

  private static final Pattern READ_ONLY = Pattern.compile("[a-z0-9-]+:(Describe|List|Get|BatchGet|Query|Scan)[A-Za-z]*");
  private static final Pattern TAGGING = Pattern.compile("[a-z0-9-]+:(TagResource|AddTagsToResource|AddTags|CreateTags)");
  private static final Pattern DELETING = Pattern.compile("[a-z0-9-]+:(Delete[A-Za-z]*|TerminateInstances)");
  /** Words in an ARN's resource part that name a type, not a resource (listener/app/*, …:autoScalingGroupName/*). */
  private static final Set<String> TYPE_WORDS = Set.of("app", "net", "autoScalingGroupName");

  /** One statement with where it was written: {@code LogicalId/Sid}. */
  record Statement(String where, JsonNode body) {
    List<String> actions() {
      return CloudTemplateTest.strings(body.path("Action"));
    }

    List<String> resources() {
      return CloudTemplateTest.strings(body.path("Resource"));
    }

    Set<String> conditionKeys() {
      Set<String> keys = new TreeSet<>();
      body.path("Condition").fields().forEachRemaining(op -> op.getValue().fieldNames().forEachRemaining(keys::add));
      return keys;
    }

    boolean hasConditionKey(Predicate<String> key) {
      return conditionKeys().stream().anyMatch(key);
    }

    @Override
    public String toString() {
      return where + " " + actions() + " on " + resources() + " if " + conditionKeys();
    }
  }

  static List<Statement> statements() {
    List<Statement> statements = new ArrayList<>();
    for (CloudTemplate.Resource r : TEMPLATE.resources().values()) {
      List<JsonNode> documents = new ArrayList<>();
      switch (r.type()) {
        case "AWS::IAM::ManagedPolicy" -> documents.add(r.properties().path("PolicyDocument"));
        case "AWS::Serverless::Function", "AWS::Serverless::StateMachine" ->
            r.properties().path("Policies").forEach(p -> {
              if (p.has("Statement")) {
                documents.add(p);
              }
            });
        default -> {
          continue;
        }
      }
      for (JsonNode document : documents) {
        for (JsonNode s : TEMPLATE.resolve(document.path("Statement"))) {
          statements.add(new Statement(r.logicalId() + "/" + s.path("Sid").asText("?"), s));
        }
      }
    }
    return statements;
  }

  /** {@code *}, or an ARN whose resource part names a type and then only wildcards (db:*, targetgroup/*, alarm:*). */
  static boolean accountWide(String resource) {
    if (resource.equals("*")) {
      return true;
    }
    String[] arn = resource.split(":", 6);
    if (arn.length < 6) {
      return false;
    }
    String[] segments = arn[5].split("[:/]");
    if (!segments[segments.length - 1].equals("*")) {
      return false;
    }
    for (int i = 1; i < segments.length; i++) {
      if (!segments[i].equals("*") && !TYPE_WORDS.contains(segments[i])) {
        return false;
      }
    }
    return true;
  }

  static boolean mutating(String action) {
    return !READ_ONLY.matcher(action).matches();
  }

  static String service(String action) {
    return action.substring(0, action.indexOf(':'));
  }

  /** Rule 1: a mutating action on every resource of its type, with no condition at all. */
  static List<Statement> mutatingOnEverythingWithoutCondition(List<Statement> statements) {
    return statements.stream()
        .filter(s -> s.body().path("Condition").isMissingNode())
        .filter(s -> !CREATES_BY_AWS_WITHOUT_A_DOCUMENTED_KEY.containsKey(s.where()))
        .filter(s -> s.resources().stream().anyMatch(IamPolicyTest::accountWide))
        .filter(s -> s.actions().stream().anyMatch(a -> mutating(a) && !LOG_DELIVERY.containsKey(a)))
        .toList();
  }

  /** Rule 2: a tag-adding action that is not tied to a create action. */
  static List<Statement> taggingNotTiedToACreate(List<Statement> statements) {
    return statements.stream().filter(s -> s.actions().stream().filter(a -> TAGGING.matcher(a).matches()).anyMatch(a -> {
      String service = service(a);
      boolean requestTags = s.hasConditionKey(k -> k.startsWith("aws:RequestTag/"));
      boolean tagKeys = s.hasConditionKey(k -> k.equals("aws:TagKeys"));
      if (TAGS_AWS_CANNOT_TIE_TO_A_CREATE.containsKey(s.where())) {
        return !(requestTags || tagKeys);
      }
      if (CREATE_ACTION_KEYS.containsKey(service)) {
        return !((requestTags || tagKeys) && s.hasConditionKey(k -> k.equals(CREATE_ACTION_KEYS.get(service))));
      }
      if (NO_CREATE_ACTION_KEY.containsKey(service)) {
        return !(requestTags && s.resources().stream().noneMatch(IamPolicyTest::accountWide));
      }
      return true;
    })).toList();
  }

  /** Rule 3: a delete that is not conditioned on the control plane's own tags. */
  static List<Statement> deletesNotConditionedOnOwnTags(List<Statement> statements) {
    return statements.stream()
        .filter(s -> s.actions().stream().anyMatch(a -> DELETING.matcher(a).matches()
            && !LOG_DELIVERY.containsKey(a) && !DELETES_OF_OWN_DATA.containsKey(a)))
        .filter(s -> !s.hasConditionKey(k -> k.startsWith("aws:ResourceTag/connect-ha:")))
        .toList();
  }

  @Test
  void noMutatingActionOnEveryResourceWithoutACondition() {
    assertNone("mutating on * or an account-wide wildcard without a condition",
        mutatingOnEverythingWithoutCondition(statements()));
  }

  @Test
  void tagsAreAddedOnlyAsTheControlPlaneCreatesAResource() {
    assertNone("tag-adding not tied to a create action", taggingNotTiedToACreate(statements()));
  }

  @Test
  void everyDeleteIsConditionedOnTheControlPlanesTags() {
    assertNone("delete not conditioned on aws:ResourceTag/connect-ha:*", deletesNotConditionedOnOwnTags(statements()));
  }

  /** Prints the offending statements (so the figure can be read from the test's output), then fails if there are any. */
  private static void assertNone(String rule, List<Statement> offending) {
    System.out.println("IAM " + rule + ": " + offending.size());
    offending.forEach(s -> System.out.println("  " + s));
    assertEquals(List.of(), offending.stream().map(Statement::toString).toList(), rule);
  }

  @Test
  void theRulesSeeAStatementOfEachKindTheyForbid() throws Exception {
    JsonNode wide = TEMPLATE.resolve(MAPPER.readTree(
        "{\"Sid\":\"W\",\"Action\":[\"rds:DeleteDBInstance\",\"ec2:CreateTags\"],\"Resource\":\"*\"}"));
    JsonNode named = TEMPLATE.resolve(MAPPER.readTree("{\"Sid\":\"N\",\"Action\":\"ec2:CreateTags\","
        + "\"Resource\":\"arn:aws:ec2:us-east-1:123456789012:instance/*\","
        + "\"Condition\":{\"StringEquals\":{\"ec2:CreateAction\":\"RunInstances\"},"
        + "\"StringLike\":{\"aws:RequestTag/connect-ha:cluster\":\"*\"}}}"));
    List<Statement> statements = List.of(new Statement("Wide/W", wide), new Statement("Named/N", named));

    assertEquals(List.of("Wide/W"), mutatingOnEverythingWithoutCondition(statements).stream().map(Statement::where).toList());
    assertEquals(List.of("Wide/W"), taggingNotTiedToACreate(statements).stream().map(Statement::where).toList());
    assertEquals(List.of("Wide/W"), deletesNotConditionedOnOwnTags(statements).stream().map(Statement::where).toList());
  }

  /**
   * RDS tells no create's tags from a later AddTagsToResource, so the restore's DB instance tags, and
   * DeleteRestored's delete, reach only instances named as {@link RestoreNames} names a restore's
   * (never the source, e.g. {@code prod-db}), and the tags never a hand-over's instance, which may
   * serve production after the switch.
   */
  @Test
  void theRestoresInstanceTagsAndDeletesReachOnlyInstancesNamedAsARestoreNamesThem() {
    String restored = RestoreNames.of("prod", "arn:aws:states:us-east-1:123456789012:execution:connect-ha-restore:drill-1")
        .dbInstanceId();
    for (String where : List.of("StartRestoreFunction/RestoreIntoNewInstancesOnly",
        "StartRestoreFunction/TagTheRestoredInstanceAsItIsCreated",
        "StartRestoreFunction/RecordTheFileSystemRestoreOnTheRestoredInstance", "DeleteRestoredFunction/DeleteOnlyDrillsInstances")) {
      Statement statement = statements().stream().filter(s -> s.where().equals(where)).findFirst().orElseThrow();
      List<String> instances = statement.resources().stream().filter(r -> r.contains(":db:")).toList();
      assertEquals(1, instances.size(), statement.toString());
      Pattern name = Pattern.compile(instances.get(0).substring(instances.get(0).indexOf(":db:") + 4)
          .replace("?", ".").replace("*", ".*"));
      assertTrue(name.matcher(restored).matches(), statement + " reaches " + restored);
      assertFalse(name.matcher("prod-db").matches(), statement + " does not reach the source instance");
    }
    JsonNode tagging = statements().stream().filter(s -> s.where().equals("StartRestoreFunction/TagTheRestoredInstanceAsItIsCreated"))
        .findFirst().orElseThrow().body();
    assertEquals("handover", tagging.path("Condition").path("StringNotEquals").path("aws:ResourceTag/connect-ha:restore-mode").asText(),
        tagging.toString());
  }

  @Test
  void passRoleNamesOnlyTheStacksBackupRoleOrARoleTheStackNeverCreates() {
    CloudTemplate withoutRole = CloudTemplate.load(ROOT.resolve("template.yaml"), LocalCloud.STACK, LocalCloud.REGION,
        Map.of("TargetGroupArn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1",
            "DbInstanceIdentifier", "db", "FileSystemId", "fs-0123456789abcdef0"));

    assertEquals(List.of("arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"),
        passRoleResources(TEMPLATE));
    assertEquals(List.of("arn:aws:iam::123456789012:role/connect-ha-no-backup-role-given"), passRoleResources(withoutRole));
  }

  private static List<String> passRoleResources(CloudTemplate template) {
    List<String> resources = new ArrayList<>();
    for (JsonNode s : template.resolve(template.resource("PassBackupRolePolicy").properties().path("PolicyDocument")
        .path("Statement"))) {
      if (CloudTemplateTest.strings(s.path("Action")).contains("iam:PassRole")) {
        resources.addAll(CloudTemplateTest.strings(s.path("Resource")));
      }
    }
    return resources;
  }

  @Test
  void accountWideIsATypeFollowedOnlyByWildcards() {
    assertEquals(List.of(true, true, true, true, true, false, false, false), List.of(
        accountWide("*"),
        accountWide("arn:aws:rds:us-east-1:1:db:*"),
        accountWide("arn:aws:elasticloadbalancing:us-east-1:1:listener-rule/app/*"),
        accountWide("arn:aws:autoscaling:us-east-1:1:autoScalingGroup:*:autoScalingGroupName/*"),
        accountWide("arn:aws:cloudwatch:us-east-1:1:alarm:*"),
        accountWide("arn:aws:cloudwatch:us-east-1:1:alarm:connect-ha-*"),
        accountWide("arn:aws:ssm:us-east-1:1:parameter/connect-ha/learned/*"),
        accountWide("arn:aws:rds:*:1:snapshot:connect-ha-*")));
  }

  /** The offending statements of all three rules together, each counted once. */
  static Map<String, Statement> allOffending() {
    List<Statement> statements = statements();
    Map<String, Statement> all = new LinkedHashMap<>();
    for (List<Statement> list : List.of(mutatingOnEverythingWithoutCondition(statements),
        taggingNotTiedToACreate(statements), deletesNotConditionedOnOwnTags(statements))) {
      list.forEach(s -> all.put(s.where(), s));
    }
    return all;
  }

  @Test
  void printsTheNumberOfOffendingStatements() {
    Map<String, Statement> all = allOffending();
    System.out.println("IAM offending statements (all rules, each once): " + all.size() + " of " + statements().size());
    assertEquals(Set.of(), all.keySet());
  }
}
