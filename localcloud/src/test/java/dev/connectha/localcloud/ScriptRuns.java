package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.NodeRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The script tests' way to run a document's script on a node laid out by NodeRoot, and to read what it printed or left. */
final class ScriptRuns {
  private ScriptRuns() {}

  /** What a script printed and how long it took. */
  record Output(String stdout, String stderr, int exit, Duration took) {
    /** Its one line of JSON; fails the test on a non-zero exit or anything else printed. */
    JsonNode json() {
      assertEquals(0, exit, stderr);
      assertTrue(stdout.endsWith("}\n") && stdout.lines().count() == 1, "not one JSON line: " + stdout);
      try {
        return Json.MAPPER.readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + stdout, e);
      }
    }

    /** Its output read as {@code type}; fails the test on a non-zero exit. */
    <T> T as(Class<T> type) {
      assertEquals(0, exit, stderr);
      try {
        return Json.MAPPER.readValue(stdout, type);
      } catch (IOException e) {
        throw new AssertionError("not " + type.getSimpleName() + " JSON: " + stdout, e);
      }
    }

    Set<String> fields() {
      Set<String> names = new TreeSet<>();
      json().fieldNames().forEachRemaining(names::add);
      return names;
    }
  }

  /** Runs {@code script} on the node laid out under {@code nodeDir}; fails the test when it outlives {@code timeout}. */
  static Output run(Path nodeDir, Path bin, String script, Map<String, String> environment, Duration timeout) {
    try {
      long started = System.nanoTime();
      NodeRoot.ScriptRun run = NodeRoot.run(nodeDir, bin, script, environment, timeout);
      assertFalse(run.timedOut(), "the script did not end within " + timeout);
      return new Output(run.stdout(), run.stderr(), run.exit(), Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every file under {@code root} with its content. */
  static Map<String, String> snapshot(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      Map<String, String> contents = new TreeMap<>();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        contents.put(root.relativize(file).toString(), Files.readString(file));
      }
      return contents;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
