package dev.connectha.aws;

import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.NotReadyException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.model.FileSystemState;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.ports.FileSystems;
import dev.connectha.ports.RestoredFileSystems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemInUseException;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;
import software.amazon.awssdk.services.efs.model.MountTargetNotFoundException;
import software.amazon.awssdk.services.efs.model.Tag;

/**
 * Describes the EFS file system and the zones of its mount targets; tags and deletes the file
 * systems restores created ({@link RestoredFileSystems}).
 */
public final class EfsFileSystems implements FileSystems, RestoredFileSystems {
  private final EfsClient efs;

  @Inject
  public EfsFileSystems(EfsClient efs) {
    this.efs = efs;
  }

  @Override
  public FileSystemState describe(String fileSystemId) {
    try {
      FileSystemDescription fs = AwsCalls.call("describe file system " + fileSystemId,
          () -> efs.describeFileSystems(r -> r.fileSystemId(fileSystemId)).fileSystems().get(0));
      List<String> zones = AwsCalls.call("describe mount targets of " + fileSystemId,
          () -> efs.describeMountTargets(r -> r.fileSystemId(fileSystemId)).mountTargets().stream()
              .map(mt -> mt.availabilityZoneName()).sorted().toList());
      return new FileSystemState(fs.fileSystemId(), Boolean.TRUE.equals(fs.encrypted()),
          fs.lifeCycleStateAsString(), zones);
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof FileSystemNotFoundException) {
        throw new PreconditionFailedException("file system " + fileSystemId + " does not exist", e);
      }
      throw e;
    }
  }

  // ---- restored file systems ------------------------------------------------------------------

  @Override
  public Map<String, String> tagsOf(String fileSystemId) {
    return tagMap(describeOne(fileSystemId).tags());
  }

  @Override
  public Optional<String> findByCreationToken(String creationToken) {
    if (creationToken == null || creationToken.isBlank() || creationToken.length() > 64) {
      throw new InvalidInputException("creation token must be 1-64 characters: " + creationToken);
    }
    return AwsCalls.call("find the file system created with token " + creationToken,
        () -> efs.describeFileSystems(r -> r.creationToken(creationToken)).fileSystems().stream()
            .map(FileSystemDescription::fileSystemId).findFirst());
  }

  @Override
  public void tagRestored(String fileSystemId, String recoveryPointArn, Map<String, String> tags) {
    if (recoveryPointArn == null || !recoveryPointArn.startsWith("arn:")) {
      throw new InvalidInputException("not a recovery point ARN: " + recoveryPointArn);
    }
    Map<String, String> all = new LinkedHashMap<>();
    all.put(BackupTags.RESTORED_FROM, recoveryPointArn);
    tags.forEach((key, value) -> {
      if (!key.startsWith("connect-ha:") || key.equals(BackupTags.RESTORED_FROM) || value == null
          || value.length() > 256) {
        throw new InvalidInputException("a restored file system takes connect-ha:* tags of up to 256 characters, not "
            + key + "=" + value);
      }
      all.put(key, value);
    });
    try {
      AwsCalls.call("tag restored file system " + fileSystemId, () -> efs.tagResource(r -> r.resourceId(fileSystemId)
          .tags(all.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
    } catch (ConnectHaException e) {
      throw missing(e, fileSystemId);
    }
  }

  @Override
  public boolean deleteRestored(String fileSystemId) {
    FileSystemDescription fs;
    try {
      fs = describeOne(fileSystemId);
    } catch (PreconditionFailedException gone) {
      return false;
    }
    if (!tagMap(fs.tags()).containsKey(BackupTags.RESTORED_FROM)) {
      throw new UnsafeToProceedException("file system " + fileSystemId + " has no " + BackupTags.RESTORED_FROM
          + " tag: no restore created it, and the control plane will not delete it");
    }
    if ("deleting".equals(fs.lifeCycleStateAsString()) || "deleted".equals(fs.lifeCycleStateAsString())) {
      return true;
    }
    List<MountTargetDescription> mountTargets = AwsCalls.call("describe mount targets of " + fileSystemId,
        () -> efs.describeMountTargets(r -> r.fileSystemId(fileSystemId)).mountTargets());
    for (MountTargetDescription mt : mountTargets) {
      if (!"deleting".equals(mt.lifeCycleStateAsString()) && !"deleted".equals(mt.lifeCycleStateAsString())) {
        try {
          AwsCalls.call("delete mount target " + mt.mountTargetId() + " of restored file system " + fileSystemId,
              () -> efs.deleteMountTarget(r -> r.mountTargetId(mt.mountTargetId())));
        } catch (ConnectHaException e) {
          if (!(e.getCause() instanceof MountTargetNotFoundException)) {
            throw e;
          }
        }
      }
    }
    try {
      AwsCalls.call("delete restored file system " + fileSystemId, () -> efs.deleteFileSystem(r -> r.fileSystemId(fileSystemId)));
      return true;
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof FileSystemNotFoundException) {
        return false;
      }
      if (e.getCause() instanceof FileSystemInUseException) {
        throw new NotReadyException("file system " + fileSystemId + " still has mount targets being deleted", e);
      }
      throw e;
    }
  }

  private FileSystemDescription describeOne(String fileSystemId) {
    try {
      return AwsCalls.call("describe file system " + fileSystemId,
          () -> efs.describeFileSystems(r -> r.fileSystemId(fileSystemId)).fileSystems().get(0));
    } catch (ConnectHaException e) {
      throw missing(e, fileSystemId);
    }
  }

  private static ConnectHaException missing(ConnectHaException e, String fileSystemId) {
    if (e.getCause() instanceof FileSystemNotFoundException) {
      return new PreconditionFailedException("file system " + fileSystemId + " does not exist", e);
    }
    return e;
  }

  private static Map<String, String> tagMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> map.put(t.key(), t.value()));
    }
    return map;
  }
}
