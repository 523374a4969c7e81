package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * EC2's "EC2 Instance State-change Notification" events, which moto does not emit: the local cloud
 * knows each instance's last state and, when an instance is seen stopping, stopped, shutting down
 * or terminated, puts the events of the states it went through on the {@link EventBus}
 * ({@code stopping} then {@code stopped}; {@code shutting-down} then {@code terminated}), each
 * once. It looks right after StopInstances and TerminateInstances through the gateway (the
 * control plane's own calls included: {@link #interceptor}), right after the twin stops or
 * terminates an instance, and on every tick of the {@link AlarmEvaluator} (anything else, e.g. a
 * test calling moto directly). Other states (pending, running) emit nothing but are remembered.
 */
public final class InstanceStateEvents {
  private static final System.Logger LOG = System.getLogger(InstanceStateEvents.class.getName());
  private static final Set<String> DOWN = Set.of("stopping", "stopped", "shutting-down", "terminated");

  private final AwsClients aws;
  private final EventBus bus;
  private final Map<String, String> known = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private volatile boolean enabled = true;

  /** @param aws clients pointed at moto itself */
  public InstanceStateEvents(AwsClients aws, EventBus bus) {
    this.aws = aws;
    this.bus = bus;
  }

  /** Forgets every instance's state (moto was reset): the next look learns them without events; enabled again. */
  public void reset() {
    known.clear();
    enabled = true;
  }

  /** Whether events are put on the bus (default); when not, states are still followed, silently. */
  public InstanceStateEvents enabled(boolean on) {
    this.enabled = on;
    return this;
  }

  public boolean enabled() {
    return enabled;
  }

  /** StopInstances and TerminateInstances passed on to moto, then the instances they changed looked at. */
  public Gateway.Interceptor interceptor(Gateway gateway) {
    return request -> {
      if (!request.service().equals("ec2") || !(request.action().equals("StopInstances")
          || request.action().equals("TerminateInstances"))) {
        return Optional.empty();
      }
      AwsResponse answer = gateway.forward(request);
      if (answer.status() == 200) {
        List<String> ids = request.form().entrySet().stream().filter(e -> e.getKey().startsWith("InstanceId."))
            .map(Map.Entry::getValue).toList();
        changed(ids);
      }
      return Optional.of(answer);
    };
  }

  /** {@code instanceIds} were just stopped or terminated: their events, even for an instance not seen before. */
  public void changed(Collection<String> instanceIds) {
    look(describe(instanceIds), true);
  }

  /** Looks at every instance moto has: events for those seen going down since the last look. */
  public Map<String, Instance> lookAtAll() {
    Map<String, Instance> instances = new LinkedHashMap<>();
    aws.ec2.describeInstancesPaginator(b -> b.maxResults(1000)).reservations()
        .forEach(r -> r.instances().forEach(i -> instances.put(i.instanceId(), i)));
    look(instances, false);
    return instances;
  }

  private void look(Map<String, Instance> instances, boolean assumeRunning) {
    synchronized (lock) {
      for (Instance instance : instances.values()) {
        String state = instance.state().nameAsString();
        String before = known.put(instance.instanceId(), state);
        if (before == null && !assumeRunning) {
          continue; // first sight: nothing to compare with
        }
        if (!enabled) {
          continue;
        }
        for (String passed : passedThrough(before == null ? "running" : before, state)) {
          bus.put(event(instance.instanceId(), passed));
        }
      }
    }
  }

  /** The states an instance went through from {@code before} to {@code now} that EC2 notifies, in order. */
  static List<String> passedThrough(String before, String now) {
    List<String> states = new ArrayList<>();
    if (before.equals(now) || !DOWN.contains(now)) {
      return states;
    }
    List<String> path = now.equals("stopping") || now.equals("stopped") ? List.of("stopping", "stopped")
        : List.of("shutting-down", "terminated");
    int from = path.indexOf(before) + 1; // -1 + 1: from the start of the path
    for (int i = from; i <= path.indexOf(now); i++) {
      states.add(path.get(i));
    }
    return states;
  }

  /** The instances of {@code ids} (just stopped or terminated, so EC2 knows them), by id. */
  private Map<String, Instance> describe(Collection<String> ids) {
    Map<String, Instance> found = new LinkedHashMap<>();
    if (!ids.isEmpty()) {
      try {
        aws.ec2.describeInstances(b -> b.instanceIds(ids)).reservations()
            .forEach(r -> r.instances().forEach(i -> found.put(i.instanceId(), i)));
      } catch (Ec2Exception gone) {
        LOG.log(System.Logger.Level.WARNING, "EC2 does not describe " + ids + ": no state-change events for them", gone);
      }
    }
    return found;
  }

  /** The event EC2 sends to EventBridge when {@code instanceId} enters {@code state}. */
  public static ObjectNode event(String instanceId, String state) {
    ObjectNode event = EventBus.envelope("EC2 Instance State-change Notification", "aws.ec2",
        "arn:aws:ec2:" + LocalCloud.REGION + ":" + CloudTemplate.ACCOUNT + ":instance/" + instanceId);
    event.putObject("detail").put("instance-id", instanceId).put("state", state);
    return event;
  }
}
