package dev.connectha.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.fakes.FakeClusterRegistry;
import dev.connectha.fakes.FakeNodeDirectory;
import dev.connectha.fakes.FakeTargetRegistrations;
import dev.connectha.fakes.FakeZonalShifts;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.ConnectVersion;
import dev.connectha.model.ZonalShiftPolicy;
import dev.connectha.ports.ZonalShifts.Shift;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficShifterTest {
  static final String LOAD_BALANCER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/demo/0123456789abcdef";
  static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:connect-ha-remediate:demo-us-east-1b-20250304T101500Z";

  final List<String> calls = new ArrayList<>();
  final FakeClusterRegistry registry = new FakeClusterRegistry(calls, document("demo", new ZonalShiftPolicy(true, "2h")));
  final FakeTargetRegistrations targets = new FakeTargetRegistrations(calls, 3939, List.of(LOAD_BALANCER));
  final FakeNodeDirectory nodes = new FakeNodeDirectory(calls, List.of());
  final FakeZonalShifts shifts = new FakeZonalShifts(calls);
  final TrafficShifter shifter = new TrafficShifter(registry, targets, nodes, shifts);

  TrafficShifterTest() {
    nodes.zoneNames.put("use1-az1", "us-east-1b");
  }

  @Test
  void shiftsTheLoadBalancerAwayFromTheImpairedZonesIdForTheDocumentsExpiry() {
    ShiftReport report = shifter.shiftAway(new ShiftTrafficInput("demo", "us-east-1b", EXECUTION));

    assertTrue(report.shifted(), report.reason());
    assertEquals("use1-az1", report.zoneId());
    Shift shift = shifts.active.get(report.shiftId());
    assertEquals(LOAD_BALANCER, shift.resource());
    assertEquals("use1-az1", shift.awayFrom());
    assertEquals("2025-03-04T12:00:00Z", report.expiresAt(), "2h from the fake's clock");
    assertTrue(shift.comment().startsWith("connect-ha demo remediation "), shift.comment());
    assertTrue(shift.comment().length() <= 128, shift.comment());
  }

  @Test
  void aDocumentWithoutZonalShiftShiftsNothingAndReadsOnlyTheDocument() {
    registry.documents.put("demo", document("demo", null));

    ShiftReport report = shifter.shiftAway(new ShiftTrafficInput("demo", "us-east-1b", EXECUTION));

    assertFalse(report.shifted());
    assertTrue(report.reason().contains("not enabled"), report.reason());
    assertEquals(List.of("registry.load demo"), calls);
  }

  @Test
  void aShiftAlreadyAwayFromTheZoneIsKeptAndNoSecondOneStarts() {
    String existing = shifts.start(LOAD_BALANCER, "use1-az1", "6h", "an operator's shift").id();
    calls.clear();

    ShiftReport report = shifter.shiftAway(new ShiftTrafficInput("demo", "us-east-1b", EXECUTION));

    assertTrue(report.shifted());
    assertEquals(existing, report.shiftId());
    assertEquals(1, shifts.active.size());
    assertFalse(calls.stream().anyMatch(c -> c.startsWith("arc.startZonalShift")), calls.toString());
  }

  @Test
  void aZoneWithoutAnIdOrATargetGroupServingNoLoadBalancerShiftsNothing() {
    ShiftReport unknownZone = shifter.shiftAway(new ShiftTrafficInput("demo", "us-east-1f", EXECUTION));
    targets.loadBalancers = List.of();
    ShiftReport noLoadBalancer = shifter.shiftAway(new ShiftTrafficInput("demo", "us-east-1b", EXECUTION));

    assertFalse(unknownZone.shifted(), unknownZone.reason());
    assertFalse(noLoadBalancer.shifted(), noLoadBalancer.reason());
    assertTrue(shifts.active.isEmpty());
  }

  @Test
  void theEndOfAnImpairmentCancelsOnlyThisClustersShiftsAwayFromThatZone() {
    String ours = shifts.start(LOAD_BALANCER, "use1-az1", "6h", "connect-ha demo remediation x").id();
    String anotherZone = shifts.start(LOAD_BALANCER, "use1-az2", "6h", "connect-ha demo remediation y").id();
    String anotherCluster = shifts.start(LOAD_BALANCER, "use1-az1", "6h", "connect-ha demo-two remediation z").id();
    String operators = shifts.start(LOAD_BALANCER, "use1-az1", "6h", "maintenance").id();

    List<String> cancelled = shifter.endShifts(registry.load("demo"), "us-east-1b");

    assertEquals(List.of(ours), cancelled);
    assertEquals(List.of(anotherZone, anotherCluster, operators), List.copyOf(shifts.active.keySet()));
  }

  @Test
  void aBadZoneOrExpiryIsANamedErrorBeforeAnyCall() {
    assertThrows(InvalidInputException.class, () -> new ShiftTrafficInput("demo", "use1-az1", EXECUTION));
    assertThrows(InvalidInputException.class, () -> new ZonalShiftPolicy(true, "4d"));
    assertThrows(InvalidInputException.class, () -> new ZonalShiftPolicy(true, "73h"));
    assertThrows(InvalidInputException.class, () -> document("single", new ZonalShiftPolicy(true, "1h"), null));
    assertEquals("6h", new ZonalShiftPolicy(true, null).expiresIn());
    assertEquals(List.of(), calls);
  }

  static ClusterDocument document(String name, ZonalShiftPolicy zonalShift) {
    return document(name, zonalShift, IntakeTest.TARGET_GROUP);
  }

  static ClusterDocument document(String name, ZonalShiftPolicy zonalShift, String targetGroup) {
    return new ClusterDocument(name, targetGroup, name + "-db", null, "fs-0123456789abcdef0", "lt-0123",
        Map.of("us-east-1a", "subnet-a", "us-east-1b", "subnet-b"), name + "-vault", null, "https://packages/",
        2, ConnectVersion.parse("2024.09.0"), null, null, null, null, null, null, null, null, zonalShift);
  }
}
