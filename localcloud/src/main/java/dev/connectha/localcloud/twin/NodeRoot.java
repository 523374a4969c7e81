package dev.connectha.localcloud.twin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lays out a simulated node for a shell script: {@code root/} stands for the node's file system
 * (the script's {@code CONNECT_HA_ROOT}: rstudio-connect.gcfg, /etc/os-release, the package cache),
 * {@code bin/} holds stub commands (dpkg-query, rpm, systemctl, curl, journalctl, id, findmnt,
 * chronyc, and the package managers apt-get, dpkg, dnf and yum) that answer from the
 * {@link SimNode}, and {@code state/} holds what the stubs change:
 * <ul>
 *   <li>{@code rstudio-connect}: the service's systemd state (active, inactive, failed), changed by
 *       the stub {@code systemctl} on start, stop and restart and read by the stub {@code curl} to
 *       answer {@code /__ping__};</li>
 *   <li>{@code version}: the installed Connect version, which the stub package managers change and
 *       the stub {@code dpkg-query}/{@code rpm -q} report;</li>
 *   <li>{@code schema}: the metadata database's schema version as the twin knows it when the node is
 *       written (absent: no database to check); a start of an older Connect fails, a newer one
 *       migrates it;</li>
 *   <li>{@code events}: every start, refused start and stop, with its time and version;</li>
 *   <li>{@code journal}: rstudio-connect's journal, for {@code journalctl}.</li>
 * </ul>
 * {@link #readBack} puts what a script changed back into the {@link SimNode}. The stub {@code curl}
 * downloads from a table of the {@link PackageRepository}'s packages baked in when the node is
 * written (no network).
 */
public final class NodeRoot {
  /** The package cache the StageConnect document fills. */
  public static final String PACKAGE_CACHE = "var/cache/connect-ha/packages";
  /** Where a node laid out without a twin downloads packages from (nothing is contacted). */
  public static final String STANDALONE_SOURCE = "http://packages.connect-ha.test/connect";

  /**
   * What a node's stubs know of the cluster around it.
   *
   * @param licenseExpired Connect's licence has expired: {@code /__ping__} answers HTTP 402
   */
  public record Cluster(PackageRepository packages, String schemaVersion, boolean licenseExpired) {
    /** A cluster whose licence is valid. */
    public Cluster(PackageRepository packages, String schemaVersion) {
      this(packages, schemaVersion, false);
    }

    /** The default packages at {@link #STANDALONE_SOURCE} and no database. */
    public static Cluster standalone() {
      return new Cluster(new PackageRepository(STANDALONE_SOURCE), null);
    }
  }

  /** One line of {@code state/events}: a start, refused start or stop of Connect {@code version}. */
  public record Event(Instant at, String kind, String version) {}

  private NodeRoot() {}

  /** Writes the node under {@code dir} without a cluster around it (see {@link Cluster#standalone()}). */
  public static Path write(Path dir, SimNode node) {
    return write(dir, node, Cluster.standalone());
  }

  /** Writes the node under {@code dir} (replacing what was there); returns the stub bin directory. */
  public static Path write(Path dir, SimNode node, Cluster cluster) {
    try {
      delete(dir);
      Path root = dir.resolve("root");
      Path bin = Files.createDirectories(dir.resolve("bin"));
      Files.createDirectories(root.resolve("etc"));
      if (!node.config.isEmpty() || node.connectVersion != null) { // a bare node has no /etc/rstudio-connect yet
        Path conf = Files.createDirectories(root.resolve("etc/rstudio-connect"));
        Files.writeString(conf.resolve("rstudio-connect.gcfg"), node.renderConfig());
      }
      if (node.osRelease != null) {
        Files.writeString(root.resolve("etc/os-release"), node.osRelease);
      }
      Path cache = Files.createDirectories(root.resolve(PACKAGE_CACHE));
      for (Map.Entry<String, String> staged : node.stagedPackages.entrySet()) {
        Files.writeString(cache.resolve(staged.getKey()), staged.getValue());
      }

      Path stateDir = Files.createDirectories(dir.resolve("state"));
      Path state = stateDir.resolve("rstudio-connect");
      Files.writeString(state, (node.serviceActive ? "active" : node.serviceFailed ? "failed" : "inactive") + "\n");
      Path version = stateDir.resolve("version");
      Files.writeString(version, node.connectVersion == null ? "" : node.connectVersion + "\n");
      Path schema = stateDir.resolve("schema");
      if (cluster.schemaVersion() != null) {
        Files.writeString(schema, cluster.schemaVersion() + "\n");
      }
      Path events = stateDir.resolve("events");
      Files.writeString(events, "");
      Path journal = stateDir.resolve("journal");
      Files.writeString(journal, node.journal.isEmpty() ? "" : String.join("\n", node.journal) + "\n");

      boolean rpmFamily = node.packageFormat().equals("rpm");
      stub(bin, ".twin-install", install(version));
      String absent = "echo \"$(basename \"$0\"): command not found\" >&2; exit 127";
      stub(bin, "dpkg-query", rpmFamily ? absent
          : "[ \"$1\" = -s ] && [ \"$2\" = rstudio-connect ] || exit 1\n"
              + "v=\"$(cat " + q(version) + ")\"\n"
              + "[ -n \"$v\" ] || { echo \"dpkg-query: package 'rstudio-connect' is not installed and no information is available\" >&2; exit 1; }\n"
              + "printf 'Package: rstudio-connect\\nStatus: install ok installed\\nVersion: %s\\n' \"$v\"");
      stub(bin, "rpm", !rpmFamily ? "exit 1"
          : "case \"$1\" in\n"
              + "  -q) v=\"$(cat " + q(version) + ")\"\n"
              + "      if [ -n \"$v\" ]; then printf '%s' \"$v\"; else echo 'package rstudio-connect is not installed'; exit 1; fi ;;\n"
              + "  -U|-Uvh|-i|-ivh) down=no; f=''\n"
              + "      for a; do case \"$a\" in --oldpackage) down=yes ;; /*) f=\"$a\" ;; esac; done\n"
              + "      exec \"$(dirname \"$0\")/.twin-install\" rpm rpm \"$down\" \"$f\" 1 ;;\n"
              + "  *) exit 1 ;;\n"
              + "esac");
      stub(bin, "apt-get", rpmFamily ? absent
          : "[ \"$1\" = install ] || { echo \"E: the twin's apt-get installs a package file only\" >&2; exit 100; }\n"
              + "down=no; f=''\n"
              + "for a; do case \"$a\" in --allow-downgrades) down=yes ;; /*) f=\"$a\" ;; esac; done\n"
              + "exec \"$(dirname \"$0\")/.twin-install\" deb apt-get \"$down\" \"$f\" 100");
      stub(bin, "dpkg", rpmFamily ? absent
          : "[ \"$1\" = -i ] || { echo \"dpkg: the twin's dpkg installs a package file only (-i)\" >&2; exit 2; }\n"
              + "exec \"$(dirname \"$0\")/.twin-install\" deb dpkg yes \"$2\" 1");
      for (String tool : List.of("dnf", "yum")) {
        stub(bin, tool, !rpmFamily ? absent
            : "case \"$1\" in install) down=no ;; downgrade) down=yes ;; *) echo \"" + tool
                + ": the twin's " + tool + " installs or downgrades a package file only\" >&2; exit 1 ;; esac\n"
                + "f=''\nfor a; do case \"$a\" in /*) f=\"$a\" ;; esac; done\n"
                + "exec \"$(dirname \"$0\")/.twin-install\" rpm " + tool + " \"$down\" \"$f\" 1");
      }
      stub(bin, "systemctl", systemctl(state, version, schema, events, journal, node.ignoresStop));
      Path repo = Files.createDirectories(dir.resolve("repo"));
      stub(bin, "curl", curl(state, version, node.pingHealthy, cluster.licenseExpired(), httpPort(node), cluster.packages(), repo));
      stub(bin, "journalctl", "n=20\nwhile [ $# -gt 0 ]; do [ \"$1\" = -n ] && { n=\"$2\"; shift; }; shift; done\n"
          + "if [ -s " + q(journal) + " ]; then tail -n \"$n\" " + q(journal) + "; else echo '-- No entries --'; fi");
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

  /** Removes {@code dir} and everything under it, when it exists. */
  static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
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
   * Puts what a script changed on the node laid out in {@code dir} back into {@code node}: the
   * service state, the installed version, the package cache and the journal. Returns the service's
   * starts and stops, in order.
   */
  public static List<Event> readBack(Path dir, SimNode node) {
    try {
      String service = Files.readString(dir.resolve("state/rstudio-connect")).strip();
      node.serviceActive = service.equals("active");
      node.serviceFailed = service.equals("failed");
      String version = Files.readString(dir.resolve("state/version")).strip();
      node.connectVersion = version.isEmpty() ? null : version;
      node.stagedPackages.clear();
      Path cache = dir.resolve("root").resolve(PACKAGE_CACHE);
      if (Files.isDirectory(cache)) {
        try (Stream<Path> files = Files.list(cache)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            if (!file.getFileName().toString().contains(".part.")) {
              node.stagedPackages.put(file.getFileName().toString(), Files.readString(file));
            }
          }
        }
      }
      node.journal.clear();
      Files.readAllLines(dir.resolve("state/journal")).stream().filter(l -> !l.isBlank()).forEach(node.journal::add);
      List<Event> events = new ArrayList<>();
      for (String line : Files.readAllLines(dir.resolve("state/events"))) {
        String[] f = line.strip().split(" ");
        if (f.length == 3) {
          events.add(new Event(Instant.ofEpochMilli(Long.parseLong(f[0])), f[1], f[2]));
        }
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The helper every stub package manager ends in: {@code .twin-install FORMAT TOOL DOWNGRADE FILE
   * EXIT}. It reads the twin package's Version and Format lines, refuses a package of the other
   * format, and a downgrade unless DOWNGRADE is yes, then records the version as installed.
   */
  private static String install(Path version) {
    return "fmt=\"$1\"; tool=\"$2\"; down=\"$3\"; f=\"$4\"; code=\"$5\"\n"
        + "ord() { printf '%s' \"$1\" | awk -F. '{ printf \"%d%02d%03d\", $1, $2, $3 }'; }\n"
        + "[ -n \"$f\" ] && [ -s \"$f\" ] || { echo \"$tool: cannot open '$f': No such file or directory\" >&2; exit \"$code\"; }\n"
        + "pf=\"$(sed -n 's/^Format: //p' \"$f\")\"; v=\"$(sed -n 's/^Version: //p' \"$f\")\"\n"
        + "[ \"$pf\" = \"$fmt\" ] && [ -n \"$v\" ] || { echo \"$tool: '$f' is not a $fmt package of rstudio-connect\" >&2; exit \"$code\"; }\n"
        + "cur=\"$(cat " + q(version) + ")\"\n"
        + "if [ -n \"$cur\" ] && [ \"$(ord \"$v\")\" -lt \"$(ord \"$cur\")\" ] && [ \"$down\" != yes ]; then\n"
        + "  echo \"$tool: rstudio-connect $cur is installed; refusing to downgrade to $v\" >&2; exit \"$code\"\n"
        + "fi\n"
        + "printf '%s\\n' \"$v\" > " + q(version) + "\n"
        + "echo \"$tool: rstudio-connect $v installed (was ${cur:-not installed})\"";
  }

  /**
   * systemctl for the rstudio-connect unit, as systemd answers: is-active prints the state (exit 3
   * when not active); start, restart and stop change it, or fail (exit 5) when Connect is not
   * installed; a node that {@code ignoresStop} stays active. Against a schema file, a start of an
   * older Connect leaves the unit failed (Connect refuses to run against a newer schema: the start
   * itself returns, as for systemd's simple services) and a newer one migrates the schema.
   */
  private static String systemctl(Path state, Path version, Path schema, Path events, Path journal, boolean ignoresStop) {
    return "S=" + q(state) + "; V=" + q(version) + "; D=" + q(schema) + "; E=" + q(events) + "; J=" + q(journal) + "\n"
        + "v=\"$(cat \"$V\" 2>/dev/null)\"\n"
        + "ord() { printf '%s' \"$1\" | awk -F. '{ printf \"%d%02d%03d\", $1, $2, $3 }'; }\n"
        + "log() { printf '%s %s %s\\n' \"$(date +%s%3N)\" \"$1\" \"$v\" >> \"$E\"; }\n"
        + "journal() { printf '%s rstudio-connect[%s]: %s\\n' \"$(date '+%b %d %H:%M:%S')\" \"$$\" \"$1\" >> \"$J\"; }\n"
        + "not_installed() { echo \"Failed to $1 rstudio-connect.service: Unit rstudio-connect.service not "
        + "$( [ \"$1\" = stop ] && echo loaded || echo found ).\" >&2; exit 5; }\n"
        + "start() {\n"
        + "  [ \"$(cat \"$S\")\" = active ] && return 0\n"
        + "  if [ -s \"$D\" ]; then\n"
        + "    schema=\"$(cat \"$D\")\"\n"
        + "    if [ \"$(ord \"$v\")\" -lt \"$(ord \"$schema\")\" ]; then\n"
        + "      echo failed > \"$S\"; log refused\n"
        + "      journal \"Starting Posit Connect $v\"\n"
        + "      journal \"The database schema is from Connect $schema, newer than this Connect ($v): refusing to start. Upgrade to $schema or newer, or restore the database from before the upgrade.\"\n"
        + "      journal \"rstudio-connect.service: Main process exited, code=exited, status=1/FAILURE\"\n"
        + "      return 0\n"
        + "    fi\n"
        + "    if [ \"$(ord \"$v\")\" -gt \"$(ord \"$schema\")\" ]; then\n"
        + "      journal \"Migrating the database schema from Connect $schema to $v\"; echo \"$v\" > \"$D\"\n"
        + "    fi\n"
        + "  fi\n"
        + "  echo active > \"$S\"; log start; journal \"Started Posit Connect $v\"\n"
        + "}\n"
        + "case \"$1\" in\n"
        + "  is-active) if [ -z \"$v\" ]; then s=inactive; else s=\"$(cat \"$S\")\"; fi; echo \"$s\"; [ \"$s\" = active ] || exit 3 ;;\n"
        + "  start) [ -n \"$v\" ] || not_installed start; start ;;\n"
        + "  restart) [ -n \"$v\" ] || not_installed restart\n"
        + "    if [ \"$(cat \"$S\")\" = active ]; then echo inactive > \"$S\"; log stop; fi; start ;;\n"
        + "  stop) [ -n \"$v\" ] || not_installed stop\n"
        + (ignoresStop ? "    : ;;\n"
            : "    if [ \"$(cat \"$S\")\" = active ]; then log stop; journal \"Stopped Posit Connect $v\"; fi; echo inactive > \"$S\" ;;\n")
        + "  *) exit 0 ;;\n"
        + "esac";
  }

  /**
   * curl answering {@code GET /__ping__} on the node's HTTP port while Connect is installed, active
   * and healthy (HTTP 200, or 402 when the licence has expired: with {@code -f}, curl's exit 22),
   * and downloading the repository's packages (to {@code -o FILE}, else stdout): a package the
   * repository does not publish is HTTP 404 (curl -f: exit 22). Anything else cannot be reached
   * (exit 7). {@code -w '%{http_code}'} writes the status (000 when nothing answered) after the body.
   */
  private static String curl(Path state, Path version, boolean healthy, boolean licenseExpired, int port,
      PackageRepository packages, Path repo) throws IOException {
    StringBuilder script = new StringBuilder("url=''; out=''; fail=no; wout=''\n"
        + "while [ $# -gt 0 ]; do\n"
        + "  case \"$1\" in -o|--output) out=\"${2:-}\"; shift ;; -w|--write-out) wout=\"${2:-}\"; shift ;;"
        + " --fail) fail=yes ;; --*) ;; -*f*) fail=yes ;; http://*|https://*) url=\"$1\" ;; esac\n"
        + "  shift\n"
        + "done\n"
        + "written() { [ -z \"$wout\" ] || printf '%s' \"$wout\" | sed \"s/%{http_code}/$1/g\"; }\n"
        + "case \"$url\" in\n"
        + "  http://*:" + port + "/__ping__) "
        + (healthy ? "if [ -s " + q(version) + " ] && [ \"$(cat " + q(state) + ")\" = active ]; then\n"
            + (licenseExpired
                ? "    if [ -n \"$out\" ]; then echo '{\"error\":\"license expired\"}' > \"$out\"; else echo '{\"error\":\"license expired\"}'; fi\n"
                    + "    written 402\n"
                    + "    if [ \"$fail\" = yes ]; then echo 'curl: (22) The requested URL returned error: 402' >&2; exit 22; fi\n"
                    + "    exit 0\n"
                : "    if [ -n \"$out\" ]; then echo '{}' > \"$out\"; else echo '{}'; fi\n"
                    + "    written 200; exit 0\n")
            + "  fi ;;\n" : ";;\n")
        + "esac\n"
        + "pkg=''\n"
        + "case \"$url\" in\n");
    int n = 0;
    for (Map.Entry<String, String> p : packages.packages().entrySet()) {
      Path file = repo.resolve("package-" + n++);
      Files.writeString(file, p.getValue());
      script.append("  ").append(q(p.getKey())).append(") pkg=").append(q(file)).append(" ;;\n");
    }
    script.append("  ").append(q(packages.base())).append("/*) written 404; echo \"curl: (22) The requested URL returned error: 404\" >&2; exit 22 ;;\n")
        .append("esac\n")
        .append("if [ -n \"$pkg\" ]; then\n")
        .append("  if [ -n \"$out\" ]; then cat \"$pkg\" > \"$out\" || { echo 'curl: (23) Failure writing output to destination' >&2; exit 23; }\n")
        .append("  else cat \"$pkg\"; fi\n")
        .append("  written 200; exit 0\n")
        .append("fi\n")
        .append("written 000\n")
        .append("echo \"curl: (7) Failed to connect to ${url:-(no URL)}: Couldn't connect to server\" >&2\n")
        .append("exit 7");
    return script.toString();
  }

  /** The port of [HTTP] Listen ("[host]:port"), 3939 by default. */
  static int httpPort(SimNode node) {
    String listen = node.get("HTTP", "Listen") == null ? "" : node.get("HTTP", "Listen").replace("\"", "");
    String port = listen.substring(listen.lastIndexOf(':') + 1);
    return port.matches("[0-9]+") ? Integer.parseInt(port) : 3939;
  }

  /** {@code text} single-quoted for sh (paths and URLs here hold no single quote). */
  private static String q(Object text) {
    return "'" + text.toString().replace("'", "'\\''") + "'";
  }

  private static void stub(Path bin, String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** One script's run on a laid-out node: its output, exit code, and whether it hit the deadline. */
  public record ScriptRun(String stdout, String stderr, int exit, boolean timedOut) {}

  /**
   * Runs {@code script} with bash against the node laid out under {@code dir}, as the SSM agent
   * would: a clean environment with only {@code CONNECT_HA_ROOT}, a PATH of the node's stub
   * commands before the system's, and {@code environment}. Output goes to temporary files, so a
   * chatty or hung script can neither block on a full pipe nor outlive {@code timeout}.
   */
  public static ScriptRun run(Path dir, Path bin, String script, Map<String, String> environment, java.time.Duration timeout)
      throws IOException, InterruptedException {
    Path stdout = Files.createTempFile("connect-ha-script", ".out");
    Path stderr = Files.createTempFile("connect-ha-script", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().clear();
      builder.environment().put("CONNECT_HA_ROOT", dir.resolve("root").toString());
      builder.environment().put("PATH", bin + ":/usr/bin:/bin");
      builder.environment().putAll(environment);
      Process process = builder.start();
      boolean ended = process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      if (!ended) {
        process.destroyForcibly().waitFor();
      }
      return new ScriptRun(Files.readString(stdout), Files.readString(stderr), ended ? process.exitValue() : -1, !ended);
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
