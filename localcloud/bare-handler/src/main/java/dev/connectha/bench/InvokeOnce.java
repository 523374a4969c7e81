package dev.connectha.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one handler once, the way the Lambda runtime would on a cold start: load the class, build it
 * with its no-arg constructor, answer one event. Prints "answered BYTES" (or "answered error TYPE") and exits; the benchmark
 * times the process from its start to that line. Usage: InvokeOnce HANDLER_CLASS EVENT_FILE
 */
public final class InvokeOnce {
  private InvokeOnce() {}

  public static void main(String[] args) throws Exception {
    byte[] event = Files.readAllBytes(Path.of(args[1]));
    RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(event), out, null);
      System.out.println("answered " + out.size());
    } catch (RuntimeException e) {
      // a function error is an answer too (Lambda returns it as the error payload)
      System.out.println("answered error " + e.getClass().getName());
    }
    System.out.flush();
    System.exit(0);
  }
}
