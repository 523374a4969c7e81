package dev.connectha.config;

import dagger.Module;
import dagger.Provides;
import java.time.Clock;

/**
 * The system clock in UTC, for components whose services tell time (lock leases, backup set
 * timestamps, retention), and the real pause for those that wait within an invocation. A component lists it beside {@code AdaptersModule}; tests pass their own
 * {@link Clock} to constructors instead.
 */
@Module
public final class ClockModule {
  private ClockModule() {}

  @Provides
  static Clock clock() {
    return Clock.systemUTC();
  }

  @Provides
  static Polling.Sleeper sleeper() {
    return Polling.Sleeper.system();
  }
}
