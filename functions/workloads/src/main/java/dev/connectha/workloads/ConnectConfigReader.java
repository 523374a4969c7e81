package dev.connectha.workloads;

import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.eks.ConnectConfigFacts;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the settings preflight checks ({@link ConnectConfigFacts}) from the text of an {@code rstudio-connect.gcfg}
 * and nothing else: the text itself never leaves this class (it may hold a database URL with its password).
 *
 * <p>The format is gcfg (git-config's syntax): {@code [Section]} or {@code [Section "sub"]} headers, {@code Name =
 * value} lines, section and variable names without regard to case, {@code ;} and {@code #} comments (also after a
 * value, outside quotes), double-quoted values with {@code \"}, {@code \\}, {@code \n} and {@code \t}, a
 * trailing {@code \} continuing the line, a name alone meaning {@code true}. A variable set twice keeps its last
 * value, as Connect reads single-valued settings.
 */
final class ConnectConfigReader {
  private ConnectConfigReader() {}

  static ConnectConfigFacts read(String gcfg) {
    Map<String, String> values = parse(gcfg);
    return new ConnectConfigFacts(bool(values, "launcher.enabled"), bool(values, "launcher.kubernetes"),
        bool(values, "kubernetes.enabled"), values.get("server.datadir"), bool(values, "metrics.enabled"),
        bool(values, "metrics.graphite"), values.get("metrics.datapath"));
  }

  /** Every variable of a section without subsection, as {@code section.name} in lower case. */
  static Map<String, String> parse(String gcfg) {
    Map<String, String> values = new HashMap<>();
    String section = null;
    String[] lines = gcfg.replace("\r\n", "\n").split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      StringBuilder line = new StringBuilder(lines[i]);
      while (endsWithContinuation(line) && i + 1 < lines.length) {
        line.setLength(line.length() - 1);
        line.append(lines[++i]);
      }
      String text = line.toString().strip();
      if (text.isEmpty() || text.startsWith(";") || text.startsWith("#")) {
        continue;
      }
      if (text.startsWith("[")) {
        int end = text.indexOf(']');
        if (end < 0) {
          throw new PreconditionFailedException("rstudio-connect.gcfg line " + (i + 1) + ": a section header without ]");
        }
        String header = text.substring(1, end).strip();
        // [Section "sub"]: a subsection; its variables are not the ones preflight reads
        section = header.contains("\"") || header.contains(" ") ? null : header.toLowerCase(Locale.ROOT);
        continue;
      }
      int equals = text.indexOf('=');
      String name = (equals < 0 ? text : text.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
      String value = equals < 0 ? "true" : value(text.substring(equals + 1), i + 1);
      if (section != null && !name.isEmpty()) {
        values.put(section + "." + name, value);
      }
    }
    return values;
  }

  private static boolean endsWithContinuation(CharSequence line) {
    int backslashes = 0;
    for (int j = line.length() - 1; j >= 0 && line.charAt(j) == '\\'; j--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** A value: quotes removed, escapes applied, a comment outside quotes dropped, outer spaces trimmed. */
  private static String value(String raw, int lineNumber) {
    StringBuilder value = new StringBuilder();
    boolean quoted = false;
    for (int j = 0; j < raw.length(); j++) {
      char c = raw.charAt(j);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && j + 1 < raw.length()) {
        char next = raw.charAt(++j);
        value.append(switch (next) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> next;
        });
      } else if (!quoted && (c == ';' || c == '#')) {
        break;
      } else {
        value.append(c);
      }
    }
    if (quoted) {
      throw new PreconditionFailedException("rstudio-connect.gcfg line " + lineNumber + ": a value's quote is not closed");
    }
    return value.toString().strip();
  }

  private static Boolean bool(Map<String, String> values, String key) {
    String value = values.get(key);
    if (value == null) {
      return null;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0", "" -> false;
      default -> throw new PreconditionFailedException("rstudio-connect.gcfg: " + key + " is not a boolean");
    };
  }
}
