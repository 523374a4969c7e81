package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which of a cluster's backup sets retention may delete: grandfather-father-son over COMPLETE sets,
 * with calendar periods in UTC counted back from {@code now}. Pure logic: no AWS, no clock.
 *
 * <p>A COMPLETE set is kept when it is
 * <ul>
 *   <li>one of the newest {@code keepLast} COMPLETE sets, or</li>
 *   <li>the newest COMPLETE set of one of the last {@code keepDaily} days (today and the days before it),
 *       {@code keepWeekly} ISO weeks (Monday to Sunday) or {@code keepMonthly} months. A period with no
 *       COMPLETE set keeps nothing; it does not reach further back. A set dated after {@code now}
 *       (clock skew) counts as today's.</li>
 * </ul>
 * Every other COMPLETE set is expired.
 *
 * <p>Sets that are not COMPLETE never take a slot:
 * <ul>
 *   <li>IN_PROGRESS sets are never expired, however old (a set being taken belongs to a running
 *       workflow; a set stuck in progress is for a person to look at).</li>
 *   <li>INCOMPLETE and FAILED sets are expired when they started before the oldest kept COMPLETE set,
 *       and kept otherwise: within the window the COMPLETE sets span, a partial set may still hold the
 *       only database snapshot of its moment, and it costs a slot nothing. With no COMPLETE set at all,
 *       nothing is expired.</li>
 *   <li>DELETED sets are history: neither kept nor expired.</li>
 * </ul>
 * "Newest" orders by {@code startedAt}, then by {@code setId} ({@link BackupSet#NEWEST_FIRST}), so the
 * decision does not depend on the order of the input. Only sets of the given cluster are ever kept or
 * expired; others are ignored.
 *
 * @param keepLast    how many of the newest COMPLETE sets to keep, at least 1 (0 would delete every set)
 * @param keepDaily   days back from today (UTC) whose newest COMPLETE set is kept, 0 or more
 * @param keepWeekly  ISO weeks back from this week whose newest COMPLETE set is kept, 0 or more
 * @param keepMonthly months back from this month whose newest COMPLETE set is kept, 0 or more
 */
public record RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly) {

  public RetentionPolicy {
    if (keepLast < 1) {
      throw new InvalidInputException("retention keepLast must be at least 1 (0 would delete every backup set): "
          + keepLast);
    }
    if (keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
      throw new InvalidInputException("retention keepDaily, keepWeekly and keepMonthly must not be negative: "
          + keepDaily + ", " + keepWeekly + ", " + keepMonthly);
    }
  }

  /**
   * What retention does with a cluster's sets, each list newest first. Together the lists hold every
   * set of {@code cluster} in the input except DELETED ones, each once.
   */
  public record Decision(List<BackupSet> kept, List<BackupSet> expired) {
    public Decision {
      kept = List.copyOf(kept);
      expired = List.copyOf(expired);
    }
  }

  /** The sets of {@code cluster} that retention deletes, newest first. */
  public List<BackupSet> expired(String cluster, Collection<BackupSet> sets, Instant now) {
    return decide(cluster, sets, now).expired();
  }

  /** Kept and expired sets of {@code cluster}, each newest first. */
  public Decision decide(String cluster, Collection<BackupSet> sets, Instant now) {
    ClusterName.require(cluster);
    if (sets == null || now == null) {
      throw new InvalidInputException("retention needs the backup sets and the time");
    }
    List<BackupSet> mine = ownLiveSets(cluster, sets);
    List<BackupSet> complete = mine.stream().filter(BackupSet::complete).toList();

    Set<BackupSet> keptComplete = new HashSet<>(complete.subList(0, Math.min(keepLast, complete.size())));
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    keepNewestPerPeriod(complete, keepDaily, today, d -> d, d -> d.minusDays(keepDaily - 1L), keptComplete);
    keepNewestPerPeriod(complete, keepWeekly, today, RetentionPolicy::weekOf,
        d -> weekOf(d).minusWeeks(keepWeekly - 1L), keptComplete);
    keepNewestPerPeriod(complete, keepMonthly, today, d -> d.withDayOfMonth(1),
        d -> d.withDayOfMonth(1).minusMonths(keepMonthly - 1L), keptComplete);

    Instant oldestKept = complete.stream().filter(keptComplete::contains).map(BackupSet::startedAt)
        .min(Instant::compareTo).orElse(null);
    List<BackupSet> kept = new ArrayList<>();
    List<BackupSet> expired = new ArrayList<>();
    for (BackupSet set : mine) {
      boolean keep = switch (set.status()) {
        case COMPLETE -> keptComplete.contains(set);
        case IN_PROGRESS -> true;
        case INCOMPLETE, FAILED -> oldestKept == null || !set.startedAt().isBefore(oldestKept);
        case DELETED -> throw new IllegalStateException("deleted sets were left out");
      };
      (keep ? kept : expired).add(set);
    }
    return new Decision(kept, expired);
  }

  /** The cluster's sets that are not DELETED, once each, newest first. */
  private static List<BackupSet> ownLiveSets(String cluster, Collection<BackupSet> sets) {
    Map<String, BackupSet> byId = new HashMap<>();
    for (BackupSet set : new LinkedHashSet<>(sets)) {
      if (set == null) {
        throw new InvalidInputException("retention was given a missing (null) backup set");
      }
      if (!set.cluster().equals(cluster) || set.status() == BackupStatus.DELETED) {
        continue;
      }
      BackupSet other = byId.putIfAbsent(set.setId(), set);
      if (other != null) {
        throw new InvalidInputException("two different records of backup set " + set.setId() + " of cluster "
            + cluster + ": " + other + " and " + set);
      }
    }
    return byId.values().stream().sorted(BackupSet.NEWEST_FIRST).toList();
  }

  /**
   * Keeps the newest set of each period from the one holding {@code today} back {@code count}
   * periods. {@code period} maps a day to its period's first day; {@code oldest} gives the first day
   * of the oldest period in the window. A set dated after today (clock skew) counts as today's.
   */
  private static void keepNewestPerPeriod(List<BackupSet> newestFirst, int count, LocalDate today,
      UnaryOperator<LocalDate> period, UnaryOperator<LocalDate> oldest, Set<BackupSet> kept) {
    if (count == 0) {
      return;
    }
    LocalDate windowStart = oldest.apply(today);
    Set<LocalDate> periodsSeen = new HashSet<>();
    for (BackupSet set : newestFirst) {
      LocalDate day = LocalDate.ofInstant(set.startedAt(), ZoneOffset.UTC);
      LocalDate start = period.apply(day.isAfter(today) ? today : day);
      if (start.isBefore(windowStart)) {
        return; // newest first: every later set is older still
      }
      if (periodsSeen.add(start)) {
        kept.add(set);
      }
    }
  }

  private static LocalDate weekOf(LocalDate day) {
    return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }
}
