package dev.connectha.localcloud;

import dev.connectha.localcloud.twin.Twin;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code localcloud/run invoke FUNCTION [-e EVENT.json] [--nodes N]}: what {@code sam local invoke
 * FUNCTION -e EVENT.json} does, without Docker. The function's handler runs in this JVM against the
 * local cloud (a seeded twin cluster, the template deployed), as the gateway runs it for the state
 * machines. Like sam, it prints the function's logs on stderr and its response (or
 * {@code {"errorType", "errorMessage"}}) on stdout; the exit code is 1 when the function failed.
 */
public final class LocalInvoke {
  private LocalInvoke() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    // the handlers' JSON logs and EMF metrics go to stderr, as sam local invoke shows a function's logs
    System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8));
    String function = null;
    Path event = null;
    int nodes = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-e", "--event" -> event = Path.of(args[++i]);
        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
        default -> {
          if (args[i].startsWith("-") || function != null) {
            usage("unknown argument " + args[i]);
          }
          function = args[i];
        }
      }
    }
    if (function == null) {
      usage("name the function (its logical id in template.yaml, e.g. DescribeClusterFunction)");
    }
    byte[] payload = event == null ? "{}".getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(event);
    boolean failed;
    try (LocalCloud cloud = LocalCloud.start()) {
      Twin.Spec defaults = Twin.Spec.defaults();
      cloud.reset(new Twin.Spec(defaults.cluster(), nodes, defaults.zones(), defaults.connectVersion()));
      failed = !invoke(cloud, function, payload, out);
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
      return;
    }
    System.exit(failed ? 1 : 0);
  }

  /** Invokes {@code function} (a logical id) with {@code payload}, prints its answer; false when it failed. */
  static boolean invoke(LocalCloud cloud, String function, byte[] payload, PrintStream out) {
    CloudTemplate.Resource resource = cloud.template().resources().get(function);
    if (resource == null || !resource.type().equals("AWS::Serverless::Function")) {
      throw new IllegalArgumentException("no function " + function + " in template.yaml"); // the cloud closes first
    }
    LambdaRuntime.Invocation answer = cloud.lambda().invoke(resource.ref(), payload);
    out.println(new String(answer.payload(), StandardCharsets.UTF_8));
    return !answer.functionError();
  }

  private static void usage(String problem) {
    System.err.println("InvalidArguments: " + problem + "\nusage: localcloud/run invoke FUNCTION [-e EVENT.json] [--nodes N]");
    System.exit(2);
  }
}
