package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * template.yaml as the local cloud reads it: parameters (defaults and overrides), resources with
 * the physical names and ARNs CloudFormation would give them in this stack, and the intrinsics the
 * template uses ({@code Ref}, {@code Fn::Sub}, {@code Fn::GetAtt}, {@code Fn::Join},
 * {@code Fn::FindInMap}, {@code Fn::Select}, {@code Fn::Split}, and {@code Fn::If} over the
 * template's {@code Conditions}), resolved.
 *
 * <p>The YAML is not read here: {@code localcloud/template_json.py} decodes it with cfn-lint's
 * CloudFormation decoder (short-form tags such as {@code !Sub}) and merges SAM's {@code Globals}
 * with the SAM translator's own Globals plugin, and prints JSON. The SAM transform itself is not
 * applied: the deployer creates functions and state machines from their SAM properties.
 */
public final class CloudTemplate {
  public static final String ACCOUNT = "123456789012";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([A-Za-z0-9:._-]+)}");
  /** Decoded templates by file, with the modification time they were decoded at (decoding takes a second). */
  private static final Map<Path, Decoded> DECODED = new ConcurrentHashMap<>();

  private record Decoded(FileTime modified, JsonNode document) {}

  /** One resource: its type, raw properties and the names CloudFormation would give it. */
  public record Resource(String logicalId, String type, JsonNode properties, String ref, Map<String, String> attributes) {}

  private final Path directory;
  private final JsonNode document;
  private final String stackName;
  private final String region;
  private final Map<String, String> parameters = new LinkedHashMap<>();
  private final Map<String, Resource> resources = new LinkedHashMap<>();

  private CloudTemplate(Path file, String stackName, String region, Map<String, String> overrides) {
    this.directory = file.toAbsolutePath().getParent();
    this.stackName = stackName;
    this.region = region;
    this.document = decoded(file.toAbsolutePath().normalize());
    document.path("Parameters").fields().forEachRemaining(p -> {
      String value = overrides.containsKey(p.getKey()) ? overrides.get(p.getKey())
          : p.getValue().has("Default") ? p.getValue().get("Default").asText() : null;
      if (value == null) {
        throw new IllegalArgumentException("template parameter " + p.getKey() + " has no default and no value");
      }
      parameters.put(p.getKey(), value);
    });
    document.path("Resources").fields().forEachRemaining(r -> resources.put(r.getKey(), name(r.getKey(), r.getValue())));
  }

  public static CloudTemplate load(Path file, String stackName, String region, Map<String, String> overrides) {
    return new CloudTemplate(file, stackName, region, overrides);
  }

  private static JsonNode decoded(Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      Decoded cached = DECODED.get(file);
      if (cached == null || !cached.modified().equals(modified)) {
        cached = new Decoded(modified, decode(file));
        DECODED.put(file, cached);
      }
      return cached.document();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Runs {@code localcloud/template_json.py} (beside the template) with the project's venv. */
  private static JsonNode decode(Path file) throws IOException {
    Path root = file.getParent();
    String venv = System.getenv("CONNECT_HA_VENV");
    Path python = (venv != null ? Path.of(venv) : root.resolve(".venv")).resolve("bin/python");
    if (!Files.isExecutable(python)) {
      throw new IllegalStateException(python + " is missing: run `source .ci/tools.sh` (it installs the venv)");
    }
    Path errors = Files.createTempFile("template-json", ".err");
    try {
      Process process = new ProcessBuilder(python.toString(), root.resolve("localcloud/template_json.py").toString(),
          file.toString()).redirectError(errors.toFile()).start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      if (process.waitFor() != 0) {
        throw new IllegalArgumentException("cannot decode " + file + ":\n" + Files.readString(errors));
      }
      return JSON.readTree(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while decoding " + file, e);
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  public Path directory() {
    return directory;
  }

  public String region() {
    return region;
  }

  public Map<String, Resource> resources() {
    return resources;
  }

  public Resource resource(String logicalId) {
    Resource r = resources.get(logicalId);
    if (r == null) {
      throw new IllegalArgumentException("no resource " + logicalId + " in template");
    }
    return r;
  }

  /** The template's Outputs, each Value resolved as the stack would give it: what clients read to find the stack. */
  public Map<String, String> outputs() {
    Map<String, String> outputs = new LinkedHashMap<>();
    document.path("Outputs").fields().forEachRemaining(o -> outputs.put(o.getKey(), resolve(o.getValue().path("Value")).asText()));
    return outputs;
  }

  /** The resolved properties of a resource (SAM's Globals already merged in). */
  public JsonNode properties(String logicalId) {
    Resource r = resource(logicalId);
    return resolve(r.properties() == null ? JsonNodeFactory.instance.objectNode() : r.properties());
  }

  /**
   * Every IAM statement, resolved, that a SAM function's or state machine's {@code Policies} grant
   * its role: inline {@code Statement}s and those of the {@code AWS::IAM::ManagedPolicy} resources
   * it references (SAM policy templates such as {@code LambdaInvokePolicy} are not expanded).
   */
  public List<JsonNode> statements(String logicalId) {
    List<JsonNode> statements = new ArrayList<>();
    for (JsonNode policy : resource(logicalId).properties().path("Policies")) {
      JsonNode document = policy;
      if (policy.has("Ref") && resources.containsKey(policy.get("Ref").asText())
          && resource(policy.get("Ref").asText()).type().equals("AWS::IAM::ManagedPolicy")) {
        document = resource(policy.get("Ref").asText()).properties().path("PolicyDocument");
      }
      resolve(document.path("Statement")).forEach(statements::add);
    }
    return statements;
  }

  // ---- physical names -------------------------------------------------------------------------

  private Resource name(String logicalId, JsonNode resource) {
    String type = resource.path("Type").asText();
    JsonNode props = resource.path("Properties");
    String arnPrefix = "arn:aws:%s:" + region + ":" + ACCOUNT + ":";
    Map<String, String> attributes = new LinkedHashMap<>();
    String ref;
    switch (type) {
      case "AWS::Serverless::Function" -> {
        String name = nameProperty(props, "FunctionName", logicalId);
        ref = name;
        attributes.put("Arn", arnPrefix.formatted("lambda") + "function:" + name);
        attributes.put("Alias", attributes.get("Arn") + ":live");
      }
      case "AWS::Serverless::StateMachine" -> {
        String name = nameProperty(props, "Name", logicalId);
        ref = arnPrefix.formatted("states") + "stateMachine:" + name;
        attributes.put("Arn", ref);
        attributes.put("Name", name);
      }
      case "AWS::SNS::Topic" -> {
        String name = nameProperty(props, "TopicName", logicalId);
        ref = arnPrefix.formatted("sns") + name;
        attributes.put("Arn", ref);
        attributes.put("TopicArn", ref);
        attributes.put("TopicName", name);
      }
      case "AWS::DynamoDB::Table" -> {
        ref = nameProperty(props, "TableName", logicalId);
        attributes.put("Arn", arnPrefix.formatted("dynamodb") + "table/" + ref);
      }
      case "AWS::Logs::LogGroup" -> {
        ref = nameProperty(props, "LogGroupName", logicalId);
        attributes.put("Arn", arnPrefix.formatted("logs") + "log-group:" + ref + ":*");
      }
      case "AWS::KMS::Key" -> { // a key id as KMS makes them, fixed by the logical id
        ref = java.util.UUID.nameUUIDFromBytes(logicalId.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        attributes.put("Arn", arnPrefix.formatted("kms") + "key/" + ref);
        attributes.put("KeyId", ref);
      }
      case "AWS::IAM::ManagedPolicy" -> ref = "arn:aws:iam::" + ACCOUNT + ":policy/"
          + nameProperty(props, "ManagedPolicyName", logicalId);
      case "AWS::Serverless::LayerVersion" -> ref = arnPrefix.formatted("lambda") + "layer:"
          + nameProperty(props, "LayerName", logicalId) + ":1";
      default -> ref = nameProperty(props, "Name", logicalId);
    }
    return new Resource(logicalId, type, props, ref, attributes);
  }

  private String nameProperty(JsonNode props, String property, String logicalId) {
    return props.has(property) ? resolve(props.get(property)).asText() : stackName + "-" + logicalId;
  }

  // ---- intrinsics -----------------------------------------------------------------------------

  public JsonNode resolve(JsonNode node) {
    if (node.isObject() && node.size() == 1) {
      String key = node.fieldNames().next();
      JsonNode arg = node.get(key);
      switch (key) {
        case "Ref" -> {
          return JsonNodeFactory.instance.textNode(ref(arg.asText()));
        }
        case "Fn::GetAtt" -> {
          String[] parts = arg.isArray() ? new String[] {arg.get(0).asText(), arg.get(1).asText()}
              : arg.asText().split("\\.", 2);
          return JsonNodeFactory.instance.textNode(getAtt(parts[0], parts[1]));
        }
        case "Fn::Sub" -> {
          Map<String, String> vars = new LinkedHashMap<>();
          String text = arg.isArray() ? arg.get(0).asText() : arg.asText();
          if (arg.isArray()) {
            arg.get(1).fields().forEachRemaining(v -> vars.put(v.getKey(), resolve(v.getValue()).asText()));
          }
          return JsonNodeFactory.instance.textNode(sub(text, vars));
        }
        case "Fn::Join" -> {
          StringBuilder joined = new StringBuilder();
          Iterator<JsonNode> items = arg.get(1).elements();
          while (items.hasNext()) {
            joined.append(resolve(items.next()).asText());
            if (items.hasNext()) {
              joined.append(arg.get(0).asText());
            }
          }
          return JsonNodeFactory.instance.textNode(joined.toString());
        }
        case "Fn::Select" -> {
          JsonNode list = resolve(arg.get(1));
          int index = resolve(arg.get(0)).asInt();
          if (!list.isArray() || index < 0 || index >= list.size()) {
            throw new IllegalArgumentException("Fn::Select index " + index + " is outside " + list);
          }
          return list.get(index);
        }
        case "Fn::Split" -> {
          var parts = JsonNodeFactory.instance.arrayNode();
          for (String part : resolve(arg.get(1)).asText().split(Pattern.quote(arg.get(0).asText()), -1)) {
            parts.add(part);
          }
          return parts;
        }
        case "Fn::If" -> {
          return resolve(condition(arg.get(0).asText()) ? arg.get(1) : arg.get(2));
        }
        case "Fn::FindInMap" -> {
          JsonNode value = document.path("Mappings").path(resolve(arg.get(0)).asText())
              .path(resolve(arg.get(1)).asText()).path(resolve(arg.get(2)).asText());
          if (value.isMissingNode()) {
            throw new IllegalArgumentException("no mapping " + arg + " in template");
          }
          return resolve(value);
        }
        default -> {
          if (key.startsWith("Fn::")) {
            throw new IllegalArgumentException("the local cloud does not resolve " + key);
          }
        }
      }
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.fields().forEachRemaining(f -> copy.set(f.getKey(), resolve(f.getValue())));
      return copy;
    }
    if (node.isArray()) {
      var copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> copy.add(resolve(item)));
      return copy;
    }
    return node;
  }

  /** Whether the template's condition {@code name} holds with this stack's parameters. */
  public boolean condition(String name) {
    JsonNode definition = document.path("Conditions").path(name);
    if (definition.isMissingNode()) {
      throw new IllegalArgumentException("no condition " + name + " in template");
    }
    return holds(definition);
  }

  private boolean holds(JsonNode node) {
    String key = node.fieldNames().next();
    JsonNode arg = node.get(key);
    return switch (key) {
      case "Fn::Equals" -> resolve(arg.get(0)).asText().equals(resolve(arg.get(1)).asText());
      case "Fn::Not" -> !holds(arg.get(0));
      case "Fn::And" -> StreamSupport.stream(arg.spliterator(), false).allMatch(this::holds);
      case "Fn::Or" -> StreamSupport.stream(arg.spliterator(), false).anyMatch(this::holds);
      case "Condition" -> condition(arg.asText());
      default -> throw new IllegalArgumentException("the local cloud does not evaluate " + key + " in a condition");
    };
  }

  public String ref(String name) {
    return switch (name) {
      case "AWS::Region" -> region;
      case "AWS::AccountId" -> ACCOUNT;
      case "AWS::StackName" -> stackName;
      case "AWS::Partition" -> "aws";
      case "AWS::URLSuffix" -> "amazonaws.com";
      default -> {
        if (parameters.containsKey(name)) {
          yield parameters.get(name);
        }
        int dot = name.indexOf('.');
        if (dot > 0) { // SAM: FunctionName.Alias, FunctionName.Version
          yield getAtt(name.substring(0, dot), name.substring(dot + 1));
        }
        yield resource(name).ref();
      }
    };
  }

  public String getAtt(String logicalId, String attribute) {
    String function = logicalId.endsWith("Role") ? logicalId.substring(0, logicalId.length() - "Role".length()) : "";
    if (!resources.containsKey(logicalId) && attribute.equals("Arn") && resources.containsKey(function)
        && resource(function).type().equals("AWS::Serverless::Function") && !resource(function).properties().has("Role")) {
      // SAM makes a role <function>Role for a function that names none; its name is the stack's, the id and a suffix
      return "arn:aws:iam::" + ACCOUNT + ":role/" + stackName + "-" + logicalId;
    }
    String value = resource(logicalId).attributes().get(attribute);
    if (value == null) {
      throw new IllegalArgumentException("the local cloud has no " + logicalId + "." + attribute);
    }
    return value;
  }

  public String sub(String text, Map<String, String> vars) {
    Matcher m = SUB_VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2);
      String value;
      if (!m.group(1).isEmpty()) {
        value = "${" + name + "}";
      } else if (vars.containsKey(name)) {
        value = vars.get(name);
      } else if (name.contains(".") && !parameters.containsKey(name) && resources.containsKey(name.split("\\.")[0])) {
        value = getAtt(name.split("\\.")[0], name.split("\\.", 2)[1]);
      } else {
        value = ref(name);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
