package dev.connectha.ports;

import dev.connectha.errors.ClusterLockedException;
import dev.connectha.errors.PreconditionFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The cluster lock every mutating workflow holds while it works: one per cluster, owned by a
 * Step Functions execution (owner = the execution ARN), with a lease that ends by itself if the
 * workflow dies without releasing it. Workflows release it on every path.
 */
public interface ClusterLocks {

  /** The longest lease one call may take (long workflows {@link #renew} instead). */
  Duration MAX_LEASE = Duration.ofDays(1);

  /**
   * Who holds a cluster's lock, and until when.
   *
   * @param cluster    the cluster's name
   * @param owner      who holds it: the execution ARN
   * @param workflow   what holds it (e.g. {@code rolling-upgrade}), for people reading the error
   * @param acquiredAt when this owner last acquired it
   * @param leaseUntil the lease's end, to the second; after it the lock is free for anyone to take
   */
  record Lock(String cluster, String owner, String workflow, Instant acquiredAt, Instant leaseUntil) {
    /** True while the lease lasts ({@code now} up to and including {@code leaseUntil}'s second). */
    public boolean heldAt(Instant now) {
      return now.getEpochSecond() <= leaseUntil.getEpochSecond();
    }
  }

  /**
   * Takes the lock for {@code lease} (rounded up to whole seconds). Succeeds when nobody holds it,
   * when the holder's lease has ended, or when {@code owner} holds it already (a retried state must
   * not lock itself out; the lease then starts again from now).
   *
   * @throws ClusterLockedException while another owner's lease lasts; the message names the holder
   */
  Lock acquire(String cluster, String owner, String workflow, Duration lease);

  /**
   * Releases the lock if {@code owner} holds it (its lease may have ended). Returns false, and
   * changes nothing, when someone else holds it or nobody does: a release never deletes another
   * owner's lock, and releasing twice is harmless.
   */
  boolean release(String cluster, String owner);

  /** The current holder, or empty when the lock is free (an ended lease counts as free). */
  Optional<Lock> holder(String cluster);

  /**
   * Extends the lease of a lock {@code owner} holds to {@code lease} from now. An ended lease that
   * nobody took over can still be renewed: nobody else can have acted on the cluster meanwhile.
   *
   * @throws ClusterLockedException      when another owner holds the lock now
   * @throws PreconditionFailedException when nobody holds it (it was released): take it again instead
   */
  Lock renew(String cluster, String owner, Duration lease);
}
