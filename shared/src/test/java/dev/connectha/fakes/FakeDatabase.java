package dev.connectha.fakes;

import dev.connectha.model.ClusterDocument;
import dev.connectha.model.DatabaseState;
import dev.connectha.ports.Database;
import java.util.List;

/** The cluster's database, as {@link #state} says. */
public final class FakeDatabase implements Database {
  public DatabaseState state;
  private final List<String> calls;

  public FakeDatabase(List<String> calls, DatabaseState state) {
    this.calls = calls;
    this.state = state;
  }

  @Override
  public DatabaseState describe(ClusterDocument cluster) {
    calls.add("database.describe " + cluster.dbInstanceId());
    return state;
  }
}
