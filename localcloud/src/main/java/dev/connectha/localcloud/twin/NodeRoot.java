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
 * (the script's {@code CONNECT_HA_ROOT}), {@code bin/} holds stub commands (dpkg-query, rpm,
 * systemctl, curl, journalctl, id, findmnt, chronyc) that answer from the {@link SimNode}, and
 * {@code state/rstudio-connect} holds the service's systemd state: the stub {@code systemctl}
 * changes it on start, stop and restart, the stub {@code curl} reads it to answer {@code /__ping__},
 * and {@link #serviceActive} reads it back after the script.
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
      boolean installed = node.connectVersion != null;
      stub(bin, "dpkg-query", !installed ? "exit 1"
          : "[ \"$1\" = -s ] && [ \"$2\" = rstudio-connect ] || exit 1\n"
              + "printf 'Package: rstudio-connect\\nStatus: install ok installed\\nVersion: %s\\n' '" + node.connectVersion + "'");
      stub(bin, "rpm", "exit 1");
      Path state = Files.createDirectories(dir.resolve("state")).resolve("rstudio-connect");
      Files.writeString(state, (node.serviceActive ? "active" : "inactive") + "\n");
      stub(bin, "systemctl", systemctl(state, installed, node.ignoresStop));
      stub(bin, "curl", curl(state, installed && node.pingHealthy, httpPort(node)));
      stub(bin, "journalctl", "echo '-- No entries --'");
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

  /** Whether the service state a script left in {@code dir} (laid out by {@link #write}) is active. */
  public static boolean serviceActive(Path dir) {
    try {
      return Files.readString(dir.resolve("state/rstudio-connect")).strip().equals("active");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * systemctl for the rstudio-connect unit, as systemd answers: is-active prints the state (exit 3
   * when not active); start, restart and stop change it, or fail (exit 5) when Connect is not
   * installed; a node that {@code ignoresStop} stays active.
   */
  private static String systemctl(Path state, boolean installed, boolean ignoresStop) {
    String file = "'" + state + "'";
    String notInstalled = "echo \"Failed to $1 rstudio-connect.service: Unit rstudio-connect.service not "
        + "$( [ \"$1\" = stop ] && echo loaded || echo found ).\" >&2; exit 5";
    return "case \"$1\" in\n"
        + "  is-active) s=" + (installed ? "$(cat " + file + ")" : "inactive") + "; echo \"$s\"; [ \"$s\" = active ] || exit 3 ;;\n"
        + "  start|restart) " + (installed ? "echo active > " + file : notInstalled) + " ;;\n"
        + "  stop) " + (!installed ? notInstalled : ignoresStop ? ":" : "echo inactive > " + file) + " ;;\n"
        + "  *) exit 0 ;;\n"
        + "esac";
  }

  /** curl answering {@code GET /__ping__} on the node's HTTP port while the service is active and healthy. */
  private static String curl(Path state, boolean healthy, int port) {
    return "url=''\nfor a; do case \"$a\" in http://*|https://*) url=\"$a\" ;; esac; done\n"
        + "case \"$url\" in\n"
        + "  http://*:" + port + "/__ping__) "
        + (healthy ? "if [ \"$(cat '" + state + "')\" = active ]; then echo '{}'; exit 0; fi ;;\n" : ";;\n")
        + "esac\n"
        + "echo \"curl: (7) Failed to connect to ${url:-(no URL)}: Couldn't connect to server\" >&2\n"
        + "exit 7";
  }

  /** The port of [HTTP] Listen ("[host]:port"), 3939 by default. */
  static int httpPort(SimNode node) {
    String listen = node.get("HTTP", "Listen") == null ? "" : node.get("HTTP", "Listen").replace("\"", "");
    String port = listen.substring(listen.lastIndexOf(':') + 1);
    return port.matches("[0-9]+") ? Integer.parseInt(port) : 3939;
  }

  private static void stub(Path bin, String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
