package dev.dlirun.adapters.client.dli;

import dev.dlirun.adapters.client.generated.model.FlinkSuccessResponse;
import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.MDC;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * How this service calls DLI: on a bounded pool, retried as far as is safe, counted and timed, and held to the
 * request's deadline; every part of {@link DliJobBackend} calls DLI through it.
 */
final class DliCalls implements AutoCloseable {

    /** Statuses that say DLI (or its gateway) may answer if asked again. */
    static final Set<Integer> TRANSIENT = Set.of(429, 502, 503, 504);
    private static final Duration LEAST_USEFUL_CALL = Duration.ofMillis(20);

    private final DliSettings settings;
    private final DliHttp http;
    private final Clock clock;
    private final ExecutorService calls;
    private final CredentialsAlarm alarm;
    private final IntervalFunction backoff;
    private final MeterRegistry meters;

    DliCalls(DliSettings settings, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.http = new DliHttp(settings, clock);
        this.calls = Executors.newFixedThreadPool(settings.concurrency(), daemonThreads());
        this.alarm = new CredentialsAlarm(settings.credentials());
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                settings.firstBackoff().toMillis(), 2.0, 0.5, settings.maxBackoff().toMillis());
    }

    DliSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    /** Where DLI refusing this service's own credentials is said. */
    CredentialsAlarm alarm() {
        return alarm;
    }

    /** Runs {@code task} on the bounded pool of calls to DLI. */
    <T> Future<T> submit(Callable<T> task) {
        return calls.submit(task);
    }

    // ---------------------------------------------------------------------------------- one call, its answer

    /**
     * One call to DLI on the bounded pool, within the deadline: an idempotent one (GET, PUT, DELETE) retried as a
     * lookup is, any other sent once (retried only when it never left this host). Answers DLI's 200; DLI's refusals
     * reach the caller as DLI said them: a job that does not exist ({@code job}'s), a name taken, parameters it
     * refuses, an operation its status does not allow.
     *
     * @param what what the call does, for messages (e.g. {@code delete job 131})
     */
    DliHttp.Answer call(ProjectId project, String method, String path, byte[] body, String operation,
                        String what, Optional<JobId> job, boolean idempotent, Deadline deadline) {
        DliHttp.Answer answer;
        try {
            Future<DliHttp.Answer> call = calls.submit(withContext(MDC.getCopyOfContextMap(), () -> idempotent
                    ? sendIdempotent(project, method, path, body, deadline, operation)
                    : sendOnce(project, method, path, body, deadline, operation, new AtomicBoolean())));
            answer = await(call, deadline, () -> null);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof HttpConnectTimeoutException) {
                throw new BackendUnavailableException("DLI could not be reached: " + describe(e.getCause()));
            }
            throw new BackendUnavailableException("the call to " + what + " may or may not have reached DLI ("
                    + describe(e.getCause() == null ? e : e.getCause()) + "); check before trying again");
        }
        if (answer == null) {
            throw new BackendUnavailableException("DLI did not answer within the request's deadline; the call to "
                    + what + " may or may not have reached it");
        }
        int status = answer.status();
        if (status == 200) {
            return answer;
        }
        Optional<DliAnswers.DliError> error = DliAnswers.error(answer);
        if (job.isPresent() && (status == 404 || error.map(DliAnswers.DliError::code)
                .filter(DliAnswers.DOES_NOT_EXIST::contains).isPresent())) {
            throw new JobNotFoundException(job.get());
        }
        if (status == 401 || status == 403) {
            alarm.raise(status, error.map(Object::toString).orElse(""));
            throw new BackendCredentialsRejectedException("DLI answered HTTP " + status + " to a call to " + what);
        }
        if (status == 429 || status >= 500) {
            throw new BackendUnavailableException("DLI answered HTTP " + status);
        }
        if (error.map(DliAnswers.DliError::code).filter(DliAnswers.NAME_TAKEN::equals).isPresent()) {
            throw new DuplicateJobNameException(error.get().message());
        }
        throw new OperationNotAllowedException(error.map(Object::toString)
                .orElse("DLI answered HTTP " + status + "."));
    }

    /** Throws DLI's refusal when a 200 answer's {@code is_success} is not {@code "true"}. */
    static void requireSuccess(DliHttp.Answer answer, String what) {
        FlinkSuccessResponse outcome;
        try {
            outcome = DliAnswers.outcome(answer);
        } catch (DliAnswers.Unreadable e) {
            throw new BackendUnavailableException(e.getMessage());
        }
        if (!DliAnswers.delivered(outcome)) {
            throw new OperationNotAllowedException(Optional.ofNullable(outcome.getMessage())
                    .filter(m -> !m.isBlank()).orElse("DLI refused to " + what + "."));
        }
    }

    /**
     * An idempotent exchange (GET, PUT, DELETE) on the caller's thread: retried as lookups are, counted and timed as
     * {@code operation}.
     */
    DliHttp.Answer sendIdempotent(ProjectId project, String method, String path, byte[] body, Deadline deadline,
                                  String operation) throws IOException, InterruptedException {
        return withRetries(lookupRetries(deadline), timed(operation, exchange(method, project, path, body, deadline)));
    }

    /** An exchange on the caller's thread, sent once and never retried, counted and timed as {@code operation}. */
    DliHttp.Answer sendUnretried(ProjectId project, String method, String path, byte[] body, Deadline deadline,
                                 String operation) throws IOException, InterruptedException {
        return timed(operation, exchange(method, project, path, body, deadline)).send();
    }

    /**
     * A POST that changes something at DLI: retried only when it provably never left this host (the connection was
     * refused or never made). {@code mayHaveReachedDli} says, at any moment, whether it may be on its way.
     */
    DliHttp.Answer sendOnce(ProjectId project, String method, String path, byte[] body, Deadline deadline,
                            String operation, AtomicBoolean mayHaveReachedDli)
            throws IOException, InterruptedException {
        Exchange exchange = exchange(method, project, path, body, deadline);
        return withRetries(changeRetries(deadline, operation), timed(operation, () -> {
            mayHaveReachedDli.set(true);
            try {
                return exchange.send();
            } catch (ConnectException | HttpConnectTimeoutException neverSent) {
                mayHaveReachedDli.set(false);
                throw neverSent;
            }
        }));
    }

    // ------------------------------------------------------------------------------------ calls and retries

    @FunctionalInterface
    private interface Exchange {
        DliHttp.Answer send() throws IOException, InterruptedException;
    }

    /** One exchange with DLI, given what is left of the deadline each time it is sent. */
    private Exchange exchange(String method, ProjectId project, String path, byte[] body, Deadline deadline) {
        return () -> http.exchange(method, project, path, body, callTimeout(deadline));
    }

    private static DliHttp.Answer withRetries(Retry retry, Exchange exchange) throws IOException, InterruptedException {
        try {
            return retry.executeCheckedSupplier(exchange::send);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** One exchange, counted and timed by operation and by what it came to: an HTTP status or a kind of failure. */
    private Exchange timed(String operation, Exchange exchange) {
        return () -> {
            long start = System.nanoTime();
            String outcome = "io_error";
            try {
                DliHttp.Answer answer = exchange.send();
                outcome = Integer.toString(answer.status());
                return answer;
            } catch (HttpTimeoutException e) {
                outcome = e instanceof HttpConnectTimeoutException ? "connect_timeout" : "timeout";
                throw e;
            } catch (ConnectException e) {
                outcome = "connection_refused";
                throw e;
            } catch (InterruptedException e) {
                outcome = "abandoned";
                throw e;
            } finally {
                Timer.builder("dlirun.backend.calls")
                        .description("Calls to DLI, by operation and by what they came to")
                        .tag("operation", operation).tag("outcome", outcome)
                        .register(meters).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        };
    }

    private Retry counted(Retry retry, String operation) {
        retry.getEventPublisher().onRetry(event -> meters.counter("dlirun.backend.retries", "operation", operation)
                .increment());
        return retry;
    }

    /** {@code task} run with the caller's logging context (the request's id among it), cleared after. */
    static <T> Callable<T> withContext(Map<String, String> context, Callable<T> task) {
        return () -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                return task.call();
            } finally {
                MDC.clear();
            }
        };
    }

    /** Lookups are idempotent: retried on any I/O failure and on transient statuses, within the deadline. */
    private Retry lookupRetries(Deadline deadline) {
        return counted(Retry.of("dli-lookup", RetryConfig.<DliHttp.Answer>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(e -> e instanceof IOException && hasTimeFor(deadline))
                .retryOnResult(answer -> TRANSIENT.contains(answer.status())
                        && waitBefore(answer).plus(LEAST_USEFUL_CALL).compareTo(deadline.remaining()) < 0)
                .intervalBiFunction((attempt, result) -> waitBefore(attempt, result, deadline))
                .failAfterMaxAttempts(false)
                .build()), "lookup");
    }

    /** A change (run, stop, savepoint) is retried only when it never left this host: the connection was refused. */
    private Retry changeRetries(Deadline deadline, String operation) {
        return counted(Retry.of("dli-" + operation, RetryConfig.<DliHttp.Answer>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(e -> (e instanceof ConnectException || e instanceof HttpConnectTimeoutException)
                        && hasTimeFor(deadline))
                .intervalBiFunction((attempt, result) -> waitBefore(attempt, result, deadline))
                .failAfterMaxAttempts(false)
                .build()), operation);
    }

    /** DLI's {@code Retry-After} when it gave one, exponential backoff with jitter otherwise; never past the deadline. */
    private long waitBefore(int attempt, Either<Throwable, DliHttp.Answer> result, Deadline deadline) {
        long wait = result.isRight()
                ? result.get().retryAfter(clock).map(Duration::toMillis).orElseGet(() -> backoff.apply(attempt))
                : backoff.apply(attempt);
        long left = deadline.remaining().minus(LEAST_USEFUL_CALL).toMillis();
        return Math.max(0, Math.min(wait, left));
    }

    private Duration waitBefore(DliHttp.Answer answer) {
        return answer.retryAfter(clock).orElse(settings.firstBackoff());
    }

    // ---------------------------------------------------------------------------------------------- deadlines

    /** Whether enough of the deadline is left for a call to DLI to be worth making. */
    static boolean hasTimeFor(Deadline deadline) {
        return deadline.remaining().compareTo(LEAST_USEFUL_CALL) > 0;
    }

    private Duration callTimeout(Deadline deadline) {
        Duration left = deadline.remaining();
        Duration timeout = left.compareTo(settings.readTimeout()) < 0 ? left : settings.readTimeout();
        return timeout.isZero() ? Duration.ofMillis(1) : timeout;
    }

    /** What {@code future} came to by the deadline; {@code late}'s answer, the call cancelled, when it did not end. */
    static <T> T await(Future<T> future, Deadline deadline, Supplier<T> late) {
        try {
            return future.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return late.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return late.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    // ------------------------------------------------------------------------------------------------ words

    /** The path of one of DLI's {@code streaming/jobs} resources: a job's, or a batch operation's. */
    static String jobPath(ProjectId project, String last) {
        return "/v1.0/" + project.value() + "/streaming/jobs/" + last;
    }

    /** A failure as a log line or a message says it: its kind, and its message when it has one. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "dli-call-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops the pool: calls under way are interrupted. */
    @Override
    public void close() {
        calls.shutdownNow();
    }
}
