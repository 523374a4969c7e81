package dev.connectha.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import dev.connectha.model.BackupSet;
import dev.connectha.model.ClusterName;
import dev.connectha.model.backup.ConfigurationContent;
import dev.connectha.model.backup.KeptConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code connectha backups CLUSTER}: every backup set of the cluster, newest first. With
 * {@code --configuration SET --to FILE}: writes the Helm values and ConfigMap an eks set keeps to FILE
 * (owner-only), the one way their content leaves the store; it can hold a licence key, so never to the terminal.
 */
@Command(name = "backups", description = "A cluster's backup sets, newest first; or, with --configuration SET --to FILE,"
    + " the Helm values and ConfigMap an eks set keeps, written to FILE (readable by its owner only).")
final class BackupsCommand extends ClusterCommand {
  @Option(names = "--configuration", paramLabel = "SET", description = "an eks backup set whose kept configuration to write")
  String configurationOf;

  @Option(names = "--to", paramLabel = "FILE", description = "with --configuration: the new file to write it to")
  Path to;

  @Override
  public Integer call() {
    ClusterName.require(cluster);
    if (configurationOf != null) {
      BackupSet.requireSetId(configurationOf);
      if (to == null) {
        throw new InvalidInputException("--configuration needs --to FILE: the Helm values can hold a licence key,"
            + " so they are written to a file of yours, never to the terminal");
      }
    } else if (to != null) {
      throw new InvalidInputException("--to is for --configuration only");
    }
    try (Cloud cloud = app.connect()) {
      cloud.ports().clusters().load(cluster);
      if (configurationOf != null) {
        return writeConfiguration(cloud);
      }
      List<BackupSet> sets = cloud.ports().backupSets().list(cluster);
      Instant now = app.clock.instant();
      if (app.json) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        sets.forEach(s -> list.add(Json.MAPPER.valueToTree(s)));
        app.out.println(list);
        return 0;
      }
      if (sets.isEmpty()) {
        app.out.println("no backup sets for " + cluster);
      }
      app.out.println("%-36s %-11s %-6s %-10s %-20s %s".formatted("SET", "STATUS", "MODE", "VERSION", "STARTED", "AGE"));
      for (BackupSet s : sets) {
        app.out.println("%-36s %-11s %-6s %-10s %-20s %s".formatted(s.setId(), s.status(), s.mode(), s.connectVersion(),
            Format.time(s.startedAt()), Format.duration(Duration.between(s.startedAt(), now))));
      }
      return 0;
    }
  }

  private int writeConfiguration(Cloud cloud) {
    BackupSet set = cloud.ports().backupSets().get(cluster, configurationOf);
    if (set.configuration() == null) {
      throw new PreconditionFailedException("backup set " + configurationOf + " keeps no configuration (only the sets of an"
          + " eks cluster do)");
    }
    byte[] stored = cloud.ports().keptConfigurations().content(cluster, configurationOf).orElseThrow(
        () -> new PreconditionFailedException("backup set " + configurationOf + " names a kept configuration, but none is"
            + " stored (retention deletes it with its set)"));
    ConfigurationContent content = ConfigurationContent.fromStored(stored);
    try {
      Files.write(Files.createFile(to, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
    } catch (IOException e) {
      throw new PreconditionFailedException("cannot write " + to + ": " + e.getMessage(), e);
    }
    KeptConfiguration read = content.summary(stored.length);
    app.out.println("wrote the configuration of backup set " + configurationOf + " to " + to + ": "
        + (read.equals(set.configuration()) ? "" : "NOT THE RECORDED DIGESTS: ") + read.describe());
    return read.equals(set.configuration()) ? 0 : 1;
  }
}
