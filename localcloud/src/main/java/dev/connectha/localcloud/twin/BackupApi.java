package dev.connectha.localcloud.twin;

import static dev.connectha.localcloud.twin.BackupProtocol.isRecoveryPoint;
import static dev.connectha.localcloud.twin.BackupProtocol.notServed;
import static dev.connectha.localcloud.twin.BackupProtocol.segments;

import dev.connectha.localcloud.AwsRequest;
import dev.connectha.localcloud.AwsResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * AWS Backup's jobs and recovery points, which moto does not have, served in AWS Backup's REST-JSON
 * protocol: this class routes each request to the store ({@link RecoveryPoints}: describe, list by
 * vault or resource, delete, restore metadata, tags) or the jobs ({@link BackupJobs}: backup jobs
 * of EFS file systems and copy jobs to another region's vault; {@link RestoreJobs}: restore jobs
 * into a new EFS file system). Vaults are moto's: a job into a vault moto does not have is refused
 * as AWS refuses it. Every request first settles the jobs whose time has come, one request at a
 * time: a completed backup makes its recovery point, a completed copy makes one in the destination
 * vault, a completed restore creates the new file system in moto and notes the
 * {@code aws-backup-restore_<time>} directory it restored into.
 */
final class BackupApi {
  private final RecoveryPoints points;
  private final BackupJobs backups;
  private final RestoreJobs restores;

  BackupApi(BackupTwin twin) {
    this.points = new RecoveryPoints(twin);
    this.backups = new BackupJobs(twin, points);
    this.restores = new RestoreJobs(twin, points);
  }

  synchronized void reset() {
    points.clear();
    backups.clear();
    restores.clear();
  }

  synchronized Optional<String> restoreDirectoryOf(String fileSystemId) {
    return restores.restoreDirectoryOf(fileSystemId);
  }

  /** Makes what every job whose time has come produces. */
  synchronized void settle(Instant now) {
    backups.settle(now);
    restores.settle(now);
  }

  /** Answers the request if it is about jobs or recovery points; vault CRUD goes on to moto. */
  Optional<AwsResponse> handle(AwsRequest request) {
    List<String> path = segments(request.path());
    if (path.isEmpty()) {
      return Optional.empty();
    }
    String method = request.method();
    String region = request.region();
    synchronized (this) {
      settle(Instant.now());
      return Optional.ofNullable(switch (path.get(0)) {
        case "backup-jobs" -> path.size() == 1 && method.equals("PUT") ? backups.startBackupJob(request, region)
            : path.size() == 2 && method.equals("GET") ? backups.describeBackupJob(request, path.get(1))
            : notServed(request);
        case "copy-jobs" -> path.size() == 1 && method.equals("PUT") ? backups.startCopyJob(request, region)
            : path.size() == 2 && method.equals("GET") ? backups.describeCopyJob(request, path.get(1))
            : notServed(request);
        case "restore-jobs" -> path.size() == 1 && method.equals("PUT") ? restores.startRestoreJob(request, region)
            : path.size() == 2 && method.equals("GET") ? restores.describeRestoreJob(request, path.get(1))
            : notServed(request);
        case "backup-vaults" -> path.size() >= 3 && path.get(2).equals("recovery-points")
            ? points.vaultRequest(request, region, path) : null;
        case "resources" -> path.size() == 3 && path.get(2).equals("recovery-points") && method.equals("GET")
            ? points.listByResource(request, region, path.get(1)) : null;
        case "tags" -> path.size() == 2 && isRecoveryPoint(path.get(1)) ? points.tags(request, path.get(1), false) : null;
        case "untag" -> path.size() == 2 && isRecoveryPoint(path.get(1)) ? points.tags(request, path.get(1), true) : null;
        default -> null;
      });
    }
  }
}
