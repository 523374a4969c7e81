package dev.connectha.localcloud;

import dev.connectha.cli.ConnectHa;
import dev.connectha.localcloud.twin.KubernetesTwin;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.Topology;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code localcloud/run serve [--nodes N] [--topology ec2|eks]}: the local cloud as a server for real clients. It starts
 * moto, the gateway and the twin, seeds the twin cluster and deploys template.yaml (as
 * {@link RunWorkflow} does), prints what to export for the AWS CLI or any SDK (the gateway's
 * endpoint, the test credentials, the region) and the stack's outputs (the state machines' ARNs, also
 * described to CloudFormation: {@link LocalCloud#describeStack}),
 * then keeps serving on the gateway's loopback port until stopped (Ctrl-C or SIGTERM close it).
 */
public final class Serve {
  private Serve() {}

  public static void main(String[] args) throws Exception {
    int nodes = 2;
    Topology topology = Topology.EC2;
    boolean valid = true;
    for (int i = 0; i < args.length && valid; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--nodes" -> {
          valid = value.matches("[1-9][0-9]?");
          nodes = valid ? Integer.parseInt(value) : 0;
        }
        case "--topology" -> {
          valid = value.equals("ec2") || value.equals("eks");
          topology = valid ? Topology.of(value) : topology;
        }
        default -> valid = false;
      }
      i++;
    }
    if (!valid) {
      System.err.println("usage: localcloud/run serve [--nodes N] [--topology ec2|eks]   (N from 1 to 99; default 2;"
          + " eks: also the EKS cluster " + KubernetesTwin.DEMO_CLUSTER + " with N Connect pods)");
      System.exit(ConnectHa.BAD_INPUT);
    }
    PrintStream console = System.out;
    Path log = RunWorkflow.functionLogsToFile();
    LocalCloud cloud = LocalCloud.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cloud.close();
      console.println("local cloud stopped");
      stopped.countDown();
    }, "serve-stop"));
    serve(cloud, nodes, console);
    if (topology == Topology.EKS) {
      serveEks(cloud, nodes, console);
    }
    console.println("function logs and EMF metrics: " + log);
    console.println("serving until stopped (Ctrl-C)");
    stopped.await();
  }

  /**
   * Seeds a twin cluster of {@code nodes} nodes on {@code cloud}, deploys the template registering
   * it, and prints to {@code console} the exports and the stack's outputs a client needs.
   */
  static void serve(LocalCloud cloud, int nodes, PrintStream console) {
    Twin.Spec spec = RunWorkflow.cluster(nodes);
    cloud.reset(spec);
    cloud.describeStack();
    console.println("local cloud: moto + gateway on " + cloud.gateway().endpoint() + ", twin cluster '" + spec.cluster()
        + "' with " + nodes + " node(s), stack '" + LocalCloud.STACK + "' deployed");
    console.println("# for the AWS CLI and the SDKs:");
    exports(cloud).forEach((name, value) -> console.println("export " + name + "=" + value));
    console.println("# connectha, with those exports: cli/connectha status " + spec.cluster() + " --endpoint "
        + cloud.gateway().endpoint() + "   (or --local=" + cloud.connectionFile().toAbsolutePath() + ")");
    console.println("# stack " + LocalCloud.STACK + " outputs:");
    cloud.template().outputs().forEach((name, value) -> console.println("#   " + name + " = " + value));
  }

  /** Seeds the EKS cluster {@value KubernetesTwin#DEMO_CLUSTER} with {@code pods} Connect pods beside the twin's, and says where it is. */
  static void serveEks(LocalCloud cloud, int pods, PrintStream console) {
    String cluster = cloud.kubernetes().seed(KubernetesTwin.DEMO_CLUSTER, pods).name();
    console.println("# EKS cluster '" + cluster + "' (topology eks, " + pods + " Connect pod(s)): its Kubernetes API on "
        + cloud.kubernetes().endpoint(cluster) + " (DescribeCluster through the gateway gives it, with its CA)");
  }

  /** What a client exports to reach {@code cloud}: the gateway's endpoint, the test credentials, the region. */
  static Map<String, String> exports(LocalCloud cloud) {
    Map<String, String> exports = new LinkedHashMap<>();
    exports.put("AWS_ENDPOINT_URL", cloud.gateway().endpoint().toString());
    exports.put("AWS_ACCESS_KEY_ID", AwsClients.ACCESS_KEY);
    exports.put("AWS_SECRET_ACCESS_KEY", AwsClients.SECRET_KEY);
    exports.put("AWS_REGION", LocalCloud.REGION);
    exports.put("AWS_DEFAULT_REGION", LocalCloud.REGION);
    return exports;
  }
}
