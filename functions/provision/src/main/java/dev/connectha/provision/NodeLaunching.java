package dev.connectha.provision;

import dev.connectha.config.Polling;
import dev.connectha.model.ClientToken;
import dev.connectha.model.Node;
import dev.connectha.ports.ClusterRegistry;
import dev.connectha.ports.NodeLauncher;
import dev.connectha.ports.NodeLauncher.Launch;
import dev.connectha.ports.TargetRegistrations;
import dev.connectha.ports.TargetRegistrations.Registration;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;

/**
 * Provisioning's EC2 side: launch one node (idempotent per execution and zone), wait until it can
 * take commands, remove what an execution launched and nothing else, and quarantine a failed node
 * (stopped and tagged for an operator, not terminated).
 */
public final class NodeLaunching {
  private final NodeLauncher launcher;
  private final ClusterRegistry registry;
  private final TargetRegistrations targets;

  @Inject
  public NodeLaunching(NodeLauncher launcher, ClusterRegistry registry, TargetRegistrations targets) {
    this.launcher = launcher;
    this.registry = registry;
    this.targets = targets;
  }

  public LaunchReport run(LaunchNodeInput input) {
    return switch (input.action()) {
      case "launch" -> launch(input);
      case "await" -> {
        Node node = launcher.awaitOnline(input.instanceId(), Polling.readInterval(input.pollSeconds()),
            Duration.ofSeconds(input.timeoutSeconds()));
        yield new LaunchReport("await", node.instanceId(), node.availabilityZone(), node.state(), List.of());
      }
      case "terminate" -> {
        launcher.terminate(input.cluster(), input.instanceId());
        yield new LaunchReport("terminate", input.instanceId(), null, "terminated", List.of());
      }
      case "quarantine" -> {
        // refused for an instance not of the cluster before anything changes; then out of the target group, so that
        // the next assessment does not count the stopped node as failing again
        launcher.quarantine(input.cluster(), input.instanceId(), input.reason());
        deregister(input.cluster(), List.of(input.instanceId()));
        yield new LaunchReport("quarantine", input.instanceId(), null, "stopped", List.of(), true);
      }
      default -> remove(input);
    };
  }

  /** One instance; the same execution and zone again returns the instance the first call made. */
  private LaunchReport launch(LaunchNodeInput input) {
    String id = launcher.launch(new Launch(input.cluster(), input.launchTemplate(), input.subnetId(), input.executionId(),
        ClientToken.of(input.executionId(), input.az())));
    return new LaunchReport("launch", id, input.az(), null, List.of());
  }

  /**
   * Every node the execution launched (by its launched-by tag), deregistered from the cluster's
   * target group and terminated. A node another execution launched is never touched.
   */
  private LaunchReport remove(LaunchNodeInput input) {
    List<String> ids = launcher.launchedBy(input.executionId()).stream().map(Node::instanceId).toList();
    if (!ids.isEmpty()) {
      deregister(input.cluster(), ids);
    }
    ids.forEach(id -> launcher.terminate(input.cluster(), id));
    return new LaunchReport("remove", null, null, null, ids);
  }

  /** {@code ids} out of the cluster's target group (those registered and not draining already). */
  private void deregister(String cluster, List<String> ids) {
    String group = registry.load(cluster).targetGroupArn();
    if (group != null) { // a single server without a load balancer has no target group
      List<Registration> registered = targets.registrations(group).stream()
          .filter(r -> ids.contains(r.instanceId()) && !"draining".equals(r.state())).toList();
      if (!registered.isEmpty()) {
        targets.deregister(group, registered);
      }
    }
  }
}
