package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.DuplicateDocumentContentException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Creates template.yaml's resources in moto (topics, tables with their hash and range keys and TTL
 * attribute, SSM documents and parameters, state machines with their substitutions) and registers its functions with the in-process Lambda
 * runtime, with the rules of their {@code Events} on the {@link EventBus}. What it does not create (log groups, layers, IAM policies) it lists as skipped.
 *
 * <p>It deploys the decoded SAM template ({@link CloudTemplate}: Globals merged), not SAM's
 * CloudFormation output: a SAM function is what the in-process runtime needs (handler and
 * environment), and a SAM state machine keeps its local {@code DefinitionUri} and its
 * {@code Events}, where the transformed template would give a Lambda version, alias and role per
 * function, an S3 location per definition and separate rule and role resources to reassemble.
 */
public final class Deployer {
  /** What a deployment created, by logical id, and what it left out. */
  public record Deployment(Map<String, String> created, List<String> skipped) {
    public String stateMachineArn(String logicalId) {
      String arn = created.get(logicalId);
      if (arn == null) {
        throw new IllegalArgumentException("no state machine " + logicalId + " deployed");
      }
      return arn;
    }
  }

  private final CloudTemplate template;
  private final AwsClients aws;
  private final LambdaRuntime lambda;
  private final EventBus events;

  public Deployer(CloudTemplate template, AwsClients aws, LambdaRuntime lambda, EventBus events) {
    this.template = template;
    this.aws = aws;
    this.lambda = lambda;
    this.events = events;
  }

  /** Creates every resource of the template the local cloud knows, in a fresh moto. */
  public Deployment deploy() {
    return apply(false, r -> true);
  }

  /**
   * Deploys the template again over an earlier deployment, as a stack update does: tables are kept
   * with their items, documents, parameters, functions, state machines, rules and alarms are
   * written again with the template's (possibly changed) values. What the stack does not own (a
   * parameter the control plane created at run time) is not touched.
   */
  public Deployment update() {
    return apply(true, r -> true);
  }

  /**
   * Creates only the resources named by {@code logicalIds}, in a moto that may already hold another
   * stack's: what a second stack in the same account and region adds (the rest is listed as skipped).
   */
  public Deployment deployOnly(Set<String> logicalIds) {
    return apply(false, r -> logicalIds.contains(r.logicalId()));
  }

  private Deployment apply(boolean update, Predicate<CloudTemplate.Resource> included) {
    Map<String, String> created = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    for (String type : List.of("AWS::SNS::Topic", "AWS::DynamoDB::Table", "AWS::SSM::Document", "AWS::SSM::Parameter",
        "AWS::Serverless::Function", "AWS::Serverless::StateMachine", "AWS::CloudWatch::Alarm")) {
      template.resources().values().stream().filter(r -> r.type().equals(type)).filter(included)
          .forEach(r -> created.put(r.logicalId(), deploy(r, update)));
    }
    template.resources().values().stream().filter(r -> !created.containsKey(r.logicalId()))
        .forEach(r -> skipped.add(r.logicalId() + " (" + r.type() + ")"));
    return new Deployment(created, skipped);
  }

