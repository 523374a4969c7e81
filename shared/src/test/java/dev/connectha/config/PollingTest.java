package dev.connectha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollingTest {
  @Test
  void aResultIsReadFourTimesPerWorkflowPollButNeverMoreOftenThanEvery250Ms() {
    assertEquals(Duration.ofMillis(250), Polling.readInterval(0));
    assertEquals(Duration.ofMillis(250), Polling.readInterval(1));
    assertEquals(Duration.ofMillis(1250), Polling.readInterval(5));
    assertEquals(Duration.ofSeconds(15), Polling.readInterval(60));
  }

  @Test
  void oneCallWaitsAtMost45Seconds() {
    assertEquals(Duration.ZERO, Polling.waitOf(0));
    assertEquals(Duration.ofSeconds(30), Polling.waitOf(30));
    assertEquals(Duration.ofSeconds(45), Polling.waitOf(3600));
  }

  @Test
  void readingStopsAtTheFirstDoneReadAndPausesOnlyBetweenReads() {
    AtomicInteger reads = new AtomicInteger();
    List<Duration> pauses = new ArrayList<>();

    int last = Polling.readUntil(reads::incrementAndGet, n -> n == 3, Duration.ofSeconds(10), Duration.ofSeconds(1),
        pauses::add);

    assertEquals(3, last);
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), pauses);
  }

  @Test
  void anInterruptedWaitAnswersWithTheLastReadAndKeepsTheInterrupt() {
    AtomicInteger reads = new AtomicInteger();

    int last = Polling.readUntil(reads::incrementAndGet, n -> false, Duration.ofSeconds(10), Duration.ofSeconds(1),
        pause -> {
          throw new InterruptedException();
        });

    assertEquals(1, last);
    assertTrue(Thread.interrupted(), "the interrupt is kept (and cleared here)");
  }
}
