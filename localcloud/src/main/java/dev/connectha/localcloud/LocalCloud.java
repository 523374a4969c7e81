package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.CommandDocument;
import dev.connectha.localcloud.twin.KubernetesTwin;
import dev.connectha.localcloud.twin.Twin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The embedded local cloud: moto (server mode, Step Functions execution on), the gateway in front
 * of it serving the project's Lambda handlers in-process, the deployer that creates template.yaml's
 * resources, the twin cluster, and the alarm evaluator with EC2's state-change events that put
 * what CloudWatch and EC2 would send on the event bus. One instance per JVM; {@link #reset} gives a
 * fresh cluster.
 */
public final class LocalCloud implements AutoCloseable {
  public static final String STACK = "connect-ha";
  public static final String REGION = "us-east-1";

  /** How an execution ended, with what the workflow published meanwhile. */
  public record Execution(String arn, String status, JsonNode output, String error, String cause,
      List<HistoryEvent> history, Duration duration) {
    public boolean succeeded() {
      return "SUCCEEDED".equals(status);
    }

    /** The last states entered, newest last: where a failed execution was. */
    public List<String> lastStates(int count) {
      List<String> entered = history.stream().filter(e -> e.stateEnteredEventDetails() != null)
          .map(e -> e.stateEnteredEventDetails().name()).toList();
      return entered.subList(Math.max(0, entered.size() - count), entered.size());
    }
  }

  private final Path root;
  private final Path connectionFile;
  private final MotoServer moto;
  private final Gateway gateway;
  private final LambdaRuntime lambda;
  private final AwsClients direct;
  private final AwsClients clients;
  private final Twin twin;
  private final KubernetesTwin kubernetes;
  private final EventBus events;
  private final InstanceStateEvents instanceEvents;
  private final AlarmEvaluator alarms;
  private final EmfAgent emf;
  private Deployer.Deployment deployment;
  private CloudTemplate template;
  private Map<String, String> parameters;
  private String notificationsQueueUrl;

  private LocalCloud(Path root) throws IOException {
    this.root = root;
    // each test fork (failsafe's forkCount) runs its own local cloud in its own directory
    Path work = Files.createDirectories(root.resolve("localcloud/target/localcloud")
        .resolve(System.getProperty("connectha.fork", "")));
    this.connectionFile = work.resolve("connectha.json");
    int motoPort = MotoServer.freePort();
    int gatewayPort = MotoServer.freePort();
    Map<String, String> lambdaEnvironment = new LinkedHashMap<>();
    lambdaEnvironment.put("AWS_REGION", REGION);
    lambdaEnvironment.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + gatewayPort);
    lambdaEnvironment.put("AWS_ACCESS_KEY_ID", AwsClients.ACCESS_KEY);
    lambdaEnvironment.put("AWS_SECRET_ACCESS_KEY", AwsClients.SECRET_KEY);
    this.lambda = new LambdaRuntime(lambdaEnvironment);
    this.gateway = new Gateway(gatewayPort, java.net.URI.create("http://127.0.0.1:" + motoPort), lambda);
    this.moto = MotoServer.start(venv(root), motoPort, gatewayPort, work.resolve("moto.log"));
    this.direct = new AwsClients(moto.endpoint(), REGION);
    this.emf = EmfAgent.of(direct.cloudwatch); // before any function flushes a metric
    this.clients = new AwsClients(gateway.endpoint(), REGION);
    this.twin = new Twin(direct, REGION, work.resolve("twin"), gateway.endpoint());
    this.kubernetes = new KubernetesTwin(direct, REGION, twin); // its Kubernetes APIs start with its first seed
    this.events = new EventBus(direct.sfn, lambda);
    this.instanceEvents = new InstanceStateEvents(direct, events);
    this.alarms = new AlarmEvaluator(direct, twin, events, instanceEvents);
    twin.onInstanceChange(id -> instanceEvents.changed(List.of(id)));
    gateway.addInterceptor(instanceEvents.interceptor(gateway));
    gateway.addInterceptor(twin.database(gateway));
    gateway.addInterceptor(twin.packageRepository());
    gateway.addInterceptor(twin.launches(gateway)); // before the SSM commands: it refuses commands to unregistered agents
    gateway.addInterceptor(twin.interceptor());
    gateway.addInterceptor(twin.targetHealth(gateway));
    gateway.addInterceptor(twin.backups().interceptor(gateway));
    gateway.addInterceptor(twin.zonalShifts()::handle);
    gateway.addInterceptor(kubernetes.describeCluster(gateway));
    alarms.start();
  }

  /** Starts moto and the gateway (the cluster comes with {@link #reset}). */
  public static LocalCloud start() throws IOException {
    return new LocalCloud(projectRoot());
  }

  /** Forgets everything, seeds a new twin cluster and deploys template.yaml registering it. */
  public Deployer.Deployment reset(Twin.Spec spec) {
    alarms.paused(() -> {
      kubernetes.reset();
      moto.reset();
      gateway.clearFaults();
      instanceEvents.reset();
      parameters = twin.seed(spec);
      loadTemplate();
      events.clear();
      emf.clear();
      deployment = new Deployer(template, direct, lambda, events).deploy();
      subscribeToNotifications();
      gateway.resetCounts();
      writeConnectionFile();
      alarms.reset();
      detection(false);
    });
    return deployment;
  }

  /**
   * Deploys template.yaml again into the same moto, as a stack update does, with {@code changes} to
   * the template parameters the last {@link #reset} used: what the stack owns (the cluster
   * registration, documents, functions, state machines) is written again; the tables' items and
   * what the control plane created at run time stay.
   */
  public Deployer.Deployment redeploy(Map<String, String> changes) {
    Map<String, String> changed = new LinkedHashMap<>(parameters);
    changed.putAll(changes);
    parameters = changed;
    loadTemplate();
    deployment = new Deployer(template, direct, lambda, events).update();
    subscribeToNotifications(); // an update may create the topic again
    writeConnectionFile();
    return deployment;
  }

  /**
   * Deploys the resources {@code logicalIds} of template.yaml as a second stack named {@code stack},
   * beside the one {@link #reset} deployed, into the same moto and Lambda runtime with the same
   * parameters: two stacks in one account and region. Its SSM documents become runnable on the twin
   * (they stay registered with it; moto forgets them at the next {@link #reset}).
   *
   * @return the second stack's template, to find its resources' names
   */
  public CloudTemplate deployBeside(String stack, Set<String> logicalIds) {
    CloudTemplate beside = CloudTemplate.load(root.resolve("template.yaml"), stack, REGION, parameters);
    registerDocuments(beside);
    new Deployer(beside, direct, lambda, events).deployOnly(logicalIds);
    return beside;
  }

  /** The notification topic delivers to a queue the tests read ({@link #notifications}); subscribing again changes nothing. */
  private void subscribeToNotifications() {
    notificationsQueueUrl = direct.sqs.createQueue(b -> b.queueName("notifications")).queueUrl();
    String queueArn = direct.sqs.getQueueAttributes(b -> b.queueUrl(notificationsQueueUrl)
        .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
    direct.sns.subscribe(b -> b.topicArn(template.resource("NotificationTopic").ref()).protocol("sqs").endpoint(queueArn)
        .attributes(Map.of("RawMessageDelivery", "true")));
  }

  /**
   * What {@code connectha --local=FILE} reads to reach this cloud: the gateway's endpoint, the
   * region, the test credentials and the stack's outputs (written at each deployment; deleted on
   * {@link #close}). Without a fork, it is the CLI's default file.
   */
  public Path connectionFile() {
    return connectionFile;
  }

  private void writeConnectionFile() {
    ObjectNode file = Json.MAPPER.createObjectNode().put("endpoint", gateway.endpoint().toString()).put("region", REGION)
        .put("accessKeyId", AwsClients.ACCESS_KEY).put("secretAccessKey", AwsClients.SECRET_KEY);
    ObjectNode outputs = file.putObject("stacks").putObject(STACK);
    template.outputs().forEach(outputs::put);
    try {
      Files.writeString(connectionFile, file.toPrettyString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Describes the deployment to moto's CloudFormation as a stack named {@link #STACK} whose outputs are
   * the template's, so that a client finding the state machines by DescribeStacks ({@code connectha
   * --endpoint}, {@code aws cloudformation describe-stacks}) finds them as on AWS. The deployer created the
   * resources directly in moto, so the stack holds one placeholder resource (moto keeps it as a record
   * only); its outputs are what matters. Gone at the next {@link #reset}.
   */
  public void describeStack() {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.putObject("Resources").putObject("Deployment").put("Type", "AWS::CloudFormation::WaitConditionHandle");
    ObjectNode outputs = body.putObject("Outputs");
    template.outputs().forEach((name, value) -> outputs.putObject(name).put("Value", value));
    direct.cloudFormation.createStack(b -> b.stackName(STACK).templateBody(body.toString()));
  }

  private void loadTemplate() {
    template = CloudTemplate.load(root.resolve("template.yaml"), STACK, REGION, parameters);
    registerDocuments(template);
  }

  /** Makes {@code stack}'s SSM documents runnable on the twin, by their names in that stack. */
  private void registerDocuments(CloudTemplate stack) {
    stack.resources().values().stream().filter(r -> r.type().equals("AWS::SSM::Document"))
        .forEach(r -> twin.registerDocument(r.ref(), CommandDocument.of(stack.properties(r.logicalId()))));
  }

  /**
   * The name of the deployed stack's SSM document of {@code kind}, as the template gives it (what
   * an operator passes to {@code aws ssm send-command --document-name}).
   */
  public String documentName(DocumentKind kind) {
    return template.resource(kind.logicalId()).ref();
  }

  /**
   * The name the functions of the stack {@code stack} give its document of {@code kind}: template.yaml
   * gives them {@code NODE_DOCUMENT_PREFIX} {@code <stack>-} and {@link Config#documentName} does the rest.
   */
  public static String documentName(String stack, DocumentKind kind) {
    return Config.from(Map.of("AWS_REGION", REGION, "NODE_DOCUMENT_PREFIX", stack + "-")).documentName(kind);
  }

  /** The shell script of an SSM Command document: its runShellScript step's lines. */
  static String script(JsonNode documentProperties) {
    StringBuilder script = new StringBuilder();
    for (JsonNode step : documentProperties.path("Content").path("mainSteps")) {
      step.path("inputs").path("runCommand").forEach(line -> script.append(line.asText()).append('\n'));
    }
    return script.toString();
  }

  /** Starts {@code stateMachine} (a logical id in template.yaml) and waits until it ends. */
  public Execution run(String stateMachine, String input, String name, Duration timeout) {
    String arn = direct.sfn.startExecution(b -> b.stateMachineArn(deployment.stateMachineArn(stateMachine))
        .name(name).input(input)).executionArn();
    return await(arn, timeout);
  }

  public Execution await(String executionArn, Duration timeout) {
    Instant started = Instant.now();
    Instant deadline = started.plus(timeout);
    DescribeExecutionResponse d = direct.sfn.describeExecution(b -> b.executionArn(executionArn));
    while (d.status() == ExecutionStatus.RUNNING) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(executionArn + " still running after " + timeout);
      }
      pause(Duration.ofMillis(50));
      d = direct.sfn.describeExecution(b -> b.executionArn(executionArn));
    }
    List<HistoryEvent> history = direct.sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn))
        .events().stream().toList();
    JsonNode output = null;
    try {
      output = d.output() == null ? null : Json.MAPPER.readTree(d.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Duration duration = d.stopDate() != null && d.startDate() != null ? Duration.between(d.startDate(), d.stopDate())
        : Duration.between(started, Instant.now());
    return new Execution(executionArn, d.statusAsString(), output, d.error(), d.cause(), history, duration);
  }

  /** Messages published to the notification topic since the last call. */
  public List<String> notifications() {
    List<String> messages = new ArrayList<>();
    while (true) {
      var received = direct.sqs.receiveMessage(b -> b.queueUrl(notificationsQueueUrl).maxNumberOfMessages(10)).messages();
      if (received.isEmpty()) {
        return messages;
      }
      received.forEach(m -> {
        messages.add(m.body());
        direct.sqs.deleteMessage(b -> b.queueUrl(notificationsQueueUrl).receiptHandle(m.receiptHandle()));
      });
    }
  }

  /** The template's EventBridge rules: put events, fire schedules, and what was put and started ({@link EventBus#observed()}). */
  public EventBus events() {
    return events;
  }

  /**
   * Turns detection on (true) or off (false, the default after each {@link #reset}): the alarm
   * evaluator's evaluations and EC2's state-change events. Off, nothing the tests do puts an alarm or
   * EC2 event on the bus, so the template's remediation rules start nothing: a test that stops nodes
   * for another reason (an upgrade's, a fault's) is not remediated behind its back. Remediation's
   * tests, the game day and the demo turn it on.
   */
  public void detection(boolean on) {
    alarms.enabled(on);
    instanceEvents.enabled(on);
  }

  /**
   * The alarm evaluator (off after each {@link #reset}, with its defaults: see {@link #detection}): e.g.
   * {@code alarms().periodScale(0.02)} makes a 60 s period last 1.2 s.
   */
  public AlarmEvaluator alarms() {
    return alarms;
  }

  public Twin twin() {
    return twin;
  }

  /**
   * Connect on EKS: {@code kubernetes().seed(name, replicas)} (after {@link #reset}, which forgets
   * every EKS cluster) creates an EKS cluster with a local Kubernetes API and registers its document.
   * Nothing of it runs until then.
   */
  public KubernetesTwin kubernetes() {
    return kubernetes;
  }

  /** The functions' EMF metrics: each document, and its metrics put into moto's CloudWatch. */
  public EmfAgent emf() {
    return emf;
  }

  public Gateway gateway() {
    return gateway;
  }

  public LambdaRuntime lambda() {
    return lambda;
  }

  /** Clients through the gateway: what the control plane's functions see. */
  public AwsClients clients() {
    return clients;
  }

  public CloudTemplate template() {
    return template;
  }

  public Path root() {
    return root;
  }

  /** The environment a function gets on the local cloud (as template.yaml resolves it). */
  public Map<String, String> environmentOf(String functionLogicalId) {
    return lambda.functions().get(template.resource(functionLogicalId).ref()).environment();
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static Path projectRoot() {
    String configured = System.getProperty("connectha.root");
    Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve("template.yaml")) && Files.exists(d.resolve("statemachines"))) {
        return d;
      }
    }
    throw new IllegalStateException("no template.yaml above " + dir);
  }

  private static Path venv(Path root) {
    String configured = System.getenv("CONNECT_HA_VENV");
    return configured != null ? Path.of(configured) : root.resolve(".venv");
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(connectionFile); // connectha --local then says no local cloud runs
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    alarms.close();
    emf.close();
    events.close();
    gateway.close();
    twin.backups().close();
    kubernetes.close();
    moto.close();
    direct.close();
    clients.close();
  }
}