  /** Creates the resource, or when updating and it exists, writes it again as CloudFormation would. */
  private String deploy(CloudTemplate.Resource r, boolean update) {
    JsonNode p = template.properties(r.logicalId());
    switch (r.type()) {
      case "AWS::SNS::Topic" -> {
        return aws.sns.createTopic(b -> b.name(r.attributes().get("TopicName"))).topicArn();
      }
      case "AWS::DynamoDB::Table" -> {
        if (update && aws.dynamodb.listTables().tableNames().contains(r.ref())) {
          return r.ref();
        }
        aws.dynamodb.createTable(b -> b.tableName(r.ref())
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(list(p.get("AttributeDefinitions"), a -> AttributeDefinition.builder()
                .attributeName(a.get("AttributeName").asText()).attributeType(a.get("AttributeType").asText()).build()))
            .keySchema(list(p.get("KeySchema"), k -> KeySchemaElement.builder()
                .attributeName(k.get("AttributeName").asText()).keyType(k.get("KeyType").asText()).build())));
        JsonNode ttl = p.path("TimeToLiveSpecification");
        if (ttl.path("Enabled").asBoolean(false)) {
          aws.dynamodb.updateTimeToLive(b -> b.tableName(r.ref())
              .timeToLiveSpecification(t -> t.attributeName(ttl.get("AttributeName").asText()).enabled(true)));
        }
        return r.ref();
      }
      case "AWS::SSM::Document" -> {
        String content = json(p.get("Content"));
        if (update) {
          try {
            String version = aws.ssm.updateDocument(b -> b.name(r.ref()).content(content).documentVersion("$LATEST")
                .documentFormat(DocumentFormat.JSON)).documentDescription().documentVersion();
            aws.ssm.updateDocumentDefaultVersion(b -> b.name(r.ref()).documentVersion(version));
            return r.ref();
          } catch (DuplicateDocumentContentException unchanged) {
            return r.ref();
          } catch (InvalidDocumentException absent) {
            // a document the template added since the last deployment: created below
          }
        }
        aws.ssm.createDocument(b -> b.name(r.ref()).content(content)
            .documentType(DocumentType.fromValue(p.path("DocumentType").asText("Command")))
            .documentFormat(DocumentFormat.JSON));
        return r.ref();
      }
      case "AWS::SSM::Parameter" -> {
        aws.ssm.putParameter(b -> b.name(r.ref()).value(p.get("Value").asText()).type(ParameterType.STRING).overwrite(true));
        return r.ref();
      }
      case "AWS::Serverless::Function" -> {
        Map<String, String> environment = new LinkedHashMap<>();
        p.path("Environment").path("Variables").fields().forEachRemaining(v -> environment.put(v.getKey(), v.getValue().asText()));
        lambda.register(r.ref(), p.get("Handler").asText(), environment);
        String arn = r.attributes().get("Arn");
        p.path("Events").fields().forEachRemaining(e -> createRule(r.logicalId() + e.getKey(), e.getValue(), arn));
        return arn;
      }
      case "AWS::Serverless::StateMachine" -> {
        String definition;
        try {
          definition = Files.readString(template.directory().resolve(p.get("DefinitionUri").asText()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        Map<String, String> substitutions = new LinkedHashMap<>();
        p.path("DefinitionSubstitutions").fields().forEachRemaining(s -> substitutions.put(s.getKey(), s.getValue().asText()));
        String resolved = template.sub(definition, substitutions);
        String name = r.attributes().get("Name");
        String existing = !update ? null : aws.sfn.listStateMachines().stateMachines().stream()
            .filter(m -> m.name().equals(name)).map(m -> m.stateMachineArn()).findFirst().orElse(null);
        String arn;
        if (existing != null) {
          aws.sfn.updateStateMachine(b -> b.stateMachineArn(existing).definition(resolved));
          arn = existing;
        } else {
          arn = aws.sfn.createStateMachine(b -> b.name(name).definition(resolved)
              .roleArn("arn:aws:iam::" + CloudTemplate.ACCOUNT + ":role/" + r.logicalId() + "Role")).stateMachineArn();
        }
        p.path("Events").fields().forEachRemaining(e -> createRule(r.logicalId() + e.getKey(), e.getValue(), arn));
        return arn;
      }
      case "AWS::CloudWatch::Alarm" -> {
        aws.cloudwatch.putMetricAlarm(b -> b.alarmName(p.get("AlarmName").asText())
            .alarmDescription(p.path("AlarmDescription").asText(null))
            .namespace(p.get("Namespace").asText()).metricName(p.get("MetricName").asText())
            .dimensions(list(p.path("Dimensions"), d -> Dimension.builder().name(d.get("Name").asText())
                .value(d.get("Value").asText()).build()))
            .statistic(p.get("Statistic").asText()).period(p.get("Period").asInt())
            .evaluationPeriods(p.get("EvaluationPeriods").asInt()).threshold(p.get("Threshold").asDouble())
            .comparisonOperator(p.get("ComparisonOperator").asText())
            .treatMissingData(p.path("TreatMissingData").asText(null))
            .alarmActions(list(p.path("AlarmActions"), JsonNode::asText)));
        return p.get("AlarmName").asText();
      }
      default -> throw new IllegalArgumentException("cannot create " + r.type());
    }
  }

  /**
   * A SAM event source (Schedule or EventBridgeRule) of a state machine or a function, as a rule in
   * moto and on the bus, whose target is {@code targetArn}: the bus starts the state machine, or
   * invokes the function asynchronously.
   */
  private void createRule(String name, JsonNode event, String targetArn) {
    JsonNode props = event.path("Properties");
    String input = props.has("Input") ? props.get("Input").asText() : null;
    boolean enabled = props.path("Enabled").asBoolean(true) && !"DISABLED".equals(props.path("State").asText());
    String type = event.path("Type").asText();
    EventBus.Target target = new EventBus.Target(name, targetArn, input);
    switch (type) {
      case "Schedule", "ScheduleV2" -> {
        aws.events.putRule(b -> b.name(name).scheduleExpression(props.path(type.equals("Schedule") ? "Schedule"
            : "ScheduleExpression").asText()).state(enabled ? "ENABLED" : "DISABLED"));
        events.addSchedule(name, target);
      }
      case "EventBridgeRule", "CloudWatchEvent" -> {
        aws.events.putRule(b -> b.name(name).eventPattern(json(props.get("Pattern"))).state(enabled ? "ENABLED" : "DISABLED"));
        if (enabled) {
          events.addPatternRule(name, props.get("Pattern"), target);
        }
      }
      default -> throw new IllegalArgumentException("the local cloud does not know event sources of type " + type);
    }
    if (target.function()) { // EventBridge invokes a function through its resource policy, with no role
      aws.events.putTargets(b -> b.rule(name).targets(t -> t.id("Function").arn(targetArn).input(input)));
    } else {
      aws.events.putTargets(b -> b.rule(name).targets(t -> t.id("StateMachine").arn(targetArn)
          .roleArn("arn:aws:iam::" + CloudTemplate.ACCOUNT + ":role/" + name + "Role").input(input)));
    }
  }

  private static String json(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> List<T> list(JsonNode array, java.util.function.Function<JsonNode, T> item) {
    List<T> items = new ArrayList<>();
    array.forEach(a -> items.add(item.apply(a)));
    return items;
  }
}
