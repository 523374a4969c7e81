package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which EC2 state-change notifications an instance seen in one state, then another, went through. */
class InstanceStateEventsTest {
  @Test
  void aRunningInstanceThatStoppedWentThroughStoppingThenStopped() {
    assertEquals(List.of("stopping", "stopped"), InstanceStateEvents.passedThrough("running", "stopped"));
  }

  @Test
  void aStoppingInstanceThatStoppedIsNotifiedOnlyOfStopped() {
    assertEquals(List.of("stopped"), InstanceStateEvents.passedThrough("stopping", "stopped"));
  }

  @Test
  void aStoppedInstanceThatWasTerminatedWentThroughShuttingDown() {
    assertEquals(List.of("shutting-down", "terminated"), InstanceStateEvents.passedThrough("stopped", "terminated"));
  }

  @Test
  void noChangeOrAStartIsNotNotified() {
    assertEquals(List.of(), InstanceStateEvents.passedThrough("stopped", "stopped"));
    assertEquals(List.of(), InstanceStateEvents.passedThrough("stopped", "running"));
    assertEquals(List.of(), InstanceStateEvents.passedThrough("pending", "running"));
  }

  @Test
  void theEventHasEc2sShape() {
    var event = InstanceStateEvents.event("i-0abc", "stopping");

    assertEquals("EC2 Instance State-change Notification", event.path("detail-type").asText());
    assertEquals("aws.ec2", event.path("source").asText());
    assertEquals("i-0abc", event.path("detail").path("instance-id").asText());
    assertEquals("stopping", event.path("detail").path("state").asText());
  }
}
