package dev.connectha.aws;

import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.NotReadyException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.model.backup.AwsArn;
import dev.connectha.model.backup.BackupJob;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.model.backup.BackupVault;
import dev.connectha.model.backup.CopyJob;
import dev.connectha.model.backup.FileSystemRestore;
import dev.connectha.model.backup.JobState;
import dev.connectha.model.backup.RecoveryPoint;
import dev.connectha.model.backup.RestoreJob;
import dev.connectha.ports.FileSystemBackups;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.inject.Inject;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.DescribeRecoveryPointResponse;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.InvalidResourceStateException;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;

/** {@link FileSystemBackups} with the AWS Backup API, one client per region. */
public final class AwsBackupFileSystemBackups implements FileSystemBackups {
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,50}");
  private static final Pattern FILE_SYSTEM_ID = Pattern.compile("fs-[0-9a-f]{8,40}");
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9-]{1,100}");

  private final PerRegion<BackupClient> backup;
  private final EfsClient efs;

  @Inject
  public AwsBackupFileSystemBackups(PerRegion<BackupClient> backup, EfsClient efs) {
    this.backup = backup;
    this.efs = efs;
  }

  // ---- backups --------------------------------------------------------------------------------

  @Override
  public BackupJob startBackup(String fileSystem, String vault, String iamRoleArn, BackupTags tags,
      String idempotencyToken) {
    requireRoleArn(iamRoleArn);
    requireToken(idempotencyToken);
    String fileSystemArn = fileSystemArn(fileSystem);
    String region = AwsArn.parse(fileSystemArn).region();
    BackupVault v = BackupVault.locate(vault, region);
    if (!v.region().equals(region)) {
      throw new InvalidInputException("vault " + vault + " is in " + v.region() + ", the file system in " + region
          + ": AWS Backup backs up into a vault of the resource's region");
    }
    try {
      var started = AwsCalls.call("start backup of " + fileSystemArn + " into vault " + v.name(),
          () -> backup.in(region).startBackupJob(b -> b.backupVaultName(v.name()).resourceArn(fileSystemArn)
              .iamRoleArn(iamRoleArn).idempotencyToken(idempotencyToken).recoveryPointTags(tags.asMap())));
      return new BackupJob(started.backupJobId(), region, v.name(), fileSystemArn, JobState.CREATED, null, 0.0,
          started.recoveryPointArn(), null, started.creationDate(), null);
    } catch (ConnectHaException e) {
      throw notFound(e, "backup vault " + v.name() + " (or file system " + fileSystemArn + ") does not exist in " + region);
    }
  }

  /** The ARN of a file system given by id (looked up in the home region) or by ARN. */
  private String fileSystemArn(String fileSystem) {
    if (fileSystem != null && fileSystem.startsWith("arn:")) {
      AwsArn arn = AwsArn.parse(fileSystem, "elasticfilesystem");
      if (!arn.resourceType().equals("file-system")) {
        throw new InvalidInputException("not an EFS file system ARN: '" + fileSystem + "'");
      }
      return fileSystem;
    }
    if (fileSystem == null || !FILE_SYSTEM_ID.matcher(fileSystem).matches()) {
      throw new InvalidInputException("not an EFS file system id or ARN: " + fileSystem);
    }
    try {
      return AwsCalls.call("describe file system " + fileSystem,
          () -> efs.describeFileSystems(b -> b.fileSystemId(fileSystem)).fileSystems().get(0).fileSystemArn());
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof FileSystemNotFoundException) {
        throw new PreconditionFailedException("file system " + fileSystem + " does not exist", e);
      }
      throw e;
    }
  }

  @Override
  public BackupJob describeBackupJob(String jobId) {
    requireJobId(jobId);
    String region = backup.homeRegion();
    try {
      return fromBackupJob(AwsCalls.call("describe backup job " + jobId,
          () -> backup.home().describeBackupJob(b -> b.backupJobId(jobId))), region);
    } catch (ConnectHaException e) {
      throw notFound(e, "backup job " + jobId + " does not exist in " + region);
    }
  }

  // ---- recovery points ------------------------------------------------------------------------

  @Override
  public RecoveryPoint describeRecoveryPoint(String vault, String recoveryPointArn) {
    BackupVault v = BackupVault.holding(vault, recoveryPointArn);
    try {
      DescribeRecoveryPointResponse r = AwsCalls.call("describe recovery point " + recoveryPointArn,
          () -> backup.in(v.region()).describeRecoveryPoint(b -> b.backupVaultName(v.name())
              .recoveryPointArn(recoveryPointArn)));
      return fromRecoveryPoint(r, v.region(), tagsIn(v.region(), recoveryPointArn));
    } catch (ConnectHaException e) {
      throw notFound(e, "recovery point " + recoveryPointArn + " does not exist in vault " + v.name());
    }
  }

  @Override
  public List<RecoveryPoint> listByResource(String vault, String resourceArn) {
    AwsArn.parse(resourceArn);
    return list(BackupVault.locate(vault, backup.homeRegion()), resourceArn, Map.of());
  }

  @Override
  public List<RecoveryPoint> listByTags(String vault, Map<String, String> tags) {
    if (tags == null || tags.isEmpty()) {
      throw new InvalidInputException("list recovery points by tags: name at least one tag");
    }
    return list(BackupVault.locate(vault, backup.homeRegion()), null, tags);
  }

  private List<RecoveryPoint> list(BackupVault v, String resourceArn, Map<String, String> tags) {
    BackupClient client = backup.in(v.region());
    try {
      List<RecoveryPointByBackupVault> points = AwsCalls.call("list recovery points in vault " + v.name(),
          () -> client.listRecoveryPointsByBackupVaultPaginator(b -> {
            b.backupVaultName(v.name());
            if (resourceArn != null) {
              b.byResourceArn(resourceArn);
            }
          }).recoveryPoints().stream().toList());
      return points.stream()
          .map(p -> withTags(p, v.region()))
          .filter(p -> p != null && p.tags().entrySet().containsAll(tags.entrySet()))
          .sorted(OLDEST_FIRST)
          .toList();
    } catch (ConnectHaException e) {
      throw notFound(e, "backup vault " + v.name() + " does not exist in " + v.region());
    }
  }

  /** The listed recovery point with its tags; null when it went away since the listing. */
  private RecoveryPoint withTags(RecoveryPointByBackupVault point, String region) {
    try {
      return fromRecoveryPoint(point, region, tagsIn(region, point.recoveryPointArn()));
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof ResourceNotFoundException) {
        return null;
      }
      throw e;
    }
  }

  static final Comparator<RecoveryPoint> OLDEST_FIRST = Comparator
      .comparing(RecoveryPoint::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(RecoveryPoint::arn);

  @Override
  public boolean deleteRecoveryPoint(String vault, String recoveryPointArn) {
    BackupVault v = BackupVault.holding(vault, recoveryPointArn);
    RecoveryPoint point;
    try {
      point = describeRecoveryPoint(vault, recoveryPointArn);
    } catch (PreconditionFailedException gone) {
      return false;
    }
    if (point.backupSet() == null) {
      throw new UnsafeToProceedException("recovery point " + recoveryPointArn + " has no " + BackupTags.BACKUP_SET
          + " tag: the control plane did not create it and will not delete it");
    }
    try {
      AwsCalls.call("delete recovery point " + recoveryPointArn, () -> backup.in(v.region())
          .deleteRecoveryPoint(b -> b.backupVaultName(v.name()).recoveryPointArn(recoveryPointArn)));
      return true;
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof ResourceNotFoundException) {
        return false;
      }
      if (e.getCause() instanceof InvalidResourceStateException) {
        throw new NotReadyException("recovery point " + recoveryPointArn + " cannot be deleted while " + point.status(), e);
      }
      throw e;
    }
  }

  @Override
  public void tagRecoveryPoint(String recoveryPointArn, Map<String, String> tags) {
    BackupTags.checkExtra(tags);
    String region = regionOf(recoveryPointArn);
    try {
      AwsCalls.call("tag recovery point " + recoveryPointArn,
          () -> backup.in(region).tagResource(b -> b.resourceArn(recoveryPointArn).tags(tags)));
    } catch (ConnectHaException e) {
      throw notFound(e, "recovery point " + recoveryPointArn + " does not exist");
    }
  }

  @Override
  public Map<String, String> tagsOf(String recoveryPointArn) {
    String region = regionOf(recoveryPointArn);
    try {
      return tagsIn(region, recoveryPointArn);
    } catch (ConnectHaException e) {
      throw notFound(e, "recovery point " + recoveryPointArn + " does not exist");
    }
  }

  private Map<String, String> tagsIn(String region, String arn) {
    Map<String, String> tags = new LinkedHashMap<>();
    AwsCalls.call("list tags of " + arn, () -> {
      backup.in(region).listTagsPaginator(b -> b.resourceArn(arn)).forEach(page -> tags.putAll(page.tags()));
      return tags;
    });
    return tags;
  }

  // ---- copies ---------------------------------------------------------------------------------

  @Override
  public CopyJob startCopy(String vault, String recoveryPointArn, String destinationVaultArn, String iamRoleArn,
      String idempotencyToken) {
    BackupVault source = BackupVault.holding(vault, recoveryPointArn);
    if (destinationVaultArn == null || !destinationVaultArn.startsWith("arn:")) {
      throw new InvalidInputException("the destination of a copy is a vault ARN: " + destinationVaultArn);
    }
    BackupVault.locate(destinationVaultArn, source.region());
    requireRoleArn(iamRoleArn);
    requireToken(idempotencyToken);
    try {
      var started = AwsCalls.call("copy recovery point " + recoveryPointArn + " to " + destinationVaultArn,
          () -> backup.in(source.region()).startCopyJob(b -> b.recoveryPointArn(recoveryPointArn)
              .sourceBackupVaultName(source.name()).destinationBackupVaultArn(destinationVaultArn)
              .iamRoleArn(iamRoleArn).idempotencyToken(idempotencyToken)));
      return new CopyJob(started.copyJobId(), source.region(), recoveryPointArn, destinationVaultArn, null,
          JobState.CREATED, null, started.creationDate(), null);
    } catch (ConnectHaException e) {
      throw notFound(e, "recovery point " + recoveryPointArn + " in vault " + source.name() + ", or vault "
          + destinationVaultArn + ", does not exist");
    }
  }

  @Override
  public CopyJob describeCopyJob(String region, String copyJobId) {
    requireJobId(copyJobId);
    try {
      var job = AwsCalls.call("describe copy job " + copyJobId,
          () -> backup.in(region).describeCopyJob(b -> b.copyJobId(copyJobId)).copyJob());
      return new CopyJob(job.copyJobId(), region, job.sourceRecoveryPointArn(), job.destinationBackupVaultArn(),
          job.destinationRecoveryPointArn(), JobState.of(job.stateAsString()), job.statusMessage(), job.creationDate(),
          job.completionDate());
    } catch (ConnectHaException e) {
      throw notFound(e, "copy job " + copyJobId + " does not exist in " + region);
    }
  }

  // ---- restores -------------------------------------------------------------------------------

  @Override
  public RestoreJob startRestoreToNewFileSystem(String vault, String recoveryPointArn, String iamRoleArn,
      FileSystemRestore restore, String idempotencyToken) {
    requireRoleArn(iamRoleArn);
    requireToken(idempotencyToken);
    RecoveryPoint point = describeRecoveryPoint(vault, recoveryPointArn);
    AwsArn resource = AwsArn.parse(point.resourceArn());
    if (!resource.service().equals("elasticfilesystem")) {
      throw new InvalidInputException("recovery point " + recoveryPointArn + " is a backup of " + point.resourceArn()
          + ", not of an EFS file system");
    }
    if ("CREATING".equals(point.status())) {
      throw new NotReadyException("recovery point " + recoveryPointArn + " is still being created");
    }
    if (!point.completed() && !"AVAILABLE".equals(point.status())) {
      throw new PreconditionFailedException("recovery point " + recoveryPointArn + " is " + point.status()
          + "; only a completed one is restored");
    }
    Map<String, String> metadata = restoreMetadata(resource.resourceId(), restore);
    String region = point.region();
    try {
      String jobId = AwsCalls.call("restore recovery point " + recoveryPointArn + " into a new file system",
          () -> backup.in(region).startRestoreJob(b -> b.recoveryPointArn(recoveryPointArn).iamRoleArn(iamRoleArn)
              .idempotencyToken(idempotencyToken).resourceType("EFS").metadata(metadata)).restoreJobId());
      return describeRestoreJob(region, jobId);
    } catch (ConnectHaException e) {
      throw notFound(e, "recovery point " + recoveryPointArn + " does not exist in " + region);
    }
  }

  /** AWS Backup's EFS restore metadata for a full restore into a new, encrypted file system. */
  static Map<String, String> restoreMetadata(String sourceFileSystemId, FileSystemRestore restore) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("file-system-id", sourceFileSystemId);
    metadata.put("newFileSystem", "true");
    metadata.put("Encrypted", "true");
    metadata.put("PerformanceMode", restore.performanceMode());
    metadata.put("CreationToken", restore.creationToken());
    if (restore.kmsKeyId() != null) {
      metadata.put("KmsKeyId", restore.kmsKeyId());
    }
    return metadata;
  }

  @Override
  public RestoreJob describeRestoreJob(String region, String restoreJobId) {
    requireJobId(restoreJobId);
    try {
      return fromRestoreJob(AwsCalls.call("describe restore job " + restoreJobId,
          () -> backup.in(region).describeRestoreJob(b -> b.restoreJobId(restoreJobId))), region);
    } catch (ConnectHaException e) {
      throw notFound(e, "restore job " + restoreJobId + " does not exist in " + region);
    }
  }

  // ---- mapping and checks ---------------------------------------------------------------------

  static BackupJob fromBackupJob(DescribeBackupJobResponse r, String region) {
    return new BackupJob(r.backupJobId(), region, r.backupVaultName(), r.resourceArn(), JobState.of(r.stateAsString()),
        r.statusMessage(), percent(r.percentDone()), r.recoveryPointArn(), r.backupSizeInBytes(), r.creationDate(),
        r.completionDate());
  }

  static RestoreJob fromRestoreJob(DescribeRestoreJobResponse r, String region) {
    String created = r.createdResourceArn();
    String fileSystemId = null;
    if (created != null && !created.isEmpty()) {
      AwsArn arn = AwsArn.parse(created);
      fileSystemId = arn.resourceType().equals("file-system") ? arn.resourceId() : null;
    }
    return new RestoreJob(r.restoreJobId(), region, r.recoveryPointArn(), JobState.of(r.statusAsString()),
        r.statusMessage(), percent(r.percentDone()), created == null || created.isEmpty() ? null : created,
        fileSystemId, r.creationDate(), r.completionDate());
  }

  static RecoveryPoint fromRecoveryPoint(DescribeRecoveryPointResponse r, String region, Map<String, String> tags) {
    return new RecoveryPoint(r.recoveryPointArn(), region, r.backupVaultName(), r.resourceArn(), r.resourceType(),
        r.statusAsString(), Boolean.TRUE.equals(r.isEncrypted()), r.backupSizeInBytes(), r.creationDate(),
        r.completionDate(), r.sourceBackupVaultArn(), tags);
  }

  static RecoveryPoint fromRecoveryPoint(RecoveryPointByBackupVault r, String region, Map<String, String> tags) {
    return new RecoveryPoint(r.recoveryPointArn(), region, r.backupVaultName(), r.resourceArn(), r.resourceType(),
        r.statusAsString(), Boolean.TRUE.equals(r.isEncrypted()), r.backupSizeInBytes(), r.creationDate(),
        r.completionDate(), r.sourceBackupVaultArn(), tags);
  }

  /** AWS reports progress as a string ("42.5"); anything else is unknown. */
  static Double percent(String percentDone) {
    if (percentDone == null || percentDone.isBlank()) {
      return null;
    }
    try {
      return Double.parseDouble(percentDone.strip().replace("%", ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String requireRoleArn(String roleArn) {
    if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
      throw new InvalidInputException("not an IAM role ARN (AWS Backup assumes it): " + roleArn);
    }
    return roleArn;
  }

  static String requireToken(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw new InvalidInputException("idempotency token must be 1-50 letters, digits, '.', '_' or '-': " + token);
    }
    return token;
  }

  private static void requireJobId(String jobId) {
    if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
      throw new InvalidInputException("not an AWS Backup job id: " + jobId);
    }
  }

  private static String regionOf(String recoveryPointArn) {
    AwsArn arn = AwsArn.parse(recoveryPointArn);
    if (arn.region().isEmpty()) {
      throw new InvalidInputException("recovery point ARN names no region: '" + recoveryPointArn + "'");
    }
    return PerRegion.requireRegion(arn.region());
  }

  private static ConnectHaException notFound(ConnectHaException e, String message) {
    if (e.getCause() instanceof ResourceNotFoundException) {
      return new PreconditionFailedException(message, e);
    }
    return e;
  }
}
