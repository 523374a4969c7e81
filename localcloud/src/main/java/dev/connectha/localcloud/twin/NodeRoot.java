package dev.connectha.localcloud.twin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Lays out a simulated node for a shell script: {@code root/} stands for the node's file system
 * (the script's {@code CONNECT_HA_ROOT}) and {@code bin/} holds stub commands (dpkg-query,
 * systemctl, id, findmnt, chronyc) that answer from the {@link SimNode}.
 */
public final class NodeRoot {
  private NodeRoot() {}

  /** Writes the node under {@code dir} (replacing what was there); returns the stub bin directory. */
  public static Path write(Path dir, SimNode node) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Path root = dir.resolve("root");
      Path bin = Files.createDirectories(dir.resolve("bin"));
      Path conf = Files.createDirectories(root.resolve("etc/rstudio-connect"));
      Files.writeString(conf.resolve("rstudio-connect.gcfg"), node.renderConfig());
      stub(bin, "dpkg-query", node.connectVersion == null ? "exit 1"
          : "[ \"$1\" = -s ] && [ \"$2\" = rstudio-connect ] || exit 1\n"
              + "printf 'Package: rstudio-connect\\nStatus: install ok installed\\nVersion: %s\\n' '" + node.connectVersion + "'");
      stub(bin, "rpm", "exit 1");
      String state = node.connectVersion == null ? "inactive" : node.serviceActive ? "active" : "inactive";
      stub(bin, "systemctl", "[ \"$1\" = is-active ] || exit 0\necho " + state + "\n[ " + state + " = active ]");
      StringBuilder id = new StringBuilder("case \"$1 $2\" in\n");
      node.accounts.forEach((user, ids) -> id.append("  \"-u ").append(user).append("\") echo ").append(ids[0]).append(" ;;\n")
          .append("  \"-g ").append(user).append("\") echo ").append(ids[1]).append(" ;;\n"));
      id.append("  *) echo \"id: '$2': no such user\" >&2; exit 1 ;;\nesac");
      stub(bin, "id", id.toString());
      StringBuilder findmnt = new StringBuilder("for target; do :; done\npath=\"${target#" + root + "}\"\n");
      node.mounts.values().stream().sorted(Comparator.comparing((SimNode.Mount m) -> m.mountPoint().length()).reversed())
          .forEach(m -> findmnt.append("case \"$path/\" in '").append(m.mountPoint().equals("/") ? "" : m.mountPoint())
              .append("'/*) echo '").append(m.fsType()).append(' ').append(m.source()).append("'; exit 0 ;; esac\n"));
      findmnt.append("exit 1");
      stub(bin, "findmnt", findmnt.toString());
      stub(bin, "chronyc", "[ \"$1\" = tracking ] || exit 1\n"
          + "echo 'Reference ID    : A9FEA97B (169.254.169.123)'\n"
          + "echo 'Leap status     : " + (node.clockSynchronized ? "Normal" : "Not synchronised") + "'\n"
          + "echo 'System time     : " + String.format(java.util.Locale.ROOT, "%.9f", Math.abs(node.clockOffsetSeconds))
          + " seconds " + (node.clockOffsetSeconds < 0 ? "slow" : "fast") + " of NTP time'");
      return bin;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stub(Path bin, String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
