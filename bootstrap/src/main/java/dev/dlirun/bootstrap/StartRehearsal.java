package dev.dlirun.bootstrap;

import dev.dlirun.adapters.rest.JobUseCases;
import dev.dlirun.adapters.rest.server.RestRehearsal;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.port.out.JobSubmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The request path rehearsed in process once the server listens ({@link RestRehearsal}, on a thread of its own, at the
 * lowest priority): batch runs whose lookups reach the backend and whose submission starts nothing, so that the JIT
 * has compiled their path before the first callers come. The instance is ready once it has ended.
 */
final class StartRehearsal {

    private static final Logger LOG = LoggerFactory.getLogger(StartRehearsal.class);

    /** Batch runs rehearsed at start, at most: about what the JIT needs to compile their path. */
    static final int REHEARSED_REQUESTS = 5_000;
    private static final Duration REHEARSAL_AT_MOST = Duration.ofSeconds(10);
    /**
     * The rehearsal begins this long after the server listens: begun at once, it took the cores from the first answers
     * (first answer 6-14% later, same-run A/B of the jars).
     */
    private static final Duration REHEARSAL_DELAY = Duration.ofSeconds(1);
    /** The rehearsal's submission: none. A job its lookups found (its project is not one to use) is not started. */
    static final JobSubmission NOTHING_SUBMITTED = (projectId, jobs, mode, deadline) -> jobs.stream()
            .collect(Collectors.toMap(Job::id, job -> new JobOutcome.BackendUnavailable(JobOperation.RUN, job.id())));

    /** Open once the rehearsal has ended, whatever the end; closed from the start, before it even began. */
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean started;

    boolean underWay() {
        return ended.getCount() > 0;
    }

    /**
     * Starts rehearsing with {@code useCases} (whose batch run looks jobs up and submits none) a moment after the
     * server listens, at the lowest priority.
     */
    void start(JobUseCases useCases) {
        Thread rehearsing = new Thread(() -> {
            try {
                if (stop.await(REHEARSAL_DELAY.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
                long start = System.nanoTime();
                RestRehearsal.Result result = RestRehearsal.rehearse(RestRehearsal.application(useCases),
                        REHEARSED_REQUESTS, REHEARSAL_AT_MOST, () -> stop.getCount() == 0);
                if (result.failedWith().isPresent()) {
                    LOG.warn("The request path's warm-up ended after {} batch runs: one was answered {} (see the "
                            + "error above); the first requests may be slower", result.answered(),
                            result.failedWith().getAsInt());
                } else if (stop.getCount() > 0) {
                    LOG.info("Request path warmed up: {} batch runs rehearsed in process in {} ms",
                            result.answered(), (System.nanoTime() - start) / 1_000_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("The request path's warm-up failed; the first requests may be slower: {}", e.toString());
            } finally {
                ended.countDown();
            }
        }, "dlirun-warm-up");
        rehearsing.setDaemon(true);
        rehearsing.setPriority(Thread.MIN_PRIORITY);
        started = true;
        rehearsing.start();
    }

    /** Ends the rehearsal (after the request it is sending) and waits for it, ten seconds at most. */
    void end() {
        stop.countDown();
        if (!started) {
            return;
        }
        try {
            ended.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
