package dev.connectha.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The cold-start baseline: a handler that echoes its input and loads nothing else. */
public final class BareHandler implements RequestStreamHandler {
  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    in.transferTo(out);
  }
}
