package dev.connectha.localcloud.bench;

import dev.connectha.localcloud.LocalCloud;
import dev.connectha.localcloud.twin.Twin;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Cold start per function jar: a new JVM (the function's jar + the dependency layer, the
 * function's template environment, pointed at the local cloud) from process start to the first
 * answered invocation of its sample event, beside the bare handler measured the same way in the
 * same run, interleaved so that machine noise hits all alike. Prints medians, ratios and sizes.
 * Usage: ColdStartBenchmark LAYER_DIR BARE_JAR RUNS
 */
public final class ColdStartBenchmark {
  private ColdStartBenchmark() {}

  private record Subject(String name, String handler, List<Path> classpath, Path jar, Path event, Map<String, String> env) {}

  public static void main(String[] args) throws Exception {
    PrintStream console = Runs.console();
    Path layer = Path.of(args[0]);
    Path bare = Path.of(args[1]);
    int runs = Integer.parseInt(args[2]);
    List<Path> layerJars;
    try (Stream<Path> jars = Files.list(layer)) {
      layerJars = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    Path lambdaCore = layerJars.stream().filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-core"))
        .findFirst().orElseThrow();
    try (LocalCloud cloud = LocalCloud.start()) {
      cloud.reset(Twin.Spec.defaults());
      List<Subject> subjects = new ArrayList<>();
      Path bareEvent = cloud.root().resolve("events/DescribeClusterFunction.json");
      Map<String, String> bareEnv = cloud.environmentOf("DescribeClusterFunction");
      subjects.add(new Subject("bare handler", "dev.connectha.bench.BareHandler", List.of(bare, lambdaCore), bare, bareEvent, bareEnv));
      cloud.template().resources().values().stream().filter(r -> r.type().equals("AWS::Serverless::Function")).forEach(r -> {
        String handler = cloud.template().properties(r.logicalId()).get("Handler").asText().split("::")[0];
        Path jar = functionJar(cloud.root(), handler);
        List<Path> classpath = new ArrayList<>(List.of(bare, jar));
        classpath.addAll(layerJars);
        subjects.add(new Subject(r.logicalId(), handler, classpath, jar, cloud.root().resolve("events/" + r.logicalId() + ".json"),
            cloud.environmentOf(r.logicalId())));
      });

      Map<String, List<Double>> times = new LinkedHashMap<>();
      subjects.forEach(s -> times.put(s.name(), new ArrayList<>()));
      cloud.gateway().resetCounts();
      for (int i = 0; i < runs + 1; i++) {
        for (Subject s : subjects) {
          double ms = coldStart(s);
          if (i > 0) { // the first round warms the OS file cache
            times.get(s.name()).add(ms);
          }
        }
      }
      int calls = cloud.gateway().totalCalls();
      double bareMedian = median(times.get("bare handler"));
      long layerBytes = layerJars.stream().mapToLong(ColdStartBenchmark::size).sum();
      console.printf("cold start: JVM start to first answered invocation, median of %d runs (JDK %s, %d cores)%n", runs,
          Runtime.version(), Runtime.getRuntime().availableProcessors());
      console.printf("%-26s %10s %10s %10s %8s%n", "function", "jar KB", "median ms", "min ms", "x bare");
      for (Subject s : subjects) {
        List<Double> t = times.get(s.name());
        console.printf("%-26s %10d %10.0f %10.0f %8.2f%n", s.name(), size(s.jar()) / 1024, median(t),
            t.stream().mapToDouble(Double::doubleValue).min().orElse(0), median(t) / bareMedian);
      }
      console.printf("dependency layer: %d jars, %.1f MB (the AWS SDK's EC2 module alone: %.1f MB)%n", layerJars.size(),
          layerBytes / 1048576.0, layerJars.stream().filter(p -> p.getFileName().toString().startsWith("ec2-"))
              .mapToLong(ColdStartBenchmark::size).sum() / 1048576.0);
      console.printf("AWS API calls answered by the local cloud during %d invocations: %d%n",
          (runs + 1) * (subjects.size() - 1), calls);
    }
    System.exit(0);
  }

  private static double coldStart(Subject s) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, s.classpath().stream().map(Path::toString).toList()),
        "dev.connectha.bench.InvokeOnce", s.handler(), s.event().toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(s.env());
    long started = System.nanoTime();
    Process process = builder.start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("answered ")) {
          double ms = (System.nanoTime() - started) / 1e6;
          process.waitFor();
          return ms;
        }
      }
    }
    process.waitFor();
    throw new IllegalStateException(s.name() + " did not answer (exit " + process.exitValue() + ")");
  }

  private static Path functionJar(Path root, String handlerClass) {
    String entry = handlerClass.replace('.', '/') + ".class";
    try (Stream<Path> jars = Files.walk(root.resolve("functions"), 3)) {
      return jars.filter(p -> p.toString().endsWith("-lambda.jar")).filter(p -> {
        try (ZipFile zip = new ZipFile(p.toFile())) {
          return zip.getEntry(entry) != null;
        } catch (IOException e) {
          return false;
        }
      }).findFirst().orElseThrow(() -> new IllegalStateException("no function jar holds " + handlerClass));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
