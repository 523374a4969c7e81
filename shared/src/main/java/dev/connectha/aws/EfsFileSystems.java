package dev.connectha.aws;

import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.FileSystemState;
import java.util.List;
import javax.inject.Inject;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;

/** Describes the EFS file system and the zones of its mount targets. */
public final class EfsFileSystems implements FileSystems {
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
}
