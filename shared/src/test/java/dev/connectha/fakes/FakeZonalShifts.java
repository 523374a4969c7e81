package dev.connectha.fakes;

import dev.connectha.errors.ConnectHaException;
import dev.connectha.ports.ZonalShifts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Zonal shifts in memory, active until cancelled; {@link #failStart} makes the next start fail as ARC would. */
public final class FakeZonalShifts implements ZonalShifts {
  public final Map<String, Shift> active = new LinkedHashMap<>();
  public final List<String> cancelled = new ArrayList<>();
  public ConnectHaException failStart;
  private final List<String> calls;

  public FakeZonalShifts(List<String> calls) {
    this.calls = calls;
  }

  @Override
  public Shift start(String resourceArn, String awayFrom, String expiresIn, String comment) {
    calls.add("arc.startZonalShift " + awayFrom);
    if (failStart != null) {
      throw failStart;
    }
    String id = "shift-" + (active.size() + cancelled.size() + 1);
    long amount = Long.parseLong(expiresIn.substring(0, expiresIn.length() - 1));
    Duration d = expiresIn.endsWith("m") ? Duration.ofMinutes(amount) : Duration.ofHours(amount);
    Shift shift = new Shift(id, resourceArn, awayFrom, comment, Instant.parse("2025-03-04T10:00:00Z").plus(d));
    active.put(id, shift);
    return shift;
  }

  @Override
  public List<Shift> active(String resourceArn) {
    calls.add("arc.listZonalShifts");
    return active.values().stream().filter(s -> s.resource().equals(resourceArn)).toList();
  }

  @Override
  public void cancel(String zonalShiftId) {
    calls.add("arc.cancelZonalShift " + zonalShiftId);
    active.remove(zonalShiftId);
    cancelled.add(zonalShiftId);
  }
}
