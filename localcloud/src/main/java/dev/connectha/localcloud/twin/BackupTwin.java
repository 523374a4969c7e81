package dev.connectha.localcloud.twin;

import dev.connectha.localcloud.AwsClients;
import dev.connectha.localcloud.Gateway;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;

/**
 * What the twin adds to moto for backups. moto has AWS Backup vaults only, and its RDS snapshots are
 * available the moment they are asked for. The twin serves AWS Backup's backup, copy and restore jobs
 * and recovery points itself ({@link BackupApi}), and makes RDS snapshots and their copies take time
 * ({@link RdsSnapshotTimes}). Every job advances by the wall clock: it takes its type's
 * {@link #duration}, then completes, unless {@link #failNext} told the next one of its type to fail.
 * Vaults stay in moto (create them with {@link #vault}).
 */
public final class BackupTwin {
  /** moto's account. */
  public static final String ACCOUNT = "123456789012";

  private final AwsClients home;
  private final Map<String, AwsClients> regions = new ConcurrentHashMap<>();
  private final Map<JobType, Duration> durations = new EnumMap<>(JobType.class);
  private final Map<JobType, Deque<String>> failures = new EnumMap<>(JobType.class);
  private final BackupApi api;
  private final RdsSnapshotTimes snapshots;

  /** @param home clients pointed at moto itself, in the local cloud's region */
  public BackupTwin(AwsClients home) {
    this.home = home;
    this.api = new BackupApi(this);
    this.snapshots = new RdsSnapshotTimes(this);
    defaults();
  }

  // ---- controls -------------------------------------------------------------------------------

  /** Jobs of {@code type} started from now on take {@code duration} (default: done at once). */
  public synchronized BackupTwin duration(JobType type, Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a job cannot take " + duration);
    }
    durations.put(type, duration);
    return this;
  }

  /** Jobs of every type started from now on take {@code duration}. */
  public synchronized BackupTwin durations(Duration duration) {
    for (JobType type : JobType.values()) {
      duration(type, duration);
    }
    return this;
  }

  /** The next job of {@code type} to start fails when its duration has passed, with {@code message}. */
  public synchronized BackupTwin failNext(JobType type, String message) {
    failures.get(type).add(message);
    return this;
  }

  /** Every duration back to zero and no failures pending; jobs, recovery points and snapshots stay. */
  public synchronized void defaults() {
    for (JobType type : JobType.values()) {
      durations.put(type, Duration.ZERO);
      failures.put(type, new ArrayDeque<>());
    }
  }

  /** Creates the vault {@code name} in {@code region} in moto unless it exists; returns its ARN. */
  public String vault(String region, String name) {
    String arn = vaultArn(region, name);
    return arn != null ? arn : moto(region).backup.createBackupVault(b -> b.backupVaultName(name)).backupVaultArn();
  }

  /** The vault's ARN from moto, or null when moto has no vault {@code name} in {@code region}. */
  String vaultArn(String region, String name) {
    try {
      return moto(region).backup.describeBackupVault(b -> b.backupVaultName(name)).backupVaultArn();
    } catch (ResourceNotFoundException missing) {
      return null;
    }
  }

  /**
   * The {@code aws-backup-restore_<time>} directory a completed restore wrote its files to at the
   * root of the new file system {@code fileSystemId} (what a node mounting it would see).
   */
  public Optional<String> restoreDirectoryOf(String fileSystemId) {
    api.settle(Instant.now());
    return api.restoreDirectoryOf(fileSystemId);
  }

  /** Answers AWS Backup jobs and recovery points, and the timing of RDS snapshots; the rest goes to moto. */
  public Gateway.Interceptor interceptor(Gateway gateway) {
    return request -> switch (request.service()) {
      case "backup" -> api.handle(request);
      case "rds" -> snapshots.handle(request, gateway);
      default -> Optional.empty();
    };
  }

  // ---- for the simulations --------------------------------------------------------------------

  /** Forgets every job, recovery point and snapshot timing, and restores the defaults (moto was reset). */
  synchronized void reset() {
    api.reset();
    snapshots.reset();
    defaults();
  }

  /** The course of a job of {@code type} starting now: its duration and whether it fails. */
  synchronized JobClock start(JobType type, Instant now) {
    return new JobClock(type, now, durations.get(type), failures.get(type).poll());
  }

  /** Clients for moto in {@code region}. */
  AwsClients moto(String region) {
    if (region.equals(home.region())) {
      return home;
    }
    return regions.computeIfAbsent(region, r -> new AwsClients(home.endpoint(), r));
  }

  String homeRegion() {
    return home.region();
  }

  public void close() {
    regions.values().forEach(AwsClients::close);
  }
}
