package dev.connectha.localcloud;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Looks for secret values everywhere the control plane could have put them on the local cloud: the
 * input and output of every state of every execution (parents and their child executions), every
 * SSM command's parameters (as the twin received them and as moto stored them), every message
 * published to the notification topic, and every line the functions logged.
 *
 * <p>The SDK's {@code toString} of a history event prints "*** Sensitive Data Redacted ***" in place
 * of a state's input and output (Step Functions marks them sensitive), so events are read field by
 * field through {@link SdkPojo#sdkFields()} instead: a scan of {@code toString} would never find a
 * leak there.
 */
final class SecretScan implements AutoCloseable {
  private final LocalCloud cloud;
  /** place → text: what was looked at so far. */
  private final Map<String, String> places = new LinkedHashMap<>();
  /** A finished execution's history does not change: read once. */
  private final Map<String, String> histories = new ConcurrentHashMap<>();
  private final List<String> notifications = new ArrayList<>();
  private final FunctionLogs logs = new FunctionLogs();

  /** Starts capturing the functions' logs (the local cloud runs them in this JVM). */
  SecretScan(LocalCloud cloud) {
    this.cloud = cloud;
  }

  /**
   * Reads every place again (every execution since the cloud's last reset, every command, the
   * notifications published since the last look, the logs since this scan began); returns them, place → text.
   */
  Map<String, String> look() {
    places.clear();
    var sfn = cloud.clients().sfn;
    sfn.listStateMachinesPaginator(b -> {}).stateMachines().forEach(machine ->
        sfn.listExecutionsPaginator(b -> b.stateMachineArn(machine.stateMachineArn())).executions().forEach(x ->
            places.put("execution " + x.executionArn(), histories.computeIfAbsent(x.executionArn(), arn -> history(x)))));
    List<String> sent = cloud.twin().sentCommands();
    for (int i = 0; i < sent.size(); i++) {
      places.put("command sent " + i, sent.get(i));
    }
    cloud.clients().ssm.listCommandsPaginator(b -> {}).commands()
        .forEach(c -> places.put("command stored " + c.commandId(), fields(c)));
    notifications.addAll(cloud.notifications());
    for (int i = 0; i < notifications.size(); i++) {
      places.put("notification " + i, notifications.get(i));
    }
    places.put("function logs", logs.text());
    places.put("EMF metrics", cloud.emf().documents().toString()); // what the functions' EMF logger sent the agent
    return Map.copyOf(places);
  }

  private String history(ExecutionListItem execution) {
    StringBuilder text = new StringBuilder();
    cloud.clients().sfn.getExecutionHistoryPaginator(b -> b.executionArn(execution.executionArn())).events()
        .forEach(e -> text.append(fields(e)).append('\n'));
    return text.toString();
  }

  /** Every place in {@code places} whose text contains one of {@code secrets}: "secret in place". */
  static List<String> leaks(Map<String, String> places, Collection<String> secrets) {
    List<String> found = new ArrayList<>();
    places.forEach((place, text) -> secrets.stream().filter(text::contains).forEach(s -> found.add(s + " in " + place)));
    return found;
  }

  /** Every field of an SDK object, nested ones included, with none redacted: {@code Name=value, ...}. */
  static String fields(Object value) {
    StringBuilder text = new StringBuilder();
    append(text, value);
    return text.toString();
  }

  private static void append(StringBuilder text, Object value) {
    if (value instanceof SdkPojo pojo) {
      text.append('{');
      for (SdkField<?> field : pojo.sdkFields()) {
        Object v = field.getValueOrDefault(pojo);
        if (v != null) {
          text.append(field.memberName()).append('=');
          append(text, v);
          text.append(", ");
        }
      }
      text.append('}');
    } else if (value instanceof Collection<?> items) {
      text.append('[');
      items.forEach(item -> {
        append(text, item);
        text.append(", ");
      });
      text.append(']');
    } else if (value instanceof Map<?, ?> map) {
      text.append('{');
      map.forEach((k, v) -> {
        text.append(k).append('=');
        append(text, v);
        text.append(", ");
      });
      text.append('}');
    } else {
      text.append(value);
    }
  }

  @Override
  public void close() {
    logs.close();
  }

  /**
   * The functions' logs while it is open: what their Log4j loggers write (an appender with the
   * JSON layout of shared/log4j2.xml, added to every logger) and what they print to standard output
   * (the Lambda context's logger), as CloudWatch Logs would get both. (Their EMF metrics go to the
   * local cloud's EmfAgent, scanned as a place of their own.)
   */
  static final class FunctionLogs implements AutoCloseable {
    private final StringWriter logged = new StringWriter();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream original = System.out;
    private final Appender appender;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

    FunctionLogs() {
      Configuration config = context.getConfiguration();
      Appender json = config.getAppender("JsonAppender");
      if (json == null) {
        throw new IllegalStateException("no JsonAppender in the Log4j configuration: " + config.getAppenders().keySet());
      }
      appender = WriterAppender.newBuilder().setName("secret-scan").setTarget(logged).setLayout(json.getLayout()).build();
      appender.start();
      config.addAppender(appender);
      for (LoggerConfig logger : loggers(config)) {
        logger.addAppender(appender, null, null);
      }
      context.updateLoggers();
      System.setOut(new PrintStream(new Tee(original, printed), true, StandardCharsets.UTF_8));
    }

    private static java.util.Set<LoggerConfig> loggers(Configuration config) {
      java.util.Set<LoggerConfig> all = new java.util.LinkedHashSet<>(config.getLoggers().values());
      all.add(config.getRootLogger());
      return all;
    }

    String text() {
      synchronized (printed) {
        return logged + printed.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() {
      System.setOut(original);
      Configuration config = context.getConfiguration();
      for (LoggerConfig logger : loggers(config)) {
        logger.removeAppender(appender.getName());
      }
      context.updateLoggers();
      appender.stop();
    }

    /** Writes to the console and keeps a copy. */
    private static final class Tee extends OutputStream {
      private final OutputStream console;
      private final ByteArrayOutputStream copy;

      Tee(OutputStream console, ByteArrayOutputStream copy) {
        this.console = console;
        this.copy = copy;
      }

      @Override
      public void write(int b) throws java.io.IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
        console.write(bytes, offset, length);
        synchronized (copy) {
          copy.write(bytes, offset, length);
        }
      }

      @Override
      public void flush() throws java.io.IOException {
        console.flush();
      }
    }
  }
}
