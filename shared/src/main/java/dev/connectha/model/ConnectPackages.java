package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where Posit publishes a Connect release's packages, below a package source (Posit's CDN,
 * {@code https://cdn.posit.co/connect}, or a mirror with the same layout): one directory per
 * release month, {@code <source>/<YYYY.MM>/}, holding
 * {@code rstudio-connect_<version>~ubuntu22_amd64.deb} (and {@code ~ubuntu24}) for Debian/Ubuntu
 * and {@code rstudio-connect-<version>.el9.x86_64.rpm} (and {@code .el8}) for the RHEL family.
 * The SSM document {@code <stack>-StageConnect} ({@link dev.connectha.config.DocumentKind#STAGE_CONNECT})
 * builds the same names in bash. Pure: no I/O.
 */
public final class ConnectPackages {
  /** A platform Posit builds Connect for, with the package format nodes install it with. */
  public enum Platform {
    UBUNTU22("ubuntu22", "deb"),
    UBUNTU24("ubuntu24", "deb"),
    EL8("el8", "rpm"),
    EL9("el9", "rpm");

    private final String id;
    private final String format;

    Platform(String id, String format) {
      this.id = id;
      this.format = format;
    }

    /** {@code ubuntu22}, {@code ubuntu24}, {@code el8} or {@code el9}, as in the file names. */
    public String id() {
      return id;
    }

    /** {@code deb} or {@code rpm}. */
    public String format() {
      return format;
    }
  }

  /**
   * What a package source may look like: an http(s) URL of letters, digits and {@code ._~:/%+-},
   * its host starting with a letter or digit.
   * The same pattern is the {@code packageSource} parameter's allowedPattern in template.yaml, so
   * that the value can be put into a shell script as it is.
   */
  public static final String SOURCE_PATTERN = "https?://[A-Za-z0-9][A-Za-z0-9._~:/%+-]*";
  private static final Pattern SOURCE = Pattern.compile(SOURCE_PATTERN);

  private ConnectPackages() {}

  /** Whether {@code source} is a package source URL this project accepts. */
  public static boolean validSource(String source) {
    return source != null && SOURCE.matcher(source).matches();
  }

  /** Returns {@code source} without trailing slashes, or throws {@link InvalidInputException}. */
  public static String requireSource(String source) {
    if (!validSource(source)) {
      throw new InvalidInputException("packageSource must be an http(s) URL of letters, digits and ._~:/%+-: "
          + (source == null ? "(missing)" : "'" + source + "'"));
    }
    return trim(source);
  }

  /** The release's directory name below the source: {@code 2024.10} for 2024.10.0. */
  public static String releaseDirectory(ConnectVersion version) {
    return "%d.%02d".formatted(version.year(), version.month());
  }

  /** The package's file name: {@code rstudio-connect_2024.10.0~ubuntu22_amd64.deb}, {@code rstudio-connect-2024.10.0.el9.x86_64.rpm}. */
  public static String fileName(ConnectVersion version, Platform platform) {
    return switch (platform.format()) {
      case "deb" -> "rstudio-connect_" + version + "~" + platform.id() + "_amd64.deb";
      default -> "rstudio-connect-" + version + "." + platform.id() + ".x86_64.rpm";
    };
  }

  /** The package's URL below {@code source} (a trailing slash on the source does not double). */
  public static String url(String source, ConnectVersion version, Platform platform) {
    return trim(source) + "/" + releaseDirectory(version) + "/" + fileName(version, platform);
  }

  /** Every platform's package URL of {@code version}, in {@link Platform} order. */
  public static Map<Platform, String> urls(String source, ConnectVersion version) {
    Map<Platform, String> urls = new LinkedHashMap<>();
    Arrays.stream(Platform.values()).forEach(p -> urls.put(p, url(source, version, p)));
    return urls;
  }

  private static String trim(String source) {
    String trimmed = source;
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
