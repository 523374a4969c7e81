package dev.connectha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.aws.AwsCalls;
import dev.connectha.aws.AwsModule;
import dev.connectha.config.Config;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * One connection to a deployed control plane: the stack's outputs (state machines, tables), the
 * Step Functions client, and the project's adapters ({@link CliComponent}) configured from them.
 */
public final class Cloud implements AutoCloseable {
  /**
   * Where to connect.
   *
   * @param stack     the CloudFormation stack whose outputs name the state machines and tables
   * @param endpoint  an endpoint for every service ({@code --endpoint}); else AWS's own
   * @param region    the region; else the SDK's default chain
   * @param localFile the local cloud's connection file ({@code --local}): endpoint, region, test
   *                  credentials and each stack's outputs, written by a running local cloud
   */
  public record Target(String stack, Optional<URI> endpoint, Optional<String> region, Optional<Path> localFile) {}

  /** Where a running local cloud describes itself, under the project root. */
  public static final Path LOCAL_FILE = Path.of("localcloud", "target", "localcloud", "connectha.json");

  private final Map<String, String> outputs;
  private final SfnClient sfn;
  private final CliComponent ports;
  private final String stack;

  private Cloud(String stack, Map<String, String> outputs, SfnClient sfn, CliComponent ports) {
    this.stack = stack;
    this.outputs = outputs;
    this.sfn = sfn;
    this.ports = ports;
  }

  /** Connects: reads the stack's outputs (or the local cloud's file) and builds the clients. */
  public static Cloud connect(Target target) {
    Map<String, String> env = new HashMap<>(System.getenv());
    Map<String, String> outputs = null;
    if (target.localFile().isPresent()) {
      JsonNode local = readLocal(target.localFile().get());
      env.put("AWS_ENDPOINT_URL", local.path("endpoint").asText());
      env.put("AWS_REGION", local.path("region").asText());
      env.put("AWS_ACCESS_KEY_ID", local.path("accessKeyId").asText());
      env.put("AWS_SECRET_ACCESS_KEY", local.path("secretAccessKey").asText());
      env.remove("AWS_SESSION_TOKEN");
      JsonNode stack = local.path("stacks").path(target.stack());
      if (!stack.isObject()) {
        throw new PreconditionFailedException("the local cloud has no stack '" + target.stack() + "'");
      }
      outputs = new LinkedHashMap<>();
      for (var field : stack.properties()) {
        outputs.put(field.getKey(), field.getValue().asText());
      }
    }
    target.endpoint().ifPresent(e -> env.put("AWS_ENDPOINT_URL", e.toString()));
    target.region().ifPresent(r -> env.put("AWS_REGION", r));
    if (env.getOrDefault("AWS_REGION", "").isBlank() && env.getOrDefault("AWS_DEFAULT_REGION", "").isBlank()) {
      env.put("AWS_REGION", defaultRegion());
    }
    Config base = Config.from(env);
    CliComponent bootstrap = CliComponent.create(base);
    if (outputs == null) {
      outputs = stackOutputs(target.stack(), base, bootstrap);
    }
    env.put("LOCK_TABLE_NAME", outputs.getOrDefault("LockTableName", ""));
    env.put("BACKUP_SET_TABLE_NAME", outputs.getOrDefault("BackupSetTableName", ""));
    env.put("INCIDENT_TABLE_NAME", outputs.getOrDefault("IncidentTableName", ""));
    CliComponent ports = CliComponent.create(Config.from(env));
    SfnClient sfn = AwsModule.build(SfnClient.builder(), base.region(), base, ports.http(), ports.credentials());
    return new Cloud(target.stack(), outputs, sfn, ports);
  }

  private static String defaultRegion() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (SdkException e) {
      throw new InvalidInputException("no AWS region: set AWS_REGION, a profile's region, or --region");
    }
  }

  private static JsonNode readLocal(Path file) {
    try {
      return Json.MAPPER.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new PreconditionFailedException("no running local cloud: cannot read " + file
          + " (start one with ./localcloud/run, or give --endpoint)");
    }
  }

  private static Map<String, String> stackOutputs(String stack, Config config, CliComponent bootstrap) {
    try (CloudFormationClient cfn = AwsModule.build(CloudFormationClient.builder(), config.region(), config,
        bootstrap.http(), bootstrap.credentials())) {
      Map<String, String> outputs = new LinkedHashMap<>();
      try {
        cfn.describeStacks(b -> b.stackName(stack)).stacks().forEach(s -> s.outputs()
            .forEach((Output o) -> outputs.put(o.outputKey(), o.outputValue())));
      } catch (AwsServiceException e) {
        if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
          throw new PreconditionFailedException("no stack '" + stack + "' in " + config.region()
              + " (--stack names it)");
        }
        throw AwsCalls.translate("DescribeStacks " + stack, e);
      } catch (SdkException e) {
        throw AwsCalls.translate("DescribeStacks " + stack, e);
      }
      return outputs;
    }
  }

  /** The state machine of {@code workflow}, from the stack's outputs. */
  public String stateMachineArn(Workflow workflow) {
    String arn = outputs.get(workflow.output());
    if (arn == null || arn.isBlank()) {
      throw new PreconditionFailedException("stack '" + stack + "' has no output " + workflow.output());
    }
    return arn;
  }

  /** The workflows whose state machine the stack has (a stack from before a workflow existed lacks its output). */
  public List<Workflow> workflows() {
    return Arrays.stream(Workflow.values()).filter(w -> !outputs.getOrDefault(w.output(), "").isBlank()).toList();
  }

  /** The workflow whose state machine is {@code stateMachineArn}, among the stack's. */
  public Optional<Workflow> workflowOf(String stateMachineArn) {
    return workflows().stream().filter(w -> outputs.get(w.output()).equals(stateMachineArn)).findFirst();
  }

  /** Remediation's incident table (output {@code IncidentTableName}); empty for a stack without remediation. */
  public Optional<String> incidentTable() {
    return Optional.ofNullable(outputs.get("IncidentTableName")).filter(t -> !t.isBlank());
  }

  /** An execution's ARN: its state machine's, with {@code execution} for {@code stateMachine}, then its name. */
  static String executionArn(String stateMachineArn, String name) {
    return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
  }

  public String stack() {
    return stack;
  }

  public SfnClient sfn() {
    return sfn;
  }

  public CliComponent ports() {
    return ports;
  }

  @Override
  public void close() {
    sfn.close();
  }
}
